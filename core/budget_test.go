package core_test

import (
	"errors"
	"math"
	"math/big"
	"runtime"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// allocated returns the bytes fn allocates on the heap.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// budgetError returns the *core.BudgetError err wraps, failing t if there
// is none or it is not of the kind wanted.
func budgetError(t *testing.T, what string, err error, work bool) *core.BudgetError {
	t.Helper()
	var be *core.BudgetError
	if !errors.As(err, &be) || be.Work != work {
		t.Fatalf("%s: error %v, want a *core.BudgetError (work %v)", what, err, work)
	}
	if be.Used+be.Need <= be.Limit {
		t.Errorf("%s: %+v fits in its budget", what, be)
	}
	return be
}

// outer returns the function x ↦ (x as a column)·(x as a row), an n×n
// matrix from n entries, followed by then.
func outer(then func(*core.Node) *core.Node) core.Func {
	return func(in []*core.Node) *core.Node {
		n := in[0].Shape()[0]
		return then(core.Mul(core.Reshape(in[0], n, 1), core.Reshape(in[0], 1, n)))
	}
}

func TestShapeSizeSaturates(t *testing.T) {
	// The shape of the reshape: six sizes of at most 2²², whose
	// product, 7.4·10³⁷, wraps around to 4 in 64-bit arithmetic.
	huge := core.Shape{2516583, 2876899, 3340303, 337876, 2561423, 3552137}
	if n := huge.Size(); n != math.MaxInt {
		t.Errorf("Size of %v = %d, want math.MaxInt", huge, n)
	}
	if n := (core.Shape{1 << 31, 1 << 31}).Size(); n != 1<<62 {
		t.Errorf("Size of [2³¹ 2³¹] = %d", n)
	}
	err := core.Maybe(func() { core.Zeros(huge...) })
	if err == nil || !strings.Contains(err.Error(), "7.43 × 10³⁷ entries") {
		t.Errorf("Zeros(%v): error %v", huge, err)
	}
	x := core.New(core.Shape{4}, []float64{1, 2, 3, 4})
	err = core.Maybe(func() { x.Reshape(huge...) })
	if err == nil || !strings.Contains(err.Error(), "cannot reshape [4] of 4 entries") {
		t.Errorf("Reshape to %v: error %v", huge, err)
	}
	_, err = core.Eval(func(in []*core.Node) *core.Node { return core.Sum(core.Reshape(in[0], huge...)) }, []*core.Tensor{x}, nil)
	var ce core.Error
	if !errors.As(err, &ce) || ce.Op != "reshape" {
		t.Errorf("Eval of sum(reshape(x, …)): error %v, want a core.Error of reshape", err)
	}
	// A size error on such a shape says how many entries, not a wrapped
	// count.
	se := &core.SizeError{What: "Jacobian", Shape: huge, Limit: 16}
	if se.Entries() != math.MaxInt || !strings.Contains(se.Error(), "7.43 × 10³⁷ entries") {
		t.Errorf("SizeError: %v", se)
	}
}

func TestBudgetMemory(t *testing.T) {
	// Each softmax of the 512×512 outer product holds 2 MiB in its result
	// and as much again in each of its hidden nodes (x - max, exp, the
	// quotient): a chain of three needs about 25 MiB, over a 16 MiB budget.
	const n = 512
	x := []*core.Tensor{core.Full(core.Shape{n}, 1)}
	f := outer(func(m *core.Node) *core.Node {
		return core.Sum(core.Softmax(core.Softmax(core.Softmax(m, -1), -1), -1))
	})
	s := &core.Settings{MaxBytes: 16 << 20}
	var err error
	got := allocated(func() { _, err = core.Eval(f, x, s) })
	be := budgetError(t, "softmax chain", err, false)
	if be.Limit != 16<<20 || !strings.Contains(be.Error(), "memory budget of 16 MiB") {
		t.Errorf("error %v", be)
	}
	// Refused before allocating: less than the budget was taken, give or
	// take the bookkeeping of the nodes (1 MiB).
	if got > 17<<20 {
		t.Errorf("allocated %d bytes under a budget of 16 MiB", got)
	}
	// With the default budget it runs.
	if _, err := core.Eval(f, x, nil); err != nil {
		t.Errorf("default budget: %v", err)
	}
}

func TestBudgetWork(t *testing.T) {
	// A 600×600 product needs 600³ = 2.16·10⁸ multiply-adds: refused by a
	// budget of 10⁸ before the product is allocated (2.9 MB) or computed.
	rnd := newRand(1)
	a, b := uniform(rnd, core.Shape{600, 600}, -1, 1), uniform(rnd, core.Shape{600, 600}, -1, 1)
	f := func(in []*core.Node) *core.Node { return core.MatMul(in[0], in[1]) }
	s := &core.Settings{MaxWork: 1e8}
	var err error
	got := allocated(func() { _, err = core.Eval(f, []*core.Tensor{a, b}, s) })
	be := budgetError(t, "600³ product", err, true)
	if be.Need != 600*600*600 || be.Used != 0 {
		t.Errorf("error %+v, want Need 2.16·10⁸ and nothing used", be)
	}
	if got > 1<<20 {
		t.Errorf("allocated %d bytes for a refused product", got)
	}
	// The elementwise work counts too: 2.5·10⁸ multiply-adds of budget
	// leave room for the product, but not for 30 sums of its 3.6·10⁵
	// entries at 8 a piece (8.6·10⁷ more).
	g := func(in []*core.Node) *core.Node {
		y := core.MatMul(in[0], in[1])
		for range 30 {
			y = core.Add(y, in[0])
		}
		return y
	}
	_, err = core.Eval(g, []*core.Tensor{a, b}, &core.Settings{MaxWork: 2.5e8})
	budgetError(t, "sums", err, true)
}

func TestBudgetSweeps(t *testing.T) {
	// The backward pass counts: the forward pass of sum(tanh(x xᵀ)) holds
	// two 512×512 nodes (4 MiB), its backward pass about eight more (the
	// whole VJP fits in 21 MiB, measured).
	const n = 512
	x := []*core.Tensor{core.Full(core.Shape{n}, 0.01)}
	f := outer(func(m *core.Node) *core.Node { return core.Sum(core.Tanh(m)) })
	s := &core.Settings{MaxBytes: 11 << 20}
	_, pullback, err := core.VJP(f, x, s)
	if err != nil {
		t.Fatalf("VJP: %v", err)
	}
	_, err = pullback(core.Scalar(1))
	budgetError(t, "backward pass", err, false)
	// Each call of a pullback starts from what the trace left: three calls
	// fit where one does.
	_, pullback, err = core.VJP(f, x, &core.Settings{MaxBytes: 24 << 20})
	if err != nil {
		t.Fatalf("VJP: %v", err)
	}
	for i := range 3 {
		if _, err := pullback(core.Scalar(1)); err != nil {
			t.Errorf("pullback call %d: %v", i, err)
		}
	}

	// The Jacobians count: eight 512×512 Jacobians (2 MiB each) do not
	// fit in 8 MiB.
	eight := make([]*core.Tensor, 8)
	for i := range eight {
		eight[i] = core.Full(core.Shape{n}, 1)
	}
	sum := func(in []*core.Node) *core.Node {
		y := in[0]
		for _, v := range in[1:] {
			y = core.Add(y, v)
		}
		return y
	}
	var jerr error
	got := allocated(func() { _, _, jerr = core.Jacobian(sum, eight, &core.Settings{MaxBytes: 8 << 20}) })
	be := budgetError(t, "eight Jacobians", jerr, false)
	if !strings.Contains(be.What, "Jacobian of shape [512 512]") || got > 8<<20 {
		t.Errorf("error %v after allocating %d bytes", be, got)
	}

	// The sweeps of a Jacobian are estimated before they start: 512
	// sweeps of sum(tanh(x xᵀ), 0) at 2.5·10⁷ multiply-adds each.
	rows := outer(func(m *core.Node) *core.Node { return core.Sum(core.Tanh(m), 0) })
	got = allocated(func() { _, _, jerr = core.Jacobian(rows, x, &core.Settings{MaxWork: 1e9}) })
	be = budgetError(t, "Jacobian sweeps", jerr, true)
	if !strings.Contains(be.What, "512 sweeps") || got > 16<<20 {
		t.Errorf("error %v after allocating %d bytes", be, got)
	}

	// The memory of each block of sweeps is given back when it is done: the
	// 2048×2048 Jacobian of tanh (32 MiB) takes 256 blocks of 8 sweeps,
	// 100 MiB in all, but fits in 40 MiB.
	wide := []*core.Tensor{core.Full(core.Shape{2048}, 0.5)}
	_, jac, err := core.Jacobian(func(in []*core.Node) *core.Node { return core.Tanh(in[0]) }, wide, &core.Settings{MaxBytes: 40 << 20})
	if err != nil {
		t.Fatalf("Jacobian of tanh: %v", err)
	}
	if d := 1 - math.Pow(math.Tanh(0.5), 2); jac[0].At(7, 7) != d || jac[0].At(7, 8) != 0 {
		t.Errorf("Jacobian of tanh: %v, %v", jac[0].At(7, 7), jac[0].At(7, 8))
	}
}

func TestBudgetConstants(t *testing.T) {
	// Constants made with ConstLike count against the budget of the
	// transform, and so do the nodes made from them alone.
	const n = 512
	big := core.Full(core.Shape{n, 1}, 1)
	f := func(in []*core.Node) *core.Node {
		c := core.ConstLike(big, in[0])
		return core.Sum(core.Exp(core.Exp(core.Mul(c, core.Reshape(c, 1, n)))))
	}
	_, err := core.Eval(f, []*core.Tensor{core.Scalar(1)}, &core.Settings{MaxBytes: 4 << 20})
	budgetError(t, "constants", err, false)
	// A Func without inputs gets its budget from BudgetNode.
	g := func([]*core.Node) *core.Node {
		c := core.ConstLike(big, core.BudgetNode(&core.Settings{MaxBytes: 4 << 20}))
		return core.Sum(core.Exp(core.Exp(core.Mul(c, core.Reshape(c, 1, n)))))
	}
	_, err = core.Eval(g, nil, nil)
	budgetError(t, "constants without inputs", err, false)
}

func TestSoftmaxStable(t *testing.T) {
	softmax := func(in []*core.Node) *core.Node { return core.Softmax(in[0], -1) }
	logSoftmax := func(in []*core.Node) *core.Node { return core.LogSoftmax(in[0], -1) }
	eval := func(f core.Func, x ...float64) []float64 {
		y, err := core.Eval(f, []*core.Tensor{core.New(core.Shape{len(x)}, x)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return y.Data()
	}
	for _, s := range []float64{0, 1, 1e6, 1e15, 1e16, 1e100, 1e300, -1e300} {
		// Equal entries give exactly equal results at any magnitude, which
		// sum to 1.
		for n := 2; n <= 7; n++ {
			x := make([]float64, n)
			for i := range x {
				x[i] = s
			}
			y := eval(softmax, x...)
			sum := 0.0
			for i, v := range y {
				if v != y[0] || math.Abs(v-1/float64(n)) > 1e-16 {
					t.Errorf("softmax of %d × %g: entry %d = %v", n, s, i, v)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-15 {
				t.Errorf("softmax of %d × %g sums to 1 %+g", n, s, sum-1)
			}
			if l := eval(logSoftmax, x...); math.Abs(l[0]+math.Log(float64(n))) > 1e-15*math.Log(float64(n)) {
				t.Errorf("logsoftmax of %d × %g = %v", n, s, l[0])
			}
		}
		// Entries s + k, where that is exact, give the softmax of k to a
		// relative error near 1e-16: the shift by the maximum is exact.
		if s+4 != s && math.Abs(s) < 1e16 {
			k := []float64{0, 1, 2, 4}
			want := eval(softmax, k...)
			got := eval(softmax, s, s+1, s+2, s+4)
			for i := range k {
				if math.Abs(got[i]-want[i]) > 1e-15*want[i] {
					t.Errorf("softmax at %g + %v: entry %d = %v, want %v", s, k, i, got[i], want[i])
				}
			}
		}
		// The Jacobian is consistent with the value: diag(y) - y yᵀ.
		x := []float64{s, s / 2, s / 4}
		y := eval(softmax, x...)
		_, jac, err := core.Jacobian(softmax, []*core.Tensor{core.New(core.Shape{3}, x)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			for j := range 3 {
				want := -y[i] * y[j]
				if i == j {
					want += y[i]
				}
				if got := jac[0].At(i, j); math.Abs(got-want) > 1e-15 {
					t.Errorf("softmax at %v: J[%d][%d] = %v, want %v", x, i, j, got, want)
				}
			}
		}
	}
	// Sums over 1000 random entries of every magnitude.
	rnd := newRand(2)
	x := make([]float64, 1000)
	for i := range x {
		x[i] = (rnd.Float64()*2 - 1) * math.Pow(10, float64(rnd.IntN(300)))
	}
	sum := 0.0
	for _, v := range eval(softmax, x...) {
		sum += v
	}
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("softmax of 1000 entries sums to 1 %+g", sum-1)
	}
}

func TestPowLogConventions(t *testing.T) {
	pow := func(in []*core.Node) *core.Node { return core.Pow(in[0], in[1]) }
	for _, tc := range []struct {
		x, y       float64
		dx, dy     float64 // ∂/∂x and ∂/∂y of x^y
		why        string
		forwardToo bool
	}{
		{0, 0, 0, 0, "x^0 is 1 for every x; 0^y is 0 for y > 0, 1 at 0", true},
		{0, 2, 0, 0, "x² is flat at 0; 0^y is 0 near y = 2", true},
		{0, 1, 1, 0, "x¹ = x", true},
		{0, 0.5, math.Inf(1), 0, "√x is vertical at 0, from above", true},
		{2, 0, 0, math.Log(2), "x^0 is 1; 2^y grows as log 2 at 0", true},
		{2, 3, 12, 8 * math.Log(2), "the usual formulas", true},
		{-2, 2, -4, math.NaN(), "(-2)^y is not real for most y near 2", true},
	} {
		x := []*core.Tensor{core.Scalar(tc.x), core.Scalar(tc.y)}
		for _, mode := range []core.Mode{core.Forward, core.Reverse} {
			_, jac, err := core.Jacobian(pow, x, &core.Settings{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			dx, dy := jac[0].Data()[0], jac[1].Data()[0]
			if !sameFloat(dx, tc.dx) || !sameFloat(dy, tc.dy) {
				t.Errorf("%v^%v (%v): ∂/∂x = %v, ∂/∂y = %v; want %v, %v (%s)", tc.x, tc.y, mode, dx, dy, tc.dx, tc.dy, tc.why)
			}
		}
	}
	// log's derivative is NaN where log is, and a zero direction gives 0
	// whatever the local derivative: the Jacobian of log at [-1, 0, 1] is
	// diagonal in both modes.
	logf := func(in []*core.Node) *core.Node { return core.Log(in[0]) }
	inf := math.Inf(1)
	want := []float64{math.NaN(), 0, 0, 0, inf, 0, 0, 0, 1}
	for _, mode := range []core.Mode{core.Forward, core.Reverse} {
		_, jac, err := core.Jacobian(logf, []*core.Tensor{core.New(core.Shape{3}, []float64{-1, 0, 1})}, &core.Settings{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range jac[0].Data() {
			if !sameFloat(v, want[i]) {
				t.Errorf("Jacobian of log (%v): %v, want %v", mode, jac[0].Data(), want)
				break
			}
		}
	}
}

// sameFloat reports whether a and b are equal, or both NaN.
func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// FuzzShape checks the arithmetic of shapes on dimensions of any size:
// Size never wraps around, and New, Reshape, BroadcastShapes and
// ContractPlan refuse what does not fit with an error, never a panic of
// another kind or a wrong size.
func FuzzShape(f *testing.F) {
	f.Add([]byte{})
	// The dimensions of the reshape, whose product wraps to 4.
	f.Add([]byte("\x00\x26\x66\x67\x00\x2b\xe5\x23\x00\x32\xf8\x0f\x00\x05\x27\xd4\x00\x27\x15\x8f\x00\x36\x33\x89"))
	f.Add([]byte{0, 0, 0, 2, 0, 0, 0, 3, 255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Dimensions of three bytes each, big-endian, 0 to 2²⁴-1; up to 9.
		var dims []int
		for i := 0; i+3 <= len(data) && len(dims) < 9; i += 3 {
			dims = append(dims, int(data[i])<<16|int(data[i+1])<<8|int(data[i+2]))
		}
		s := core.Shape(dims)
		exact := big.NewInt(1)
		positive := true
		for _, d := range dims {
			exact.Mul(exact, big.NewInt(int64(d)))
			positive = positive && d > 0
		}
		switch n := s.Size(); {
		case !positive:
		case exact.IsInt64() && exact.Int64() < math.MaxInt:
			if int64(n) != exact.Int64() {
				t.Fatalf("Size of %v = %d, want %v", s, n, exact)
			}
		case n != math.MaxInt:
			t.Fatalf("Size of %v = %d, want math.MaxInt for %v", s, n, exact)
		}
		check := func(what string, err error) {
			var ce core.Error
			if err != nil && !errors.As(err, &ce) {
				t.Fatalf("%s of %v: error %v of type %T", what, s, err, err)
			}
		}
		// New, on shapes small enough to allocate.
		if positive && exact.Cmp(big.NewInt(1<<16)) <= 0 {
			var z *core.Tensor
			check("Zeros", core.Maybe(func() { z = core.Zeros(dims...) }))
			if z != nil && z.Len() != s.Size() {
				t.Fatalf("Zeros(%v) has %d entries", s, z.Len())
			}
		}
		x := core.New(core.Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6})
		var r *core.Tensor
		check("Reshape", core.Maybe(func() { r = x.Reshape(dims...) }))
		if r != nil && r.Len() != 6 {
			t.Fatalf("Reshape(%v) has %d entries", s, r.Len())
		}
		half := len(dims) / 2
		b, err := core.BroadcastShapes(s[:half], s[half:])
		check("BroadcastShapes", err)
		if err == nil && positive && len(b) <= core.MaxRank && b.Size() < s[half:].Size() {
			t.Fatalf("BroadcastShapes(%v, %v) = %v, smaller than an operand", s[:half], s[half:], b)
		}
		if half > 0 && len(dims) > half {
			check("ContractPlan", core.Maybe(func() { core.ContractPlan(s[:half], s[half:], []int{-1}, []int{0}) }))
		}
	})
}
