package scenes

import (
	"fmt"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// tensorJacobianStep is the tensor lesson's first step: ∂y/∂x as a grid of
// blocks, one per entry of y, each shaped like x (in colours only when its
// cells are too small for numbers), with an entry selected by the pointer
// or the arrows and its closed form.
var tensorJacobianStep = tensorStep{
	step: step{"The generalized Jacobian", "∂y/∂x has y's shape followed by x's: a block for each entry y[i], shaped like x, " +
		"holding ∂y[i]/∂x[j] for every entry x[j] (i and j are multi-indices, one index per axis). White cells are exact zeros, the function's structure. " +
		"Pick an entry with a click or the arrows; change the item, its sizes, or type your own y."},
	picture: "Grid", numbers: "Entry",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		sc, t, w := f.sc, &s.texts, &s.words
		// The caption over the grid, or beside it on a wide body, with
		// the selected entry's value under it when the grid's cells have
		// no numbers and the value's sheet is not on show beside it.
		if f.row {
			picture = f.line(s.gridNode(s.jgrid, f, f.size(100, 80), f.beside(f.pw)),
				f.column(t.caption.node(w.caption, f.tw, sc), t.body.node(w.body, f.tw, sc)))
		} else {
			picture = f.column(t.caption.node(w.caption, f.pw, sc), t.body.node(w.body, f.pw, sc), s.gridNode(s.jgrid, f, f.size(100, 80), f.pw))
		}
		numbers = f.column(s.formulaNode(f, f.nw), t.side.node(w.side, f.nw, sc))
		return picture, numbers, nil
	},
	place: func(s *tensor, sc float64) {
		if s.jgrid.fit(sc, tensorGridNum, tensorSwatch) {
			s.selStale = true
		}
	},
	keys:    (*tensor).selectByKeys,
	pointer: (*tensor).selectByPointer,
	state: func(s *tensor, st *TensorState) {
		if s.jgrid.shown != nil && !s.jgrid.rect.Empty() {
			st.Grid = boxOf(s.jgrid.Bounds(), s.scale)
			if idx, ok := s.shownSelection(); ok {
				st.Cell = boxOf(s.jgrid.CellRect(idx...), s.scale)
			}
		}
	},
	formula: func(s *tensor) string {
		if s.nums.Jac == nil {
			return ""
		}
		return s.entryTeX()
	},
	texts: (*tensor).jacobianTexts,
	draw:  func(s *tensor, screen *ebiten.Image) { s.jgrid.draw(screen) },
	describe: func(s *tensor) string {
		n := s.nums
		if n.Jac == nil {
			return " It was not built: " + n.Why
		}
		i, j := s.selected()
		return core.Sprintf(" The selected entry, ∂y%s/∂%s%s, is %.6g.", multiIndex(i), n.XName(), multiIndex(j), n.Jac.Data()[s.sel])
	},
}

// selectByKeys moves the selection with the arrows: ← → along x, ↑ ↓ to
// the previous or next block, the next entry of y.
func (s *tensor) selectByKeys(in *viz.Input) {
	if s.nums.Disp == nil {
		return
	}
	n, xl := s.nums.JacLen(), s.nums.X().Len()
	old := s.sel
	switch {
	case in.Take(ebiten.KeyArrowRight):
		s.sel = min(s.sel+1, n-1)
	case in.Take(ebiten.KeyArrowLeft):
		s.sel = max(s.sel-1, 0)
	case in.Take(ebiten.KeyArrowDown):
		s.sel = min(s.sel+xl, n-1)
	case in.Take(ebiten.KeyArrowUp):
		s.sel = max(s.sel-xl, 0)
	}
	if s.sel != old {
		s.selStale = true
	}
}

// selectByPointer selects the entry pressed, and the entries the pointer
// passes over while the press is held.
func (s *tensor) selectByPointer(in *viz.Input) {
	p := in.Pointer
	if s.jgrid.shown == nil || !p.Down {
		s.picking = false
		return
	}
	idx, ok := s.jgrid.Hit(p.X, p.Y)
	if p.Pressed {
		s.picking = ok
	}
	if ok && s.picking {
		if k := s.nums.Disp.Shape().Ravel(idx...); k != s.sel {
			s.sel = k
			s.selStale = true
		}
	}
}

// setSelection highlights the selected entry and its block, when the grid
// shows them, or what the step marks instead.
func (s *tensor) setSelection() {
	if s.nums.Disp == nil || s.jgrid.shown == nil {
		return
	}
	if m := tensorSteps[s.step].marks; m != nil {
		s.jgrid.SetHighlights(m(s)...)
		return
	}
	idx, ok := s.shownSelection()
	if !ok {
		s.jgrid.SetHighlights()
		return
	}
	r := len(idx)
	s.jgrid.SetHighlights(
		viz.Highlight{Index: idx, Free: []int{r - 2, r - 1}, Color: viz.Th().Accent},
		viz.Highlight{Index: idx, Color: viz.Th().Tangent},
	)
}

