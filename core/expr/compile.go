package expr

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/jacobianlab/jacobianlab/core"
)

// compiler turns a tree parsed from text into a core.Func. The Func
// panics with an *Error, positioned in text, that wraps the error of
// core behind it, so that core's transforms recover it and return it.
type compiler struct {
	source string // what text is, for errors: "expression", "values", …
	text   string
	budget Budget // for a Func without inputs, which no transform budgets
}

// fn returns the Func that computes tree with its inputs bound, in order,
// to names.
func (c *compiler) fn(tree Node, names []string) core.Func {
	return func(x []*core.Node) *core.Node {
		b := &builder{compiler: c, env: make(map[string]*core.Node, len(names))}
		for i, name := range names {
			b.env[name] = x[i]
		}
		if len(x) > 0 {
			b.anchor = x[0]
		} else {
			b.anchor = core.BudgetNode(c.budget.settings(core.Auto, nil))
		}
		return b.build(tree)
	}
}

// builder is one call of a compiled Func: it builds the nodes of the
// tree.
type builder struct {
	*compiler
	env    map[string]*core.Node // the input nodes, by name
	anchor *core.Node            // carries the budget of the call to the literals (core.ConstLike)
}

// build returns the node computing n.
func (b *builder) build(n Node) *core.Node {
	if v, ok := scalarLeaf(n); ok {
		if k, named := n.(*Const); named {
			return core.Const(core.Scalar(v)).Named(k.Name)
		}
		return core.Const(core.Scalar(v))
	}
	switch n := n.(type) {
	case *Name:
		return b.env[n.Name]
	case *Neg:
		x := b.build(n.X)
		return b.check(core.Neg(x), nil, n.OpPos, "'-'", nil)
	case *Binary:
		x, y := b.build(n.X), b.build(n.Y)
		what := quotedOps[n.Op]
		out, err := try(func() *core.Node { return binaryOps[n.Op](x, y) })
		return b.check(out, err, n.OpPos, what, func(reason string) string {
			return fmt.Sprintf("'%s' cannot combine shapes %v and %v: %s", n.Op, x.Shape(), y.Shape(), binaryReason(n.Op, x.Shape(), y.Shape(), reason))
		})
	case *Call:
		return b.call(n)
	case *List:
		return b.list(n)
	}
	panic(fmt.Sprintf("expr: unknown node %T", n))
}

// quotedOps name the binary operators in messages, made once rather than
// at every evaluation.
var quotedOps = map[Op]string{Add: "'+'", Sub: "'-'", Mul: "'*'", Div: "'/'", Pow: "'^'", MatMul: "'@'"}

// binaryOps are the operations of core behind the binary operators.
var binaryOps = map[Op]func(a, b *core.Node) *core.Node{
	Add: core.Add, Sub: core.Sub, Mul: core.Mul, Div: core.Div, Pow: core.Pow,
	MatMul: func(a, b *core.Node) *core.Node { return core.Tensordot(a, b, []int{-1}, []int{0}) },
}

// binaryReason explains in words why op refused shapes a and b, given
// core's reason.
func binaryReason(op Op, a, b core.Shape, reason string) string {
	switch {
	case op != MatMul:
		return "they do not broadcast (aligned at their last axes, sizes must be equal or 1)"
	case a.Rank() == 0 || b.Rank() == 0:
		return "@ needs at least one axis on each side (use * to scale)"
	case a[a.Rank()-1] != b[0]:
		return fmt.Sprintf("the last axis of the left has size %d but the first axis of the right has size %d", a[a.Rank()-1], b[0])
	}
	return reason
}

