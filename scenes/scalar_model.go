package scenes

import (
	"fmt"
	"math"

	"github.com/jacobianlab/jacobianlab/core"
)

// The scalar lesson's model: its numbers at x₀ and h, from core, with no
// drawing.

// scalarNums are the scalar lesson's numbers at x₀ and h.
type scalarNums struct {
	f, dfdx    float64 // f(x₀), f′(x₀)
	fh         float64 // f(x₀ + h)
	secant     float64 // (f(x₀+h) − f(x₀)) / h
	approx     float64 // f(x₀) + f′(x₀)·h
	dzdy, dzdx float64 // g′(f(x₀)), (g∘f)′(x₀) by autodiff of the composition
	err        error   // why the numbers could not be computed, or nil
}

// evalScalar evaluates a function of one number at x, NaN where it is
// undefined.
func evalScalar(fn *function, x float64) float64 {
	y, err := core.Eval(fn.prog.Func(), []*core.Tensor{core.Scalar(x)}, fn.prog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return y.At()
}

// computeScalar returns the numbers of f and of z = g(f(x)) at x₀ with
// the step h.
func computeScalar(f, g *function, x0, h float64) (n scalarNums) {
	x := []*core.Tensor{core.Scalar(x0)}
	y, jac, err := f.eval(x)
	if err != nil {
		n.err = err
		return n
	}
	n.f, n.dfdx = y.At(), jac[0].At()
	n.fh = evalScalar(f, x0+h)
	n.secant = (n.fh - n.f) / h
	n.approx = n.f + n.dfdx*h
	_, gjac, err := g.eval([]*core.Tensor{core.Scalar(n.f)})
	if err != nil {
		n.err = fmt.Errorf("g at y = f(x₀) = %g: %w", n.f, err)
		return n
	}
	n.dzdy = gjac[0].At()
	gf, err := compose(g, f)
	if err == nil {
		var zjac []*core.Tensor
		_, zjac, err = core.Jacobian(gf, x, f.prog.Settings(core.Auto))
		if err == nil {
			n.dzdx = zjac[0].At()
		}
	}
	n.err = err
	return n
}

// scalarErrors returns, for h over 10⁰ … 10⁻¹² in quarter decades, the
// error of the linear approximation |f(x₀+h) − f(x₀) − f′(x₀)h| and of the
// difference quotient |(f(x₀+h) − f(x₀))/h − f′(x₀)|, from the numbers n
// at x₀.
func scalarErrors(f *function, x0 float64, n scalarNums) (hs, linErr, dqErr []float64) {
	for k := 0; k <= 48; k++ {
		h := math.Pow(10, -float64(k)/4)
		fh := evalScalar(f, x0+h)
		hs = append(hs, h)
		linErr = append(linErr, math.Abs(fh-n.f-n.dfdx*h))
		dqErr = append(dqErr, math.Abs((fh-n.f)/h-n.dfdx))
	}
	return hs, linErr, dqErr
}
