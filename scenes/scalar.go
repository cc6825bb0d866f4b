package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/viz"
)

func init() {
	Register(Entry{ID: "scalar", Title: "Scalar derivative", New: newScalar})
}

// scalar is the first lesson: f: ℝ → ℝ, its tangent line at x₀, and the
// derivative f'(x₀) as the slope of that line.
type scalar struct {
	x0       float64
	dragging bool
	plot     *viz.PlotLayer
	scale    float64
	area     image.Rectangle
}

// The plotted window and the keyboard step.
const (
	scalarXMin, scalarXMax = -2 * math.Pi, 2 * math.Pi
	scalarYMin, scalarYMax = -1.75, 1.75
	scalarStep             = 0.05 // arrow key step in x; Shift divides it by 10
)

func newScalar(url.Values) Scene {
	s := &scalar{x0: 1}
	s.plot = viz.NewPlotLayer(s.buildPlot)
	return s
}

// f and dfdx are the function the scene studies and its derivative.
func (s *scalar) f(x float64) float64    { return math.Sin(x) }
func (s *scalar) dfdx(x float64) float64 { return math.Cos(x) }

func (s *scalar) buildPlot() *plot.Plot {
	p := viz.FunctionPlot(s.f, viz.Range{Min: scalarXMin, Max: scalarXMax}, viz.Range{Min: scalarYMin, Max: scalarYMax})
	p.X.Label.Text, p.Y.Label.Text = "x", "f(x)"
	return p
}

func (s *scalar) Update(in *viz.Input) error {
	s.scale, s.area = in.Scale, in.Area
	pad := int(16 * in.Scale)
	header := int(56 * in.Scale)
	s.plot.Prepare(image.Rect(in.Area.Min.X+pad, in.Area.Min.Y+header, in.Area.Max.X-pad, in.Area.Max.Y-pad), in.Scale)

	step := scalarStep
	if in.Shift {
		step /= 10
	}
	if in.Fired(ebiten.KeyArrowRight) {
		s.setX0(s.x0 + step)
	}
	if in.Fired(ebiten.KeyArrowLeft) {
		s.setX0(s.x0 - step)
	}

	p := in.Pointer
	if p.Pressed && image.Pt(int(p.X), int(p.Y)).In(s.plot.DataArea()) {
		s.dragging = true
	}
	if s.dragging {
		x, _ := s.plot.FromScreen(p.X, p.Y)
		s.setX0(x)
	}
	if !p.Down {
		s.dragging = false
	}
	return nil
}

func (s *scalar) setX0(x float64) {
	s.x0 = math.Max(scalarXMin, math.Min(scalarXMax, x))
}

func (s *scalar) Draw(screen *ebiten.Image) {
	sc := s.scale
	s.plot.Draw(screen)

	// The tangent line over the whole window, clipped to the data area.
	y0, k := s.f(s.x0), s.dfdx(s.x0)
	tangent := func(x float64) float64 { return y0 + k*(x-s.x0) }
	clip := screen.SubImage(s.plot.DataArea()).(*ebiten.Image)
	ax, ay := s.plot.ToScreen(scalarXMin, tangent(scalarXMin))
	bx, by := s.plot.ToScreen(scalarXMax, tangent(scalarXMax))
	viz.Line(clip, ax, ay, bx, by, 2*sc, viz.Light.Tangent)
	px, py := s.plot.ToScreen(s.x0, y0)
	viz.Dot(clip, px, py, 6*sc, viz.Light.Point)

	msg := fmt.Sprintf("f(x) = sin(x)      x₀ = %.4f      f(x₀) = %.4f      f′(x₀) = %.4f  (the slope of the tangent line)", s.x0, y0, k)
	viz.DrawText(screen, msg, 17*sc, float64(s.area.Min.X)+16*sc, float64(s.area.Min.Y)+12*sc, viz.Light.Text)
	viz.DrawText(screen, "Drag the point, or use ← →  (Shift for finer steps).", 14*sc, float64(s.area.Min.X)+16*sc, float64(s.area.Min.Y)+34*sc, viz.Light.Muted)
}

func (s *scalar) State() map[string]any {
	return map[string]any{"x0": s.x0, "f": s.f(s.x0), "dfdx": s.dfdx(s.x0), "plot": s.plot.Geometry()}
}
