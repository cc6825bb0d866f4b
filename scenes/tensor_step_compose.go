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

// tensorComposeStep is the chain rule in full, for a tensor-valued z:
// z = tanh(y) with y the lesson's function of x, so that
// ∂z/∂x = ∂z/∂y · ∂y/∂x, shapes (z…)×(y…) · (y…)×(x…) → (z…)×(x…) written
// with the current numbers; the contraction over all of y's axes played
// one multiply–add at a time, its grids the generalized Jacobians drawn
// as blocks as on the first step; the result checked against core's
// Jacobian of the composition z(x); and the levels of the lessons placed
// in it: a derivative is 1×1, a gradient 1×N, a Jacobian K×N.
var tensorComposeStep = tensorStep{
	step: step{"Chain rule for a tensor z", "Now the outer function returns a tensor too: z = tanh(y), taken entry by entry of y. " +
		"Then ∂z/∂x = ∂z/∂y · ∂y/∂x, a sum of products over every entry of y, the shapes (z…)×(y…) · (y…)×(x…) giving (z…)×(x…). " +
		"Where the screen has room for the grids, Space plays the sum, F finishes it, and after a click on the grids ← → step through it."},
	picture: "Sum", numbers: "Math", extra: "Info",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		return s.arrangePlay(f, nil)
	},
	place: func(s *tensor, sc float64) { s.placeChain(sc, s.dzdxGrid) },
	play: func(s *tensor) (*viz.Contraction, [3]string) {
		c, n := s.comp, s.nums
		if c.Chain == nil || c.DzDy.Len() > tensorDrawMax || n.JacLen() > tensorDrawMax {
			return nil, [3]string{}
		}
		// The Jacobians with y's and x's parts shaped as the grids draw
		// them, contracted over y's.
		ys, xs := model.GridShape(n.Y.Shape()), model.GridShape(n.X().Shape())
		var a *viz.Contraction
		if core.Maybe(func() {
			dzdy := c.DzDy.Reshape(append(ys.Clone(), ys...)...)
			dydx := n.Jac.Reshape(append(ys.Clone(), xs...)...)
			axes := model.AxesUpTo(len(ys))
			onZ := make([]int, len(ys))
			for k := range onZ {
				onZ[k] = len(ys) + k
			}
			a = viz.NewContraction(dzdy, dydx, onZ, axes)
		}) != nil {
			return nil, [3]string{}
		}
		xn := n.XName()
		a.Names = [3]string{"∂z/∂y", "∂y/∂" + xn, "∂z/∂" + xn}
		return a, a.Names
	},
	keys:    tensorChainStep.keys,
	formula: (*tensor).composeTeX,
	texts:   (*tensor).composeTexts,
	state: func(s *tensor, st *TensorState) {
		if s.nums.Err == nil {
			st.Compose = s.composeState()
		}
	},
	draw: func(s *tensor, screen *ebiten.Image) { s.dzdxGrid.draw(screen) },
	describe: func(s *tensor) string {
		c := s.comp
		d := fmt.Sprintf(" z = %s(y), and ∂z/∂%s = ∂z/∂y · ∂y/∂%s: %s, a sum over y's %d entries for each entry.",
			model.ComposeOuter, s.nums.XName(), s.nums.XName(), s.composeShapes(), s.nums.Y.Len())
		if c.Chain == nil {
			return d + " " + c.Why
		}
		if e := s.composeEntry(); e != nil {
			d += fmt.Sprintf(" Entry [%s;%s] of ∂z/∂%s: %d of %d terms give %s.", countFrom1(e.Z), countFrom1(e.X), s.nums.XName(), e.Terms, s.nums.Y.Len(), core.Float(float64(e.Sum), 2))
		}
		return d + " " + s.composeAgreement() + " " + composeLevels
	},
}

// countFrom1 writes a multi-index counted from 1, as the screen does,
// without brackets: 1,3.
func countFrom1(idx []int) string { return strings.Trim(multiIndex(idx), "[]") }

// composeLevels places the lessons' derivatives in the generalized
// Jacobian.
const composeLevels = "Every level is this one: a scalar derivative is a 1×1 Jacobian, a gradient is one row (1×N), " +
	"a matrix Jacobian (K×N) is the case where x and y have one axis each, and the generalized Jacobian is (K…)×(N…). " +
	"The chain rule is the same sum of products at every level."

// composeShapes writes the chain rule's shapes with the current numbers:
// (z…)×(y…) · (y…)×(x…) → (z…)×(x…).
func (s *tensor) composeShapes() string {
	z, y, x := model.DimsText(s.nums.Y.Shape()), model.DimsText(s.nums.Y.Shape()), model.DimsText(s.nums.X().Shape())
	return fmt.Sprintf("(%s)×(%s) · (%s)×(%s) → (%s)×(%s)", z, y, y, x, z, x)
}

