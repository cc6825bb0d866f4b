package scenes

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

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
// output plane with the square's image and its linear approximation.
func (s *jacobian) drawPlanes(screen *ebiten.Image) {
	sc := s.scale
	n := s.nums
	s.inPlane.Draw(screen)
	s.outPlane.Draw(screen)
	ir, or := s.inPlane.Rect(), s.outPlane.Rect()
	s.texts.in.Draw(screen, float64(ir.Min.X), float64(ir.Min.Y)-20*sc)
	s.texts.out.Draw(screen, float64(or.Min.X), float64(or.Min.Y)-20*sc)
	if n.Err != nil {
		return
	}
	in := screen.SubImage(s.inPlane.DataArea()).(*ebiten.Image)
	viz.Polygon(in, n.Square, s.inPlane.ToScreen, 2*sc, viz.Light.Point)
	px, py := s.inPlane.ToScreen(s.x0[0], s.x0[1])
	viz.Dot(in, px, py, 6*sc, viz.Light.Point)

	out := screen.SubImage(s.outPlane.DataArea()).(*ebiten.Image)
	viz.Polygon(out, n.Linear, s.outPlane.ToScreen, 3*sc, viz.Light.Tangent)
	viz.Polygon(out, n.Image, s.outPlane.ToScreen, 2*sc, viz.Light.Point)
	px, py = s.outPlane.ToScreen(n.Y[0], n.Y[1])
	viz.Dot(out, px, py, 6*sc, viz.Light.Point)
}

// coordsText lists x₀ and f(x₀) when there are no planes, with the
// coordinate the arrows change marked.
func (s *jacobian) coordsText() string {
	var b strings.Builder
	b.WriteString("x₀ (↑ ↓ choose, ← → change):\n")
	for j, name := range s.coords {
		mark := "     "
		if j == s.coord {
			mark = "►  "
		}
		fmt.Fprintf(&b, "%s%s = %.6g\n", mark, name, s.x0[j])
	}
	if s.nums.Err == nil {
		b.WriteString("\nf(x₀):\n")
		for i, name := range s.outs {
			fmt.Fprintf(&b, "     %s = %.6g\n", name, s.nums.Y[i])
		}
	}
	return b.String()
}
