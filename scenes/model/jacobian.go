package model

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
)

// The Jacobian lesson's model: its numbers at the point x₀, from core, with
// no drawing. x₀ is given by its coordinates, the entries of f's inputs in
// order.

// JacNums are the Jacobian lesson's numbers at x₀.
type JacNums struct {
	Val *core.Tensor // f(x₀)
	Y   []float64    // its M entries
	Jac *core.Tensor // J, M×N
	Det float64      // det J when M = N

	// With the planes: the square around x₀ (counter-clockwise), its image
	// under f, and its image under the linear approximation
	// f(x₀) + J(s − x₀).
	Square, Image, Linear [][2]float64
	AreaRatio             float64 // the image's signed area ÷ the square's area
	Gap                   float64 // how far the image strays from the linear one, relative to the linear one's size

	Err error // why f cannot be evaluated at x₀, or nil
}

// JacChain is the chain rule at x₀ for z = g(y), y = f(x).
type JacChain struct {
	DZDY, DYDX *core.Tensor // K×M and M×N
	Product    *core.Tensor // (∂z/∂y)(∂y/∂x) by core.ChainRule, K×N
	DZDX       *core.Tensor // the Jacobian of g∘f by autodiff of the composition, K×N
	Err        error        // why the chain rule cannot be shown, or nil
}

// EvalJac evaluates f at the coordinates x: its value's entries, or nil
// where it cannot be evaluated.
func EvalJac(f *Function, x []float64) []float64 {
	y, err := core.Eval(f.Prog.Func(), f.InputsAt(x), f.Prog.Settings(core.Auto))
	if err != nil {
		return nil
	}
	return y.Data()
}

// flatJacobian puts the Jacobians of a value of m entries with respect to
// each input, of shape value ++ input, side by side into one m×n matrix, n
// being the number of the inputs' entries in all.
func flatJacobian(jac []*core.Tensor, m int) *core.Tensor {
	n := 0
	for _, j := range jac {
		n += j.Len() / m
	}
	d := make([]float64, 0, m*n)
	for i := range m {
		for _, j := range jac {
			k := j.Len() / m
			d = append(d, j.Data()[i*k:(i+1)*k]...)
		}
	}
	return core.New(core.Shape{m, n}, d)
}

// ComputeJac returns the numbers of f at x₀ and, with the planes, of the
// square of half-side half around it. The planes are drawn for a map of
// the plane to the plane alone: for f of any other shape, planes is
// ignored.
func ComputeJac(f *Function, x0 []float64, half float64, planes bool) JacNums {
	y, jac, err := f.eval(f.InputsAt(x0))
	if err != nil {
		return JacNums{Err: err}
	}
	m := y.Len()
	n := JacNums{Val: y, Y: y.Data(), Jac: flatJacobian(jac, m)}
	if m == len(x0) {
		n.Det = mat.Det(n.Jac.Dense())
	}
	if planes && len(x0) == 2 && m == 2 {
		jacSquare(f, x0, half, &n)
	}
	return n
}

// jacSides is the number of samples along each side of the square.
const jacSides = 8

// jacSquare fills in the square of half-side h around x₀, its images under
// f and under the linear approximation, and how the two images compare.
func jacSquare(f *Function, x0 []float64, h float64, n *JacNums) {
	corners := [5][2]float64{{-h, -h}, {h, -h}, {h, h}, {-h, h}, {-h, -h}}
	for c := range 4 {
		for k := range jacSides {
			t := float64(k) / jacSides
			d := [2]float64{
				corners[c][0] + t*(corners[c+1][0]-corners[c][0]),
				corners[c][1] + t*(corners[c+1][1]-corners[c][1]),
			}
			n.Square = append(n.Square, [2]float64{x0[0] + d[0], x0[1] + d[1]})
			n.Linear = append(n.Linear, [2]float64{
				n.Y[0] + n.Jac.At(0, 0)*d[0] + n.Jac.At(0, 1)*d[1],
				n.Y[1] + n.Jac.At(1, 0)*d[0] + n.Jac.At(1, 1)*d[1],
			})
		}
	}
	n.Image = jacPlaneImages(f, n.Square)
	var size, area float64
	for i, p := range n.Image {
		lin := n.Linear[i]
		n.Gap = math.Max(n.Gap, math.Hypot(p[0]-lin[0], p[1]-lin[1]))
		size = math.Max(size, math.Hypot(lin[0]-n.Y[0], lin[1]-n.Y[1]))
		// The shoelace formula: the signed area the image's boundary
		// encloses.
		q := n.Image[(i+1)%len(n.Image)]
		area += p[0]*q[1] - q[0]*p[1]
	}
	n.AreaRatio = area / 2 / (4 * h * h)
	n.Gap /= size
}

