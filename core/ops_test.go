package core_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// opCase is one operation under test. setup draws, for a trial, the inputs
// (kept away from kinks and singularities, where finite differences fail)
// and the function applying the operation to them.
type opCase struct {
	name  string
	setup func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func)
}

// trials is the number of random points and shapes per operation.
const trials = 20

// Tolerances of the oracles.
const (
	fdTol    = 1e-6  // against central finite differences, whose error is about 1e-10 here
	exactTol = 1e-12 // between two exact methods that round differently
)

// unaryCase returns the case of an elementwise operation on one tensor of
// rank trial%5 (0 to 4) with entries drawn by gen.
func unaryCase(name string, op func(*core.Node) *core.Node, gen func(*rand.Rand, core.Shape) *core.Tensor) opCase {
	return opCase{name, func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := gen(rnd, randShape(rnd, trial%5))
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return op(in[0]) }
	}}
}

// binaryCase returns the case of an elementwise operation on two tensors of
// rank up to 3, broadcast to a common shape in two trials out of three, with
// entries drawn by genA and genB.
func binaryCase(name string, op func(a, b *core.Node) *core.Node, genA, genB func(*rand.Rand, core.Shape) *core.Tensor) opCase {
	return opCase{name, func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		base := randShape(rnd, trial%4)
		sa, sb := base, base
		if trial%3 != 0 {
			sa, sb = broadcastable(rnd, base), broadcastable(rnd, base)
		}
		return []*core.Tensor{genA(rnd, sa), genB(rnd, sb)}, func(in []*core.Node) *core.Node { return op(in[0], in[1]) }
	}}
}

// in returns a generator of entries uniform in [lo, hi).
func in(lo, hi float64) func(*rand.Rand, core.Shape) *core.Tensor {
	return func(rnd *rand.Rand, s core.Shape) *core.Tensor { return uniform(rnd, s, lo, hi) }
}

// away returns a generator of entries of magnitude in [lo, hi), either sign.
func away(lo, hi float64) func(*rand.Rand, core.Shape) *core.Tensor {
	return func(rnd *rand.Rand, s core.Shape) *core.Tensor { return signed(rnd, s, lo, hi) }
}

// randAxes returns a random subset of the axes of a shape of the given rank,
// some counted from the end; empty (meaning all) sometimes.
func randAxes(rnd *rand.Rand, rank int) []int {
	var axes []int
	for a := range rank {
		if rnd.IntN(2) == 0 {
			if rnd.IntN(2) == 0 {
				a -= rank
			}
			axes = append(axes, a)
		}
	}
	return axes
}

// reduceCase returns the case of a reduction over random axes of a tensor of
// rank trial%5 with entries drawn by gen.
func reduceCase(name string, op func(*core.Node, ...int) *core.Node, gen func(*rand.Rand, core.Shape) *core.Tensor) opCase {
	return opCase{name, func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := gen(rnd, randShape(rnd, trial%5))
		axes := randAxes(rnd, x.Rank())
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return op(in[0], axes...) }
	}}
}

// axisCase returns the case of an operation along one random axis of a
// tensor of rank 1 to 4.
func axisCase(name string, op func(*core.Node, int) *core.Node) opCase {
	return opCase{name, func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := uniform(rnd, randShape(rnd, 1+trial%4), -2, 2)
		axis := rnd.IntN(x.Rank()) - rnd.IntN(2)*x.Rank()
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return op(in[0], axis) }
	}}
}

