package core

import "fmt"

// Node is one value of a traced function, as in micrograd: its value, the
// name of the operation that made it, its ordered inputs, and the rules of
// that operation. Nodes are made by the operations of this package (Add,
// MatMul, Sum, …) from other nodes, by Const, and by the transforms for the
// inputs of a Func. An operation computes its value at once.
//
// Nodes are immutable except for Named and an internal cache of local
// derivatives; a Node must not be used by several goroutines at once.
type Node struct {
	prim   *primitive
	op     string
	name   string
	inputs []*Node
	in     [2]*Node // holds inputs for up to two
	value  Tensor
	attr   *attr
	bud    *budget // the budget of the transform that made n, charged for the nodes computed from it; nil for a constant

	// partials caches the local derivatives ∂n/∂input_i of an elementwise
	// operation, computed on first use by a JVP or VJP rule.
	partials []*Node
}

// Op returns the name of the operation that made n: "input" and "const" for
// leaves, and the lowercase name of the operation otherwise ("add", "matmul",
// "sum", "broadcast", …).
func (n *Node) Op() string { return n.op }

// Name returns the name given to n by the transform (for an input) or by
// Named, or "".
func (n *Node) Name() string { return n.name }

// Named sets the name of n, shown by a visualization, and returns n.
func (n *Node) Named(name string) *Node {
	n.name = name
	return n
}

// Inputs returns the inputs of n in order; the slice must not be changed.
func (n *Node) Inputs() []*Node { return n.inputs }

// Shape returns a copy of the shape of n's value.
func (n *Node) Shape() Shape { return n.value.Shape() }

// Value returns the value of n, which must not be changed.
func (n *Node) Value() *Tensor { return &n.value }

// String returns the operation, name and shape of n, e.g. "input x [3]".
func (n *Node) String() string {
	if n.name == "" {
		return fmt.Sprintf("%s %v", n.op, n.value.shape)
	}
	return fmt.Sprintf("%s %s %v", n.op, n.name, n.value.shape)
}

// Const returns a leaf node holding t, a constant: the transforms do not
// differentiate with respect to it. t is not copied and must not be changed.
// Const panics with an Error if t is nil.
func Const(t *Tensor) *Node {
	if t == nil {
		errorf("const", "nil tensor")
	}
	return &Node{prim: primLeaf, op: "const", value: *t}
}

// ConstLike returns a leaf node holding t, a constant as Const makes, that
// counts against the limits and the budget of the transform that made like
// (see Settings): the nodes computed from it are checked and charged as
// those computed from like are. Use it for constants as large as the inputs,
// such as a literal of an expression. t is not copied and must not be
// changed. ConstLike panics with an Error if t or like is nil, and with a
// *BudgetError if t does not fit in the memory budget.
func ConstLike(t *Tensor, like *Node) *Node {
	if like == nil {
		errorf("const", "nil node")
	}
	return seed(t, like)
}

// BudgetNode returns a constant scalar 0 that starts a budget of its own,
// with the limits of s (nil for the defaults): constants made with
// ConstLike(t, n) and the nodes computed from them are checked and charged
// as those of a transform with settings s. It is for a Func traced without
// inputs, whose constants no transform can budget.
func BudgetNode(s *Settings) *Node {
	return &Node{prim: primLeaf, op: "const", value: *Scalar(0), bud: newBudget(s.orDefault())}
}

// seed returns a constant node holding t, such as a tangent or cotangent
// of like, charged to like's budget, which it carries on to the nodes made
// from it.
func seed(t *Tensor, like *Node) *Node {
	n := Const(t)
	n.bud = like.bud
	n.bud.charge(8*t.Len(), 0, func() string { return fmt.Sprintf("a constant of shape %v", t.shape) })
	return n
}

// input returns the leaf node for an input of a function, charged to bud.
func input(name string, t *Tensor, bud *budget) *Node {
	bud.charge(8*t.Len(), 0, func() string { return fmt.Sprintf("input %s, of shape %v", name, t.shape) })
	return &Node{prim: primLeaf, op: "input", name: name, value: *t, bud: bud}
}

// number returns the constant scalar node v, which the elementwise
// operations repeat over any shape.
func number(v float64) *Node { return Const(Scalar(v)) }

