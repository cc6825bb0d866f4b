//go:build e2e && !js

package e2e

import (
	"github.com/jacobianlab/jacobianlab/scenes"
	"math"
	"testing"
)

// BenchmarkJacobianDrag drags x₀ round a circle on the jacobian scene's
// input plane for five seconds, the square's image and its linear
// approximation following it on the output plane, in each of dragViews,
// and reports the app's own measurements: ticks per second and the median
// CPU time of Update+Draw per frame.
func BenchmarkJacobianDrag(b *testing.B) {
	requireWeb(b, webDir)
	base := servePage(b, webDir)
	for _, v := range dragViews {
		b.Run(v.String(), func(b *testing.B) {
			ctx := openView(b, base+"/?scene=jacobian", v)
			st := stateAs[scenes.JacobianState](b, ctx)
			g := st.Planes.Input
			onScreen(b, v, "the input plane", g)
			cx, cy := (g.Left+g.Right)/2, (g.Top+g.Bottom)/2
			rx, ry := (g.Right-g.Left)*0.4, (g.Bottom-g.Top)*0.4
			for b.Loop() {
				measureDrag(b, ctx, "jacobian, "+v.String(), v, func(i int) (x, y float64) {
					// Once round every 2 s at one step every 10 ms.
					a := 2 * math.Pi * float64(i) / 200
					return cx + rx*math.Cos(a), cy + ry*math.Sin(a)
				})
				if moved := stateAs[scenes.JacobianState](b, ctx); moved.X0[0] == st.X0[0] && moved.X0[1] == st.X0[1] {
					b.Fatalf("x0 did not move during the drag (still %v)", moved.X0)
				}
			}
		})
	}
}
