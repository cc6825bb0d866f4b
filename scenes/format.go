package scenes

// The numbers and names the lessons write, in plain text, in TeX and in
// state().

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
)

// entryNames names the entries of a tensor called base of the given shape,
// in row-major order: base itself for a scalar, base₁, base₂, … for a
// vector, base₁,₂ and so on beyond, counting from 1 as mathematics does
// (x₀ is the point).
func entryNames(base string, shape core.Shape) []string {
	names := make([]string, shape.Size())
	for i := range names {
		var b strings.Builder
		b.WriteString(base)
		for k, v := range shape.Unravel(i) {
			if k > 0 {
				b.WriteString(",")
			}
			b.WriteString(subscript(v + 1))
		}
		names[i] = b.String()
	}
	return names
}

// vecText writes a vector as (a, b, …) with 6 significant digits.
func vecText(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.FormatFloat(x, 'g', 6, 64)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// texNum writes v for a formula with 4 significant digits, in parentheses
// when negative.
func texNum(v float64) string {
	if v < 0 {
		return fmt.Sprintf("(%.4g)", v)
	}
	return fmt.Sprintf("%.4g", v)
}

// texVec writes v for a formula, 4 significant digits an entry.
func texVec(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.4g", x)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// finite returns v, or nil (null in JSON) when v is not finite.
func finite(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// liveFormula is a lesson's formula with live numbers. Draw sets it, once
// a frame however many ticks changed the numbers; a TeX source that does
// not parse (the lesson's bug, not the user's) is kept for the next Update
// to report, as Draw cannot return it.
type liveFormula struct {
	viz.Formula
	err error
}

// setTeX sets the formula's source and size, keeping an error for takeErr.
func (f *liveFormula) setTeX(src string, px float64) {
	if err := f.SetTeX(src, px); err != nil {
		f.err = err
	}
}

// takeErr returns the error setTeX kept, if any, and forgets it.
func (f *liveFormula) takeErr() error {
	err := f.err
	f.err = nil
	return err
}
