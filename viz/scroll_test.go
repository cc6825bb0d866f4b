//go:build display

package viz

import (
	"image"
	"testing"
)

// TestScroll scrolls ten rows of 20 pixels in a 70-pixel rectangle: three
// fit, the wheel and a drag move them a row at a time, and Top stays where
// the last rows still fill the rectangle.
func TestScroll(t *testing.T) {
	s := Scroll{Rect: image.Rect(0, 100, 200, 170)}
	tops := make([]int, 11)
	for i := range tops {
		tops[i] = 100 + 20*i
	}
	s.SetRows(tops)
	check := func(when string, top, lo, hi, up int) {
		t.Helper()
		l, h, u := s.Shown()
		if s.Top != top || l != lo || h != hi || u != up {
			t.Errorf("%s: Top %d, shown %d–%d moved up %d; want %d, %d–%d, %d", when, s.Top, l, h, u, top, lo, hi, up)
		}
	}
	if !s.Scrolls() {
		t.Fatal("ten rows of 20 pixels fit in 70")
	}
	check("at first", 0, 0, 3, 0)
	if up, down := s.Ways(); up || !down {
		t.Errorf("at first: ways up %v, down %v; want down only", up, down)
	}

	// The wheel turned towards the user brings later rows into view, a few
	// a notch.
	in := &Input{Pointer: Pointer{X: 50, Y: 120}, Wheel: -1}
	if !s.Update(in) || in.Wheel != 0 {
		t.Errorf("the wheel over the rows was not taken: %v", in.Wheel)
	}
	check("a notch down", ScrollRows, 3, 6, 60)
	in = &Input{Pointer: Pointer{X: 50, Y: 120}, Wheel: -10}
	s.Update(in)
	check("far down", 7, 7, 10, 140)
	if up, down := s.Ways(); !up || down {
		t.Errorf("at the end: ways up %v, down %v; want up only", up, down)
	}
	in = &Input{Pointer: Pointer{X: 50, Y: 300}, Wheel: 1}
	if s.Update(in) || in.Wheel != 1 {
		t.Error("the wheel away from the rows was taken")
	}

	// A drag down by two rows brings two earlier rows back.
	s.Update(&Input{Pointer: Pointer{X: 50, Y: 110, Down: true, Pressed: true}})
	s.Update(&Input{Pointer: Pointer{X: 50, Y: 151, Down: true}})
	check("dragged down 41 pixels", 5, 5, 8, 100)
	s.Update(&Input{Pointer: Pointer{X: 50, Y: 151, Released: true}})
	if s.Update(&Input{Pointer: Pointer{X: 50, Y: 400}}); s.Top != 5 {
		t.Errorf("the pointer moved the rows after the drag ended: Top %d", s.Top)
	}

	// Rows that fit do not scroll, and a Top past the end is brought back.
	s.Rect.Max.Y = 400
	s.SetRows(tops)
	if s.Scrolls() || s.Top != 0 {
		t.Errorf("rows that fit: scrolls %v, Top %d", s.Scrolls(), s.Top)
	}
	if s.Update(&Input{Pointer: Pointer{X: 50, Y: 120}, Wheel: -1}) {
		t.Error("rows that fit took the wheel")
	}
}
