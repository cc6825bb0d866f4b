package scenes

import (
	"image"
	"math"
	"net/url"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// input returns a tick's input on a 1100×720 screen with the tab bar above.
func input() *viz.Input {
	return &viz.Input{Width: 1100, Height: 720, Scale: 1, Area: image.Rect(0, 40, 1100, 720)}
}

func TestScalarKeyboardAndDrag(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	in := input()
	if err := s.Update(in); err != nil {
		t.Fatal(err)
	}
	x0 := s.x0

	in.Repeated = []ebiten.Key{ebiten.KeyArrowRight}
	s.Update(in)
	if want := x0 + scalarStep; math.Abs(s.x0-want) > 1e-15 {
		t.Errorf("after →: x0 = %v, want %v", s.x0, want)
	}
	in.Shift = true
	in.Repeated = []ebiten.Key{ebiten.KeyArrowLeft}
	s.Update(in)
	if want := x0 + scalarStep - scalarStep/10; math.Abs(s.x0-want) > 1e-15 {
		t.Errorf("after Shift+←: x0 = %v, want %v", s.x0, want)
	}
	in.Shift, in.Repeated = false, nil

	// A drag that starts on the plot follows the pointer; the point stays
	// inside the plotted window when the pointer leaves it.
	sx, sy := s.plot.ToScreen(-2, 0)
	in.Pointer = viz.Pointer{X: sx, Y: sy, Down: true, Pressed: true}
	s.Update(in)
	if math.Abs(s.x0+2) > 0.02 {
		t.Errorf("pressing at x = -2 put x0 at %v", s.x0)
	}
	in.Pointer = viz.Pointer{X: 5000, Y: sy, Down: true}
	s.Update(in)
	if s.x0 != scalarXMax {
		t.Errorf("dragging past the right edge: x0 = %v, want %v", s.x0, scalarXMax)
	}
	// Released where it started: the point ends there, and then stays.
	in.Pointer = viz.Pointer{X: sx, Y: sy, Released: true}
	s.Update(in)
	released := s.x0
	in.Pointer = viz.Pointer{X: sx + 100, Y: sy}
	s.Update(in)
	if s.x0 != released {
		t.Errorf("after release the pointer still moves the point: x0 = %v, want %v", s.x0, released)
	}

	// A press outside the plot does not start a drag.
	in.Pointer = viz.Pointer{X: 5, Y: 45, Down: true, Pressed: true}
	s.Update(in)
	if s.x0 != released {
		t.Errorf("a press outside the plot moved x0 to %v", s.x0)
	}
}

func TestScalarState(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	s.Update(input())
	st := s.State()
	x0 := st["x0"].(float64)
	if st["f"] != math.Sin(x0) || st["dfdx"] != math.Cos(x0) {
		t.Errorf("state = %v; want f = sin(x0), dfdx = cos(x0)", st)
	}
	// Nothing changed: the plot is not rendered again.
	n := s.plot.Renders()
	for range 10 {
		s.Update(input())
	}
	if s.plot.Renders() != n {
		t.Errorf("the plot was rendered %d times on ticks where nothing changed", s.plot.Renders()-n)
	}
}
