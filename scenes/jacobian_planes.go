package scenes

import (
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The left side of the Jacobian lesson, on every step: for N = M = 2 the
// input plane with the square around x₀, and the output plane with its
// image and the parallelogram f(x₀) + J(s − x₀); otherwise the list of the
// coordinates of x₀ and of f(x₀).

// buildInPlane builds the input plane: the window around x₀, ruled.
func (s *jacobian) buildInPlane() *plot.Plot {
	p := viz.GridMapPlot(func(x, y float64) (float64, float64) { return x, y }, s.window[0], s.window[1], jacLines)
	p.X.Label.Text, p.Y.Label.Text = s.coords[0], s.coords[1]
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = s.window[0].Min, s.window[0].Max, s.window[1].Min, s.window[1].Max
	return p
}

// buildOutPlane builds the output plane: the input plane's rules as f
// maps them.
func (s *jacobian) buildOutPlane() *plot.Plot {
	p := viz.GridMapPlot(func(x, y float64) (float64, float64) {
		if v := model.EvalJac(s.fn(0), []float64{x, y}); v != nil {
			return v[0], v[1]
		}
		return math.NaN(), math.NaN()
	}, s.window[0], s.window[1], jacLines)
	p.X.Label.Text, p.Y.Label.Text = s.outs[0], s.outs[1]
	return p
}

// moveTo moves x₀ in the plane, kept inside the input plane's window.
func (s *jacobian) moveTo(x, y float64) {
	s.x0[0] = math.Max(s.window[0].Min, math.Min(s.window[0].Max, x))
	s.x0[1] = math.Max(s.window[1].Min, math.Min(s.window[1].Max, y))
}

// handlePointer drags x₀ across the input plane.
func (s *jacobian) handlePointer(in *viz.Input) {
	p := in.Pointer
	if p.Pressed && s.planes && image.Pt(int(p.X), int(p.Y)).In(s.inPlane.DataArea()) {
		s.dragging = true
	}
	if s.dragging {
		s.moveTo(s.inPlane.FromScreen(p.X, p.Y))
	}
	if !p.Down {
		s.dragging = false
	}
	s.errPlot.Hold(s.dragging)
}

// drawPlanes draws the input plane with the square around x₀, and the
// output plane with the square's image and its linear approximation, each
// under its caption, when they are on show.
func (s *jacobian) drawPlanes(screen *ebiten.Image) {
	if s.at.in.Empty() {
		return
	}
	sc := s.scale
	n := s.nums
	s.inPlane.Draw(screen)
	s.outPlane.Draw(screen)
	for _, c := range []struct {
		l *viz.Label
		r image.Rectangle
	}{{&s.texts.in, s.at.inCap}, {&s.texts.out, s.at.outCap}} {
		// At the bottom of its place, over its plane, if it has room.
		if c.r.Empty() {
			continue
		}
		_, h := viz.MeasureText(c.l.Text(), jacTextPx*sc)
		c.l.Draw(screen, float64(c.r.Min.X), float64(c.r.Max.Y)-h)
	}
	if n.Err != nil {
		return
	}
	in := screen.SubImage(s.inPlane.DataArea()).(*ebiten.Image)
	viz.Polygon(in, n.Square, s.inPlane.ToScreen, 2*sc, viz.Th().Point)
	px, py := s.inPlane.ToScreen(s.x0[0], s.x0[1])
	viz.Dot(in, px, py, 6*sc, viz.Th().Point)

	out := screen.SubImage(s.outPlane.DataArea()).(*ebiten.Image)
	viz.Polygon(out, n.Linear, s.outPlane.ToScreen, 3*sc, viz.Th().Tangent)
	viz.Polygon(out, n.Image, s.outPlane.ToScreen, 2*sc, viz.Th().Point)
	px, py = s.outPlane.ToScreen(n.Y[0], n.Y[1])
	viz.Dot(out, px, py, 6*sc, viz.Th().Point)
}

// coordsColumns lists x₀ and f(x₀) when there are no planes, with the
// coordinate the arrows change marked, in columns of at most lines lines;
// to size the columns, with every number as wide as %.6g writes them, and
// every mark.
func (s *jacobian) coordsColumns(lines int, sizing bool) []string {
	num := func(v float64) string { return core.Sprintf("%.6g", v) }
	marks := [2]string{"     ", "►  "} // the other coordinates, and the one the arrows change
	if sizing {
		num = func(float64) string { return "-8.88888e-88" }
		w0, _ := viz.MeasureText(marks[0], jacCoordsPx)
		w1, _ := viz.MeasureText(marks[1], jacCoordsPx)
		if w1 > w0 {
			marks[0] = marks[1]
		} else {
			marks[1] = marks[0]
		}
	}
	all := []string{"x₀ (↑ ↓ choose, ← → change):"}
	for j, name := range s.coords {
		mark := marks[0]
		if j == s.coord {
			mark = marks[1]
		}
		all = append(all, mark+name+" = "+num(s.x0[j]))
	}
	if s.nums.Err == nil {
		all = append(all, "", "f(x₀):")
		for i, name := range s.outs {
			all = append(all, marks[0]+name+" = "+num(s.nums.Y[i]))
		}
	}
	var cols []string
	for len(all) > 0 {
		n := min(lines, len(all))
		col := all[:n]
		if col[n-1] == "" {
			col = col[:n-1] // nor ends with it
		}
		cols = append(cols, strings.Join(col, "\n"))
		all = all[n:]
		for len(all) > 0 && all[0] == "" {
			all = all[1:] // no column starts with the blank line
		}
	}
	return cols
}
