package core_test

import (
	"math"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
	"gonum.org/v1/gonum/mat"
)

// replay returns the contraction computed by playing its plan step by step.
func replay(a, b *core.Tensor, axesA, axesB []int) *core.Tensor {
	p := core.ContractPlan(a.Shape(), b.Shape(), axesA, axesB)
	out := core.New(p.Shape(), nil)
	for i := range p.Len() {
		s := p.At(i)
		out.Data()[s.Out] += a.Data()[s.A] * b.Data()[s.B]
	}
	return out
}

func TestContractMatchesDenseMul(t *testing.T) {
	rnd := newRand(1)
	for _, dims := range [][3]int{{1, 1, 1}, {2, 3, 4}, {5, 1, 7}, {16, 16, 16}} {
		m, k, n := dims[0], dims[1], dims[2]
		a, b := uniform(rnd, core.Shape{m, k}, -1, 1), uniform(rnd, core.Shape{k, n}, -1, 1)
		var want mat.Dense
		want.Mul(a.Dense(), b.Dense())
		got := core.Contract(a, b, []int{1}, []int{0})
		checkClose(t, "Contract vs Dense.Mul", got.Data(), want.RawMatrix().Data, exactTol, 1)
		// Aᵀ·C and A·Dᵀ: operands read as transposed matrices.
		c, d := uniform(rnd, core.Shape{m, n}, -1, 1), uniform(rnd, core.Shape{n, k}, -1, 1)
		var wantT, wantU mat.Dense
		wantT.Mul(a.Dense().T(), c.Dense())
		checkClose(t, "Contract over axes 0, 0 vs Aᵀ·C", core.Contract(a, c, []int{0}, []int{0}).Data(), wantT.RawMatrix().Data, exactTol, 1)
		wantU.Mul(a.Dense(), d.Dense().T())
		checkClose(t, "Contract over axes 1, 1 vs A·Dᵀ", core.Contract(a, d, []int{1}, []int{1}).Data(), wantU.RawMatrix().Data, exactTol, 1)
	}
}

// TestContractPlan checks the contraction of random tensors over random
// axes against the replay of its plan, which follows the definition, and the
// plan's length.
func TestContractPlan(t *testing.T) {
	rnd := newRand(2)
	for trial := range trials {
		sa, sb := randShape(rnd, 1+trial%4), randShape(rnd, rnd.IntN(4))
		p := rnd.IntN(min(len(sa), len(sb)) + 1)
		axesA, axesB := rnd.Perm(len(sa))[:p], rnd.Perm(len(sb))[:p]
		for i := range p {
			sb[axesB[i]] = sa[axesA[i]]
		}
		a, b := uniform(rnd, sa, -1, 1), uniform(rnd, sb, -1, 1)
		orig := clones([]*core.Tensor{a, b})
		got := core.Contract(a, b, axesA, axesB)
		want := replay(a, b, axesA, axesB)
		if !got.Shape().Equal(want.Shape()) {
			t.Fatalf("Contract(%v, %v, %v, %v) has shape %v, want %v", sa, sb, axesA, axesB, got.Shape(), want.Shape())
		}
		checkClose(t, "Contract vs its plan", got.Data(), want.Data(), exactTol, 1)
		summed := 1
		for _, ax := range axesA {
			summed *= sa[ax]
		}
		if n := core.ContractPlan(sa, sb, axesA, axesB).Len(); n != got.Len()*summed {
			t.Errorf("plan of %v, %v over %v, %v has %d steps, want %d", sa, sb, axesA, axesB, n, got.Len()*summed)
		}
		if !sameTensors([]*core.Tensor{a, b}, orig) {
			t.Errorf("Contract modified its operands")
		}
	}
}

func TestContractPlanOrder(t *testing.T) {
	// A 2×2 matrix product: for each output entry in row-major order, the
	// sum over k in order.
	p := core.ContractPlan(core.Shape{2, 2}, core.Shape{2, 2}, []int{1}, []int{0})
	want := []core.MulAdd{
		{Out: 0, A: 0, B: 0}, {Out: 0, A: 1, B: 2},
		{Out: 1, A: 0, B: 1}, {Out: 1, A: 1, B: 3},
		{Out: 2, A: 2, B: 0}, {Out: 2, A: 3, B: 2},
		{Out: 3, A: 2, B: 1}, {Out: 3, A: 3, B: 3},
	}
	if p.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", p.Len(), len(want))
	}
	for i, w := range want {
		if got := p.At(i); got != w {
			t.Errorf("At(%d) = %+v, want %+v", i, got, w)
		}
	}
	mustPanicError(t, "step out of range", func() { p.At(8) }, "8")
	// A plan of a large contraction is cheap: nothing is stored per step.
	big := core.ContractPlan(core.Shape{4096, 4096}, core.Shape{4096, 4096}, []int{1}, []int{0})
	if big.Len() != 1<<36 {
		t.Errorf("Len of a 4096³ plan = %d, want 2³⁶", big.Len())
	}
	if got := big.At(big.Len() - 1); got != (core.MulAdd{Out: 1<<24 - 1, A: 1<<24 - 1, B: 1<<24 - 1}) {
		t.Errorf("last step of a 4096³ plan = %+v", got)
	}
}

