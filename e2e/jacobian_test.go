//go:build e2e && !js

package e2e

import (
	"fmt"
	"github.com/jacobianlab/jacobianlab/scenes"
	"image"
	"image/color"
	"math"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// The function the browser test studies, z ↦ z² on the complex plane,
// and its derivatives by hand.
const (
	jacTestF  = "[x^2 - y^2, 2*x*y]"
	jacTestAt = "x = 1; y = 0.5"
)

func jacTestValue(x, y float64) []float64 { return []float64{x*x - y*y, 2 * x * y} }

func jacTestJacobian(x, y float64) *mat.Dense {
	return mat.NewDense(2, 2, []float64{2 * x, -2 * y, 2 * y, 2 * x})
}

// jacTestOuter is ∂z/∂y for the default g, z = tanh(A y):
// diag(1 − tanh²(A y)) A.
func jacTestOuter(y []float64) *mat.Dense {
	a := mat.NewDense(3, 2, []float64{0.5, 1, 0, 0.5, -0.5, 0.5})
	d := mat.NewDense(3, 2, nil)
	for i := range 3 {
		th := math.Tanh(a.At(i, 0)*y[0] + a.At(i, 1)*y[1])
		d.SetRow(i, []float64{(1 - th*th) * a.At(i, 0), (1 - th*th) * a.At(i, 1)})
	}
	return d
}

// near reports whether the matrix given by its rows equals m to 1e-12.
func near[R ~[]float64](rows []R, m mat.Matrix) bool {
	r, c := m.Dims()
	if len(rows) != r {
		return false
	}
	d := make([]float64, 0, r*c)
	for _, row := range rows {
		if len(row) != c {
			return false
		}
		d = append(d, row...)
	}
	return mat.EqualApprox(mat.NewDense(r, c, d), m, 1e-12)
}

// checkJacobianNumbers compares state() with the derivatives by hand at
// its x₀, the chain rule included.
func checkJacobianNumbers(t *testing.T, st scenes.JacobianState) {
	t.Helper()
	if st.Error != nil {
		t.Fatalf("error: %s", *st.Error)
	}
	x, y := st.X0[0], st.X0[1]
	j := jacTestJacobian(x, y)
	if !near(st.Jacobian, j) {
		t.Errorf("jacobian at %v = %v, want %v", st.X0, st.Jacobian, mat.Formatted(j))
	}
	if v := jacTestValue(x, y); !near([][]float64{st.Value.Data}, mat.NewDense(1, 2, v)) {
		t.Errorf("value = %v, want %v", st.Value.Data, v)
	}
	if det := mat.Det(j); st.Det == nil || math.Abs(float64(*st.Det)-det) > 1e-12 {
		t.Errorf("det = %v, want %v", st.Det, det)
	}
	// The command line's schema: ∂f/∂x and ∂f/∂y, the columns of J.
	if len(st.Jacobians) != 2 || st.Jacobians[0].Wrt != "x" || st.Jacobians[1].Wrt != "y" {
		t.Fatalf("jacobians = %+v, want x's and y's", st.Jacobians)
	}
	for k, p := range st.Jacobians {
		if !near([][]float64{p.Data}, j.ColView(k).T()) {
			t.Errorf("jacobians[%d] = %v, want column %d of %v", k, p.Data, k, mat.Formatted(j))
		}
	}
	dzdy := jacTestOuter(jacTestValue(x, y))
	var want mat.Dense
	want.Mul(dzdy, j)
	c := st.Chain
	if !near(c.DZDY, dzdy) {
		t.Errorf("chain.dzdy = %v, want %v", c.DZDY, mat.Formatted(dzdy))
	}
	if !near(c.DYDX, j) {
		t.Errorf("chain.dydx = %v, want %v", c.DYDX, mat.Formatted(j))
	}
	if !near(c.Product, &want) {
		t.Errorf("chain.product = %v, want %v", c.Product, mat.Formatted(&want))
	}
	if !near(c.DZDX, &want) {
		t.Errorf("chain.dzdx = %v, want the product %v", c.DZDX, mat.Formatted(&want))
	}
}

// checkPlanePixels asserts that the screenshot shows the square around x₀
// on the input plane, the parallelogram and the image on the output plane,
// and the warped grid.
func checkPlanePixels(t *testing.T, img image.Image, st scenes.JacobianState) {
	t.Helper()
	in, out := st.Planes.Input, st.Planes.Output
	if in.Right-in.Left < 100 || out.Right-out.Left < 100 || in.Bottom-in.Top < 100 {
		t.Fatalf("planes too small: %+v", st.Planes)
	}
	h := st.Square.Half
	x, y := st.X0[0], st.X0[1]
	// The square's sides, at their midpoints, and x₀.
	for _, p := range [][2]float64{{x, y - h}, {x + h, y}, {x, y + h}, {x - h, y}, {x, y}} {
		px, py := toPx(in, p[0], p[1], 1)
		if !viztest.Near(img, px, py, pointColor, 3, 40) {
			t.Errorf("the square is missing on the input plane at %v (pixel %.0f, %.0f)", p, px, py)
		}
	}
	// The parallelogram f(x₀) + J(s − x₀) and the image f(s) at the
	// midpoints of the square's sides, where the two part by h², several
	// pixels.
	j, f0 := st.Jacobian, st.Value.Data
	for _, d := range [][2]float64{{0, -h}, {h, 0}, {0, h}, {-h, 0}} {
		u := f0[0] + j[0][0]*d[0] + j[0][1]*d[1]
		v := f0[1] + j[1][0]*d[0] + j[1][1]*d[1]
		px, py := toPx(out, u, v, 1)
		if !viztest.Near(img, px, py, tangentColor, 2, 40) {
			t.Errorf("the parallelogram is missing on the output plane at (%.3f, %.3f) (pixel %.0f, %.0f)", u, v, px, py)
		}
		fs := jacTestValue(x+d[0], y+d[1])
		px, py = toPx(out, fs[0], fs[1], 1)
		if !viztest.Near(img, px, py, pointColor, 2, 40) {
			t.Errorf("the image of the square is missing on the output plane at (%.3f, %.3f) (pixel %.0f, %.0f)", fs[0], fs[1], px, py)
		}
	}
	// The warped grid: lines of the curve colour all over the output plane.
	r := image.Rect(int(out.Left), int(out.Top), int(out.Right), int(out.Bottom))
	if n := viztest.Count(img, r, curveColor, 40); n < 300 {
		t.Errorf("the warped grid covers %d pixels of the output plane, want at least 300", n)
	}
}

// pointColor is viz.Light.Point.
var pointColor = color.RGBA{0x1b, 0x1f, 0x24, 0xff}

func TestBrowserJacobian(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	// The questions off: the test plays the chain rule's product at once.
	q := url.Values{"scene": {"jacobian"}, "f": {jacTestF}, "at": {jacTestAt}, "quiz": {"off"}}
	openPage(t, ctx, servePage(t, webDir)+"/?"+q.Encode())

	st := stateAs[scenes.JacobianState](t, ctx)
	if st.Scene != "jacobian" || st.Step != 0 || len(st.X0) != 2 || st.X0[0] != 1 || st.X0[1] != 0.5 {
		t.Fatalf("state() = scene %q, step %d, x0 %v; want jacobian, 0, [1 0.5]", st.Scene, st.Step, st.X0)
	}
	checkJacobianNumbers(t, st)
	checkPlanePixels(t, screenshot(t, ctx, "jacobian.png"), st)

	// The keyboard moves the point and resizes the square.
	pressKey(t, ctx, "ArrowRight", 39)
	waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().x0[0] > %v", st.X0[0]), 5*time.Second)
	pressKey(t, ctx, "Equal", 187)
	waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().square.half < %v", st.Square.Half), 5*time.Second)
	st = stateAs[scenes.JacobianState](t, ctx)
	if math.Abs(st.X0[0]-1.05) > 1e-12 || st.Square.Half != 0.125 {
		t.Errorf("after → and +: x0 %v, half-side %v; want x = 1.05, 0.125", st.X0, st.Square.Half)
	}
	checkJacobianNumbers(t, st)
	// − makes it larger again: at a half-side of 0.125 the image and the
	// parallelogram part by less than a pixel where the pixels are
	// checked, at 0.25 by several.
	pressKey(t, ctx, "Minus", 189)
	waitJS(t, ctx, "window.jacobianlab.state().square.half === 0.25", 5*time.Second)
	st = stateAs[scenes.JacobianState](t, ctx)

	// Dragging on the input plane drags the point along.
	g := st.Planes.Input
	sx, sy := toPx(g, st.X0[0], st.X0[1], 1)
	tx, ty := toPx(g, 1.5, 1, 1)
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	drag := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, sx, sy),
		chromedp.MouseEvent(chromedp.MousePressed, sx, sy, held, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 10; i++ {
		f := float64(i) / 10
		drag = append(drag, chromedp.MouseEvent(chromedp.MouseMoved, sx+(tx-sx)*f, sy+(ty-sy)*f, held))
	}
	drag = append(drag, chromedp.MouseEvent(chromedp.MouseReleased, tx, ty, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	for _, ev := range drag {
		if err := chromedp.Do(ctx, ev, chromedp.Sleep(20*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	waitJS(t, ctx, "Math.abs(window.jacobianlab.state().x0[0] - 1.5) < 0.02 && Math.abs(window.jacobianlab.state().x0[1] - 1) < 0.02", 10*time.Second)
	st = stateAs[scenes.JacobianState](t, ctx)
	checkJacobianNumbers(t, st)
	checkPlanePixels(t, screenshot(t, ctx, "jacobian-dragged.png"), st)

	// The next step: the linear approximation.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 1", 5*time.Second)
	shot := screenshot(t, ctx, "jacobian-linear.png")
	right := image.Rect(int(st.Planes.Output.Right)+20, int(st.Planes.Output.Top)-30, pageW, int(st.Planes.Output.Bottom))
	if n := viztest.Count(shot, right, curveColor, 40); n < 200 {
		t.Errorf("the error plot's curve covers %d pixels, want at least 200", n)
	}
	if n := viztest.Count(shot, right, tangentColor, 40); n < 200 {
		t.Errorf("the magnified parallelogram covers %d pixels, want at least 200", n)
	}

	// And the next: the chain rule.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 2", 5*time.Second)
	st = stateAs[scenes.JacobianState](t, ctx)
	if st.Animation.Total != 12 || st.Animation.Index != 0 || st.Focus != "point" {
		t.Fatalf("on the chain rule: animation %+v, focus %q; want 0 of 3·2·2 = 12, point", st.Animation, st.Focus)
	}
	// Space plays the product, at two multiply–adds a second; F finishes
	// it. The waits allow for a loaded machine's slow ticks.
	pressKey(t, ctx, "Space", 32)
	waitJS(t, ctx, "window.jacobianlab.state().animation.index > 0", 30*time.Second)
	pressKey(t, ctx, "KeyF", 70)
	waitJS(t, ctx, "window.jacobianlab.state().animation.index === 12", 30*time.Second)
	st = stateAs[scenes.JacobianState](t, ctx)
	checkJacobianNumbers(t, st)
	shot = screenshot(t, ctx, "jacobian-chain.png")
	// The contraction's grids on the right: coloured cells, and the frame
	// of the last multiply–add.
	if n := viztest.Count(shot, right, tangentColor, 40); n < 40 {
		t.Errorf("the frame of the last multiply–add covers %d pixels, want at least 40", n)
	}
	if viztest.Uniform(shot, right) {
		t.Error("the chain rule's side of the screen is one colour")
	}

	// A click on the animation gives it the keyboard: ← steps back, and
	// the point stays.
	out := st.Planes.Output
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(out.Right+60, out.Top+20)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.jacobianlab.state().focus === "animation"`, 5*time.Second)
	x0 := st.X0
	pressKey(t, ctx, "ArrowLeft", 37)
	waitJS(t, ctx, "window.jacobianlab.state().animation.index === 11", 5*time.Second)
	if st := stateAs[scenes.JacobianState](t, ctx); st.X0[0] != x0[0] || st.X0[1] != x0[1] {
		t.Errorf("← with the animation focused moved x0 from %v to %v", x0, st.X0)
	}
}
