//go:build display && unix

package scenes

import (
	"image"
	"net/url"
	"strconv"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// A network with two hidden layers and a penalty on its weights, a graph
// of 30 nodes: e2e's BenchmarkBackpropPlay plays its sweeps in the
// browser.
const (
	bpBenchF  = "mse(tanh(tanh(x @ W1 + b1) @ W2 + b2) @ W3 + b3, y) + 0.01 * (sum(W1 * W1) + sum(W2 ^ 2))"
	bpBenchAt = "x = [[0.5, -1], [1.5, 0.2], [-0.7, 0.8]]; W1 = [[0.3, -0.6, 0.8], [0.5, 0.2, -0.4]]; b1 = [0.1, -0.2, 0.05]; " +
		"W2 = [[0.7, 0.1], [-0.5, 0.3], [0.4, -0.2]]; b2 = [0.1, 0]; W3 = [[0.6], [-0.3]]; b3 = [0.2]; y = [[1], [-0.5], [0.3]]"
)

// BenchmarkBackpropStep measures the frame of a step of the backprop
// lesson's sweeps on a 1100×720 screen, with the graph zoomed in once, as
// e2e's BenchmarkBackpropPlay plays them: the tick that takes the step,
// the graph view and the side panel prepared for it, and the draw. The
// view follows the step's node, so it pans on many steps. Each iteration
// is one step, through the backward sweep and again from its start.
//
// A playing sweep's frame between steps only draws; the step's frame is
// the one that sets the 95th percentile of the frame times. The benchmark
// reports the process's CPU time per step (cpu-ms/step) and the graph
// view's renders into its cache per step, whole or of the nodes whose
// labels changed (renders/step).
func BenchmarkBackpropStep(b *testing.B) {
	for _, sz := range []image.Point{{1100, 720}, {390, 844}} {
		b.Run(strconv.Itoa(sz.X)+"x"+strconv.Itoa(sz.Y), func(b *testing.B) {
			s := newBackprop(url.Values{"f": {bpBenchF}, "at": {bpBenchAt}}).(*backprop)
			in := &viz.Input{Width: sz.X, Height: sz.Y, Scale: 1, Area: image.Rect(0, tabHeight, sz.X, sz.Y)}
			screen := ebiten.NewImage(sz.X, sz.Y)
			defer screen.Deallocate()
			press := func(k ebiten.Key) {
				in.Pressed, in.Repeated = []ebiten.Key{k}, []ebiten.Key{k}
				if err := tick(s, in); err != nil {
					b.Fatal(err)
				}
				in.Pressed, in.Repeated = nil, nil
				frame(b, s, screen)
			}
			press(ebiten.KeyEqual)
			fwd := len(s.net.G.Nodes())
			seek := func() {
				s.tl.Seek(fwd)
				press(ebiten.KeyF24) // a tick and a frame at the start of the backward sweep
			}
			seek()
			renders := s.view.Renders()
			cpu := cpuTime(b)
			for b.Loop() {
				if s.step == s.net.Steps() {
					seek()
				}
				press(ebiten.KeyArrowRight)
			}
			ms := float64((cpuTime(b) - cpu).Microseconds()) / 1000 / float64(b.N)
			b.ReportMetric(ms, "cpu-ms/step")
			b.ReportMetric(float64(s.view.Renders()-renders)/float64(b.N), "renders/step")
		})
	}
}
