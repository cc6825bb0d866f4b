//go:build display

package viz

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"
)

// BenchmarkPlotRender measures a re-render of a function plot into its
// cached image, as when the function changes (800×500 pixels).
func BenchmarkPlotRender(b *testing.B) {
	screen := ebiten.NewImage(820, 520)
	l := NewPlotLayer(func() *plot.Plot { return FunctionPlot(Range{-6, 6}, sinCurve(Range{-6, 6}), Range{-1.5, 1.5}) })
	r := image.Rect(10, 10, 810, 510)
	timeFrames(b, screen, "ms/render", func() {
		l.Invalidate()
		l.Prepare(r, 1)
		l.Draw(screen)
	})
}

// BenchmarkPlotFrame measures a frame in which nothing the plot shows
// changed: the cached image is drawn and the plot is not rendered again
// (renders/op counts them, and must be 0).
func BenchmarkPlotFrame(b *testing.B) {
	screen := ebiten.NewImage(820, 520)
	l := NewPlotLayer(func() *plot.Plot { return FunctionPlot(Range{-6, 6}, sinCurve(Range{-6, 6}), Range{-1.5, 1.5}) })
	r := image.Rect(10, 10, 810, 510)
	l.Prepare(r, 1)
	before := l.Renders()
	timeFrames(b, screen, "ms/frame", func() {
		l.Prepare(r, 1)
		l.Draw(screen)
	})
	b.ReportMetric(float64(l.Renders()-before)/float64(b.N), "renders/op")
}
