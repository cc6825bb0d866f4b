package expr

import (
	"errors"
	"fmt"
	"slices"

	"github.com/jacobianlab/jacobianlab/core"
)

// ErrVmap is the error Vmap's error wraps for an expression it cannot
// evaluate over a batch axis: one with a product of two batched matrices,
// conv1d or mse. Such an expression is evaluated a
// point at a time.
var ErrVmap = errors.New("expr: the expression cannot be evaluated at many points at once")

// unbatched is what the batcher panics with where it cannot batch: it
// wraps ErrVmap, and a core.Error, which core.Eval recovers.
var unbatched = fmt.Errorf("%w (%w)", ErrVmap, core.Error{Op: "vmap", Msg: "an operation without a batching rule"})

// Vmap evaluates the expression at many points at once, as JAX's vmap of
// it would: x holds, for each input in the order of Names, its values at
// the points stacked along a new leading axis, of shape [n] followed by
// the input's shape, and the result holds the expression's value at each
// point along its leading axis, of shape [n] followed by the value's
// shape. Reductions, products of matrices and the other operations
// apply to each point's entries alone. Vmap returns an error that wraps
// ErrVmap for an expression it cannot batch, and core's error, as an evaluation at one
// point would, for shapes that do not fit or a batch over the budget.
func (p *Program) Vmap(x []*core.Tensor) (y *core.Tensor, err error) {
	if len(x) != len(p.names) {
		return nil, core.Error{Msg: "Vmap needs a value for each input"}
	}
	n := -1
	for i, t := range x {
		s := t.Shape()
		if s.Rank() != p.x[i].Shape().Rank()+1 || !s[1:].Equal(p.x[i].Shape()) || (n >= 0 && s[0] != n) {
			return nil, core.Error{Msg: "Vmap needs each input's values stacked along one new leading axis"}
		}
		n = s[0]
	}
	f := func(in []*core.Node) *core.Node {
		b := &batcher{env: make(map[string]*core.Node, len(in)), n: n}
		for i, name := range p.names {
			b.env[name] = in[i]
		}
		out := b.build(p.tree)
		if !out.batched {
			out.Node = core.Broadcast(out.Node, append(core.Shape{n}, out.Shape()...))
		}
		return out.Node
	}
	return core.Eval(f, x, p.Settings(core.Auto))
}

// batcher builds the nodes that compute an expression over a batch of n
// points (Vmap). It panics with unbatched where it cannot, and with core's
// errors, which core.Eval recovers.
type batcher struct {
	env map[string]*core.Node // the inputs, batched
	n   int
}

// batched is a node of the batched expression: with a leading batch axis,
// one entry a point, or without one, the same at every point.
type batched struct {
	*core.Node
	batched bool
}

// rank returns the rank of one point's value of v.
func (v batched) rank() int {
	if v.batched {
		return v.Shape().Rank() - 1
	}
	return v.Shape().Rank()
}

// build returns the node computing n over the batch.
func (b *batcher) build(n Node) batched {
	if v, ok := scalarLeaf(n); ok {
		return batched{Node: core.Const(core.Scalar(v))}
	}
	switch n := n.(type) {
	case *Name:
		return batched{b.env[n.Name], true}
	case *Neg:
		x := b.build(n.X)
		return batched{core.Neg(x.Node), x.batched}
	case *Binary:
		x, y := b.build(n.X), b.build(n.Y)
		if n.Op == MatMul {
			return b.matMul(x, y)
		}
		x, y = b.align(x, y)
		return batched{binaryOps[n.Op](x.Node, y.Node), x.batched || y.batched}
	case *Call:
		return b.call(n)
	case *List:
		return b.list(n)
	}
	panic(unbatched)
}

// align returns x and y with a batched one's point axes padded with axes
// of size 1 after the batch axis, up to the other's rank: NumPy's
// broadcasting of one point's values, which aligns their last axes, then
// holds for the batches.
func (b *batcher) align(x, y batched) (batched, batched) {
	pad := func(v batched, rank int) batched {
		if !v.batched || v.rank() >= rank {
			return v
		}
		s := slices.Concat(core.Shape{b.n}, make(core.Shape, rank-v.rank()), v.Shape()[1:])
		for i := 1; i <= rank-v.rank(); i++ {
			s[i] = 1
		}
		return batched{core.Reshape(v.Node, s...), true}
	}
	if x.batched && y.batched || x.batched != y.batched {
		x, y = pad(x, y.rank()), pad(y, x.rank())
	}
	return x, y
}

