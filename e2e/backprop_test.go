//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes"
	"image"
	"image/color"
	"math"
	"net/url"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// node returns the position of the node called name.
func node(t *testing.T, st scenes.BackpropState, name string) int {
	t.Helper()
	for i, n := range st.Nodes {
		if n.Name == name {
			return i
		}
	}
	t.Fatalf("no node %q in %+v", name, st.Nodes)
	return -1
}

// bpInput returns the value of the input called name as a matrix (a vector
// as a row).
func bpInput(t *testing.T, st scenes.BackpropState, name string) *mat.Dense {
	t.Helper()
	for _, in := range st.Inputs {
		if in.Name == name {
			r, c := 1, in.Shape[0]
			if len(in.Shape) == 2 {
				r, c = in.Shape[0], in.Shape[1]
			}
			return mat.NewDense(r, c, append([]float64(nil), in.Data...))
		}
	}
	t.Fatalf("no input %q", name)
	return nil
}

// netByHand is the default network L = mean((tanh(x W1 + b1) W2 + b2 − t)²)
// and its gradients, computed by the closed forms with gonum.
type netByHand struct {
	z1, h, yHat, d             *mat.Dense
	loss                       float64
	gYHat, gH, gZ1             *mat.Dense
	gX, gW1, gB1, gW2, gB2, gT *mat.Dense
}

func byHand(t *testing.T, st scenes.BackpropState) netByHand {
	x, w1, b1, w2, b2, target := bpInput(t, st, "x"), bpInput(t, st, "W1"), bpInput(t, st, "b1"), bpInput(t, st, "W2"), bpInput(t, st, "b2"), bpInput(t, st, "t")
	var n netByHand
	rows := x.RawMatrix().Rows
	addRow := func(m, row *mat.Dense) {
		r, c := m.Dims()
		for i := range r {
			for j := range c {
				m.Set(i, j, m.At(i, j)+row.At(0, j))
			}
		}
	}
	n.z1 = &mat.Dense{}
	n.z1.Mul(x, w1)
	addRow(n.z1, b1)
	n.h = &mat.Dense{}
	n.h.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, n.z1)
	n.yHat = &mat.Dense{}
	n.yHat.Mul(n.h, w2)
	addRow(n.yHat, b2)
	n.d = &mat.Dense{}
	n.d.Sub(n.yHat, target)
	for _, v := range n.d.RawMatrix().Data {
		n.loss += v * v / float64(rows)
	}
	// ∂L/∂ŷ = 2d/N, then back through each layer.
	n.gYHat = &mat.Dense{}
	n.gYHat.Scale(2/float64(rows), n.d)
	colSums := func(m *mat.Dense) *mat.Dense {
		r, c := m.Dims()
		s := mat.NewDense(1, c, nil)
		for i := range r {
			for j := range c {
				s.Set(0, j, s.At(0, j)+m.At(i, j))
			}
		}
		return s
	}
	n.gW2, n.gB2 = &mat.Dense{}, colSums(n.gYHat)
	n.gW2.Mul(n.h.T(), n.gYHat)
	n.gH = &mat.Dense{}
	n.gH.Mul(n.gYHat, w2.T())
	n.gZ1 = &mat.Dense{}
	n.gZ1.Apply(func(i, j int, v float64) float64 { return v * (1 - n.h.At(i, j)*n.h.At(i, j)) }, n.gH)
	n.gW1, n.gB1, n.gX = &mat.Dense{}, colSums(n.gZ1), &mat.Dense{}
	n.gW1.Mul(x.T(), n.gZ1)
	n.gX.Mul(n.gZ1, w1.T())
	n.gT = &mat.Dense{}
	n.gT.Scale(-1, n.gYHat)
	return n
}

