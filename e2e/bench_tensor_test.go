//go:build e2e && !js

package e2e

import "testing"

// BenchmarkTensorFrame shows y = x W with N = D = M = 6 on the tensor
// scene, its 6×6×6×6 Jacobian drawn as the blocks that fit with numbers
// that can be read, and drags across them for five seconds, the selected entry, its frames and its closed
// form following the pointer; it reports the app's own measurements: ticks
// per second and the median CPU time of Update+Draw per frame.
func BenchmarkTensorFrame(b *testing.B) {
	requireWeb(b, webDir)
	ctx := newBrowser(b)
	openPage(b, ctx, servePage(b, webDir)+"/?scene=tensor&item=matmul&N=6&D=6&M=6")
	type gridState struct {
		JacobianShape []int
		Grid          struct{ Left, Top, Right, Bottom float64 }
		Selected      struct{ Y, X []int }
	}
	st := stateAs[gridState](b, ctx)
	if len(st.JacobianShape) != 4 || st.Grid.Right-st.Grid.Left < 200 {
		b.Fatalf("state() = %+v, want a 6×6×6×6 Jacobian on a grid", st)
	}
	g := st.Grid
	for b.Loop() {
		// Through the third row of cells, starting on a cell rather than
		// on the grid's labels, which its rectangle includes.
		measureDrag(b, ctx, "tensor", triangle(g.Left+(g.Right-g.Left)*0.15, g.Right-10, g.Top+(g.Bottom-g.Top)*2.6/6))
		if moved := stateAs[gridState](b, ctx); moved.Selected.X[1] == st.Selected.X[1] && moved.Selected.Y[1] == st.Selected.Y[1] {
			b.Fatalf("the selection did not follow the drag (still %+v)", moved.Selected)
		}
	}
}
