//go:build display && unix

package scenes

import (
	"image"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/internal/benchfig"
	"github.com/jacobianlab/jacobianlab/viz"
)

// relayoutBudgetMs is the CPU time a frame after a resize may take: one
// frame at 60 per second (issue 16).
const relayoutBudgetMs = 16

// BenchmarkRelayout measures each lesson's frame after a resize, every
// frame at a new size: the layout, the plots and formulas prepared again
// for their new places, and the draw. It resizes in two ways: "window"
// turns a window between a laptop's 1280×800 and a phone's 390×844 at
// every frame, and "phone-turned" turns a phone at device scale 3 between
// 390×844 and 844×390 CSS pixels. Two frames, one at each size, come
// first, as the frames before a resize: the lesson's pictures are built,
// and a resize has only to place and render them.
//
// The budget is one frame, 16 ms of CPU time. The benchmark reports the
// process's CPU time a frame (cpu-ms/frame, the garbage collector's
// included) and its ratio to the budget, and the time on the clock
// (ms/frame), which on a busy machine also counts the waits for a core.
func BenchmarkRelayout(b *testing.B) {
	resizes := []struct {
		name  string
		scale float64
		sizes [2]image.Point // in device pixels
	}{
		{"window", 1, [2]image.Point{{1280, 800}, {390, 844}}},
		{"phone-turned", 3, [2]image.Point{{1170, 2532}, {2532, 1170}}},
	}
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		for _, rs := range resizes {
			b.Run(e.ID+"/"+rs.name, func(b *testing.B) {
				screen := ebiten.NewImage(max(rs.sizes[0].X, rs.sizes[1].X), max(rs.sizes[0].Y, rs.sizes[1].Y))
				defer screen.Deallocate()
				s := e.New(url.Values{})
				i := 0
				resize := func() {
					sz := rs.sizes[i%2]
					i++
					in := &viz.Input{Width: sz.X, Height: sz.Y, Scale: rs.scale, Area: image.Rect(0, int(tabHeight*rs.scale), sz.X, sz.Y)}
					if err := tick(s, in); err != nil {
						b.Fatal(err)
					}
					frame(b, s, screen)
				}
				resize()
				resize()
				cpu := cpuTime(b)
				for b.Loop() {
					resize()
				}
				ms := float64((cpuTime(b) - cpu).Microseconds()) / 1000 / float64(b.N)
				b.ReportMetric(ms, "cpu-ms/frame")
				b.ReportMetric(ms/relayoutBudgetMs, "cpu/budget")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
				benchfig.Check(b, benchfig.Figure{Name: "relayout, " + e.ID + " " + rs.name + ": CPU per frame", Value: ms, Unit: "ms", Budget: relayoutBudgetMs})
			})
		}
	}
}

// cpuTime returns the CPU time the process has used, in user and system
// mode.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
