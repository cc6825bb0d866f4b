//go:build e2e && !js

package e2e

import (
	"github.com/jacobianlab/jacobianlab/scenes"
	"strconv"
	"testing"
)

// BenchmarkGradientDrag drags x₀ back and forth across the gradient scene's
// heat map for five seconds on each step of the lesson (the arrows and
// numbers follow it on every step, the slice and the error plot on the
// second, the chain rule on the third), in each of dragViews (on a phone
// the heat map is on the sheet it shows first, the plots on another), and
// reports the app's own measurements: ticks per second and the median CPU
// time of Update+Draw per frame.
func BenchmarkGradientDrag(b *testing.B) {
	requireWeb(b, webDir)
	base := servePage(b, webDir)
	for step := range 3 {
		for _, v := range dragViews {
			b.Run("step"+strconv.Itoa(step)+"/"+v.String(), func(b *testing.B) {
				// A fresh browser each: the floor's tab would be left behind.
				ctx := openView(b, base+"/?scene=gradient&step="+strconv.Itoa(step), v)
				st := stateAs[scenes.GradientState](b, ctx)
				g := st.Plots["heatmap"]
				onScreen(b, v, "the heat map", g)
				y := g.Top + (g.Bottom-g.Top)*0.7
				for b.Loop() {
					measureDrag(b, ctx, "gradient, step "+strconv.Itoa(step)+", "+v.String(), v, triangle(g.Left+10, g.Right-10, y))
					if moved := stateAs[scenes.GradientState](b, ctx); moved.X0[0] == st.X0[0] {
						b.Fatalf("x0 did not move during the drag (still %v)", moved.X0)
					}
				}
			})
		}
	}
}