// opCases lists every operation, and compositions that use a value twice.
var opCases = []opCase{
	unaryCase("neg", core.Neg, in(-2, 2)),
	unaryCase("exp", core.Exp, in(-2, 2)),
	unaryCase("log", core.Log, in(0.5, 2)),
	unaryCase("sqrt", core.Sqrt, in(0.5, 2)),
	unaryCase("abs", core.Abs, away(0.1, 2)),
	unaryCase("sin", core.Sin, in(-3, 3)),
	unaryCase("cos", core.Cos, in(-3, 3)),
	unaryCase("tan", core.Tan, in(-1.2, 1.2)),
	unaryCase("tanh", core.Tanh, in(-3, 3)),
	unaryCase("sigmoid", core.Sigmoid, in(-3, 3)),
	unaryCase("relu", core.ReLU, away(0.1, 2)),
	unaryCase("softplus", core.Softplus, in(-3, 3)),
	binaryCase("add", core.Add, in(-2, 2), in(-2, 2)),
	binaryCase("sub", core.Sub, in(-2, 2), in(-2, 2)),
	binaryCase("mul", core.Mul, in(-2, 2), in(-2, 2)),
	binaryCase("div", core.Div, in(-2, 2), away(0.5, 2)),
	binaryCase("pow", core.Pow, in(0.5, 2), in(-2, 2)),
	{"pow constant exponent", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		exps := []float64{2, 3, -1, 0.5, 1.5}
		p := exps[trial%len(exps)]
		x := signed(rnd, randShape(rnd, trial%4), 0.5, 2)
		if p != math.Trunc(p) {
			x = uniform(rnd, x.Shape(), 0.5, 2)
		}
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return core.Pow(in[0], core.Const(core.Scalar(p))) }
	}},
	{"matmul", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		m, k, n, b, c := 1+rnd.IntN(3), 1+rnd.IntN(3), 1+rnd.IntN(3), 1+rnd.IntN(3), 1+rnd.IntN(3)
		shapes := [][2]core.Shape{
			{{k}, {k}},
			{{m, k}, {k}},
			{{k}, {k, n}},
			{{m, k}, {k, n}},
			{{b, m, k}, {b, k, n}},
			{{b, 1, m, k}, {c, k, n}},
			{{m, k}, {b, k, n}},
			{{b, m, k}, {k}},
			{{k}, {b, k, n}},
		}[trial%9]
		return []*core.Tensor{uniform(rnd, shapes[0], -2, 2), uniform(rnd, shapes[1], -2, 2)},
			func(in []*core.Node) *core.Node { return core.MatMul(in[0], in[1]) }
	}},
	{"tensordot", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		sa, sb := randShape(rnd, trial%4), randShape(rnd, rnd.IntN(3))
		p := rnd.IntN(min(len(sa), len(sb)) + 1)
		axesA, axesB := rnd.Perm(len(sa))[:p], rnd.Perm(len(sb))[:p]
		for i := range p {
			sb[axesB[i]] = sa[axesA[i]]
		}
		return []*core.Tensor{uniform(rnd, sa, -2, 2), uniform(rnd, sb, -2, 2)},
			func(in []*core.Node) *core.Node { return core.Tensordot(in[0], in[1], axesA, axesB) }
	}},
	reduceCase("sum", core.Sum, in(-2, 2)),
	reduceCase("mean", core.Mean, in(-2, 2)),
	reduceCase("max", core.Max, distinct),
	reduceCase("logsumexp", core.LogSumExp, in(-2, 2)),
	axisCase("softmax", core.Softmax),
	axisCase("logsoftmax", core.LogSoftmax),
	{"reshape", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := uniform(rnd, randShape(rnd, trial%5), -2, 2)
		dims := x.Shape()
		rnd.Shuffle(len(dims), func(i, j int) { dims[i], dims[j] = dims[j], dims[i] })
		if len(dims) < 4 {
			dims = append(dims, 1)
		}
		if len(dims) > 0 {
			dims[rnd.IntN(len(dims))] = -1
		}
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return core.Reshape(in[0], dims...) }
	}},
	{"transpose", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := uniform(rnd, randShape(rnd, trial%5), -2, 2)
		perm := rnd.Perm(x.Rank())
		if trial%3 == 0 {
			perm = nil // reverse the axes
		}
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return core.Transpose(in[0], perm...) }
	}},
	{"broadcast", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		from := broadcastable(rnd, randShape(rnd, trial%4))
		to := append(randShape(rnd, rnd.IntN(3)), from...)
		for i := len(to) - len(from); i < len(to); i++ {
			if to[i] == 1 {
				to[i] = 1 + rnd.IntN(maxDim)
			}
		}
		return []*core.Tensor{uniform(rnd, from, -2, 2)}, func(in []*core.Node) *core.Node { return core.Broadcast(in[0], to) }
	}},
	{"concat", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		base := randShape(rnd, 1+trial%3)
		axis := rnd.IntN(len(base))
		x := make([]*core.Tensor, 1+rnd.IntN(3))
		for i := range x {
			s := base.Clone()
			s[axis] = 1 + rnd.IntN(maxDim)
			x[i] = uniform(rnd, s, -2, 2)
		}
		return x, func(in []*core.Node) *core.Node { return core.Concat(axis, in...) }
	}},
	{"stack", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		s := randShape(rnd, trial%4)
		axis := rnd.IntN(len(s) + 1)
		x := make([]*core.Tensor, 1+rnd.IntN(3))
		for i := range x {
			x[i] = uniform(rnd, s, -2, 2)
		}
		return x, func(in []*core.Node) *core.Node { return core.Stack(axis, in...) }
	}},
	{"slice", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := uniform(rnd, randShape(rnd, 1+trial%4), -2, 2)
		axis := rnd.IntN(x.Rank())
		d := x.Shape()[axis]
		start := rnd.IntN(d)
		end := start + 1 + rnd.IntN(d-start)
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return core.Slice(in[0], axis, start, end) }
	}},
	{"index", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := uniform(rnd, randShape(rnd, 1+trial%4), -2, 2)
		axis := rnd.IntN(x.Rank())
		i := rnd.IntN(x.Shape()[axis])
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node { return core.Index(in[0], axis, i) }
	}},
	binaryCase("mse", core.MSE, in(-2, 2), in(-2, 2)),
	{"crossentropy", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		s := randShape(rnd, 1+trial%3)
		return []*core.Tensor{uniform(rnd, s, -2, 2), uniform(rnd, s, 0, 1)},
			func(in []*core.Node) *core.Node { return core.CrossEntropy(in[0], in[1]) }
	}},
	{"conv1d", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		k := 1 + rnd.IntN(3)
		s := append(randShape(rnd, trial%3), k+rnd.IntN(4))
		return []*core.Tensor{uniform(rnd, s, -2, 2), uniform(rnd, core.Shape{k}, -2, 2)},
			func(in []*core.Node) *core.Node { return core.Conv1D(in[0], in[1]) }
	}},
	{"value used twice", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		x := uniform(rnd, randShape(rnd, trial%5), -2, 2)
		return []*core.Tensor{x}, func(in []*core.Node) *core.Node {
			return core.Add(core.Sin(in[0]), core.Mul(in[0], core.Exp(in[0])))
		}
	}},
	{"layer", func(rnd *rand.Rand, trial int) ([]*core.Tensor, core.Func) {
		b, n, m := 1+rnd.IntN(3), 1+rnd.IntN(3), 1+rnd.IntN(3)
		x := []*core.Tensor{uniform(rnd, core.Shape{b, n}, -1, 1), uniform(rnd, core.Shape{n, m}, -1, 1), uniform(rnd, core.Shape{m}, -1, 1)}
		target := core.Const(uniform(rnd, core.Shape{b, m}, 0, 1))
		return x, func(in []*core.Node) *core.Node {
			return core.CrossEntropy(core.Tanh(core.Add(core.MatMul(in[0], in[1]), in[2])), target)
		}
	}},
}

