package scenes

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// gradStep is one step of the gradient lesson: the frame's title and text,
// whether the heat map shows ∂z/∂x beside ∇f, and the step's own part of
// each phase of the scene, for the plots and numbers it shows beside f.
// Only prepare may be nil, for a step whose pictures need nothing done
// once a frame.
type gradStep struct {
	step
	chainArrow bool // the heat map shows ∂z/∂x
	// update follows x₀ and h at a tick, after the numbers; refresh is
	// false on the ticks of a drag that leave the slower pictures behind.
	update func(s *gradient, refresh bool)
	// sheet names the step's plots on the switch, and arrange arranges
	// them, below the numbers or alone on that sheet, at scale sc.
	sheet   string
	arrange func(s *gradient, sc float64, alone bool) *layout.Node
	// prepare brings the step's pictures up to x₀ and h, once a frame.
	prepare func(s *gradient)
	// draw draws the step's plots.
	draw func(s *gradient, screen *ebiten.Image)
	// numbers returns the step's lines of numbers, after f(x₀) and x₀,
	// from numbers at x₀ that are known to be good, in groups that stay
	// together; narrow, for a narrow column, long lines are split and
	// long vectors go on lines of their own.
	numbers func(s *gradient, narrow bool) [][]gradRow
	// describe returns the step's sentence for screen readers, from
	// numbers at x₀ that are known to be good.
	describe func(s *gradient) string
	// plots adds the geometry of the step's plots to state()'s.
	plots func(s *gradient, geom map[string]viz.Geometry)
	// ask is the question the step asks before it shows its plots and
	// numbers, or nil.
	ask func(s *gradient) *question
}

// gradientSteps are the walk-through. The step panel's font lacks ∇, ℝ and
// ∘, so the gradient is named in words there; the numbers beside the
// pictures use the symbols.
var gradientSteps = []gradStep{gradStepGradient, gradStepLinear, gradStepChain}
