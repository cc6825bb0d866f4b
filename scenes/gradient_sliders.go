package scenes

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
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

// The sliders' sizes in CSS pixels: the least width of a slider, and the
// room left of x₀'s for the mark of the entry the arrow keys move.
const (
	gradSliderW = 112
	gradMarkW   = 14
)

// slidersNode arranges the sliders: a row an entry, x₀'s slider then h's,
// in a column, or in as many as fit beside each other (placeSliders).
func (s *gradient) slidersNode(sc float64) *layout.Node {
	rows := float64(len(s.x0) * (s.controlHeight() + 8))
	return layout.Leaf(&s.mapRect, gradSize(sc, gradMarkW+2*gradSliderW+12, rows), layout.Size{W: 0.44 * float64(s.area.Dx()), H: rows * sc})
}

// placeSliders places the sliders in the map's rectangle, a row an entry,
// in as few columns as let the rows fit its height; for N = 2, beyond N,
// and on a hidden sheet, they are hidden.
func (s *gradient) placeSliders(sc float64) {
	for i := range s.xs {
		s.xs[i].Rect, s.hs[i].Rect = image.Rectangle{}, image.Rectangle{}
	}
	r := s.mapRect
	if s.plane() || r.Empty() {
		return
	}
	n := len(s.x0)
	ctl, gap, mark := float64(s.controlHeight())*sc, 24*sc, gradMarkW*sc
	pairW := (gradMarkW + 2*gradSliderW + 12) * sc
	fit := max(1, int((float64(r.Dx())+gap)/(pairW+gap))) // the columns the width holds
	cols := 1
	for cols < min(fit, n) && float64((n+cols-1)/cols)*(ctl+8*sc) > float64(r.Dy()) {
		cols++
	}
	rows := (n + cols - 1) / cols
	// Rows closer together when even these columns do not fit: the
	// sliders keep their height down to a gap of 4 pixels.
	rowH := min(ctl+8*sc, float64(r.Dy())/float64(rows))
	colW := (float64(r.Dx()) - float64(cols-1)*gap) / float64(cols)
	for i := range n {
		x := float64(r.Min.X) + float64(i/rows)*(colW+gap)
		y := float64(r.Min.Y) + float64(i%rows)*rowH
		mid := x + mark + (colW-mark)/2
		bottom := int(y + min(rowH-4*sc, ctl))
		s.xs[i].Rect = image.Rect(int(x+mark), int(y), int(mid-6*sc), bottom)
		s.hs[i].Rect = image.Rect(int(mid+6*sc), int(y), int(x+colW), bottom)
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
	sc, r := s.scale, s.xs[s.coord].Rect
	if s.lesson.ui.Focused() != nil || r.Empty() {
		return
	}
	viz.Line(screen, float64(r.Min.X)-8*sc, float64(r.Min.Y)+4*sc, float64(r.Min.X)-8*sc, float64(r.Max.Y)-4*sc, 3*sc, viz.Th().Accent)
}
