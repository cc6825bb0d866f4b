//go:build display

package viz

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// TestLabel checks a label's pixels and its cache: it is drawn into its
// images only when its text changes, once a frame, and then only the lines
// that changed; its lines are where DrawText puts them.
func TestLabel(t *testing.T) {
	var l Label
	red := color.RGBA{0xb0, 0x1c, 0x1c, 0xff}
	dst := ebiten.NewImage(200, 60)
	l.Set("Step 1 of 3", 20, red)
	for range 5 {
		l.Draw(dst, 10, 20)
		l.Set("Step 1 of 3", 20, red)
	}
	if l.Renders() != 1 {
		t.Errorf("renders = %d after setting the same text six times, want 1", l.Renders())
	}
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
	img := l.lines[0].img
	l.Set("Step 2 nearly", 20, red) // changed twice before the next frame: drawn once
	l.Set("Step 2 of 3", 20, red)
	l.Draw(dst, 10, 20)
	if l.Renders() != 2 || l.lines[0].img != img {
		t.Errorf("renders = %d, image reused %v after a new text; want 2, true", l.Renders(), l.lines[0].img == img)
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

// TestLabelMatchesDrawText checks that a label, whose lines are drawn on
// the CPU, has DrawText's pixels, which draws each glyph on the GPU: the
// same glyphs at the same places, blended alike but for the rounding of a
// level, on light and dark backgrounds, in several sizes and colours, with
// the symbol font's runes and kerned pairs.
func TestLabelMatchesDrawText(t *testing.T) {
	for _, c := range []struct {
		s      string
		px     float64
		clr    color.Color
		ground color.Color
	}{
		{"Step 3 of 7: ∂L/∂W₁ = −0.25", 14, color.Black, color.White},
		{"AVAWAY To, fij", 20, color.RGBA{0xb0, 0x1c, 0x1c, 0xff}, color.White},
		{"x₀ = 1.5 ∈ ℝ², ‖∇f‖ ≈ 0.707", 17, color.White, color.RGBA{0x1b, 0x1f, 0x24, 0xff}},
		{"half-transparent ink", 12, color.RGBA{0x40, 0x40, 0x80, 0x80}, color.White},
	} {
		w, h := 360, 60
		want, got := ebiten.NewImage(w, h), ebiten.NewImage(w, h)
		want.Fill(c.ground)
		got.Fill(c.ground)
		DrawText(want, c.s, c.px, 10, 20, c.clr)
		var l Label
		l.Set(c.s, c.px, c.clr)
		l.Draw(got, 10, 20)
		g, x := pixels(got), pixels(want)
		far := 0
		for i := range g.Pix {
			if d := int(g.Pix[i]) - int(x.Pix[i]); d < -1 || d > 1 {
				far++
			}
		}
		ink := viztest.Count(x, x.Bounds(), c.ground, 0)
		if far > 0 || w*h-ink < 100 {
			t.Errorf("%q: %d channels of the label's pixels differ from DrawText's by more than a level (%d pixels inked)", c.s, far, w*h-ink)
		}
	}
}

// TestLabelLines checks that a label of several lines draws what DrawText
// draws, and that changing one line redraws only that line.
func TestLabelLines(t *testing.T) {
	const text = "The first line stays.\ndet J = 1.25\n\nThe last line stays too."
	var l Label
	dst := ebiten.NewImage(320, 140)
	dst.Fill(color.White)
	l.Set(text, 16, color.Black)
	l.Draw(dst, 10, 10)
	want := ebiten.NewImage(320, 140)
	want.Fill(color.White)
	DrawText(want, text, 16, 10, 10, color.Black)
	g, w := pixels(dst), pixels(want)
	// Lines land on whole pixels, so a line may sit one pixel off the one
	// DrawText lays out at a fractional height: compare the ink per line.
	for i := range 4 {
		top := 10 + int(float64(i)*1.3*16)
		band := image.Rect(0, top-1, 320, top+21)
		if a, b := viztest.Count(g, band, color.RGBA{0, 0, 0, 0xff}, 100), viztest.Count(w, band, color.RGBA{0, 0, 0, 0xff}, 100); a < b*9/10 || a > b*11/10 {
			t.Errorf("line %d: %d dark pixels, DrawText %d", i, a, b)
		}
	}
	if l.Renders() != 3 {
		t.Errorf("%d line renders for three lines of text and an empty one, want 3", l.Renders())
	}
	l.Set("The first line stays.\ndet J = -3.5\n\nThe last line stays too.", 16, color.Black)
	l.Draw(dst, 10, 10)
	if l.Renders() != 4 {
		t.Errorf("changing the second line: %d line renders in all, want 4 (that line alone again)", l.Renders())
	}
	l.Set("one line", 16, color.Black)
	l.Draw(dst, 10, 10)
	if len(l.lines) != 1 {
		t.Errorf("%d lines after setting one", len(l.lines))
	}
}

// TestWrapText wraps a long notice to a width: every line fits, no word is
// lost or split, and the line breaks already there stay.
func TestWrapText(t *testing.T) {
	const px, width = 15, 300
	msg := "f=\"sin(x\" does not work here (missing ) at byte 6); showing sin(x) instead. at=\"x = 1; y\" lacks a value for y.\nThis line stays on its own."
	got := WrapText(msg, px, width)
	lines := strings.Split(got, "\n")
	if len(lines) < 4 {
		t.Errorf("%d lines, want the long one broken into several: %q", len(lines), got)
	}
	for _, l := range lines {
		if w, _ := MeasureText(l, px); w > width {
			t.Errorf("line %q is %g px wide, more than %d", l, w, width)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(msg), " ") {
		t.Errorf("wrapping changed the words: %q", got)
	}
	if lines[len(lines)-1] != "This line stays on its own." {
		t.Errorf("the last line is %q, want the message's own last line", lines[len(lines)-1])
	}
	if got := WrapText("supercalifragilistic", px, 10); got != "supercalifragilistic" {
		t.Errorf("a word wider than the width: %q, want it whole on its line", got)
	}
	if in := "x₀ = 1    f(x₀) = 0.84\nh = 0.5"; WrapText(in, px, width) != in {
		t.Errorf("lines that fit changed: %q", WrapText(in, px, width))
	}
}

// TestWrapTextMeasures: WrapText, which keeps a line's width as words join
// it, breaks every line where measuring the line whole with MeasureText
// says it would overflow, to the last bit: for texts with kerned pairs,
// runes of the symbol fallback (whose runs are kerned apart from the main
// face's) and runs of spaces, at sizes and widths that put the breaks
// everywhere.
func TestWrapTextMeasures(t *testing.T) {
	wrap := func(s string, px, width float64) string { // as WrapText did
		var b strings.Builder
		for i, para := range strings.Split(s, "\n") {
			if i > 0 {
				b.WriteByte('\n')
			}
			if w, _ := MeasureText(para, px); w <= width {
				b.WriteString(para)
				continue
			}
			line := ""
			for _, word := range strings.Fields(para) {
				if line == "" {
					line = word
				} else if w, _ := MeasureText(line+" "+word, px); w > width {
					b.WriteString(line + "\n")
					line = word
				} else {
					line += " " + word
				}
			}
			b.WriteString(line)
		}
		return b.String()
	}
	texts := append(glyphTexts[:2:2],
		"AV Ta To Wo yv LT VA AW Yo P. F, ∂L/∂v₁₈ = 0.01 ⊙ v₁₇ ∇f(x₀)·h ∈ ℝ²ˣ³",
		"∂∂ ∂A A∂ ₀₁₂  ⊙⊙   AVAVAV\n\nTo To To  ∇ ∇∇ ∇A W∂ ∂W",
		"f=\"sin(x\" does not work here (missing ) at byte 6); showing sin(x) instead.")
	cases, breaks := 0, 0
	for _, px := range []float64{11, 13.5, 15, 22} {
		for _, s := range texts {
			for width := 10.0; width < 400; width += 3.25 {
				want, got := wrap(s, px, width), WrapText(s, px, width)
				if got != want {
					t.Fatalf("WrapText(%q, %g, %g) = %q, want %q", s, px, width, got, want)
				}
				cases++
				breaks += strings.Count(got, "\n") - strings.Count(s, "\n")
			}
		}
	}
	if breaks < cases {
		t.Errorf("%d cases broke %d lines in all: too few to tell", cases, breaks)
	}
}

// TestDrawTextFallback checks that DrawText draws the runes Liberation Sans
// lacks with the symbol font and all others with Liberation Sans.
func TestDrawTextFallback(t *testing.T) {
	const px = 24
	symbols := text.NewGoXFace(mathtex.SymbolFace(px))
	draw := func(s string, face text.Face) *image.RGBA {
		dst := ebiten.NewImage(120, 60)
		dst.Fill(color.White)
		if face == nil {
			DrawText(dst, s, px, 10, 10, color.Black)
		} else {
			op := &text.DrawOptions{}
			op.GeoM.Translate(10, 10)
			op.ColorScale.ScaleWithColor(color.Black)
			text.Draw(dst, s, face, op)
		}
		return pixels(dst)
	}
	// same reports whether a and b hold the same ink, wherever it is: the
	// faces of a MultiFace share one baseline, so a symbol may sit a pixel
	// or two lower than its face alone draws it.
	same := func(a, b *image.RGBA) bool {
		ra, rb := ink(a), ink(b)
		if ra.Dx() != rb.Dx() || ra.Dy() != rb.Dy() {
			return false
		}
		for y := range ra.Dy() {
			for x := range ra.Dx() {
				if a.RGBAAt(ra.Min.X+x, ra.Min.Y+y) != b.RGBAAt(rb.Min.X+x, rb.Min.Y+y) {
					return false
				}
			}
		}
		return true
	}
	for _, r := range "∇ℝ∘⊙" {
		s := string(r)
		got := draw(s, nil)
		if !same(got, draw(s, symbols)) {
			t.Errorf("%s is not drawn with the symbol font", s)
		}
		if same(got, draw(s, goxFace(px))) {
			t.Errorf("%s is drawn as Liberation Sans draws it, which lacks it", s)
		}
		if n := viztest.Count(got, got.Bounds(), color.Black, 100); n < 10 {
			t.Errorf("%s: %d dark pixels, want a glyph", s, n)
		}
	}
	if got := draw("x", nil); !same(got, draw("x", goxFace(px))) {
		t.Error("x is not drawn with Liberation Sans")
	}
}

// ink returns the smallest rectangle that holds every pixel of img that is
// not white.
func ink(img *image.RGBA) image.Rectangle {
	var r image.Rectangle
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.RGBAAt(x, y) != white {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// TestPartSkipsOutside draws a label, a formula and a text into a part of
// the screen that they lie outside, as a frame that draws only part of the
// screen does (scenes.Manager), and checks that each is recorded for
// layout() but neither drawn nor, for the label and the formula, drawn into
// its image; and that drawn into the whole screen, they are.
func TestPartSkipsOutside(t *testing.T) {
	screen := ebiten.NewImage(400, 300)
	defer screen.Deallocate()
	screen.Fill(Light.Background)
	part := screen.SubImage(image.Rect(0, 200, 400, 300)).(*ebiten.Image)
	var l Label
	l.Set("far from the part", 16, Light.Text)
	var f Formula
	if err := f.SetTeX(`\frac{\partial L}{\partial x}`, 16); err != nil {
		t.Fatal(err)
	}
	draw := func(dst *ebiten.Image) []Drawn {
		BeginFrame(dst, 1)
		l.Draw(dst, 10, 10)
		f.Draw(dst, 10, 60)
		DrawText(dst, "also far", 16, 10, 120, Light.Text)
		return EndFrame(nil)
	}
	kinds := func(d []Drawn) (n [3]int) {
		for _, e := range d {
			switch {
			case e.Kind == DrawnText && e.Text == "far from the part":
				n[0]++
			case e.Kind == DrawnFormula:
				n[1]++
			case e.Kind == DrawnText && e.Text == "also far":
				n[2]++
			}
		}
		return n
	}
	if got := kinds(draw(part)); got != [3]int{1, 1, 1} {
		t.Errorf("the part's frame recorded %v of the label, the formula and the text, want one of each", got)
	}
	if l.Renders() != 0 || f.Renders() != 0 {
		t.Errorf("outside the part: the label drawn into its image %d times and the formula %d, want 0", l.Renders(), f.Renders())
	}
	if n := viztest.Count(pixels(screen), image.Rect(0, 0, 400, 200), Light.Background, 0); n != 400*200 {
		t.Errorf("%d of the pixels outside the part are the background, want all", n)
	}
	if got := kinds(draw(screen)); got != [3]int{1, 1, 1} {
		t.Errorf("the whole frame recorded %v of the label, the formula and the text, want one of each", got)
	}
	if l.Renders() != 1 || f.Renders() != 1 {
		t.Errorf("on the screen: the label drawn into its image %d times and the formula %d, want once each", l.Renders(), f.Renders())
	}
	img := pixels(screen)
	for _, r := range []image.Rectangle{image.Rect(0, 0, 400, 50), image.Rect(0, 50, 400, 110), image.Rect(0, 110, 400, 150)} {
		if viztest.Uniform(img, r) {
			t.Errorf("nothing drawn in %v on the screen", r)
		}
	}
}

// TestDoubleBar checks that a norm's ‖ is drawn as two of the font's |,
// as long, reaching below the baseline, with a clear column between them,
// and has the advance of two: Liberation Sans draws two short strokes on
// the baseline, a fraction of a pixel apart at a label's size, and ‖h‖
// read as "llhll".
func TestDoubleBar(t *testing.T) {
	for _, px := range []float64{11, 13, 16, 33} {
		f := textFace(px)
		// inked returns the first and last rows with ink more than half
		// opaque, and the most opaque ink of each column.
		inked := func(s string) (rows [2]int, cols []uint8) {
			dst := image.NewRGBA(image.Rect(0, 0, 80, 80))
			f.raster(dst, s, image.Pt(10, 10), color.Black)
			rows = [2]int{80, -1}
			cols = make([]uint8, 80)
			for y := range 80 {
				for x := range 80 {
					a := dst.RGBAAt(x, y).A
					if a > 0x80 {
						rows = [2]int{min(rows[0], y), max(rows[1], y)}
					}
					cols[x] = max(cols[x], a)
				}
			}
			return rows, cols
		}
		norm, cols := inked("‖")
		bar, _ := inked("|")
		if norm[0] < bar[0]-1 || norm[0] > bar[0]+1 || norm[1] < bar[1]-1 || norm[1] > bar[1]+1 {
			t.Errorf("at %g px, ‖ is inked on rows %v, | on %v: want the same, to a row", px, norm, bar)
		}
		var strokes []int // the first column of each stroke
		for x := 1; x < len(cols); x++ {
			if cols[x] > 0x80 && cols[x-1] <= 0x80 {
				strokes = append(strokes, x)
			}
		}
		if len(strokes) != 2 {
			t.Fatalf("at %g px, ‖ has %d strokes apart, want 2", px, len(strokes))
		}
		if gap := slices.Min(cols[strokes[0]:strokes[1]]); gap > 0x40 {
			t.Errorf("at %g px, the columns between ‖'s strokes have ink of %#x at least, want a clear one", px, gap)
		}
		fc := font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(px))
		plain := newRasterFace(fc.FontFace(72))
		if got, want := f.advance("‖"), 2*plain.advance("|"); got != want {
			t.Errorf("at %g px, ‖ advances %v px, want two |, %v", px, got, want)
		}
	}
}
