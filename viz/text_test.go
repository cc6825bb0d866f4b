package viz

import (
	"image"
	"image/color"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

func TestLabel(t *testing.T) {
	var l Label
	red := color.RGBA{0xb0, 0x1c, 0x1c, 0xff}
	l.Set("Step 1 of 3", 20, red)
	for range 5 {
		l.Set("Step 1 of 3", 20, red)
	}
	if l.Renders() != 1 {
		t.Errorf("renders = %d after setting the same text six times, want 1", l.Renders())
	}
	dst := ebiten.NewImage(200, 60)
	dst.Fill(color.White)
	l.Draw(dst, 10, 20)
	got := pixels(dst)
	w, h := MeasureText("Step 1 of 3", 20)
	inside := image.Rect(10, 20, 10+int(w)+2, 20+int(h)+2)
	if n := viztest.Count(got, inside, red, 60); n < 20 {
		t.Errorf("%d text pixels inside the label's box, want many", n)
	}
	if n := viztest.Count(got, got.Bounds(), red, 60) - viztest.Count(got, inside, red, 60); n != 0 {
		t.Errorf("%d text pixels outside the label's box", n)
	}
	// A new text of the same length reuses the image, and draws only the
	// new text.
	img := l.img
	l.Set("Step 2 of 3", 20, red)
	if l.Renders() != 2 || l.img != img {
		t.Errorf("renders = %d, image reused %v after a new text; want 2, true", l.Renders(), l.img == img)
	}
	l.Set("x", 20, red)
	dst.Fill(color.White)
	l.Draw(dst, 10, 20)
	got = pixels(dst)
	xw, _ := MeasureText("x", 20)
	if n := viztest.Count(got, image.Rect(10+int(xw)+2, 0, 200, 60), red, 60); n != 0 {
		t.Errorf("%d pixels of the old text remain after a shorter one", n)
	}
}
