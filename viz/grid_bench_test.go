//go:build display

package viz

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
)

// The benchmarks draw a 64×64 matrix with its numbers in a 2400-pixel
// square at scale 1, where the cells (36 pixels) are large enough for them.
const benchGridSize = 2400

// benchGrid returns a prepared grid of a 64×64 matrix of random values and
// a screen to draw it on.
func benchGrid(b *testing.B) (*Grid, *ebiten.Image, image.Rectangle) {
	rnd := rand.New(rand.NewPCG(1, 1))
	m := core.New(core.Shape{64, 64}, nil)
	for i := range m.Data() {
		m.Data()[i] = rnd.NormFloat64()
	}
	g := NewGrid(m)
	r := image.Rect(0, 0, benchGridSize, benchGridSize)
	screen := ebiten.NewImage(benchGridSize, benchGridSize)
	g.Prepare(r, 1)
	g.Draw(screen) // renders the cache
	if g.numPx == 0 {
		b.Fatal("no numbers in the cells")
	}
	return g, screen, r
}

// timeFrames runs frame b.N times, each followed by a flush of Ebiten's
// queued draw commands, as the end of a frame does, and reports the mean
// CPU time of frame alone as the metric unit. ns/op includes the flush,
// which here runs the software GL driver of Xvfb.
func timeFrames(b *testing.B, screen *ebiten.Image, unit string, frame func()) {
	var px [4]byte
	// Reading an image drawn to flushes every queued command; a small one
	// reads back little.
	one := ebiten.NewImage(1, 1)
	flush := func() {
		one.Fill(color.White)
		one.ReadPixels(px[:])
	}
	// Warm up: the first flushes compile shaders and upload the caches.
	for range 3 {
		frame()
		flush()
	}
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		frame()
		cpu += time.Since(start)
		flush()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), unit)
}

// BenchmarkGridFrame measures the CPU time of one frame of a 64×64 grid in
// the cached steady state: Prepare finding nothing to do and Draw
// compositing the cache with a row and a cell highlighted, with every entry
// shown (full) and with the first half shown and the last fading in, as a
// contraction fills in its result (filling).
func BenchmarkGridFrame(b *testing.B) {
	for _, c := range []struct {
		name   string
		filled int
	}{
		{"full", 64 * 64},
		{"filling", 64*32 + 17},
	} {
		b.Run(c.name, func(b *testing.B) {
			g, screen, r := benchGrid(b)
			g.SetFilled(c.filled, 0.5)
			g.SetHighlights(
				Highlight{Index: []int{31, 0}, Free: []int{1}, Color: Light.Muted},
				Highlight{Index: []int{31, 17}, Color: Light.Tangent})
			g.Prepare(r, 1)
			g.Draw(screen)
			renders := g.Renders()
			timeFrames(b, screen, "ms/frame", func() {
				g.Prepare(r, 1)
				g.Draw(screen)
			})
			if g.Renders() != renders {
				b.Errorf("%d renders in the steady state", g.Renders()-renders)
			}
		})
	}
}

// BenchmarkGridRender measures the CPU time of rendering a 64×64 grid with
// its numbers into the cache, as after the tensor or the size changes, and
// drawing it.
func BenchmarkGridRender(b *testing.B) {
	g, screen, r := benchGrid(b)
	timeFrames(b, screen, "ms/render", func() {
		g.Invalidate()
		g.Prepare(r, 1)
		g.Draw(screen) // renders the cache, and draws it
	})
}
