package scenes

import (
	"fmt"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
)

// tensorModesStep is the tensor lesson's last step: the sweeps that build
// ∂y/∂x in forward mode (a JVP per entry of x) and in reverse mode (a VJP
// per entry of y), timed when the step is reached, against the one VJP a
// loss's gradient takes.
var tensorModesStep = tensorStep{
	step: step{"Forward or reverse", "A full Jacobian takes one forward sweep (a JVP) per entry of x, giving a column each, or one backward sweep\n" +
		"(a VJP) per entry of y, giving a row each. core's Auto mode picks the fewer sweeps. Both are timed here;\n" +
		"a loss is a single number, so its gradient takes one VJP: that is why training runs in reverse mode."},
	enter: func(s *tensor) { s.nums.TimeModes() },
	texts: (*tensor).modeTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		l := s.left
		s.drawModes(screen)
		s.texts.body.Draw(screen, float64(l.Min.X), float64(l.Min.Y)+(26+2*56)*s.scale)
		s.texts.side.Draw(screen, float64(s.right.Min.X), float64(s.right.Min.Y))
	},
	describe: func(s *tensor) string {
		n := s.nums
		return fmt.Sprintf(" Building it takes %d JVPs (%s) or %d VJPs (%s); core's Auto mode picks %s.",
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
	w.body = fmt.Sprintf("%s\n\ncore's Auto mode compares the counts and picks %s mode\n(reverse on a tie).", how, auto)
	w.side = fmt.Sprintf("The gradient of the loss L needs one VJP only, whatever the sizes:\n%s here, against %s for the whole Jacobian.\n\ncore pushes blocks of basis vectors through each sweep together,\nso for small sizes the times grow more slowly than the counts.",
		durationText(n.VJPMs), durationText(math.Min(n.FwdMs, n.RevMs)))
	return w
}

// drawModes draws the counts of sweeps of both modes as bars, the longer
// one full width, each under its label.
func (s *tensor) drawModes(screen *ebiten.Image) {
	sc := s.scale
	l := s.left
	n := s.nums
	counts := []float64{float64(n.X().Len()), float64(n.Y.Len())}
	most := math.Max(counts[0], counts[1])
	for k, c := range counts {
		y := float64(l.Min.Y) + 26*sc + float64(k)*56*sc
		clr := viz.Light.Curve
		if k == 1 {
			clr = viz.Light.Tangent
		}
		s.texts.bars[k].Draw(screen, float64(l.Min.X), y)
		viz.FillRectF(screen, float64(l.Min.X), y+20*sc, math.Max(2*sc, float64(l.Dx())*c/most), 20*sc, clr)
	}
}
