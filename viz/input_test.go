//go:build display

package viz

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

func TestArrows(t *testing.T) {
	for _, c := range []struct {
		keys   []ebiten.Key
		shift  bool
		dx, dy float64
	}{
		{nil, false, 0, 0},
		{[]ebiten.Key{ebiten.KeyArrowRight}, false, 0.5, 0},
		{[]ebiten.Key{ebiten.KeyArrowLeft, ebiten.KeyArrowUp}, false, -0.5, 0.5},
		{[]ebiten.Key{ebiten.KeyArrowDown}, true, 0, -0.05},
		{[]ebiten.Key{ebiten.KeyArrowRight, ebiten.KeyArrowLeft, ebiten.KeyA}, false, 0, 0},
	} {
		in := &Input{Repeated: c.keys, Shift: c.shift}
		if dx, dy := in.Arrows(0.5); dx != c.dx || dy != c.dy {
			t.Errorf("keys %v, shift %v: (%v, %v), want (%v, %v)", c.keys, c.shift, dx, dy, c.dx, c.dy)
		}
	}
}
