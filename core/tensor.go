package core

import (
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Tensor is a dense, row-major array of float64 of rank 0 (a scalar) to
// MaxRank. The last index varies fastest: the entry at multi-index
// (i₀, …, iₖ) is Data()[i₀·s₀ + … + iₖ·sₖ] with sⱼ the product of the
// dimensions after axis j.
//
// Functions and methods that return a tensor return a new one and leave
// their arguments unchanged; only Set writes. The zero value is an empty
// tensor, usable only as the destination of ContractTo.
type Tensor struct {
	shape Shape
	data  []float64
}

// New returns a tensor of the given shape holding data, which is used as the
// backing slice, not copied. If data is nil, a new zeroed slice is allocated.
// New panics with an Error if the shape is not valid (rank at most MaxRank,
// positive dimensions) or len(data) is not shape.Size().
func New(shape Shape, data []float64) *Tensor {
	shape.check("New")
	if data == nil {
		data = make([]float64, shape.Size())
	}
	if len(data) != shape.Size() {
		errorf("New", "%d values for shape %v of %d entries", len(data), shape, shape.Size())
	}
	return &Tensor{shape: shape.Clone(), data: data}
}

// Zeros returns a zeroed tensor with the given dimensions; Zeros() is the
// scalar 0. Zeros panics with an Error if the shape is not valid.
func Zeros(dims ...int) *Tensor { return New(dims, nil) }

// Full returns a tensor of the given shape with every entry v. Full panics
// with an Error if the shape is not valid.
func Full(shape Shape, v float64) *Tensor {
	t := New(shape, nil)
	for i := range t.data {
		t.data[i] = v
	}
	return t
}

// Scalar returns the rank-0 tensor holding v.
func Scalar(v float64) *Tensor { return &Tensor{shape: Shape{}, data: []float64{v}} }

// FromDense returns a rank-2 tensor holding a copy of the entries of m.
func FromDense(m mat.Matrix) *Tensor {
	r, c := m.Dims()
	t := New(Shape{r, c}, nil)
	for i := range r {
		for j := range c {
			t.data[i*c+j] = m.At(i, j)
		}
	}
	return t
}

// Dense returns a new mat.Dense holding a copy of the entries of the rank-2
// tensor t. Dense panics with an Error if t is not of rank 2.
func (t *Tensor) Dense() *mat.Dense {
	if len(t.shape) != 2 {
		errorf("Dense", "shape %v is not of rank 2", t.shape)
	}
	return mat.NewDense(t.shape[0], t.shape[1], append([]float64(nil), t.data...))
}

// Shape returns a copy of the shape of t.
func (t *Tensor) Shape() Shape { return t.shape.Clone() }

// Rank returns the number of axes of t.
func (t *Tensor) Rank() int { return len(t.shape) }

// Len returns the number of entries of t.
func (t *Tensor) Len() int { return len(t.data) }

// Data returns the row-major backing slice of t. Changing it changes t; the
// values of graph nodes must not be changed.
func (t *Tensor) Data() []float64 { return t.data }

// At returns the entry of t at the multi-index idx. At panics with an Error
// if idx has the wrong length or is out of range.
func (t *Tensor) At(idx ...int) float64 { return t.data[t.shape.Ravel(idx...)] }

// Set sets the entry of t at the multi-index idx to v. Set panics with an
// Error if idx has the wrong length or is out of range.
func (t *Tensor) Set(v float64, idx ...int) { t.data[t.shape.Ravel(idx...)] = v }

// Clone returns a copy of t.
func (t *Tensor) Clone() *Tensor {
	return &Tensor{shape: t.shape.Clone(), data: append([]float64(nil), t.data...)}
}

// Reshape returns a copy of t with the given dimensions, which must have as
// many entries as t; one dimension may be -1, to be inferred. Reshape panics
// with an Error otherwise.
func (t *Tensor) Reshape(dims ...int) *Tensor {
	return &Tensor{shape: reshapeDims(t.shape, dims), data: append([]float64(nil), t.data...)}
}

// Transpose returns t with its axes permuted: axis k of the result is axis
// perm[k] of t. With no perm, the axes are reversed (a matrix is
// transposed). Transpose panics with an Error if perm is not a permutation of
// t's axes.
func (t *Tensor) Transpose(perm ...int) *Tensor {
	shape, idx := transposeIndex(t.shape, perm)
	return gatherTensor(t, idx, shape)
}

// BroadcastTo returns t broadcast to shape by NumPy's rules (see
// BroadcastShapes): entries are repeated along the axes where t has
// dimension 1 or no axis. BroadcastTo panics with an Error if t does not
// broadcast to shape.
func (t *Tensor) BroadcastTo(shape Shape) *Tensor {
	checkBroadcastTo("broadcast", t.shape, shape)
	shape = shape.Clone()
	return gatherTensor(t, broadcastIndex(t.shape, shape), shape)
}

// checkBroadcastTo panics with an Error for op unless from broadcasts to to.
func checkBroadcastTo(op string, from, to Shape) {
	to.check(op)
	if b, err := broadcastShapes(op, from, to); err != nil || !b.Equal(to) {
		errorf(op, "shape %v does not broadcast to %v", from, to)
	}
}

// reshapeDims returns the shape dims for the entries of a tensor of shape s,
// with a -1 inferred. It panics with an Error if the sizes differ.
func reshapeDims(s Shape, dims []int) Shape {
	out := Shape(dims).Clone()
	infer := -1
	known := 1
	for i, d := range out {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d > 0:
			known = mulSat(known, d)
		default:
			errorf("reshape", "cannot reshape %v to %v", s, Shape(dims))
		}
	}
	if infer >= 0 {
		if s.Size()%known != 0 {
			errorf("reshape", "cannot reshape %v of %d entries to %v: %d is not a multiple of %d", s, s.Size(), Shape(dims), s.Size(), known)
		}
		out[infer] = s.Size() / known
	}
	if out.Size() != s.Size() {
		errorf("reshape", "cannot reshape %v of %d entries to %v of %s entries", s, s.Size(), Shape(dims), FormatCount(out.entries()))
	}
	out.check("reshape")
	return out
}

