package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// bpCases are functions whose graphs hold every operation the expressions
// can make, at values where each is differentiable.
var bpCases = []struct{ f, at string }{
	{BPDefF, BPDefAt},
	{"sum(sin(x) * cos(x) + tan(x) / exp(x) - log(x) ^ 2)", "x = [0.3, 0.7, 1.1]"},
	{"mean(sqrt(x) + abs(x - 1) + sigmoid(x) * relu(x - 0.5) + softplus(-x))", "x = [0.3, 0.7, 1.6]"},
	{"sum(softmax(x @ W)) + logsumexp(x) + max(x)", "x = [0.2, -0.4]; W = [[1, 2, 0.5], [-1, 0.3, 0.2]]"},
	{"dot(transpose(A), B) + sum(reshape(A, 6)) + sum(A / 2)", "A = [[1, 2, 3], [4, 5, 6.5]]; B = [[0.5, -1], [2, 0.25], [1, 1]]"},
	{"sum(conv1d(x, w) ^ 2) + sum([a, b] * [a, a]) + a ^ b", "x = [0.5, -1, 2, 0.3]; w = [0.2, -0.7]; a = 1.3; b = 0.6"},
	{"mse(x * x, 2)", "x = [1, 2, 3]"},
}

func bpNetOf(t *testing.T, f, at string) *BPNet {
	t.Helper()
	p, err := expr.Compile(f, at)
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewBPNet(p, p.Inputs())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// nearly reports whether a and b agree to tol relative to their size.
func nearly(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

// TestBackpropGradients checks every node's gradient after the backward
// sweep: the inputs' against core.Grad and central differences, every
// node's against forward mode: a tangent seeded at the node and pushed to
// L by the nodes' JVP rules gives ⟨∂L/∂v, v̇⟩.
func TestBackpropGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, c := range bpCases {
		n := bpNetOf(t, c.f, c.at)
		want, err := core.Grad(n.Prog.Func(), n.X, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, chk := range n.Check() {
			if !nearly(n.Full[i].Data(), want[i].Data(), 1e-12) {
				t.Errorf("%s: ∂L/∂%s = %v, core.Grad %v", c.f, chk.Wrt, n.Full[i].Data(), want[i].Data())
			}
			// Central differences are good to about 1e-10 here; the relative
			// error is relative to at least 1e-6.
			if !nearly(chk.Backprop, chk.FD, 1e-6) || chk.RelErr > 1e-4 {
				t.Errorf("%s: ∂L/∂%s = %v, finite differences %v", c.f, chk.Wrt, chk.Backprop, chk.FD)
			}
		}
		last := n.Grads[len(n.Grads)-1]
		nodes := n.G.Nodes()
		for i := range nodes {
			if !n.Needs[i] {
				if last[i] != nil {
					t.Errorf("%s: node %d depends on no input but has a gradient", c.f, i)
				}
				continue
			}
			dir := core.Zeros(nodes[i].Shape()...)
			for k := range dir.Data() {
				dir.Data()[k] = rng.NormFloat64()
			}
			dots := make([]*core.Tensor, len(nodes))
			dots[i] = dir
			for j := i + 1; j < len(nodes); j++ {
				xDot := make([]*core.Tensor, len(nodes[j].Inputs()))
				some := false
				for k, in := range nodes[j].Inputs() {
					xDot[k] = dots[n.G.Index(in)]
					some = some || xDot[k] != nil
				}
				if some {
					if dots[j], err = nodes[j].LocalJVP(xDot); err != nil {
						t.Fatal(err)
					}
				}
			}
			jvp := 0.0
			if d := dots[len(nodes)-1]; d != nil {
				jvp = d.Data()[0]
			}
			vjp := 0.0
			for k, g := range last[i].Data() {
				vjp += g * dir.Data()[k]
			}
			if math.Abs(jvp-vjp) > 1e-10*math.Max(1, math.Abs(jvp)) {
				t.Errorf("%s: node %d (%v): ⟨∂L/∂v, v̇⟩ = %v by backprop, %v by forward mode", c.f, i, nodes[i], vjp, jvp)
			}
		}
	}
}

// TestBackpropHiddenByHand checks the gradient of the default network's
// hidden layer h = tanh(x W1 + b1) against core.VJP of the rest of the
// network as a function of h, and against finite differences of it
// written with gonum.
func TestBackpropHiddenByHand(t *testing.T) {
	n := bpNetOf(t, BPDefF, BPDefAt)
	var h int
	for i, nd := range n.G.Nodes() {
		if nd.Op() == "tanh" {
			h = i
		}
	}
	hv := n.G.Nodes()[h].Value()
	_, w2, b2, y := n.X[1], n.X[3], n.X[4], n.X[5]
	rest := func(x []*core.Node) *core.Node {
		return core.MSE(core.Add(core.MatMul(x[0], core.Const(w2)), core.Const(b2)), core.Const(y))
	}
	_, pull, err := core.VJP(rest, []*core.Tensor{hv}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := pull(core.Scalar(1))
	if err != nil {
		t.Fatal(err)
	}
	got := n.Grads[len(n.Grads)-1][h]
	if !nearly(got.Data(), want[0].Data(), 1e-12) {
		t.Errorf("∂L/∂h = %v, core.VJP %v", got.Data(), want[0].Data())
	}
	byHand := func(hd []float64) float64 {
		hm := mat.NewDense(4, 3, hd)
		var o mat.Dense
		o.Mul(hm, w2.Dense())
		l := 0.0
		for i := range 4 {
			d := o.At(i, 0) + b2.Data()[0] - y.Data()[i]
			l += d * d / 4
		}
		return l
	}
	est := fd.Gradient(nil, byHand, slices.Clone(hv.Data()), &fd.Settings{Formula: fd.Central})
	if !nearly(got.Data(), est, 1e-7) {
		t.Errorf("∂L/∂h = %v, finite differences %v", got.Data(), est)
	}
}

// TestBackpropOrder checks that the forward sweep takes the nodes in a
// topological order and the backward sweep in its reverse, every node
// with a gradient once.
func TestBackpropOrder(t *testing.T) {
	for _, c := range bpCases {
		n := bpNetOf(t, c.f, c.at)
		nodes := n.G.Nodes()
		for s := 1; s <= len(nodes); s++ {
			j := n.At(s).Current
			for _, in := range nodes[j].Inputs() {
				if n.G.Index(in) >= j {
					t.Errorf("%s: forward step %d takes node %d before its input %d", c.f, s, j, n.G.Index(in))
				}
			}
		}
		var want []int
		for i := len(nodes) - 1; i >= 0; i-- {
			if n.Needs[i] {
				want = append(want, i)
			}
		}
		var got []int
		for s := len(nodes) + 1; s <= n.Steps(); s++ {
			got = append(got, n.At(s).Current)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: backward sweep %v, want %v", c.f, got, want)
		}
		if a := n.At(n.Steps()); a.Phase != BPDone {
			t.Errorf("%s: phase %q at the end", c.f, a.Phase)
		}
	}
}

// handForm computes the closed form of a term by hand from its operands,
// with the operands of an elementwise form repeated to the node's shape
// as broadcasting does and the result summed over the leading axes the
// input lacks; ok is false for forms left to TestBackpropGradients.
func handForm(key string, slot int, ops []*core.Tensor, size int) (out []float64, ok bool) {
	at := func(k, i int) float64 { d := ops[k].Data(); return d[i%len(d)] }
	each := func(f func(i int) float64) []float64 {
		full := make([]float64, ops[0].Len())
		for i := range full {
			full[i] = f(i)
		}
		r := make([]float64, size)
		for i, v := range full {
			r[i%size] += v
		}
		return r
	}
	g := func(i int) float64 { return at(0, i) }
	switch key + strconv.Itoa(slot) {
	case "add0", "add1", "sub0", "reshape0":
		return each(g), true
	case "sub1", "neg0":
		return each(func(i int) float64 { return -g(i) }), true
	case "mul0", "mul1", "exp0":
		return each(func(i int) float64 { return g(i) * at(1, i) }), true
	case "div0", "log0":
		return each(func(i int) float64 { return g(i) / at(1, i) }), true
	case "div1":
		return each(func(i int) float64 { return -g(i) * at(1, i) / at(2, i) }), true
	case "pow0":
		return each(func(i int) float64 { return g(i) * at(1, i) * math.Pow(at(2, i), at(1, i)-1) }), true
	case "pow1":
		return each(func(i int) float64 { return g(i) * at(1, i) * math.Log(at(2, i)) }), true
	case "sqrt0":
		return each(func(i int) float64 { return g(i) / (2 * at(1, i)) }), true
	case "abs0":
		return each(func(i int) float64 { return g(i) * math.Copysign(1, at(1, i)) }), true
	case "sin0":
		return each(func(i int) float64 { return g(i) * math.Cos(at(1, i)) }), true
	case "cos0":
		return each(func(i int) float64 { return -g(i) * math.Sin(at(1, i)) }), true
	case "tan0":
		return each(func(i int) float64 { return g(i) * (1 + at(1, i)*at(1, i)) }), true
	case "tanh0":
		return each(func(i int) float64 { return g(i) * (1 - at(1, i)*at(1, i)) }), true
	case "sigmoid0":
		return each(func(i int) float64 { return g(i) * at(1, i) * (1 - at(1, i)) }), true
	case "relu0":
		return each(func(i int) float64 { return g(i) * float64(map[bool]int{true: 1}[at(1, i) > 0]) }), true
	case "softplus0":
		return each(func(i int) float64 { return g(i) / (1 + math.Exp(-at(1, i))) }), true
	case "sum0":
		r := make([]float64, size)
		for i := range r {
			r[i] = ops[0].Data()[0]
		}
		return r, ops[0].Len() == 1
	case "dot0", "dot1":
		r := make([]float64, size)
		for i := range r {
			r[i] = ops[0].Data()[0] * ops[1].Data()[i]
		}
		return r, true
	case "tensordot0", "tensordot1":
		// C = A B with A's leading axes as rows and B's trailing as
		// columns: Ā = C̄ Bᵀ, B̄ = Aᵀ C̄.
		if slot == 0 {
			g, b := ops[0], ops[1]
			k := b.Shape()[0]
			cols := b.Len() / k
			var r mat.Dense
			r.Mul(mat.NewDense(g.Len()/cols, cols, g.Data()), mat.NewDense(k, cols, b.Data()).T())
			return r.RawMatrix().Data, true
		}
		a, g := ops[0], ops[1]
		k := a.Shape()[a.Rank()-1]
		rows := a.Len() / k
		var r mat.Dense
		r.Mul(mat.NewDense(rows, k, a.Data()).T(), mat.NewDense(rows, g.Len()/rows, g.Data()))
		return r.RawMatrix().Data, true
	}
	return nil, false
}

// TestBackpropClosedForms checks every contribution of every backward step
// of every case: its closed form by hand from the operands the panel shows
// equals core's VJP, and every operation has a rule.
func TestBackpropClosedForms(t *testing.T) {
	for _, c := range bpCases {
		n := bpNetOf(t, c.f, c.at)
		nodes := n.G.Nodes()
		for k, j := range n.Back {
			nd := nodes[j]
			if nd.Op() == "input" {
				continue
			}
			_, key, known := BPRuleOf(nd)
			if !known {
				t.Errorf("%s: no VJP rule for %v", c.f, nd)
				continue
			}
			terms, err := n.Terms(j, n.Grads[k][j])
			if err != nil {
				t.Fatal(err)
			}
			for _, tm := range terms {
				tex := tm.TeX(nd)
				if _, err := mathtex.TeX(`\Delta` + tex); err != nil {
					t.Errorf("%s: %v: closed form %q: %v", c.f, nd, tex, err)
				}
				want, ok := handForm(key, tm.Slot, tm.ops, tm.result.Len())
				if !ok {
					continue
				}
				if !nearly(tm.result.Data(), want, 1e-12) {
					t.Errorf("%s: %v input %d: VJP %v, closed form %v", c.f, nd, tm.Slot, tm.result.Data(), want)
				}
			}
		}
	}
}

// TestBackpropUsedTwice checks the default network's d = ŷ − y, used
// twice by d ⊙ d: its gradient is the sum of two contributions, and the
// graph counts them.
func TestBackpropUsedTwice(t *testing.T) {
	n := bpNetOf(t, BPDefF, BPDefAt)
	nodes := n.G.Nodes()
	k := slices.IndexFunc(n.Back, func(j int) bool { return nodes[j].Op() == "mul" })
	j := n.Back[k]
	d := n.G.Index(nodes[j].Inputs()[0])
	if nodes[j].Inputs()[1] != nodes[d] || n.Uses[d] != 2 {
		t.Fatalf("mul's inputs %v, uses %d; want d twice", nodes[j].Inputs(), n.Uses[d])
	}
	terms, err := n.Terms(j, n.Grads[k][j])
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 2 || terms[0].Input != d || terms[1].Input != d {
		t.Fatalf("terms %+v, want two for d", terms)
	}
	if n.Grads[k][d] != nil {
		t.Error("d has a gradient before the step on d ⊙ d")
	}
	sum := make([]float64, terms[0].result.Len())
	for i := range sum {
		sum[i] = terms[0].result.Data()[i] + terms[1].result.Data()[i]
	}
	if !nearly(n.Grads[k+1][d].Data(), sum, 1e-15) {
		t.Errorf("∂L/∂d = %v, want the sum of %v and %v", n.Grads[k+1][d].Data(), terms[0].result.Data(), terms[1].result.Data())
	}
	if got := n.PartsAt(k + 1)[d]; got != 2 {
		t.Errorf("%d contributions counted after the step, want 2", got)
	}
}
