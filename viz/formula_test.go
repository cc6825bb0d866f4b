//go:build display

package viz

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// formulaPx is the font size of the formulas under test, in pixels.
const formulaPx = 30

// layFormula lays n out at formulaPx pixels.
func layFormula(n Node) (*mathLayout, mathBox) {
	l := &mathLayout{}
	b := layoutFormula(n, formulaPx, l)
	return l, b
}

// textItems returns the text items of b whose text is s.
func textItems(l *mathLayout, b mathBox, s string) []mathItem {
	var its []mathItem
	for _, it := range l.items[b.first:b.last] {
		if it.kind == itemGlyphs && it.s == s {
			its = append(its, it)
		}
	}
	return its
}

// oneItem returns the only text item of l whose text is s.
func oneItem(t *testing.T, l *mathLayout, s string) mathItem {
	t.Helper()
	its := textItems(l, mathBox{last: len(l.items)}, s)
	if len(its) != 1 {
		t.Fatalf("%d items draw %q, want 1", len(its), s)
	}
	return its[0]
}

// inkTop and inkBottom return the y of the top and bottom of an item's ink.
func inkTop(it mathItem) float64    { return it.y + it.ink[1] }
func inkBottom(it mathItem) float64 { return it.y + it.ink[3] }

func TestFormulaFraction(t *testing.T) {
	num := Row(Roman("∂"), Ital("f"))
	den := Row(Roman("∂"), Ital("x"))
	_, nb := layFormula(num)
	l, fb := layFormula(Frac(num, den))
	if fb.asc <= nb.asc || fb.asc+fb.desc <= nb.asc+nb.desc {
		t.Errorf("the fraction (ascent %.1f, height %.1f) is not taller than its numerator (%.1f, %.1f)",
			fb.asc, fb.asc+fb.desc, nb.asc, nb.asc+nb.desc)
	}
	var bar *mathItem
	for i := range l.items {
		if l.items[i].kind == itemRule {
			bar = &l.items[i]
		}
	}
	if bar == nil {
		t.Fatal("the fraction has no bar")
	}
	f, x := oneItem(t, l, "f"), oneItem(t, l, "x")
	if inkBottom(f) >= bar.y || inkTop(x) <= bar.y+bar.h {
		t.Errorf("numerator ink ends at %.1f, bar spans %.1f–%.1f, denominator ink starts at %.1f: want them in that order",
			inkBottom(f), bar.y, bar.y+bar.h, inkTop(x))
	}
	if bar.y+bar.h > 0 {
		t.Errorf("the bar reaches %.1f below the baseline, want it on the axis above", bar.y+bar.h)
	}
	if bar.w < math.Max(f.ink[2], x.ink[2]) {
		t.Errorf("the bar (%.1f px) is narrower than the parts", bar.w)
	}
}

func TestFormulaScripts(t *testing.T) {
	l, b := layFormula(SubSup(Ital("x"), Ital("i"), Num("2")))
	two, i, x := oneItem(t, l, "2"), oneItem(t, l, "i"), oneItem(t, l, "x")
	if two.y > -0.3*formulaPx {
		t.Errorf("the superscript's baseline is at %.1f, want it raised at least 0.3 em (%.1f)", two.y, -0.3*formulaPx)
	}
	if i.y <= 0 {
		t.Errorf("the subscript's baseline is at %.1f, want it below the baseline", i.y)
	}
	if inkBottom(two) >= inkTop(i) {
		t.Errorf("superscript ink ends at %.1f below the subscript's top %.1f", inkBottom(two), inkTop(i))
	}
	if two.x < x.ink[2] {
		t.Errorf("the superscript starts at %.1f, inside the x's ink (to %.1f)", two.x, x.ink[2])
	}
	if b.asc < -inkTop(two) || b.desc < inkBottom(i) {
		t.Errorf("box ascent %.1f, descent %.1f do not cover the scripts' ink (%.1f, %.1f)", b.asc, b.desc, -inkTop(two), inkBottom(i))
	}
	// Script size: the superscript's digit is smaller than a digit of
	// the text.
	_, nb := layFormula(Num("2"))
	if h := inkBottom(two) - inkTop(two); h >= 0.8*nb.asc {
		t.Errorf("the superscript is %.1f px tall, a text digit %.1f", h, nb.asc)
	}
}

