//go:build display

package viz

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// formulaPx is the font size of the formulas under test, in pixels.
const formulaPx = 30

// layFormula lays n out at formulaPx pixels.
func layFormula(n mathtex.Node) *mathtex.Layout {
	l := &mathtex.Layout{}
	l.Set(n, formulaPx)
	return l
}

// textItem returns the only text item of l whose text is s.
func textItem(t *testing.T, l *mathtex.Layout, s string) *mathtex.Item {
	t.Helper()
	var found *mathtex.Item
	items := l.Items()
	for i := range items {
		if items[i].Kind == mathtex.GlyphsItem && items[i].Text == s {
			if found != nil {
				t.Fatalf("more than one item draws %q", s)
			}
			found = &items[i]
		}
	}
	if found == nil {
		t.Fatalf("no item draws %q", s)
	}
	return found
}

// formulaBg is the colour the pixel tests draw formulas on.
var formulaBg = Light.Panel

// drawnLayout draws l with its origin at o on a fresh image of the given
// size.
func drawnLayout(l *mathtex.Layout, size, o image.Point) *image.RGBA {
	img := image.NewRGBA(image.Rectangle{Max: size})
	draw.Draw(img, img.Rect, image.NewUniform(formulaBg), image.Point{}, draw.Src)
	drawLayout(img, l, o.X, o.Y, Light.Text)
	return img
}

// inkOutside counts the pixels of img outside r that are not the background.
func inkOutside(img *image.RGBA, r image.Rectangle) int {
	b := img.Bounds()
	return b.Dx()*b.Dy() - r.Dx()*r.Dy() - viztest.Count(img, b, formulaBg, 0) + viztest.Count(img, r, formulaBg, 0)
}

// TestFormulaPixels draws formulas and checks that the symbols Liberation
// lacks have ink where they were placed, and that nothing is drawn outside
// the measured box.
func TestFormulaPixels(t *testing.T) {
	// Italic letters at either end lean out of the box.
	n := mathtex.Row(mathtex.Ital("j"), mathtex.Roman("∇"), mathtex.Ital("f"), mathtex.Bin("∘"), mathtex.Ital("g"), mathtex.Rel("="),
		mathtex.Frac(mathtex.Roman("∂"), mathtex.Row(mathtex.Roman("∂"), mathtex.Ital("x"))),
		mathtex.Mat([][]mathtex.Node{
			{mathtex.Num("1"), mathtex.Sqrt(mathtex.Ital("y"))},
			{mathtex.Dots('⋮'), mathtex.Paren(mathtex.Frac(mathtex.Num("1"), mathtex.Num("2")))},
		}),
		mathtex.Ital("f"))
	l := layFormula(n)
	ink := layoutInk(l)
	o := image.Pt(40, 40-ink.Min.Y)
	img := drawnLayout(l, image.Pt(ink.Dx()+80, ink.Dy()+80), o)
	if got := inkOutside(img, ink.Add(o)); got != 0 {
		t.Errorf("%d pixels drawn outside the measured rectangle %v", got, ink.Add(o))
	}
	for _, s := range []string{"∇", "∘"} {
		r := itemBounds(textItem(t, l, s)).Add(o)
		all := r.Dx() * r.Dy()
		if dark := viztest.Count(img, r, Light.Text, 60); dark < all/20 {
			t.Errorf("%s: %d of %d pixels in %v are text-coloured, want some ink", s, dark, all, r)
		}
	}
	// An upright formula keeps its ink within its box, give or take the
	// antialiased pixel around the glyphs.
	l = layFormula(mathtex.Row(mathtex.Roman("∇"), mathtex.Bin("∘"), mathtex.Num("2")))
	o = image.Pt(20, 60)
	img = drawnLayout(l, image.Pt(200, 120), o)
	w, asc, desc := l.Metrics()
	box := image.Rect(-1, int(math.Floor(-asc))-1, int(math.Ceil(w))+1, int(math.Ceil(desc))+1)
	if got := inkOutside(img, box.Add(o)); got != 0 {
		t.Errorf("%d pixels drawn outside the box %v of an upright formula", got, box)
	}
}

