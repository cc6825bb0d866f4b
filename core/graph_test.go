package core_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// ops returns the operation names of nodes.
func ops(nodes []*core.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Op()
	}
	return out
}

func TestTraceOrder(t *testing.T) {
	// f(x, W) = tanh(W·x) + x, with the product named.
	f := func(in []*core.Node) *core.Node {
		return core.Add(core.Tanh(core.MatMul(in[1], in[0]).Named("Wx")), in[0])
	}
	x := core.New(core.Shape{2}, []float64{1, -1})
	W := core.New(core.Shape{2, 2}, []float64{0.5, 0, 0, 2})
	g, err := core.Trace(f, []*core.Tensor{x, W}, &core.Settings{Names: []string{"x", "W"}})
	if err != nil {
		t.Fatal(err)
	}
	nodes := g.Nodes()
	if got, want := ops(nodes), []string{"input", "input", "matmul", "tanh", "add"}; !slices.Equal(got, want) {
		t.Errorf("ops = %v, want %v", got, want)
	}
	if nodes[0].Name() != "x" || nodes[1].Name() != "W" || nodes[2].Name() != "Wx" {
		t.Errorf("names %q %q %q, want x W Wx", nodes[0].Name(), nodes[1].Name(), nodes[2].Name())
	}
	if in := nodes[2].Inputs(); len(in) != 2 || in[0] != nodes[1] || in[1] != nodes[0] {
		t.Errorf("inputs of matmul are not (W, x) in order")
	}
	if in := nodes[4].Inputs(); in[0] != nodes[3] || in[1] != nodes[0] {
		t.Errorf("inputs of add are not (tanh, x) in order")
	}
	if g.Output() != nodes[4] || g.Index(nodes[3]) != 3 || g.Index(core.Const(x)) != -1 {
		t.Errorf("Output or Index wrong")
	}
	if !slices.Equal(g.Inputs(), nodes[:2]) {
		t.Errorf("Inputs are not the first nodes")
	}
	want := []float64{math.Tanh(0.5) + 1, math.Tanh(-2) - 1}
	if !slices.Equal(g.Output().Value().Data(), want) || !g.Output().Shape().Equal(core.Shape{2}) {
		t.Errorf("output %v, want %v", g.Output().Value(), want)
	}
	for i, n := range nodes {
		for _, in := range n.Inputs() {
			if g.Index(in) >= i {
				t.Errorf("node %d (%v) comes before its input %v", i, n, in)
			}
		}
	}
	// Tracing again gives the same order.
	g2, _ := core.Trace(f, []*core.Tensor{x, W}, nil)
	if !slices.Equal(ops(g2.Nodes()), ops(nodes)) || g2.Nodes()[0].Name() != "x0" {
		t.Errorf("second trace: %v, first input %q", ops(g2.Nodes()), g2.Nodes()[0].Name())
	}
}

func TestTraceErrors(t *testing.T) {
	x := []*core.Tensor{core.Zeros(2, 3), core.Zeros(4)}
	for _, test := range []struct {
		name  string
		f     core.Func
		words []string
	}{
		{"add", func(in []*core.Node) *core.Node { return core.Add(in[0], in[1]) }, []string{"add", "[2 3]", "[4]"}},
		{"matmul", func(in []*core.Node) *core.Node { return core.MatMul(in[0], in[1]) }, []string{"matmul", "[2 3]", "[4]"}},
		{"concat", func(in []*core.Node) *core.Node { return core.Concat(0, in[0], in[1]) }, []string{"concat", "[2 3]", "[4]"}},
		{"reshape", func(in []*core.Node) *core.Node { return core.Reshape(in[0], 5) }, []string{"reshape", "[2 3]", "[5]"}},
		{"sum axis", func(in []*core.Node) *core.Node { return core.Sum(in[0], 2) }, []string{"sum", "axis 2"}},
		{"nil", func(in []*core.Node) *core.Node { return nil }, []string{"nil"}},
	} {
		_, err := core.Trace(test.f, x, nil)
		var ce core.Error
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "core: ") {
			t.Errorf("%s: error %v, want a core.Error", test.name, err)
			continue
		}
		for _, w := range test.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", test.name, err, w)
			}
		}
	}

	// A function may wrap core's errors with context, e.g. a source position.
	wrapped := func(in []*core.Node) *core.Node {
		err := core.Maybe(func() { core.Add(in[0], in[1]) })
		panic(fmt.Errorf("1:5: %w", err))
	}
	_, err := core.Trace(wrapped, x, nil)
	var ce core.Error
	if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "1:5: core: add") {
		t.Errorf("wrapped error = %v", err)
	}

	// Any other panic is a bug and is not turned into an error.
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Errorf("a panic that is not core's was recovered")
			}
		}()
		core.Trace(func(in []*core.Node) *core.Node { panic("bug") }, x, nil)
	}()

	if _, err := core.Trace(func(in []*core.Node) *core.Node { return in[0] }, x, &core.Settings{Names: []string{"x"}}); err == nil {
		t.Errorf("one name for two inputs: no error")
	}
}

