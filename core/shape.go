package core

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// MaxRank is the largest rank a Tensor may have.
const MaxRank = 8

// Shape is the list of a tensor's dimensions, outermost first. The empty
// shape is that of a scalar. Every dimension is positive.
type Shape []int

// Rank returns the number of axes, len(s).
func (s Shape) Rank() int { return len(s) }

// Size returns the number of entries of a tensor of shape s: the product of
// the dimensions, 1 for a scalar. A product that does not fit in an int (or
// a negative dimension, which no valid shape has) gives math.MaxInt, which
// is over every limit, so that a size never wraps around to a small number.
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n = mulSat(n, d)
	}
	return n
}

// mulSat returns a·b for a, b ≥ 0, or math.MaxInt if the product does not
// fit in an int or an operand is negative.
func mulSat(a, b int) int {
	if a < 0 || b < 0 {
		return math.MaxInt
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt {
		return math.MaxInt
	}
	return int(lo)
}

// entries returns the product of the dimensions of s as a float64, which
// does not overflow where Size saturates: for messages about refused
// shapes.
func (s Shape) entries() float64 {
	n := 1.0
	for _, d := range s {
		n *= float64(d)
	}
	return n
}

// Equal reports whether s and t have the same dimensions.
func (s Shape) Equal(t Shape) bool { return slices.Equal(s, t) }

// Clone returns a copy of s.
func (s Shape) Clone() Shape { return append(Shape{}, s...) }

// String returns s in brackets, e.g. "[2 3]", and "[]" for a scalar.
func (s Shape) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// Ravel returns the row-major flat position of the multi-index idx in a
// tensor of shape s. Ravel panics with an Error if idx has the wrong length
// or an index is out of range.
func (s Shape) Ravel(idx ...int) int {
	if len(idx) != len(s) {
		errorf("index", "%d indices %v for shape %v of rank %d", len(idx), idx, s, len(s))
	}
	flat := 0
	for i, d := range s {
		if idx[i] < 0 || idx[i] >= d {
			errorf("index", "index %v out of range for shape %v", idx, s)
		}
		flat = flat*d + idx[i]
	}
	return flat
}

// Unravel returns the multi-index of the row-major flat position i in a
// tensor of shape s; it is the inverse of Ravel. Unravel panics with an Error
// if i is out of range.
func (s Shape) Unravel(i int) []int {
	if i < 0 || i >= s.Size() {
		errorf("index", "flat index %d out of range for shape %v", i, s)
	}
	idx := make([]int, len(s))
	for k := len(s) - 1; k >= 0; k-- {
		idx[k] = i % s[k]
		i /= s[k]
	}
	return idx
}

// check panics with an Error for op if s is not a valid shape.
func (s Shape) check(op string) {
	if len(s) > MaxRank {
		errorf(op, "shape %v has rank %d, more than %d", s, len(s), MaxRank)
	}
	for _, d := range s {
		if d <= 0 {
			errorf(op, "shape %v has a dimension that is not positive", s)
		}
	}
	if s.Size() == math.MaxInt {
		errorf(op, "shape %v has %s entries, more than an int can count", s, FormatCount(s.entries()))
	}
}

// strides returns the row-major strides of s: how far the flat position
// moves when each index grows by one.
func (s Shape) strides() []int {
	st := make([]int, len(s))
	n := 1
	for k := len(s) - 1; k >= 0; k-- {
		st[k] = n
		n *= s[k]
	}
	return st
}

// BroadcastShapes returns the shape that tensors of the given shapes
// broadcast to by NumPy's rules: shapes are aligned at their last axis, a
// missing axis counts as 1, and on each axis the dimensions must be equal or
// one of them 1. BroadcastShapes returns an Error naming the shapes if they
// do not broadcast.
func BroadcastShapes(shapes ...Shape) (Shape, error) {
	return broadcastShapes("broadcast", shapes...)
}

// broadcastShapes is BroadcastShapes with the operation's name for the
// error.
func broadcastShapes(op string, shapes ...Shape) (Shape, error) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make(Shape, rank)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		off := rank - len(s)
		for i, d := range s {
			switch {
			case out[off+i] == 1:
				out[off+i] = d
			case d != 1 && d != out[off+i]:
				return nil, Error{Op: op, Msg: "shapes " + shapeList(shapes) + " do not broadcast"}
			}
		}
	}
	return out, nil
}

// shapeList writes shapes as "[2 3] and [4]" or "[2], [3] and [4]".
func shapeList(shapes []Shape) string {
	parts := make([]string, len(shapes))
	for i, s := range shapes {
		parts[i] = s.String()
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// normAxis returns axis as a position in 0..rank-1, counting a negative axis
// from the end as NumPy does. normAxis panics with an Error for op if axis is
// out of range.
func normAxis(op string, axis, rank int) int {
	if axis < -rank || axis >= rank {
		errorf(op, "axis %d out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// axisSet returns a mark per axis of a tensor of the given rank: true for the
// axes listed, or for every axis if none are listed. axisSet panics with an
// Error for op if an axis is out of range or repeated.
func axisSet(op string, axes []int, rank int) []bool {
	set := make([]bool, rank)
	if len(axes) == 0 {
		for i := range set {
			set[i] = true
		}
		return set
	}
	for _, a := range axes {
		a = normAxis(op, a, rank)
		if set[a] {
			errorf(op, "axis %d repeated in %v", a, axes)
		}
		set[a] = true
	}
	return set
}

var _ fmt.Stringer = Shape(nil)
