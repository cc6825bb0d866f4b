//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"math"
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
