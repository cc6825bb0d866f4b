package scenes

import (
	"fmt"
	"math"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
)

// scalarStep is one step of the scalar lesson: the frame's title and text,
// whether the plot shows the secant through x₀ and x₀ + h, and the step's
// formula (TeX), numbers panel and sentence for screen readers, and the
// question it asks before it shows them (nil for none), each from the
// numbers at x₀, which are known to be good.
type scalarStep struct {
	step
	secant                     bool
	formula, numbers, describe func(s *scalar, n model.ScalarNums) string
	ask                        func(s *scalar, n model.ScalarNums) *question
}

// g5 writes v with five significant digits, for the formulas.
func g5(v float64) string { return model.TeXFloat(v, 5) }

var scalarSteps = []scalarStep{{
	step: step{"The derivative", "f′(x₀) is the one number a that makes (f(x₀+h) − f(x₀) − a·h) / h go to 0 as h → 0.\n" +
		"The green secant's slope is the difference quotient; press [ and ] to shrink or grow h, and watch it approach the tangent's slope; drag x₀ or press ← →.\n" +
		"In the source: f′(x) is set equal to the limit; the limit is 0, and f′(x) is the number a that makes it 0."},
	secant: true,
	formula: func(s *scalar, n model.ScalarNums) string {
		return fmt.Sprintf(`\frac{f(x_0+h) - f(x_0)}{h} = \frac{%s - %s}{%s} = %s`, g5(n.FH), g5(n.F), g5(s.h()), g5(n.Secant))
	},
	numbers: func(s *scalar, n model.ScalarNums) string {
		return core.Sprintf("h = %.3g\n"+
			"secant slope (f(x₀+h) − f(x₀))/h = %.12g\n"+
			"its distance from f′(x₀) = %.3g", s.h(), n.Secant, math.Abs(n.Secant-n.DFDX))
	},
	describe: func(s *scalar, n model.ScalarNums) string {
		return core.Sprintf("At x₀ = %.6g, f(x₀) = %.6g and f′(x₀) = %.6g. The secant over h = %.3g has slope %.6g.", s.x0, n.F, n.DFDX, s.h(), n.Secant)
	},
}, {
	step: step{"Linear approximation", "Near x₀ the tangent line is the best straight-line stand-in for f: f(x₀+h) ≈ f(x₀) + f′(x₀)·h.\n" +
		"The log–log plot shows the error falling with slope 2: halve h and the error drops four times, until round-off. Drag x₀ or press ← →; press [ and ] to change h."},
	formula: func(s *scalar, n model.ScalarNums) string {
		return fmt.Sprintf(`f(x_0+h) \approx f(x_0) + f'(x_0)\,h = %s + (%s) \cdot %s = %s`,
			g5(n.F), g5(n.DFDX), g5(s.h()), g5(n.Approx))
	},
	numbers: func(s *scalar, n model.ScalarNums) string {
		return core.Sprintf("h = %.3g\n"+
			"f(x₀+h) = %.12g\n"+
			"f(x₀) + f′(x₀)·h = %.12g\n"+
			"error = %.3g", s.h(), n.FH, n.Approx, math.Abs(n.FH-n.Approx))
	},
	describe: func(s *scalar, n model.ScalarNums) string {
		return core.Sprintf("At x₀ = %.6g with h = %.3g, f(x₀ + h) = %.6g; the tangent line gives %.6g, off by %.3g.", s.x0, s.h(), n.FH, n.Approx, math.Abs(n.FH-n.Approx))
	},
}, {
	step: step{"Chain rule", "For y = f(x) and z = g(y), dz/dx = dz/dy · dy/dx: two numbers multiplied.\n" +
		"The product of the two derivatives equals the derivative of the composition, which automatic differentiation (autodiff: exact derivatives worked out by the program) computes directly. Type an outer function g(y) in its field, or drag x₀."},
	formula: func(s *scalar, n model.ScalarNums) string {
		return fmt.Sprintf(`\frac{dz}{dx} = \frac{dz}{dy} \cdot \frac{dy}{dx} = %s \cdot %s = %s`, g5(n.DZDY), g5(n.DFDX), g5(n.DZDY*n.DFDX))
	},
	numbers: func(s *scalar, n model.ScalarNums) string {
		return core.Sprintf("dz/dy = g′(y) at y = f(x₀): %.9g\n"+
			"dz/dy · dy/dx = %.12g\n"+
			"dz/dx by autodiff of g(f(x)) = %.12g", n.DZDY, n.DZDY*n.DFDX, n.DZDX)
	},
	ask: func(s *scalar, n model.ScalarNums) *question {
		return signQuestion("scalar-chain-sign", "dz/dx", "dz/dy", "dy/dx", n.DZDY, n.DFDX)
	},
	describe: func(s *scalar, n model.ScalarNums) string {
		return core.Sprintf("At x₀ = %.6g, z = g(f(x)) with g(y) = %s: dy/dx = %.6g times dz/dy = %.6g gives %.6g; autodiff of g∘f gives dz/dx = %.6g.",
			s.x0, s.fn(1).Prog.Source(), n.DFDX, n.DZDY, n.DZDY*n.DFDX, n.DZDX)
	},
}}
