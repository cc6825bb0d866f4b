package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// BPNet is the function the backprop lesson studies, traced at the current
// values of its inputs, with its forward and backward sweeps laid out as
// steps. Step s (0 ≤ s ≤ Steps()) is the state after s steps: the first
// len(nodes) steps compute one node each in topological order (the
// forward sweep), the rest take one node each in the reverse order (the
// backward sweep, through core.Backward), skipping the nodes that depend on
// no input, which have no gradient. Everything a step shows is kept, so
// stepping back restores it exactly.
type BPNet struct {
	Prog  *expr.Program
	X     []*core.Tensor // the inputs' values
	G     *core.Graph
	Needs []bool           // whether each node depends on an input
	Back  []int            // the nodes the backward sweep takes, in its order
	Grads [][]*core.Tensor // Grads[k]: each node's gradient after k backward steps (nil: none yet)
	Uses  []int            // the contributions each node's gradient sums: its uses by nodes with a gradient
	Full  []*core.Tensor   // the inputs' gradients after the whole sweep
}

// BPPhase names the sweep the next step belongs to.
type BPPhase string

// The phases: a step of the forward sweep next, a step of the backward
// sweep next, or both sweeps done.
const (
	BPForward  BPPhase = "forward"
	BPBackward BPPhase = "backward"
	BPDone     BPPhase = "done"
)

// BPDefF is the function the backprop lesson studies by default: the mean
// squared error of a small network's outputs, a tanh layer and a linear
// one, against the targets t.
const BPDefF = "mse(tanh(x @ W1 + b1) @ W2 + b2, t)"

// BPDefAt is the default network's values: a batch of 4 points in ℝ²,
// the weights of a layer of width 3 and of the output layer, and targets,
// drawn from a seeded generator and rounded, so that they are short to
// read and the same on every load.
var BPDefAt = func() string {
	r := rand.New(rand.NewPCG(8, 5))
	mat := func(rows, cols int, scale, round float64) string {
		var b strings.Builder
		b.WriteString("[")
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			if cols > 0 {
				b.WriteString("[")
			}
			for j := range max(cols, 1) {
				if j > 0 {
					b.WriteString(", ")
				}
				v := math.Round(scale*r.NormFloat64()/round) * round
				b.WriteString(strconv.FormatFloat(v+0, 'g', 3, 64))
			}
			if cols > 0 {
				b.WriteString("]")
			}
		}
		b.WriteString("]")
		return b.String()
	}
	return "x = " + mat(4, 2, 1, 0.1) + "; W1 = " + mat(2, 3, 0.7, 0.01) + "; b1 = " + mat(3, 0, 0.1, 0.01) +
		"; W2 = " + mat(3, 1, 0.6, 0.01) + "; b2 = " + mat(1, 0, 0.1, 0.01) + "; t = " + mat(4, 1, 0.5, 0.1)
}()

// NewBPNet traces p's function at x and runs its backward sweep once,
// keeping every step. The function must return a scalar.
func NewBPNet(p *expr.Program, x []*core.Tensor) (*BPNet, error) {
	g, err := core.Trace(p.Func(), x, p.Settings(core.Auto))
	if err != nil {
		return nil, err
	}
	if g.Output().Shape().Rank() != 0 {
		return nil, fmt.Errorf("backpropagation starts from a scalar loss L, but this function's value has shape %v: wrap it in sum( ) or mean( )", g.Output().Shape())
	}
	n := &BPNet{Prog: p, X: x, G: g}
	nodes := g.Nodes()
	n.Needs = make([]bool, len(nodes))
	n.Uses = make([]int, len(nodes))
	k := 0
	for i, nd := range nodes {
		n.Needs[i] = nd.Op() == "input"
		for _, in := range nd.Inputs() {
			n.Needs[i] = n.Needs[i] || n.Needs[g.Index(in)]
		}
		if nd.Name() == "" && nd.Op() != "const" {
			if nd == g.Output() {
				nd.Named("L")
			} else {
				k++
				nd.Named("v" + subscript(k))
			}
		}
	}
	for i, nd := range nodes {
		if !n.Needs[i] {
			continue
		}
		for _, in := range nd.Inputs() {
			if j := g.Index(in); n.Needs[j] {
				n.Uses[j]++
			}
		}
	}
	b, err := g.Backward(nil)
	if err != nil {
		return nil, err
	}
	n.Grads = [][]*core.Tensor{n.snapshot(b)}
	for !b.Done() {
		j := b.Next()
		if err := b.Step(); err != nil {
			return nil, err
		}
		if n.Needs[j] {
			n.Back = append(n.Back, j)
			n.Grads = append(n.Grads, n.snapshot(b))
		}
	}
	last := n.Grads[len(n.Grads)-1]
	n.Full = make([]*core.Tensor, len(x))
	for i := range x {
		n.Full[i] = last[i]
		if n.Full[i] == nil {
			n.Full[i] = core.Zeros(x[i].Shape()...)
		}
	}
	return n, nil
}

