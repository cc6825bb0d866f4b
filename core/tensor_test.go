package core_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
	"gonum.org/v1/gonum/mat"
)

// mustPanicError calls fn and checks that it panics with a core.Error whose
// text starts "core: " and contains each of the words.
func mustPanicError(t *testing.T, what string, fn func(), words ...string) {
	t.Helper()
	err := core.Maybe(fn)
	var ce core.Error
	if !errors.As(err, &ce) {
		t.Errorf("%s: got %v, want a core.Error", what, err)
		return
	}
	if !strings.HasPrefix(err.Error(), "core: ") {
		t.Errorf("%s: error %q does not start with core:", what, err)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not mention %q", what, err, w)
		}
	}
}

func TestNewAndAccess(t *testing.T) {
	x := core.New(core.Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	if got := x.At(1, 2); got != 6 {
		t.Errorf("At(1, 2) = %v, want 6", got)
	}
	x.Set(-1, 0, 1)
	if got := x.Data()[1]; got != -1 {
		t.Errorf("after Set(-1, 0, 1), entry 1 = %v, want -1", got)
	}
	if x.Rank() != 2 || x.Len() != 6 || !x.Shape().Equal(core.Shape{2, 3}) {
		t.Errorf("rank %d, len %d, shape %v; want 2, 6, [2 3]", x.Rank(), x.Len(), x.Shape())
	}
	s := core.Scalar(2.5)
	if s.Rank() != 0 || s.Len() != 1 || s.At() != 2.5 {
		t.Errorf("Scalar(2.5): rank %d, len %d, At() %v", s.Rank(), s.Len(), s.At())
	}
	for flat := range 24 {
		shape := core.Shape{2, 3, 4}
		if got := shape.Ravel(shape.Unravel(flat)...); got != flat {
			t.Errorf("Ravel(Unravel(%d)) = %d", flat, got)
		}
	}
	if got := core.Full(core.Shape{2}, 7).Data(); got[0] != 7 || got[1] != 7 {
		t.Errorf("Full: %v", got)
	}

	mustPanicError(t, "wrong length", func() { core.New(core.Shape{2, 3}, make([]float64, 5)) }, "[2 3]", "5")
	mustPanicError(t, "rank 9", func() { core.Zeros(1, 1, 1, 1, 1, 1, 1, 1, 1) }, "rank 9")
	mustPanicError(t, "zero dimension", func() { core.Zeros(2, 0) }, "[2 0]")
	mustPanicError(t, "index out of range", func() { x.At(2, 0) }, "[2 0]", "[2 3]")
	mustPanicError(t, "too few indices", func() { x.At(1) }, "[2 3]")
}

func TestReshapeTranspose(t *testing.T) {
	x := core.New(core.Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	orig := x.Clone()
	r := x.Reshape(3, -1)
	if !r.Shape().Equal(core.Shape{3, 2}) || r.At(2, 1) != 6 {
		t.Errorf("Reshape(3, -1) = %v", r)
	}
	tr := x.Transpose()
	want := []float64{1, 4, 2, 5, 3, 6}
	if !tr.Shape().Equal(core.Shape{3, 2}) || !slices.Equal(tr.Data(), want) {
		t.Errorf("Transpose() = %v, want [3 2] %v", tr, want)
	}
	y := core.New(core.Shape{2, 3, 4}, nil)
	for i := range y.Data() {
		y.Data()[i] = float64(i)
	}
	p := y.Transpose(2, 0, 1)
	for i := range 2 {
		for j := range 3 {
			for k := range 4 {
				if p.At(k, i, j) != y.At(i, j, k) {
					t.Fatalf("Transpose(2, 0, 1) at (%d, %d, %d) = %v, want %v", k, i, j, p.At(k, i, j), y.At(i, j, k))
				}
			}
		}
	}
	if !sameTensors([]*core.Tensor{x}, []*core.Tensor{orig}) {
		t.Errorf("Reshape or Transpose modified its receiver")
	}
	mustPanicError(t, "reshape size", func() { x.Reshape(4, 2) }, "[2 3]", "[4 2]")
	mustPanicError(t, "bad permutation", func() { y.Transpose(0, 0, 1) }, "[2 3 4]")
}

func TestBroadcast(t *testing.T) {
	for _, test := range []struct {
		a, b, want core.Shape
	}{
		{core.Shape{}, core.Shape{2, 3}, core.Shape{2, 3}},
		{core.Shape{3}, core.Shape{2, 3}, core.Shape{2, 3}},
		{core.Shape{2, 1}, core.Shape{3}, core.Shape{2, 3}},
		{core.Shape{8, 1, 6, 1}, core.Shape{7, 1, 5}, core.Shape{8, 7, 6, 5}}, // NumPy's documentation example
		{core.Shape{5, 4}, core.Shape{1}, core.Shape{5, 4}},
		{core.Shape{15, 3, 5}, core.Shape{15, 1, 5}, core.Shape{15, 3, 5}},
	} {
		got, err := core.BroadcastShapes(test.a, test.b)
		if err != nil || !got.Equal(test.want) {
			t.Errorf("BroadcastShapes(%v, %v) = %v, %v; want %v", test.a, test.b, got, err, test.want)
		}
	}
	_, err := core.BroadcastShapes(core.Shape{2, 1}, core.Shape{8, 4, 3})
	if err == nil || !strings.HasPrefix(err.Error(), "core: ") || !strings.Contains(err.Error(), "[2 1] and [8 4 3]") {
		t.Errorf("BroadcastShapes([2 1], [8 4 3]) error = %v, want one naming both shapes", err)
	}

	col := core.New(core.Shape{2, 1}, []float64{1, 2})
	got := col.BroadcastTo(core.Shape{3, 2, 2})
	want := []float64{1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2}
	if !slices.Equal(got.Data(), want) {
		t.Errorf("BroadcastTo = %v, want %v", got.Data(), want)
	}
	mustPanicError(t, "not broadcastable", func() { col.BroadcastTo(core.Shape{3, 3}) }, "[2 1]", "[3 3]")
}

func TestString(t *testing.T) {
	big := core.New(core.Shape{40, 40}, nil)
	for i := range big.Data() {
		big.Data()[i] = float64(i)
	}
	for _, test := range []struct {
		t    *core.Tensor
		want string
	}{
		{core.Scalar(0.5), "0.5"},
		{core.New(core.Shape{3}, []float64{1, -2.5, 1.0 / 3}), "[       1     -2.5 0.333333]"},
		{core.New(core.Shape{2, 2}, []float64{1, 20, 300, 4}), "[[  1  20]\n [300   4]]"},
		{core.New(core.Shape{2, 1, 2}, []float64{1, 2, 3, 4}), "[[[1 2]]\n\n [[3 4]]]"},
		{big, "[[   0    1    2 ...   37   38   39]\n [  40   41   42 ...   77   78   79]\n [  80   81   82 ...  117  118  119]\n ...\n [1480 1481 1482 ... 1517 1518 1519]\n [1520 1521 1522 ... 1557 1558 1559]\n [1560 1561 1562 ... 1597 1598 1599]]"},
	} {
		if got := test.t.String(); got != test.want {
			t.Errorf("String of %v:\ngot\n%s\nwant\n%s", test.t.Shape(), got, test.want)
		}
	}
}

func TestDense(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	x := core.FromDense(m)
	if !x.Shape().Equal(core.Shape{2, 3}) || x.At(1, 0) != 4 {
		t.Errorf("FromDense = %v", x)
	}
	if !mat.Equal(x.Dense(), m) {
		t.Errorf("Dense(FromDense(m)) = %v, want %v", mat.Formatted(x.Dense()), mat.Formatted(m))
	}
	x.Dense().Set(0, 0, 99)
	if x.At(0, 0) != 1 {
		t.Errorf("Dense shares data with the tensor")
	}
	// FromDense of a transposed view copies in the view's order.
	if got := core.FromDense(m.T()); got.At(2, 1) != 6 {
		t.Errorf("FromDense(m.T()) = %v", got)
	}
	mustPanicError(t, "Dense of a vector", func() { core.Zeros(3).Dense() }, "[3]")
}
