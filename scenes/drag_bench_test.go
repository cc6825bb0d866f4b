//go:build display && unix

package scenes

import (
	"image"
	"math"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// dragBench is a lesson's drag as e2e's drag benchmarks make it: the scene
// and its query, and where the drag goes, from the scene's state.
type dragBench struct {
	name, id string
	q        url.Values
	// path returns the pointer's position at the i-th frame of the drag.
	path func(t testing.TB, st Stater) func(i int) (x, y float64)
}

// sweep returns a path from x0 to x1 and back at height y, 200 frames
// each way.
func sweep(x0, x1, y float64) func(i int) (float64, float64) {
	return func(i int) (float64, float64) {
		f := float64(i%400) / 200
		if f > 1 {
			f = 2 - f
		}
		return x0 + f*(x1-x0), y
	}
}

var dragBenches = []dragBench{
	{"scalar", "scalar", url.Values{}, func(b testing.TB, st Stater) func(int) (float64, float64) {
		g := st.(*ScalarState).Plot
		return sweep(g.Left+10, g.Right-10, (g.Top+g.Bottom)/2)
	}},
	{"gradient/step0", "gradient", url.Values{"step": {"0"}}, gradientPath},
	{"gradient/step1", "gradient", url.Values{"step": {"1"}}, gradientPath},
	{"gradient/step2", "gradient", url.Values{"step": {"2"}}, gradientPath},
	{"jacobian", "jacobian", url.Values{}, func(b testing.TB, st Stater) func(int) (float64, float64) {
		g := st.(*JacobianState).Planes.Input
		cx, cy := (g.Left+g.Right)/2, (g.Top+g.Bottom)/2
		rx, ry := (g.Right-g.Left)*0.4, (g.Bottom-g.Top)*0.4
		return func(i int) (float64, float64) {
			a := 2 * math.Pi * float64(i) / 200
			return cx + rx*math.Cos(a), cy + ry*math.Sin(a)
		}
	}},
	{"tensor", "tensor", url.Values{"item": {"matmul"}, "N": {"6"}, "D": {"6"}, "M": {"6"}}, func(b testing.TB, st Stater) func(int) (float64, float64) {
		t := st.(*TensorState)
		g, c := t.Grid, t.Cell
		return sweep((c.Left+c.Right)/2, g.Right-2, (c.Top+c.Bottom)/2)
	}},
}

func gradientPath(b testing.TB, st Stater) func(int) (float64, float64) {
	g := st.(*GradientState).Plots["heatmap"]
	return sweep(g.Left+10, g.Right-10, g.Top+(g.Bottom-g.Top)*0.7)
}

// BenchmarkLessonDrag drags each lesson's point as e2e's drag benchmarks
// do, on a 1280×800 screen, one tick and one frame (Prepare and Draw) an
// iteration, and reports the median and 95th percentile of the frames'
// times (ms/frame, p95-ms/frame) and the allocations a frame (allocs/op).
// Outside a run loop Ebiten keeps the draws in a queue of its own, whose
// allocations count too: in the app's loop a frame allocates less.
func BenchmarkLessonDrag(b *testing.B) {
	for _, d := range dragBenches {
		b.Run(d.name, func(b *testing.B) {
			e, _ := lookup(d.id)
			s := e.New(d.q)
			in := &viz.Input{Width: 1280, Height: 800, Scale: 1, Area: image.Rect(0, tabHeight, 1280, 800)}
			screen := ebiten.NewImage(in.Width, in.Height)
			defer screen.Deallocate()
			if err := tick(s, in); err != nil {
				b.Fatal(err)
			}
			frame(b, s, screen)
			path := d.path(b, s.State())
			x, y := path(0)
			in.Pointer = viz.Pointer{X: x, Y: y, Down: true, Pressed: true}
			if err := tick(s, in); err != nil {
				b.Fatal(err)
			}
			frame(b, s, screen)
			in.Pointer.Pressed = false
			var times []time.Duration
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				i++
				in.Pointer.X, in.Pointer.Y = path(i)
				t0 := time.Now()
				if err := tick(s, in); err != nil {
					b.Fatal(err)
				}
				frame(b, s, screen)
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(times[len(times)/2]), "ms/frame")
			b.ReportMetric(ms(times[len(times)*95/100]), "p95-ms/frame")
		})
	}
}
