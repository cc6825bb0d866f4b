//go:build e2e && !js

package e2e

import (
	"context"
	"github.com/jacobianlab/jacobianlab/scenes"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// The 30-node graph the backprop benchmark plays: a network with two
// hidden layers and a penalty on its first two weight matrices.
const (
	bpBenchF  = "mse(tanh(tanh(x @ W1 + b1) @ W2 + b2) @ W3 + b3, y) + 0.01 * (sum(W1 * W1) + sum(W2 ^ 2))"
	bpBenchAt = "x = [[0.5, -1], [1.5, 0.2], [-0.7, 0.8]]; W1 = [[0.3, -0.6, 0.8], [0.5, 0.2, -0.4]]; b1 = [0.1, -0.2, 0.05]; " +
		"W2 = [[0.7, 0.1], [-0.5, 0.3], [0.4, -0.2]]; b2 = [0.1, 0]; W3 = [[0.6], [-0.3]]; b3 = [0.2]; y = [[1], [-0.5], [0.3]]"
	bpBenchNodes = 30
)

// playRuns is how many times BenchmarkBackpropPlay plays the sweep at each
// speed of the CPU: its figures are the medians.
const playRuns = 3

// BenchmarkBackpropPlay plays the backward sweep of a 30-node graph at 4
// steps a second for five seconds, with the graph zoomed in once, so that
// the view follows the step's node across it, every step lighting up a
// node and its edges and redrawing the labels it changes, and reports the
// app's own measurements (see measure), at full speed and with the CPU
// throttled: ticks per second and the CPU time of Update+Draw per frame,
// its median and its 95th percentile, which the steps' frames set. It fails
// unless at least a third of the frames draw only the graph view again.
func BenchmarkBackpropPlay(b *testing.B) {
	requireWeb(b, webDir)
	ctx := newBrowser(b)
	q := url.Values{"scene": {"backprop"}, "f": {bpBenchF}, "at": {bpBenchAt}, "step": {strconv.Itoa(bpBenchNodes)}}
	openPage(b, ctx, servePage(b, webDir)+"/?"+q.Encode())
	st := stateAs[scenes.BackpropState](b, ctx)
	if st.Error != nil || len(st.Nodes) != bpBenchNodes || st.Step != bpBenchNodes || st.Phase != "backward" {
		b.Fatalf("error %v, %d nodes, step %d, phase %q; want %d nodes at the start of the backward sweep", st.Error, len(st.Nodes), st.Step, st.Phase, bpBenchNodes)
	}
	for b.Loop() {
		app := ctx
		measure(b, ctx, "backprop play", galleryView{pageW, pageH, false}, playRuns, playBudgets, func(ctx context.Context) perfResult {
			// Each run from the start of the backward sweep, in the
			// lesson built again, at its first speed and zoom.
			evalJS[bool](b, ctx, `window.jacobianlab.set({step: "`+strconv.Itoa(bpBenchNodes)+`"})`)
			// A warm-up: the browser optimizes the wasm's hot code for
			// a few seconds after the page loads.
			time.Sleep(2 * time.Second)
			pressKey(b, ctx, "BracketRight", 221) // twice the speed: 4 steps a second
			pressKey(b, ctx, "Equal", 187)        // zoom in
			evalJS[bool](b, ctx, "window.jacobianlab.resetPerf(), true")
			pressKey(b, ctx, "Space", 32)
			time.Sleep(5 * time.Second)
			p := evalJS[perfResult](b, ctx, "window.jacobianlab.perf()")
			// Between two steps a frame draws again only the graph view
			// (scenes.damager); a step's frame, one in 15 at full speed,
			// is drawn whole.
			if ctx == app && p.PartFrames < p.Frames/3 {
				b.Errorf("backprop play: %d of %d frames drew only the graph view, want at least a third", p.PartFrames, p.Frames)
			}
			return p
		})
		end := stateAs[scenes.BackpropState](b, ctx)
		if end.Phase == "forward" || end.Step <= bpBenchNodes {
			b.Fatalf("after playing: step %d, phase %q; want backward steps", end.Step, end.Phase)
		}
	}
}
