//go:build display

package viz

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
)

// randomCoreGraph traces a random function of 4 scalars made of n-4
// operations (sin, exp, add, mul) on earlier values.
func randomCoreGraph(b *testing.B, rng *rand.Rand, n int) *core.Graph {
	g, err := core.Trace(func(x []*core.Node) *core.Node {
		vals := append([]*core.Node(nil), x...)
		pick := func() *core.Node { return vals[len(vals)-1-rng.IntN(min(len(vals), 12))] }
		for len(vals) < n {
			var y *core.Node
			switch rng.IntN(4) {
			case 0:
				y = core.Sin(pick())
			case 1:
				y = core.Tanh(pick())
			case 2:
				y = core.Add(pick(), pick())
			default:
				y = core.Mul(pick(), pick())
			}
			vals = append(vals, y)
		}
		return vals[len(vals)-1]
	}, []*core.Tensor{core.Scalar(0.1), core.Scalar(0.2), core.Scalar(0.3), core.Scalar(0.4)}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// BenchmarkGraphView measures a view of a traced graph of about 120 nodes
// on a 1920×1080 screen: a step of the backward pass, with the nodes
// whose gradient changed drawn again into the cache (step); a whole
// render, as after a resize (render); and one frame, the cache with two
// highlighted nodes and edges on top (frame). What is timed is the CPU's
// part, the budget of a frame: the GPU's work is waited for outside the
// timer after each operation.
func BenchmarkGraphView(b *testing.B) {
	g := randomCoreGraph(b, rand.New(rand.NewPCG(1, 1)), 200)
	v := NewGraphView(g)
	r := image.Rect(0, 0, 1920, 1080)
	v.Prepare(r, 1)
	dst := ebiten.NewImage(1920, 1080)
	// Reading back a pixel copied from img waits for what was drawn into
	// img; reading img itself would copy all of it back.
	pix, one := make([]byte, 4), ebiten.NewImage(1, 1)
	sync := func(b *testing.B, img *ebiten.Image) {
		b.StopTimer()
		one.DrawImage(img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image), nil)
		one.ReadPixels(pix)
		b.StartTimer()
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
		b.ReportMetric(float64(len(g.Nodes())), "nodes")
	}
	b.Run("step", func(b *testing.B) {
		bw, err := g.Backward(nil)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if bw.Done() {
				bw, _ = g.Backward(nil)
			}
			if err := bw.Step(); err != nil {
				b.Fatal(err)
			}
			v.SetGrads(bw)
			v.Prepare(r, 1)
			sync(b, v.img)
		}
		report(b)
	})
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			v.drawn = graphCacheKey{} // a whole render, as after a zoom
			v.Prepare(r, 1)
			sync(b, v.img)
		}
		report(b)
	})
	b.Run("frame", func(b *testing.B) {
		last := len(g.Nodes()) - 1
		v.HighlightNode(last, FlowBackward)
		v.HighlightNode(last-1, FlowForward)
		v.HighlightEdge(last, 0, FlowBackward)
		v.HighlightEdge(last-1, 0, FlowForward)
		for b.Loop() {
			v.Draw(dst)
			sync(b, dst)
		}
		report(b)
	})
}
