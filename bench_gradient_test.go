//go:build !js

package main

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// BenchmarkGradientDrag drags x₀ back and forth across the gradient scene's
// heat map for five seconds on each step of the lesson (the arrows and
// numbers follow it on every step, the slice and the error plot on the
// second, the chain rule on the third), and reports the app's own
// measurements: ticks per second and the median CPU time of Update+Draw
// per frame.
func BenchmarkGradientDrag(b *testing.B) {
	requireWeb(b, webDir)
	ctx := newBrowser(b)
	base := servePage(b, webDir)
	for step := range 3 {
		b.Run("step"+strconv.Itoa(step), func(b *testing.B) {
			openPage(b, ctx, base+"/?scene=gradient&step="+strconv.Itoa(step))
			st := gradientPageState(b, ctx)
			g := st.Plots.Heatmap
			y := g.Top + (g.Bottom-g.Top)*0.7
			for b.Loop() {
				if err := chromedp.Do(ctx,
					chromedp.MouseEvent(chromedp.MouseMoved, g.Left+10, y),
					chromedp.MouseEvent(chromedp.MousePressed, g.Left+10, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
				); err != nil {
					b.Fatal(err)
				}
				evalJS[bool](b, ctx, "window.jacobianlab.resetPerf(), true")
				held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
				start := time.Now()
				for i := 0; time.Since(start) < 5*time.Second; i++ {
					// A triangle wave across the data area, one step every 10 ms.
					f := float64(i%200) / 100
					if f > 1 {
						f = 2 - f
					}
					x := g.Left + 10 + f*(g.Right-g.Left-20)
					if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y, held)); err != nil {
						b.Fatal(err)
					}
					time.Sleep(10 * time.Millisecond)
				}
				p := evalJS[perfResult](b, ctx, "window.jacobianlab.perf()")
				if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, g.Left+10, y, chromedp.ButtonLeft)); err != nil {
					b.Fatal(err)
				}
				if p.Frames == 0 {
					b.Fatalf("no frames measured: %+v", p)
				}
				if moved := gradientPageState(b, ctx); moved.X0[0] == st.X0[0] {
					b.Fatalf("x0 did not move during the drag (still %v)", moved.X0)
				}
				b.ReportMetric(p.TicksPerSec, "ticks/s")
				b.ReportMetric(p.MedianFrameMs, "frame-ms")
				b.ReportMetric(p.P95FrameMs, "p95-frame-ms")
				b.ReportMetric(budgetTicks/p.TicksPerSec, "tps-budget/tps")
				b.ReportMetric(p.MedianFrameMs/budgetFrameMs, "frame/budget")
				fmt.Fprintf(os.Stderr, "gradient drag, step %d: %+v\n", step, p)
			}
		})
	}
}
