//go:build display

package viz

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

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

// TestArrowPolygonRects checks the shapes the lessons draw through viz:
// an arrow's shaft and head on a white halo, a closed polygon that leaves
// out the sides at a point that is not finite, and rectangles and a rule
// filled to whole pixels.
func TestArrowPolygonRects(t *testing.T) {
	img := ebiten.NewImage(200, 120)
	grey := color.RGBA{0x80, 0x80, 0x80, 0xff}
	img.Fill(grey)
	red := color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	blue := color.RGBA{0x00, 0x72, 0xb2, 0xff}
	// An arrow along y = 20 from x = 10 to 90: its head's barbs reach back
	// 4 widths (8 px) at 25° either side, and the halo shows white along
	// the shaft.
	Arrow(img, 10, 20, 90, 20, 2, red)
	// A square with a corner at NaN: only the two sides away from it.
	nan := math.NaN()
	pts := [][2]float64{{110, 10}, {190, 10}, {190, 50}, {nan, nan}}
	Polygon(img, pts, func(x, y float64) (float64, float64) { return x, y }, 2, blue)
	FillRect(img, image.Rect(10, 60, 50, 100), red)
	StrokeRect(img, image.Rect(60, 60, 100, 100), 2, blue)
	Rule(img, 110, 190, 80, 2, color.Black)
	got := pixels(img)

	for x := 15.0; x <= 85; x += 10 {
		// Drawn over its own halo, the shaft is within 20 of red.
		if !viztest.Near(got, x, 20, red, 0, 20) {
			t.Errorf("arrow shaft missing at x = %v", x)
		}
	}
	if !viztest.Near(got, 50, 21, color.White, 0, 20) || !viztest.Near(got, 50, 18, color.White, 0, 20) {
		t.Error("no halo beside the arrow's shaft")
	}
	if !viztest.Near(got, 90-8*math.Cos(25*math.Pi/180), 20+8*math.Sin(25*math.Pi/180), red, 1, 40) {
		t.Error("arrow head missing")
	}
	if !viztest.Near(got, 150, 10, blue, 1, 8) || !viztest.Near(got, 190, 30, blue, 1, 8) {
		t.Error("polygon sides missing")
	}
	if viztest.Near(got, 150, 30, blue, 3, 60) || viztest.Near(got, 110, 30, blue, 2, 60) {
		t.Error("polygon drew a side through its NaN corner")
	}
	if n := viztest.Count(got, image.Rect(0, 55, 55, 105), red, 0); n != 40*40 {
		t.Errorf("filled rectangle covers %d pixels, want 1600", n)
	}
	if !viztest.Near(got, 60, 80, blue, 1, 8) || viztest.Near(got, 80, 80, blue, 5, 60) {
		t.Error("stroked rectangle: no outline, or a filled inside")
	}
	if n := viztest.Count(got, image.Rect(100, 70, 200, 90), color.Black, 0); n != 80*2 {
		t.Errorf("rule covers %d pixels, want 160", n)
	}
}

// TestFillOpaque checks that FillOpaque gives Fill's picture: every pixel
// of the image, or of a sub-image and nothing outside it, takes the
// colour, whatever was there, translucent pixels included; and a
// translucent colour is filled as Fill fills it.
func TestFillOpaque(t *testing.T) {
	blue := color.RGBA{0x00, 0x72, 0xb2, 0xff}
	glass := color.RGBA{0x40, 0, 0, 0x40} // premultiplied: a quarter-opaque red
	for _, c := range []struct {
		name string
		clr  color.Color
		sub  image.Rectangle // the part filled; empty is all
	}{
		{"opaque, all", blue, image.Rectangle{}},
		{"opaque, part", blue, image.Rect(10, 20, 70, 50)},
		{"translucent, part", glass, image.Rect(10, 20, 70, 50)},
	} {
		fill := func(f func(*ebiten.Image, color.Color)) *image.RGBA {
			img := ebiten.NewImage(80, 60)
			img.Fill(color.RGBA{0, 0x40, 0, 0x40}) // translucent green below
			dst := img
			if !c.sub.Empty() {
				dst = img.SubImage(c.sub).(*ebiten.Image)
			}
			f(dst, c.clr)
			return pixels(img)
		}
		got, want := fill(FillOpaque), fill((*ebiten.Image).Fill)
		if n := viztest.Differ(got, want, 0); n != 0 {
			t.Errorf("%s: %d pixels differ from Fill's", c.name, n)
		}
		inside := c.sub
		if inside.Empty() {
			inside = got.Bounds()
		}
		if n := viztest.Count(got, inside, c.clr, 0); n != inside.Dx()*inside.Dy() {
			t.Errorf("%s: %d of the %d pixels filled have the colour", c.name, n, inside.Dx()*inside.Dy())
		}
	}
}

// TestFillRectCopies checks that FillRectF covers the same pixels whether
// it copies (a large opaque rectangle) or blends (a translucent one, or a
// small one), at whole and fractional places.
func TestFillRectCopies(t *testing.T) {
	blue := color.RGBA{0x00, 0x72, 0xb2, 0xff}
	for _, r := range [][4]float64{{10, 20, 100, 70}, {10.5, 20.25, 99.6, 70.4}, {3.7, 4.2, 80.9, 64.5}, {5, 5, 8, 8}} {
		fill := func(f func(*ebiten.Image)) *image.RGBA {
			img := ebiten.NewImage(160, 120)
			img.Fill(color.RGBA{0, 0x40, 0, 0x40})
			f(img)
			return pixels(img)
		}
		got := fill(func(img *ebiten.Image) { FillRectF(img, r[0], r[1], r[2], r[3], blue) })
		want := fill(func(img *ebiten.Image) {
			vector.FillRect(img, float32(r[0]), float32(r[1]), float32(r[2]), float32(r[3]), blue, false)
		})
		if n := viztest.Differ(got, want, 0); n != 0 {
			t.Errorf("rectangle %v: %d pixels differ from vector.FillRect's", r, n)
		}
		if n := viztest.Count(got, got.Bounds(), blue, 0); n < int(r[2]*r[3])-int(2*(r[2]+r[3])) {
			t.Errorf("rectangle %v: only %d pixels filled", r, n)
		}
	}
}