// matMul returns x @ y over the batch: the contraction of each point's
// x's last axis with its y's first.
func (b *batcher) matMul(x, y batched) batched {
	switch {
	case !x.batched && !y.batched:
		return batched{Node: core.Tensordot(x.Node, y.Node, []int{-1}, []int{0})}
	case x.batched && !y.batched:
		return batched{core.Tensordot(x.Node, y.Node, []int{-1}, []int{0}), true}
	case !x.batched:
		// x's other axes, then the batch axis and y's other axes: the
		// batch axis goes first.
		out := core.Tensordot(x.Node, y.Node, []int{-1}, []int{1})
		k := x.Shape().Rank() - 1
		perm := []int{k}
		for i := range out.Shape().Rank() {
			if i != k {
				perm = append(perm, i)
			}
		}
		return batched{core.Transpose(out, perm...), true}
	}
	panic(unbatched) // a product of two batched matrices
}

// call returns the node computing a function call over the batch.
func (b *batcher) call(n *Call) batched {
	f, _ := lookupFunc(n.Fn)
	var ints []int
	if f.intFrom > 0 {
		for _, a := range n.Args[f.intFrom:] {
			v, _, _ := intArg(a)
			ints = append(ints, v)
		}
	}
	x := b.build(n.Args[0])
	if f.pointwise || !x.batched && (f.maxArgs == 1 || f.intFrom > 0) {
		return batched{f.build([]*core.Node{x.Node}, ints), x.batched}
	}
	switch n.Fn {
	case "sum", "mean", "max", "logsumexp":
		if x.rank() == 0 {
			return x // over the one entry of a number: the number
		}
		axes := pointAxes(x)
		if len(ints) > 0 {
			axes = []int{ints[0]}
			if ints[0] >= 0 {
				axes[0]++
			}
		}
		return batched{f.build([]*core.Node{x.Node}, axes), true}
	case "softmax": // of a vector or more: a number has no axis -1
		return batched{core.Softmax(x.Node, -1), true}
	case "transpose":
		perm := []int{0}
		for i := x.rank(); i >= 1; i-- {
			perm = append(perm, i)
		}
		return batched{core.Transpose(x.Node, perm...), true}
	case "reshape":
		return batched{core.Reshape(x.Node, append([]int{b.n}, ints...)...), true}
	case "dot":
		y := b.build(n.Args[1])
		if !x.batched && !y.batched {
			return batched{Node: f.build([]*core.Node{x.Node, y.Node}, nil)}
		}
		if !x.batched {
			x, y = y, x
		}
		if !y.batched {
			return batched{core.Tensordot(x.Node, y.Node, pointAxes(x), allAxes(y.Node)), true}
		}
		prod := core.Mul(x.Node, y.Node)
		if x.rank() == 0 {
			return batched{prod, true}
		}
		return batched{core.Sum(prod, pointAxes(x)...), true}
	}
	panic(unbatched)
}

// pointAxes returns the axes of one point's value of the batched v: 1 to
// its rank.
func pointAxes(v batched) []int {
	axes := make([]int, v.rank())
	for i := range axes {
		axes[i] = i + 1
	}
	return axes
}

// list returns the node of a literal over the batch: its entries stacked
// along the axis after the batch axis, those the same at every point
// repeated along the batch axis.
func (b *batcher) list(n *List) batched {
	x := make([]batched, len(n.Elems))
	some := false
	for i, e := range n.Elems {
		x[i] = b.build(e)
		some = some || x[i].batched
	}
	nodes := make([]*core.Node, len(x))
	for i, v := range x {
		nodes[i] = v.Node
		if some && !v.batched {
			nodes[i] = core.Broadcast(v.Node, append(core.Shape{b.n}, v.Shape()...))
		}
	}
	if !some {
		return batched{Node: core.Stack(0, nodes...)}
	}
	return batched{core.Stack(1, nodes...), true}
}
