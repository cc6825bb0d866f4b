//go:build e2e && !js

package e2e

import "testing"

// BenchmarkTensorFrame shows y = x W with N = D = M = 6 on the tensor
// scene, its 6×6×6×6 Jacobian drawn as 36 blocks (in colours only where
// its cells are too small for numbers), and drags across them for five
// seconds from the selected cell, the selected entry, its frames and its
// closed form following the pointer, in each of dragViews; it reports the
// app's own measurements: ticks per second and the median CPU time of
// Update+Draw per frame.
func BenchmarkTensorFrame(b *testing.B) {
	requireWeb(b, webDir)
	base := servePage(b, webDir)
	type gridState struct {
		JacobianShape []int
		Grid, Cell    struct{ Left, Top, Right, Bottom float64 }
		Selected      struct{ Y, X []int }
	}
	for _, v := range dragViews {
		b.Run(v.String(), func(b *testing.B) {
			ctx := openView(b, base+"/?scene=tensor&item=matmul&N=6&D=6&M=6", v)
			st := stateAs[gridState](b, ctx)
			g, c := st.Grid, st.Cell
			if len(st.JacobianShape) != 4 || g.Right-g.Left < 200 || g.Left < 0 || g.Right > float64(v.w) || g.Bottom > float64(v.h) || c.Right <= c.Left {
				b.Fatalf("state() = %+v, want a 6×6×6×6 Jacobian on a grid on show, with its selected cell", st)
			}
			for b.Loop() {
				// From the selected cell, the first of the first block,
				// across the first row of blocks.
				measureDrag(b, ctx, "tensor, "+v.String(), v, triangle((c.Left+c.Right)/2, g.Right-2, (c.Top+c.Bottom)/2))
				if moved := stateAs[gridState](b, ctx); moved.Selected.X[1] == st.Selected.X[1] && moved.Selected.Y[1] == st.Selected.Y[1] {
					b.Fatalf("the selection did not follow the drag (still %+v)", moved.Selected)
				}
			}
		})
	}
}
