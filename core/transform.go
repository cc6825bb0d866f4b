package core

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Mode is how Jacobian computes a Jacobian.
type Mode int

const (
	// Auto picks Forward when the output has more entries than the inputs
	// together (a tall Jacobian) and Reverse otherwise.
	Auto Mode = iota
	// Forward computes one JVP per basis vector of the inputs: a column of
	// the Jacobian each (JAX's jacfwd).
	Forward
	// Reverse computes one VJP per basis vector of the output: a row of the
	// Jacobian each (JAX's jacrev).
	Reverse
)

// String returns "auto", "forward" or "reverse".
func (m Mode) String() string {
	switch m {
	case Auto:
		return "auto"
	case Forward:
		return "forward"
	case Reverse:
		return "reverse"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Pick returns the mode m stands for when a Jacobian has ny entries of
// output and nx entries of inputs in all: m itself, or for Auto the one
// Jacobian runs, Forward for a tall Jacobian (ny > nx) and Reverse
// otherwise.
func (m Mode) Pick(ny, nx int) Mode {
	if m != Auto {
		return m
	}
	if ny > nx {
		return Forward
	}
	return Reverse
}

// Settings are the options of the transforms. A nil *Settings means the
// defaults: the zero value of each field.
type Settings struct {
	// Mode is how Jacobian proceeds; Auto by default.
	Mode Mode
	// MaxEntries limits the entries of each Jacobian and Hessian block;
	// zero means DefaultMaxEntries. A larger one is refused with a
	// *SizeError before anything is allocated.
	MaxEntries int
	// MaxIntermediate limits the entries of every node: the value of each
	// operation and of each derivative; zero means DefaultMaxEntries. A
	// larger one is refused with a *SizeError before it is allocated.
	MaxIntermediate int
	// MaxBytes is the memory budget of the transform: the bytes of all
	// the tensors it holds at once, its inputs, the value of every node
	// (the hidden ones that compositions such as Softmax make included),
	// the tangents and cotangents of its sweeps, and the Jacobians or
	// Hessians it returns; zero means DefaultMaxBytes. A tensor that would
	// go over it is refused with a *BudgetError before it is allocated.
	MaxBytes int
	// MaxWork is the work budget of the transform, in multiply-adds: one
	// per product of a contraction's sums, and 8 per entry of any other
	// node (about the time it takes); zero means DefaultMaxWork. A node that would go over it is
	// refused with a *BudgetError before it is computed, and so are the
	// sweeps of a Jacobian or Hessian whose estimated work would.
	MaxWork int
	// Names names the inputs in the graph, in order; nil means "x0", "x1", ….
	Names []string
}

// orDefault returns s, or the default settings if s is nil.
func (s *Settings) orDefault() *Settings {
	if s == nil {
		return &Settings{}
	}
	return s
}

// JVP returns y = f(x) and the Jacobian–vector product
//
//	ẏ = Σᵢ (∂f/∂xᵢ)·ẋᵢ
//
// (a generalized matrix–vector product over all axes of each xᵢ), computed by
// one forward sweep without forming the Jacobian. xDot holds one tangent per
// input, of the input's shape; a nil entry is zero. JVP returns an Error if
// the tangents do not match the inputs, and any error of Trace.
func JVP(f Func, x, xDot []*Tensor, s *Settings) (y, yDot *Tensor, err error) {
	err = Maybe(func() {
		g := trace(f, x, s)
		if len(xDot) != len(x) {
			errorf("JVP", "%d tangents for %d inputs", len(xDot), len(x))
		}
		seeds := make([]*Node, len(xDot))
		for i, t := range xDot {
			if t != nil {
				checkLike("JVP", x[i], t)
				seeds[i] = seed(t, g.inputs[i])
			}
		}
		dots := g.tangents(seeds)
		y = detach(g.output.Value(), x)
		yDot = detach(valueOrZeros(dots[g.index[g.output]], y.shape), xDot)
	})
	return y, yDot, err
}

// VJP returns y = f(x) and the pullback, which maps a cotangent yBar of y's
// shape to the vector–Jacobian products
//
//	x̄ᵢ = yBar·(∂f/∂xᵢ)
//
// (summed over all axes of y), one per input with the input's shape,
// computed by one backward sweep without forming the Jacobian. The pullback
// may be called many times, each call with the budget that was left after
// the trace; it returns an Error if yBar does not have y's shape, and a
// *BudgetError if the sweep would exceed that budget. VJP returns any error
// of Trace.
func VJP(f Func, x []*Tensor, s *Settings) (y *Tensor, pullback func(yBar *Tensor) ([]*Tensor, error), err error) {
	err = Maybe(func() {
		g := trace(f, x, s)
		y = detach(g.output.Value(), x)
		pullback = func(yBar *Tensor) (xBar []*Tensor, err error) {
			err = Maybe(func() {
				checkLike("VJP", g.output.Value(), yBar)
				g.restart()
				b := g.backward(seed(yBar, g.output))
				b.run()
				xBar = make([]*Tensor, len(x))
				for i, n := range b.inputBars() {
					xBar[i] = detach(valueOrZeros(n, x[i].shape), slices.Concat([]*Tensor{yBar}, x, xBar[:i]))
				}
			})
			return xBar, err
		}
	})
	return y, pullback, err
}

// Grad returns the gradient of f, which must return a scalar, with respect to
// each input: ∂f/∂xᵢ, of xᵢ's shape. Grad returns an Error if f does not
// return a scalar (rank 0), and any error of Trace.
func Grad(f Func, x []*Tensor, s *Settings) ([]*Tensor, error) {
	y, pullback, err := VJP(f, x, s)
	if err != nil {
		return nil, err
	}
	if y.Rank() != 0 {
		return nil, Error{Op: "Grad", Msg: "the function returns shape " + y.shape.String() + ", not a scalar: use VJP or Jacobian"}
	}
	return pullback(Scalar(1))
}

// Jacobian returns y = f(x) and the generalized Jacobian of f with respect to
// each input,
//
//	J[i…, j…] = ∂y[i…]/∂x[j…]
//
// a tensor of shape y.Shape() ++ x.Shape(). s.Mode chooses forward mode (a
// JVP per entry of the inputs: the columns), reverse mode (a VJP per entry of
// y: the rows), or Auto, the cheaper of the two. Blocks of basis vectors go
// through one sweep together, along a leading batch axis, as JAX's vmap
// does; the blocks keep every node of a sweep within 2¹⁴ entries and
// s.MaxIntermediate. Jacobian returns a *SizeError, before
// allocating any, if a Jacobian would have more than s.MaxEntries entries,
// a *BudgetError, before starting, if the Jacobians would not fit in
// s.MaxBytes or the sweeps are estimated (each as much work as the forward
// pass) to exceed s.MaxWork, an Error if a Jacobian would have rank above
// MaxRank, and any error of Trace.
func Jacobian(f Func, x []*Tensor, s *Settings) (y *Tensor, jac []*Tensor, err error) {
	err = Maybe(func() {
		s = s.orDefault()
		g := trace(f, x, s)
		y = detach(g.output.Value(), x)
		nx := 0
		for _, t := range x {
			nx += t.Len()
		}
		jac = blocks("Jacobian", y.shape, x, s.MaxEntries, g.budget())
		mode := s.Mode.Pick(y.Len(), nx)
		sweeps := y.Len()
		if mode == Forward {
			sweeps = nx
		}
		g.sweeps("Jacobian", sweeps, 1)
		switch mode {
		case Forward:
			out := g.index[g.output]
			for i, t := range x {
				g.eachBlock(t.shape, g.batch(len(x), t.Len(), s.MaxIntermediate), func(first, n int, basis *Tensor) {
					seeds := make([]*Node, len(x))
					seeds[i] = seed(basis, g.inputs[i])
					setColumns(jac[i], first, n, t.Len(), g.tangents(seeds)[out])
				})
			}
		case Reverse:
			g.eachBlock(y.shape, g.batch(len(x), y.Len(), s.MaxIntermediate), func(first, n int, basis *Tensor) {
				b := g.backward(seed(basis, g.output))
				b.run()
				for i, bar := range b.inputBars() {
					rows := jac[i].data[first*x[i].Len() : (first+n)*x[i].Len()]
					if bar == nil {
						clear(rows)
					} else {
						copy(rows, bar.value.data)
					}
				}
			})
		default:
			errorf("Jacobian", "unknown mode %v", mode)
		}
	})
	return y, jac, err
}

// blocks returns tensors of shape lead ++ x[i].Shape(), one per x[i], after
// checking that none has rank above MaxRank or more than limit entries and
// charging them to bud. They are filled with NaN, so that an entry the
// caller fails to write shows.
func blocks(what string, lead Shape, x []*Tensor, limit int, bud *budget) []*Tensor {
	shapes := make([]Shape, len(x))
	for i, t := range x {
		shapes[i] = append(lead.Clone(), t.shape...)
		shapes[i].check(what)
		checkSize(shapes[i], limit, what)
	}
	for _, sh := range shapes {
		bud.charge(mulSat(sh.Size(), 8), 0, func() string { return fmt.Sprintf("the %s of shape %v", what, sh) })
	}
	out := make([]*Tensor, len(x))
	for i, sh := range shapes {
		out[i] = Full(sh, math.NaN())
	}
	return out
}

// batchEntries bounds the entries of each node of a batched sweep.
const batchEntries = 1 << 14

// batch returns how many of total basis vectors to push through each sweep
// of t at once, as a batch along a new leading axis: as many as keep every
// node of the sweep within batchEntries and limit entries. Only nodes that
// depend on the first leaves nodes of t get batched tangents or cotangents,
// and the operands of their matrix products, which are broadcast over the
// batch. batch returns 0 if a node of t has rank MaxRank, leaving no room for
// a batch axis.
func (t *tape) batch(leaves, total, limit int) int {
	if limit <= 0 {
		limit = DefaultMaxEntries
	}
	biggest := 1
	for k, dep := range t.dependsOn(leaves) {
		n := t.nodes[k]
		if n.value.Rank() == MaxRank {
			return 0
		}
		if !dep {
			continue
		}
		biggest = max(biggest, n.value.Len())
		if n.prim == primMatMul {
			biggest = max(biggest, n.inputs[0].value.Len(), n.inputs[1].value.Len())
		}
	}
	return max(1, min(total, min(batchEntries, limit)/biggest))
}

// sweeps checks, before they start, that n sweeps over g fit in the work
// budget its nodes carry, each estimated at times the work of the trace.
func (g *Graph) sweeps(what string, n, times int) {
	if b := g.budget(); b != nil {
		b.sweeps(what, n, mulSat(times, g.traced.work))
	}
}

// eachBlock calls fn for the basis vectors of shape in blocks of per: the
// first one's flat position, their count n, and the block as one tensor of
// shape [n] ++ shape. With per 0, fn gets the basis vectors one at a time,
// each of shape shape. The memory of the nodes a block makes is released
// from the budget of g when the block is done; its work stays counted.
func (g *Graph) eachBlock(shape Shape, per int, fn func(first, n int, basis *Tensor)) {
	bud := g.budget()
	if bud != nil {
		held := bud.mark()
		defer bud.release(held)
		block := fn
		fn = func(first, n int, basis *Tensor) {
			block(first, n, basis)
			bud.release(held)
		}
	}
	size := shape.Size()
	for first := 0; first < size; first += max(per, 1) {
		n, dims := 1, shape
		if per > 0 {
			n = min(per, size-first)
			dims = append(Shape{n}, shape...)
		}
		basis := New(dims, nil)
		for k := range n {
			basis.data[k*size+first+k] = 1
		}
		fn(first, n, basis)
	}
}

// setColumns sets columns first, …, first+n-1 of the block jac, of shape
// lead ++ x.Shape() with xLen entries in x, to the tangents d, n blocks of
// shape lead one after the other (nil for zero).
func setColumns(jac *Tensor, first, n, xLen int, d *Node) {
	rows := jac.Len() / xLen
	for k := range n {
		for r := range rows {
			v := 0.0
			if d != nil {
				v = d.value.data[k*rows+r]
			}
			jac.data[r*xLen+first+k] = v
		}
	}
}

// LinearApprox returns the linear approximation of f at x for steps h,
//
//	f(x+h) ≈ f(x) + Σᵢ (∂f/∂xᵢ)·hᵢ
//
// computed by one JVP, never forming the Jacobian. h holds one step per
// input, of its shape; a nil entry is zero. LinearApprox returns the errors
// of JVP.
func LinearApprox(f Func, x, h []*Tensor, s *Settings) (*Tensor, error) {
	y, yDot, err := JVP(f, x, h, s)
	if err != nil {
		return nil, err
	}
	for i, v := range y.data {
		yDot.data[i] += v
	}
	return yDot, nil
}

// Hessian returns the second derivatives of f, which must return a scalar:
// block [i][j] holds ∂²f/∂xᵢ∂xⱼ, of shape xᵢ.Shape() ++ xⱼ.Shape(), for the
// quadratic approximation
//
//	f(x+h) ≈ f(x) + Σᵢ ∇ᵢf·hᵢ + ½ Σᵢⱼ hᵢ·Hᵢⱼ·hⱼ.
//
// It is computed forward over reverse: the backward pass that gives the
// gradient is itself a graph, and one JVP of it per entry of the inputs
// (batched as in Jacobian) gives a column of every block. Hessian returns an Error if f does not
// return a scalar, a *SizeError, before allocating any, if a block would
// have more than s.MaxEntries entries, and any error of Trace.
func Hessian(f Func, x []*Tensor, s *Settings) (h [][]*Tensor, err error) {
	err = Maybe(func() {
		s = s.orDefault()
		g := trace(f, x, s)
		if g.output.value.Rank() != 0 {
			errorf("Hessian", "the function returns shape %v, not a scalar", g.output.value.shape)
		}
		h = make([][]*Tensor, len(x))
		nx := 0
		for i, t := range x {
			h[i] = blocks("Hessian block", t.shape, x, s.MaxEntries, g.budget())
			nx += t.Len()
		}
		b := g.backward(seed(Scalar(1), g.output))
		b.run()
		grads := slices.DeleteFunc(slices.Clone(b.inputBars()), func(n *Node) bool { return n == nil })
		d := newTape(g.inputs, grads...)
		// A JVP of the backward pass costs about three times the trace.
		g.sweeps("Hessian", nx, 3)
		for j, t := range x {
			g.eachBlock(t.shape, d.batch(len(x), t.Len(), s.MaxIntermediate), func(first, n int, basis *Tensor) {
				seeds := make([]*Node, len(x))
				seeds[j] = seed(basis, g.inputs[j])
				dots := d.tangents(seeds)
				for i, bar := range b.inputBars() {
					var col *Node
					if bar != nil {
						col = dots[d.index[bar]]
					}
					setColumns(h[i][j], first, n, t.Len(), col)
				}
			})
		}
	})
	return h, err
}