func TestFormulaMatrix(t *testing.T) {
	cells := [][]Node{
		{Frac(Num("1"), Num("2")), Ital("a")},
		{Ital("b"), Sup(Ital("c"), Num("3"))},
		{Num("4"), Sub(Ital("d"), Ital("k"))},
	}
	l, b := layFormula(Mat(cells))
	var brackets []mathItem
	hi, lo := math.Inf(1), math.Inf(-1) // the cells' ink's top and bottom
	for _, it := range l.items {
		switch it.kind {
		case itemDelim:
			brackets = append(brackets, it)
		case itemGlyphs:
			hi, lo = math.Min(hi, inkTop(it)), math.Max(lo, inkBottom(it))
		}
	}
	if len(brackets) != 2 || brackets[0].shape != '[' || brackets[1].shape != ']' {
		t.Fatalf("the matrix's brackets are %v, want [ and ]", brackets)
	}
	for _, br := range brackets {
		if br.y > hi || br.y+br.h < lo {
			t.Errorf("bracket %c spans %.1f–%.1f, the rows' ink %.1f–%.1f", br.shape, br.y, br.y+br.h, hi, lo)
		}
	}
	if -b.asc > brackets[0].y || b.desc < brackets[0].y+brackets[0].h {
		t.Errorf("the box (%.1f, %.1f) does not hold the brackets (%.1f–%.1f)", -b.asc, b.desc, brackets[0].y, brackets[0].y+brackets[0].h)
	}
	// Rows top to bottom, columns left to right, each cell between the
	// brackets.
	a, bb, four, d := oneItem(t, l, "a"), oneItem(t, l, "b"), oneItem(t, l, "4"), oneItem(t, l, "d")
	if !(bb.y < four.y && a.y < bb.y && bb.x < a.x && four.x < d.x) {
		t.Errorf("cells out of order: a at (%.1f, %.1f), b (%.1f, %.1f), 4 (%.1f, %.1f), d (%.1f, %.1f)",
			a.x, a.y, bb.x, bb.y, four.x, four.y, d.x, d.y)
	}
	if bb.x < brackets[0].x+brackets[0].w || a.x+a.ink[2] > brackets[1].x {
		t.Error("a cell reaches into a bracket")
	}
	// The matrix is centred on the math axis.
	axis := mathStyle{px: formulaPx}.metrics().axis
	if mid := (b.desc - b.asc) / 2; math.Abs(mid+axis) > 0.5 {
		t.Errorf("the matrix's middle is %.1f from the baseline, want the axis %.1f", mid, -axis)
	}
}

func TestFormulaRowWidths(t *testing.T) {
	a, b, plus := Roman("a"), Roman("b"), Bin("+")
	_, ab := layFormula(a)
	_, bb := layFormula(b)
	_, pb := layFormula(plus)
	medium := 4.0 / 18 * formulaPx
	for _, tc := range []struct {
		name string
		n    Node
		want float64
	}{
		{"ord ord", Row(a, b), ab.w + bb.w},
		{"binary", Row(a, plus, b), ab.w + pb.w + bb.w + 2*medium},
		{"sign", Row(plus, b), pb.w + bb.w},
		{"sign after relation", Row(a, Rel("="), plus, b), -1},
		{"space", Row(a, Space(1), b), ab.w + formulaPx + bb.w},
		{"nested", Row(Row(a, b), Row(a, b)), 2 * (ab.w + bb.w)},
	} {
		_, got := layFormula(tc.n)
		if tc.want < 0 {
			_, eq := layFormula(Rel("="))
			thick := 5.0 / 18 * formulaPx
			tc.want = ab.w + 2*thick + eq.w + pb.w + bb.w
		}
		if math.Abs(got.w-tc.want) > 1e-9 {
			t.Errorf("%s: width %.3f, want %.3f", tc.name, got.w, tc.want)
		}
	}
	// In scripts the medium space around + is left out.
	_, s := layFormula(Sup(Ital("e"), Row(a, plus, b)))
	_, s0 := layFormula(Sup(Ital("e"), Row(a, b)))
	_, sp := layFormula(Sup(Ital("e"), plus))
	_, e := layFormula(Sup(Ital("e"), Row()))
	if want := s0.w + (sp.w - e.w); math.Abs(s.w-want) > 1e-9 {
		t.Errorf("e^{a+b} is %.3f wide, want %.3f: no spaces in a script", s.w, want)
	}
	// An italic f leans out of its box: what follows upright keeps
	// clear of it, another italic letter does not.
	_, f := layFormula(Ital("f"))
	_, paren := layFormula(Open("("))
	_, ff := layFormula(Row(Ital("f"), Ital("f")))
	_, fp := layFormula(Row(Ital("f"), Open("(")))
	if f.italic <= 0 || math.Abs(fp.w-(f.w+f.italic+paren.w)) > 1e-9 || math.Abs(ff.w-2*f.w) > 1e-9 {
		t.Errorf("f( is %.3f wide and ff %.3f, want %.3f and %.3f (f's overhang %.3f)", fp.w, ff.w, f.w+f.italic+paren.w, 2*f.w, f.italic)
	}
}

