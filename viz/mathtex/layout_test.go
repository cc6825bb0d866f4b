package mathtex

import (
	"math"
	"testing"
)

// formulaPx is the font size of the formulas under test, in pixels.
const formulaPx = 30

// layFormula lays n out at formulaPx pixels.
func layFormula(n Node) (*Layout, mathBox) {
	l := &Layout{}
	l.Set(n, formulaPx)
	return l, l.box
}

// oneItem returns the only text item of l whose text is s.
func oneItem(t *testing.T, l *Layout, s string) Item {
	t.Helper()
	var its []Item
	for _, it := range l.items {
		if it.Kind == GlyphsItem && it.Text == s {
			its = append(its, it)
		}
	}
	if len(its) != 1 {
		t.Fatalf("%d items draw %q, want 1", len(its), s)
	}
	return its[0]
}

// inkTop and inkBottom return the y of the top and bottom of an item's ink.
func inkTop(it Item) float64    { return it.Y + it.Ink[1] }
func inkBottom(it Item) float64 { return it.Y + it.Ink[3] }

func TestLayoutFraction(t *testing.T) {
	num := Row(Roman("∂"), Ital("f"))
	den := Row(Roman("∂"), Ital("x"))
	_, nb := layFormula(num)
	l, fb := layFormula(Frac(num, den))
	if fb.asc <= nb.asc || fb.asc+fb.desc <= nb.asc+nb.desc {
		t.Errorf("the fraction (ascent %.1f, height %.1f) is not taller than its numerator (%.1f, %.1f)",
			fb.asc, fb.asc+fb.desc, nb.asc, nb.asc+nb.desc)
	}
	var bar *Item
	for i := range l.items {
		if l.items[i].Kind == RuleItem {
			bar = &l.items[i]
		}
	}
	if bar == nil {
		t.Fatal("the fraction has no bar")
	}
	f, x := oneItem(t, l, "f"), oneItem(t, l, "x")
	if inkBottom(f) >= bar.Y || inkTop(x) <= bar.Y+bar.H {
		t.Errorf("numerator ink ends at %.1f, bar spans %.1f–%.1f, denominator ink starts at %.1f: want them in that order",
			inkBottom(f), bar.Y, bar.Y+bar.H, inkTop(x))
	}
	if bar.Y+bar.H > 0 {
		t.Errorf("the bar reaches %.1f below the baseline, want it on the axis above", bar.Y+bar.H)
	}
	if bar.W < math.Max(f.Ink[2], x.Ink[2]) {
		t.Errorf("the bar (%.1f px) is narrower than the parts", bar.W)
	}
}

func TestLayoutScripts(t *testing.T) {
	l, b := layFormula(SubSup(Ital("x"), Ital("i"), Num("2")))
	two, i, x := oneItem(t, l, "2"), oneItem(t, l, "i"), oneItem(t, l, "x")
	if two.Y > -0.3*formulaPx {
		t.Errorf("the superscript's baseline is at %.1f, want it raised at least 0.3 em (%.1f)", two.Y, -0.3*formulaPx)
	}
	if i.Y <= 0 {
		t.Errorf("the subscript's baseline is at %.1f, want it below the baseline", i.Y)
	}
	if inkBottom(two) >= inkTop(i) {
		t.Errorf("superscript ink ends at %.1f below the subscript's top %.1f", inkBottom(two), inkTop(i))
	}
	if two.X < x.Ink[2] {
		t.Errorf("the superscript starts at %.1f, inside the x's ink (to %.1f)", two.X, x.Ink[2])
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

func TestLayoutMatrix(t *testing.T) {
	cells := [][]Node{
		{Frac(Num("1"), Num("2")), Ital("a")},
		{Ital("b"), Sup(Ital("c"), Num("3"))},
		{Num("4"), Sub(Ital("d"), Ital("k"))},
	}
	l, b := layFormula(Mat(cells))
	var brackets []Item
	hi, lo := math.Inf(1), math.Inf(-1) // the cells' ink's top and bottom
	for _, it := range l.items {
		switch it.Kind {
		case DelimItem:
			brackets = append(brackets, it)
		case GlyphsItem:
			hi, lo = math.Min(hi, inkTop(it)), math.Max(lo, inkBottom(it))
		}
	}
	if len(brackets) != 2 || brackets[0].Shape != '[' || brackets[1].Shape != ']' {
		t.Fatalf("the matrix's brackets are %v, want [ and ]", brackets)
	}
	for _, br := range brackets {
		if br.Y > hi || br.Y+br.H < lo {
			t.Errorf("bracket %c spans %.1f–%.1f, the rows' ink %.1f–%.1f", br.Shape, br.Y, br.Y+br.H, hi, lo)
		}
	}
	if -b.asc > brackets[0].Y || b.desc < brackets[0].Y+brackets[0].H {
		t.Errorf("the box (%.1f, %.1f) does not hold the brackets (%.1f–%.1f)", -b.asc, b.desc, brackets[0].Y, brackets[0].Y+brackets[0].H)
	}
	// Rows top to bottom, columns left to right, each cell between the
	// brackets.
	a, bb, four, d := oneItem(t, l, "a"), oneItem(t, l, "b"), oneItem(t, l, "4"), oneItem(t, l, "d")
	if !(bb.Y < four.Y && a.Y < bb.Y && bb.X < a.X && four.X < d.X) {
		t.Errorf("cells out of order: a at (%.1f, %.1f), b (%.1f, %.1f), 4 (%.1f, %.1f), d (%.1f, %.1f)",
			a.X, a.Y, bb.X, bb.Y, four.X, four.Y, d.X, d.Y)
	}
	if bb.X < brackets[0].X+brackets[0].W || a.X+a.Ink[2] > brackets[1].X {
		t.Error("a cell reaches into a bracket")
	}
	// The matrix is centred on the math axis.
	axis := mathStyle{px: formulaPx}.metrics().axis
	if mid := (b.desc - b.asc) / 2; math.Abs(mid+axis) > 0.5 {
		t.Errorf("the matrix's middle is %.1f from the baseline, want the axis %.1f", mid, -axis)
	}
}

func TestLayoutRowWidths(t *testing.T) {
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

// TestLayoutFallback checks that the symbols Liberation lacks are laid out
// in the fallback face, a text item apart from the letters around them.
func TestLayoutFallback(t *testing.T) {
	l, _ := layFormula(Row(Ital("j"), Roman("2∇3"), Bin("∘"), Ital("g")))
	mf := getMathFace(styleRoman, formulaPx)
	for _, tc := range []struct {
		s    string
		face *glyphFace
	}{{"2", mf.main}, {"∇", mf.fallback}, {"3", mf.main}, {"∘", mf.fallback}} {
		if oneItem(t, l, tc.s).Face != tc.face.f {
			t.Errorf("%s is not laid out in the face that has it", tc.s)
		}
	}
}