// TestOpOracles checks every operation, at random points and shapes, three
// ways: its JVP and VJP against central finite differences; forward-mode
// Jacobian against reverse-mode; and the dot-product test ⟨u, J·v⟩ =
// ⟨Jᵀ·u, v⟩. It also checks that no transform modifies its arguments and
// that the Jacobians have every entry written (they start as NaN).
func TestOpOracles(t *testing.T) {
	for ci, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			rnd := newRand(uint64(ci) + 1)
			for trial := range trials {
				x, f := c.setup(rnd, trial)
				t.Run(fmt.Sprint(trial), func(t *testing.T) { checkOracles(t, rnd, x, f) })
			}
		})
	}
}

// checkOracles runs the oracles on f at x.
func checkOracles(t *testing.T, rnd *rand.Rand, x []*core.Tensor, f core.Func) {
	xCopy := clones(x)
	y, jf, err := core.Jacobian(f, x, &core.Settings{Mode: core.Forward})
	if err != nil {
		t.Fatalf("forward Jacobian at %v: %v", shapesOf(x), err)
	}
	_, jr, err := core.Jacobian(f, x, &core.Settings{Mode: core.Reverse})
	if err != nil {
		t.Fatalf("reverse Jacobian: %v", err)
	}
	for i := range x {
		want := append(y.Shape(), x[i].Shape()...)
		if !jf[i].Shape().Equal(want) || !jr[i].Shape().Equal(want) {
			t.Fatalf("Jacobian %d has shapes %v and %v, want %v", i, jf[i].Shape(), jr[i].Shape(), want)
		}
		for k, v := range jf[i].Data() {
			if math.IsNaN(v) || math.IsNaN(jr[i].Data()[k]) {
				t.Fatalf("Jacobian %d entry %d is NaN: not written", i, k)
			}
		}
		checkClose(t, fmt.Sprintf("forward vs reverse Jacobian %d", i), jf[i].Data(), jr[i].Data(), exactTol, maxAbs(jr[i].Data()))
	}

	v := make([]*core.Tensor, len(x))
	for i := range x {
		v[i] = uniform(rnd, x[i].Shape(), -1, 1)
	}
	u := uniform(rnd, y.Shape(), -1, 1)
	vCopy, uCopy := clones(v), u.Clone()

	_, yDot, err := core.JVP(f, x, v, nil)
	if err != nil {
		t.Fatalf("JVP: %v", err)
	}
	_, pullback, err := core.VJP(f, x, nil)
	if err != nil {
		t.Fatalf("VJP: %v", err)
	}
	xBar, err := pullback(u)
	if err != nil {
		t.Fatalf("pullback: %v", err)
	}

	// JVP against the central difference of t ↦ f(x + t·v) at 0.
	eval := func(x []*core.Tensor) *core.Tensor {
		y, err := core.Eval(f, x, nil)
		if err != nil {
			t.Fatalf("Eval: %v", err)
		}
		return y
	}
	xFlat, vFlat := flatten(x), flatten(v)
	along := mat.NewDense(y.Len(), 1, nil)
	fd.Jacobian(along, func(out, s []float64) {
		p := make([]float64, len(xFlat))
		for k := range p {
			p[k] = xFlat[k] + s[0]*vFlat[k]
		}
		copy(out, eval(unflatten(p, x)).Data())
	}, []float64{0}, &fd.JacobianSettings{Formula: fd.Central})
	checkClose(t, "JVP vs finite differences", yDot.Data(), along.RawMatrix().Data, fdTol, 1)

	// VJP against the central-difference gradient of x ↦ ⟨u, f(x)⟩.
	grad := fd.Gradient(nil, func(p []float64) float64 {
		return dot(u.Data(), eval(unflatten(p, x)).Data())
	}, xFlat, &fd.Settings{Formula: fd.Central})
	checkClose(t, "VJP vs finite differences", flatten(xBar), grad, fdTol, 1)

	// The dot-product test, to a tolerance relative to |u|ᵀ·|J|·|v|, the
	// size of the terms summed.
	lhs, rhs := dot(u.Data(), yDot.Data()), dot(flatten(xBar), vFlat)
	scale := 0.0
	for i := range x {
		n := x[i].Len()
		for k, jv := range jr[i].Data() {
			scale += math.Abs(u.Data()[k/n] * jv * v[i].Data()[k%n])
		}
	}
	if math.Abs(lhs-rhs) > exactTol*max(scale, math.SmallestNonzeroFloat64) {
		t.Errorf("⟨u, J·v⟩ = %.17g, ⟨Jᵀ·u, v⟩ = %.17g, scale %g", lhs, rhs, scale)
	}

	// The Jacobians, computed a block of basis vectors at a time, against
	// the single JVP and VJP.
	jv, ujRows := make([]float64, y.Len()), make([]float64, 0, len(xFlat))
	for i := range x {
		n := x[i].Len()
		uj := make([]float64, n)
		for k, jk := range jr[i].Data() {
			jv[k/n] += jk * v[i].Data()[k%n]
			uj[k%n] += u.Data()[k/n] * jk
		}
		ujRows = append(ujRows, uj...)
	}
	checkClose(t, "J·v vs JVP", jv, yDot.Data(), exactTol, maxAbs(jv))
	checkClose(t, "uᵀ·J vs VJP", ujRows, flatten(xBar), exactTol, maxAbs(ujRows))

	if !sameTensors(x, xCopy) || !sameTensors(v, vCopy) || !sameTensors([]*core.Tensor{u}, []*core.Tensor{uCopy}) {
		t.Errorf("a transform modified its arguments")
	}
}