// composeAgreement compares the contraction with core's Jacobian of the
// composition, automatic differentiation of z(x) as a whole.
func (s *tensor) composeAgreement() string {
	return fmt.Sprintf("The contraction agrees with ∂z/∂%s by automatic differentiation of z(%s) as a whole: their largest |difference| is %s.", s.nums.XName(), s.nums.XName(), core.Float(s.comp.MaxDiff, 2))
}

// composeTeX is the chain rule with its shapes, then the entry being
// summed, and the levels of the lessons.
func (s *tensor) composeTeX() string {
	n := s.nums
	xn := n.XName()
	tex := func(sh core.Shape) string { return strings.ReplaceAll(model.DimsText(sh), "×", `\times `) }
	z, y, x := tex(n.Y.Shape()), tex(n.Y.Shape()), tex(n.X().Shape())
	rows := []string{
		fmt.Sprintf(`\partial z/\partial %s = \partial z/\partial y \cdot \partial y/\partial %s`, xn, xn),
		// The shapes on rows of their own, to fit a phone at large sizes.
		fmt.Sprintf(`(%s)\times(%s)`, z, y),
		fmt.Sprintf(`\cdot\;(%s)\times(%s)`, y, x),
		fmt.Sprintf(`\to (%s)\times(%s)`, z, x),
	}
	if e := s.composeEntry(); e != nil {
		rows = append(rows, fmt.Sprintf(`(\partial z/\partial %s)_{%s;%s}`, xn, countFrom1(e.Z), countFrom1(e.X)),
			fmt.Sprintf(`= \sum_{k} \partial z_{%s}/\partial y_{k}\;\partial y_{k}/\partial %s_{%s} = %s`, countFrom1(e.Z), xn, countFrom1(e.X), jacTeXNum(float64(e.Sum))))
	}
	// The levels, each a case of the next; the agreement with autodiff is
	// in the words beside.
	rows = append(rows, `df/dx:\,1\times 1 \subset \nabla f:\,1\times N \subset J:\,K\times N \subset (K\ldots)\times(N\ldots)`)
	return `\begin{matrix}` + strings.Join(rows, `\\`) + `\end{matrix}`
}

// composeTexts are the step's texts: the heads over the contraction's
// grids (or over ∂z/∂x by autodiff when the contraction is not shown),
// the multiply–add shown, the agreement and the levels, and the keys.
func (s *tensor) composeTexts() tensorWords {
	n, c := s.nums, s.comp
	xn := n.XName()
	var w tensorWords
	if c.Chain == nil {
		w.side = c.Why + " Lower the sizes to see the chain rule for z."
	} else {
		w = s.playWords(fmt.Sprintf("each entry of ∂z/∂%s takes one row of ∂z/∂y (a block) and the same cell of every block of ∂y/∂%s, "+
			"multiplies them entry by entry and adds the %d products. ∂z/∂y is diagonal, as tanh acts on each entry alone, so only one product is not zero.", xn, xn, n.Y.Len()),
			fmt.Sprintf("∂z/∂%s by automatic differentiation", xn),
			fmt.Sprintf("∂z/∂y and ∂y/∂%s have %d and %d entries, too many to animate (the limit is %d each).", xn, c.DzDy.Len(), n.JacLen(), tensorDrawMax))
		w.side += "\n\n" + s.composeAgreement()
	}
	w.side += "\n\n" + composeLevels
	return w
}

// composeEntry is the entry of ∂z/∂x being summed, or nil before the
// first multiply–add.
func (s *tensor) composeEntry() *TensorComposeEntry {
	if s.anim == nil || s.comp.Auto == nil {
		return nil
	}
	st := s.anim.Current()
	if st.Index == 0 {
		return nil
	}
	idx := s.comp.Auto.Shape().Unravel(st.Last.Out) // the grids keep the row-major order
	zr := s.nums.Y.Rank()
	return &TensorComposeEntry{Z: idx[:zr], X: idx[zr:], Sum: Num(st.Sum), Terms: st.Terms, Autodiff: Num(s.comp.Auto.Data()[st.Last.Out])}
}

// composeState is the step's part of state().
func (s *tensor) composeState() *TensorCompose {
	n, c := s.nums, s.comp
	ys, xs := n.Y.Shape(), n.X().Shape()
	st := &TensorCompose{
		Outer: model.ComposeOuter,
		Shapes: map[string]core.Shape{
			"z": c.Z.Shape(), "dzdy": append(ys.Clone(), ys...), "dydx": append(ys.Clone(), xs...), "dzdx": append(ys.Clone(), xs...),
		},
		Terms: n.Y.Len(),
		Entry: s.composeEntry(),
		Why:   c.Why,
	}
	if c.Chain != nil {
		d := Num(c.MaxDiff)
		st.MaxDiff = &d
	}
	return st
}
