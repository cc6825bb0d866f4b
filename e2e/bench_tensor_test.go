//go:build e2e && !js

package e2e

import "testing"

// BenchmarkTensorFrame shows y = x W with N = D = M = 6 on the tensor
// scene, its 6×6×6×6 Jacobian drawn as the blocks that fit with numbers
// that can be read, and drags across them for five seconds, the selected
// entry, its frames and its closed form following the pointer, in each of
// dragViews; it reports the app's own measurements: ticks per second and
// the median CPU time of Update+Draw per frame.
func BenchmarkTensorFrame(b *testing.B) {
	requireWeb(b, webDir)
	base := servePage(b, webDir)
	type gridState struct {
		JacobianShape []int
		Grid          struct{ Left, Top, Right, Bottom float64 }
		Selected      struct{ Y, X []int }
	}
	for _, v := range dragViews {
		b.Run(v.String(), func(b *testing.B) {
			ctx := openView(b, base+"/?scene=tensor&item=matmul&N=6&D=6&M=6", v)
			st := stateAs[gridState](b, ctx)
			g := st.Grid
			if len(st.JacobianShape) != 4 || g.Right-g.Left < 200 || g.Left < 0 || g.Right > float64(v.w) || g.Bottom > float64(v.h) {
				b.Fatalf("state() = %+v, want a 6×6×6×6 Jacobian on a grid on show", st)
			}
			for b.Loop() {
				// Through the third row of cells, starting on a cell rather
				// than on the grid's labels, which its rectangle includes.
				measureDrag(b, ctx, "tensor, "+v.String(), v, triangle(g.Left+(g.Right-g.Left)*0.15, g.Right-10, g.Top+(g.Bottom-g.Top)*2.6/6))
				if moved := stateAs[gridState](b, ctx); moved.Selected.X[1] == st.Selected.X[1] && moved.Selected.Y[1] == st.Selected.Y[1] {
					b.Fatalf("the selection did not follow the drag (still %+v)", moved.Selected)
				}
			}
		})
	}
}
