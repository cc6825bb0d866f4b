package scenes

import (
	"fmt"
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/model"
)

// tensorLinearStep is the tensor lesson's second step: y(x + h) beside its
// linear approximation y(x) + (∂y/∂x)·h for a step h of the size the
// slider sets, and the residual against ‖h‖ on log–log axes.
var tensorLinearStep = tensorStep{
	step: step{"Linear approximation", "y(x + h) ≈ y(x) + (∂y/∂x)·h, where the product sums over all of x's axes: entry i is Σ_j (∂y_i/∂x_j) h_j.\n" +
		"(The text writes ∂f/∂y here; the derivative is by x.) h has x's shape; the slider sets its size ‖h‖.\n" +
		"For a function with curvature the residual falls like ‖h‖², slope 2 on the log–log plot; for a linear one it is zero."},
	layout: func(s *tensor, sc float64) {
		l, r := s.left, s.right
		s.hSize.Rect = image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+int(44*sc))
		if s.nums.Err != nil {
			return
		}
		if s.linearShown() {
			half := (l.Dx() - int(16*sc)) / 2
			gr := image.Rect(l.Min.X, l.Min.Y+int(tensorCaption*sc), l.Min.X+half, l.Min.Y+l.Dy()*60/100)
			s.trueGrid.Prepare(gr, sc)
			s.approxGrid.Prepare(gr.Add(image.Pt(half+int(16*sc), 0)), sc)
		}
		s.resPlot.Prepare(image.Rect(r.Min.X, r.Min.Y+int(96*sc), r.Max.X, r.Max.Y), sc)
	},
	formula: func(*tensor) string { return `y(x + h) \approx y(x) + \frac{\partial y}{\partial x}\cdot h` },
	texts:   (*tensor).linearTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		sc := s.scale
		l, t := s.left, &s.texts
		lx, ly := float64(l.Min.X), float64(l.Min.Y)
		if s.linearShown() {
			s.trueGrid.Draw(screen)
			s.approxGrid.Draw(screen)
			t.heads[0].Draw(screen, lx, ly)
			t.heads[1].Draw(screen, float64(s.approxGrid.Bounds().Min.X), ly)
		}
		t.body.Draw(screen, lx, float64(l.Min.Y+l.Dy()*60/100)+12*sc)
		s.formula.Draw(screen, float64(s.right.Min.X), float64(s.right.Min.Y)+float64(48*sc))
		s.resPlot.Draw(screen)
		t.side.Draw(screen, lx, float64(l.Max.Y)-3*18*sc)
	},
	describe: func(s *tensor) string {
		l := s.lin
		d := fmt.Sprintf(" At ‖h‖ = %.3g, y(x + h) and its linear approximation differ by %.3g.", s.hSize.Value, l.Residual)
		if l.Linear {
			d += " y is linear in x: the residual is rounding only."
		} else if !math.IsNaN(l.Slope) {
			d += fmt.Sprintf(" The residual falls with slope %.2f against ‖h‖ on log–log axes.", l.Slope)
		}
		return d
	},
}

// linearShown reports whether y(x + h) and its approximation are drawn as
// grids: when y can be evaluated at x + h and is small enough.
func (s *tensor) linearShown() bool { return s.lin.YH != nil && s.lin.YH.Len() <= tensorDrawMax }

// computeLinear brings the linear approximation to the slider's ‖h‖ when
// it is stale, and gives its grids their tensors for the next Layout.
func (s *tensor) computeLinear() {
	if s.nums.Err != nil || !s.lin.Stale {
		return
	}
	s.lin.Stale = false
	s.lin.Compute(&s.nums, s.hSize.Value)
	if l := s.lin; s.linearShown() {
		s.trueGrid.SetTensor(l.YH.Reshape(model.GridShape(l.YH.Shape())...))
		s.approxGrid.SetTensor(l.Approx.Reshape(model.GridShape(l.Approx.Shape())...))
		s.relayout()
	}
}

// linearTexts are the step's texts: the heads over the two grids, the
// residual under them, and how h is taken on the side.
func (s *tensor) linearTexts() tensorWords {
	l := s.lin
	if l.YH == nil {
		return tensorWords{side: "y cannot be evaluated at x + h."}
	}
	var w tensorWords
	if l.YH.Len() <= tensorDrawMax {
		w.heads = [3]string{"y(x + h)", "y(x) + (∂y/∂x)·h"}
	}
	w.side = fmt.Sprintf("h = ‖h‖ u along a fixed random direction u of shape %s.\n(∂y/∂x)·h comes from one JVP, never forming ∂y/∂x.\n‖y(x+h) − y(x) − (∂y/∂x)·h‖ = %.3g", model.DimsText(s.nums.X().Shape()), l.Residual)
	w.body = fmt.Sprintf("At ‖h‖ = %.3g the two differ by %.3g in all.", s.hSize.Value, l.Residual)
	if l.Linear {
		w.body += "\ny is linear (or affine) in x: (∂y/∂x)·h is exactly the change,\nso the residual is zero but for rounding (about 1e-16):\nthe points on the plot are rounding noise, with no slope."
	} else if !math.IsNaN(l.Slope) {
		w.body += fmt.Sprintf("\nThe residual is of order ‖h‖²: the fitted slope is %.2f.\nHalve ‖h‖ and it falls four times.", l.Slope)
	}
	return w
}
