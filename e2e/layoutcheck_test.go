//go:build e2e && !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
)

// layoutProblems checks what a frame drew (window.jacobianlab.layout(),
// or the desktop build's -layout file) against the layout rules
// (viz.LayoutProblems), with controls a finger can press on a touch
// screen.
func layoutProblems(items []viz.Drawn, touch bool) []string {
	target := float64(viz.MinTarget)
	if touch {
		target = viz.TouchTarget
	}
	return viz.LayoutProblems(items, target)
}

// galleryView is a window size the lessons must fit: phones in both
// orientations (with mobile emulation and touch, at device scale 3 unless
// a benchmark says otherwise), an
// iframe in a course page's column, laptops and a projector.
type galleryView struct {
	w, h   int64
	mobile bool
}

var galleryViews = []galleryView{
	{1920, 1080, false}, {1280, 800, false}, {1024, 768, false}, {800, 500, false},
	{600, 800, false}, {390, 844, true}, {844, 390, true},
}

// resize emulates the view, a phone's at three device pixels per CSS
// pixel, and waits until the app has drawn a frame at its size.
func resize(t testing.TB, ctx context.Context, v galleryView) {
	t.Helper()
	scale := 1.0
	if v.mobile {
		scale = 3
	}
	resizeAt(t, ctx, v, scale)
}

// resizeAt emulates the view with scale device pixels per CSS pixel and
// waits until the app has drawn a frame at its size, on a canvas of as
// many device pixels.
func resizeAt(t testing.TB, ctx context.Context, v galleryView, scale float64) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(scale)}
	if v.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
		if v.w > v.h {
			opts = append(opts, chromedp.EmulateLandscape)
		} else {
			opts = append(opts, chromedp.EmulatePortrait)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.w, v.h, opts...)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, fmt.Sprintf(`(() => { const c = window.jacobianlab.layout()[0], canvas = document.querySelector("canvas"); return c && Math.abs(c.rect[2] - %d) <= 1 && Math.abs(c.rect[3] - %d) <= 1 && canvas.width === %d && canvas.height === %d })()`,
		v.w, v.h, int(float64(v.w)*scale), int(float64(v.h)*scale)), 10*time.Second)
}

// goToStep presses PageDown or PageUp until the lesson is at step k.
func goToStep(t testing.TB, ctx context.Context, k int) {
	t.Helper()
	for range 64 {
		cur := stateAs[scenes.LessonState](t, ctx).Step
		if cur == k {
			return
		}
		key, code := "PageDown", int64(34)
		if cur > k {
			key, code = "PageUp", 33
		}
		holdKey(t, ctx, key, code, 50*time.Millisecond)
	}
	t.Fatalf("could not reach step %d", k)
}

// frameLayout waits until the app has drawn two more frames and returns
// what the last drew.
func frameLayout(t testing.TB, ctx context.Context) []viz.Drawn {
	t.Helper()
	n := evalJS[float64](t, ctx, `window.jacobianlab.perf().frames`)
	waitJS(t, ctx, fmt.Sprintf(`window.jacobianlab.perf().frames >= %v`, n+2), 10*time.Second)
	raw := evalJS[string](t, ctx, `JSON.stringify(window.jacobianlab.layout())`)
	var items []viz.Drawn
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatal(err)
	}
	return items
}

// galleryLessons are the lessons and their number of steps.
var galleryLessons = []struct {
	id    string
	steps int
}{{"scalar", 3}, {"gradient", 3}, {"jacobian", 3}, {"tensor", 7}, {"backprop", 32}}
