package model

import (
	"math"
	"net/url"
	"slices"
	"testing"
)

// TestErrorsAlong: the scalar and the Jacobian lessons' error series,
// which evaluate f at all their steps at once (expr.Program.Vmap), agree
// with f evaluated step by step, and so they do for a function Vmap cannot
// batch (mse), which is evaluated a step at a time.
func TestErrorsAlong(t *testing.T) {
	same := func(got, want float64) bool {
		return got == want || math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want)) || math.IsNaN(got) && math.IsNaN(want)
	}
	for _, c := range []struct{ f, at string }{
		{"sin(x)", "x = 1"},
		{"sqrt(1.5 - x)", "x = 1"}, // NaN for the steps past the domain's edge, h > 0.5
		{"sqrt(x)", "x = 0"},       // f′(x₀) is infinite: so are the errors
		{"mse([x, 2*x], [1, 2])", "x = 0.3"},
	} {
		f, at := testFunction(t, c.f, c.at)
		x0 := at[0]
		n := ComputeScalar(f, f, x0, 0.1)
		hs, lin, dq := ScalarErrors(f, x0, n)
		if len(hs) != 49 {
			t.Fatalf("%s: %d steps, want 49", c.f, len(hs))
		}
		for i, h := range hs {
			fh := EvalScalar(f, x0+h)
			if want := math.Abs(fh - n.F - n.DFDX*h); !same(lin[i], want) {
				t.Errorf("%s: linear error at h = %g: %v, step by step %v", c.f, h, lin[i], want)
			}
			if want := math.Abs((fh-n.F)/h - n.DFDX); !same(dq[i], want) {
				t.Errorf("%s: quotient's error at h = %g: %v, step by step %v", c.f, h, dq[i], want)
			}
		}
	}
	for _, c := range []struct{ f, at string }{
		{"[x*y, sin(x) + y]", "x = 1; y = 0.5"},
		{"tanh([[1, 2], [-1, 0.5]] @ x)", "x = [0.3, -0.2]"},
		{"[log(x), y]", "x = 0; y = 1"}, // log at x₀ = 0 is -Inf: the error series is NaN
		{"[sum(x^2), mse(x, [1, 2, 3])]", "x = [1, -2, 0.5]"},
	} {
		f, x0 := testFunction(t, c.f, c.at)
		n := ComputeJac(f, x0, 0.5, false)
		ts, errs := JacErrors(f, x0, n)
		if n.Err == nil && len(ts) != 21 {
			t.Errorf("%s: %d steps, want 21", c.f, len(ts))
		}
		u := 1 / math.Sqrt(float64(len(x0)))
		for i, tt := range ts {
			h := make([]float64, len(x0))
			for j := range h {
				h[j] = tt * u
			}
			if _, _, want := JacLinear(f, x0, n, h); !same(errs[i], want) {
				t.Errorf("%s: error at t = %g: %v, step by step %v", c.f, tt, errs[i], want)
			}
		}
	}
}

// TestEvalScalars: a function of one number evaluated at many points at
// once (expr.Program.Vmap) agrees with it evaluated point by point, NaN
// where it is undefined, and so it does for a function Vmap cannot batch
// (mse), which is evaluated a point at a time; the points are left alone.
func TestEvalScalars(t *testing.T) {
	xs := []float64{-2, -1, -0.5, 0, 0.25, 1, 1.5, 3}
	orig := slices.Clone(xs)
	for _, c := range []struct{ f, at string }{
		{"sin(x)", "x = 1"},
		{"sqrt(1 - x)", "x = 0"}, // NaN past x = 1
		{"log(x)", "x = 1"},      // -Inf at 0, NaN below
		{"mse([x, 2*x], [1, 2])", "x = 0.3"},
	} {
		f, _ := testFunction(t, c.f, c.at)
		got := EvalScalars(f, xs)
		if len(got) != len(xs) {
			t.Fatalf("%s: %d values for %d points", c.f, len(got), len(xs))
		}
		for i, x := range xs {
			if want := EvalScalar(f, x); got[i] != want && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Errorf("%s at %g: %v, point by point %v", c.f, x, got[i], want)
			}
		}
	}
	if !slices.Equal(xs, orig) {
		t.Errorf("the points changed: %v, want %v", xs, orig)
	}
}

// testFunction returns the function f with its inputs at, and the
// coordinates of that point, its inputs' entries one after another.
func testFunction(t *testing.T, f, at string) (*Function, []float64) {
	t.Helper()
	fn := FunctionFromQuery(url.Values{"f": {f}, "at": {at}}, "x^2", "x = 1", nil)
	if fn.Err != nil {
		t.Fatalf("%s: %v", f, fn.Err)
	}
	var x0 []float64
	for _, in := range fn.Prog.Inputs() {
		x0 = append(x0, in.Data()...)
	}
	return fn, x0
}
