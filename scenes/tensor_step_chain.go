package scenes

import (
	"errors"
	"fmt"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// tensorChainStep is the tensor lesson's third step: ∂L/∂x for a scalar
// loss L(y) as the contraction of G = ∂L/∂y with ∂y/∂x over all of y's
// axes, animated one multiply–add at a time when it is small enough, and
// checked against the closed form and core's VJP.
var tensorChainStep = tensorStep{
	step: step{"Chain rule as a contraction", "For a scalar loss L(y) (Σ G * y with a random G, or type one), ∂L/∂x = Σ_k G_k (∂y/∂x)_k with G = ∂L/∂y:\n" +
		"the blocks of ∂y/∂x weighted by G and added, k running over every axis of y (the text reuses N₁…N_D for y's\n" +
		"and z's shapes; they differ). Space plays, F finishes. It matches the closed form and core's VJP."},
	layout: func(s *tensor, sc float64) {
		l, r := s.left, s.right
		w, _ := viz.MeasureText(tensorLossLabel, 15*sc)
		s.lossField.Rect = image.Rect(r.Min.X+int(w+8*sc), r.Min.Y, r.Max.X, r.Min.Y+int(32*sc))
		if s.anim != nil {
			s.view.rect = l.Add(image.Pt(0, int(20*sc))).Intersect(l)
		}
		if s.nums.Err != nil {
			return
		}
		capH := int(tensorCaption * sc)
		if a := s.anim; a != nil {
			v := s.view.rect
			side := v.Dx() * 30 / 100
			gap := int(12 * sc)
			a.A.Prepare(image.Rect(v.Min.X, v.Min.Y, v.Min.X+side, v.Min.Y+v.Dy()/2-gap), sc)
			a.Out.Prepare(image.Rect(v.Min.X, v.Min.Y+v.Dy()/2+capH, v.Min.X+side, v.Max.Y), sc)
			a.B.Prepare(image.Rect(v.Min.X+side+gap, v.Min.Y, v.Max.X, v.Max.Y), sc)
			return
		}
		s.vjpGrid.Prepare(image.Rect(l.Min.X, l.Min.Y+capH, l.Min.X+int(240*sc), min(l.Max.Y, l.Min.Y+capH+int(220*sc))), sc)
	},
	keys: func(s *tensor, in *viz.Input) {
		if s.anim == nil {
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
		if s.anim == nil {
			return s.vjpTeX()
		}
		return s.chainTeX()
	},
	texts: (*tensor).chainTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		sc := s.scale
		l, r, t := s.left, s.right, &s.texts
		lx, ly, rx := float64(l.Min.X), float64(l.Min.Y), float64(r.Min.X)
		t.heads[0].Draw(screen, lx, ly)
		if s.anim != nil {
			t.heads[2].Draw(screen, lx, float64(s.view.rect.Min.Y+s.view.rect.Dy()/2))
			t.heads[1].Draw(screen, float64(s.anim.B.Bounds().Min.X), ly)
		} else {
			s.vjpGrid.Draw(screen)
		}
		lr := s.lossField.Rect
		_, lh := viz.MeasureText(tensorLossLabel, 15*sc)
		s.lossL.Draw(screen, rx, float64(lr.Min.Y)+(float64(lr.Dy())-lh)/2)
		_, asc, desc := s.formula.Metrics()
		fh := asc + desc
		top := float64(lr.Max.Y) + 24*sc
		s.formula.Draw(screen, rx, top)
		t.side.Draw(screen, rx, top+fh+12*sc)
		t.hint.Draw(screen, rx, float64(r.Max.Y)-14*sc)
	},
	describe: func(s *tensor) string {
		n := s.nums
		return fmt.Sprintf(" L = %s = %.6g. ∂L/∂%s by %s", n.LossSrc, n.Loss, n.XName(), strings.ReplaceAll(s.agreement(), "\n", " "))
	},
}

// tensorLossLabel labels the loss's field.
const tensorLossLabel = "L(y) ="

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
// (or over ∂L/∂x alone when ∂y/∂x is too large to animate), the
// multiply–add shown and the loss on the side, and the animation's keys.
func (s *tensor) chainTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	var w tensorWords
	if s.anim != nil {
		w.heads = [3]string{"G = ∂L/∂y", "∂y/∂" + xn, "∂L/∂" + xn}
		tl := s.anim.Timeline
		w.side = fmt.Sprintf("Multiply–add %d of %d. Each entry of ∂L/∂%s takes the same cell\nfrom every block of ∂y/∂%s, weighted by G's entry for that block.\n%s", tl.Index(), tl.Len(), xn, xn, s.anim.Caption())
		w.hint = "Space: play or pause    F: finish    click the grids, then ← →: step"
	} else {
		w.heads[0] = fmt.Sprintf("∂L/∂%s by the VJP, its top-left corner", xn)
		w.side = fmt.Sprintf("∂y/∂%s has %d entries, too many to animate (the limit is %d):\nthe numbers come without the picture.", xn, n.JacLen(), tensorDrawMax)
	}
	w.side += fmt.Sprintf("\n\nL = %s = %.6g at y.\n%s", n.LossSrc, n.Loss, s.agreement())
	return w
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
