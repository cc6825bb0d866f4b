package model

import (
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestRealLayerRows: y = x W at N = 64, D = M = 4096 has a Jacobian of
// 2³⁶ entries, 256 GiB in float32 and 512 GiB in float64, against
// 1 MiB and 2 MiB for x, as the arithmetic has it.
func TestRealLayerRows(t *testing.T) {
	rows := RealLayerRows()
	for _, c := range []struct {
		row      int
		entries  int
		f32, f64 string
	}{
		{0, 1 << 36, "256 GiB", "512 GiB"}, // N·M·N·D = 2⁶·2¹²·2⁶·2¹²
		{1, 1 << 18, "1 MiB", "2 MiB"},     // x: N·D = 2⁶·2¹²
		{2, 1 << 18, "1 MiB", "2 MiB"},     // y: N·M
		{3, 1 << 18, "1 MiB", "2 MiB"},     // ∂L/∂x, shaped like x
	} {
		r := rows[c.row]
		f32, f64 := r.Bytes()
		if r.Entries != c.entries || core.FormatBytes(f32) != c.f32 || core.FormatBytes(f64) != c.f64 {
			t.Errorf("%s: %d entries, %s and %s; want %d, %s and %s", r.Name, r.Entries, core.FormatBytes(f32), core.FormatBytes(f64), c.entries, c.f32, c.f64)
		}
	}
}
