//go:build !js

package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// BenchmarkJacobianDrag drags x₀ round a circle on the jacobian scene's
// input plane for five seconds, the square's image and its linear
// approximation following it on the output plane, and reports the app's
// own measurements: ticks per second and the median CPU time of
// Update+Draw per frame.
func BenchmarkJacobianDrag(b *testing.B) {
	requireWeb(b, webDir)
	ctx := newBrowser(b)
	openPage(b, ctx, servePage(b, webDir)+"/?scene=jacobian")
	st := stateAs[jacobianState](b, ctx)
	g := st.Planes.Input
	cx, cy := (g.Left+g.Right)/2, (g.Top+g.Bottom)/2
	rx, ry := (g.Right-g.Left)*0.4, (g.Bottom-g.Top)*0.4
	for b.Loop() {
		measureDrag(b, ctx, "jacobian", func(i int) (x, y float64) {
			// Once round every 2 s at one step every 10 ms.
			a := 2 * math.Pi * float64(i) / 200
			return cx + rx*math.Cos(a), cy + ry*math.Sin(a)
		})
		if moved := stateAs[jacobianState](b, ctx); moved.X0[0] == st.X0[0] && moved.X0[1] == st.X0[1] {
			b.Fatalf("x0 did not move during the drag (still %v)", moved.X0)
		}
	}
}

// measureDrag holds the mouse button down at path(0) and moves it to
// path(1), path(2), … every 10 ms for five seconds, then releases it, and
// reports the app's measurements over the drag (window.jacobianlab.perf())
// as the benchmark's metrics, with their ratios to the budgets.
func measureDrag(b *testing.B, ctx context.Context, name string, path func(i int) (x, y float64)) {
	x, y := path(0)
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	); err != nil {
		b.Fatal(err)
	}
	evalJS[bool](b, ctx, "window.jacobianlab.resetPerf(), true")
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	start := time.Now()
	for i := 1; time.Since(start) < 5*time.Second; i++ {
		x, y = path(i)
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y, held)); err != nil {
			b.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	p := evalJS[perfResult](b, ctx, "window.jacobianlab.perf()")
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft)); err != nil {
		b.Fatal(err)
	}
	if p.Frames == 0 {
		b.Fatalf("no frames measured: %+v", p)
	}
	b.ReportMetric(p.TicksPerSec, "ticks/s")
	b.ReportMetric(p.MedianFrameMs, "frame-ms")
	b.ReportMetric(p.P95FrameMs, "p95-frame-ms")
	b.ReportMetric(budgetTicks/p.TicksPerSec, "tps-budget/tps")
	b.ReportMetric(p.MedianFrameMs/budgetFrameMs, "frame/budget")
	fmt.Fprintf(os.Stderr, "%s drag: %+v\n", name, p)
}
