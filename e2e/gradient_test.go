//go:build e2e && !js

package e2e

import (
	"context"
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

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// The functions the browser test studies, two scalar inputs and g, and
// their derivatives by hand.
const (
	gradTestF  = "x^2 + 3*y^2 + x*y"
	gradTestAt = "x = 0.8; y = -0.2"
	gradTestG  = "tanh(y)"
)

func gradTestValue(x, y float64) float64 { return x*x + 3*y*y + x*y }

func gradTestGradient(x, y float64) []float64 { return []float64{2*x + y, 6*y + x} }

// checkGradientNumbers compares the state with the hand-worked gradient,
// with central differences of f, and with the chain rule for tanh.
func checkGradientNumbers(t *testing.T, st scenes.GradientState) {
	t.Helper()
	if st.Error != nil || st.GradientNumbers == nil || st.Function == nil || len(st.X0) != 2 || len(st.Gradient) != 2 {
		t.Fatalf("state: error %v, x0 %v, gradient %v", st.Error, st.X0, st.Gradient)
	}
	x, y := st.X0[0], st.X0[1]
	within := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.17g, want %.17g (at x0 = %v)", what, got, want, st.X0)
		}
	}
	within("f", st.Value.Data[0], gradTestValue(x, y), 1e-12)
	g := gradTestGradient(x, y)
	const e = 1e-5 // central differences are good to e² here, and round-off to 1e-16/e
	fd := []float64{
		(gradTestValue(x+e, y) - gradTestValue(x-e, y)) / (2 * e),
		(gradTestValue(x, y+e) - gradTestValue(x, y-e)) / (2 * e),
	}
	sum := 0.0
	for i := range g {
		within(fmt.Sprintf("∂f/∂x%d", i+1), st.Gradient[i], g[i], 1e-12)
		within(fmt.Sprintf("∂f/∂x%d against central differences", i+1), st.Gradient[i], fd[i], 1e-8)
		within(fmt.Sprintf("product %d", i+1), st.Products[i], g[i]*st.Direction[i], 1e-12)
		sum += g[i] * st.Direction[i]
	}
	within("∇f·h (the sum of the products)", float64(st.Directional), sum, 1e-12)
	dzdy := 1 - math.Pow(math.Tanh(gradTestValue(x, y)), 2)
	within("dz/dy", float64(*st.Chain.DZDY), dzdy, 1e-12)
	for i := range g {
		within("g′(y) ∂f/∂xᵢ", st.Chain.Product[i], dzdy*g[i], 1e-12)
		within("∂z/∂xᵢ by autodiff of g∘f", st.Chain.DZDX[i], st.Chain.Product[i], 1e-12)
	}
	if math.Abs(float64(st.Remainder.Slope)-2) > 0.1 {
		t.Errorf("the error's log–log slope is %v, want 2 ± 0.1", st.Remainder.Slope)
	}
}

// Colours the gradient checks look for, equal to the scene's.
var (
	directionColor = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	heatBlue       = color.RGBA{0x3b, 0x4c, 0xc0, 0xff} // the low end of the heat map
	heatRed        = color.RGBA{0xb4, 0x04, 0x26, 0xff} // the high end
)

// checkGradientPixels asserts that the screenshot shows the heat map, the
// gradient arrow along ∇f from x₀, and h's arrow along h.
func checkGradientPixels(t *testing.T, img image.Image, st scenes.GradientState) {
	t.Helper()
	g := st.Plots["heatmap"]
	if g.Right-g.Left < 200 || math.Abs((g.Right-g.Left)-(g.Bottom-g.Top)) > 3 {
		t.Fatalf("the heat map's data area is %+v; want a square at least 200 pixels wide", g)
	}
	// The heat map: blue at f's minimum (the origin), red in the corner.
	blueX, blueY := toPx(g, 0, 0, 1)
	redX, redY := toPx(g, g.XMax*0.97, g.YMax*0.97, 1)
	if !viztest.Near(img, blueX, blueY, heatBlue, 4, 60) || !viztest.Near(img, redX, redY, heatRed, 4, 60) {
		t.Errorf("the heat map's colours are missing: %v at the minimum, %v in the corner", img.At(int(blueX), int(blueY)), img.At(int(redX), int(redY)))
	}
	r := image.Rect(int(g.Left), int(g.Top), int(g.Right), int(g.Bottom))
	if viztest.Uniform(img, r) {
		t.Error("the heat map is one colour")
	}
	// The gradient arrow: at most 0.4 of the window long, along ∇f.
	x, y := st.X0[0], st.X0[1]
	gx, gy := st.Gradient[0], st.Gradient[1]
	l := math.Hypot(gx, gy)
	drawn := math.Min(l, 0.4*(g.XMax-g.XMin))
	inside := func(x, y float64) bool { return x > g.XMin && x < g.XMax && y > g.YMin && y < g.YMax }
	for _, u := range []float64{0.35, 0.6, 0.85} {
		ax, ay := x+u*drawn*gx/l, y+u*drawn*gy/l
		if !inside(ax, ay) {
			continue
		}
		px, py := toPx(g, ax, ay, 1)
		if !viztest.Near(img, px, py, tangentColor, 2, 40) {
			t.Errorf("the gradient arrow is missing %.0f%% of the way along ∇f (pixel %.0f, %.0f: %v)", 100*u, px, py, img.At(int(px), int(py)))
		}
	}
	// h's arrow, from x₀ to x₀ + h.
	for _, u := range []float64{0.4, 0.7} {
		ax, ay := x+u*st.Direction[0], y+u*st.Direction[1]
		if !inside(ax, ay) {
			continue
		}
		px, py := toPx(g, ax, ay, 1)
		if !viztest.Near(img, px, py, directionColor, 2, 40) {
			t.Errorf("h's arrow is missing %.0f%% of the way along h (pixel %.0f, %.0f)", 100*u, px, py)
		}
	}
}

