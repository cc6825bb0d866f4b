package scenes

import (
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// tensorChainStep is the tensor lesson's third step: ∂L/∂x for a scalar
// loss L(y) as the contraction of G = ∂L/∂y with ∂y/∂x over all of y's
// axes, animated one multiply–add at a time when it is small enough, and
// checked against the closed form and autodiff's VJP.
var tensorChainStep = tensorStep{
	step: step{"Chain rule as a contraction", "For a scalar loss L(y), with G = ∂L/∂y, ∂L/∂x is the sum over k of G[k] times the block (∂y/∂x)[k]: " +
		"the blocks weighted by G's entries and added, k running over every entry of y (a multi-index: contract over all of y's axes). L is the sum of G ⊙ y with a random G, or type your own. " +
		"Where the screen has room for the grids, Space plays the sum, F finishes it, and after a click on the grids ← → step through it. The sum agrees with the VJP (vector–Jacobian product) of automatic differentiation (autodiff), and with the closed form where the item has one."},
	picture: "Sum", numbers: "Math", extra: "Info",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		// The loss's field after its label, before the formula.
		lw, lh := viz.MeasureText(tensorLossLabel, 15*f.sc)
		loss := f.line(layout.Leaf(&s.lossAt, layout.Size{W: lw, H: lh}, layout.Size{W: lw, H: lh}),
			layout.Leaf(&s.lossField.Rect, layout.Size{W: 120 * f.sc, H: f.ctl}, layout.Size{W: 320 * f.sc, H: f.ctl}).Grow(1))
		return s.arrangePlay(f, loss)
	},
	place: func(s *tensor, sc float64) { s.placeChain(sc, s.vjpGrid) },
	play: func(s *tensor) (*viz.Contraction, [3]string) {
		n := s.nums
		d := n.Disp
		if d == nil || d.Len() > tensorDrawMax {
			return nil, [3]string{}
		}
		a := viz.NewContraction(n.G, d, model.AxesUpTo(n.Y.Rank()), model.AxesUpTo(n.Y.Rank()))
		a.Names = [3]string{"G", "∂y/∂x", "∂L/∂x"}
		xn := n.XName()
		return a, [3]string{"G = ∂L/∂y", "∂y/∂" + xn, "∂L/∂" + xn}
	},
	keys: func(s *tensor, in *viz.Input) {
		if !s.animFits {
			return
		}
		if in.TakePress(ebiten.KeySpace) {
			s.anim.Timeline.Toggle()
		}
		if in.TakePress(ebiten.KeyF) {
			s.anim.Timeline.Finish()
		}
	},
	formula: func(s *tensor) string {
		if !s.animFits {
			return s.vjpTeX()
		}
		return s.chainTeX()
	},
	texts: (*tensor).chainTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		s.vjpGrid.draw(screen)
		if r := s.lossAt; !r.Empty() {
			s.lossL.Draw(screen, float64(r.Min.X), float64(r.Min.Y)+float64(s.lossField.Rect.Dy()-r.Dy())/2)
		}
	},
	describe: func(s *tensor) string {
		n := s.nums
		return core.Sprintf(" L = %s = %.6g. %s", n.LossSrc, n.Loss, s.agreement())
	},
}

// tensorPlayHint names the keys of a step's contraction.
const tensorPlayHint = "Space: play or pause · F: finish · click the grids, then ← →: step"

// arrangePlay returns the picture and the numbers of a step that plays a
// contraction: the contraction's picture; lead (or nothing, when nil), the
// formula, the numbers and the keys' hint beside it on a wide body, and
// on a small phone the numbers on a sheet of their own.
func (s *tensor) arrangePlay(f tensorFit, lead *layout.Node) (picture, numbers, extra *layout.Node) {
	sc, t, w := f.sc, &s.texts, &s.words
	picture = layout.Leaf(&s.animRect, f.size(200, 140), f.size(720, 520)).Grow(1)
	switch {
	case f.tiny:
		return picture, f.column(lead, s.formulaNode(f, f.nw), t.hint.node(w.hint, f.nw, sc)), t.side.node(w.side, f.nw, sc)
	case f.row:
		return picture, f.line(
			f.column(lead, s.formulaNode(f, f.tw), t.hint.node(w.hint, f.tw, sc)),
			t.side.node(w.side, f.beside(f.nw), sc)), nil
	}
	return picture, f.column(lead, s.formulaNode(f, f.nw), t.side.node(w.side, f.nw, sc), t.hint.node(w.hint, f.nw, sc)), nil
}

