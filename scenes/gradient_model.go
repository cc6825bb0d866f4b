package scenes

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"

	"github.com/jacobianlab/jacobianlab/core"
)

// The gradient lesson's model: f: ℝᴺ → ℝ at the point x₀ and along the
// direction h, and the chain rule for z = g(f(x)), from core, with no
// drawing. The entries of f's inputs, in order, are the coordinates of ℝᴺ.

// gradNums are f, ∇f and ∇f·h at x₀.
type gradNums struct {
	f, fh       float64   // f(x₀) and f(x₀ + h)
	grad        []float64 // ∇f(x₀), one entry a coordinate
	products    []float64 // (∂f/∂xᵢ)·hᵢ
	directional float64   // their sum, ∇f·h
	jvp         float64   // ∇f·h as core's JVP computes it, without forming ∇f
	err         error     // why the numbers could not be computed, or nil
}

// gradSlice is f along the line x₀ + t·h.
type gradSlice struct {
	ts, ft []float64 // t and f(x₀ + t·h)
}

// gradRemainder is the error of the linear approximation for steps s·h,
// s = 1 down to gradMinStep.
type gradRemainder struct {
	steps, errs []float64 // ‖s·h‖ and |f(x₀ + s·h) − f(x₀) − s ∇f·h|
	slope       float64   // the log–log slope of errs over gradSlopeLo ≤ s ≤ gradSlopeHi
}

// gradChain is the chain rule at x₀ for z = g(y), y = f(x).
type gradChain struct {
	y, z, dzdy float64
	product    []float64 // g′(y) ∇f(x₀), by core.ChainRule
	dzdx       []float64 // ∂z/∂x by autodiff of g∘f
	err        error     // why the chain rule cannot be shown, or nil
}

// The model's samples: of the slice, and of the error series.
const (
	gradSliceN  = 41 // samples of the slice t ∈ [−gradSliceT, gradSliceT]
	gradSliceT  = 2.0
	gradMinStep = 1e-7 // the smallest step of the error series
	gradSlopeHi = 1e-1 // the error's slope is fitted over steps s
	gradSlopeLo = 1e-3 // from gradSlopeHi down to gradSlopeLo
)

// gradInputs splits the coordinates x into tensors of the shapes of f's
// inputs.
func gradInputs(f *function, x []float64) []*core.Tensor {
	ts := make([]*core.Tensor, 0, len(f.prog.Inputs()))
	rest := x
	for _, t := range f.prog.Inputs() {
		ts = append(ts, core.New(t.Shape(), slices.Clone(rest[:t.Len()])))
		rest = rest[t.Len():]
	}
	return ts
}

// gradEval evaluates f at the coordinates x, NaN where it cannot.
func gradEval(f *function, x []float64) float64 {
	y, err := core.Eval(f.prog.Func(), gradInputs(f, x), f.prog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return y.At()
}

// gradAlong returns x₀ + t·h.
func gradAlong(x0, h []float64, t float64) []float64 {
	x := make([]float64, len(x0))
	for i := range x {
		x[i] = x0[i] + t*h[i]
	}
	return x
}

// computeGrad returns the numbers of f at x₀ in the direction h.
func computeGrad(f *function, x0, h []float64) (n gradNums) {
	x := gradInputs(f, x0)
	y, jac, err := f.eval(x)
	if err != nil {
		n.err = err
		return n
	}
	n.f = y.At()
	for _, j := range jac {
		n.grad = append(n.grad, j.Data()...)
	}
	for i, g := range n.grad {
		n.products = append(n.products, g*h[i])
	}
	for _, p := range n.products {
		n.directional += p
	}
	_, yDot, err := core.JVP(f.prog.Func(), x, gradInputs(f, h), f.prog.Settings(core.Auto))
	if err != nil {
		n.err = err
		return n
	}
	n.jvp = yDot.At()
	n.fh = gradEval(f, gradAlong(x0, h, 1))
	return n
}

// gradSliceOf returns f along the line x₀ + t·h.
func gradSliceOf(f *function, x0, h []float64) (r gradSlice) {
	for i := range gradSliceN {
		t := gradSliceT * (2*float64(i)/(gradSliceN-1) - 1)
		r.ts = append(r.ts, t)
		r.ft = append(r.ft, gradEval(f, gradAlong(x0, h, t)))
	}
	return r
}

// gradRemainderOf returns the error series of f at x₀ along h, from the
// numbers n there.
func gradRemainderOf(f *function, x0, h []float64, n gradNums) (r gradRemainder) {
	var fx, fy []float64 // the points the slope is fitted to
	for k := 0; ; k++ {
		st := math.Pow(10, -float64(k)/2)
		if st < gradMinStep*0.999 {
			break
		}
		fs := gradEval(f, gradAlong(x0, h, st))
		e := math.Abs(fs - n.f - st*n.directional)
		r.steps = append(r.steps, st*floats.Norm(h, 2))
		r.errs = append(r.errs, e)
		if st <= gradSlopeHi*1.001 && st >= gradSlopeLo*0.999 && e > 0 {
			fx, fy = append(fx, st), append(fy, e)
		}
	}
	r.slope = logLogSlope(fx, fy)
	return r
}

// gradChainOf returns the chain rule for z = g(f(x)) at x₀, from f's
// numbers n there.
func gradChainOf(f, g *function, x0 []float64, n gradNums) (c gradChain) {
	if n.err != nil {
		c.err = n.err
		return c
	}
	c.y = n.f
	z, gjac, err := g.eval([]*core.Tensor{core.Scalar(c.y)})
	if err != nil {
		c.err = fmt.Errorf("g at y = f(x₀) = %g: %w", c.y, err)
		return c
	}
	c.z, c.dzdy = z.At(), gjac[0].At()
	c.product = core.ChainRule(gjac[0], core.New(core.Shape{len(n.grad)}, slices.Clone(n.grad)), 0).Data()
	gf, err := compose(g, f)
	if err != nil {
		c.err = err
		return c
	}
	_, zjac, err := core.Jacobian(gf, gradInputs(f, x0), f.prog.Settings(core.Auto))
	if err != nil {
		c.err = err
		return c
	}
	for _, j := range zjac {
		c.dzdx = append(c.dzdx, j.Data()...)
	}
	return c
}