// dragWithMouse presses the left button at (x0, y0), moves to (x1, y1) in ten
// steps and releases it there.
func dragWithMouse(t *testing.T, ctx context.Context, x0, y0, x1, y1 float64) {
	t.Helper()
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	evs := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, held, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 10; i++ {
		f := float64(i) / 10
		evs = append(evs, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, held))
	}
	for _, ev := range evs {
		if err := chromedp.Do(ctx, ev, chromedp.Sleep(20*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	// Hold still for a few ticks before letting go.
	time.Sleep(100 * time.Millisecond)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1))); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserGradient(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	q := url.Values{"scene": {"gradient"}, "f": {gradTestF}, "at": {gradTestAt}, "g": {gradTestG}}
	openPage(t, ctx, servePage(t, webDir)+"/?"+q.Encode())

	st := stateAs[scenes.GradientState](t, ctx)
	if st.Scene != "gradient" || st.Step != 0 {
		t.Fatalf("state() = scene %q, step %d; want gradient, 0", st.Scene, st.Step)
	}
	if st.X0[0] != 0.8 || st.X0[1] != -0.2 {
		t.Fatalf("x0 = %v, want the URL's (0.8, -0.2)", st.X0)
	}
	checkGradientNumbers(t, st)
	checkGradientPixels(t, screenshot(t, ctx, "gradient.png"), st)

	// The keyboard moves x₀: → along x, ↑ along y.
	pressKey(t, ctx, "ArrowRight", 39)
	waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().x0[0] > %v", st.X0[0]), 5*time.Second)
	pressKey(t, ctx, "ArrowUp", 38)
	waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().x0[1] > %v", st.X0[1]), 5*time.Second)
	moved := stateAs[scenes.GradientState](t, ctx)
	if math.Abs(moved.X0[0]-0.85) > 1e-12 || math.Abs(moved.X0[1]+0.15) > 1e-12 {
		t.Errorf("after → ↑: x0 = %v, want (0.85, -0.15)", moved.X0)
	}
	checkGradientNumbers(t, moved)

	// Dragging x₀ with the mouse, then h's tip.
	g := moved.Plots["heatmap"]
	sx, sy := toPx(g, moved.X0[0], moved.X0[1], 1)
	tx, ty := toPx(g, -1, 1, 1)
	dragWithMouse(t, ctx, sx, sy, tx, ty)
	waitJS(t, ctx, "Math.hypot(window.jacobianlab.state().x0[0] + 1, window.jacobianlab.state().x0[1] - 1) < 0.03", 5*time.Second)
	dragged := stateAs[scenes.GradientState](t, ctx)
	hx, hy := toPx(g, dragged.X0[0]+dragged.Direction[0], dragged.X0[1]+dragged.Direction[1], 1)
	ex, ey := toPx(g, dragged.X0[0]+0.5, dragged.X0[1]+0.7, 1)
	dragWithMouse(t, ctx, hx, hy, ex, ey)
	waitJS(t, ctx, "Math.hypot(window.jacobianlab.state().direction[0] - 0.5, window.jacobianlab.state().direction[1] - 0.7) < 0.03", 5*time.Second)
	dragged = stateAs[scenes.GradientState](t, ctx)
	if math.Hypot(dragged.X0[0]+1, dragged.X0[1]-1) > 0.03 {
		t.Errorf("dragging h moved x0 to %v", dragged.X0)
	}
	checkGradientNumbers(t, dragged)
	checkGradientPixels(t, screenshot(t, ctx, "gradient-dragged.png"), dragged)

	// PageDown: the linear approximation, with the slice and its tangent.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 1", 5*time.Second)
	lin := stateAs[scenes.GradientState](t, ctx)
	checkGradientNumbers(t, lin)
	img := screenshot(t, ctx, "gradient-linear.png")
	sl := lin.Plots["slice"]
	if sl.Right-sl.Left < 100 {
		t.Fatalf("the slice plot is %+v", sl)
	}
	f0 := lin.Value.Data[0]
	for _, tt := range []float64{-1.5, -0.75, 0.75, 1.5} {
		v := f0 + tt*float64(lin.Directional)
		if v < sl.YMin || v > sl.YMax {
			continue
		}
		px, py := toPx(sl, tt, v, 1)
		if !viztest.Near(img, px, py, tangentColor, 2, 40) {
			t.Errorf("the slice's tangent is missing at t = %v (pixel %.0f, %.0f)", tt, px, py)
		}
	}
	// The slice itself: f(x₀ + t·h) by hand at a few t, away from the
	// tangent at 0 and the marks at 1.
	for _, tt := range []float64{-1.8, -1.2, 1.5, 1.8} {
		v := gradTestValue(lin.X0[0]+tt*lin.Direction[0], lin.X0[1]+tt*lin.Direction[1])
		if v < sl.YMin || v > sl.YMax {
			continue
		}
		px, py := toPx(sl, tt, v, 1)
		if !viztest.Near(img, px, py, curveColor, 3, 40) {
			t.Errorf("the slice is missing at t = %v (pixel %.0f, %.0f)", tt, px, py)
		}
	}
	if r := lin.Plots["remainder"]; r.Right-r.Left < 100 {
		t.Errorf("the error plot is %+v", r)
	}

	// PageDown again: the chain rule, and the step stops at the last.
	pressKey(t, ctx, "PageDown", 34)
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, "window.jacobianlab.state().step === 2", 5*time.Second)
	checkGradientNumbers(t, stateAs[scenes.GradientState](t, ctx))
	screenshot(t, ctx, "gradient-chain.png")
}
