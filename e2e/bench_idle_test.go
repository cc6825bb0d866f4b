//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/internal/benchfig"
)

// idleWindows is how many one-second windows BenchmarkIdle measures a
// page in; it reports their median.
const idleWindows = 3

// busyPerSecond returns how many ms per second the main thread of the
// page in ctx works (CDP's Performance.getMetrics, TaskDuration) over d.
func busyPerSecond(b *testing.B, ctx context.Context, d time.Duration) float64 {
	metrics := func() (task, stamp float64) {
		r, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range r.Metrics {
			switch m.Name {
			case "TaskDuration":
				task = m.Value
			case "Timestamp":
				stamp = m.Value
			}
		}
		return task, stamp
	}
	t0, s0 := metrics()
	time.Sleep(d)
	t1, s1 := metrics()
	return 1000 * (t1 - t0) / (s1 - s0)
}

// BenchmarkIdle opens each lesson at 1280×800, leaves it alone, and
// reports how busy the page's main thread stays, in ms per second, against
// budgetIdleBusyMs; and, to compare, the floor program's, which draws its
// picture again every frame as the app did before its frames could be
// idle. A lesson that nobody touches draws nothing (see scenes.Manager),
// so Chromium has no frame to composite: in this headless browser,
// compositing a WebGL canvas in software costs more than the app's own
// work (see the notes of issue 19).
func BenchmarkIdle(b *testing.B) {
	requireWeb(b, webDir)
	base := servePage(b, webDir)
	floor := serveFloor(b)
	ctx := newBrowser(b)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{}); err != nil {
		b.Fatal(err)
	}
	busyOf := func(url string) float64 {
		openPage(b, ctx, url)
		time.Sleep(2 * time.Second) // the first frames, and the page's inputs over the fields
		busy := make([]float64, idleWindows)
		for i := range busy {
			busy[i] = busyPerSecond(b, ctx, time.Second)
		}
		return median(busy)
	}
	for b.Loop() {
		var figs []benchfig.Figure
		for _, id := range []string{"scalar", "gradient", "jacobian", "tensor", "backprop"} {
			busy := busyOf(base + "/?scene=" + id)
			p := evalJS[perfResult](b, ctx, "window.jacobianlab.perf()")
			fmt.Fprintf(os.Stderr, "%s left alone: main thread busy %.0f ms/s; %d of %d frames idle\n", id, busy, p.IdleFrames, p.Frames)
			figs = append(figs, benchfig.Figure{Name: id + " left alone, 1280x800: page busy", Value: busy, Unit: "ms/s", Budget: budgetIdleBusyMs})
		}
		fmt.Fprintf(os.Stderr, "floor (draws every frame) left alone: main thread busy %.0f ms/s\n", busyOf(floor))
		benchfig.Check(b, figs...)
	}
}
