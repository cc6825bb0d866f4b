package core_test

import (
	"errors"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// byteReader hands out the bytes of a fuzz input, then zeros.
type byteReader []byte

// next returns the next byte modulo n.
func (r *byteReader) next(n int) int {
	if len(*r) == 0 {
		return 0
	}
	b := (*r)[0]
	*r = (*r)[1:]
	return int(b) % n
}

// axis returns an axis from -3 to 3, in range or not.
func (r *byteReader) axis() int { return r.next(7) - 3 }

// step is one operation of a fuzzed program: it appends a node made from
// earlier ones.
type step func(nodes []*core.Node) *core.Node

// fuzzOps decodes one operation, with its operands (earlier nodes) and
// parameters, from r. Parameters may be out of range: the transforms must
// then return an error.
var fuzzOps = []func(r *byteReader) step{
	unaryStep(core.Neg), unaryStep(core.Exp), unaryStep(core.Log), unaryStep(core.Sqrt),
	unaryStep(core.Abs), unaryStep(core.Sin), unaryStep(core.Cos), unaryStep(core.Tan),
	unaryStep(core.Tanh), unaryStep(core.Sigmoid), unaryStep(core.ReLU), unaryStep(core.Softplus),
	binaryStep(core.Add), binaryStep(core.Sub), binaryStep(core.Mul), binaryStep(core.Div),
	binaryStep(core.Pow), binaryStep(core.MatMul), binaryStep(core.MSE), binaryStep(core.CrossEntropy),
	binaryStep(core.Conv1D),
	func(r *byteReader) step {
		a, b, n := r.next(256), r.next(256), r.next(3)
		axesA, axesB := make([]int, n), make([]int, n)
		for i := range n {
			axesA[i], axesB[i] = r.axis(), r.axis()
		}
		return func(nodes []*core.Node) *core.Node {
			return core.Tensordot(pick(nodes, a), pick(nodes, b), axesA, axesB)
		}
	},
	axesStep(core.Sum), axesStep(core.Mean), axesStep(core.Max), axesStep(core.LogSumExp),
	axisStep(core.Softmax), axisStep(core.LogSoftmax),
	func(r *byteReader) step {
		x, dims := r.next(256), make([]int, r.next(4))
		for i := range dims {
			dims[i] = r.next(6) - 1
		}
		return func(nodes []*core.Node) *core.Node { return core.Reshape(pick(nodes, x), dims...) }
	},
	func(r *byteReader) step {
		x, perm := r.next(256), make([]int, r.next(4))
		for i := range perm {
			perm[i] = r.next(4)
		}
		return func(nodes []*core.Node) *core.Node { return core.Transpose(pick(nodes, x), perm...) }
	},
	func(r *byteReader) step {
		x, shape := r.next(256), make(core.Shape, r.next(5))
		for i := range shape {
			shape[i] = r.next(5)
		}
		return func(nodes []*core.Node) *core.Node { return core.Broadcast(pick(nodes, x), shape) }
	},
	func(r *byteReader) step {
		axis, stack, xs := r.axis(), r.next(2) == 0, make([]int, r.next(4))
		for i := range xs {
			xs[i] = r.next(256)
		}
		return func(nodes []*core.Node) *core.Node {
			in := make([]*core.Node, len(xs))
			for i, x := range xs {
				in[i] = pick(nodes, x)
			}
			if stack {
				return core.Stack(axis, in...)
			}
			return core.Concat(axis, in...)
		}
	},
	func(r *byteReader) step {
		x, axis, start, end, index := r.next(256), r.axis(), r.next(4)-1, r.next(5), r.next(2) == 0
		return func(nodes []*core.Node) *core.Node {
			if index {
				return core.Index(pick(nodes, x), axis, start)
			}
			return core.Slice(pick(nodes, x), axis, start, end)
		}
	},
	func(r *byteReader) step {
		v := float64(r.next(9)) - 4
		return func([]*core.Node) *core.Node { return core.Const(core.Scalar(v)) }
	},
}

// pick returns the node i modulo the count.
func pick(nodes []*core.Node, i int) *core.Node { return nodes[i%len(nodes)] }

func unaryStep(op func(*core.Node) *core.Node) func(*byteReader) step {
	return func(r *byteReader) step {
		x := r.next(256)
		return func(nodes []*core.Node) *core.Node { return op(pick(nodes, x)) }
	}
}

func binaryStep(op func(a, b *core.Node) *core.Node) func(*byteReader) step {
	return func(r *byteReader) step {
		a, b := r.next(256), r.next(256)
		return func(nodes []*core.Node) *core.Node { return op(pick(nodes, a), pick(nodes, b)) }
	}
}

func axesStep(op func(*core.Node, ...int) *core.Node) func(*byteReader) step {
	return func(r *byteReader) step {
		x, axes := r.next(256), make([]int, r.next(3))
		for i := range axes {
			axes[i] = r.axis()
		}
		return func(nodes []*core.Node) *core.Node { return op(pick(nodes, x), axes...) }
	}
}

func axisStep(op func(*core.Node, int) *core.Node) func(*byteReader) step {
	return func(r *byteReader) step {
		x, axis := r.next(256), r.axis()
		return func(nodes []*core.Node) *core.Node { return op(pick(nodes, x), axis) }
	}
}

// decodeProgram returns the inputs and the function a fuzz input describes:
// up to 3 inputs of rank up to 3, then up to 7 operations on them.
func decodeProgram(data []byte) ([]*core.Tensor, core.Func) {
	r := byteReader(data)
	rnd := newRand(uint64(len(data)))
	x := make([]*core.Tensor, 1+r.next(3))
	for i := range x {
		x[i] = uniform(rnd, randShape(rnd, r.next(4)), -2, 2)
	}
	steps := make([]step, r.next(8))
	for i := range steps {
		steps[i] = fuzzOps[r.next(len(fuzzOps))](&r)
	}
	return x, func(in []*core.Node) *core.Node {
		nodes := append([]*core.Node(nil), in...)
		for _, s := range steps {
			nodes = append(nodes, s(nodes))
		}
		return nodes[len(nodes)-1]
	}
}

// FuzzTransforms builds random small graphs from random operations and
// shapes and runs every transform on them: none may panic, and every error
// must be a core.Error, a *core.SizeError or a *core.BudgetError.
func FuzzTransforms(f *testing.F) {
	rnd := newRand(9)
	for range 48 { // random seeds, run by go test as ordinary cases
		seed := make([]byte, 4+rnd.IntN(24))
		for i := range seed {
			seed[i] = byte(rnd.IntN(256))
		}
		f.Add(seed)
	}
	f.Add([]byte{})
	f.Add([]byte{1, 2, 2, 3, 3, 1, 17, 0, 1}) // matmul of two inputs
	f.Fuzz(func(t *testing.T, data []byte) {
		x, fn := decodeProgram(data)
		// Small limits and budget, for speed and to meet them often.
		s := &core.Settings{MaxEntries: 1 << 12, MaxIntermediate: 1 << 12, MaxBytes: 1 << 18, MaxWork: 1 << 20}
		check := func(what string, err error) {
			var ce core.Error
			var se *core.SizeError
			var be *core.BudgetError
			if err != nil && !errors.As(err, &ce) && !errors.As(err, &se) && !errors.As(err, &be) {
				t.Fatalf("%s: error %v of type %T", what, err, err)
			}
		}
		y, err := core.Eval(fn, x, s)
		check("Eval", err)
		if err != nil {
			return
		}
		_, _, err = core.JVP(fn, x, x, s)
		check("JVP", err)
		_, pullback, err := core.VJP(fn, x, s)
		check("VJP", err)
		if err == nil {
			_, err = pullback(core.Full(y.Shape(), 1))
			check("pullback", err)
		}
		_, jac, err := core.Jacobian(fn, x, s)
		check("Jacobian", err)
		for i := range jac {
			if want := append(y.Shape(), x[i].Shape()...); !jac[i].Shape().Equal(want) {
				t.Fatalf("Jacobian %d has shape %v, want %v", i, jac[i].Shape(), want)
			}
		}
		_, err = core.Grad(fn, x, s)
		check("Grad", err)
		_, err = core.Hessian(fn, x, s)
		check("Hessian", err)
		_, err = core.LinearApprox(fn, x, x, s)
		check("LinearApprox", err)
		g, err := core.Trace(fn, x, s)
		check("Trace", err)
		if b, err := g.Backward(core.Full(y.Shape(), 1)); err == nil {
			check("Backward", b.Run())
		}
	})
}
