package core

import (
	"fmt"
	"math"
	"strconv"
)

// DefaultMaxBytes is the default memory budget of one transform: 256 MiB of
// tensors (Settings.MaxBytes).
const DefaultMaxBytes = 256 << 20

// DefaultMaxWork is the default work budget of one transform: 2³²
// multiply-adds (Settings.MaxWork).
const DefaultMaxWork = 1 << 32

// BudgetError reports that a transform would go over its budget of memory
// (Settings.MaxBytes) or of work (Settings.MaxWork). It is returned before
// the tensor that would go over is allocated, or the work is done.
type BudgetError struct {
	Work  bool   // whether the work budget was exceeded; otherwise the memory budget
	What  string // what would have exceeded it, e.g. "the value of matmul, of shape [1800 1800]"
	Need  int    // the bytes or multiply-adds it needs
	Used  int    // the bytes held or multiply-adds done before it
	Limit int    // the budget, in bytes or multiply-adds
}

// Error returns the text of e: what needed the budget, and Reason.
func (e *BudgetError) Error() string { return "core: " + e.What + " " + e.Reason() }

// Reason says how much was needed and what was left of which budget, e.g.
// "needs 5832000000 multiply-adds, more than the 4294967296 left of the
// work budget of 4294967296".
func (e *BudgetError) Reason() string {
	if e.Work {
		return fmt.Sprintf("needs %s multiply-adds, more than the %s left of the work budget of %s",
			FormatCount(float64(e.Need)), FormatCount(float64(e.Limit-e.Used)), FormatCount(float64(e.Limit)))
	}
	need, left := FormatBytes(float64(e.Need)), FormatBytes(float64(e.Limit-e.Used))
	if need == left { // rounded alike: say how they differ
		need, left = fmt.Sprintf("%d bytes", e.Need), fmt.Sprintf("%d bytes", e.Limit-e.Used)
	}
	return fmt.Sprintf("needs %s, more than the %s left of the memory budget of %s", need, left, FormatBytes(float64(e.Limit)))
}

// budget counts what one transform uses against its Settings: the
// entries of each node, the bytes of all the tensors it holds, and the
// multiply-adds it has done. Every node made from an input of the transform
// carries it, and apply charges it before allocating a node.
type budget struct {
	maxEntries, maxBytes, maxWork int
	bytes, work                   int
	// kept counts the bytes charged for nodes that stay when a sweep's
	// nodes are released: the local derivatives that nodes of the graph
	// cache (Node.partial).
	kept int
}

// newBudget returns the budget of a transform with settings s.
func newBudget(s *Settings) *budget {
	b := &budget{maxEntries: s.MaxIntermediate, maxBytes: s.MaxBytes, maxWork: s.MaxWork}
	if b.maxEntries <= 0 {
		b.maxEntries = DefaultMaxEntries
	}
	if b.maxBytes <= 0 {
		b.maxBytes = DefaultMaxBytes
	}
	if b.maxWork <= 0 {
		b.maxWork = DefaultMaxWork
	}
	return b
}

// charge adds bytes and work to b, or panics with a *BudgetError naming
// what (called only then) if either would go over its budget. A nil b
// charges nothing.
func (b *budget) charge(bytes, work int, what func() string) {
	if b == nil {
		return
	}
	if bytes > b.maxBytes-b.bytes {
		panic(&BudgetError{What: what(), Need: bytes, Used: b.bytes, Limit: b.maxBytes})
	}
	if work > b.maxWork-b.work {
		panic(&BudgetError{Work: true, What: what(), Need: work, Used: b.work, Limit: b.maxWork})
	}
	b.bytes += bytes
	b.work += work
}

// mark is what a budget had used at some point, to go back to.
type mark struct{ bytes, work, kept int }

// mark returns what b has used so far.
func (b *budget) mark() mark { return mark{b.bytes, b.work, b.kept} }

// release returns b's memory to what it held at m, as the nodes made since
// are no longer held, but for those kept; the work done stays counted. It
// ends one block of sweeps of Jacobian or Hessian.
func (b *budget) release(m mark) { b.bytes = m.bytes + b.kept - m.kept }

// reset returns b to m, memory and work: a new evaluation on a graph that
// was traced up to m, such as another call of a pullback.
func (b *budget) reset(m mark) {
	b.release(m)
	b.work = m.work
}

// sweeps checks, before a transform starts them, that n sweeps over a graph
// whose forward pass did work multiply-adds fit in the work budget: each
// sweep does about as much as the forward pass. It panics with a
// *BudgetError naming what otherwise.
func (b *budget) sweeps(what string, n, work int) {
	need := mulSat(n, max(work, 1))
	if need > b.maxWork-b.work {
		panic(&BudgetError{Work: true, What: fmt.Sprintf("the %s (%d sweeps of about %s each)", what, n, FormatCount(float64(work))), Need: need, Used: b.work, Limit: b.maxWork})
	}
}

// entryWork is the work of computing and storing one entry of a node other
// than a contraction, in multiply-adds: about the time it takes, against a
// multiply-add inside gonum's matrix product.
const entryWork = 8

// nodeCost returns the bytes of a node of the given shape and the work of
// computing it: one multiply-add per product of a contraction's sums, and
// entryWork per entry of any other node.
func nodeCost(p *primitive, shape Shape, a *attr, inputs []*Node) (bytes, work int) {
	size := shape.Size()
	switch p {
	case primTensordot:
		work = mulSat(size, a.con.k)
	case primMatMul:
		as := inputs[0].value.shape
		k := as[len(as)-1]
		if a.tA {
			k = as[len(as)-2]
		}
		work = mulSat(size, k)
	default:
		work = mulSat(size, entryWork)
	}
	return mulSat(size, 8), work
}

// FormatBytes writes n bytes with four significant digits in the largest
// binary unit that keeps the number at least 1, e.g. "128 MiB" or
// "31.75 MiB": the one way the project writes a size.
func FormatBytes(n float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
	f := n
	u := 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	return strconv.FormatFloat(f, 'g', 4, 64) + " " + units[u]
}

// FormatCount writes a count: in digits while they are exact (below
// 10¹⁵), and beyond as three significant digits times a power of ten, e.g.
// "7.43 × 10³⁷".
func FormatCount(n float64) string {
	if n < 1e15 {
		return strconv.FormatFloat(n, 'f', 0, 64)
	}
	if math.IsInf(n, 0) {
		return "more than 10³⁰⁸"
	}
	exp := int(math.Floor(math.Log10(n)))
	mant := n / math.Pow(10, float64(exp))
	if mant >= 9.995 { // rounds up to 10.0
		mant /= 10
		exp++
	}
	return strconv.FormatFloat(mant, 'f', 2, 64) + " × 10" + Superscript(exp)
}