// TestTeX checks that TeX source and the builders make the same formula.
func TestTeX(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Node
	}{
		{`x`, Ital("x")},
		{`f'(x_0) = 0.5403`, Row(Ital("f"), Roman("′"), Open("("), Sub(Ital("x"), Roman("0")), Close(")"), Rel("="), Roman("0.5403"))},
		{`\frac{\partial f}{\partial x}`, Frac(Row(Roman("∂"), Ital("f")), Row(Roman("∂"), Ital("x")))},
		{`\dfrac{1}{2}`, DFrac(Roman("1"), Roman("2"))},
		{`a - b`, Row(Ital("a"), Bin("−"), Ital("b"))},
		{`x^{-1}`, Sup(Ital("x"), Row(Bin("−"), Roman("1")))},
		{`x_i^2`, SubSup(Ital("x"), Ital("i"), Roman("2"))},
		{`\nabla f \circ g`, Row(Roman("∇"), Ital("f"), Bin("∘"), Ital("g"))},
		{`∇f ∘ g`, Row(Roman("∇"), Ital("f"), Bin("∘"), Ital("g"))},
		{`a \odot b \cdot c \times d`, Row(Ital("a"), Bin("⊙"), Ital("b"), Bin("⋅"), Ital("c"), Bin("×"), Ital("d"))},
		{`\alpha\beta`, Ital("αβ")},
		{`xy`, Ital("xy")},
		{`12.5`, Roman("12.5")},
		{`\mathbf{W} x`, Row(Bold("W"), Ital("x"))},
		{`\mathrm{d}x`, Row(Roman("d"), Ital("x"))},
		{`\operatorname{relu}(x)`, Row(Op("relu"), Open("("), Ital("x"), Close(")"))},
		{`\sin x`, Row(Op("sin"), Ital("x"))},
		{`\mathbb{R}^{n}`, Sup(Roman("ℝ"), Ital("n"))},
		{`\sqrt{x}`, Sqrt(Ital("x"))},
		{`\left( x \right)`, Paren(Ital("x"))},
		{`\left\langle a, b \right\rangle`, Delim('⟨', '⟩', Row(Ital("a"), Punct(","), Ital("b")))},
		{`\left\| x \right.`, Delim('‖', 0, Ital("x"))},
		{`\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`, Mat([][]Node{{Roman("1"), Roman("2")}, {Roman("3"), Roman("4")}})},
		{`\begin{bmatrix} a \\ b \\ \end{bmatrix}`, Col(Ital("a"), Ital("b"))},
		{`\begin{pmatrix} a \end{pmatrix}`, &mathMatrix{left: '(', right: ')', cells: [][]Node{{Ital("a")}}}},
		{`\sum_{i=1}^{n} x_i`, Row(BigOp("∑", Row(Ital("i"), Rel("="), Roman("1")), Ital("n")), Sub(Ital("x"), Ital("i")))},
		{`\hat{y}`, Accent('ˆ', Ital("y"))},
		{`a \cdots b`, Row(Ital("a"), Dots('⋯'), Ital("b"))},
		{`a\,b\quad c`, Row(Ital("a"), Space(3.0/18), Ital("b"), Space(1), Ital("c"))},
		{`\{x\}`, Row(Open("{"), Ital("x"), Close("}"))},
	} {
		got, err := TeX(tc.src)
		if err != nil {
			t.Errorf("TeX(%q): %v", tc.src, err)
			continue
		}
		if g, w := string(got.key(nil)), string(tc.want.key(nil)); g != w {
			t.Errorf("TeX(%q) =\n%s\nwant\n%s", tc.src, g, w)
		}
	}
}

