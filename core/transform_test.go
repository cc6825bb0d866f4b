package core_test

import (
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

func TestGrad(t *testing.T) {
	x := core.New(core.Shape{3}, []float64{1, -2, 0.5})
	sq := func(in []*core.Node) *core.Node { return core.Sum(core.Mul(in[0], in[0])) }
	g, err := core.Grad(sq, []*core.Tensor{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "∇Σx²", g[0].Data(), []float64{2, -4, 1}, exactTol, 1)

	_, err = core.Grad(func(in []*core.Node) *core.Node { return core.Sin(in[0]) }, []*core.Tensor{x}, nil)
	var ce core.Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "[3]") {
		t.Errorf("Grad of a vector function: error %v, want a core.Error naming [3]", err)
	}
	// An input the output does not depend on has a zero gradient.
	g, err = core.Grad(func(in []*core.Node) *core.Node { return core.Sum(in[0]) }, []*core.Tensor{x, core.Zeros(2)}, nil)
	if err != nil || g[1].Data()[0] != 0 || g[1].Data()[1] != 0 {
		t.Errorf("gradient of an unused input = %v, %v; want zeros", g, err)
	}
}

// TestJacobianAnalytic checks Jacobians against hand-written formulas.
func TestJacobianAnalytic(t *testing.T) {
	rnd := newRand(6)
	W, x := uniform(rnd, core.Shape{3, 4}, -1, 1), uniform(rnd, core.Shape{4}, -1, 1)
	layer := func(in []*core.Node) *core.Node { return core.Tanh(core.MatMul(in[0], in[1])) }
	for _, mode := range []core.Mode{core.Auto, core.Forward, core.Reverse} {
		y, jac, err := core.Jacobian(layer, []*core.Tensor{W, x}, &core.Settings{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		// y = tanh(W·x): ∂yᵢ/∂xₖ = (1 - yᵢ²)·Wᵢₖ and ∂yᵢ/∂Wⱼₖ = δᵢⱼ·(1 - yᵢ²)·xₖ.
		wantX := core.New(core.Shape{3, 4}, nil)
		wantW := core.New(core.Shape{3, 3, 4}, nil)
		for i := range 3 {
			d := 1 - y.At(i)*y.At(i)
			for k := range 4 {
				wantX.Set(d*W.At(i, k), i, k)
				wantW.Set(d*x.At(k), i, i, k)
			}
		}
		checkClose(t, mode.String()+" ∂tanh(Wx)/∂W", jac[0].Data(), wantW.Data(), exactTol, 1)
		checkClose(t, mode.String()+" ∂tanh(Wx)/∂x", jac[1].Data(), wantX.Data(), exactTol, 1)
	}

	// softmax: ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ - sⱼ).
	z := uniform(rnd, core.Shape{4}, -2, 2)
	s, jac, err := core.Jacobian(func(in []*core.Node) *core.Node { return core.Softmax(in[0], 0) }, []*core.Tensor{z}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := core.New(core.Shape{4, 4}, nil)
	for i := range 4 {
		for j := range 4 {
			delta := 0.0
			if i == j {
				delta = 1
			}
			want.Set(s.At(i)*(delta-s.At(j)), i, j)
		}
	}
	checkClose(t, "∂softmax/∂x", jac[0].Data(), want.Data(), exactTol, 1)

	if _, _, err := core.Jacobian(layer, []*core.Tensor{W, x}, &core.Settings{Mode: 7}); err == nil {
		t.Errorf("unknown mode: no error")
	}
}

// TestJacobianSizeGuard checks that a Jacobian over the limit is refused
// with an inspectable error, before it is allocated.
func TestJacobianSizeGuard(t *testing.T) {
	const n = 1 << 13 // y and x of 2¹³ entries: a Jacobian of 2²⁶ entries, 512 MiB
	double := func(in []*core.Node) *core.Node { return core.Add(in[0], in[0]) }
	x := core.Zeros(n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := core.Jacobian(double, []*core.Tensor{x}, nil)
	runtime.ReadMemStats(&after)
	var se *core.SizeError
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want a *core.SizeError", err)
	}
	if se.Entries() != n*n || se.Bytes() != 8*n*n || se.Limit != core.DefaultMaxEntries || !se.Shape.Equal(core.Shape{n, n}) {
		t.Errorf("SizeError %+v: entries %d, bytes %d", se, se.Entries(), se.Bytes())
	}
	for _, w := range []string{"core: ", "Jacobian", "[8192 8192]", "67108864 entries", "512 MiB", "16777216", "128 MiB", "JVP or VJP"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
	// Tracing allocates a few vectors of n entries; the Jacobian would be 512 MiB.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("refusing the Jacobian allocated %d bytes", grew)
	}

	small := &core.Settings{MaxEntries: 15} // under the 16 entries of a 4×4 Jacobian
	if _, _, err := core.Jacobian(double, []*core.Tensor{core.Zeros(4)}, small); !errors.As(err, &se) || se.Limit != 15 {
		t.Errorf("MaxEntries 15: error %v", err)
	}
	if _, err := core.Hessian(func(in []*core.Node) *core.Node { return core.Sum(in[0]) }, []*core.Tensor{core.Zeros(4)}, small); !errors.As(err, &se) {
		t.Errorf("Hessian over MaxEntries: error %v", err)
	}
}

func TestMaxIntermediate(t *testing.T) {
	const limit = 1 << 12 // small, for speed; the expression language's is 2²²
	wide := func(in []*core.Node) *core.Node { return core.Sum(core.Broadcast(in[0], core.Shape{128, 64})) }
	x := []*core.Tensor{core.Zeros(64)}
	_, err := core.Trace(wide, x, &core.Settings{MaxIntermediate: limit})
	var se *core.SizeError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "broadcast") || !strings.Contains(err.Error(), "[128 64]") || se.Limit != limit {
		t.Errorf("error %v, want a SizeError for the broadcast [128 64]", err)
	}
	// The same function within the default limit.
	if _, err := core.Eval(wide, x, nil); err != nil {
		t.Errorf("default limit: %v", err)
	}
	// Derivative nodes carry the limit too: the VJP of sum is a broadcast.
	sum := func(in []*core.Node) *core.Node { return core.Sum(in[0]) }
	_, pullback, err := core.VJP(sum, []*core.Tensor{core.Zeros(64)}, &core.Settings{MaxIntermediate: 63})
	if err == nil {
		_, err = pullback(core.Scalar(1))
	}
	if !errors.As(err, &se) {
		t.Errorf("limit below the input size: error %v, want a SizeError", err)
	}
}

func TestLinearApprox(t *testing.T) {
	rnd := newRand(7)
	x := []*core.Tensor{uniform(rnd, core.Shape{2, 3}, -1, 1)}
	h := uniform(rnd, core.Shape{2, 3}, -1, 1)
	f := func(in []*core.Node) *core.Node { return core.Softmax(core.Sin(in[0]), 1) }
	y, jac, err := core.Jacobian(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	approx, err := core.LinearApprox(f, x, []*core.Tensor{h}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := core.Contract(jac[0], h, []int{2, 3}, []int{0, 1})
	for i, v := range y.Data() {
		want.Data()[i] += v
	}
	checkClose(t, "LinearApprox vs f(x) + J·h", approx.Data(), want.Data(), exactTol, 1)

	// The error of the approximation shrinks like |h|²: a step ten times
	// smaller has an error about a hundred times smaller.
	errAt := func(eps float64) float64 {
		hs := h.Clone()
		xh := x[0].Clone()
		for i := range hs.Data() {
			hs.Data()[i] *= eps
			xh.Data()[i] += hs.Data()[i]
		}
		a, err := core.LinearApprox(f, x, []*core.Tensor{hs}, nil)
		if err != nil {
			t.Fatal(err)
		}
		exact, _ := core.Eval(f, []*core.Tensor{xh}, nil)
		e := 0.0
		for i := range a.Data() {
			e = math.Max(e, math.Abs(a.Data()[i]-exact.Data()[i]))
		}
		return e
	}
	if r := errAt(1e-2) / errAt(1e-3); r < 50 || r > 200 {
		t.Errorf("error ratio for steps 1e-2 and 1e-3 = %v, want about 100", r)
	}
}

func TestHessianAnalytic(t *testing.T) {
	rnd := newRand(8)
	x := uniform(rnd, core.Shape{3}, -1, 1)
	A := uniform(rnd, core.Shape{3, 3}, -1, 1)
	// Σx³: H = diag(6x).
	cube := func(in []*core.Node) *core.Node { return core.Sum(core.Pow(in[0], core.Const(core.Scalar(3)))) }
	h, err := core.Hessian(cube, []*core.Tensor{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := core.New(core.Shape{3, 3}, nil)
	for i := range 3 {
		want.Set(6*x.At(i), i, i)
	}
	checkClose(t, "Hessian of Σx³", h[0][0].Data(), want.Data(), exactTol, 1)

	// xᵀAx: H = A + Aᵀ; with A an input too, ∂²/∂x∂A[i,j,k] = δᵢⱼxₖ + δᵢₖxⱼ.
	quad := func(in []*core.Node) *core.Node { return core.MatMul(in[0], core.MatMul(in[1], in[0])) }
	h, err = core.Hessian(quad, []*core.Tensor{x, A}, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantXA := core.New(core.Shape{3, 3, 3}, nil)
	for i := range 3 {
		for j := range 3 {
			want.Set(A.At(i, j)+A.At(j, i), i, j)
			for k := range 3 {
				v := 0.0
				if i == j {
					v += x.At(k)
				}
				if i == k {
					v += x.At(j)
				}
				wantXA.Set(v, i, j, k)
			}
		}
	}
	checkClose(t, "Hessian of xᵀAx in x", h[0][0].Data(), want.Data(), exactTol, 1)
	checkClose(t, "Hessian of xᵀAx in x and A", h[0][1].Data(), wantXA.Data(), exactTol, 1)
	checkClose(t, "Hessian of xᵀAx in A", h[1][1].Data(), make([]float64, 81), exactTol, 1)

	if _, err := core.Hessian(func(in []*core.Node) *core.Node { return in[0] }, []*core.Tensor{x}, nil); err == nil {
		t.Errorf("Hessian of a vector function: no error")
	}
}

func TestTransformArguments(t *testing.T) {
	x := []*core.Tensor{core.New(core.Shape{2}, []float64{1, 2})}
	id := func(in []*core.Node) *core.Node { return in[0] }
	// Results never alias arguments, even for the identity.
	y, yDot, err := core.JVP(id, x, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	y.Data()[0], yDot.Data()[1] = 9, 9
	if x[0].Data()[0] != 1 || x[0].Data()[1] != 2 {
		t.Errorf("JVP results alias its arguments")
	}
	_, pullback, _ := core.VJP(id, x, nil)
	u := core.New(core.Shape{2}, []float64{3, 4})
	xBar, err := pullback(u)
	if err != nil {
		t.Fatal(err)
	}
	xBar[0].Data()[0] = 9
	if u.Data()[0] != 3 {
		t.Errorf("VJP results alias the cotangent")
	}
	// Both inputs of a sum receive the same cotangent, but not the same tensor.
	two := []*core.Tensor{core.Zeros(2), core.Zeros(2)}
	grads, err := core.Grad(func(in []*core.Node) *core.Node { return core.Sum(core.Add(in[0], in[1])) }, two, nil)
	if err != nil {
		t.Fatal(err)
	}
	grads[0].Data()[0] = 9
	if grads[1].Data()[0] != 1 {
		t.Errorf("gradients of two inputs alias each other")
	}

	for name, err := range map[string]error{
		"JVP with no tangents":  second(core.JVP(id, x, nil, nil)),
		"JVP with a bad shape":  second(core.JVP(id, x, []*core.Tensor{core.Zeros(3)}, nil)),
		"pullback of bad shape": errOf(pullback(core.Zeros(3))),
		"nil input":             errOf(core.Eval(id, []*core.Tensor{nil}, nil)),
	} {
		var ce core.Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %v, want a core.Error", name, err)
		}
	}
}

// second returns the error of a call returning two values and an error.
func second[A, B any](_ A, _ B, err error) error { return err }

// errOf returns the error of a call returning a value and an error.
func errOf[A any](_ A, err error) error { return err }

// TestJacobianRankMax checks the Jacobian of a function through a node of
// rank MaxRank, which leaves no room for a batch axis: the sweeps then take
// one basis vector at a time.
func TestJacobianRankMax(t *testing.T) {
	rnd := newRand(14)
	x := []*core.Tensor{uniform(rnd, core.Shape{2, 3}, -1, 1)}
	f := func(in []*core.Node) *core.Node {
		deep := core.Reshape(core.Sin(in[0]), 1, 1, 1, 1, 1, 1, 2, 3)
		return core.Reshape(core.Mul(deep, deep), 3, 2)
	}
	for _, mode := range []core.Mode{core.Forward, core.Reverse} {
		_, jac, err := core.Jacobian(f, x, &core.Settings{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		// y = sin²(x) reshaped: ∂y[p]/∂x[p] = 2 sin x cos x = sin 2x for the same flat p.
		want := core.New(core.Shape{3, 2, 2, 3}, nil)
		for p, xp := range x[0].Data() {
			want.Data()[p*6+p] = math.Sin(2 * xp)
		}
		checkClose(t, mode.String()+" Jacobian through rank 8", jac[0].Data(), want.Data(), exactTol, 1)
	}
}

func TestModePick(t *testing.T) {
	for _, c := range []struct {
		m      core.Mode
		ny, nx int
		want   core.Mode
	}{
		{core.Auto, 3, 2, core.Forward}, // tall: fewer inputs than outputs
		{core.Auto, 2, 3, core.Reverse}, // wide
		{core.Auto, 2, 2, core.Reverse}, // square: reverse, as Jacobian runs it
		{core.Forward, 1, 100, core.Forward},
		{core.Reverse, 100, 1, core.Reverse},
	} {
		if got := c.m.Pick(c.ny, c.nx); got != c.want {
			t.Errorf("%v.Pick(%d, %d) = %v, want %v", c.m, c.ny, c.nx, got, c.want)
		}
	}
}
