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

// BenchmarkBackpropPlay plays the backward sweep at 4 steps a second on a
// 1280×800 screen through the manager, two ticks a frame, as the browser
// draws it: a step's frame and the part frames between steps. Each
// iteration is a frame; it reports the process's CPU time per step
// played (cpu-ms/step: the frames from one step's to the next's, with
// the GPU's work, which a GL in software does on the CPU), the 95th
// percentile of the frames' times as the app measures them (p95-frame-ms,
// Perf, e2e's budget for the browser), and the share of the frames drawn
// in part (part/frame).
func BenchmarkBackpropPlay(b *testing.B) {
	m := NewManager(url.Values{"scene": {"backprop"}, "f": {bpBenchF}, "at": {bpBenchAt}, "step": {"31"}})
	m.Layout(1280, 800)
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	s := m.scene.(*backprop)
	fwd := len(s.net.G.Nodes())
	// restart plays the sweep again from its first backward step, at
	// twice the first speed.
	restart := func() {
		s.tl.Seek(fwd + 1)
		s.tl.SetSpeed(viz.DefaultSpeed)
		for _, k := range []ebiten.Key{ebiten.KeyBracketRight, ebiten.KeySpace} {
			keyTick(b, m, k)
			m.Draw(screen)
		}
	}
	keyTick(b, m)
	m.Draw(screen)
	restart()
	m.ResetPerf()
	steps := 0
	cpu := cpuTime(b)
	for b.Loop() {
		if !s.tl.Playing() {
			restart()
		}
		step := s.step
		keyTick(b, m)
		keyTick(b, m)
		m.Draw(screen)
		if s.step != step {
			steps++
		}
	}
	ms := float64((cpuTime(b) - cpu).Microseconds()) / 1000
	if steps == 0 {
		b.Fatalf("no step played in %d frames", b.N)
	}
	b.ReportMetric(ms/float64(steps), "cpu-ms/step")
	b.ReportMetric(m.Perf().P95FrameMs, "p95-frame-ms")
	b.ReportMetric(float64(m.perf.parts)/float64(m.perf.frames), "part/frame")
}
