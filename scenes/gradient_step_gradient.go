package scenes

import (
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/floats"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// gradStepGradient is the gradient lesson's first step: ∇f(x₀), its
// entries as bars, and the definition checked along h with the error
// series.
var gradStepGradient = gradStep{
	step: step{"The gradient", "f takes N numbers to one. Its derivative at x₀ is the gradient ∇f(x₀), the vector of the partials ∂f/∂xᵢ\n" +
		"with (f(x₀+h) − f(x₀) − ∇f(x₀)·h) / ‖h‖ → 0 as h → 0. It points where f climbs fastest, across the contour\n" +
		"through x₀ at a right angle. Drag x₀, or use the arrow keys.\n" +
		"In the source: the gradient is set equal to the limit and called a number; it is a vector, and the limit is 0."},
	update: func(s *gradient, refresh bool) {
		if refresh {
			s.currentRemainder()
		}
	},
	sheet: "Bars",
	arrange: func(s *gradient, sc float64, alone bool) *layout.Node {
		w := float64(120 + 60*len(s.x0)) // room for each bar's label
		return layout.Leaf(&s.barsRect, gradSize(sc, 200, 160), gradSize(sc, w, 260)).Max(gradSize(sc, math.Max(w, 260), 0)).Grow(1)
	},
	prepare: func(s *gradient) {
		if s.barsStale {
			s.setBars()
			s.barsStale = false
		}
	},
	draw: func(s *gradient, screen *ebiten.Image) {
		if !s.barsRect.Empty() {
			s.bars.Draw(screen)
		}
	},
	numbers: func(s *gradient, narrow bool) [][]gradRow {
		n := s.nums
		norm := floats.Norm(n.Grad, 2)
		grad := []gradRow{
			gradEquation(gradRowFrac, core.TeXSprintf(`\nabla f(x_0) = \left(%s\right) =`, s.partials()), "%s", model.TeXVec(n.Grad)),
			gradEquation(gradRowMath, `\|\nabla f(x_0)\| =`, `%.4g \text{, the steepest slope: the arrow's way}`, norm),
		}
		def := `\frac{|f(x_0 + s h) - f(x_0) - s\,\nabla f(x_0) \cdot h|}{\|s h\|}`
		check := []gradRow{gradFormula(gradRowFrac, `\text{the definition, checked along } h\text{:}\quad %s`, def)}
		if narrow {
			grad = []gradRow{
				gradFormula(gradRowFrac, `\nabla f(x_0) = \left(%s\right) =`, s.partials()),
				gradText("        %s", model.VecText(n.Grad)),
				gradEquation(gradRowMath, `\|\nabla f(x_0)\| =`, `%.4g`, norm),
				gradText("the steepest slope: the arrow's way"),
			}
			check = []gradRow{gradFormula(gradRowMath, `\text{the definition, checked along } h\text{:}`), gradFormula(gradRowFrac, "%s", def)}
		}
		// The error series as the last refresh left it.
		r := s.rem
		for k := 0; k < len(r.Steps) && k <= 6; k += 2 {
			check = append(check, gradText("      s = %-8g →  %.3g", math.Pow(10, -float64(k)/2), r.Errs[k]/r.Steps[k]))
		}
		check = append(check, gradText("goes to 0 with s, as it must for the gradient."))
		return [][]gradRow{grad, check}
	},
	describe: func(s *gradient) string {
		return core.Sprintf("At x₀ = %s, f(x₀) = %.6g and the gradient is %s.", model.VecText(s.x0), s.nums.F, model.VecText(s.nums.Grad))
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
