package expr

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestVmap evaluates expressions at seven points at once and checks each
// point's value against an evaluation at that point alone: with numbers,
// vectors and matrices as inputs, literals and constants mixed in,
// reductions over every axis and over one (counted from either end),
// products of matrices with a literal on either side, dot, transpose,
// reshape and softmax. The expressions Vmap has no rule for give an error
// that wraps ErrVmap.
func TestVmap(t *testing.T) {
	const n = 7
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		src, values string
		unbatched   bool
	}{
		{src: "log(1 + sum([1, 3] * x^2))", values: "x = [1, 0.5]"},
		{src: "x^2 + sin(y) * exp(-x * y)", values: "x = 0.3; y = -1.2"},
		{src: "x * [1, 2, 3] + y", values: "x = 0.5; y = [1, 2, 3]"},
		{src: "sum(W * x, 1) + [[1, 2], [3, 4]] @ x", values: "W = [[1, 2], [3, 4]]; x = [0.5, -1]"},
		{src: "mean(A, 0) - max(A, -2) + logsumexp(A) + sum(A, 1) @ [1, 1]", values: "A = [[1, 2, 3], [4, 5, 6]]"},
		{src: "x @ [[1, 2], [3, 4], [5, 6]]", values: "x = [1, 2, 3]"},
		{src: "[[1, 2, 3], [4, 5, 6]] @ x", values: "x = [1, 2, 3]"},
		{src: "[1, 2] @ A", values: "A = [[1, 2, 3], [4, 5, 6]]"},
		{src: "dot(x, y) + dot(x, [1, 2]) + dot([3, 4], y) + dot(2, 3)", values: "x = [1, 2]; y = [3, 4]"},
		{src: "dot(a, b)", values: "a = 2; b = 3"},
		{src: "transpose(A) @ [1, 1]", values: "A = [[1, 2, 3], [4, 5, 6]]"},
		{src: "reshape(A, 3, 2)", values: "A = [[1, 2, 3], [4, 5, 6]]"},
		{src: "softmax(x) * pi - e", values: "x = [1, 2, 3]"},
		{src: "[x, 2 * x, sum([1, 2])]", values: "x = 0.5"},
		{src: "sum(x) + max(y) + mean(3)", values: "x = 2; y = [1, 5]"},
		{src: "tanh(x) + relu(x - 1) + sigmoid(-x) + softplus(x) + abs(x) + sqrt(x) + cos(x) + tan(x)", values: "x = 0.7"},
		{src: "x @ W", values: "x = [1, 2]; W = [[1, 2], [3, 4]]", unbatched: true},
		{src: "mse(x, [1, 2])", values: "x = [1, 2]", unbatched: true},
		{src: "conv1d(x, [1, 2])", values: "x = [1, 2, 3]", unbatched: true},
	} {
		p := mustCompile(t, c.src, c.values)
		// The inputs' values at n points, around the compiled ones.
		x := make([]*core.Tensor, len(p.Inputs()))
		at := make([][]*core.Tensor, n)
		for i, in := range p.Inputs() {
			data := make([]float64, 0, n*in.Len())
			for k := range n {
				v := make([]float64, in.Len())
				for j, w := range in.Data() {
					v[j] = w + rnd.Float64() - 0.5
				}
				data = append(data, v...)
				at[k] = append(at[k], core.New(in.Shape(), v))
			}
			x[i] = core.New(append(core.Shape{n}, in.Shape()...), data)
		}
		y, err := p.Vmap(x)
		if c.unbatched {
			if !errors.Is(err, ErrVmap) {
				t.Errorf("%s: error %v, want one that wraps ErrVmap", c.src, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		want := append(core.Shape{n}, p.Value().Shape()...)
		if !y.Shape().Equal(want) {
			t.Errorf("%s: shape %v, want %v", c.src, y.Shape(), want)
			continue
		}
		size := p.Value().Len()
		for k := range n {
			one, err := core.Eval(p.Func(), at[k], p.Settings(core.Auto))
			if err != nil {
				t.Fatal(err)
			}
			for j, w := range one.Data() {
				if g := y.Data()[k*size+j]; !scalar.EqualWithinAbsOrRel(g, w, 1e-13, 1e-13) && !(math.IsNaN(g) && math.IsNaN(w)) {
					t.Errorf("%s: point %d, entry %d: %v at once, %v alone", c.src, k, j, g, w)
				}
			}
		}
	}
	// Values that are not one batch of the inputs.
	p := mustCompile(t, "x + y", "x = 1; y = [1, 2]")
	for _, x := range [][]*core.Tensor{
		{core.New(core.Shape{3}, nil)},
		{core.New(core.Shape{3}, nil), core.New(core.Shape{2, 2}, nil)},
		{core.New(core.Shape{3}, nil), core.New(core.Shape{3, 3}, nil)},
		{core.Scalar(1), core.New(core.Shape{2}, nil)},
	} {
		if _, err := p.Vmap(x); err == nil {
			t.Errorf("Vmap of inputs of shapes %v, %v…: no error", x[0].Shape(), x[len(x)-1].Shape())
		}
	}
}
