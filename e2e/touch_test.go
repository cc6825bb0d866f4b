//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestBrowserTouchDrag opens the scalar lesson on a phone (390×844 CSS
// pixels, device scale 3, mobile emulation with touch) and drags x₀ along
// the plot with one finger: the point follows the finger, and the lesson
// fits the screen while it does.
func TestBrowserTouchDrag(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	openPage(t, ctx, base+"/?scene=scalar")
	resize(t, ctx, galleryView{390, 844, true})
	waitJS(t, ctx, `window.jacobianlab.state().plot.right - window.jacobianlab.state().plot.left > 100`, 10*time.Second)
	st := pageState(t, ctx)
	g := st.Plot
	if g.Right > 390 || g.Left < 0 {
		t.Fatalf("the plot's data area %+v is not on a 390-pixel screen", g)
	}
	sx, sy := toPx(g, st.X0, float64(st.F), 1)
	tx, ty := toPx(g, -2, math.Sin(-2), 1)
	touch := func(typ input.DispatchTouchEventType, x, y float64) {
		t.Helper()
		if err := touchAt(ctx, typ, x, y); err != nil {
			t.Fatal(err)
		}
		time.Sleep(40 * time.Millisecond)
	}
	touch(input.DispatchTouchEventTypeTouchStart, sx, sy)
	for i := 1; i <= 10; i++ {
		touch(input.DispatchTouchEventTypeTouchMove, sx+(tx-sx)*float64(i)/10, sy+(ty-sy)*float64(i)/10)
	}
	touch(input.DispatchTouchEventTypeTouchEnd, tx, ty)
	waitJS(t, ctx, fmt.Sprintf("Math.abs(window.jacobianlab.state().x0 - (%v)) < 0.1", -2.0), 5*time.Second)
	after := pageState(t, ctx)
	if math.Abs(float64(after.DFDX)-math.Cos(after.X0)) > 1e-12 {
		t.Errorf("after the drag, f′(x₀) = %v at x₀ = %v, want cos(x₀)", float64(after.DFDX), after.X0)
	}
	for _, p := range layoutProblems(frameLayout(t, ctx), true) {
		t.Errorf("on the phone: %s", p)
	}
}

// touchAt sends a touch event of one finger at (x, y), in CSS pixels:
// the finger put down or moved there, or, at a touch's end, lifted.
func touchAt(ctx context.Context, typ input.DispatchTouchEventType, x, y float64) error {
	pts := []*input.TouchPoint{{X: x, Y: y}}
	if typ == input.DispatchTouchEventTypeTouchEnd {
		pts = []*input.TouchPoint{}
	}
	_, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
	return err
}

// TestBrowserPinchZoom pinches the page open on a phone (390×844, device
// scale 3, mobile emulation with touch) and back: the browser zooms its
// visual viewport, and the app's canvas keeps its size and its layout, and
// goes on drawing, both zoomed and after. Then it touches the canvas with
// one finger and with two, as a phone's pinch does: Ebiten cancels every
// touch on its canvas, which would keep the browser from zooming the
// page, so the page keeps two fingers' touches from it (except on a view
// that zooms itself, such as the backprop graph).
func TestBrowserPinchZoom(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	openPage(t, ctx, base+"/?scene=gradient")
	resize(t, ctx, galleryView{390, 844, true})
	before := frameLayout(t, ctx)
	pinch := func(scale float64) {
		t.Helper()
		// Headless Chromium zooms for a pinch of the platform's kind, not
		// for one made of touch events.
		// Near the top left: the browser's window is smaller than the
		// phone's view in device pixels, and the gesture must start in
		// both.
		p := input.SynthesizePinchGestureParams{X: 100, Y: 120, ScaleFactor: scale}
		// Until the emulated view has settled, Chromium may find the
		// point out of its bounds.
		for try := 0; ; try++ {
			_, err := chromedp.Call(ctx, input.SynthesizePinchGesture, p)
			if err == nil {
				break
			}
			if try == 10 {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
		}
		time.Sleep(300 * time.Millisecond)
	}
	check := func(when string) float64 {
		t.Helper()
		after := frameLayout(t, ctx)
		if after[0].Rect != before[0].Rect {
			t.Errorf("%s: the canvas is %v, was %v", when, after[0].Rect, before[0].Rect)
		}
		if len(after) != len(before) {
			t.Errorf("%s: the frame drew %d things, %d before", when, len(after), len(before))
		}
		for _, p := range layoutProblems(after, true) {
			t.Errorf("%s: %s", when, p)
		}
		if st := stateAs[struct{ Error *string }](t, ctx); st.Error != nil {
			t.Errorf("%s: error %s", when, *st.Error)
		}
		return evalJS[float64](t, ctx, `visualViewport.scale`)
	}
	pinch(2)
	if z := check("pinched open"); z < 1.5 {
		t.Errorf("after a pinch open the page's zoom is %v, want about 2", z)
	}
	pinch(0.5)
	if z := check("pinched back"); math.Abs(z-1) > 0.1 {
		t.Errorf("after pinching back the page's zoom is %v, want 1", z)
	}

	// cancelled touches the canvas with fingers at ys (one or two), moves
	// them and lifts them, and returns, for each touch event that reached
	// the page's end (bubbling to window), whether it was cancelled.
	cancelled := func(x float64, ys ...float64) []bool {
		t.Helper()
		evalJS[bool](t, ctx, `window.seen = [], window.seenSet || window.addEventListener("touchmove", e => window.seen.push(e.defaultPrevented)), window.seenSet = true`)
		points := func(dy float64) []*input.TouchPoint {
			var ps []*input.TouchPoint
			for i, y := range ys {
				ps = append(ps, &input.TouchPoint{X: x, Y: y + dy, ID: new(float64(i))})
			}
			return ps
		}
		for _, e := range []input.DispatchTouchEventParams{
			{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: points(0)},
			{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: points(10)},
			{Type: input.DispatchTouchEventTypeTouchMove, TouchPoints: points(20)},
			{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}},
		} {
			if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, e); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		return evalJS[[]bool](t, ctx, `window.seen`)
	}
	if got := cancelled(195, 600); len(got) != 2 || !got[0] || !got[1] {
		t.Errorf("one finger's moves reached the page's end cancelled %v, want [true true]: the app takes them", got)
	}
	if got := cancelled(195, 560, 640); slices.Contains(got, true) {
		t.Errorf("two fingers' moves reached the page's end cancelled %v: the browser cannot zoom the page", got)
	}
}
