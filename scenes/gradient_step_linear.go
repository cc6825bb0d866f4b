package scenes

import (
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// gradStepLinear is the gradient lesson's second step: the directional
// derivative ∇f·h as the products (∂f/∂xᵢ)·hᵢ and their sum, f along
// x₀ + t·h with its tangent, and the error of the linear approximation.
var gradStepLinear = gradStep{
	step: step{"Linear approximation", "Near x₀, f(x₀ + h) ≈ f(x₀) + ∇f(x₀)·h. The dot product multiplies entry by entry, then adds: ∇f·h = Σᵢ (∂f/∂xᵢ) hᵢ.\n" +
		"Along x₀ + t h the tangent's slope is ∇f·h, and the error falls like ‖h‖²: slope 2 on the log–log plot.\n" +
		"Drag h; press [ and ] to scale it.\n" +
		"In the source: the dot product is called elementwise multiplication, with no sum; without the sum\n" +
		"there is no single number, no change in f."},
	update: func(s *gradient, refresh bool) {
		if refresh && s.fitSlice() {
			s.slicePlot.Invalidate()
			s.relayout()
		}
	},
	sheet: "Plots",
	arrange: func(s *gradient, sc float64, alone bool) *layout.Node {
		slice := layout.Leaf(&s.sliceRect, gradSize(sc, 220, 160), gradSize(sc, 260, 260)).Grow(1)
		errs := layout.Leaf(&s.errRect, gradSize(sc, 220, 160), gradSize(sc, 260, 260)).Grow(1)
		if alone && s.area.Dy() > s.area.Dx() {
			// On a sheet of their own on a tall screen: one above the other.
			return layout.Column(12*sc, slice, errs).Grow(1)
		}
		return layout.Row(12*sc, slice, errs).Grow(1)
	},
	prepare: func(s *gradient) {
		s.currentSlice()
		if s.errStale {
			r := s.currentRemainder()
			s.errPlot.Set(viz.Series{Color: viz.Th().Curve, Dots: true, H: r.Steps, Err: r.Errs})
			s.errStale = false
		}
	},
	draw: func(s *gradient, screen *ebiten.Image) {
		s.slicePlot.Draw(screen)
		s.errPlot.Draw(screen)
		s.drawSlice(screen)
	},
	numbers: func(s *gradient, narrow bool) [][]gradRow {
		n := s.nums
		hRows := []gradRow{gradText("h = %s    ‖h‖ = %.4g", model.VecText(s.h), floats.Norm(s.h, 2))}
		if s.longVectors() {
			hRows = gradVector(true, "h", s.h)
		}
		var sum []gradRow
		if narrow {
			sum = append(hRows, gradText("products (∂f/∂xᵢ)·hᵢ, a vector ="), gradText("        %s", model.VecText(n.Products)),
				gradEquation(gradRowFrac, `\text{their sum: }\nabla f \cdot h = \sum_i \frac{\partial f}{\partial x_i} h_i =`, `%.6g`, n.Directional))
		} else {
			terms, prods := make([]string, len(n.Grad)), make([]string, len(n.Grad))
			for i, g := range n.Grad {
				terms[i] = model.TeXNum(g) + ` \cdot ` + model.TeXNum(s.h[i])
				prods[i] = model.TeXNum(n.Products[i])
			}
			sum = append(hRows, gradEquation(gradRowFrac, `\nabla f \cdot h = \sum_i \frac{\partial f}{\partial x_i} h_i =`, `%s = %s = %.6g`,
				strings.Join(terms, " + "), strings.Join(prods, " + "), n.Directional))
		}
		approx := []gradRow{gradEquation(gradRowMath, `f(x_0 + h) =`, `%.6g \approx f(x_0) + \nabla f \cdot h = %.6g`, n.FH, n.F+n.Directional)}
		if narrow {
			approx = []gradRow{
				gradEquation(gradRowMath, `f(x_0 + h) =`, `%.6g`, n.FH),
				gradEquation(gradRowMath, `\approx f(x_0) + \nabla f \cdot h =`, `%.6g`, n.F+n.Directional),
			}
		}
		approx = append([]gradRow{gradText("JVP, the Jacobian–vector product (one forward sweep, no gradient formed): %.6g", n.JVP)}, approx...)
		approx = append(approx, gradText("error %.3g; against the step length it falls with slope %.3f", math.Abs(n.FH-n.F-n.Directional), s.rem.Slope))
		return [][]gradRow{sum, approx}
	},
	describe: func(s *gradient) string {
		n := s.nums
		return core.Sprintf("At x₀ = %s in the direction h = %s, the products of the gradient's entries with h's are %s; their sum, the directional derivative, is %.6g.",
			model.VecText(s.x0), model.VecText(s.h), model.VecText(n.Products), n.Directional)
	},
	plots: func(s *gradient, geom map[string]viz.Geometry) {
		geom["slice"], geom["remainder"] = s.slicePlot.Geometry(), s.errPlot.Geometry()
	},
}

// buildSlice builds the slice plot's axes, over
// t ∈ [−model.GradSliceT, model.GradSliceT] and sliceY; the slice and its
// tangent are drawn over them.
func (s *gradient) buildSlice() *plot.Plot {
	p := viz.NewPlot()
	p.Add(plotter.NewGrid())
	p.X.Min, p.X.Max = -model.GradSliceT, model.GradSliceT
	p.Y.Min, p.Y.Max = s.sliceY.Min, s.sliceY.Max
	p.X.Label.Text, p.Y.Label.Text = "t", "f(x₀ + t·h)"
	p.Title.Text = "f along h, and its tangent"
	return p
}

// fitSlice sets the slice plot's y axis to the range of the slice and of
// the tangent at t = ±1, with a margin, and reports whether it changed. It
// keeps an axis that shows them all over at least half its height; while
// x₀ or h is dragged, any axis that shows them all, and one they outgrow
// only widens, so that the axis stands still under the moving curves.
func (s *gradient) fitSlice() bool {
	// The slice, and the tangent where it stands in for f(x₀ ± h).
	n := s.nums
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, vs := range [][]float64{s.currentSlice().FT, {n.F - n.Directional, n.F + n.Directional}} {
		for _, v := range vs {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = -1, 1
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) { // flat: any band around it
		lo, hi = lo-0.5, hi+0.5
	}
	cur := s.sliceY
	hold := s.drag != dragNone && cur.Max > cur.Min
	if cur.Max > cur.Min && lo >= cur.Min && hi <= cur.Max && (hold || hi-lo >= (cur.Max-cur.Min)/2) {
		return false
	}
	if hold {
		lo, hi = math.Min(lo, cur.Min), math.Max(hi, cur.Max)
	}
	pad := 0.12 * (hi - lo)
	s.sliceY = viz.Range{Min: lo - pad, Max: hi + pad}
	return true
}

// drawSlice draws the slice t ↦ f(x₀ + t·h), its tangent at t = 0, and
// the gap between them at t = 1, over the slice plot's axes.
func (s *gradient) drawSlice(screen *ebiten.Image) {
	n := s.nums
	if n.Err != nil || s.sliceRect.Empty() {
		return
	}
	sc := s.scale
	r := s.slice
	clip := screen.SubImage(s.slicePlot.DataArea()).(*ebiten.Image)
	// Where f is NaN, so are the points, and the curve breaks there.
	viz.Polyline(clip, len(r.Ts), func(i int) (float64, float64) { return s.slicePlot.ToScreen(r.Ts[i], r.FT[i]) }, 2.5*sc, viz.Th().Curve)
	tangent := func(t float64) float64 { return n.F + t*n.Directional }
	ax, ay := s.slicePlot.ToScreen(-model.GradSliceT, tangent(-model.GradSliceT))
	bx, by := s.slicePlot.ToScreen(model.GradSliceT, tangent(model.GradSliceT))
	viz.Line(clip, ax, ay, bx, by, 2*sc, viz.Th().Tangent)
	// At t = 1: f(x₀ + h) on the curve and f(x₀) + ∇f·h on the tangent.
	cx, cy := s.slicePlot.ToScreen(1, n.FH)
	tx, ty := s.slicePlot.ToScreen(1, tangent(1))
	viz.Line(clip, cx, cy, tx, ty, 1.5*sc, directionColor)
	viz.Dot(clip, cx, cy, 4*sc, directionColor)
	viz.Dot(clip, tx, ty, 4*sc, directionColor)
	px, py := s.slicePlot.ToScreen(0, n.F)
	viz.Dot(clip, px, py, 6*sc, viz.Th().Point)
}
