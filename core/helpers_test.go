package core_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
	"gonum.org/v1/gonum/floats/scalar"
)

// newRand returns the seeded generator of a test, so that failures repeat.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// maxDim is the largest dimension of the random shapes: small, so that
// finite differences over every entry stay cheap.
const maxDim = 3

// randShape returns a shape of the given rank with dimensions 1 to maxDim.
func randShape(rnd *rand.Rand, rank int) core.Shape {
	s := make(core.Shape, rank)
	for i := range s {
		s[i] = 1 + rnd.IntN(maxDim)
	}
	return s
}

// broadcastable returns a shape that broadcasts to base: some leading axes
// dropped and some dimensions set to 1.
func broadcastable(rnd *rand.Rand, base core.Shape) core.Shape {
	s := base[rnd.IntN(len(base)+1):].Clone()
	for i := range s {
		if rnd.IntN(3) == 0 {
			s[i] = 1
		}
	}
	return s
}

// uniform returns a tensor of the given shape with entries uniform in
// [lo, hi).
func uniform(rnd *rand.Rand, shape core.Shape, lo, hi float64) *core.Tensor {
	t := core.New(shape, nil)
	for i := range t.Data() {
		t.Data()[i] = lo + (hi-lo)*rnd.Float64()
	}
	return t
}

// signed returns a tensor of the given shape with entries of magnitude
// uniform in [lo, hi) and random sign: away from zero, where abs and relu
// have kinks.
func signed(rnd *rand.Rand, shape core.Shape, lo, hi float64) *core.Tensor {
	t := uniform(rnd, shape, lo, hi)
	for i := range t.Data() {
		if rnd.IntN(2) == 0 {
			t.Data()[i] = -t.Data()[i]
		}
	}
	return t
}

// distinct returns a tensor of the given shape whose entries are a shuffle of
// 0.1·k for k = 0, 1, … plus noise below 0.01, so that no two are within
// 0.09 of each other: max has no ties for finite differences to straddle.
func distinct(rnd *rand.Rand, shape core.Shape) *core.Tensor {
	t := core.New(shape, nil)
	for i, k := range rnd.Perm(t.Len()) {
		t.Data()[i] = 0.1*float64(k) - 1 + 0.01*rnd.Float64()
	}
	return t
}

// clones returns copies of ts.
func clones(ts []*core.Tensor) []*core.Tensor {
	out := make([]*core.Tensor, len(ts))
	for i, t := range ts {
		out[i] = t.Clone()
	}
	return out
}

// sameTensors reports whether a and b hold the same shapes and entries, bit
// for bit.
func sameTensors(a, b []*core.Tensor) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Shape().Equal(b[i].Shape()) {
			return false
		}
		for k, v := range a[i].Data() {
			if math.Float64bits(v) != math.Float64bits(b[i].Data()[k]) {
				return false
			}
		}
	}
	return true
}

// flatten returns the entries of ts one after the other.
func flatten(ts []*core.Tensor) []float64 {
	var out []float64
	for _, t := range ts {
		out = append(out, t.Data()...)
	}
	return out
}

// unflatten returns tensors shaped like like holding the entries of flat.
func unflatten(flat []float64, like []*core.Tensor) []*core.Tensor {
	out := make([]*core.Tensor, len(like))
	for i, t := range like {
		out[i] = core.New(t.Shape(), append([]float64(nil), flat[:t.Len()]...))
		flat = flat[t.Len():]
	}
	return out
}

// dot returns Σ aᵢbᵢ.
func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// maxAbs returns the largest magnitude in a, at least 1: the scale of an
// absolute tolerance.
func maxAbs(a []float64) float64 {
	m := 1.0
	for _, v := range a {
		m = max(m, math.Abs(v))
	}
	return m
}

// checkClose reports an error for each entry where got and want differ by
// more than tol relative to the larger of |want| and scale.
func checkClose(t *testing.T, what string, got, want []float64, tol, scale float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d entries, want %d", what, len(got), len(want))
		return
	}
	bad := 0
	for i := range got {
		if !scalar.EqualWithinAbsOrRel(got[i], want[i], tol*scale, tol) {
			if bad < 3 {
				t.Errorf("%s: entry %d = %.17g, want %.17g (tolerance %g)", what, i, got[i], want[i], tol)
			}
			bad++
		}
	}
	if bad > 3 {
		t.Errorf("%s: %d more entries differ", what, bad-3)
	}
}
