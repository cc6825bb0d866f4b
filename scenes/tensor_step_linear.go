package scenes

import (
	"fmt"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// tensorLinearStep is the tensor lesson's second step: y(x + h) beside its
// linear approximation y(x) + (∂y/∂x)·h for a step h of the size the
// slider sets, and the residual against ‖h‖ on log–log axes.
var tensorLinearStep = tensorStep{
	step: step{"Linear approximation", "y(x + h) ≈ y(x) + (∂y/∂x)·h, the product summing over all of x's axes: entry i is the sum over j of ∂y[i]/∂x[j] times h[j]. " +
		"The slider sets the size ‖h‖ of a step h shaped like x. With curvature the residual falls like ‖h‖², " +
		"slope 2 on the log–log plot. For a linear y, like the default x W, only rounding is left: pick tanh(x) or softmax to see slope 2."},
	picture: "Grid", numbers: "Math", extra: "Plot",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		sc, t, w := f.sc, &s.texts, &s.words
		// The two grids side by side, each under its head, and the
		// residual under them, or beside them on a wide body.
		pw, tw := f.pw, f.pw
		if f.row {
			pw, tw = f.beside(f.pw), f.tw
		}
		var grids *layout.Node
		if s.linearShown() {
			half := (pw - tensorGap*sc) / 2
			one := func(head *tensorBlock, text string, g *tensorGrid) *layout.Node {
				return f.column(head.node(text, half, sc), s.gridNode(g, f, f.size(60, 60), half))
			}
			grids = f.line(one(&t.heads[0], w.heads[0], s.trueGrid), one(&t.heads[1], w.heads[1], s.approxGrid))
		}
		if f.row {
			picture = f.line(grids, t.body.node(w.body, tw, sc))
		} else {
			picture = f.column(grids, t.body.node(w.body, tw, sc))
		}
		// The slider, the formula and how h is taken over the residual's
		// plot; on a wide body beside it, and how h is taken beside the
		// rest when there is room; on a small phone the plot on a sheet of
		// its own.
		plot := layout.Leaf(&s.plotRect, f.size(240, 140), f.size(520, 360)).Grow(1)
		slider := func(w float64) *layout.Node {
			return layout.Leaf(&s.hSize.Rect, f.size(200, 44), layout.Size{W: w, H: 44 * sc})
		}
		if nw := math.Min(f.tw, (f.nw-240*sc)/2-tensorGap*sc); f.row && nw >= 200*sc {
			return picture, f.line(f.column(slider(nw), s.formulaNode(f, nw)), t.side.node(w.side, nw, sc), plot), nil
		}
		if f.row {
			return picture, f.line(f.column(slider(f.tw), s.formulaNode(f, f.tw), t.side.node(w.side, f.tw, sc)), plot), nil
		}
		numbers = f.column(slider(f.nw), s.formulaNode(f, f.nw), t.side.node(w.side, f.nw, sc))
		if f.tiny {
			return picture, numbers, plot
		}
		return picture, f.column(numbers, plot), nil
	},
	place: func(s *tensor, sc float64) {
		s.trueGrid.fit(sc, tensorGridNum, 0)
		s.approxGrid.fit(sc, tensorGridNum, 0)
		s.resPlot.Prepare(s.plotRect, sc)
	},
	formula: func(*tensor) string { return `y(x + h) \approx y(x) + \frac{\partial y}{\partial x}\cdot h` },
	texts:   (*tensor).linearTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		s.trueGrid.draw(screen)
		s.approxGrid.draw(screen)
		s.resPlot.Draw(screen)
	},
	describe: func(s *tensor) string {
		l := s.lin
		d := core.Sprintf(" At ‖h‖ = %.3g, y(x + h) and its linear approximation differ by %.3g.", s.hSize.Value, l.Residual)
		if l.Linear {
			d += " y is linear in x: the residual is rounding only."
		} else if !math.IsNaN(l.Slope) {
			d += fmt.Sprintf(" The residual falls with slope %.2f against ‖h‖ on log–log axes.", l.Slope)
		}
		return d
	},
}

// linearShown reports whether y(x + h) and its approximation are drawn as
// grids: when y can be evaluated at x + h and is small enough.
func (s *tensor) linearShown() bool { return s.lin.YH != nil && s.lin.YH.Len() <= tensorDrawMax }

// computeLinear brings the linear approximation to the slider's ‖h‖ when
// it is stale, and gives its grids their tensors for the next Layout.
func (s *tensor) computeLinear() {
	if s.nums.Err != nil || !s.lin.Stale {
		return
	}
	s.lin.Stale = false
	s.lin.Compute(&s.nums, s.hSize.Value)
	s.trueGrid.set(nil)
	s.approxGrid.set(nil)
	if l := s.lin; s.linearShown() {
		s.trueGrid.set(l.YH.Reshape(model.GridShape(l.YH.Shape())...))
		s.approxGrid.set(l.Approx.Reshape(model.GridShape(l.Approx.Shape())...))
	}
	s.relayout()
}

// linearTexts are the step's texts: the heads over the two grids, the
// residual under them, and how h is taken beside the plot.
func (s *tensor) linearTexts() tensorWords {
	l := s.lin
	if l.YH == nil {
		return tensorWords{side: "y cannot be evaluated at x + h."}
	}
	var w tensorWords
	if s.linearShown() {
		w.heads = [3]string{"y(x + h)", "y(x) + (∂y/∂x)·h"}
	}
	w.side = fmt.Sprintf("h = ‖h‖ u, along a fixed random direction u shaped %s. (∂y/∂x)·h comes from one JVP, without forming ∂y/∂x.", model.DimsText(s.nums.X().Shape()))
	w.body = core.Sprintf("At ‖h‖ = %.3g the two differ by %.3g in all: that is ‖y(x+h) − y(x) − (∂y/∂x)·h‖, the residual.", s.hSize.Value, l.Residual)
	if l.Linear {
		w.body += " y is linear (or affine) in x, so (∂y/∂x)·h is exactly the change: only rounding is left, about 10⁻¹⁶, and the plot shows its noise, with no slope."
	} else if !math.IsNaN(l.Slope) {
		w.body += fmt.Sprintf(" It is of order ‖h‖²: the fitted slope is %.2f. Halve ‖h‖ and it falls four times.", l.Slope)
	}
	return w
}
