package viz

import (
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

func TestLineAndDot(t *testing.T) {
	img := ebiten.NewImage(200, 120)
	img.Fill(color.White)
	red := color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	// A diagonal line from (10, 10) to (190, 110), 2 pixels wide.
	Line(img, 10, 10, 190, 110, 2, red)
	Dot(img, 100, 30, 6, color.Black)
	got := pixels(img)

	// Every column along the line has a fully coloured pixel on it...
	for x := 20.0; x <= 180; x += 10 {
		y := 10 + (x-10)*100/180
		if !viztest.Near(got, x, y, red, 1, 8) {
			t.Errorf("line missing at (%v, %.1f)", x, y)
		}
		// ...and nothing 4 pixels away from it.
		if viztest.Near(got, x, y+5, red, 0, 120) || viztest.Near(got, x, y-5, red, 0, 120) {
			t.Errorf("line too thick at x = %v", x)
		}
	}
	// The dot is filled at its centre, and its area is about π r².
	if !viztest.Near(got, 100, 30, color.Black, 0, 8) {
		t.Error("dot centre not black")
	}
	n := viztest.Count(got, got.Bounds(), color.Black, 100)
	if area := math.Pi * 36; math.Abs(float64(n)-area) > 0.2*area {
		t.Errorf("dot covers %d pixels, want about %.0f", n, area)
	}
}
