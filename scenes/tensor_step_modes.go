package scenes

import (
	"fmt"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// tensorModesStep is the tensor lesson's last step: the sweeps that build
// ∂y/∂x in forward mode (a JVP per entry of x) and in reverse mode (a VJP
// per entry of y), timed when the step is reached, against the one VJP a
// loss's gradient takes.
var tensorModesStep = tensorStep{
	step: step{"Forward or reverse", "Building ∂y/∂x takes a forward sweep (a JVP, Jacobian–vector product) per entry of x, a column each, or a backward sweep " +
		"(a VJP, vector–Jacobian product) per entry of y, a row each; automatic differentiation picks the fewer. Both are timed here. A loss is one number, " +
		"so its gradient takes one VJP: that is why training runs in reverse mode. Drag the sizes to see the counts and times change."},
	picture: "Bars", numbers: "Notes",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		sc, t, w := f.sc, &s.texts, &s.words
		// The bars under their caption, and how they were timed under
		// them, beside them on a wide body, or on a small phone with the
		// rest.
		if f.row {
			pw := f.beside(f.pw)
			picture = f.line(f.column(t.caption.node(w.caption, pw, sc), s.barNodes(f, 2, pw, 20)), t.body.node(w.body, f.tw, sc))
			return picture, t.side.node(w.side, f.nw, sc), nil
		}
		picture = f.column(t.caption.node(w.caption, f.pw, sc), s.barNodes(f, 2, f.pw, 20))
		if f.tiny {
			return picture, f.column(t.body.node(w.body, f.nw, sc), t.side.node(w.side, f.nw, sc)), nil
		}
		return f.column(picture, t.body.node(w.body, f.pw, sc)), t.side.node(w.side, f.nw, sc), nil
	},
	enter: func(s *tensor) { s.nums.TimeModes() },
	texts: (*tensor).modeTexts,
	draw:  (*tensor).drawModes,
	describe: func(s *tensor) string {
		n := s.nums
		return fmt.Sprintf(" Building it takes %d JVPs (%s) or %d VJPs (%s); the app picks %s.",
			n.X().Len(), durationText(n.FwdMs), n.Y.Len(), durationText(n.RevMs), core.Auto.Pick(n.Y.Len(), n.X().Len()))
	},
}

// modeTexts are the step's texts: the two modes' counts and times over
// their bars, how they were timed and which mode core picks under them,
// and the one VJP of a loss's gradient on the side.
func (s *tensor) modeTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	w := tensorWords{caption: "Sweeps to build the full Jacobian"}
	w.bars[0] = fmt.Sprintf("forward: %d JVPs, one per entry of %s: %s", n.X().Len(), xn, durationText(n.FwdMs))
	w.bars[1] = fmt.Sprintf("reverse: %d VJPs, one per entry of y: %s", n.Y.Len(), durationText(n.RevMs))
	auto := core.Auto.Pick(n.Y.Len(), n.X().Len())
	how := "Measured just now, building the whole Jacobian each way."
	if !n.Measured {
		how = "Estimated: one sweep of each kind timed just now, times the number of sweeps."
	}
	w.body = fmt.Sprintf("%s\nThe app compares the counts and picks %s mode (reverse on a tie).", how, auto)
	w.side = fmt.Sprintf("The gradient of a loss needs one VJP, whatever the sizes: %s here, against %s for the whole Jacobian.\nThe app pushes blocks of basis vectors through each sweep together, so at small sizes the times grow more slowly than the counts.",
		durationText(n.VJPMs), durationText(math.Min(n.FwdMs, n.RevMs)))
	return w
}

// drawModes draws the counts of sweeps of both modes as bars, the longer
// one full width.
func (s *tensor) drawModes(screen *ebiten.Image) {
	n := s.nums
	counts := []float64{float64(n.X().Len()), float64(n.Y.Len())}
	most := math.Max(counts[0], counts[1])
	for k, c := range counts {
		r := s.barRects[k]
		if r.Empty() {
			continue
		}
		clr := viz.Th().Curve
		if k == 1 {
			clr = viz.Th().Tangent
		}
		viz.FillRectF(screen, float64(r.Min.X), float64(r.Min.Y), math.Max(2*s.scale, float64(r.Dx())*c/most), float64(r.Dy()), clr)
	}
}
