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
	limit  int // the largest number of entries a node computed from this one may have; 0 means DefaultMaxEntries

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

// seed returns a constant node holding t, a tangent or cotangent of like,
// that carries like's limit on to the derivative nodes made from it.
func seed(t *Tensor, like *Node) *Node {
	n := Const(t)
	n.limit = like.limit
	return n
}

// input returns the leaf node for an input of a function.
func input(name string, t *Tensor, limit int) *Node {
	return &Node{prim: primLeaf, op: "input", name: name, value: *t, limit: limit}
}

// number returns the constant scalar node v, which the elementwise
// operations repeat over any shape.
func number(v float64) *Node { return Const(Scalar(v)) }

// apply returns the node of operation op, by primitive p, on the inputs. Its
// value, of the given shape, is computed at once. apply panics with an Error
// if the shape is not valid, and with a *SizeError if the shape has more
// entries than the limit the inputs carry.
func apply(p *primitive, op string, shape Shape, a *attr, inputs ...*Node) *Node {
	shape.check(op)
	limit := 0
	for _, in := range inputs {
		if in.limit > 0 {
			limit = in.limit
			break
		}
	}
	checkSize(shape, limit, "intermediate of", op)
	n := &Node{prim: p, op: op, attr: a, limit: limit, value: Tensor{shape: shape, data: make([]float64, shape.Size())}}
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
		n.partials[i] = n.prim.partial(n, i)
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