// snapshot returns the gradient of every node so far in b.
func (n *BPNet) snapshot(b *core.Backward) []*core.Tensor {
	gs := make([]*core.Tensor, len(n.Needs))
	for i := range gs {
		gs[i] = b.Grad(i)
	}
	return gs
}

// Steps returns the number of steps of both sweeps.
func (n *BPNet) Steps() int { return len(n.Needs) + len(n.Back) }

// Loss returns the value of the function, L.
func (n *BPNet) Loss() float64 { return n.G.Output().Value().Data()[0] }

// BPAt is the state after some steps.
type BPAt struct {
	Phase   BPPhase
	Fwd     int // nodes the forward sweep has computed
	Bwd     int // steps of the backward sweep done
	Current int // the node the last step took, or -1 before the first
}

// At returns the state after s steps, s clamped to [0, Steps()].
func (n *BPNet) At(s int) BPAt {
	nn := len(n.Needs)
	s = max(0, min(s, n.Steps()))
	a := BPAt{Fwd: min(s, nn), Bwd: max(0, s-nn), Current: -1}
	switch {
	case s < nn:
		a.Phase = BPForward
	case s < n.Steps():
		a.Phase = BPBackward
	default:
		a.Phase = BPDone
	}
	switch {
	case a.Bwd > 0:
		a.Current = n.Back[a.Bwd-1]
	case s > 0:
		a.Current = s - 1
	}
	return a
}

// GradsAt returns each node's gradient after bwd backward steps: none
// before the forward sweep is done, then the seed ∂L/∂L = 1 and what the
// steps added.
func (n *BPNet) GradsAt(a BPAt) []*core.Tensor {
	if a.Fwd < len(n.Needs) {
		return nil
	}
	return n.Grads[a.Bwd]
}

// PartsAt returns, for each node, how many of its gradient's contributions
// the first bwd backward steps have added.
func (n *BPNet) PartsAt(bwd int) []int {
	got := make([]int, len(n.Needs))
	nodes := n.G.Nodes()
	for _, j := range n.Back[:bwd] {
		for _, in := range nodes[j].Inputs() {
			if i := n.G.Index(in); n.Needs[i] {
				got[i]++
			}
		}
	}
	return got
}

// BPCheck is an input's gradient from the backward sweep beside a
// finite-difference estimate of it (central differences of gonum's
// diff/fd) over its first entries, and their relative error
// ‖backprop − fd‖ / max(‖backprop‖, ‖fd‖, 10⁻⁶).
type BPCheck struct {
	Wrt      string    `json:"wrt"`
	Backprop []float64 `json:"backprop"`
	FD       []float64 `json:"fd"`
	RelErr   float64   `json:"relErr"`
}

// bpFDMax bounds the entries of an input checked by finite differences:
// each takes two evaluations of the function.
const bpFDMax = 64