// tensorLossLabel labels the loss's field.
const tensorLossLabel = "L(y) ="

// Fields implements Fielder: the function's field, then the loss's, which
// the chain rule's step shows.
func (s *tensor) Fields() []Field {
	return append(s.lesson.Fields(), Field{ID: "loss", Label: tensorLossLabel, Text: s.lossField})
}

// editLoss takes a new text of the loss: when it works for y, the chain
// rule starts over with its gradient; otherwise its mistake is marked and
// the last loss that worked stays.
func (s *tensor) editLoss(src string) {
	if s.nums.Err != nil {
		return
	}
	if _, _, err := model.LossGrad(src, s.nums.Y); err != nil {
		markError(s.lossField, err)
		return
	}
	s.lossField.ClearError()
	s.lossSrc = src
	s.compute()
}

// chainTeX is the entry of ∂L/∂x being summed, with its last terms.
func (s *tensor) chainTeX() string {
	st := s.anim.Current()
	if st.Index == 0 {
		return `\frac{\partial L}{\partial x} = \sum_{k} G_{k}\,\left(\frac{\partial y}{\partial x}\right)_{k}`
	}
	j := s.anim.Out.Tensor().Shape().Unravel(st.Last.Out)
	return fmt.Sprintf(`\left(\frac{\partial L}{\partial x}\right)_%s = \sum_{k} G_{k}\,\frac{\partial y_{k}}{\partial x_%s} = %s`, texIndex(j), texIndex(j), jacTeXNum(st.Sum))
}

// chainTexts are the step's texts: the heads over the contraction's grids
// (or over ∂L/∂x alone when the contraction is not shown), the
// multiply–add shown and the loss beside them, and the animation's keys.
func (s *tensor) chainTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	w := s.playWords(fmt.Sprintf("each entry of ∂L/∂%s takes the same cell from every block of ∂y/∂%s, weighted by G's entry for that block.", xn, xn),
		fmt.Sprintf("∂L/∂%s by the VJP, its top-left corner", xn),
		fmt.Sprintf("∂y/∂%s has %d entries, too many to animate (the limit is %d): the numbers come without the picture.", xn, n.JacLen(), tensorDrawMax))
	w.side += core.Sprintf("\n\nL = %s = %.6g at y.\n%s", n.LossSrc, n.Loss, s.agreement())
	return w
}

// playWords are the words of a step that plays a contraction. While the
// contraction is shown: the heads over its grids, the multiply–add it is
// at, what each entry of the result sums (how), its caption, and the
// keys' hint. Otherwise fallback heads the grid shown instead, and the
// text says why: the screen is too small, or else tooMany.
func (s *tensor) playWords(how, fallback, tooMany string) tensorWords {
	var w tensorWords
	switch {
	case s.animFits:
		w.heads = s.animHeads
		tl := s.anim.Timeline
		w.side = fmt.Sprintf("Multiply–add %d of %d: %s", tl.Index(), tl.Len(), how)
		if c := s.anim.Caption(); c != "" {
			w.side += "\n" + c
		}
		w.hint = tensorPlayHint
	case s.anim != nil:
		w.heads[0] = fallback
		w.side = fmt.Sprintf("The contraction's %d multiply–adds need a larger screen to be shown.", s.anim.Timeline.Len())
	default:
		w.heads[0] = fallback
		w.side = tooMany
	}
	return w
}

// placeChain places the step's contraction in its picture, with the names
// of its grids over and under it, when its numbers are readable there, or
// else the grid of its result by another road (fallback: ∂L/∂x by the
// VJP, say) under the first head. While another sheet shows, it only finds
// out whether the contraction fits where the picture was, for the words.
func (s *tensor) placeChain(sc float64, fallback *tensorGrid) {
	r := s.animRect
	if !r.Empty() {
		s.animAt = r
	}
	s.animFits = s.anim != nil && !s.animAt.Empty() && s.placeContraction(s.animAt, sc)
	fallback.rect = image.Rectangle{}
	switch {
	case r.Empty():
		s.view.rect = image.Rectangle{}
		for k := range s.texts.heads {
			s.texts.heads[k].rect = image.Rectangle{}
		}
	case !s.animFits:
		h := s.texts.heads[0].place(s.words.heads[0], r.Min, float64(r.Dx()), sc)
		fallback.rect = image.Rect(r.Min.X, r.Min.Y+h, r.Max.X, r.Max.Y)
	}
	fallback.fit(sc, tensorGridNum, 0)
}

