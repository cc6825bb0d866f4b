//go:build e2e && !js

package e2e

import (
	"fmt"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes"
	"image"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// tensorInput returns the data of the input called name.
func tensorInput(t *testing.T, st scenes.TensorState, name string) *mat.Dense {
	t.Helper()
	for _, in := range st.Inputs {
		if in.Name == name && len(in.Shape) == 2 && in.Data != nil {
			return mat.NewDense(in.Shape[0], in.Shape[1], in.Data)
		}
	}
	t.Fatalf("state() has no matrix input %s with data: %+v", name, st.Inputs)
	return nil
}

// checkTensorMatmul checks state() for y = x W against the Jacobian and
// the vector–Jacobian product by hand: ∂y[n,m]/∂x[n',d] = δ_{nn'} W[d,m],
// and ∂L/∂x = G Wᵀ for L = Σ G ⊙ y.
func checkTensorMatmul(t *testing.T, st scenes.TensorState) {
	t.Helper()
	if st.Error != nil {
		t.Fatalf("error: %s", *st.Error)
	}
	w := tensorInput(t, st, "W")
	x := tensorInput(t, st, "x")
	n, d := x.Dims()
	_, m := w.Dims()
	if want := []int{n, m, n, d}; fmt.Sprint(st.JacobianShape) != fmt.Sprint(want) {
		t.Errorf("jacobianShape = %v, want y's shape ++ x's shape %v", st.JacobianShape, want)
	}
	if len(st.Jacobians) == 0 || st.Jacobians[0].Wrt != "x" {
		t.Fatalf("jacobians = %+v, want x's first", st.Jacobians)
	}
	j := st.Jacobians[0].Data
	for k, v := range j {
		// k = ((n·M + m)·N + n')·D + d
		dd, r := k%d, k/d
		n2, r := r%n, r/n
		mm, nn := r%m, r/m
		want := 0.0
		if nn == n2 {
			want = w.At(dd, mm)
		}
		if v != want {
			t.Fatalf("∂y[%d,%d]/∂x[%d,%d] = %v, want %v", nn, mm, n2, dd, v, want)
		}
	}
	g := mat.NewDense(n, m, st.G.Data)
	var want mat.Dense
	want.Mul(g, w.T())
	for name, got := range map[string]*expr.Tensor{"vjp": &st.VJP, "closedForm": st.ClosedForm, "contraction": st.Contraction} {
		if got == nil || !mat.EqualApprox(mat.NewDense(n, d, got.Data), &want, 1e-12) {
			t.Errorf("%s = %+v, want G Wᵀ = %v", name, got, mat.Formatted(&want))
		}
	}
	if !(st.MaxDiff <= 1e-12) {
		t.Errorf("maxDiff = %v, want at most 1e-12", st.MaxDiff)
	}
}

func TestBrowserTensor(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	// The questions off: the test reads the memory bars at once.
	q := url.Values{"scene": {"tensor"}, "item": {"matmul"}, "quiz": {"off"}}
	openPage(t, ctx, servePage(t, webDir)+"/?"+q.Encode())

	st := stateAs[scenes.TensorState](t, ctx)
	if st.Scene != "tensor" || st.Item != "matmul" || st.Step != 0 || st.Dims["N"] != 2 || st.Dims["D"] != 3 || st.Dims["M"] != 2 {
		t.Fatalf("state() = scene %q, item %q, step %d, dims %v; want tensor, matmul, 0, N=2 D=3 M=2", st.Scene, st.Item, st.Step, st.Dims)
	}
	checkTensorMatmul(t, st)

	// The keyboard selects an entry: → twice (entry j moves along x),
	// ↓ once (the next block, y's next entry).
	pressKey(t, ctx, "ArrowRight", 39)
	pressKey(t, ctx, "ArrowRight", 39)
	pressKey(t, ctx, "ArrowDown", 40)
	waitJS(t, ctx, "window.jacobianlab.state().selected.y[1] === 1", 5*time.Second)
	st = stateAs[scenes.TensorState](t, ctx)
	w := tensorInput(t, st, "W")
	s := st.Selected
	if fmt.Sprint(s.Y, s.X) != "[0 1] [0 2]" || float64(s.Value) != w.At(2, 1) || s.ClosedForm == nil || *s.ClosedForm != s.Value {
		t.Errorf("selected = %+v, want y[0,1], x[0,2], W[2,1] = %v by both roads", s, w.At(2, 1))
	}
	shot := screenshot(t, ctx, "tensor.png")
	// The grid on the left: the selected cell framed, coloured cells and
	// the exact zeros of the off-diagonal blocks, which are white.
	left := image.Rect(0, 200, pageW*55/100, 600)
	if n := viztest.Count(shot, left, tangentColor, 40); n < 20 {
		t.Errorf("the selected entry's frame covers %d pixels, want at least 20", n)
	}
	if n := viztest.Count(shot, left, curveColor, 120); n < 200 {
		t.Errorf("the blocks' coloured cells cover %d pixels, want at least 200", n)
	}

	// The linear approximation: y = x W is linear in x, so the residual
	// is zero.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 1", 5*time.Second)
	if lin := stateAs[scenes.TensorState](t, ctx).Linear; !lin.Linear || lin.Residual > 1e-12 {
		t.Errorf("linear approximation of x W: %+v, want linear with a zero residual", lin)
	}
	screenshot(t, ctx, "tensor-linear.png")

	// The chain rule: Space plays the contraction, F finishes it.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 2", 5*time.Second)
	st = stateAs[scenes.TensorState](t, ctx)
	if st.Animation.Total != 2*2*2*3 || st.Animation.Index != 0 {
		t.Fatalf("animation %+v, want 0 of N·M·N·D = 24", st.Animation)
	}
	pressKey(t, ctx, "Space", 32)
	waitJS(t, ctx, "window.jacobianlab.state().animation.index > 0", 30*time.Second)
	pressKey(t, ctx, "KeyF", 70)
	waitJS(t, ctx, "window.jacobianlab.state().animation.index === 24", 30*time.Second)
	st = stateAs[scenes.TensorState](t, ctx)
	checkTensorMatmul(t, st)
	shot = screenshot(t, ctx, "tensor-chain.png")
	if viztest.Uniform(shot, left) {
		t.Error("the contraction's side of the screen is one colour")
	}

	// Raise the sizes past core's limit with the keyboard: Tab to the
	// slider of N (through the page's input of the function, the tab bar,
	// the Keys button and the gallery), → to 64, then Tab and End for D
	// and M (1024 each).
	tabTo(t, ctx, "slider: N")
	for range 8 { // 2 → 3, 4, 5, 6, 8, 16, 32, 64
		pressKey(t, ctx, "ArrowRight", 39)
	}
	waitJS(t, ctx, "window.jacobianlab.state().dims.N === 64", 10*time.Second)
	pressKey(t, ctx, "Tab", 9)
	pressKey(t, ctx, "End", 35)
	waitJS(t, ctx, "window.jacobianlab.state().dims.D === 1024", 30*time.Second)
	pressKey(t, ctx, "Tab", 9)
	pressKey(t, ctx, "End", 35)
	waitJS(t, ctx, "(s => s.dims.M === 1024 && !s.pending)(window.jacobianlab.state())", 60*time.Second)
	pressKey(t, ctx, "Escape", 27)
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 3", 10*time.Second)
	st = stateAs[scenes.TensorState](t, ctx)
	if st.Error != nil {
		t.Fatalf("error: %s", *st.Error)
	}
	const entries = 64 * 1024 * 64 * 1024
	if st.Entries["jacobian"] != entries || st.Bytes["jacobian"] != 8*entries || st.Entries["vjp"] != 64*1024 {
		t.Errorf("entries %v, bytes %v; want the Jacobian's %d entries and 8 bytes each, the VJP's 65536", st.Entries, st.Bytes, entries)
	}
	if st.Guard == nil || !strings.Contains(*st.Guard, "4294967296 entries") || st.Selected != nil || st.Jacobians != nil {
		t.Errorf("guard %v, selected %v, %d jacobians; want core's refusal of 4294967296 entries and no Jacobian", st.Guard, st.Selected, len(st.Jacobians))
	}
	// ∂L/∂x = G Wᵀ, and since y = x W is linear in x, ⟨∂L/∂x, x⟩ = Σ G ⊙ y
	// = L: a check of every entry of the VJP that needs no W (W's million
	// entries are left out of state()).
	x := tensorInput(t, st, "x")
	if fmt.Sprint(st.VJP.Shape) != "[64 1024]" || len(st.VJP.Data) != 64*1024 {
		t.Fatalf("vjp has shape %v and %d entries, want 64×1024", st.VJP.Shape, len(st.VJP.Data))
	}
	var dot, loss float64
	for k, v := range st.VJP.Data {
		dot += v * x.RawMatrix().Data[k]
	}
	for k, v := range st.G.Data {
		loss += v * st.Value.Data[k]
	}
	if math.Abs(dot-loss) > 1e-9*math.Max(1, math.Abs(loss)) {
		t.Errorf("⟨∂L/∂x, x⟩ = %v, want L = Σ G ⊙ y = %v", dot, loss)
	}
	if !(st.MaxDiff <= 1e-12) || st.ClosedForm == nil || st.ClosedForm.Data == nil {
		t.Errorf("maxDiff = %v against the closed form %v, want at most 1e-12", st.MaxDiff, st.ClosedForm != nil)
	}
	shot = screenshot(t, ctx, "tensor-memory.png")
	if n := viztest.Count(shot, left, errorColor, 40); n < 100 {
		t.Errorf("the refused Jacobian's bar and the limit cover %d pixels, want at least 100", n)
	}

	// Forward or reverse: a JVP per entry of x or a VJP per entry of y,
	// as many here; Auto takes reverse mode on a tie.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 4", 30*time.Second)
	if m := stateAs[scenes.TensorState](t, ctx).Mode; m.JVPs != 64*1024 || m.VJPs != 64*1024 || m.Auto != "reverse" {
		t.Errorf("mode = %+v, want 65536 JVPs, 65536 VJPs, reverse", m)
	}
	screenshot(t, ctx, "tensor-modes.png")
}
