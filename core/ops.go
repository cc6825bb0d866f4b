package core

import (
	"math"
	"slices"
	"strings"
)

// primitive is an operation with its own rules; every other operation is a
// composition of primitives. forward computes a node's value from its
// inputs' values. jvp returns (∂n/∂input_i)·xDot, the part of n's tangent
// due to input i, and vjp returns yBar·(∂n/∂input_i), the cotangent of input
// i; both build nodes with the operations of this package, so that the
// derivatives are themselves differentiable (Hessian uses this).
//
// An elementwise primitive has a diagonal Jacobian: its JVP and VJP rules
// are both multiplication by partial(n, i), the local derivative (nil for
// 1), which is computed once per node and cached; the VJP then sums over the
// leading axes the operand lacks.
type primitive struct {
	name    string
	forward func(n *Node)
	jvp     func(n *Node, i int, xDot *Node) *Node
	vjp     func(n *Node, i int, yBar *Node) *Node
	partial func(n *Node, i int) *Node
}

// attr holds the parameters of a node's primitive.
type attr struct {
	idx    indexMap     // gather: source of each output entry; scatter: destination of each input entry
	idxs   []indexMap   // concat: destination of each entry of each input
	tA, tB bool         // matmul: whether the operands are used transposed
	con    *contraction // tensordot
}

// primLeaf is the primitive of inputs and constants.
var primLeaf = &primitive{name: "leaf"}

// The primitives, set by init since their rules refer to the operations
// that apply them.
var (
	primAdd, primSub, primMul, primDiv, primPow      *primitive
	primScale                                        *primitive
	primNeg, primExp, primLog, primSqrt, primAbs     *primitive
	primSin, primCos, primTan, primTanh              *primitive
	primSig, primReLU, primSoftplus                  *primitive
	primReshape, primGather, primScatter, primConcat *primitive
	primMatMul, primTensordot                        *primitive
)

// movedBy are the names of the operations that move, repeat or sum entries
// of one operand by an index map (primGather and primScatter): each node
// takes its operation's name rather than its primitive's.
var movedBy = []string{"broadcast", "transpose", "slice", "index", "max", "windows", "sum"}