// call returns the node computing a function call.
func (b *builder) call(n *Call) *core.Node {
	f, _ := lookupFunc(n.Fn)
	tensors := n.Args
	var ints []int
	if f.intFrom > 0 {
		tensors = n.Args[:f.intFrom]
		for _, a := range n.Args[f.intFrom:] {
			v, _, _ := intArg(a)
			ints = append(ints, v)
		}
	}
	x := make([]*core.Node, len(tensors))
	shapes := make([]core.Shape, len(tensors))
	for i, a := range tensors {
		x[i] = b.build(a)
		shapes[i] = x[i].Shape()
	}
	out, err := try(func() *core.Node { return f.build(x, ints) })
	return b.check(out, err, n.FnPos, n.Fn, func(reason string) string {
		if f.needs != "" {
			reason = f.needs
		}
		if len(shapes) == 2 {
			return fmt.Sprintf("%s cannot take shapes %v and %v: %s", n.Fn, shapes[0], shapes[1], reason)
		}
		return fmt.Sprintf("%s cannot take shape %v: %s", n.Fn, shapes[0], reason)
	})
}

// list returns the node of a literal: one constant if every entry is a
// number or a constant, and otherwise its entries stacked.
func (b *builder) list(n *List) *core.Node {
	if shape, ok := textShape(n); ok {
		data := leaves(n, make([]float64, 0, core.Shape(shape).Size()))
		out, err := try(func() *core.Node { return core.ConstLike(core.New(shape, data), b.anchor) })
		return b.check(out, err, n.Lbrack, "the literal", func(reason string) string { return "the literal: " + reason })
	}
	x := make([]*core.Node, len(n.Elems))
	for i, e := range n.Elems {
		x[i] = b.build(e)
	}
	out, err := try(func() *core.Node { return core.Stack(0, x...) })
	if err != nil {
		for i := range x {
			if !x[i].Shape().Equal(x[0].Shape()) {
				panic(b.errorf(n.Elems[i].Pos(), ClassRagged, err, "ragged literal: entry %d has shape %v but entry 1 has shape %v",
					i+1, x[i].Shape(), x[0].Shape()))
			}
		}
	}
	return b.check(out, err, n.Lbrack, "the literal", func(reason string) string { return "the literal: " + reason })
}

// leaves appends the values of the entries of a literal of numbers and
// constants to data, in row-major order.
func leaves(n Node, data []float64) []float64 {
	if l, ok := n.(*List); ok {
		for _, e := range l.Elems {
			data = leaves(e, data)
		}
		return data
	}
	v, _ := scalarLeaf(n)
	return append(data, v)
}

// try calls op and returns its node, or the error of core it panicked
// with.
func try(op func() *core.Node) (out *core.Node, err error) {
	err = core.Maybe(func() { out = op() })
	return out, err
}

// check returns out, the result of an operation at pos, if err is nil.
// Otherwise it panics with an *Error at pos that wraps err: of ClassSize,
// naming what, for a *core.SizeError or *core.BudgetError; of ClassShape,
// with the message msg makes from core's reason, for a core.Error.
func (b *builder) check(out *core.Node, err error, pos int, what string, msg func(reason string) string) *core.Node {
	if err == nil {
		return out
	}
	var se *core.SizeError
	if errors.As(err, &se) {
		panic(b.errorf(pos, ClassSize, err, "%s would make a tensor of shape %v with %s entries, more than the limit of %d",
			what, se.Shape, sizeString(se), se.Limit))
	}
	var be *core.BudgetError
	if errors.As(err, &be) {
		panic(b.errorf(pos, ClassSize, err, "%s %s", what, be.Reason()))
	}
	var ce core.Error
	errors.As(err, &ce)
	panic(b.errorf(pos, ClassShape, err, "%s", msg(ce.Msg)))
}

// sizeString writes the entries of the tensor e refused: in digits, or
// "more than 2⁶³" if they do not fit in an int.
func sizeString(e *core.SizeError) string {
	if n := e.Entries(); n < math.MaxInt {
		return strconv.Itoa(n)
	}
	return "more than 2⁶³"
}

// errorf returns an Error at offset pos of the compiler's text, wrapping
// err.
func (c *compiler) errorf(pos int, class Class, err error, format string, args ...any) *Error {
	return &Error{Source: c.source, Text: c.text, Offset: pos, Class: class, Msg: fmt.Sprintf(format, args...), Err: err}
}