// TestFormulaCache checks that a formula is drawn into its image only
// when what it shows changes, at most once a frame however many times it
// changed, and that Draw puts the image where the layout says.
func TestFormulaCache(t *testing.T) {
	live := func(v float64) mathtex.Node {
		return mathtex.Row(mathtex.Ital("f"), mathtex.Roman("′"), mathtex.Paren(mathtex.Sub(mathtex.Ital("x"), mathtex.Num("0"))),
			mathtex.Rel("="), mathtex.Numf(v, 4))
	}
	var f Formula
	scratch := ebiten.NewImage(300, 100)
	defer scratch.Deallocate()
	frame := func() { f.Draw(scratch, 0, 0) }
	f.Set(live(0.54031), formulaPx)
	frame()
	f.Set(live(0.54031), formulaPx)
	frame()
	if f.Renders() != 1 {
		t.Errorf("the same formula set twice rendered %d times, want 1", f.Renders())
	}
	f.Set(live(0.54029), formulaPx) // shows 0.5403 too
	frame()
	if f.Renders() != 1 {
		t.Errorf("a formula showing the same digits rendered again (%d renders)", f.Renders())
	}
	f.Set(live(0.6), formulaPx)
	frame()
	if f.Renders() != 2 {
		t.Errorf("new digits: %d renders, want 2", f.Renders())
	}
	f.Set(live(0.6), formulaPx+2)
	frame()
	if f.Renders() != 3 {
		t.Errorf("new size: %d renders, want 3", f.Renders())
	}
	f.SetColor(Light.Text) // the default: nothing changes on screen, but it is set
	frame()
	f.SetColor(Light.Text)
	frame()
	if f.Renders() != 4 {
		t.Errorf("a colour set twice: %d renders, want 4", f.Renders())
	}
	for range 2 {
		if err := f.SetTeX(`\nabla f = 0.6`, formulaPx); err != nil {
			t.Fatal(err)
		}
		frame()
	}
	if f.Renders() != 5 {
		t.Errorf("the same TeX set twice: %d renders, want 5", f.Renders())
	}
	if err := f.SetTeX(`\frac{`, formulaPx); err == nil || f.Renders() != 5 {
		t.Errorf("bad TeX: error %v, %d renders; want an error and the formula kept", err, f.Renders())
	}
	// Three ticks change the digits before a frame: one render, of the last.
	for _, v := range []float64{0.1, 0.2, 0.3} {
		f.Set(live(v), formulaPx)
	}
	if w, _, _ := f.Metrics(); f.Renders() != 5 || w == 0 {
		t.Errorf("before the frame: %d renders and width %g, want 5 renders and the new layout's width", f.Renders(), w)
	}
	frame()
	if f.Renders() != 6 {
		t.Errorf("three changes in a frame: %d renders, want 6", f.Renders())
	}

	// Draw copies the cached image: the same pixels as drawing the layout
	// with its box's top-left corner at the same place.
	f.Set(live(-1.25), formulaPx)
	dst := ebiten.NewImage(300, 100)
	defer dst.Deallocate()
	dst.Fill(formulaBg)
	f.Draw(dst, 10.3, 20.4)
	_, asc, _ := f.Metrics()
	want := drawnLayout(f.layout, image.Pt(300, 100), image.Pt(10, int(math.Round(20.4+asc))))
	got := pixels(dst)
	if f.Renders() != 7 {
		t.Errorf("drawing the new formula: %d renders, want 7", f.Renders())
	}
	f.Draw(dst, 10.3, 20.4)
	if f.Renders() != 7 {
		t.Errorf("drawing it again rendered it again: %d renders, want 7", f.Renders())
	}
	dst.Fill(formulaBg)
	f.Draw(dst, 10.3, 20.4)
	got = pixels(dst)
	for y := range 100 {
		for x := range 300 {
			if !viztest.Close(got.At(x, y), want.At(x, y), 2) {
				t.Fatalf("pixel (%d, %d) drawn by Draw is %v, by the layout %v", x, y, got.At(x, y), want.At(x, y))
			}
		}
	}
}

// TestMeasureTeX: MeasureTeX gives the size a Formula set to the same TeX
// has, at two sizes and when asked again, and the parser's error for TeX
// that does not parse.
func TestMeasureTeX(t *testing.T) {
	for _, src := range []string{`\nabla f(x_0) = \frac{1}{2}`, `x^2`} {
		for _, px := range []float64{formulaPx, 2 * formulaPx} {
			var f Formula
			if err := f.SetTeX(src, px); err != nil {
				t.Fatal(err)
			}
			w, asc, desc := f.Metrics()
			for range 2 {
				gw, gasc, gdesc, err := MeasureTeX(src, px)
				if err != nil || gw != w || gasc != asc || gdesc != desc {
					t.Errorf("MeasureTeX(%q, %g) = %g, %g, %g, %v; want a Formula's %g, %g, %g", src, px, gw, gasc, gdesc, err, w, asc, desc)
				}
			}
		}
	}
	for range 2 {
		if _, _, _, err := MeasureTeX(`\frac{`, formulaPx); err == nil {
			t.Error("MeasureTeX of TeX that does not parse: no error")
		}
	}
}

func TestFormulaColored(t *testing.T) {
	red := color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	var f Formula
	f.Set(mathtex.Row(mathtex.Ital("y"), mathtex.Rel("="), mathtex.Colored(red, mathtex.Num("8"))), formulaPx)
	dst := ebiten.NewImage(200, 80)
	defer dst.Deallocate()
	dst.Fill(formulaBg)
	f.Draw(dst, 10, 10)
	img := pixels(dst)
	_, asc, _ := f.Metrics()
	o := image.Pt(10, 10+int(math.Round(asc)))
	r := itemBounds(textItem(t, f.layout, "8")).Add(o)
	if viztest.Count(img, r, red, 40) == 0 || viztest.Count(img, r, Light.Text, 40) != 0 {
		t.Error("the coloured 8 is not drawn in its colour alone")
	}
	r = itemBounds(textItem(t, f.layout, "y")).Add(o)
	if viztest.Count(img, r, Light.Text, 40) == 0 || viztest.Count(img, r, red, 40) != 0 {
		t.Error("the y is not drawn in the formula's colour")
	}
}
