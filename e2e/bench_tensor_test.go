//go:build e2e && !js

package e2e

import "testing"

// BenchmarkTensorFrame shows y = x W with N = D = M = 6 on the tensor
// scene, its 6×6×6×6 Jacobian drawn as 36 blocks (in colours only, its
// cells too small for numbers at the page's size), and drags across them
// for five seconds from the selected cell, the selected entry, its frames
// and its closed form following the pointer; it reports the app's own
// measurements: ticks per second and the median CPU time of Update+Draw
// per frame.
func BenchmarkTensorFrame(b *testing.B) {
	requireWeb(b, webDir)
	ctx := newBrowser(b)
	openPage(b, ctx, servePage(b, webDir)+"/?scene=tensor&item=matmul&N=6&D=6&M=6")
	type gridState struct {
		JacobianShape []int
		Grid, Cell    struct{ Left, Top, Right, Bottom float64 }
		Selected      struct{ Y, X []int }
	}
	st := stateAs[gridState](b, ctx)
	if len(st.JacobianShape) != 4 || st.Grid.Right-st.Grid.Left < 200 || st.Cell.Right <= st.Cell.Left {
		b.Fatalf("state() = %+v, want a 6×6×6×6 Jacobian on a grid, with its selected cell", st)
	}
	g, c := st.Grid, st.Cell
	for b.Loop() {
		// From the selected cell, the first of the first block, across
		// the first row of blocks.
		measureDrag(b, ctx, "tensor", triangle((c.Left+c.Right)/2, g.Right-2, (c.Top+c.Bottom)/2))
		if moved := stateAs[gridState](b, ctx); moved.Selected.X[1] == st.Selected.X[1] && moved.Selected.Y[1] == st.Selected.Y[1] {
			b.Fatalf("the selection did not follow the drag (still %+v)", moved.Selected)
		}
	}
}