// closeTo reports whether data equals m's entries in row-major order to
// 1e-12, relative to their size.
func closeTo(got *expr.Data, m *mat.Dense) bool {
	want := m.RawMatrix().Data
	if got == nil || len(*got) != len(want) {
		return false
	}
	data := *got
	if len(data) != len(want) {
		return false
	}
	for i, v := range data {
		if math.Abs(v-want[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
			return false
		}
	}
	return true
}

// stepTo presses → until state() reports step k.
func stepTo(t *testing.T, ctx context.Context, from, k int) scenes.BackpropState {
	t.Helper()
	for range k - from {
		pressKey(t, ctx, "ArrowRight", 39)
	}
	waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().step === %d", k), 5*time.Second)
	return stateAs[scenes.BackpropState](t, ctx)
}

func TestBrowserBackprop(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	openPage(t, ctx, base+"/?scene=backprop")

	st := stateAs[scenes.BackpropState](t, ctx)
	if st.Scene != "backprop" || st.Error != nil || st.Step != 0 || st.Phase != "forward" || st.Current != -1 {
		t.Fatalf("start: scene %q, error %v, step %d, phase %q, current %d", st.Scene, st.Error, st.Step, st.Phase, st.Current)
	}
	// 6 inputs, 9 operations and the constant 4 of the mean; the backward
	// sweep skips the constant.
	if len(st.Nodes) != 16 || st.Steps != 16+15 {
		t.Fatalf("%d nodes and %d steps, want 16 and 31", len(st.Nodes), st.Steps)
	}
	for i, n := range st.Nodes {
		if n.Value != nil || n.Grad != nil {
			t.Errorf("node %d (%s) shows a value or gradient before the first step", i, n.Name)
		}
	}
	hand := byHand(t, st)

	// Mid-forward: the inputs and the first layer are computed, nothing
	// after them.
	st = stepTo(t, ctx, 0, 9)
	if st.Phase != "forward" || st.Current != 8 {
		t.Errorf("step 9: phase %q, current %d; want forward, 8", st.Phase, st.Current)
	}
	for i, n := range st.Nodes {
		if (n.Value != nil) != (i < 9) || n.Grad != nil {
			t.Errorf("step 9: node %d (%s) value %v grad %v", i, n.Name, n.Value, n.Grad)
		}
	}
	if got := st.Nodes[8].Value; st.Nodes[8].Op != "tanh" || !closeTo(got, hand.h) {
		t.Errorf("node 8 = %s %v, want tanh %v", st.Nodes[8].Op, got, mat.Formatted(hand.h))
	}
	checkBackpropPixels(t, screenshot(t, ctx, "backprop-forward.png"), st, curveColor)

	// Mid-backward: the output layer is done, ∂L/∂h is complete.
	st = stepTo(t, ctx, 9, 16+6)
	if st.Phase != "backward" {
		t.Errorf("step 22: phase %q, want backward", st.Phase)
	}
	h := node(t, st, st.Nodes[8].Name)
	if g := st.Nodes[h].Grad; !closeTo(g, hand.gH) {
		t.Errorf("step 22: ∂L/∂h = %v, want %v", g, mat.Formatted(hand.gH))
	}
	if g := st.Nodes[node(t, st, "W2")].Grad; !closeTo(g, hand.gW2) {
		t.Errorf("step 22: ∂L/∂W2 = %v, want %v", g, mat.Formatted(hand.gW2))
	}
	if st.Nodes[node(t, st, "W1")].Grad != nil {
		t.Error("step 22: W1 has a gradient before the sweep reaches the first layer")
	}
	checkBackpropPixels(t, screenshot(t, ctx, "backprop.png"), st, tangentColor)

	// Done: End plays the rest.
	pressKey(t, ctx, "End", 35)
	waitJS(t, ctx, `window.jacobianlab.state().phase === "done"`, 5*time.Second)
	st = stateAs[scenes.BackpropState](t, ctx)
	if math.Abs(float64(st.Loss)-hand.loss) > 1e-12 {
		t.Errorf("loss %v, want %v", st.Loss, hand.loss)
	}
	for name, want := range map[string]*mat.Dense{"x": hand.gX, "W1": hand.gW1, "b1": hand.gB1, "W2": hand.gW2, "b2": hand.gB2, "t": hand.gT} {
		if g := st.Nodes[node(t, st, name)].Grad; !closeTo(g, want) {
			t.Errorf("done: ∂L/∂%s = %v, want %v", name, g, mat.Formatted(want))
		}
	}
	if len(st.FDCheck) != 6 {
		t.Fatalf("fdCheck has %d inputs, want 6", len(st.FDCheck))
	}
	for _, c := range st.FDCheck {
		if c.RelErr > 1e-7 || len(c.FD) == 0 {
			t.Errorf("fdCheck %s: relative error %v, fd %v", c.Wrt, c.RelErr, c.FD)
		}
	}

	// A deep link to a step, and a bad one.
	openPage(t, ctx, base+"/?scene=backprop&step=20")
	if st = stateAs[scenes.BackpropState](t, ctx); st.Step != 20 || st.Phase != "backward" || st.Current < 0 {
		t.Errorf("step=20: step %d, phase %q, current %d", st.Step, st.Phase, st.Current)
	}
	q := url.Values{"scene": {"backprop"}, "step": {"99"}}
	openPage(t, ctx, base+"/?"+q.Encode())
	if st = stateAs[scenes.BackpropState](t, ctx); st.Step != 0 || st.Notice == "" || st.Error != nil {
		t.Errorf("step=99: step %d, notice %q, error %v; want 0 with a notice", st.Step, st.Notice, st.Error)
	}
}

// checkBackpropPixels asserts that the node the last step took is in the
// graph's view, which follows the sweep, ringed in the colour of its
// sweep, and that the box of every node in view is drawn.
func checkBackpropPixels(t *testing.T, img image.Image, st scenes.BackpropState, ring color.Color) {
	t.Helper()
	g := st.Graph
	if g == nil {
		t.Fatal("no graph view in the state")
	}
	in := func(b []float64) bool {
		return len(b) == 4 && b[0] >= g.Left && b[1] >= g.Top && b[2] <= g.Right && b[3] <= g.Bottom
	}
	b := st.Nodes[st.Current].Box
	if !in(b) {
		t.Fatalf("node %d at %v is not in the view %+v", st.Current, b, *g)
	}
	mid := (b[1] + b[3]) / 2
	for _, x := range []float64{b[0] - 2, b[2] + 2} {
		if !viztest.Near(img, x, mid, ring, 2, 40) {
			t.Errorf("no ring of %v beside node %s at (%.0f, %.0f)", ring, st.Nodes[st.Current].Name, x, mid)
		}
	}
	for _, n := range st.Nodes {
		if !in(n.Box) {
			continue
		}
		r := image.Rect(int(n.Box[0]), int(n.Box[1]), int(n.Box[2]), int(n.Box[3]))
		if viztest.Uniform(img, r) {
			t.Errorf("the box of %s is blank", n.Name)
		}
	}
}
