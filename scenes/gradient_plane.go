package scenes

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The gradient lesson's view of f over the plane, for N = 2: a heat map
// with contour lines, on which x₀ and the tip of h are dragged, with the
// arrows of ∇f and h, and of ∂z/∂x on the steps that show it.

// gradDrag is what the pointer is dragging on the heat map.
type gradDrag int

const (
	dragNone gradDrag = iota
	dragPoint
	dragDirection
)

// The heat map's samples and the sizes of what is drawn on it.
const (
	gradHeatN   = 48  // heat-map samples each way
	gradLevels  = 12  // contour lines
	gradArrow   = 0.4 // the gradient arrow is at most this share of the window
	gradGrab    = 16  // logical pixels within which a press grabs a handle
	gradMarginX = 57  // logical pixels beside a heat map's data area (axis and margin)
	gradMarginY = 55  // and below and above it
)

// chainColor is the colour of ∂z/∂x: Okabe–Ito reddish purple.
var chainColor = color.RGBA{0xcc, 0x79, 0xa7, 0xff}

// sampleHeat evaluates f on the heat map's grid, once per function.
func (s *gradient) sampleHeat() {
	s.heatZ = make([]float64, 0, gradHeatN*gradHeatN)
	wx, wy := s.window[0], s.window[1]
	for r := range gradHeatN {
		y := wy.Min + (wy.Max-wy.Min)*float64(r)/(gradHeatN-1)
		for c := range gradHeatN {
			x := wx.Min + (wx.Max-wx.Min)*float64(c)/(gradHeatN-1)
			s.heatZ = append(s.heatZ, model.GradEval(s.fn(0), []float64{x, y}))
		}
	}
}

// buildHeat builds the heat map of f over the window, with its contour
// lines, from the samples of sampleHeat.
func (s *gradient) buildHeat() *plot.Plot {
	wx, wy := s.window[0], s.window[1]
	// HeatMapPlot samples the same grid as sampleHeat: look the values up.
	at := func(x, y float64) float64 {
		c := int(math.Round((x - wx.Min) / (wx.Max - wx.Min) * (gradHeatN - 1)))
		r := int(math.Round((y - wy.Min) / (wy.Max - wy.Min) * (gradHeatN - 1)))
		return s.heatZ[r*gradHeatN+c]
	}
	p := viz.HeatMapPlot(at, wx, wy, gradHeatN, gradLevels)
	p.X.Label.Text, p.Y.Label.Text = s.coords[0], s.coords[1]
	return p
}

// squarePlot places l at the top left of box, as large as it fits with a
// square data area, so that right angles in the data look right. The
// margins around the data area are measured on a placement; before the
// first, gradMarginX and gradMarginY are a guess. A placement at a new
// size can change the margins (the ticks' labels), so l is placed again
// until it stays where it is, at most three times.
func squarePlot(l *viz.PlotLayer, box image.Rectangle, sc float64) {
	for range 3 {
		r := squareRect(l, box, sc)
		n := l.Places()
		l.Prepare(r, sc)
		if l.Places() == n {
			return
		}
	}
}

// squareRect returns where squarePlot places l: where it is, when it fills
// box with a square data area, or else as large as box holds with the
// margins of l's last placement around a square.
func squareRect(l *viz.PlotLayer, box image.Rectangle, sc float64) image.Rectangle {
	mx, my := int(gradMarginX*sc), int(gradMarginY*sc)
	if cur := l.Rect(); !cur.Empty() {
		da := l.DataArea()
		fills := cur.Min == box.Min && cur.In(box) && (cur.Dx() == box.Dx() || cur.Dy() == box.Dy())
		if d := da.Dx() - da.Dy(); fills && d >= -2 && d <= 2 {
			return cur
		}
		mx, my = cur.Dx()-da.Dx(), cur.Dy()-da.Dy()
	}
	side := min(box.Dx()-mx, box.Dy()-my)
	return image.Rect(box.Min.X, box.Min.Y, box.Min.X+side+mx, box.Min.Y+side+my)
}

