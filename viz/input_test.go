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

func TestStill(t *testing.T) {
	for _, c := range []struct {
		name string
		in   Input
		want bool
	}{
		{"nothing", Input{Pointer: Pointer{X: 10, Y: 20}}, true},
		{"moved", Input{Pointer: Pointer{X: 10, Y: 20}, moved: true}, false},
		{"held", Input{Pointer: Pointer{Down: true}}, false},
		{"released", Input{Pointer: Pointer{Released: true}}, false},
		{"key", Input{Pressed: []ebiten.Key{ebiten.KeySpace}, Repeated: []ebiten.Key{ebiten.KeySpace}}, false},
		{"repeat", Input{Repeated: []ebiten.Key{ebiten.KeyArrowRight}}, false},
		{"char", Input{Chars: []rune{'a'}}, false},
		{"wheel", Input{Wheel: -1}, false},
		{"finger", Input{Touches: []Touch{{X: 1, Y: 1}}}, false},
		{"shift held", Input{Shift: true}, true},
	} {
		if got := c.in.Still(); got != c.want {
			t.Errorf("%s: Still() = %v, want %v", c.name, got, c.want)
		}
	}
}
