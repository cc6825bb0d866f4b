package viz

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// Scroll shows rows that do not all fit a rectangle, such as the lines of
// a text or a list of formulas, a whole row at a time: those from Top on
// that fit. A drag that starts in the rectangle moves the rows with the
// pointer (one finger on a phone), and the wheel over it moves them
// ScrollRows rows a notch. DrawBar shows which rows are shown.
type Scroll struct {
	// Rect is the rectangle the rows are shown in.
	Rect image.Rectangle
	// Top is the first row shown.
	Top int

	tops    []int // where each row begins, and where the last ends
	last    int   // the largest Top: the last rows fit below it
	grab    float64
	grabbed bool
}

// ScrollRows is how many rows a notch of the wheel scrolls.
const ScrollRows = 3

// SetRows sets where the rows are laid out with none scrolled away:
// tops[i] is the y of row i's top, and the last element the y of the end
// of the last row. Top is kept in range.
func (s *Scroll) SetRows(tops []int) {
	s.tops = append(s.tops[:0], tops...)
	s.last = 0
	if n := len(tops) - 1; n > 0 {
		s.last = n
		for s.last > 0 && tops[n]-tops[s.last-1] <= s.Rect.Dy() {
			s.last--
		}
	}
	s.Top = max(0, min(s.Top, s.last))
}

// Scrolls reports whether some rows do not fit.
func (s *Scroll) Scrolls() bool { return s.last > 0 }

// Ways reports whether the rows can scroll back towards the first (up)
// and on towards the last (down).
func (s *Scroll) Ways() (up, down bool) { return s.Top > 0, s.Top < s.last }

// Shown returns the rows shown, from lo to hi, and how far up they are
// moved from where SetRows had them, in pixels.
func (s *Scroll) Shown() (lo, hi, up int) {
	if len(s.tops) < 2 {
		return 0, 0, 0
	}
	lo, up = s.Top, s.tops[s.Top]-s.tops[0]
	hi = lo
	for hi < len(s.tops)-1 && s.tops[hi+1]-up <= s.Rect.Max.Y {
		hi++
	}
	return lo, hi, up
}

// Update moves the rows with a drag that starts in the rectangle, the row
// that was under the pointer following it, and with the wheel over the
// rectangle. It reports whether it took the pointer or the wheel: the
// caller leaves them alone then.
func (s *Scroll) Update(in *Input) bool {
	if !s.Scrolls() {
		s.grabbed = false
		return false
	}
	p := in.Pointer
	over := image.Pt(int(p.X), int(p.Y)).In(s.Rect)
	if over && in.Wheel != 0 {
		n := int(math.Round(in.Wheel * ScrollRows))
		if n == 0 {
			n = int(math.Copysign(1, in.Wheel))
		}
		s.Top = max(0, min(s.Top-n, s.last))
		in.Wheel = 0
		return true
	}
	if p.Pressed && over {
		s.grab, s.grabbed = p.Y+float64(s.tops[s.Top]), true
	}
	if !s.grabbed {
		return false
	}
	want := s.grab - p.Y // where the top row should be
	s.Top = 0
	for s.Top < s.last && math.Abs(float64(s.tops[s.Top+1])-want) < math.Abs(float64(s.tops[s.Top])-want) {
		s.Top++
	}
	s.grabbed = p.Down
	return true
}

// DrawBar draws, when the rows scroll, a bar 4 logical pixels wide right
// of the rectangle, at scale pixels per logical pixel, with the part of it
// that stands for the rows shown darker.
func (s *Scroll) DrawBar(dst *ebiten.Image, scale float64) {
	if !s.Scrolls() {
		return
	}
	r, n := s.Rect, len(s.tops)-1
	all := float64(s.tops[n] - s.tops[0])
	at := func(i int) int { return r.Min.Y + int(float64(r.Dy())*float64(s.tops[i]-s.tops[0])/all) }
	lo, hi, _ := s.Shown()
	x := r.Max.X + int(3*scale)
	FillRect(dst, image.Rect(x, r.Min.Y, x+int(4*scale), r.Max.Y), Th().Control)
	FillRect(dst, image.Rect(x, at(lo), x+int(4*scale), at(hi)), Th().Muted)
}
