package model

import (
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core/expr"
)

// TestCoordsWithin checks that the gradient and Jacobian lessons take
// coordinates of x₀ up to MaxCoord in size, and name the first one past
// it: at 10³⁰⁰ their windows around x₀ were a single number wide, and the
// lessons stopped with an internal error.
func TestCoordsWithin(t *testing.T) {
	for _, tc := range []struct {
		f, at string
		want  string // a part of the error; "" for none
	}{
		{"x*y", "x = 1e6; y = -1e6", ""},
		{"x*y", "x = 1e300; y = 1", "x = 1 × 10³⁰⁰ is too far out"},
		{"x*y", "x = 1; y = -2e6", "y = -2 × 10⁶ is too far out"},
		{"sum(x^2)", "x = [1, 2e7]", "x₂ = 2 × 10⁷ is too far out"},
	} {
		for _, l := range []struct {
			name, def, defAt string
			check            func(*expr.Program) error
		}{{"gradient", GradDefF, GradDefAt, GradInput}, {"jacobian", JacDefF, JacDefAt, JacInput}} {
			f := FunctionFromQuery(nil, l.def, l.defAt, l.check)
			err := f.Set(tc.f, tc.at)
			if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("%s lesson, %s at %s: %v, want an error with %q", l.name, tc.f, tc.at, err, tc.want)
			}
		}
	}
}