// handlePointer drags x₀ and h on the heat map: a press near h's tip takes
// h, anywhere else x₀.
func (s *gradient) handlePointer(in *viz.Input) {
	if !s.plane() {
		return
	}
	p := in.Pointer
	if p.Pressed && image.Pt(int(p.X), int(p.Y)).In(s.heat.DataArea()) {
		tx, ty := s.heat.ToScreen(s.x0[0]+s.h[0], s.x0[1]+s.h[1])
		s.drag = dragPoint
		if math.Hypot(p.X-tx, p.Y-ty) <= gradGrab*in.Scale {
			s.drag = dragDirection
		}
	}
	x, y := s.heat.FromScreen(p.X, p.Y)
	switch s.drag {
	case dragPoint:
		s.setX0(0, x)
		s.setX0(1, y)
	case dragDirection:
		x = math.Max(s.window[0].Min, math.Min(s.window[0].Max, x))
		y = math.Max(s.window[1].Min, math.Min(s.window[1].Max, y))
		if hx, hy := x-s.x0[0], y-s.x0[1]; math.Hypot(hx, hy) >= gradHMin {
			s.h[0], s.h[1] = hx, hy
		}
	}
	if !p.Down {
		s.drag = dragNone
	}
	s.errPlot.Hold(s.drag != dragNone)
}

// drawPlane draws x₀, ∇f, h and, on the steps that show it, ∂z/∂x over
// the heat map.
func (s *gradient) drawPlane(screen *ebiten.Image) {
	if s.heat.Rect().Empty() {
		return
	}
	sc := s.scale
	clip := screen.SubImage(s.heat.DataArea()).(*ebiten.Image)
	x, y := s.x0[0], s.x0[1]
	px, py := s.heat.ToScreen(x, y)
	n := s.nums
	if n.Err == nil {
		vx, vy, short := s.arrowVector(n.Grad)
		gx, gy := s.heat.ToScreen(x+vx, y+vy)
		// ∂z/∂x lies along ∇f: the longer of the two arrows goes
		// underneath.
		var dz func()
		if c := s.chain; gradientSteps[s.step].chainArrow && c.Err == nil && !s.asking() {
			cx, cy, _ := s.arrowVector(c.DZDX)
			ex, ey := s.heat.ToScreen(x+cx, y+cy)
			dz = func() { viz.Arrow(clip, px, py, ex, ey, 3*sc, chainColor) }
			if math.Hypot(cx, cy) > math.Hypot(vx, vy) {
				dz()
				dz = nil
			}
		}
		viz.Arrow(clip, px, py, gx, gy, 3*sc, viz.Th().Tangent)
		if dz != nil {
			dz()
		}
		// The label beside the tip, kept in view when the tip is not.
		w, asc, desc := s.label.Metrics()
		if short {
			w += 80 * sc
		}
		da := s.heat.DataArea()
		lx := math.Max(float64(da.Min.X)+4*sc, math.Min(float64(da.Max.X)-w-4*sc, gx+6*sc))
		ly := math.Max(float64(da.Min.Y)+4*sc, math.Min(float64(da.Max.Y)-asc-desc-4*sc, gy-20*sc))
		s.label.Draw(clip, lx, ly)
		if short {
			lw, _, _ := s.label.Metrics()
			viz.DrawText(clip, "(shortened)", 13*sc, lx+lw+4*sc, ly+2*sc, viz.Th().Text)
		}
	}
	hx, hy := s.heat.ToScreen(x+s.h[0], y+s.h[1])
	viz.Arrow(clip, px, py, hx, hy, 2.5*sc, directionColor)
	viz.Dot(clip, hx, hy, 7*sc, color.White)
	viz.Dot(clip, hx, hy, 5*sc, directionColor)
	viz.DrawText(clip, "h", 15*sc, hx+8*sc, hy-8*sc, viz.Th().Text)
	viz.Dot(clip, px, py, 8*sc, color.White)
	viz.Dot(clip, px, py, 6*sc, viz.Th().Point)
}

// arrowVector returns the first two entries of v, shortened when longer
// than gradArrow of the window's width so that the arrow stays in view,
// and whether it was.
func (s *gradient) arrowVector(v []float64) (x, y float64, short bool) {
	l, lim := math.Hypot(v[0], v[1]), gradArrow*(s.window[0].Max-s.window[0].Min)
	if l > lim {
		return v[0] * lim / l, v[1] * lim / l, true
	}
	return v[0], v[1], false
}
