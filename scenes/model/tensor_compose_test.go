package model

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestComposeMatmul: for z = tanh(y), y = x W, the chain rule's
// contraction ∂z/∂y · ∂y/∂x has shape z.shape ++ x.shape and equals, entry
// by entry, the hand-worked (1 − z_{n,m}²) δ_{nn′} W_{d,m}, and core's
// Jacobian of the composition; ∂z/∂y is diagonal with 1 − z² on it.
func TestComposeMatmul(t *testing.T) {
	const nN, nD, nM = 3, 4, 2 // not square, so that swapped axes show
	n := galleryNums(t, "matmul", []int{nN, nD, nM})
	c := n.Compose()
	if c.Why != "" || c.Chain == nil || c.Auto == nil {
		t.Fatalf("not built: %q", c.Why)
	}
	if want := (core.Shape{nN, nM, nN, nM}); !c.DzDy.Shape().Equal(want) {
		t.Errorf("∂z/∂y has shape %v, want %v", c.DzDy.Shape(), want)
	}
	if want := (core.Shape{nN, nM, nN, nD}); !c.Chain.Shape().Equal(want) || !c.Auto.Shape().Equal(want) {
		t.Fatalf("∂z/∂x has shapes %v and %v, want %v", c.Chain.Shape(), c.Auto.Shape(), want)
	}
	w := n.Named["W"]
	for i := range nN * nM {
		zn, zm := i/nM, i%nM
		z := math.Tanh(n.Y.Data()[i])
		if got := c.Z.Data()[i]; got != z {
			t.Errorf("z[%d] = %v, want tanh(y) = %v", i, got, z)
		}
		for k := range nN * nM {
			want := 0.0
			if k == i {
				want = 1 - z*z
			}
			if got := c.DzDy.At(zn, zm, k/nM, k%nM); math.Abs(got-want) > 1e-15 {
				t.Errorf("∂z/∂y at [%d, %d]: %v, want %v", i, k, got, want)
			}
		}
		for np := range nN {
			for d := range nD {
				want := 0.0
				if np == zn {
					want = (1 - z*z) * w.At(d, zm)
				}
				if got := c.Chain.At(zn, zm, np, d); math.Abs(got-want) > 1e-12 {
					t.Errorf("contraction at [%d,%d,%d,%d]: %v, want %v", zn, zm, np, d, got, want)
				}
				if got := c.Auto.At(zn, zm, np, d); math.Abs(got-want) > 1e-12 {
					t.Errorf("autodiff at [%d,%d,%d,%d]: %v, want %v", zn, zm, np, d, got, want)
				}
			}
		}
	}
	if !(c.MaxDiff <= 1e-12) {
		t.Errorf("max |difference| %v, want rounding only", c.MaxDiff)
	}
	if !slices.Equal(c.Chain.Shape()[:2], c.Z.Shape()) {
		t.Errorf("∂z/∂x starts with %v, not z's shape %v", c.Chain.Shape()[:2], c.Z.Shape())
	}
}

// TestComposeTooLarge: past composeMax entries the Jacobians are not
// built, and Why says so with the counts.
func TestComposeTooLarge(t *testing.T) {
	n := galleryNums(t, "matmul", []int{16, 16, 32}) // y has 512 entries: ∂z/∂y 2¹⁸
	c := n.Compose()
	if c.Chain != nil || c.Auto != nil || !strings.Contains(c.Why, "262144") || c.Z.Len() != 512 {
		t.Errorf("chain built %v, autodiff built %v, why %q, z of %d entries; want neither, the count, z", c.Chain != nil, c.Auto != nil, c.Why, c.Z.Len())
	}
}
