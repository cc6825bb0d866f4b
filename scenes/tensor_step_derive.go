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

// tensorDeriveStep derives the VJP's closed form from the entries of
// ∂y/∂x: the chain rule's sum (∂L/∂x)_j = Σ_i G_i (∂y/∂x)_{i,j} for the
// picked entry j, its terms framed on the Jacobian's grid, those on exact
// zeros (white cells) dropping out; for y = x W the δ_{nn′} leaves
// (G Wᵀ)_{n′,d}, for an elementwise function G ⊙ f′(x); with numbers,
// beside the contraction and the VJP.
var tensorDeriveStep = tensorStep{
	step: step{"Deriving ∂L/∂x by hand", "Why ∂L/∂x = G Wᵀ needs no Jacobian: write the chain rule's sum for one entry of ∂L/∂x and let the zeros of ∂y/∂x " +
		"drop out. Click a cell of the Jacobian, or press the arrows, to pick the entry; pick tanh(x) to see an elementwise function, whose Jacobian is diagonal."},
	picture: "Grid", numbers: "Sum",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		sc, t, w := f.sc, &s.texts, &s.words
		// The caption over the grid, or beside it on a wide body; the
		// derivation and its numbers.
		if f.row {
			picture = f.line(s.gridNode(s.jgrid, f, f.size(100, 80), f.beside(f.pw)), t.caption.node(w.caption, f.tw, sc))
		} else {
			picture = f.column(t.caption.node(w.caption, f.pw, sc), s.gridNode(s.jgrid, f, f.size(100, 80), f.pw))
		}
		return picture, f.column(s.formulaNode(f, f.nw), t.side.node(w.side, f.nw, sc)), nil
	},
	place:   tensorJacobianStep.place,
	keys:    (*tensor).selectByKeys,
	pointer: (*tensor).selectByPointer,
	enter:   func(s *tensor) { s.selStale = true },
	marks:   (*tensor).sumMarks,
	state: func(s *tensor, st *TensorState) {
		if s.nums.Err != nil || s.nums.Jac == nil {
			return
		}
		sum := s.nums.SumAt(s.sel % s.nums.X().Len())
		ts := &TensorSum{X: s.nums.X().Shape().Unravel(sum.J), Kept: len(sum.Kept), Dropped: len(sum.Dropped),
			Sum: Num(sum.Sum), VJP: Num(sum.VJP), Contraction: Num(sum.Contracted), ClosedForm: Num(sum.ClosedSum)}
		st.Sum = ts
	},
	formula: func(s *tensor) string {
		if s.nums.Jac == nil {
			return ""
		}
		return s.deriveTeX()
	},
	texts: (*tensor).deriveTexts,
	draw:  func(s *tensor, screen *ebiten.Image) { s.jgrid.draw(screen) },
	describe: func(s *tensor) string {
		n := s.nums
		if n.Jac == nil {
			return " It was not built: " + n.Why
		}
		sum := n.SumAt(s.sel % n.X().Len())
		return core.Sprintf(" The sum for entry %s of ∂L/∂%s keeps %d terms and drops %d on zeros of ∂y/∂%s: it is %.6g, and autodiff's VJP gives %.6g.",
			multiIndex(n.X().Shape().Unravel(sum.J)), n.XName(), len(sum.Kept), len(sum.Dropped), n.XName(), sum.Sum, sum.VJP)
	},
}

// sumMarks frames the terms of the sum for the picked entry of ∂L/∂x on
// the Jacobian's grid, the cells it shows: the kept ones in the tangent's
// colour, the exact zeros that drop out in the muted one.
func (s *tensor) sumMarks() []viz.Highlight {
	n := s.nums
	xl := n.X().Len()
	sum := n.SumAt(s.sel % xl)
	var hs []viz.Highlight
	mark := func(i int, clr viz.Highlight) {
		idx := n.Disp.Shape().Unravel(i*xl + sum.J)
		for a, v := range idx {
			if v >= s.jgrid.shown[a] {
				return
			}
		}
		clr.Index = idx
		hs = append(hs, clr)
	}
	for _, i := range sum.Dropped {
		mark(i, viz.Highlight{Color: viz.Th().Muted})
	}
	for _, t := range sum.Kept {
		mark(t.I, viz.Highlight{Color: viz.Th().Tangent})
	}
	return hs
}

