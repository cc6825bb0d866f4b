package scenes

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The gradient lesson's view of x₀ and h for N > 2: a row of sliders an
// entry, x₀'s then h's, with a mark beside the entry the arrow keys move.

// startSliders sets the sliders of x₀ and h to the coordinates' names,
// windows and values; for N = 2 and beyond N they are unused.
func (s *gradient) startSliders() {
	n := len(s.x0)
	hNames := model.EntryNames("h", core.Shape{n})
	for i := range s.xs {
		if n == 2 || i >= n {
			continue
		}
		x, h := s.xs[i], s.hs[i]
		x.Label, x.Min, x.Max, x.Value = s.coords[i], s.window[i].Min, s.window[i].Max, s.x0[i]
		h.Label, h.Min, h.Max, h.Value = hNames[i], -gradHMax, gradHMax, s.h[i]
		x.Steps, h.Steps = int(math.Round((x.Max-x.Min)/gradNudge)), int(math.Round((h.Max-h.Min)/gradNudge))
	}
}

// placeSliders places the sliders in left, a row an entry; for N = 2, and
// beyond N, they are hidden.
func (s *gradient) placeSliders(left image.Rectangle, sc float64) {
	for i := range s.xs {
		s.xs[i].Rect, s.hs[i].Rect = image.Rectangle{}, image.Rectangle{}
	}
	if s.plane() {
		return
	}
	n := len(s.x0)
	pad := int(12 * sc)
	rowH := min(float64(left.Dy())/float64(n), 52*sc)
	mid := (left.Min.X + left.Max.X) / 2
	for i := range n {
		y := left.Min.Y + int(float64(i)*rowH)
		bottom := y + int(min(rowH-4*sc, 44*sc))
		s.xs[i].Rect = image.Rect(left.Min.X+int(14*sc), y, mid-pad, bottom)
		s.hs[i].Rect = image.Rect(mid+pad, y, left.Max.X, bottom)
	}
}

// readSliders takes x₀ and h from the sliders the user moved, and makes
// the last one moved the entry the arrow keys move.
func (s *gradient) readSliders() {
	for i := range s.x0 {
		if s.xs[i].Changed() {
			s.x0[i], s.coord = s.xs[i].Value, i
		}
		if s.hs[i].Changed() {
			s.h[i], s.coord = s.hs[i].Value, i
		}
	}
}

// setSliders sets the sliders to x₀ and h.
func (s *gradient) setSliders() {
	for i := range s.x0 {
		s.xs[i].Value, s.hs[i].Value = s.x0[i], s.h[i]
	}
}

// drawCoord marks the entry the arrow keys move, when no widget has the
// keyboard.
func (s *gradient) drawCoord(screen *ebiten.Image) {
	if s.lesson.ui.Focused() != nil {
		return
	}
	sc, r := s.scale, s.xs[s.coord].Rect
	viz.Line(screen, float64(r.Min.X)-8*sc, float64(r.Min.Y)+4*sc, float64(r.Min.X)-8*sc, float64(r.Max.Y)-4*sc, 3*sc, viz.Light.Accent)
}
