package model

import (
	"fmt"
	"math"

	"github.com/jacobianlab/jacobianlab/core"
)

// The scalar lesson's model: its numbers at x₀ and h, from core, with no
// drawing.

// ScalarNums are the scalar lesson's numbers at x₀ and h.
type ScalarNums struct {
	F, DFDX    float64 // f(x₀), f′(x₀)
	FH         float64 // f(x₀ + h)
	Secant     float64 // (f(x₀+h) − f(x₀)) / h
	Approx     float64 // f(x₀) + f′(x₀)·h
	DZDY, DZDX float64 // g′(f(x₀)), (g∘f)′(x₀) by autodiff of the composition
	Err        error   // why the numbers could not be computed, or nil
}

// EvalScalar evaluates a function of one number at x, NaN where it is
// undefined.
func EvalScalar(fn *Function, x float64) float64 {
	y, err := core.Eval(fn.Prog.Func(), []*core.Tensor{core.Scalar(x)}, fn.Prog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return y.At()
}

// EvalScalars returns fn, a function of one number, at each of xs, NaN
// where it is undefined: at all of them in one evaluation where it can
// (evalPoints, along the number line from 0 in steps of 1).
func EvalScalars(fn *Function, xs []float64) []float64 {
	return gradEvalAlong(fn, []float64{0}, []float64{1}, xs)
}

// ComputeScalar returns the numbers of f and of z = g(f(x)) at x₀ with
// the step h.
func ComputeScalar(f, g *Function, x0, h float64) (n ScalarNums) {
	x := []*core.Tensor{core.Scalar(x0)}
	y, jac, err := f.eval(x)
	if err != nil {
		n.Err = err
		return n
	}
	n.F, n.DFDX = y.At(), jac[0].At()
	n.FH = EvalScalar(f, x0+h)
	n.Secant = (n.FH - n.F) / h
	n.Approx = n.F + n.DFDX*h
	_, gjac, err := g.eval([]*core.Tensor{core.Scalar(n.F)})
	if err != nil {
		n.Err = fmt.Errorf("g at y = f(x₀) = %g: %w", n.F, err)
		return n
	}
	n.DZDY = gjac[0].At()
	gf, err := compose(g, f)
	if err == nil {
		var zjac []*core.Tensor
		_, zjac, err = core.Jacobian(gf, x, f.Prog.Settings(core.Auto))
		if err == nil {
			n.DZDX = zjac[0].At()
		}
	}
	n.Err = err
	return n
}

// ScalarErrors returns, for h over 10⁰ … 10⁻¹² in quarter decades, the
// error of the linear approximation |f(x₀+h) − f(x₀) − f′(x₀)h| and of the
// difference quotient |(f(x₀+h) − f(x₀))/h − f′(x₀)|, from the numbers n
// at x₀. It evaluates f at all the steps at once (evalAlong).
func ScalarErrors(f *Function, x0 float64, n ScalarNums) (hs, linErr, dqErr []float64) {
	for k := 0; k <= 48; k++ {
		hs = append(hs, math.Pow(10, -float64(k)/4))
	}
	for i, fh := range gradEvalAlong(f, []float64{x0}, []float64{1}, hs) {
		h := hs[i]
		linErr = append(linErr, math.Abs(fh-n.F-n.DFDX*h))
		dqErr = append(dqErr, math.Abs((fh-n.F)/h-n.DFDX))
	}
	return hs, linErr, dqErr
}
