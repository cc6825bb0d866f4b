package model

import (
	"math"
	"net/url"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// TestGradAlong: the slice and the error series, which evaluate f at all
// their points at once (expr.Program.Vmap), agree with f evaluated point
// by point, and so they do for a function Vmap cannot batch (mse), which
// is evaluated a point at a time.
func TestGradAlong(t *testing.T) {
	for _, c := range []struct{ f, at string }{
		{"sin(x) * y^2 + exp(-x * y)", "x = 0.4; y = -0.7"},
		{"log(x) + sqrt(y)", "x = 0.2; y = 0.1"},       // NaN beyond the domain
		{"log(1 + sum([1, 3] * x^2))", "x = [1, 0.5]"}, // the lesson's
		{"x @ [[1, 2], [3, 4]] @ x + y", "x = [0.4, -0.7]; y = 2"},
		{"mse(x, [1, 2])", "x = [0.4, -0.7]"},
	} {
		f := FunctionFromQuery(url.Values{"f": {c.f}, "at": {c.at}}, "x^2", "x = 1", nil)
		if f.Err != nil {
			t.Fatalf("%s: %v", c.f, f.Err)
		}
		var x0 []float64
		for _, in := range f.Prog.Inputs() {
			x0 = append(x0, in.Data()...)
		}
		h := make([]float64, len(x0))
		for i := range h {
			h[i] = 0.3 * float64(1-2*(i%2))
		}
		same := func(got, want float64) bool { return got == want || math.IsNaN(got) && math.IsNaN(want) }
		sl := GradSliceOf(f, x0, h)
		for i, tt := range sl.Ts {
			if want := GradEval(f, gradAlong(x0, h, tt)); !same(sl.FT[i], want) {
				t.Errorf("%s: slice at t = %g: %v, point by point %v", c.f, tt, sl.FT[i], want)
			}
		}
		n := ComputeGrad(f, x0, h)
		r := GradRemainderOf(f, x0, h, n)
		for i, e := range r.Errs {
			st := r.Steps[i] / floats.Norm(h, 2)
			want := math.Abs(GradEval(f, gradAlong(x0, h, st)) - n.F - st*n.Directional)
			if !(math.Abs(e-want) <= 1e-9*math.Max(1, want) || math.IsNaN(e) && math.IsNaN(want)) {
				t.Errorf("%s: error at step %g: %v, point by point %v", c.f, st, e, want)
			}
		}
	}
}
