package core

import "strconv"

// Func is a function of several tensors, written with the operations of this
// package on nodes: it receives one input node per argument, in order, and
// returns the result node. The transforms call it once to trace it into a
// graph. It may also use constants (Const) and name nodes (Named).
//
//	f := func(x []*core.Node) *core.Node { // f(W, x) = tanh(W·x)
//		return core.Tanh(core.MatMul(x[0], x[1]))
//	}
type Func func(x []*Node) *Node

// tape is a list of nodes in a topological order (every node after its
// inputs), with the position of each.
type tape struct {
	nodes []*Node
	index map[*Node]int
}

// newTape returns the tape of the leaves, in order, followed by the other
// nodes the outputs depend on, in the order of a depth-first walk of the
// inputs, in order, from each output: a deterministic topological order.
func newTape(leaves []*Node, outputs ...*Node) *tape {
	t := &tape{index: make(map[*Node]int)}
	for _, l := range leaves {
		t.add(l)
	}
	var visit func(n *Node)
	visit = func(n *Node) {
		if _, ok := t.index[n]; ok {
			return
		}
		for _, in := range n.inputs {
			visit(in)
		}
		t.add(n)
	}
	for _, o := range outputs {
		visit(o)
	}
	return t
}

// add appends n to t.
func (t *tape) add(n *Node) {
	t.index[n] = len(t.nodes)
	t.nodes = append(t.nodes, n)
}

// dependsOn returns, for each node of t, whether it depends on one of the
// first k nodes of t (which depend on themselves).
func (t *tape) dependsOn(k int) []bool {
	dep := make([]bool, len(t.nodes))
	for j, n := range t.nodes {
		dep[j] = j < k
		for _, in := range n.inputs {
			dep[j] = dep[j] || dep[t.index[in]]
		}
	}
	return dep
}

// tangents returns the tangent of every node of t, the forward sweep of
// forward-mode differentiation, given the tangents seeds of the first
// len(seeds) nodes. A nil tangent is zero.
func (t *tape) tangents(seeds []*Node) []*Node {
	dots := make([]*Node, len(t.nodes))
	copy(dots, seeds)
	var in []*Node
	for j := len(seeds); j < len(t.nodes); j++ {
		n := t.nodes[j]
		in = in[:0]
		for _, x := range n.inputs {
			in = append(in, dots[t.index[x]])
		}
		dots[j] = n.pushforward(in)
	}
	return dots
}

// Graph is a traced function: its nodes in a deterministic topological order
// (the inputs first, then every node after its own inputs), its inputs and
// its output. A visualization can draw it and step through its backward pass
// with Backward.
type Graph struct {
	tape
	inputs []*Node
	output *Node
	needs  []bool // whether each node depends on an input
	traced mark   // what the trace used of the budget its nodes carry
}

// Trace calls f on input nodes holding x and returns the graph of the
// result. The inputs are named by s.Names, or "x0", "x1", … if s or s.Names
// is nil; every node is limited to s.MaxIntermediate entries, and the
// nodes together to the budget s.MaxBytes and s.MaxWork. To check the
// shapes of an expression without values, trace it on zero tensors of the
// input shapes (Zeros).
//
// Trace returns an error, never panics, if f applies an operation to shapes
// it cannot use (an Error), if a node would exceed the limit (a *SizeError)
// or the budget (a *BudgetError), or if f panics with an error that wraps
// one of these (so a caller can add context, e.g. the position in a source
// text, with fmt.Errorf and %w).
func Trace(f Func, x []*Tensor, s *Settings) (g *Graph, err error) {
	err = Maybe(func() { g = trace(f, x, s) })
	return g, err
}

// Eval returns f(x), as Trace does but without building the graph.
func Eval(f Func, x []*Tensor, s *Settings) (y *Tensor, err error) {
	err = Maybe(func() { y = detach(call(f, inputs(x, s)).Value(), x) })
	return y, err
}

// trace is Trace, panicking with its errors.
func trace(f Func, x []*Tensor, s *Settings) *Graph {
	in := inputs(x, s)
	out := call(f, in)
	g := &Graph{tape: *newTape(in, out), inputs: in, output: out}
	g.needs = g.dependsOn(len(in))
	if len(in) > 0 {
		g.traced = in[0].bud.mark()
	}
	return g
}

// budget returns the budget the nodes of g carry, or nil for a graph
// without inputs.
func (g *Graph) budget() *budget {
	if len(g.inputs) == 0 {
		return nil
	}
	return g.inputs[0].bud
}