// shapesOf returns the shapes of ts.
func shapesOf(ts []*core.Tensor) []core.Shape {
	out := make([]core.Shape, len(ts))
	for i, t := range ts {
		out[i] = t.Shape()
	}
	return out
}

// TestOpHessians checks the second-order rules of every operation: the
// Hessian of the scalar Σ c·f(x), for random constant weights c, against
// central finite differences of its gradient, and its symmetry.
func TestOpHessians(t *testing.T) {
	const hessTrials = 5 // fewer than trials: a Hessian costs a sweep per input entry
	for ci, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			rnd := newRand(uint64(ci) + 100)
			for trial := range hessTrials {
				x, f := c.setup(rnd, trial)
				y, err := core.Eval(f, x, nil)
				if err != nil {
					t.Fatal(err)
				}
				w := core.Const(uniform(rnd, y.Shape(), -1, 1))
				g := func(in []*core.Node) *core.Node { return core.Sum(core.Mul(w, f(in))) }
				t.Run(fmt.Sprint(trial), func(t *testing.T) { checkHessian(t, g, x) })
			}
		})
	}
}

// checkHessian checks the Hessian of the scalar function g at x against
// central differences of its gradient, and its symmetry.
func checkHessian(t *testing.T, g core.Func, x []*core.Tensor) {
	t.Helper()
	h, err := core.Hessian(g, x, nil)
	if err != nil {
		t.Fatalf("Hessian: %v", err)
	}
	xFlat := flatten(x)
	n := len(xFlat)
	want := mat.NewDense(n, n, nil)
	fd.Jacobian(want, func(out, p []float64) {
		grads, err := core.Grad(g, unflatten(p, x), nil)
		if err != nil {
			t.Fatalf("Grad: %v", err)
		}
		copy(out, flatten(grads))
	}, xFlat, &fd.JacobianSettings{Formula: fd.Central})
	// Assemble the blocks into one n×n matrix.
	got := mat.NewDense(n, n, nil)
	r0 := 0
	for i := range x {
		c0 := 0
		for j := range x {
			for k, v := range h[i][j].Data() {
				got.Set(r0+k/x[j].Len(), c0+k%x[j].Len(), v)
			}
			c0 += x[j].Len()
		}
		r0 += x[i].Len()
	}
	scale := maxAbs(want.RawMatrix().Data)
	checkClose(t, "Hessian vs finite differences of the gradient", got.RawMatrix().Data, want.RawMatrix().Data, fdTol, scale)
	// Forward over reverse is symmetric only up to rounding in sums of a few
	// terms of size up to scale.
	checkClose(t, "Hessian symmetry", got.RawMatrix().Data, mat.DenseCopyOf(got.T()).RawMatrix().Data, 1e-10, scale)
}