func TestTeXErrors(t *testing.T) {
	for _, tc := range []struct {
		src, msg string
		at       int
	}{
		{`\frac{a}`, "missing argument", 8},
		{`x^`, "missing argument", 2},
		{`x^^2`, "missing argument", 2},
		{`x^1^2`, "double ^", 5},
		{`\left( x`, `missing \right`, 8},
		{`\left\{ x \right\}`, `unknown delimiter \{`, 5},
		{`\foo + 1`, `unknown command \foo`, 0},
		{`a } b`, `unexpected }`, 2},
		{`a \right)`, `unexpected \right`, 2},
		{`a \\ b`, `unexpected \\`, 2},
		{`\begin{foo} a \end{foo}`, "unknown environment foo", 11},
		{`\begin{bmatrix} a & b \end{pmatrix}`, `missing \end{bmatrix}`, 22},
		{`{x`, "missing }", 2},
	} {
		_, err := TeX(tc.src)
		if err == nil {
			t.Errorf("TeX(%q) = nil error, want %q", tc.src, tc.msg)
			continue
		}
		at := " at byte " + strconv.Itoa(tc.at) + " "
		if e := err.Error(); !strings.HasPrefix(e, "viz: TeX: "+tc.msg) || !strings.Contains(e, at) {
			t.Errorf("TeX(%q) error %q, want %q%s", tc.src, err, tc.msg, at)
		}
	}
}

// TestExpr checks that the LaTeX of every kind of expression, and of
// programs with their Jacobians, is read by TeX.
func TestExpr(t *testing.T) {
	srcs := []string{
		"tanh(W @ x + b)", "sum(x^2) / 2", "[x*y, sin(x) + y]", "-x^2", "2^3^2",
		"(a - b) * -c", "x / (y / z)", "sqrt(x + 1) * abs(y)", "dot(a, b) + transpose(W) @ x",
		"x1 * W_out + alpha * theta2", "1e-7 * x + 1.5e10 + pi * e", "[[1, 2], [3, 4]] @ x",
		"sum(x, 0) + mean(x, -1) + max(x) + logsumexp(x)", "softmax(x)", "reshape(x, 2, 3)",
		"mse(a, b) + conv1d(x, k)", "sigmoid(x) + relu(x) + softplus(x) + exp(log(x))",
	}
	// Every function of the language, called with whichever arguments
	// it takes.
	for _, name := range expr.FuncNames() {
		for _, args := range []string{"x", "x, y", "x, 1", "x, 2, 3"} {
			if _, err := expr.Parse(name + "(" + args + ")"); err == nil {
				srcs = append(srcs, name+"("+args+")")
				break
			}
		}
	}
	for _, src := range srcs {
		n, err := expr.Parse(src)
		if err != nil {
			t.Fatalf("expr.Parse(%q): %v", src, err)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Expr(%q) panicked: %v (LaTeX %s)", src, r, expr.LaTeX(n))
				}
			}()
			Expr(n)
		}()
	}
	for _, tc := range []struct{ src, values string }{
		{"W @ x", "W = [[1, 2], [3, 4]]; x = [1, 2]"},
		{"[sqrt(x), -sqrt(x)]", "x = 0"},
		{"sqrt(x) + 1e-7 * y1", "x = -1; y1 = 0"},
		{"sum(T)", "T = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]"},
	} {
		p, err := expr.Compile(tc.src, tc.values)
		if err != nil {
			t.Fatal(err)
		}
		jac, err := p.Jacobians(core.Auto)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(p.LaTeX(jac)), "\n") {
			if _, err := TeX(line); err != nil {
				t.Errorf("%s at %s: %v", tc.src, tc.values, err)
			}
		}
	}
}

