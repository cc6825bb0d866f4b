//go:build display

package scenes

import (
	"net/url"
	"testing"

	"github.com/jacobianlab/jacobianlab/viz"
)

// BenchmarkScalarDragUpdate measures one tick of the scalar lesson while the
// point is dragged across the plot: the numbers recomputed through core,
// and the error plot re-rendered every scalarErrEvery ticks.
func BenchmarkScalarDragUpdate(b *testing.B) {
	s := newScalar(url.Values{}).(*scalar)
	in := input()
	tick(s, in)
	da := s.plot.DataArea()
	in.Pointer = viz.Pointer{X: float64(da.Min.X + 5), Y: float64(da.Min.Y + da.Dy()/2), Down: true, Pressed: true}
	tick(s, in)
	in.Pointer.Pressed = false
	i := 0
	for b.Loop() {
		i++
		in.Pointer.X = float64(da.Min.X + 5 + i%(da.Dx()-10))
		tick(s, in)
	}
}