// deriveTeX is the derivation for the picked entry: for y = x W the sum
// with δ_{nn′} collapsing to (G Wᵀ)_{n′,d}; for an elementwise item the
// diagonal leaving G ⊙ f′(x); for any other the sum over the entries of y;
// then the picked entry's kept terms with their numbers.
func (s *tensor) deriveTeX() string {
	n := s.nums
	xn := n.XName()
	sum := n.SumAt(s.sel % n.X().Len())
	j := n.X().Shape().Unravel(sum.J)
	one := func(idx []int) string {
		parts := make([]string, len(idx))
		for k, v := range idx {
			parts[k] = fmt.Sprint(v + 1)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	dLdx := `(\partial L / \partial ` + xn + `)_`
	var rows []string
	key := ""
	if s.item >= 0 {
		key = model.TensorGallery[s.item].Key
	}
	switch key {
	case "matmul":
		rows = []string{
			dLdx + `{n' d} = \sum_{n, m} G_{n m}\,\partial y_{n m} / \partial x_{n' d}`,
			`= \sum_{n, m} G_{n m}\,\delta_{n n'}\,W_{d m} = \sum_{m} G_{n' m}\,W_{d m} = (G\,W^{\top})_{n' d}`,
		}
	case "tanh", "affine":
		fp, fpj := `(1 - y_{n d}^{2})`, `(1 - y^{2})`
		if key == "affine" {
			fp, fpj = `w_{d}`, `w`
		}
		rows = []string{
			dLdx + `{n' d'} = \sum_{n, d} G_{n d}\,\delta_{n n'}\,\delta_{d d'}\,` + fp,
			`= G_{n' d'}\,` + strings.NewReplacer("n", "n'", "d", "d'").Replace(fp) + `, \quad \partial L / \partial x = G \odot ` + fpj,
		}
	default:
		rows = []string{dLdx + `{j} = \sum_{i} G_{i}\,\partial y_{i} / \partial ` + xn + `_{j}`}
	}
	// The kept terms, the first and the last of more than two, then
	// their sum: on rows of their own, to fit a phone.
	var terms []string
	for k, t := range sum.Kept {
		if len(sum.Kept) > 2 && k == 1 {
			terms = append(terms, `\cdots`)
		}
		if len(sum.Kept) <= 2 || k == 0 || k == len(sum.Kept)-1 {
			terms = append(terms, model.TeXNum(t.G)+` \cdot `+model.TeXNum(t.DyDx))
		}
	}
	if len(terms) == 0 {
		terms = []string{"0"}
	}
	rows = append(rows, dLdx+one(j)+` = `+strings.Join(terms, " + "), `= `+jacTeXNum(sum.Sum))
	return `\begin{matrix}` + strings.Join(rows, `\\`) + `\end{matrix}`
}

// deriveTexts are the step's texts: the caption over the grid, with what
// its frames mean, and beside the derivation what drops out, and the
// picked entry by the contraction and the VJP.
func (s *tensor) deriveTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	var w tensorWords
	if n.Jac == nil || s.jgrid.whole == nil {
		w.side = fmt.Sprintf("%s\nThe sum is shown on the Jacobian's grid, which is not drawn at these sizes. Lower them to 6 or less.", s.shapesLine())
		return w
	}
	sum := n.SumAt(s.sel % n.X().Len())
	j := multiIndex(n.X().Shape().Unravel(sum.J))
	w.caption = fmt.Sprintf("∂y/∂%s: the terms of the sum for entry %s of ∂L/∂%s, one cell in each block, framed: orange are kept, grey are white cells, exact zeros that drop out.", xn, j, xn)
	if s.jgrid.cut() {
		w.caption += " Only part of the grid fits here."
	}
	key := ""
	if s.item >= 0 {
		key = model.TensorGallery[s.item].Key
	}
	switch key {
	case "matmul":
		w.side = "Row n of y = x W uses row n of x only: in the entry formula δ is 0 unless n = n′, so in the blocks of every other row n " +
			"those cells are white, and their terms drop out. The sum over n collapses to n = n′, leaving row n′ of G times column d of Wᵀ."
	case "tanh", "affine":
		w.side = "The Jacobian is diagonal: each entry of y depends on the same entry of x alone, so one cell of each block is not zero. The sum keeps one term, " +
			"and ∂L/∂x is G times f′(x) entry by entry: no matrix at all."
	default:
		w.side = "Every cell framed is a term of the sum; the white ones are exact zeros and drop out. Pick x W to see them collapse into G Wᵀ, or tanh(x) for an elementwise function."
	}
	w.side += core.Sprintf("\n\nEntry %s: of its terms %d are kept and %d drop out; their sum is %.6g. The contraction of G with ∂y/∂%s gives %.6g and autodiff's VJP %.6g, without building ∂y/∂%s.",
		j, len(sum.Kept), len(sum.Dropped), sum.Sum, xn, sum.Contracted, sum.VJP, xn)
	return w
}