// summarizeOver is the number of entries above which String elides the
// middle of long axes, as NumPy does.
const summarizeOver = 1000

// edgeItems is the number of entries String shows at each end of an elided
// axis.
const edgeItems = 3

// String returns t in nested brackets, one innermost row per line and blank
// lines between blocks of higher rank, as NumPy prints arrays:
//
//	[[1 2 3]
//	 [4 5 6]]
//
// Entries have 6 significant digits and are right-aligned. In tensors of
// more than 1000 entries, the middle of axes longer than 6 is shown as
// "...".
func (t *Tensor) String() string {
	if len(t.shape) == 0 {
		return formatEntry(t.data[0])
	}
	summarize := len(t.data) > summarizeOver
	width := 0
	t.visit(0, 0, summarize, func(v float64) { width = max(width, len(formatEntry(v))) }, nil)
	var b strings.Builder
	t.visit(0, 0, summarize, func(v float64) {
		s := formatEntry(v)
		b.WriteString(strings.Repeat(" ", width-len(s)))
		b.WriteString(s)
	}, func(s string) { b.WriteString(s) })
	return b.String()
}

// visit walks the entries String shows, from axis on at flat offset off,
// calling entry for each entry and text for the brackets and separators
// between them (text may be nil).
func (t *Tensor) visit(axis, off int, summarize bool, entry func(float64), text func(string)) {
	write := func(s string) {
		if text != nil {
			text(s)
		}
	}
	last := axis == len(t.shape)-1
	n := t.shape[axis]
	stride := t.shape[axis+1:].Size()
	write("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			if last {
				write(" ")
			} else {
				write(strings.Repeat("\n", len(t.shape)-axis-1) + strings.Repeat(" ", axis+1))
			}
		}
		if summarize && n > 2*edgeItems && i == edgeItems {
			write("...")
			i = n - edgeItems - 1
			continue
		}
		if last {
			entry(t.data[off+i])
		} else {
			t.visit(axis+1, off+i*stride, summarize, entry, text)
		}
	}
	write("]")
}

// formatEntry formats v with 6 significant digits.
func formatEntry(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
