package scenes

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/floats"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// gradStepGradient is the gradient lesson's first step: ∇f(x₀), its
// entries as bars, and the definition checked along h with the error
// series.
var gradStepGradient = gradStep{
	step: step{"The gradient", "f takes N numbers to one. Its derivative at x₀ is the gradient: the vector A with (f(x₀+h) − f(x₀) − A·h) / ‖h‖ → 0 as h → 0.\n" +
		"Its entries are the partials ∂f/∂xᵢ. (The text equates the gradient with the limit and calls it a number: the limit is 0.)\n" +
		"The gradient points where f climbs fastest, across the contour through x₀ at a right angle. Drag x₀, or use the arrow keys."},
	update: func(s *gradient, refresh bool) {
		if refresh {
			s.currentRemainder()
		}
	},
	place: func(s *gradient, lo image.Rectangle, sc float64) {
		s.bars.Prepare(image.Rect(lo.Min.X, lo.Min.Y, lo.Min.X+min(lo.Dx(), int(120*sc)+len(s.x0)*int(60*sc)), lo.Max.Y), sc)
	},
	prepare: func(s *gradient) {
		if s.barsStale {
			s.setBars()
			s.barsStale = false
		}
	},
	draw: func(s *gradient, screen *ebiten.Image) { s.bars.Draw(screen) },
	numbers: func(s *gradient, long bool) []gradRow {
		n := s.nums
		var rows []gradRow
		if long {
			rows = append(rows, gradFormula(gradRowMath, `\nabla f(x_0) = \left(%s\right) =`, s.partials()), gradText("        %s", model.VecText(n.Grad)))
		} else {
			rows = append(rows, gradFormula(gradRowFrac, `\nabla f(x_0) = \left(%s\right) = %s`, s.partials(), model.TeXVec(n.Grad)))
		}
		rows = append(rows,
			gradFormula(gradRowMath, `\|\nabla f(x_0)\| = %.4g \text{, the steepest slope: the arrow's way}`, floats.Norm(n.Grad, 2)),
			gradFormula(gradRowFrac, `\text{the definition, checked along } h\text{:}\quad \frac{|f(x_0 + s h) - f(x_0) - s\,\nabla f(x_0) \cdot h|}{\|s h\|}`))
		// The error series as the last refresh left it.
		r := s.rem
		for k := 0; k < len(r.Steps) && k <= 6; k += 2 {
			rows = append(rows, gradText("      s = %-8g →  %.3g", math.Pow(10, -float64(k)/2), r.Errs[k]/r.Steps[k]))
		}
		return append(rows, gradText("goes to 0 with s, as it must for the gradient."))
	},
	describe: func(s *gradient) string {
		return fmt.Sprintf("At x₀ = %s, f(x₀) = %.6g and the gradient is %s.", model.VecText(s.x0), s.nums.F, model.VecText(s.nums.Grad))
	},
	plots: func(s *gradient, geom map[string]viz.Geometry) { geom["bars"] = s.bars.Geometry() },
}

// setBars gives the bar chart ∇f's entries, named ∂f/∂xᵢ by the inputs'
// names.
func (s *gradient) setBars() {
	labels := make([]string, len(s.coords))
	for i, c := range s.coords {
		labels[i] = "∂f/∂" + c
	}
	s.bars.Set(s.nums.Grad, labels)
}

// partials writes ∂f/∂xᵢ for each coordinate xᵢ as TeX fractions, or
// ∂f/∂x₁, …, ∂f/∂x_N when there are more than three.
func (s *gradient) partials() string {
	c := s.coords
	if len(c) > 3 {
		c = []string{c[0], "", c[len(c)-1]}
	}
	p := make([]string, len(c))
	for i, name := range c {
		p[i] = `\frac{\partial f}{\partial ` + name + `}`
		if name == "" {
			p[i] = `\ldots`
		}
	}
	return strings.Join(p, ", ")
}
