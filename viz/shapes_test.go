//go:build display

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

// TestPolylineAndDiscs draws a broken polyline and three discs, each with
// one call: the runs of the polyline are drawn, the break between them is
// not, and each disc covers about π r².
func TestPolylineAndDiscs(t *testing.T) {
	img := ebiten.NewImage(200, 120)
	img.Fill(color.White)
	red := color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	nan := math.NaN()
	// Two horizontal runs, at y = 20 from x = 10 to 90 (via 50) and at
	// y = 60 from x = 110 to 190, broken by the NaN point between them.
	points := func(xs, ys []float64) func(int) (float64, float64) {
		return func(i int) (float64, float64) { return xs[i], ys[i] }
	}
	Polyline(img, 6, points([]float64{10, 50, 90, nan, 110, 190}, []float64{20, 20, 20, nan, 60, 60}), 3, red)
	Discs(img, 4, points([]float64{40, 100, nan, 160}, []float64{100, 100, 0, 100}), 5, color.Black)
	got := pixels(img)
	for x := 15.0; x <= 85; x += 10 {
		if !viztest.Near(got, x, 20, red, 0, 8) || !viztest.Near(got, x+100, 60, red, 0, 8) {
			t.Errorf("a run is missing at x = %v or %v", x, x+100)
		}
	}
	// Nothing joins (90, 20) to (110, 60) across the break.
	if viztest.Near(got, 100, 40, red, 3, 120) {
		t.Error("the polyline is drawn across its break")
	}
	n := viztest.Count(got, got.Bounds(), color.Black, 100)
	if area := 3 * math.Pi * 25; math.Abs(float64(n)-area) > 0.2*area {
		t.Errorf("the discs cover %d pixels, want about %.0f (three of radius 5)", n, area)
	}
}
