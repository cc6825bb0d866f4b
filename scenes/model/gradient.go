package model

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

// GradNums are f, ∇f and ∇f·h at x₀.
type GradNums struct {
	F, FH       float64   // f(x₀) and f(x₀ + h)
	Grad        []float64 // ∇f(x₀), one entry a coordinate
	Products    []float64 // (∂f/∂xᵢ)·hᵢ
	Directional float64   // their sum, ∇f·h
	JVP         float64   // ∇f·h as core's JVP computes it, without forming ∇f
	Err         error     // why the numbers could not be computed, or nil
}

// GradSlice is f along the line x₀ + t·h.
type GradSlice struct {
	Ts, FT []float64 // t and f(x₀ + t·h)
}

// GradRemainder is the error of the linear approximation for steps s·h,
// s = 1 down to gradMinStep.
type GradRemainder struct {
	Steps, Errs []float64 // ‖s·h‖ and |f(x₀ + s·h) − f(x₀) − s ∇f·h|
	Slope       float64   // the log–log slope of errs over gradSlopeLo ≤ s ≤ gradSlopeHi
}

// GradChain is the chain rule at x₀ for z = g(y), y = f(x).
type GradChain struct {
	Y, Z, DZDY float64
	Product    []float64 // g′(y) ∇f(x₀), by core.ChainRule
	DZDX       []float64 // ∂z/∂x by autodiff of g∘f
	Err        error     // why the chain rule cannot be shown, or nil
}

// The model's samples: of the slice, and of the error series.
const (
	gradSliceN  = 41 // samples of the slice t ∈ [−GradSliceT, GradSliceT]
	GradSliceT  = 2.0
	gradMinStep = 1e-7 // the smallest step of the error series
	gradSlopeHi = 1e-1 // the error's slope is fitted over steps s
	gradSlopeLo = 1e-3 // from gradSlopeHi down to gradSlopeLo
)

// GradEval evaluates f at the coordinates x, NaN where it cannot.
func GradEval(f *Function, x []float64) float64 {
	y, err := core.Eval(f.Prog.Func(), f.InputsAt(x), f.Prog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return y.At()
}

// gradEvalAlong returns f at x₀ + t·h for each t of ts, NaN where it
// cannot be evaluated: in one evaluation for all of them
// (expr.Program.Vmap), or, for a function Vmap cannot batch, one a point.
func gradEvalAlong(f *Function, x0, h, ts []float64) []float64 {
	ins := f.Prog.Inputs()
	x := make([]*core.Tensor, len(ins))
	off := 0
	for i, in := range ins {
		v := make([]float64, 0, len(ts)*in.Len())
		for _, t := range ts {
			for j := range in.Len() {
				v = append(v, x0[off+j]+t*h[off+j])
			}
		}
		x[i] = core.New(append(core.Shape{len(ts)}, in.Shape()...), v)
		off += in.Len()
	}
	if y, err := f.Prog.Vmap(x); err == nil {
		return y.Data()
	}
	out := make([]float64, len(ts))
	for k, t := range ts {
		out[k] = GradEval(f, gradAlong(x0, h, t))
	}
	return out
}

// gradAlong returns x₀ + t·h.
func gradAlong(x0, h []float64, t float64) []float64 {
	x := make([]float64, len(x0))
	for i := range x {
		x[i] = x0[i] + t*h[i]
	}
	return x
}

// ComputeGrad returns the numbers of f at x₀ in the direction h.
func ComputeGrad(f *Function, x0, h []float64) (n GradNums) {
	x := f.InputsAt(x0)
	y, jac, err := f.eval(x)
	if err != nil {
		n.Err = err
		return n
	}
	n.F = y.At()
	for _, j := range jac {
		n.Grad = append(n.Grad, j.Data()...)
	}
	for i, g := range n.Grad {
		n.Products = append(n.Products, g*h[i])
	}
	for _, p := range n.Products {
		n.Directional += p
	}
	_, yDot, err := core.JVP(f.Prog.Func(), x, f.InputsAt(h), f.Prog.Settings(core.Auto))
	if err != nil {
		n.Err = err
		return n
	}
	n.JVP = yDot.At()
	n.FH = GradEval(f, gradAlong(x0, h, 1))
	return n
}

// GradSliceOf returns f along the line x₀ + t·h.
func GradSliceOf(f *Function, x0, h []float64) (r GradSlice) {
	for i := range gradSliceN {
		r.Ts = append(r.Ts, GradSliceT*(2*float64(i)/(gradSliceN-1)-1))
	}
	r.FT = gradEvalAlong(f, x0, h, r.Ts)
	return r
}

// GradRemainderOf returns the error series of f at x₀ along h, from the
// numbers n there.
func GradRemainderOf(f *Function, x0, h []float64, n GradNums) (r GradRemainder) {
	var sts []float64 // the steps s
	for k := 0; ; k++ {
		st := math.Pow(10, -float64(k)/2)
		if st < gradMinStep*0.999 {
			break
		}
		sts = append(sts, st)
	}
	var fx, fy []float64 // the points the slope is fitted to
	for i, fs := range gradEvalAlong(f, x0, h, sts) {
		st := sts[i]
		e := math.Abs(fs - n.F - st*n.Directional)
		r.Steps = append(r.Steps, st*floats.Norm(h, 2))
		r.Errs = append(r.Errs, e)
		if st <= gradSlopeHi*1.001 && st >= gradSlopeLo*0.999 && e > 0 {
			fx, fy = append(fx, st), append(fy, e)
		}
	}
	r.Slope = logLogSlope(fx, fy)
	return r
}

// GradChainOf returns the chain rule for z = g(f(x)) at x₀, from f's
// numbers n there.
func GradChainOf(f, g *Function, x0 []float64, n GradNums) (c GradChain) {
	if n.Err != nil {
		c.Err = n.Err
		return c
	}
	c.Y = n.F
	z, gjac, err := g.eval([]*core.Tensor{core.Scalar(c.Y)})
	if err != nil {
		c.Err = fmt.Errorf("g at y = f(x₀) = %g: %w", c.Y, err)
		return c
	}
	c.Z, c.DZDY = z.At(), gjac[0].At()
	c.Product = core.ChainRule(gjac[0], core.New(core.Shape{len(n.Grad)}, slices.Clone(n.Grad)), 0).Data()
	gf, err := compose(g, f)
	if err != nil {
		c.Err = err
		return c
	}
	_, zjac, err := core.Jacobian(gf, f.InputsAt(x0), f.Prog.Settings(core.Auto))
	if err != nil {
		c.Err = err
		return c
	}
	for _, j := range zjac {
		c.DZDX = append(c.DZDX, j.Data()...)
	}
	return c
}