// TestBackwardSteps runs the backward pass of f(x) = x·x + x one node at a
// time and checks each cotangent as it accumulates.
func TestBackwardSteps(t *testing.T) {
	f := func(in []*core.Node) *core.Node { return core.Add(core.Mul(in[0], in[0]), in[0]) }
	g, err := core.Trace(f, []*core.Tensor{core.Scalar(3)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := ops(g.Nodes()); !slices.Equal(got, []string{"input", "mul", "add"}) {
		t.Fatalf("ops = %v", got)
	}
	b, err := g.Backward(nil)
	if err != nil {
		t.Fatal(err)
	}
	grad := func(i int) float64 {
		if b.Grad(i) == nil {
			return math.NaN()
		}
		return b.Grad(i).At()
	}
	type state struct{ next, x, mul, add float64 }
	nan := math.NaN()
	want := []state{
		{2, nan, nan, 1}, // the seed ∂f/∂f = 1 at the output
		{1, 1, 1, 1},     // add passes 1 to mul and to x
		{0, 7, 1, 1},     // mul adds 2x = 6 to x: both uses counted
		{-1, 7, 1, 1},    // the input has no rule
	}
	for k, w := range want {
		got := state{float64(b.Next()), grad(0), grad(1), grad(2)}
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("after %d steps: (next, x̄, mul̄, add̄) = %v, want %v", k, got, w)
		}
		if err := b.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if !b.Done() {
		t.Errorf("not done after all steps")
	}

	gv, _ := core.Trace(func(in []*core.Node) *core.Node { return core.Sin(in[0]) }, []*core.Tensor{core.Zeros(3)}, nil)
	if _, err := gv.Backward(nil); err == nil {
		t.Errorf("Backward(nil) of a vector output: no error")
	}
	if _, err := gv.Backward(core.Zeros(2)); err == nil {
		t.Errorf("Backward with a cotangent of the wrong shape: no error")
	}
}

// TestLocalRules applies each node's local rules: a backward sweep by hand
// with LocalVJP gives the gradient, a forward sweep with LocalJVP gives the
// JVP, and each node passes the dot-product test.
func TestLocalRules(t *testing.T) {
	rnd := newRand(5)
	x := []*core.Tensor{uniform(rnd, core.Shape{3, 2}, -1, 1), uniform(rnd, core.Shape{2}, -1, 1)}
	f := func(in []*core.Node) *core.Node {
		h := core.Sigmoid(core.MatMul(in[0], in[1]))
		return core.Sum(core.Mul(h, core.Concat(0, core.Slice(h, 0, 1, 3), core.Slice(h, 0, 0, 1))))
	}
	g, err := core.Trace(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	nodes := g.Nodes()

	// Backward by hand.
	bar := make([]*core.Tensor, len(nodes))
	bar[len(nodes)-1] = core.Scalar(1)
	for k := len(nodes) - 1; k >= 0; k-- {
		if bar[k] == nil {
			continue
		}
		xBar, err := nodes[k].LocalVJP(bar[k])
		if err != nil {
			t.Fatal(err)
		}
		for i, in := range nodes[k].Inputs() {
			j := g.Index(in)
			if bar[j] == nil {
				bar[j] = core.New(in.Shape(), nil)
			}
			for e, v := range xBar[i].Data() {
				bar[j].Data()[e] += v
			}
		}
	}
	grads, err := core.Grad(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range x {
		checkClose(t, "LocalVJP sweep vs Grad", bar[i].Data(), grads[i].Data(), exactTol, 1)
	}

	// Forward by hand, and the dot-product test at each node.
	v := []*core.Tensor{uniform(rnd, x[0].Shape(), -1, 1), uniform(rnd, x[1].Shape(), -1, 1)}
	dots := make([]*core.Tensor, len(nodes))
	copy(dots, v)
	for k := len(v); k < len(nodes); k++ {
		n := nodes[k]
		in := make([]*core.Tensor, len(n.Inputs()))
		for i, x := range n.Inputs() {
			in[i] = dots[g.Index(x)]
		}
		if dots[k], err = n.LocalJVP(in); err != nil {
			t.Fatal(err)
		}
		u := uniform(rnd, n.Shape(), -1, 1)
		xBar, err := n.LocalVJP(u)
		if err != nil {
			t.Fatal(err)
		}
		lhs, rhs := dot(u.Data(), dots[k].Data()), 0.0
		for i := range in {
			rhs += dot(xBar[i].Data(), in[i].Data())
		}
		if math.Abs(lhs-rhs) > exactTol*(1+math.Abs(lhs)) {
			t.Errorf("node %d (%v): ⟨u, J·v⟩ = %v, ⟨Jᵀ·u, v⟩ = %v", k, n, lhs, rhs)
		}
	}
	_, yDot, err := core.JVP(f, x, v, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "LocalJVP sweep vs JVP", dots[len(nodes)-1].Data(), yDot.Data(), exactTol, 1)

	if _, err := nodes[len(v)].LocalJVP(nil); err == nil {
		t.Errorf("LocalJVP with no tangents for a node with inputs: no error")
	}
	if _, err := nodes[len(v)].LocalVJP(core.Zeros(7)); err == nil {
		t.Errorf("LocalVJP with a cotangent of the wrong shape: no error")
	}
}

// TestOpNames traces a function that uses every operation of the package
// and checks that its nodes' names are exactly OpNames: the list that the
// backprop lesson's rules are checked against cannot drift from the
// operations.
func TestOpNames(t *testing.T) {
	x := []*core.Tensor{core.New(core.Shape{2, 3}, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}), core.New(core.Shape{3}, []float64{0.5, 0.6, 0.7})}
	f := func(in []*core.Node) *core.Node {
		a, v := in[0], in[1]
		terms := []*core.Node{
			core.Sum(core.Add(a, v)), core.Sum(core.Sub(a, v)), core.Sum(core.Div(core.Mul(a, v), core.Pow(v, core.Const(core.Scalar(2))))),
			core.Sum(core.Neg(core.Exp(core.Log(core.Sqrt(core.Abs(a)))))),
			core.Sum(core.Sin(core.Cos(core.Tan(core.Tanh(core.Sigmoid(core.ReLU(core.Softplus(a)))))))),
			core.Sum(core.Reshape(a, 3, 2)), core.Sum(core.Transpose(a)), core.Sum(core.Broadcast(v, core.Shape{4, 3})),
			core.Sum(core.Slice(a, 1, 0, 2)), core.Sum(core.Index(a, 0, 1)), core.Max(a), core.Mean(a),
			core.Sum(core.Concat(0, a, a)), core.Sum(core.Stack(0, v, v)), core.Sum(core.MatMul(a, v)),
			core.Sum(core.MatMul(core.Reshape(a, 1, 2, 3), core.Reshape(a, 1, 3, 2))), core.Sum(core.Tensordot(a, a, []int{0}, []int{0})),
			core.LogSumExp(a), core.Sum(core.Softmax(a, -1)), core.Sum(core.LogSoftmax(a, -1)), core.MSE(a, v),
			core.CrossEntropy(a, core.Softmax(a, -1)), core.Sum(core.Conv1D(v, core.Const(core.New(core.Shape{2}, []float64{1, -1})))),
		}
		y := terms[0]
		for _, t := range terms[1:] {
			y = core.Add(y, t)
		}
		return y
	}
	g, err := core.Trace(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, n := range g.Nodes() {
		seen[n.Op()] = true
	}
	names := core.OpNames()
	for _, name := range names {
		if !seen[name] {
			t.Errorf("OpNames lists %q, which no operation made", name)
		}
		delete(seen, name)
	}
	for name := range seen {
		t.Errorf("an operation made a node %q, which OpNames does not list", name)
	}
}