// shownSelection returns the multi-index of the selected entry in ∂y/∂x,
// or false when the grid does not show it.
func (s *tensor) shownSelection() ([]int, bool) {
	d, shown := s.nums.Disp, s.jgrid.shown
	if d == nil || shown == nil {
		return nil, false
	}
	idx := d.Shape().Unravel(s.sel)
	for a, i := range idx {
		if i >= shown[a] {
			return nil, false
		}
	}
	return idx, true
}

// selected returns the multi-indices of the selected entry in y and in x.
func (s *tensor) selected() (i, j []int) {
	n := s.nums
	xl := n.X().Len()
	return n.Y.Shape().Unravel(s.sel / xl), n.X().Shape().Unravel(s.sel % xl)
}

// entryTeX is the selected entry: ∂y_i/∂x_j = closed form = value.
func (s *tensor) entryTeX() string {
	i, j := s.selected()
	v := s.nums.Jac.Data()[s.sel]
	t := `\frac{\partial y_` + texIndex(i) + `}{\partial ` + s.nums.XName() + `_` + texIndex(j) + `} = `
	if s.item >= 0 {
		it := &model.TensorGallery[s.item]
		t += it.TeX + ` = ` + it.TeXAt(s.nums.Y.Shape(), s.nums.X().Shape(), i, j) + ` = `
	}
	return t + jacTeXNum(v)
}

// jacobianTexts are the step's texts: the caption over the grid, with the
// shapes, and the selected entry beside it.
func (s *tensor) jacobianTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	var w tensorWords
	if s.item < 0 {
		w.side = "At " + s.valuesText(120) + ".\n"
	}
	switch {
	case n.Jac == nil:
		w.side += fmt.Sprintf("%s\n∂y/∂%s was not built: %s Lower the sizes to 6 or less to see its blocks.", s.shapesLine(), xn, n.Why)
		return w
	case s.jgrid.whole == nil:
		w.side += fmt.Sprintf("%s\n∂y/∂%s is built but not drawn: the grid stops at %d entries and %d axes. Lower the sizes to 6 or less to see its blocks.", s.shapesLine(), xn, tensorDrawMax, core.MaxRank)
		return w
	}
	xs, ys := n.X().Shape(), n.Y.Shape()
	w.caption = fmt.Sprintf("∂y/∂%s, (%s) × (%s): block i holds ∂y[i]/∂%s[j] for every j.", xn, model.DimsText(ys), model.DimsText(xs), xn)
	i, j := s.selected()
	v := n.Jac.Data()[s.sel]
	value := core.Sprintf("∂y%s/∂%s%s = %.6g", multiIndex(i), xn, multiIndex(j), v)
	switch g, ny := s.jgrid, len(ys); {
	case g.plain:
		w.caption += " Its cells are too small here for numbers: blue is below zero, red above. Pick one to read its value"
		if s.fit.side {
			w.caption += " beside."
		} else {
			w.caption, w.body = w.caption+":", value
		}
	case g.cut():
		w.caption += fmt.Sprintf(" Only part of it fits here: the blocks of y's first %s entries", model.DimsText(g.shown[:ny]))
		if x := g.shown[ny:]; !x.Equal(n.Disp.Shape()[ny:]) {
			w.caption += ", each cut to its top-left " + model.DimsText(x)
		}
		w.caption += "."
	}
	w.side += fmt.Sprintf("Selected: i = %s in y, j = %s in %s.\n%s", multiIndex(i), multiIndex(j), xn, value)
	if s.item >= 0 {
		it := model.TensorGallery[s.item]
		w.side += core.Sprintf(", and %.6g by hand, with %s.", it.Entry(n.Named, n.Y, i, j), it.IndexNames())
	}
	if v == 0 {
		w.side += "\nAn exact zero: y[i] does not depend on that entry of x at all."
	}
	return w
}

// valuesText writes the inputs' values as in the values syntax, or only
// their shapes if that would take more than max bytes.
func (s *tensor) valuesText(max int) string {
	p := s.nums.Prog
	parts := make([]string, len(p.Names()))
	for i, name := range p.Names() {
		parts[i] = name + " = " + model.Literal(p.Inputs()[i], 6)
	}
	if t := strings.Join(parts, "; "); len(t) <= max {
		return t
	}
	for i, name := range p.Names() {
		parts[i] = name + ", " + model.ShapeWords(p.Inputs()[i].Shape())
	}
	return strings.Join(parts, ", ")
}