// Check returns the check of each input's gradient.
func (n *BPNet) Check() []BPCheck {
	out := make([]BPCheck, len(n.X))
	for i, t := range n.X {
		m := min(t.Len(), bpFDMax)
		c := BPCheck{Wrt: n.Prog.Names()[i], Backprop: slices.Clone(n.Full[i].Data()[:m])}
		xs := slices.Clone(n.X)
		moved := t.Clone()
		xs[i] = moved
		f := func(v []float64) float64 {
			copy(moved.Data(), v)
			y, err := core.Eval(n.Prog.Func(), xs, n.Prog.Settings(core.Auto))
			if err != nil {
				return math.NaN()
			}
			return y.Data()[0]
		}
		c.FD = fd.Gradient(nil, f, slices.Clone(t.Data()[:m]), &fd.Settings{Formula: fd.Central})
		c.RelErr = relErr(c.Backprop, c.FD)
		out[i] = c
	}
	return out
}

// relErr returns ‖a − b‖ / max(‖a‖, ‖b‖, 10⁻⁶): relative to the larger
// norm, or to 10⁻⁶ for a gradient that is zero up to rounding, where a
// relative error would only compare rounding errors.
func relErr(a, b []float64) float64 {
	return floats.Distance(a, b, 2) / max(1e-6, floats.Norm(a, 2), floats.Norm(b, 2))
}

// Tangents returns the tangent of every node in forward mode, pushed from
// the seed ẋ = e_entry on input in (zero on the others) by each node's JVP
// rule in topological order: the last is ∂L/∂x_in[entry], one column of
// the Jacobian of L.
func (n *BPNet) Tangents(in, entry int) ([]*core.Tensor, error) {
	nodes := n.G.Nodes()
	dots := make([]*core.Tensor, len(nodes))
	for i, nd := range nodes {
		if nd.Op() == "input" || nd.Op() == "const" {
			if i == in {
				dots[i] = core.Zeros(nd.Shape()...)
				dots[i].Data()[entry] = 1
			}
			continue
		}
		xDot := make([]*core.Tensor, len(nd.Inputs()))
		some := false
		for k, x := range nd.Inputs() {
			xDot[k] = dots[n.G.Index(x)]
			some = some || xDot[k] != nil
		}
		if !some {
			continue
		}
		d, err := nd.LocalJVP(xDot)
		if err != nil {
			return nil, err
		}
		dots[i] = d
	}
	return dots, nil
}

// Entries returns the number of entries of the inputs in all.
func (n *BPNet) Entries() int {
	c := 0
	for _, t := range n.X {
		c += t.Len()
	}
	return c
}

// Descend returns the inputs after one step of gradient descent with
// learning rate lr, x ← x − lr·∂L/∂x, on the inputs marked in params; the
// others are copied as they are.
func (n *BPNet) Descend(lr float64, params []bool) []*core.Tensor {
	out := make([]*core.Tensor, len(n.X))
	for i, t := range n.X {
		out[i] = t.Clone()
		if !params[i] {
			continue
		}
		g := n.Full[i].Data()
		for k := range out[i].Data() {
			out[i].Data()[k] -= lr * g[k]
		}
	}
	return out
}

// BPParams marks the inputs gradient descent moves: all but the data, the
// inputs named x and t (or y, the target's name in older links), unless
// that leaves none.
func BPParams(names []string) []bool {
	p := make([]bool, len(names))
	some := false
	for i, name := range names {
		p[i] = name != "x" && name != "t" && name != "y"
		some = some || p[i]
	}
	if !some {
		for i := range p {
			p[i] = true
		}
	}
	return p
}

// BPEntryName names entry k of an input called name of the given shape,
// with indices from 0 as in the code: W1[0,1].
func BPEntryName(name string, shape core.Shape, k int) string {
	if len(shape) == 0 {
		return name
	}
	s := name + "["
	for i, v := range shape.Unravel(k) {
		if i > 0 {
			s += ","
		}
		s += strconv.Itoa(v)
	}
	return s + "]"
}