func TestContractTo(t *testing.T) {
	rnd := newRand(3)
	a, b := uniform(rnd, core.Shape{3, 4, 2}, -1, 1), uniform(rnd, core.Shape{2, 4, 5}, -1, 1)
	dst := core.Full(core.Shape{3, 5}, math.NaN()) // unwritten entries stay NaN
	core.ContractTo(dst, a, b, []int{1, 2}, []int{1, 0})
	checkClose(t, "ContractTo into NaN", dst.Data(), replay(a, b, []int{1, 2}, []int{1, 0}).Data(), exactTol, 1)
	var zero core.Tensor
	core.ContractTo(&zero, a, b, []int{1, 2}, []int{1, 0})
	if !zero.Shape().Equal(core.Shape{3, 5}) {
		t.Errorf("ContractTo a zero Tensor gave shape %v, want [3 5]", zero.Shape())
	}
	mustPanicError(t, "wrong destination", func() { core.ContractTo(core.Zeros(5, 3), a, b, []int{1, 2}, []int{1, 0}) }, "[5 3]", "[3 5]")
	mustPanicError(t, "mismatched axes", func() { core.Contract(a, b, []int{0}, []int{0}) }, "[3 4 2]", "[2 4 5]")
	mustPanicError(t, "axes count", func() { core.Contract(a, b, []int{0, 1}, []int{0}) }, "[3 4 2]", "[2 4 5]")
	mustPanicError(t, "repeated axis", func() { core.Contract(a, b, []int{1, 1}, []int{1, 1}) }, "repeat")
}

// TestChainRule checks that contracting ∂z/∂y with ∂y/∂x over all axes of y
// gives ∂z/∂x, the Jacobian of the composition, for y a vector and y of
// rank 3.
func TestChainRule(t *testing.T) {
	rnd := newRand(4)
	for _, yShape := range []core.Shape{{5}, {2, 3, 2}} {
		x := uniform(rnd, core.Shape{2, 3}, -1, 1)
		A := core.Const(uniform(rnd, append(yShape.Clone(), 2, 3), -1, 1))
		B := core.Const(uniform(rnd, append(core.Shape{4}, yShape...), -1, 1))
		ax := make([]int, len(yShape))
		for i := range ax {
			ax[i] = i + 1
		}
		// f: x ↦ y = sin(A·x), g: y ↦ z = tanh(B·y)·y₀ with y₀ the first entry of y.
		f := func(in []*core.Node) *core.Node {
			return core.Sin(core.Tensordot(A, in[0], []int{len(yShape), len(yShape) + 1}, []int{0, 1}))
		}
		g := func(in []*core.Node) *core.Node {
			first := core.Reshape(core.Slice(core.Reshape(in[0], -1), 0, 0, 1))
			return core.Mul(core.Tanh(core.Tensordot(B, in[0], ax, rangeAxes(len(yShape)))), first)
		}
		gf := func(in []*core.Node) *core.Node { return g([]*core.Node{f(in)}) }

		y, jf, err := core.Jacobian(f, []*core.Tensor{x}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, jg, err := core.Jacobian(g, []*core.Tensor{y}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, want, err := core.Jacobian(gf, []*core.Tensor{x}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := core.ChainRule(jg[0], jf[0], len(yShape))
		if !got.Shape().Equal(core.Shape{4, 2, 3}) {
			t.Fatalf("ChainRule shape %v, want [4 2 3]", got.Shape())
		}
		checkClose(t, "ChainRule vs Jacobian of the composition", got.Data(), want[0].Data(), exactTol, maxAbs(want[0].Data()))
	}
	mustPanicError(t, "ChainRule mismatch", func() { core.ChainRule(core.Zeros(4, 5), core.Zeros(6, 2), 1) }, "[4 5]", "[6 2]")
}

// rangeAxes returns 0, 1, …, n-1.
func rangeAxes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
