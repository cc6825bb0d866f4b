//go:build display

package scenes

import (
	"image"
	"net/url"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// BenchmarkRelayout measures each lesson's frame after a resize, turning
// between a laptop's window and a phone's at every frame: the layout, the
// plots and formulas prepared again for their new places, and the draw.
// The budget is one frame, 16 ms; the benchmark reports ms/frame.
func BenchmarkRelayout(b *testing.B) {
	sizes := []image.Point{{1280, 800}, {390, 844}}
	screen := ebiten.NewImage(1280, 844)
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		b.Run(e.ID, func(b *testing.B) {
			s := e.New(url.Values{})
			i := 0
			for b.Loop() {
				sz := sizes[i%2]
				i++
				in := &viz.Input{Width: sz.X, Height: sz.Y, Scale: 1, Area: image.Rect(0, tabHeight, sz.X, sz.Y)}
				if err := tick(s, in); err != nil {
					b.Fatal(err)
				}
				frame(b, s, screen)
			}
			b.ReportMetric(float64(b.Elapsed())/1e6/float64(b.N), "ms/frame")
		})
	}
}
