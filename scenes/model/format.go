package model

// The numbers and names the lessons write, in plain text, in TeX and in
// state().

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat"

	"github.com/jacobianlab/jacobianlab/core"
)

// EntryNames names the entries of a tensor called base of the given shape,
// in row-major order: base itself for a scalar, base₁, base₂, … for a
// vector, base₁,₂ and so on beyond, counting from 1 as mathematics does
// (x₀ is the point).
func EntryNames(base string, shape core.Shape) []string {
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

// VecText writes a vector as (a, b, …) with 6 significant digits.
func VecText(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = core.Float(x, 6)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// TeXFloat writes v in TeX with the given significant digits, a power of
// ten as × 10ⁿ: the one way the lessons write a number in a formula.
func TeXFloat(v float64, digits int) string {
	return core.TeXSprintf("%.*g", digits, v)
}

// TeXNum writes v for a formula with 4 significant digits, in parentheses
// when negative.
func TeXNum(v float64) string {
	if v < 0 {
		return "(" + TeXFloat(v, 4) + ")"
	}
	return TeXFloat(v, 4)
}

// TeXVec writes v for a formula, 4 significant digits an entry.
func TeXVec(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = TeXFloat(x, 4)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// logLogSlope returns the least-squares slope of log y against log x, the
// exponent of a power law y ∝ xᵖ through the points, or NaN with fewer than
// two points.
func logLogSlope(x, y []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	lx, ly := make([]float64, len(x)), make([]float64, len(y))
	for i := range x {
		lx[i], ly[i] = math.Log(x[i]), math.Log(y[i])
	}
	_, slope := stat.LinearRegression(lx, ly, nil, false)
	return slope
}

// subscript writes n ≥ 0 in subscript digits.
func subscript(n int) string {
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteRune('₀' + c - '0')
	}
	return b.String()
}

// The one way the lessons write a shape: DimsText in formulas and counts,
// ShapeNoun and ShapeWords in sentences.

// DimsText writes a shape as its dimensions joined by ×, such as 4×3, and
// a scalar's as 1, its number of entries.
func DimsText(s core.Shape) string {
	if s.Rank() == 0 {
		return "1"
	}
	return IntsText(s, "×")
}

// IntsText writes the numbers joined by sep.
func IntsText(v []int, sep string) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}

// ShapeNoun names a shape in a sentence: "a scalar", or its dimensions.
func ShapeNoun(s core.Shape) string {
	if s.Rank() == 0 {
		return "a scalar"
	}
	return DimsText(s)
}

// ShapeWords describes a shape in a sentence: "a scalar", "shape 4×3".
func ShapeWords(s core.Shape) string {
	if s.Rank() == 0 {
		return "a scalar"
	}
	return "shape " + DimsText(s)
}
