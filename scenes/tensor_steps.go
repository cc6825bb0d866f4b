package scenes

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// tensorStep is one step of the tensor lesson: the frame's title and text,
// and what the step arranges, places, does, writes and draws, each hook nil
// where the step has nothing of its own.
type tensorStep struct {
	step
	// picture and numbers name the step's sheets on the frame's switch,
	// and extra the one a small phone has besides.
	picture, numbers, extra string
	// keys applies the step's keys when no widget has the focus, and
	// pointer its use of the pointer; on a step without pointer no press
	// picks anything.
	keys, pointer func(s *tensor, in *viz.Input)
	// enter runs when the walk-through arrives at the step with good
	// numbers.
	enter func(s *tensor)
	// state adds the step's part to state().
	state func(s *tensor, st *TensorState)
	// marks are the step's highlights on the Jacobian's grid, which
	// otherwise marks the selected entry and its block.
	marks func(s *tensor) []viz.Highlight
	// ask is the question the step asks before it draws its pictures,
	// or nil.
	ask func(s *tensor) *question
	// play returns the contraction the step plays, with the names over
	// its grids, made anew from good numbers as the step is entered and
	// as they change; nil where the step plays none.
	play func(s *tensor) (a *viz.Contraction, heads [3]string)

	// The rest read numbers that are known to be good. arrange returns the
	// step's picture and numbers for the sheets (tensor_layout.go), and on
	// a small phone what takes the extra sheet; place fits the step's
	// grids and plots in the rectangles the sheets gave them. formula is the
	// step's formula (TeX); texts are its words; draw draws its pictures;
	// describe gives the step's numbers for screen readers, after the
	// shapes.
	arrange  func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node)
	place    func(s *tensor, sc float64)
	formula  func(s *tensor) string
	texts    func(s *tensor) tensorWords
	draw     func(s *tensor, screen *ebiten.Image)
	describe func(s *tensor) string
}

// tensorSteps are the tensor lesson's steps, in order.
//
// The steps' indices are the page's step key and state()'s step: a new
// step goes at the end.
var tensorSteps = []tensorStep{tensorJacobianStep, tensorLinearStep, tensorChainStep, tensorMemoryStep, tensorModesStep, tensorDeriveStep, tensorComposeStep}