// OpNames returns, sorted, every name that Node.Op gives a node that a Func
// can make with the operations of this package: "input" and "const" for
// the leaves, the names of the primitives that name their nodes (the
// elementwise operations, "reshape", "concat", "matmul", "tensordot"), and
// those of the operations that move entries ("broadcast", "sum", …). The
// compositions (Mean, Softmax, MSE, …) make nodes of these. Nodes of a
// derivative's graph may also take a transposed name, such as "sumᵀ".
func OpNames() []string {
	names := slices.Concat([]string{"input", "const"}, movedBy)
	for _, p := range []*primitive{
		primAdd, primSub, primMul, primDiv, primPow, primNeg, primExp, primLog, primSqrt, primAbs,
		primSin, primCos, primTan, primTanh, primSig, primReLU, primSoftplus,
		primReshape, primConcat, primMatMul, primTensordot,
	} {
		names = append(names, p.name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// elementwiseJVP is the JVP rule of an elementwise primitive: the tangent
// times the local derivative, over the whole shape of n even if input i
// lacks some leading axes of it.
func elementwiseJVP(n *Node, i int, xDot *Node) *Node {
	x := n.inputs[i]
	shape := batched(xDot, x, n.value.shape)
	if nb, lead := xDot.value.Rank()-x.value.Rank(), n.value.Rank()-x.value.Rank(); nb > 0 && lead > 0 {
		// Keep the batch axes first: the axes x lacks come after them.
		xDot = reshape(xDot, slices.Concat(shape[:nb], ones(lead), x.value.shape))
	}
	if d := n.partial(i); d != nil {
		xDot = scale(xDot, d)
	}
	return broadcast(xDot, shape)
}

// ones returns the shape of n axes of dimension 1.
func ones(n int) Shape {
	s := make(Shape, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// elementwiseVJP is the VJP rule of an elementwise primitive: the
// cotangent times the local derivative, summed over the leading axes input
// i lacks.
func elementwiseVJP(n *Node, i int, yBar *Node) *Node {
	if d := n.partial(i); d != nil {
		yBar = scale(yBar, d)
	}
	nb := yBar.value.Rank() - n.value.Rank()
	if lead := n.value.Rank() - n.inputs[i].value.Rank(); lead > 0 {
		return Sum(yBar, span(nb, nb+lead)...)
	}
	return yBar
}

// unary returns an elementwise primitive whose kernel sets y to the
// function of x, with local derivative partial.
func unary(name string, kernel func(y, x []float64), partial func(n, x *Node) *Node) *primitive {
	return &primitive{
		name:    name,
		forward: func(n *Node) { kernel(n.value.data, n.inputs[0].value.data) },
		jvp:     elementwiseJVP,
		vjp:     elementwiseVJP,
		partial: func(n *Node, _ int) *Node { return partial(n, n.inputs[0]) },
	}
}

// binary returns an elementwise primitive of two operands of the same shape
// whose kernel sets y to the function of a and b, with local derivatives
// partial.
func binary(name string, kernel func(y, a, b []float64), partial func(n, a, b *Node, i int) *Node) *primitive {
	return &primitive{
		name: name,
		forward: func(n *Node) {
			y, a, b := n.value.data, n.inputs[0].value.data, n.inputs[1].value.data
			k := min(len(a), len(b)) // an operand shorter than y repeats
			for o := 0; o < len(y); o += k {
				kernel(y[o:o+k], block(a, o, k, len(y)), block(b, o, k, len(y)))
			}
		},
		jvp:     elementwiseJVP,
		vjp:     elementwiseVJP,
		partial: func(n *Node, i int) *Node { return partial(n, n.inputs[0], n.inputs[1], i) },
	}
}

// block returns the k entries of the operand x of an elementwise operation
// that go with the entries o, …, o+k-1 of its result of n entries: x's own
// if it has n entries, or all of x if it repeats.
func block(x []float64, o, k, n int) []float64 {
	if len(x) == n {
		return x[o : o+k]
	}
	return x
}

// each returns the kernel that applies f to every entry.
func each(f func(float64) float64) func(y, x []float64) {
	return func(y, x []float64) {
		for i, v := range x {
			y[i] = f(v)
		}
	}
}

// The elementwise primitives. In the partials, n is the node and x (or a
// and b) its inputs, so that d/dx exp(x) is n itself.
func init() {
	primAdd = binary("add", addKernel, func(n, a, b *Node, i int) *Node { return nil })
	primSub = binary("sub", subKernel, func(n, a, b *Node, i int) *Node {
		if i == 0 {
			return nil
		}
		return number(-1)
	})
	mulPartial := func(n, a, b *Node, i int) *Node {
		if i == 0 {
			return b
		}
		return a
	}
	primMul = binary("mul", mulKernel, mulPartial)
	primScale = binary("mul", scaleKernel, mulPartial)
	primDiv = binary("div", divKernel, func(n, a, b *Node, i int) *Node {
		if i == 0 {
			return Div(number(1), b) // 1/b
		}
		return Neg(Div(n, b)) // -a/b²
	})
	primPow = binary("pow", powKernel, func(n, a, b *Node, i int) *Node {
		if i == 0 {
			// b·a^(b-1), and 0 where b = 0 (a^0 = 1 is constant in a):
			// the exponent b-1 is taken as 1 there, so that 0^(-1) = ∞
			// is not multiplied by 0.
			return Mul(b, Pow(a, replaced(Sub(b, number(1)), b.Value(), isZero, 1)))
		}
		// a^b·log(a), and 0 where a = 0: log a is taken as 0 there, as
		// 0^b is constant in b for b > 0.
		return Mul(n, Log(replaced(a, a.Value(), isZero, 1)))
	})

	primNeg = unary("neg", each(func(x float64) float64 { return -x }), func(n, x *Node) *Node { return number(-1) })
	primExp = unary("exp", each(math.Exp), func(n, x *Node) *Node { return n })
	primLog = unary("log", each(math.Log), func(n, x *Node) *Node {
		// 1/x, and NaN where x < 0, where log x is NaN too.
		return Div(number(1), replaced(x, x.Value(), isNegative, math.NaN()))
	})
	primSqrt = unary("sqrt", each(math.Sqrt), func(n, x *Node) *Node { return Div(number(0.5), n) })
	primAbs = unary("abs", each(math.Abs), func(n, x *Node) *Node { return seed(mapTensor(x.Value(), sign), x) })
	primSin = unary("sin", each(math.Sin), func(n, x *Node) *Node { return Cos(x) })
	primCos = unary("cos", each(math.Cos), func(n, x *Node) *Node { return Neg(Sin(x)) })
	primTan = unary("tan", each(math.Tan), func(n, x *Node) *Node { return Add(number(1), Mul(n, n)) })
	primTanh = unary("tanh", each(math.Tanh), func(n, x *Node) *Node { return Sub(number(1), Mul(n, n)) })
	primSig = unary("sigmoid", each(sigmoid), func(n, x *Node) *Node { return Mul(n, Sub(number(1), n)) })
	primReLU = unary("relu", each(func(x float64) float64 { return max(x, 0) }), func(n, x *Node) *Node { return seed(mapTensor(x.Value(), step), x) })
	primSoftplus = unary("softplus", each(softplus), func(n, x *Node) *Node { return Sigmoid(x) })
}

// The kernels of the arithmetic primitives.

func addKernel(y, a, b []float64) {
	for i, v := range a {
		y[i] = v + b[i]
	}
}

func subKernel(y, a, b []float64) {
	for i, v := range a {
		y[i] = v - b[i]
	}
}

func mulKernel(y, a, b []float64) {
	for i, v := range a {
		y[i] = v * b[i]
	}
}

// scaleKernel is mulKernel but for a zero entry of a, which gives 0
// whatever b is.
func scaleKernel(y, a, b []float64) {
	for i, v := range a {
		if v == 0 {
			y[i] = 0
		} else {
			y[i] = v * b[i]
		}
	}
}

func divKernel(y, a, b []float64) {
	for i, v := range a {
		y[i] = v / b[i]
	}
}

func powKernel(y, a, b []float64) {
	for i, v := range a {
		y[i] = math.Pow(v, b[i])
	}
}

// sigmoid returns 1/(1+e^(-x)) without overflow.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus returns log(1+eˣ) without overflow.
func softplus(x float64) float64 { return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// sign returns -1, 0 or 1, the derivative of |x| (0 at the kink).
func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// step returns 1 for x > 0 and 0 otherwise, the derivative of relu (0 at the
// kink).
func step(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}

// isZero reports whether v is 0.
func isZero(v float64) bool { return v == 0 }

// isNegative reports whether v is below 0.
func isNegative(v float64) bool { return v < 0 }

// replaced returns x with v in place of the entries where mask holds for
// the matching entry of t, which broadcasts against x: x⊙keep + fill, with
// keep and fill constants. It returns x itself if mask holds nowhere, so
// that the usual graph does not change. An infinite or NaN entry of x
// becomes NaN where it is replaced.
func replaced(x *Node, t *Tensor, mask func(float64) bool, v float64) *Node {
	if !slices.ContainsFunc(t.data, mask) {
		return x
	}
	keep := mapTensor(t, func(u float64) float64 {
		if mask(u) {
			return 0
		}
		return 1
	})
	fill := mapTensor(t, func(u float64) float64 {
		if mask(u) {
			return v
		}
		return 0
	})
	return Add(Mul(x, seed(keep, x)), seed(fill, x))
}

// mapTensor returns the tensor of f applied to each entry of t.
func mapTensor(t *Tensor, f func(float64) float64) *Tensor {
	out := New(t.shape, nil)
	for i, v := range t.data {
		out.data[i] = f(v)
	}
	return out
}

// The primitives that move, sum or multiply entries: all linear in each
// input, so their JVP rule is the operation itself applied to the tangent,
// and their VJP rule is the transposed operation.
func init() {
	primReshape = &primitive{
		name:    "reshape",
		forward: func(n *Node) { copy(n.value.data, n.inputs[0].value.data) },
		jvp: func(n *Node, _ int, xDot *Node) *Node {
			return reshape(xDot, batched(xDot, n.inputs[0], n.value.shape))
		},
		vjp: func(n *Node, _ int, yBar *Node) *Node {
			return reshape(yBar, batched(yBar, n, n.inputs[0].value.shape))
		},
	}
	// primGather: y[m] = x[idx[m]].
	primGather = &primitive{
		name: "gather",
		forward: func(n *Node) {
			blockwise(n.value.data, n.inputs[0].value.data, n.value.Len()/n.attr.idx.size(), n.attr.idx.gather)
		},
		jvp: func(n *Node, _ int, xDot *Node) *Node {
			return gatherNode(xDot, n.attr.idx, batched(xDot, n.inputs[0], n.value.shape), n.op)
		},
		vjp: func(n *Node, _ int, yBar *Node) *Node {
			return scatterNode(yBar, n.attr.idx, batched(yBar, n, n.inputs[0].value.shape), transposed(n.op))
		},
	}
	// primScatter: y[idx[m]] += x[m].
	primScatter = &primitive{
		name: "scatter",
		forward: func(n *Node) {
			blockwise(n.value.data, n.inputs[0].value.data, n.inputs[0].value.Len()/n.attr.idx.size(), n.attr.idx.scatterAdd)
		},
		jvp: func(n *Node, _ int, xDot *Node) *Node {
			return scatterNode(xDot, n.attr.idx, batched(xDot, n.inputs[0], n.value.shape), n.op)
		},
		vjp: func(n *Node, _ int, yBar *Node) *Node {
			return gatherNode(yBar, n.attr.idx, batched(yBar, n, n.inputs[0].value.shape), transposed(n.op))
		},
	}
	// primConcat: y[idxs[i][m]] = x_i[m].
	primConcat = &primitive{
		name: "concat",
		forward: func(n *Node) {
			for i, in := range n.inputs {
				blockwise(n.value.data, in.value.data, in.value.Len()/n.attr.idxs[i].size(), n.attr.idxs[i].scatterAdd)
			}
		},
		jvp: func(n *Node, i int, xDot *Node) *Node {
			return scatterNode(xDot, n.attr.idxs[i], batched(xDot, n.inputs[i], n.value.shape), n.op)
		},
		vjp: func(n *Node, i int, yBar *Node) *Node {
			return gatherNode(yBar, n.attr.idxs[i], batched(yBar, n, n.inputs[i].value.shape), transposed(n.op))
		},
	}
	// primMatMul: y = op(a)·op(b) for each index of the leading (batch)
	// axes, which are the same for both.
	primMatMul = &primitive{
		name: "matmul",
		forward: func(n *Node) {
			a, b, y := n.inputs[0].value, n.inputs[1].value, n.value
			r := len(y.shape)
			m, nn := y.shape[r-2], y.shape[r-1]
			k := a.shape[r-1]
			if n.attr.tA {
				k = a.shape[r-2]
			}
			for i := range y.shape[:r-2].Size() {
				gemm(n.attr.tA, n.attr.tB, m, nn, k, a.data[i*m*k:], b.data[i*k*nn:], y.data[i*m*nn:])
			}
		},
		jvp: func(n *Node, i int, xDot *Node) *Node {
			a, b := lift(n.inputs[0], xDot, n.inputs[i]), lift(n.inputs[1], xDot, n.inputs[i])
			if i == 0 {
				return matmul(xDot, b, n.attr.tA, n.attr.tB)
			}
			return matmul(a, xDot, n.attr.tA, n.attr.tB)
		},
		vjp: func(n *Node, i int, yBar *Node) *Node {
			a, b, tA, tB := lift(n.inputs[0], yBar, n), lift(n.inputs[1], yBar, n), n.attr.tA, n.attr.tB
			switch {
			case i == 0 && !tA: // ā = ȳ·op(b)ᵀ
				return matmul(yBar, b, false, !tB)
			case i == 0: // ā = (ȳ·op(b)ᵀ)ᵀ = op(b)·ȳᵀ
				return matmul(b, yBar, tB, true)
			case !tB: // b̄ = op(a)ᵀ·ȳ
				return matmul(a, yBar, !tA, false)
			default: // b̄ = (op(a)ᵀ·ȳ)ᵀ = ȳᵀ·op(a)
				return matmul(yBar, a, true, tA)
			}
		},
	}
	primTensordot = &primitive{
		name: "tensordot",
		forward: func(n *Node) {
			n.attr.con.compute(n.value.data, n.inputs[0].value.data, n.inputs[1].value.data)
		},
		jvp: tensordotJVP,
		vjp: tensordotVJP,
	}
}

// A rule may be given a batch of tangents or cotangents at once: a node
// with leading axes beyond the shape it stands for (Jacobian and Hessian
// push a block of basis vectors through one sweep). Elementwise rules
// broadcast over the batch by themselves; the others place it first.

// batched returns the shape s preceded by the batch axes of dot, the axes it
// has beyond the shape of ref.
func batched(dot, ref *Node, s Shape) Shape {
	return append(dot.value.shape[:dot.value.Rank()-ref.value.Rank()].Clone(), s...)
}

// lift returns the operand x broadcast over the batch axes of dot, a
// tangent or cotangent of ref.
func lift(x, dot, ref *Node) *Node { return broadcast(x, batched(dot, ref, x.value.shape)) }

// blockwise applies fn to the matching blocks of dst and src, each split
// into the given number of equal blocks: an index map applied to each
// element of a batch.
func blockwise(dst, src []float64, blocks int, fn func(dst, src []float64)) {
	nd, ns := len(dst)/blocks, len(src)/blocks
	for b := range blocks {
		fn(dst[b*nd:(b+1)*nd], src[b*ns:(b+1)*ns])
	}
}

// tensordotJVP is the JVP rule of tensordot: the contraction of the tangent
// of one operand with the other operand, the batch axes put first.
func tensordotJVP(n *Node, i int, xDot *Node) *Node {
	c := n.attr.con
	nb := xDot.value.Rank() - n.inputs[i].value.Rank()
	if i == 0 {
		return tensordot(xDot, n.inputs[1], shifted(c.axesA, nb), c.axesB, "tensordot")
	}
	nfa := len(c.freeA)
	return contractArranged(
		n.inputs[0], xDot, c.axesA, shifted(c.axesB, nb), slices.Concat(span(0, nfa), batchLabels(nb), span(nfa, n.value.Rank())),
		xDot, n.inputs[0], shifted(c.axesB, nb), c.axesA, slices.Concat(batchLabels(nb), span(nfa, n.value.Rank()), span(0, nfa)))
}

// tensordotVJP is the VJP rule of tensordot. The cotangent of an operand is
// the contraction of ȳ with the other operand over the other's free axes,
// with its axes then put in the operand's order, the batch axes first.
func tensordotVJP(n *Node, i int, yBar *Node) *Node {
	c := n.attr.con
	nb := yBar.value.Rank() - n.value.Rank()
	nfa, nfb := len(c.freeA), len(c.freeB)
	yFreeA, yFreeB := span(nb, nb+nfa), span(nb+nfa, nb+nfa+nfb)
	if i == 0 {
		return contractArranged(
			yBar, n.inputs[1], yFreeB, c.freeB, slices.Concat(batchLabels(nb), c.freeA, pairedInOrder(c.axesB, c.axesA)),
			n.inputs[1], yBar, c.freeB, yFreeB, slices.Concat(pairedInOrder(c.axesB, c.axesA), batchLabels(nb), c.freeA))
	}
	return contractArranged(
		n.inputs[0], yBar, c.freeA, yFreeA, slices.Concat(pairedInOrder(c.axesA, c.axesB), batchLabels(nb), c.freeB),
		yBar, n.inputs[0], yFreeA, c.freeA, slices.Concat(batchLabels(nb), c.freeB, pairedInOrder(c.axesA, c.axesB)))
}

// contractArranged returns the contraction of p and q over the paired axes,
// with its axes, which labels name (see arrange), put in order. It is given
// the same contraction with the operands in both orders, and uses the
// first whose result needs no transpose, or else the first.
func contractArranged(p1, q1 *Node, axesP1, axesQ1, labels1 []int, p2, q2 *Node, axesP2, axesQ2, labels2 []int) *Node {
	if !isIdentity(arrangement(labels1)) && isIdentity(arrangement(labels2)) {
		return tensordot(p2, q2, axesP2, axesQ2, "tensordot")
	}
	return arrange(tensordot(p1, q1, axesP1, axesQ1, "tensordot"), labels1)
}

// arrange returns r with its axes, labelled by labels, put in order: the
// batch axes, labelled -1, -2, …, then the others, labelled 0, 1, ….
func arrange(r *Node, labels []int) *Node {
	perm := arrangement(labels)
	if isIdentity(perm) {
		return r
	}
	return Transpose(r, perm...)
}

// arrangement returns the permutation that arrange applies.
func arrangement(labels []int) []int {
	nb := 0
	for _, l := range labels {
		if l < 0 {
			nb++
		}
	}
	perm := make([]int, len(labels))
	for q, l := range labels {
		if l < 0 {
			perm[-1-l] = q
		} else {
			perm[nb+l] = q
		}
	}
	return perm
}

// span returns lo, lo+1, …, hi-1.
func span(lo, hi int) []int {
	s := make([]int, hi-lo)
	for i := range s {
		s[i] = lo + i
	}
	return s
}

// shifted returns the axes each moved by n.
func shifted(axes []int, n int) []int {
	s := make([]int, len(axes))
	for i, a := range axes {
		s[i] = a + n
	}
	return s
}

// batchLabels returns the labels -1, …, -nb of nb batch axes.
func batchLabels(nb int) []int {
	s := make([]int, nb)
	for i := range s {
		s[i] = -1 - i
	}
	return s
}

// pairedInOrder returns, for the axes of one operand listed in mine taken in
// increasing order, the axes of the other operand they are paired with.
func pairedInOrder(mine, other []int) []int {
	order := make([]int, len(mine))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(p, q int) int { return mine[p] - mine[q] })
	out := make([]int, len(order))
	for i, p := range order {
		out[i] = other[p]
	}
	return out
}

// transposed returns the name of the transpose of the linear operation op:
// op with "ᵀ" added, or removed if present.
func transposed(op string) string {
	if t, ok := strings.CutSuffix(op, "ᵀ"); ok {
		return t
	}
	return op + "ᵀ"
}

// reshape returns x with the given shape, or x itself if it has it.
func reshape(x *Node, shape Shape) *Node {
	if x.value.shape.Equal(shape) {
		return x
	}
	return apply(primReshape, "reshape", shape, nil, x)
}

// gatherNode returns the node named op of the given shape with entry m equal
// to entry idx[m] of x.
func gatherNode(x *Node, idx indexMap, shape Shape, op string) *Node {
	return apply(primGather, op, shape, &attr{idx: idx}, x)
}

// scatterNode returns the node named op of the given shape, zero except that
// entry m of x is added to its entry idx[m].
func scatterNode(x *Node, idx indexMap, shape Shape, op string) *Node {
	return apply(primScatter, op, shape, &attr{idx: idx}, x)
}

// matmul returns the node op(a)·op(b) for operands of rank at least 2 with
// the same leading axes, op transposing the last two axes if tA (tB).
func matmul(a, b *Node, tA, tB bool) *Node {
	as, bs := a.value.shape, b.value.shape
	r := len(as)
	m, k := as[r-2], as[r-1]
	if tA {
		m, k = k, m
	}
	kb, nn := bs[r-2], bs[r-1]
	if tB {
		kb, nn = nn, kb
	}
	if k != kb || !as[:r-2].Equal(bs[:r-2]) {
		errorf("matmul", "shapes %v and %v do not multiply", as, bs)
	}
	shape := append(as[:r-2].Clone(), m, nn)
	return apply(primMatMul, "matmul", shape, &attr{tA: tA, tB: tB}, a, b)
}

// tensordot returns the node named op of the contraction of a and b over the
// paired axes.
func tensordot(a, b *Node, axesA, axesB []int, op string) *Node {
	c := newContraction(op, a.value.shape, b.value.shape, axesA, axesB)
	return apply(primTensordot, op, c.out, &attr{con: c}, a, b)
}

// elementwise returns the node of the elementwise primitive p on operands
// broadcast to a common shape. An operand whose shape is the end of that
// shape is used as it is, repeated by the primitive; any other is
// broadcast by a node of its own.
func elementwise(p *primitive, xs ...*Node) *Node {
	shape := xs[0].value.shape
	if len(xs) > 1 && !shape.Equal(xs[1].value.shape) {
		var err error
		if shape, err = broadcastShapes(p.name, xs[0].value.shape, xs[1].value.shape); err != nil {
			panic(err)
		}
	}
	in := make([]*Node, len(xs))
	for i, x := range xs {
		in[i] = x
		if !shape[len(shape)-x.value.Rank():].Equal(x.value.shape) {
			in[i] = broadcast(x, shape)
		}
	}
	return apply(p, p.name, shape, nil, in...)
}

// broadcast returns x broadcast to shape, or x itself if it has that shape.
func broadcast(x *Node, shape Shape) *Node {
	if x.value.shape.Equal(shape) {
		return x
	}
	return gatherNode(x, broadcastIndex(x.value.shape, shape), shape, "broadcast")
}

// Add returns a + b, elementwise, with a and b broadcast to a common shape
// by NumPy's rules: an operand that only lacks leading axes is repeated,
// any other is broadcast by a Broadcast node. Add panics with an Error if
// the shapes do not broadcast; so do Sub, Mul, Div and Pow.
func Add(a, b *Node) *Node { return elementwise(primAdd, a, b) }

// Sub returns a - b, elementwise with broadcasting.
func Sub(a, b *Node) *Node { return elementwise(primSub, a, b) }

// Mul returns a·b, elementwise with broadcasting.
func Mul(a, b *Node) *Node { return elementwise(primMul, a, b) }

// Div returns a/b, elementwise with broadcasting.
func Div(a, b *Node) *Node { return elementwise(primDiv, a, b) }

// Pow returns a^b, elementwise with broadcasting. The exponent may be a
// tensor or a constant (Const(Scalar(2))). Its derivatives follow JAX's
// conventions where the formulas break down at a = 0:
//
//	∂/∂a = b·a^(b-1), and 0 where b = 0 (a^0 = 1 for every a, 0^0 too);
//	∂/∂b = a^b·log a, and 0 where a = 0 (0^b = 0 for every b > 0).
//
// So ∂/∂a at a = 0 is the one-sided limit from above: 0 for b > 1, 1 for
// b = 1, +∞ for 0 < b < 1. ∂/∂b is NaN for a < 0, where a^b is real only
// at whole b; it is only computed if b depends on an input.
func Pow(a, b *Node) *Node { return elementwise(primPow, a, b) }

// scale returns t⊙d, a tangent or cotangent t times a local derivative d,
// elementwise with broadcasting, as Mul does, except that a zero entry of t
// gives 0 even where d is infinite or NaN: a direction that does not move
// an entry gets nothing from it. So the Jacobian of log at [-1, 1] is
// [[NaN, 0], [0, 1]] in either mode, not NaN across a whole row.
func scale(t, d *Node) *Node { return elementwise(primScale, t, d) }

// Neg returns -x.
func Neg(x *Node) *Node { return elementwise(primNeg, x) }

// Exp returns eˣ, elementwise.
func Exp(x *Node) *Node { return elementwise(primExp, x) }

// Log returns the natural logarithm of x, elementwise. Its derivative is
// 1/x for x ≥ 0 (+∞ at 0, where log x is -∞) and NaN for x < 0, where
// log x is NaN.
func Log(x *Node) *Node { return elementwise(primLog, x) }

// Sqrt returns the square root of x, elementwise.
func Sqrt(x *Node) *Node { return elementwise(primSqrt, x) }

// Abs returns |x|, elementwise. Its derivative at 0 is taken to be 0.
func Abs(x *Node) *Node { return elementwise(primAbs, x) }

// Sin returns sin x, elementwise.
func Sin(x *Node) *Node { return elementwise(primSin, x) }

// Cos returns cos x, elementwise.
func Cos(x *Node) *Node { return elementwise(primCos, x) }

// Tan returns tan x, elementwise.
func Tan(x *Node) *Node { return elementwise(primTan, x) }

// Tanh returns tanh x, elementwise.
func Tanh(x *Node) *Node { return elementwise(primTanh, x) }

// Sigmoid returns 1/(1+e^(-x)), elementwise.
func Sigmoid(x *Node) *Node { return elementwise(primSig, x) }

// ReLU returns max(x, 0), elementwise. Its derivative at 0 is taken to be 0.
func ReLU(x *Node) *Node { return elementwise(primReLU, x) }

// Softplus returns log(1+eˣ), elementwise, a smooth ReLU.
func Softplus(x *Node) *Node { return elementwise(primSoftplus, x) }

// Reshape returns x with the given dimensions, which must have as many
// entries as x; one may be -1, to be inferred. Reshape panics with an Error
// otherwise.
func Reshape(x *Node, dims ...int) *Node {
	return apply(primReshape, "reshape", reshapeDims(x.value.shape, dims), nil, x)
}

// Transpose returns x with its axes permuted: axis k of the result is axis
// perm[k] of x. With no perm the axes are reversed. Transpose panics with an
// Error if perm is not a permutation of x's axes.
func Transpose(x *Node, perm ...int) *Node {
	shape, idx := transposeIndex(x.value.shape, perm)
	return gatherNode(x, idx, shape, "transpose")
}

// Broadcast returns x broadcast to shape by NumPy's rules. Its VJP sums the
// cotangent over the repeated axes. Broadcast panics with an Error if x does
// not broadcast to shape. It returns x itself if x has that shape.
func Broadcast(x *Node, shape Shape) *Node {
	checkBroadcastTo("broadcast", x.value.shape, shape)
	return broadcast(x, shape.Clone())
}

// Slice returns the entries of x with index start ≤ i < end along axis.
// Slice panics with an Error if the axis or the range is out of bounds or
// empty.
func Slice(x *Node, axis, start, end int) *Node {
	s := x.value.shape
	axis = normAxis("slice", axis, len(s))
	if start < 0 || start >= end || end > s[axis] {
		errorf("slice", "range %d:%d out of bounds for axis %d of shape %v", start, end, axis, s)
	}
	st := s.strides()
	out := s.Clone()
	out[axis] = end - start
	return gatherNode(x, strided{shape: out, base: start * st[axis], stride: st}, out, "slice")
}

// Index returns the entries of x with index i along axis, dropping that
// axis. Index panics with an Error if the axis or i is out of range.
func Index(x *Node, axis, i int) *Node {
	s := x.value.shape
	axis = normAxis("index", axis, len(s))
	if i < 0 || i >= s[axis] {
		errorf("index", "index %d out of range for axis %d of shape %v", i, axis, s)
	}
	st := s.strides()
	out := slices.Delete(s.Clone(), axis, axis+1)
	return gatherNode(x, strided{shape: out, base: i * st[axis], stride: slices.Delete(st, axis, axis+1)}, out, "index")
}

// Concat returns the nodes joined along an existing axis; their shapes must
// be equal except along that axis. Concat panics with an Error otherwise.
func Concat(axis int, xs ...*Node) *Node {
	if len(xs) == 0 {
		errorf("concat", "no operands")
	}
	first := xs[0].value.shape
	axis = normAxis("concat", axis, len(first))
	out := first.Clone()
	out[axis] = 0
	for _, x := range xs {
		s := x.value.shape
		if len(s) != len(first) || !s[:axis].Equal(first[:axis]) || !s[axis+1:].Equal(first[axis+1:]) {
			errorf("concat", "shapes %v and %v differ off axis %d", first, s, axis)
		}
		out[axis] += s[axis]
	}
	out.check("concat")
	st := out.strides()
	idxs := make([]indexMap, len(xs))
	off := 0
	for i, x := range xs {
		idxs[i] = strided{shape: x.value.shape, base: off * st[axis], stride: st}
		off += x.value.shape[axis]
	}
	return apply(primConcat, "concat", out, &attr{idxs: idxs}, xs...)
}

// Stack returns the nodes, which must have the same shape, joined along a
// new axis at position axis (0 to their rank). Stack panics with an Error
// otherwise.
func Stack(axis int, xs ...*Node) *Node {
	if len(xs) == 0 {
		errorf("stack", "no operands")
	}
	first := xs[0].value.shape
	axis = normAxis("stack", axis, len(first)+1)
	shape := slices.Insert(first.Clone(), axis, 1)
	in := make([]*Node, len(xs))
	for i, x := range xs {
		if !x.value.shape.Equal(first) {
			errorf("stack", "shapes %v and %v differ", first, x.value.shape)
		}
		in[i] = Reshape(x, shape...)
	}
	return Concat(axis, in...)
}

// Sum returns the sum of the entries of x over the given axes, which are
// dropped; with no axes, over all of them (a scalar). Sum panics with an
// Error if an axis is out of range or repeated; so do Mean, Max and
// LogSumExp.
func Sum(x *Node, axes ...int) *Node {
	shape, idx := reduceIndex(x.value.shape, axisSet("sum", axes, len(x.value.shape)))
	return scatterNode(x, idx, shape, "sum")
}

// Mean returns the mean of the entries of x over the given axes, which are
// dropped; with no axes, over all of them.
func Mean(x *Node, axes ...int) *Node {
	s := Sum(x, axes...)
	return Div(s, number(float64(x.value.Len()/s.value.Len())))
}

// Max returns the largest entry of x over the given axes, which are
// dropped; with no axes, over all of them. Where several entries tie for the
// largest, the first in row-major order is taken: the JVP and VJP then pass
// the whole derivative through that entry, a valid subgradient.
func Max(x *Node, axes ...int) *Node {
	shape, arg := argMax("max", x.Value(), axes)
	return gatherNode(x, arg, shape, "max")
}

// argMax returns the shape of t with the given axes (all if none) reduced
// and the flat position in t of the first largest entry of each reduced
// group.
func argMax(op string, t *Tensor, axes []int) (Shape, list) {
	shape, red := reduceIndex(t.shape, axisSet(op, axes, len(t.shape)))
	arg := make(list, shape.Size())
	for i := range arg {
		arg[i] = -1
	}
	red.rows(func(i, o, n, step int) {
		for _, v := range t.data[i : i+n] {
			if arg[o] < 0 || v > t.data[arg[o]] {
				arg[o] = i
			}
			i++
			o += step
		}
	})
	return shape, arg
}

// LogSumExp returns log Σ eˣ over the given axes, which are dropped; with no
// axes, over all of them. It is computed as m + log Σ e^(x-m) with m the
// maximum, which cannot overflow; m is a constant of the graph, which is
// exact for the derivatives since the result does not depend on m.
func LogSumExp(x *Node, axes ...int) *Node {
	z, m := lessMax("logsumexp", x, axes)
	return Add(seed(m, x), Log(Sum(Exp(z), axes...)))
}

// lessMax returns x - m, with m the maximum of x over the given axes (all
// if none) as a constant of the graph, and m without those axes. The
// largest entry of each group becomes exactly 0, and equal entries stay
// equal, at any magnitude.
func lessMax(op string, x *Node, axes []int) (*Node, *Tensor) {
	shape, arg := argMax(op, x.Value(), axes)
	m := gatherTensor(x.Value(), arg, shape)
	return Sub(x, seed(New(keptDims(x.value.shape, axes), m.data), x)), m
}

// keptDims returns shape s with the given axes (all if none) set to 1, the
// shape of a reduction that keeps its axes, which broadcasts against s.
func keptDims(s Shape, axes []int) Shape {
	out := s.Clone()
	for i, r := range axisSet("reduce", axes, len(s)) {
		if r {
			out[i] = 1
		}
	}
	return out
}

// LogSoftmax returns x - LogSumExp(x) along axis: the logarithms of the
// softmax probabilities. It is computed as z - log Σ eᶻ with z = x - max x,
// so that the result keeps its relative precision for entries of any
// magnitude (x - LogSumExp(x) would lose it to cancellation).
func LogSoftmax(x *Node, axis int) *Node {
	z, _ := lessMax("logsoftmax", x, []int{axis})
	return Sub(z, Reshape(Log(Sum(Exp(z), axis)), keptDims(x.value.shape, []int{axis})...))
}

// Softmax returns eˣ / Σ eˣ along axis, computed as eᶻ / Σ eᶻ with
// z = x - max x: no exponential overflows, the largest entry's is exactly
// 1, and each result keeps a relative error of a few units in the last
// place for entries of any magnitude; equal entries give equal results.
func Softmax(x *Node, axis int) *Node {
	z, _ := lessMax("softmax", x, []int{axis})
	e := Exp(z)
	return Div(e, Reshape(Sum(e, axis), keptDims(x.value.shape, []int{axis})...))
}

// MSE returns the mean squared error, the mean over all entries of
// (a - b)², a scalar. a and b are broadcast to a common shape.
func MSE(a, b *Node) *Node {
	d := Sub(a, b)
	return Mean(Mul(d, d))
}

// CrossEntropy returns the cross-entropy of the probabilities target (each
// row summing to 1, e.g. one-hot labels) and softmax(logits) along the last
// axis, averaged over the other axes: a scalar,
//
//	-(1/R) Σ target · LogSoftmax(logits, -1)
//
// with R the number of rows. CrossEntropy panics with an Error if the shapes
// differ or are scalars.
func CrossEntropy(logits, target *Node) *Node {
	s := logits.value.shape
	if len(s) == 0 || !s.Equal(target.value.shape) {
		errorf("crossentropy", "logits of shape %v and target of shape %v: need equal shapes of rank at least 1", s, target.value.shape)
	}
	rows := float64(s.Size() / s[len(s)-1])
	return Neg(Div(Sum(Mul(target, LogSoftmax(logits, -1))), number(rows)))
}

// MatMul returns the matrix product a @ b with NumPy's rules: the last axis
// of a is summed against the second-to-last axis of b (the only axis, if b
// is a vector); a vector a is a single row; the leading (batch) axes of
// operands of rank 3 or more are broadcast. With b of rank 1 or 2 this is
// one contraction, Tensordot(a, b, [-1], [0]). MatMul panics with an Error if
// the shapes do not fit.
func MatMul(a, b *Node) *Node {
	as, bs := a.value.shape, b.value.shape
	ra, rb := len(as), len(bs)
	switch {
	case ra == 0 || rb == 0:
		errorf("matmul", "shapes %v and %v: operands must have rank at least 1", as, bs)
	case rb <= 2:
		return tensordot(a, b, []int{ra - 1}, []int{0}, "matmul")
	case ra == 1:
		return tensordot(a, b, []int{0}, []int{rb - 2}, "matmul")
	}
	if as[ra-1] != bs[rb-2] {
		errorf("matmul", "shapes %v and %v: %d columns do not match %d rows", as, bs, as[ra-1], bs[rb-2])
	}
	batch, err := broadcastShapes("matmul", as[:ra-2], bs[:rb-2])
	if err != nil {
		panic(err)
	}
	a = broadcast(a, append(batch.Clone(), as[ra-2:]...))
	b = broadcast(b, append(batch.Clone(), bs[rb-2:]...))
	return matmul(a, b, false, false)
}

// Tensordot returns the contraction of a and b over the paired axes, as
// Contract does for tensors: the free axes of a come first. Tensordot panics
// with an Error if the axes do not pair up.
func Tensordot(a, b *Node, axesA, axesB []int) *Node {
	return tensordot(a, b, axesA, axesB, "tensordot")
}

// Conv1D returns the valid, stride-1 convolution (a cross-correlation, as in
// deep learning) of x along its last axis with the kernel w, a vector of
// length k:
//
//	y[…, i] = Σⱼ x[…, i+j]·w[j],  0 ≤ i ≤ n-k
//
// It is computed as the windows of x (an im2col gather) times w. Conv1D
// panics with an Error if w is not a vector no longer than x's last axis.
func Conv1D(x, w *Node) *Node {
	xs, ws := x.value.shape, w.value.shape
	if len(xs) == 0 || len(xs) >= MaxRank || len(ws) != 1 || ws[0] > xs[len(xs)-1] {
		errorf("conv1d", "input of shape %v and kernel of shape %v: need a vector kernel no longer than the last axis, and rank below %d", xs, ws, MaxRank)
	}
	r := len(xs)
	st := xs.strides()
	shape := append(xs[:r-1].Clone(), xs[r-1]-ws[0]+1, ws[0])
	windows := gatherNode(x, strided{shape: shape, stride: append(st, 1)}, shape, "windows")
	return MatMul(windows, w)
}
