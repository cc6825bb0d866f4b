package scenes

import (
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// The gradient lesson's numbers: lines of text and formulas in groups that
// stay together, in a wide form (a vector on its name's line, a formula
// a line) or a narrow one (long lines split), in one column or two, in
// whichever fits their rectangle.

// gradRow is a line of the numbers: plain text, or a formula in TeX for
// the lines with symbols the text font lacks (∇, ∘) or with fractions.
// A formula whose left side stays put while x₀ moves has it apart, in
// head, drawn in an image of its own: as x₀ moves only the rest, src,
// is set and drawn again, not the fractions and delimiters before it.
type gradRow struct {
	tex  bool
	head string
	src  string
	h    float64 // the line's height in CSS pixels; a text's first line's
}

// The sizes of the numbers in CSS pixels: the heights of a line of text,
// of a formula and of a formula with fractions; the text's and the
// formulas' font sizes (a formula shrinks to its column, down to
// gradTeXLeast); the gap between two columns.
const (
	gradRowText  = 19
	gradRowMath  = 26
	gradRowFrac  = 44
	gradTextPx   = 14
	gradTeXPx    = 15
	gradTeXLeast = 12
	gradColGap   = 24
)

// gradText makes a row of plain text.
func gradText(format string, a ...any) gradRow {
	return gradRow{src: core.Sprintf(format, a...), h: gradRowText}
}

// gradFormula makes a row of TeX, h CSS pixels high.
func gradFormula(h float64, format string, a ...any) gradRow {
	return gradRow{tex: true, src: core.TeXSprintf(format, a...), h: h}
}

// gradEquation makes a row of TeX, h CSS pixels high, that is head, a left
// side ending in a relation (=, ≈) that does not change with x₀, and then
// the right side that format and a give.
func gradEquation(h float64, head, format string, a ...any) gradRow {
	r := gradFormula(h, format, a...)
	r.head = head
	return r
}

// relGap returns the space between a row's head and the rest at the
// formula size px: the thick space that TeX puts after a relation.
func relGap(px float64) float64 { return 5.0 / 18 * px }

// whole returns the row's formula as one TeX source, its head and the
// rest.
func (r gradRow) whole() string {
	if r.head == "" {
		return r.src
	}
	return r.head + " " + r.src
}

// gradVector writes the vector v called name: on the name's line, or, when
// long, on a line of its own below it.
func gradVector(long bool, name string, v []float64) []gradRow {
	if long {
		return []gradRow{gradText("%s =", name), gradText("        %s", model.VecText(v))}
	}
	return []gradRow{gradText("%s = %s", name, model.VecText(v))}
}

// longVectors reports whether the lesson's vectors are long, with more
// than four entries: each then goes on a line of its own, and the numbers
// have only their narrow form.
func (s *gradient) longVectors() bool { return len(s.x0) > 4 }

// numbers returns the current step's numbers in groups of lines that stay
// together: f(x₀) and x₀, then the step's own; narrow for a narrow column.
func (s *gradient) numbers(narrow bool) [][]gradRow {
	n := s.nums
	if n.Err != nil {
		return [][]gradRow{{gradText("Cannot evaluate here:"), gradText("%s", n.Err.Error())}}
	}
	narrow = narrow || s.longVectors()
	head := []gradRow{gradText("f(x₀) = %.6g    at x₀ = %s", n.F, model.VecText(s.x0))}
	if narrow {
		head = append([]gradRow{gradText("f(x₀) = %.6g", n.F)}, gradVector(s.longVectors(), "at x₀", s.x0)...)
	}
	return append([][]gradRow{head}, gradientSteps[s.step].numbers(s, narrow)...)
}

// gradFit is a way to lay the numbers out: their form, the group their
// second column starts with (0: one column), and whether their formulas
// may shrink to fit, down to gradTeXLeast.
type gradFit struct {
	narrow, shrink bool
	split          int
}

// texWidth returns the width in pixels of a row's formula at the
// numbers' size, or 0 for a row of text, or of a formula that does not
// parse, which is shown as text (setNumbers).
func (s *gradient) texWidth(r gradRow) float64 {
	if !r.tex {
		return 0
	}
	px := gradTeXPx * s.scale
	w, _, _, err := viz.MeasureTeX(r.src, px)
	if err != nil {
		return 0
	}
	if r.head != "" {
		hw, _, _, err := viz.MeasureTeX(r.head, px)
		if err != nil {
			return 0
		}
		w += hw + relGap(px)
	}
	return w
}

// fitRow sets the formulas of the TeX row i, its head's and the rest's, at
// the numbers' size, or shrunk alike to its column as fitTeX shrinks one,
// down to gradTeXLeast.
func (s *gradient) fitRow(i int) error {
	r, sc := s.rows[i], s.scale
	if r.head == "" {
		return fitTeX(s.forms[i], r.src, gradTeXPx*sc, gradTeXLeast*sc, s.rowW[i])
	}
	px := shrunk(gradTeXPx*sc, gradTeXLeast*sc, s.texWidth(r), s.rowW[i])
	if err := s.heads[i].SetTeX(r.head, px); err != nil {
		return err
	}
	return s.forms[i].SetTeX(r.src, px)
}

// rowNeed returns the width a row needs in a column of the numbers laid
// out by f: its own, but a formula's shrunk when f lets it, and a text's
// longest word's in the narrow form in one column, where texts wrap.
func (s *gradient) rowNeed(r gradRow, f gradFit) float64 {
	if w := s.texWidth(r); w > 0 {
		if f.shrink {
			return w * gradTeXLeast / gradTeXPx
		}
		return w
	}
	if !f.narrow || f.split > 0 {
		return s.rowWidth(r)
	}
	need := 0.0
	for _, word := range strings.Fields(r.src) {
		w, _ := viz.MeasureText(word, gradTextPx*s.scale)
		need = math.Max(need, w)
	}
	return need
}

// rowWidth returns the width of a row as it is, in pixels.
func (s *gradient) rowWidth(r gradRow) float64 {
	if w := s.texWidth(r); w > 0 {
		return w
	}
	w, _ := viz.MeasureText(r.src, gradTextPx*s.scale)
	return w
}

// rowHeight returns the height of a row in a column w pixels wide: a
// text wraps to it.
func (s *gradient) rowHeight(r gradRow, w float64) float64 {
	sc := s.scale
	h := r.h * sc
	if !r.tex {
		lines := strings.Count(viz.WrapText(r.src, gradTextPx*sc, w), "\n")
		h += float64(lines) * 1.3 * gradTextPx * sc
	}
	return h
}

// groupsHeight returns the height of groups of rows in a column w pixels
// wide.
func (s *gradient) groupsHeight(groups [][]gradRow, w float64) float64 {
	h := 0.0
	for _, g := range groups {
		for _, r := range g {
			h += s.rowHeight(r, w)
		}
	}
	return h
}

// groupsNeed returns the width groups of rows need in a column of the
// numbers laid out by f.
func (s *gradient) groupsNeed(groups [][]gradRow, f gradFit) float64 {
	need := 0.0
	for _, g := range groups {
		for _, r := range g {
			need = math.Max(need, s.rowNeed(r, f))
		}
	}
	return need
}

// columns returns the numbers' groups as f lays them out, and the widths
// of its columns in a width w: all of it for one column; for two, what
// each needs, and half of what is left.
func (s *gradient) columns(f gradFit, w float64) (groups [][]gradRow, w1, w2 float64) {
	groups = s.numbers(f.narrow)
	if f.split == 0 {
		return groups, w, 0
	}
	n1, n2 := s.groupsNeed(groups[:f.split], f), s.groupsNeed(groups[f.split:], f)
	left := (w - n1 - n2 - gradColGap*s.scale) / 2
	return groups, n1 + left, n2 + left
}

// fitHeight returns the height of the numbers laid out by f in a width w.
func (s *gradient) fitHeight(f gradFit, w float64) float64 {
	groups, w1, w2 := s.columns(f, w)
	if f.split == 0 {
		return s.groupsHeight(groups, w1)
	}
	return math.Max(s.groupsHeight(groups[:f.split], w1), s.groupsHeight(groups[f.split:], w2))
}

// fitWidth returns the narrowest width f lays the numbers out in.
func (s *gradient) fitWidth(f gradFit) float64 {
	groups, _, _ := s.columns(f, 0)
	if f.split == 0 {
		return s.groupsNeed(groups, f)
	}
	return s.groupsNeed(groups[:f.split], f) + gradColGap*s.scale + s.groupsNeed(groups[f.split:], f)
}

// fits returns the ways to lay the numbers out in a width w, best first:
// as they are, the wide form before the narrow, one column before two;
// then likewise with their formulas shrunk. Two columns split between the
// groups where they are most even.
func (s *gradient) fits(w float64) []gradFit {
	var out []gradFit
	add := func(f gradFit) {
		out = append(out, f)
		two := f
		for k := 1; k < len(s.numbers(f.narrow)); k++ {
			if f.split = k; two.split == 0 || s.fitHeight(f, w) < s.fitHeight(two, w) {
				two = f
			}
		}
		if two.split > 0 {
			out = append(out, two)
		}
	}
	for _, shrink := range []bool{false, true} {
		if !s.longVectors() {
			add(gradFit{shrink: shrink})
		}
		add(gradFit{narrow: true, shrink: shrink})
	}
	return out
}

// fitNumbers returns the first way to lay the numbers out that fits a
// rectangle w × h, or else the lowest of those in one column that fit its
// width, to scroll, or else the narrowest; and the height of the lowest
// way that fits the width.
func (s *gradient) fitNumbers(w, h float64) (fit gradFit, lowest float64) {
	fit, lowest = gradFit{narrow: true, shrink: true}, math.Inf(1)
	fits, scroll := false, math.Inf(1)
	for _, f := range s.fits(w) {
		if s.fitWidth(f) > w+0.5 {
			continue
		}
		fh := s.fitHeight(f, w)
		lowest = math.Min(lowest, fh)
		switch {
		case fits:
		case fh <= h+0.5:
			fit, fits = f, true
		case f.split == 0 && fh < scroll:
			fit, scroll = f, fh
		}
	}
	if math.IsInf(lowest, 1) {
		lowest = s.fitHeight(fit, w)
	}
	return fit, lowest
}

// numbersNode returns the layout leaf of the numbers when they are w
// pixels wide: at least as low as the lowest way that fits that width lays
// them out, preferably as the first; with w infinite, as they are,
// unwrapped, in the wide form, beside the map.
func (s *gradient) numbersNode(w float64) *layout.Node {
	var least, pref layout.Size
	if math.IsInf(w, 1) {
		f := gradFit{narrow: s.longVectors()}
		for _, g := range s.numbers(f.narrow) {
			for _, r := range g {
				pref.W = math.Max(pref.W, s.rowWidth(r))
			}
		}
		pref.H = s.fitHeight(f, pref.W)
		least = pref
	} else {
		one, lowest := s.fitNumbers(w, math.Inf(1))
		least = layout.Size{W: s.fitWidth(gradFit{narrow: true, shrink: true}), H: lowest}
		pref = layout.Size{W: w, H: s.fitHeight(one, w)}
	}
	return layout.Leaf(&s.numRect, least, pref)
}

// numbersHeight returns the height of the numbers as fit lays them out in
// their rectangle, or 0 when it is hidden. Update asks for it at every
// tick in which no point is dragged, and writing the numbers costs more
// than the rest of an idle tick: it is worked out again only when the
// numbers, the step or the layout changed since.
func (s *gradient) numbersHeight() float64 {
	if s.numRect.Empty() {
		return 0
	}
	k := gradHeightKey{fit: s.fit, w: s.numRect.Dx(), scale: s.scale, step: s.step, gen: s.numsGen}
	if s.heightAt.key != k { // the zero key, before the first answer, has no width
		s.heightAt = gradHeight{key: k, h: s.fitHeight(s.fit, float64(k.w))}
	}
	return s.heightAt.h
}

// gradHeight is an answer of numbersHeight, and what it depends on.
type gradHeight struct {
	key gradHeightKey
	h   float64
}

// gradHeightKey is what the height of the numbers depends on: their
// layout and width, the scale, the step, and their values (gradient's
// numsGen).
type gradHeightKey struct {
	fit   gradFit
	w     int
	scale float64
	step  int
	gen   int
}

// setNumbers sets the rows of the current step's numbers as fit lays them
// out in their rectangle, with where each goes, setting the formulas,
// which draw themselves again only when their digits change, and the
// label of ∇f on the heat map. When the rows do not fit the rectangle's
// height, those from the top row on that fit are shown.
func (s *gradient) setNumbers() {
	sc, r := s.scale, s.numRect
	s.rows, s.rowAt = s.rows[:0], s.rowAt[:0]
	s.label.Set(mathtex.Row(mathtex.Roman("∇"), mathtex.Ital("f")), 16*sc)
	s.scroll.Rect = r
	if r.Empty() {
		s.scroll.SetRows(nil)
		return
	}
	groups, cw, w2 := s.columns(s.fit, float64(r.Dx()))
	x, y := float64(r.Min.X), float64(r.Min.Y)
	s.rowW = s.rowW[:0]
	for k, g := range groups {
		if k > 0 && k == s.fit.split {
			x, y = x+cw+gradColGap*sc, float64(r.Min.Y)
			cw = w2
		}
		for _, row := range g {
			s.rows = append(s.rows, row)
			s.rowAt = append(s.rowAt, image.Pt(int(x), int(math.Round(y))))
			s.rowW = append(s.rowW, cw)
			y += s.rowHeight(row, cw)
		}
	}
	s.rowAt = append(s.rowAt, image.Pt(int(x), int(math.Round(y)))) // the end
	s.rowTops = s.rowTops[:0]
	for _, p := range s.rowAt {
		s.rowTops = append(s.rowTops, p.Y)
	}
	s.scroll.SetRows(s.rowTops)
	for len(s.forms) < len(s.rows) {
		s.forms = append(s.forms, &viz.Formula{})
		s.heads = append(s.heads, &viz.Formula{})
		s.texts = append(s.texts, &viz.Label{})
	}
	for i, row := range s.rows {
		if row.tex && s.fitRow(i) != nil {
			s.rows[i].tex = false // shown as its source rather than not at all
		}
		if !s.rows[i].tex {
			s.texts[i].Set(viz.WrapText(row.whole(), gradTextPx*sc, s.rowW[i]), gradTextPx*sc, viz.Th().Text)
		}
	}
}

// drawNumbers draws the rows of numbers shown where setNumbers put them,
// and, when they scroll, a bar right of them that shows which they are.
func (s *gradient) drawNumbers(screen *ebiten.Image) {
	if len(s.rows) == 0 {
		return
	}
	sc := s.scale
	lo, hi, up := s.scroll.Shown()
	for i := lo; i < hi; i++ {
		r := s.rows[i]
		x, y, h := float64(s.rowAt[i].X), float64(s.rowAt[i].Y-up), r.h*sc
		switch {
		case r.tex && r.head != "":
			// The head and the rest on one baseline, the row's
			// box centred as a whole formula's is.
			hw, ha, hd := s.heads[i].Metrics()
			_, ta, td := s.forms[i].Metrics()
			asc, desc := math.Max(ha, ta), math.Max(hd, td)
			top := y + (h-asc-desc)/2
			s.heads[i].Draw(screen, x, top+asc-ha)
			s.forms[i].Draw(screen, x+hw+relGap(s.forms[i].Px()), top+asc-ta)
		case r.tex:
			_, asc, desc := s.forms[i].Metrics()
			s.forms[i].Draw(screen, x, y+(h-asc-desc)/2)
		default:
			s.texts[i].Draw(screen, x, y+(h-1.3*gradTextPx*sc)/2)
		}
	}
	s.scroll.DrawBar(screen, sc)
}