// inputs returns the input nodes of a Func for x.
func inputs(x []*Tensor, s *Settings) []*Node {
	s = s.orDefault()
	if s.Names != nil && len(s.Names) != len(x) {
		errorf("Trace", "%d names for %d inputs", len(s.Names), len(x))
	}
	in := make([]*Node, len(x))
	bud := newBudget(s)
	for i, t := range x {
		if t == nil {
			errorf("Trace", "input %d is nil", i)
		}
		name := "x" + strconv.Itoa(i)
		if s.Names != nil {
			name = s.Names[i]
		}
		in[i] = input(name, t, bud)
	}
	return in
}

// call returns f(in), panicking with an Error if f returns nil.
func call(f Func, in []*Node) *Node {
	out := f(in)
	if out == nil {
		errorf("Trace", "the function returned a nil node")
	}
	return out
}

// Nodes returns the nodes of g in topological order: the inputs, in order,
// then every other node after its own inputs. The slice must not be changed.
func (g *Graph) Nodes() []*Node { return g.nodes }

// Index returns the position of n in Nodes, or -1 if n is not in g.
func (g *Graph) Index(n *Node) int {
	if i, ok := g.index[n]; ok {
		return i
	}
	return -1
}

// Inputs returns the input nodes of g, in order.
func (g *Graph) Inputs() []*Node { return g.inputs }

// Output returns the output node of g.
func (g *Graph) Output() *Node { return g.output }

// Backward is the backward pass (reverse-mode differentiation) of a graph,
// run one node at a time: each Step takes the next node in reverse
// topological order and applies its VJP rule to its cotangent, adding the
// results to the cotangents of its inputs. A node's cotangent is complete
// once every node after it has been stepped, in particular when the pass
// reaches it; a node used twice receives the sum of both contributions.
// Only nodes that depend on an input get cotangents.
type Backward struct {
	g    *Graph
	bar  []*Node
	next int
}

// Backward starts the backward pass of g from the cotangent yBar of the
// output, ∂L/∂y for some scalar L; a nil yBar is 1 for a scalar output.
// The pass has the budget that was left when g was traced: each pass
// starts from it again. Backward returns an Error if yBar does not have the
// output's shape.
func (g *Graph) Backward(yBar *Tensor) (b *Backward, err error) {
	err = Maybe(func() {
		if yBar == nil && g.output.value.Rank() == 0 {
			yBar = Scalar(1)
		}
		checkLike("Backward", g.output.Value(), yBar)
		g.restart()
		b = g.backward(seed(yBar, g.output))
	})
	return b, err
}

// backward starts the backward pass of g from the cotangent node yBar.
func (g *Graph) backward(yBar *Node) *Backward {
	b := &Backward{g: g, bar: make([]*Node, len(g.nodes)), next: len(g.nodes) - 1}
	if o := g.index[g.output]; g.needs[o] {
		b.bar[o] = yBar
	}
	return b
}

// Done reports whether every node has been stepped.
func (b *Backward) Done() bool { return b.next < 0 }

// Next returns the position in the graph's Nodes of the node the next Step
// takes, or -1 when done.
func (b *Backward) Next() int { return b.next }

// Step takes the next node: it adds the cotangents of the node's inputs
// that its VJP rule gives to theirs. It does nothing when done. Step returns
// a *SizeError if a cotangent would exceed the graph's limit, and a
// *BudgetError if it would exceed the budget.
func (b *Backward) Step() error { return Maybe(b.step) }

// Run steps until done.
func (b *Backward) Run() error { return Maybe(b.run) }

// Grad returns the cotangent of the node at position i so far (the sum of
// the contributions of the nodes stepped), or nil if it has none yet or does
// not depend on an input. The tensor must not be changed.
func (b *Backward) Grad(i int) *Tensor {
	if b.bar[i] == nil {
		return nil
	}
	return b.bar[i].Value()
}

// run steps until done.
func (b *Backward) run() {
	for !b.Done() {
		b.step()
	}
}

// step takes the next node.
func (b *Backward) step() {
	if b.Done() {
		return
	}
	j := b.next
	b.next--
	n, bar := b.g.nodes[j], b.bar[j]
	if bar == nil {
		return
	}
	for i, x := range n.inputs {
		k := b.g.index[x]
		if !b.g.needs[k] {
			continue
		}
		c := n.prim.vjp(n, i, bar)
		if b.bar[k] == nil {
			b.bar[k] = c
		} else {
			b.bar[k] = Add(b.bar[k], c)
		}
	}
}

// restart returns the budget of g to what was left after the trace, for a
// new evaluation on g: a backward pass or a call of a pullback.
func (g *Graph) restart() {
	if b := g.budget(); b != nil {
		b.reset(g.traced)
	}
}

// inputBars returns the cotangents of the inputs after a complete pass; nil
// entries are zero.
func (b *Backward) inputBars() []*Node { return b.bar[:len(b.g.inputs)] }
