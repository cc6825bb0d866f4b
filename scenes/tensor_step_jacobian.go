package scenes

import (
	"fmt"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// tensorJacobianStep is the tensor lesson's first step: ∂y/∂x as a grid of
// blocks, one per entry of y, each shaped like x, with an entry selected
// by the pointer or the arrows and its closed form.
var tensorJacobianStep = tensorStep{
	step: step{"The generalized Jacobian", "For a tensor x and y = f(x), ∂y/∂x has shape (y's shape) × (x's shape): one block per entry y_i of y, shaped like x,\n" +
		"holding ∂y_i/∂x_j for every j. White cells are exact zeros: their pattern is the function's structure.\n" +
		"Click a cell, or use ← → (entry) and ↑ ↓ (block); change the shapes with the sliders, or type your own f."},
	layout: func(s *tensor, sc float64) {
		if s.nums.Err == nil && s.nums.Disp != nil {
			l := s.left
			s.jgrid.Prepare(image.Rect(l.Min.X, l.Min.Y+int(tensorCaption*sc), l.Max.X, l.Max.Y), sc)
		}
	},
	keys:    (*tensor).selectByKeys,
	pointer: (*tensor).selectByPointer,
	state: func(s *tensor, st *TensorState) {
		if b := s.jgrid.Bounds(); s.nums.Disp != nil && !b.Empty() {
			sc := s.scale
			st.Grid = &Box{Left: float64(b.Min.X) / sc, Top: float64(b.Min.Y) / sc, Right: float64(b.Max.X) / sc, Bottom: float64(b.Max.Y) / sc}
		}
	},
	formula: func(s *tensor) string {
		if s.nums.Disp == nil {
			return ""
		}
		return s.entryTeX()
	},
	texts: (*tensor).jacobianTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		if d := s.nums.Disp; d != nil && d.Len() <= tensorDrawMax {
			s.jgrid.Draw(screen)
		}
		rx, ry := float64(s.right.Min.X), float64(s.right.Min.Y)
		_, asc, desc := s.formula.Metrics()
		fh := asc + desc
		s.formula.Draw(screen, rx, ry)
		s.texts.side.Draw(screen, rx, ry+fh+12*s.scale)
	},
	describe: func(s *tensor) string {
		n := s.nums
		if n.Jac == nil {
			return " It was not built: " + n.Why
		}
		i, j := s.selected()
		return fmt.Sprintf(" The selected entry, ∂y%s/∂%s%s counting from 0, is %.6g.", multiIndex(i), n.XName(), multiIndex(j), n.Jac.Data()[s.sel])
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
	if s.nums.Disp == nil || !p.Down {
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

// setSelection highlights the selected entry and its block.
func (s *tensor) setSelection() {
	d := s.nums.Disp
	if d == nil {
		return
	}
	idx := d.Shape().Unravel(s.sel)
	r := d.Rank()
	s.jgrid.SetHighlights(
		viz.Highlight{Index: idx, Free: []int{r - 2, r - 1}, Color: viz.Light.Accent},
		viz.Highlight{Index: idx, Color: viz.Light.Tangent},
	)
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

// jacobianTexts are the step's texts: the caption over the grid, and the
// shapes and the selected entry on the side.
func (s *tensor) jacobianTexts() tensorWords {
	n := s.nums
	side := s.shapesLine()
	if s.item < 0 {
		side += "\nAt " + s.valuesText(120) + "."
	}
	switch {
	case n.Jac == nil:
		return tensorWords{side: side + fmt.Sprintf("\n\n∂y/∂%s was not built: %s\nLower the sizes to 6 or less to see its blocks.", n.XName(), n.Why)}
	case n.Disp == nil || n.Disp.Len() > tensorDrawMax:
		return tensorWords{side: side + fmt.Sprintf("\n\n∂y/∂%s is built but not drawn: the grid stops at %d entries\nand at %d axes. Lower the sizes to 6 or less to see its blocks.", n.XName(), tensorDrawMax, core.MaxRank)}
	}
	caption := fmt.Sprintf("∂y/∂%s: block [i] holds ∂y_i/∂%s_j for every j", n.XName(), n.XName())
	i, j := s.selected()
	v := n.Jac.Data()[s.sel]
	side += fmt.Sprintf("\n\nSelected (counting from 0): i = %s in y, j = %s in %s.\n∂y%s/∂%s%s = %.6g", multiIndex(i), multiIndex(j), n.XName(), multiIndex(i), n.XName(), multiIndex(j), v)
	if s.item >= 0 {
		it := model.TensorGallery[s.item]
		c := it.Entry(n.Named, n.Y, i, j)
		side += fmt.Sprintf("\nBy hand: %.6g, with %s.", c, it.IndexNames())
		if v == 0 {
			side += "\nThis entry is exactly zero: y_i does not depend on that entry of x at all."
		}
	}
	return tensorWords{caption: caption, side: side}
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