// apply returns the node of operation op, by primitive p, on the inputs. Its
// value, of the given shape, is computed at once. apply panics with an Error
// if the shape is not valid, with a *SizeError if the shape has more
// entries than the limit of the budget the inputs carry, and with a
// *BudgetError if the node does not fit in that budget; all before
// allocating the node.
func apply(p *primitive, op string, shape Shape, a *attr, inputs ...*Node) *Node {
	shape.check(op)
	var bud *budget
	for _, in := range inputs {
		if in.bud != nil {
			bud = in.bud
			break
		}
	}
	limit := 0
	if bud != nil {
		limit = bud.maxEntries
	}
	checkSize(shape, limit, "intermediate of", op)
	bytes, work := nodeCost(p, shape, a, inputs)
	bud.charge(bytes, work, func() string { return fmt.Sprintf("the value of %s, of shape %v", op, shape) })
	n := &Node{prim: p, op: op, attr: a, bud: bud, value: Tensor{shape: shape, data: make([]float64, shape.Size())}}
	if len(inputs) <= len(n.in) {
		n.inputs = append(n.in[:0], inputs...)
	} else {
		n.inputs = append([]*Node(nil), inputs...)
	}
	p.forward(n)
	return n
}

// partial returns ∂n/∂input_i of an elementwise operation as a node that
// broadcasts against n (of n's shape, an operand's, or a scalar), or nil if
// it is 1.
func (n *Node) partial(i int) *Node {
	if n.partials == nil {
		n.partials = make([]*Node, len(n.inputs))
	}
	if n.partials[i] == nil {
		if n.bud == nil {
			n.partials[i] = n.prim.partial(n, i)
		} else {
			held := n.bud.bytes
			n.partials[i] = n.prim.partial(n, i)
			n.bud.kept += n.bud.bytes - held
		}
	}
	return n.partials[i]
}

// pushforward returns the tangent of n, Σᵢ (∂n/∂input_i)·dots[i], with a nil
// dots[i] standing for zero; it returns nil if all are nil.
func (n *Node) pushforward(dots []*Node) *Node {
	var y *Node
	for i, d := range dots {
		if d == nil {
			continue
		}
		c := n.prim.jvp(n, i, d)
		if y == nil {
			y = c
		} else {
			y = Add(y, c)
		}
	}
	return y
}

// LocalJVP applies the JVP rule of n's operation: it returns
//
//	ẏ = Σᵢ (∂n/∂input_i)·xDot[i]
//
// for tangents xDot of n's inputs, in order; a nil xDot[i] is zero. The
// result has n's shape. For a leaf, xDot is empty and the result is zero.
// LocalJVP returns an Error if the tangents' count or shapes do not match the
// inputs.
func (n *Node) LocalJVP(xDot []*Tensor) (yDot *Tensor, err error) {
	err = Maybe(func() {
		if len(xDot) != len(n.inputs) {
			errorf("LocalJVP", "%d tangents for %s with %d inputs", len(xDot), n.op, len(n.inputs))
		}
		dots := make([]*Node, len(xDot))
		for i, t := range xDot {
			if t != nil {
				checkLike("LocalJVP", n.inputs[i].Value(), t)
				dots[i] = seed(t, n.inputs[i])
			}
		}
		yDot = valueOrZeros(n.pushforward(dots), n.value.shape)
		yDot = detach(yDot, xDot)
	})
	return yDot, err
}

// LocalVJP applies the VJP rule of n's operation: for a cotangent yBar of
// n's shape it returns, for each input in order, the cotangent
//
//	x̄ᵢ = yBar·(∂n/∂input_i)
//
// summed over n's entries, with the shape of the input. For a leaf the
// result is empty. LocalVJP returns an Error if yBar does not have n's shape.
func (n *Node) LocalVJP(yBar *Tensor) (xBar []*Tensor, err error) {
	err = Maybe(func() {
		checkLike("LocalVJP", n.Value(), yBar)
		bar := seed(yBar, n)
		xBar = make([]*Tensor, len(n.inputs))
		for i := range n.inputs {
			xBar[i] = detach(n.prim.vjp(n, i, bar).Value(), append([]*Tensor{yBar}, xBar[:i]...))
		}
	})
	return xBar, err
}

// checkLike panics with an Error for op unless t is a tensor of want's
// shape.
func checkLike(op string, want, t *Tensor) {
	if t == nil {
		errorf(op, "nil tensor where one of shape %v is needed", want.shape)
	}
	if !t.shape.Equal(want.shape) {
		errorf(op, "shape %v where %v is needed", t.shape, want.shape)
	}
}

// valueOrZeros returns the value of n, or zeros of the given shape if n is
// nil.
func valueOrZeros(n *Node, shape Shape) *Tensor {
	if n == nil {
		return New(shape, nil)
	}
	return n.Value()
}

// detach returns t, or a copy of t if t shares data with one of the
// caller's tensors or of the results already returned, so that a result
// never aliases another tensor.
func detach(t *Tensor, args []*Tensor) *Tensor {
	for _, a := range args {
		if a != nil && &t.data[0] == &a.data[0] {
			return t.Clone()
		}
	}
	return t
}
