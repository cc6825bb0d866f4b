package model

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestRealLayerRows: y = x W at N = 64, D = M = 4096 has a Jacobian of
// 2³⁶ entries, 256 GiB in float32 and 512 GiB in float64, against
// 1 MiB and 2 MiB for x, as the arithmetic has it.
func TestRealLayerRows(t *testing.T) {
	rows := RealLayerRows()
	for _, c := range []struct {
		row      int
		entries  int
		f32, f64 string
	}{
		{0, 1 << 36, "256 GiB", "512 GiB"}, // N·M·N·D = 2⁶·2¹²·2⁶·2¹²
		{1, 1 << 18, "1 MiB", "2 MiB"},     // x: N·D = 2⁶·2¹²
		{2, 1 << 18, "1 MiB", "2 MiB"},     // y: N·M
		{3, 1 << 18, "1 MiB", "2 MiB"},     // ∂L/∂x, shaped like x
	} {
		r := rows[c.row]
		f32, f64 := r.Bytes()
		if r.Entries != c.entries || core.FormatBytes(f32) != c.f32 || core.FormatBytes(f64) != c.f64 {
			t.Errorf("%s: %d entries, %s and %s; want %d, %s and %s", r.Name, r.Entries, core.FormatBytes(f32), core.FormatBytes(f64), c.entries, c.f32, c.f64)
		}
	}
}

// galleryNums computes the tensor lesson's numbers for the gallery item
// key at the dimensions d, with its seeded values and the default loss.
func galleryNums(t *testing.T, key string, d []int) TensorNums {
	t.Helper()
	k, ok := ItemByKey(key)
	if !ok {
		t.Fatalf("no gallery item %q", key)
	}
	it := &TensorGallery[k]
	vals := map[string]*core.Tensor{}
	for name, sh := range it.Shapes(d) {
		vals[name] = TensorValues(name, sh, TensorSeed)
	}
	p, err := Budget.CompileTensors(it.Src(d), vals)
	if err != nil {
		t.Fatal(err)
	}
	n, err := ComputeTensor(p, TensorDefLoss, it)
	if err != nil || n.Err != nil || n.Jac == nil {
		t.Fatalf("%s: loss error %v, error %v, Jacobian built %v", key, err, n.Err, n.Jac != nil)
	}
	return n
}

// TestSumAtMatmul: for y = x W the chain rule's sum for (∂L/∂x)_{n′,d}
// keeps exactly the M terms with n = n′, the δ_{nn′} dropping the others,
// and adds up to (G Wᵀ)_{n′,d}, worked out here with gonum's mat, to the
// VJP and to the contraction.
func TestSumAtMatmul(t *testing.T) {
	const nN, nD, nM = 3, 4, 2 // not square, so that swapped axes show
	n := galleryNums(t, "matmul", []int{nN, nD, nM})
	var gwt mat.Dense
	gwt.Mul(n.G.Dense(), n.Named["W"].Dense().T())
	for j := range nN * nD {
		np, d := j/nD, j%nD
		s := n.SumAt(j)
		if len(s.Kept) != nM || len(s.Dropped) != (nN-1)*nM {
			t.Fatalf("(%d, %d): %d terms kept, %d dropped; want %d and %d", np, d, len(s.Kept), len(s.Dropped), nM, (nN-1)*nM)
		}
		for _, term := range s.Kept {
			if term.I/nM != np {
				t.Errorf("(%d, %d): kept the term of y[%d, %d], whose row is not n′", np, d, term.I/nM, term.I%nM)
			}
		}
		for _, i := range s.Dropped {
			if i/nM == np {
				t.Errorf("(%d, %d): dropped the term of y[%d, %d], of row n′", np, d, i/nM, i%nM)
			}
		}
		want := gwt.At(np, d)
		for name, got := range map[string]float64{"sum": s.Sum, "VJP": s.VJP, "contraction": s.Contracted, "closed form": s.ClosedSum} {
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("(%d, %d): %s %v; want (G Wᵀ) = %v", np, d, name, got, want)
			}
		}
	}
}

// TestSumAtElementwise: for y = tanh(x) the sum keeps one term, i = j,
// G_j (1 − y_j²): ∂L/∂x = G ⊙ tanh′(x).
func TestSumAtElementwise(t *testing.T) {
	n := galleryNums(t, "tanh", []int{3, 2})
	for j, x := range n.X().Data() {
		s := n.SumAt(j)
		if len(s.Kept) != 1 || s.Kept[0].I != j || len(s.Dropped) != n.Y.Len()-1 {
			t.Fatalf("entry %d: kept %v, %d dropped; want only the term of y's entry %d", j, s.Kept, len(s.Dropped), j)
		}
		th := math.Tanh(x)
		if want := n.G.Data()[j] * (1 - th*th); math.Abs(s.Sum-want) > 1e-12 || math.Abs(s.VJP-want) > 1e-12 {
			t.Errorf("entry %d: sum %v, VJP %v; want G ⊙ (1 − tanh²x) = %v", j, s.Sum, s.VJP, want)
		}
	}
}