// formulaBg is the colour the pixel tests draw formulas on.
var formulaBg = Light.Panel

// drawLayout draws l with its origin at o on a fresh image of the given size.
func drawLayout(l *mathLayout, size, o image.Point) *image.RGBA {
	img := ebiten.NewImage(size.X, size.Y)
	defer img.Deallocate()
	img.Fill(formulaBg)
	l.draw(img, o.X, o.Y, Light.Text)
	return pixels(img)
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
	n := Row(Ital("j"), Roman("∇"), Ital("f"), Bin("∘"), Ital("g"), Rel("="), Frac(Roman("∂"), Row(Roman("∂"), Ital("x"))),
		Mat([][]Node{{Num("1"), Sqrt(Ital("y"))}, {Dots('⋮'), Paren(Frac(Num("1"), Num("2")))}}), Ital("f"))
	l, b := layFormula(n)
	ink := l.ink().Union(image.Rect(0, int(math.Floor(-b.asc)), int(math.Ceil(b.w)), int(math.Ceil(b.desc))))
	o := image.Pt(40, 40-ink.Min.Y)
	img := drawLayout(l, image.Pt(ink.Dx()+80, ink.Dy()+80), o)
	if got := inkOutside(img, ink.Add(o)); got != 0 {
		t.Errorf("%d pixels drawn outside the measured rectangle %v", got, ink.Add(o))
	}
	for _, s := range []string{"∇", "∘"} {
		it := oneItem(t, l, s)
		if it.face != getMathFace(styleRoman, formulaPx).fallback {
			t.Errorf("%s is not drawn with the fallback face", s)
		}
		r := it.bounds().Add(o)
		all := r.Dx() * r.Dy()
		if dark := viztest.Count(img, r, Light.Text, 60); dark < all/20 {
			t.Errorf("%s: %d of %d pixels in %v are text-coloured, want some ink", s, dark, all, r)
		}
	}
	// An upright formula keeps its ink within its box, give or take the
	// antialiased pixel around the glyphs.
	l, b = layFormula(Row(Roman("∇"), Bin("∘"), Num("2")))
	o = image.Pt(20, 60)
	img = drawLayout(l, image.Pt(200, 120), o)
	box := image.Rect(-1, int(math.Floor(-b.asc))-1, int(math.Ceil(b.w))+1, int(math.Ceil(b.desc))+1)
	if got := inkOutside(img, box.Add(o)); got != 0 {
		t.Errorf("%d pixels drawn outside the box %v of an upright formula", got, box)
	}
}

// TestFormulaCache checks that a formula is drawn into its image only
// when what it shows changes, at most once a frame however many times it
// changed, and that Draw puts the image where the layout says.
func TestFormulaCache(t *testing.T) {
	live := func(v float64) Node {
		return Row(Ital("f"), Roman("′"), Paren(Sub(Ital("x"), Num("0"))), Rel("="), Numf(v, 4))
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
	want := drawLayout(&f.layout, image.Pt(300, 100), image.Pt(10, int(math.Round(20.4+f.box.asc))))
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

func TestFormulaColored(t *testing.T) {
	red := color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	var f Formula
	f.Set(Row(Ital("y"), Rel("="), Colored(red, Num("8"))), formulaPx)
	dst := ebiten.NewImage(200, 80)
	defer dst.Deallocate()
	dst.Fill(formulaBg)
	f.Draw(dst, 10, 10)
	img := pixels(dst)
	eight := oneItem(t, &f.layout, "8")
	r := eight.bounds().Add(image.Pt(10, 10+int(math.Round(f.box.asc))))
	if viztest.Count(img, r, red, 40) == 0 || viztest.Count(img, r, Light.Text, 40) != 0 {
		t.Error("the coloured 8 is not drawn in its colour alone")
	}
	y := oneItem(t, &f.layout, "y")
	r = y.bounds().Add(image.Pt(10, 10+int(math.Round(f.box.asc))))
	if viztest.Count(img, r, Light.Text, 40) == 0 || viztest.Count(img, r, red, 40) != 0 {
		t.Error("the y is not drawn in the formula's colour")
	}
}
