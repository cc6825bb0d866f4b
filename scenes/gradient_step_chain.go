package scenes

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// gradStepChain is the gradient lesson's third step: the chain rule for
// z = g(f(x)), ∂z/∂x = g′(y) ∇f(x₀) against autodiff of g∘f, with g and
// its tangent at y = f(x₀), and ∂z/∂x on the heat map.
var gradStepChain = gradStep{
	step: step{"Chain rule", "For y = f(x) and z = g(y), g taking a number to a number: ∂z/∂x = g′(y) ∇f(x₀), the number g′(y) times the gradient of f.\n" +
		"Every entry is scaled alike, so ∂z/∂x (purple on the heat map) lies along the gradient, reversed where g′(y) < 0.\n" +
		"Automatic differentiation (autodiff: exact derivatives worked out by the program) of z = g(f(x))\n" +
		"gives the same vector: compare the two above. Type an outer function g(y) in its field, or drag x₀."},
	chainArrow: true,
	update: func(s *gradient, refresh bool) {
		s.currentChain()
		if refresh && s.fitG() {
			s.gPlot.Invalidate()
			s.relayout()
		}
	},
	sheet: "g(y)",
	arrange: func(s *gradient, sc float64, alone bool) *layout.Node {
		return layout.Leaf(&s.gRect, gradSize(sc, 220, 160), gradSize(sc, 420, 260)).Max(gradSize(sc, 420, 420)).Grow(1)
	},
	draw: func(s *gradient, screen *ebiten.Image) {
		s.gPlot.Draw(screen)
		s.drawG(screen)
	},
	ask: func(s *gradient) *question {
		if c := s.currentChain(); c.Err == nil {
			return signQuestion("gradient-chain-sign", "∂z/∂x₁", "g′(y)", "∂f/∂x₁", c.DZDY, s.nums.Grad[0])
		}
		return nil
	},
	numbers: func(s *gradient, narrow bool) [][]gradRow {
		n, c := s.nums, s.chain
		if s.asking() {
			return [][]gradRow{{gradText(quizHidden)}}
		}
		if c.Err != nil {
			return [][]gradRow{{gradText("The chain rule cannot be shown here:"), gradText("%s", c.Err.Error())}}
		}
		yz := []gradRow{gradText("y = f(x₀) = %.6g    z = g(y) = %.6g    dz/dy = g′(y) = %.6g", c.Y, c.Z, c.DZDY)}
		chain := []gradRow{
			gradEquation(gradRowFrac, `\frac{\partial z}{\partial x} = g'(y)\,\nabla f(x_0) =`, `%s \times %s = %s`, model.TeXNum(c.DZDY), model.TeXVec(n.Grad), model.TeXVec(c.Product)),
			gradFormula(gradRowMath, `\text{autodiff of } g \circ f\text{: } %s`, model.TeXVec(c.DZDX)),
		}
		if narrow {
			yz = []gradRow{gradText("y = f(x₀) = %.6g", c.Y), gradText("z = g(y) = %.6g", c.Z), gradText("dz/dy = g′(y) = %.6g", c.DZDY)}
			chain = []gradRow{
				gradEquation(gradRowFrac, `\frac{\partial z}{\partial x} = g'(y)\,\nabla f(x_0) =`, `%s\,\nabla f(x_0) =`, model.TeXNum(c.DZDY)),
				gradText("        %s", model.VecText(c.Product)),
				gradFormula(gradRowMath, `\text{autodiff of } g \circ f\text{:}`), gradText("        %s", model.VecText(c.DZDX)),
			}
		}
		d := 0.0
		for i := range c.Product {
			d = math.Max(d, math.Abs(c.Product[i]-c.DZDX[i]))
		}
		return [][]gradRow{yz, append(chain, gradText("largest difference: %.2g", d))}
	},
	describe: func(s *gradient) string {
		c := s.currentChain()
		if c.Err != nil {
			return "The chain rule cannot be shown: " + c.Err.Error()
		}
		return core.Sprintf("At x₀ = %s, z = g(f(x)) with g(y) = %s: g′(y) = %.6g times the gradient gives %s; autodiff of g∘f gives %s.",
			model.VecText(s.x0), s.fn(1).Prog.Source(), c.DZDY, model.VecText(c.Product), model.VecText(c.DZDX))
	},
	plots: func(s *gradient, geom map[string]viz.Geometry) { geom["g"] = s.gPlot.Geometry() },
}

// gradGHalf is the half width of the g plot's window around y = f(x₀).
const gradGHalf = 2.0

// fitG centres the g plot's window on y = f(x₀) when y is outside its
// middle half, and reports whether it moved.
func (s *gradient) fitG() bool {
	y, w := s.nums.F, s.gWin
	if s.nums.Err != nil || math.IsNaN(y) || math.IsInf(y, 0) || (w.Max > w.Min && math.Abs(y-(w.Min+w.Max)/2) <= gradGHalf/2) {
		return false
	}
	s.gWin = viz.Range{Min: y - gradGHalf, Max: y + gradGHalf}
	return true
}

// buildG builds the plot of g over its window around y = f(x₀); g's
// tangent and the point (y, z) are drawn over it.
func (s *gradient) buildG() *plot.Plot {
	w := s.gWin
	if !(w.Max > w.Min) {
		w = viz.Range{Min: -gradGHalf, Max: gradGHalf}
	}
	zs := model.EvalScalars(s.fn(1), w.Samples(viz.CurveSamples))
	// A y range that shows g over the window.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range zs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	switch {
	case math.IsInf(lo, 0):
		lo, hi = -1, 1
	case !(hi > lo):
		lo, hi = lo-1, lo+1
	}
	pad := 0.12 * (hi - lo)
	p := viz.FunctionPlot(w, zs, viz.Range{Min: lo - pad, Max: hi + pad})
	p.X.Label.Text, p.Y.Label.Text = "y", "z = g(y)"
	p.Title.Text = "g, and its tangent at y = f(x₀)"
	return p
}

// drawG draws g's tangent at y = f(x₀), of slope g′(y) = dz/dy, and the
// point (y, z).
func (s *gradient) drawG(screen *ebiten.Image) {
	c := s.chain
	if c.Err != nil || s.gRect.Empty() {
		return
	}
	sc := s.scale
	clip := screen.SubImage(s.gPlot.DataArea()).(*ebiten.Image)
	g := s.gPlot.Geometry()
	ax, ay := s.gPlot.ToScreen(g.XMin, c.Z+c.DZDY*(g.XMin-c.Y))
	bx, by := s.gPlot.ToScreen(g.XMax, c.Z+c.DZDY*(g.XMax-c.Y))
	viz.Line(clip, ax, ay, bx, by, 2*sc, viz.Th().Tangent)
	px, py := s.gPlot.ToScreen(c.Y, c.Z)
	viz.Dot(clip, px, py, 6*sc, viz.Th().Point)
}