// jacPlaneImages returns f at points of the plane, NaN where f cannot be
// evaluated, in one evaluation for all of them where f can be batched
// (evalPoints).
func jacPlaneImages(f *Function, pts [][2]float64) [][2]float64 {
	xs := make([][]float64, len(pts))
	for i := range pts {
		xs[i] = pts[i][:]
	}
	out := make([][2]float64, len(pts))
	for i, v := range evalPoints(f, xs) {
		out[i] = [2]float64{math.NaN(), math.NaN()}
		if len(v) >= 2 {
			out[i] = [2]float64{v[0], v[1]}
		}
	}
	return out
}

// JacChainAt returns the chain rule for z = g(y) at y = f(x₀), where f has
// the Jacobian dydx.
func JacChainAt(f, g *Function, x0 []float64, y, dydx *core.Tensor) JacChain {
	gf, err := compose(g, f)
	if err != nil {
		return JacChain{Err: err}
	}
	z, gjac, err := g.eval([]*core.Tensor{y})
	if err != nil {
		return JacChain{Err: fmt.Errorf("g at y = f(x₀): %w", err)}
	}
	k, m := z.Len(), y.Len()
	c := JacChain{DZDY: gjac[0].Reshape(k, m), DYDX: dydx}
	c.Product = core.ChainRule(c.DZDY, c.DYDX, 1)
	_, zjac, err := core.Jacobian(gf, f.InputsAt(x0), f.Prog.Settings(core.Auto))
	if err != nil {
		return JacChain{Err: fmt.Errorf("g(f(x)): %w", err)}
	}
	c.DZDX = flatJacobian(zjac, k)
	return c
}

// JacLinear returns f(x₀ + h), f(x₀) + J h and the norm of their
// difference, from the numbers n at x₀; fh is nil where f cannot be
// evaluated.
func JacLinear(f *Function, x0 []float64, n JacNums, h []float64) (fh, lin []float64, err float64) {
	x := slices.Clone(x0)
	for j := range x {
		x[j] += h[j]
	}
	fh = EvalJac(f, x)
	lin, err = jacLinearGap(n, h, fh)
	return fh, lin, err
}

// jacLinearGap returns f(x₀) + J h and its distance from fh, f(x₀ + h),
// from the numbers n at x₀.
func jacLinearGap(n JacNums, h, fh []float64) (lin []float64, err float64) {
	lin = slices.Clone(n.Y)
	for i := range lin {
		for j := range h {
			lin[i] += n.Jac.At(i, j) * h[j]
		}
	}
	var sq float64
	for i := range fh {
		sq += (fh[i] - lin[i]) * (fh[i] - lin[i])
	}
	return lin, math.Sqrt(sq)
}

// JacErrors returns, for steps h = t·u along the diagonal unit vector u,
// with ‖h‖ = t over 10⁰ … 10⁻⁵ in quarter decades, the error of the linear
// approximation ‖f(x₀+h) − f(x₀) − J h‖, from the numbers n at x₀. It
// evaluates f at all the steps at once (evalAlong).
func JacErrors(f *Function, x0 []float64, n JacNums) (ts, errs []float64) {
	u := make([]float64, len(x0))
	for j := range u {
		u[j] = 1 / math.Sqrt(float64(len(x0)))
	}
	return JacErrorsAlong(f, x0, n, u)
}

// JacErrorsAlong is JacErrors for steps h = t·u along the unit vector u.
func JacErrorsAlong(f *Function, x0 []float64, n JacNums, u []float64) (ts, errs []float64) {
	if n.Err != nil {
		return nil, nil
	}
	all := make([]float64, 0, 21)
	for k := 0; k <= 20; k++ {
		all = append(all, math.Pow(10, -float64(k)/4))
	}
	h := make([]float64, len(x0))
	for k, fh := range evalAlong(f, x0, u, all) {
		if fh == nil {
			continue
		}
		t := all[k]
		for j := range h {
			h[j] = t * u[j]
		}
		_, e := jacLinearGap(n, h, fh)
		ts, errs = append(ts, t), append(errs, e)
	}
	return ts, errs
}