// placeContraction places the contraction's grids in r, G, ∂y/∂x and ∂L/∂x
// in a row under their names, or G and ∂L/∂x side by side under theirs over
// ∂y/∂x with its name under it, and reports whether their numbers are
// readable so. The names stay outside the animation's rectangle, a
// widget's, which holds the grids.
func (s *tensor) placeContraction(r image.Rectangle, sc float64) bool {
	a, t, heads := s.anim, &s.texts, s.animHeads
	grids := [3]*viz.Grid{a.A, a.B, a.Out}
	gap := int(tensorGap * sc)
	_, line := viz.MeasureText("∂", tensorText*sc)
	headH := int(math.Ceil(line)) + gap/2
	// Weights by the cells across and down, and one for the numbers at
	// the grid's edges.
	var across, down [3]float64
	for k, g := range grids {
		sh := g.Tensor().Shape()
		across[k], down[k] = 1, 1
		for ax, d := range sh {
			if gridAcross(ax, len(sh)) {
				across[k] *= float64(d)
			} else {
				down[k] *= float64(d)
			}
		}
		across[k]++
		down[k]++
	}
	split := func(x0, x1 int, ws ...float64) [][2]int { // [x0, x1) in parts by weight, gap apart
		total := 0.0
		for _, v := range ws {
			total += v
		}
		room := float64(x1 - x0 - gap*(len(ws)-1))
		parts, at := make([][2]int, len(ws)), 0.0
		for k, v := range ws {
			parts[k][0] = x0 + k*gap + int(room*at/total)
			at += v
			parts[k][1] = x0 + k*gap + int(room*at/total)
		}
		return parts
	}
	fits := func(rs [3]image.Rectangle) bool {
		for k, g := range grids {
			g.Prepare(rs[k], sc)
			hw, _ := viz.MeasureText(heads[k], tensorText*sc)
			if g.NumberSize() < tensorWidgetNum*sc || float64(rs[k].Max.X-g.Bounds().Min.X) < hw {
				return false
			}
		}
		return true
	}
	var rs [3]image.Rectangle // A, B, Out
	stacked := false
	for k, x := range split(r.Min.X, r.Max.X, across[:]...) {
		rs[k] = image.Rect(x[0], r.Min.Y+headH, x[1], r.Max.Y)
	}
	if !fits(rs) {
		stacked = true
		y := split(r.Min.Y+headH, r.Max.Y-headH, max(down[0], down[2]), down[1])
		x := split(r.Min.X, r.Max.X, across[0], across[2])
		rs = [3]image.Rectangle{image.Rect(x[0][0], y[0][0], x[0][1], y[0][1]), image.Rect(r.Min.X, y[1][0], r.Max.X, y[1][1]), image.Rect(x[1][0], y[0][0], x[1][1], y[0][1])}
		if !fits(rs) {
			return false
		}
	}
	// The grids packed to the top left of their places, each as wide as
	// it or its name, the names over them, or ∂y/∂x's under it when
	// stacked.
	var u image.Rectangle
	put := func(k, x, y int) int {
		g := grids[k]
		b := g.Bounds()
		g.Prepare(image.Rect(x, y, x+b.Dx(), y+b.Dy()), sc)
		b = g.Bounds()
		u = u.Union(b)
		hw, _ := viz.MeasureText(heads[k], tensorText*sc)
		w := max(b.Dx(), int(math.Ceil(hw)))
		at := image.Pt(x, y-headH)
		if stacked && k == 1 {
			at.Y = b.Max.Y + gap/2
		}
		t.heads[k].place(heads[k], at, float64(w), sc)
		return x + w + gap
	}
	if stacked {
		put(2, put(0, r.Min.X, rs[0].Min.Y), rs[0].Min.Y)
		put(1, r.Min.X, rs[1].Min.Y)
	} else {
		put(2, put(1, put(0, r.Min.X, rs[0].Min.Y), rs[0].Min.Y), rs[0].Min.Y)
	}
	s.view.rect = u
	return true
}

// markError marks err in a text field: at its place for a mistake in the
// expression, at the end otherwise.
func markError(f *viz.TextField, err error) {
	var e *expr.Error
	if errors.As(err, &e) && e.Source == "expression" {
		f.SetError(e.Offset, e.Msg)
		return
	}
	f.SetError(len(f.Text()), err.Error())
}
