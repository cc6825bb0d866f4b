package core

import (
	"errors"
	"fmt"
	"strings"
)

// Error is the error value of an operation given arguments it cannot use:
// tensors whose shapes do not fit together, an axis or index out of range, a
// malformed shape. Operations on tensors and nodes panic with an Error; the
// transforms (Trace, Eval, JVP, VJP, Grad, Jacobian, LinearApprox, Hessian)
// and Maybe recover it and return it as an error.
//
// The text of an Error starts "core: ", then names the operation and the
// shapes involved, for example
//
//	core: add: shapes [2 3] and [4] do not broadcast
type Error struct {
	Op  string // the operation that refused its arguments, e.g. "matmul"
	Msg string // what is wrong, naming the shapes
}

// Error returns the text of e.
func (e Error) Error() string { return "core: " + e.Op + ": " + e.Msg }

// errorf panics with an Error for op with a formatted message.
func errorf(op, format string, args ...any) {
	panic(Error{Op: op, Msg: fmt.Sprintf(format, args...)})
}

// DefaultMaxEntries is the default limit on the number of entries of a
// Jacobian, a Hessian or an intermediate tensor: 2²⁴ entries, 128 MiB of
// float64.
const DefaultMaxEntries = 1 << 24

// SizeError reports a tensor that would be larger than a limit. It is
// returned before the tensor is allocated. Callers can inspect it with
// errors.As to show the numbers.
type SizeError struct {
	What  string // what was refused, e.g. "Jacobian" or "intermediate of matmul"
	Shape Shape  // the shape of the refused tensor
	Limit int    // the limit on the number of entries
}

// Entries returns the number of entries of the refused tensor, or
// math.MaxInt if that does not fit in an int.
func (e *SizeError) Entries() int { return e.Shape.Size() }

// Bytes returns the number of bytes the refused tensor would occupy, or
// math.MaxInt if that does not fit in an int.
func (e *SizeError) Bytes() int { return mulSat(e.Entries(), 8) }

// Error returns the text of e, naming the shape, the number of entries and
// bytes, the limit, and what to use instead.
func (e *SizeError) Error() string {
	n := e.Shape.entries()
	return fmt.Sprintf("core: the %s of shape %v would have %s entries (%s), more than the limit of %d (%s): use JVP or VJP instead, which never store it",
		e.What, e.Shape, FormatCount(n), FormatBytes(8*n), e.Limit, FormatBytes(8*float64(e.Limit)))
}

// checkSize panics with a *SizeError if shape has more than limit entries;
// a limit of zero or less means DefaultMaxEntries. The refused tensor is
// described by the words of what, joined only when needed.
func checkSize(shape Shape, limit int, what ...string) {
	if limit <= 0 {
		limit = DefaultMaxEntries
	}
	if shape.Size() > limit {
		panic(&SizeError{What: strings.Join(what, " "), Shape: shape.Clone(), Limit: limit})
	}
}

// Maybe calls fn and returns, as an error, an Error, *SizeError or
// *BudgetError that fn panicked with. Any other panic is not recovered. It
// is the boundary at which core's panics become errors, like mat.Maybe in
// gonum.
func Maybe(fn func()) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		var ce Error
		var se *SizeError
		var be *BudgetError
		if e, ok := r.(error); ok && (errors.As(e, &ce) || errors.As(e, &se) || errors.As(e, &be)) {
			err = e
			return
		}
		panic(r)
	}()
	fn()
	return nil
}
