package scenes

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// tensorStep is one step of the tensor lesson: the frame's title and text,
// and what the step places, does, writes and draws, each hook nil where the
// step has nothing of its own.
type tensorStep struct {
	step
	// layout places the step's widgets, and its pictures when the numbers
	// are good, in the columns s.left and s.right at scale sc.
	layout func(s *tensor, sc float64)
	// keys applies the step's keys when no widget has the focus, and
	// pointer its use of the pointer; on a step without pointer no press
	// picks anything.
	keys, pointer func(s *tensor, in *viz.Input)
	// enter runs when the walk-through arrives at the step with good
	// numbers.
	enter func(s *tensor)
	// state adds the step's part to state().
	state func(s *tensor, st *TensorState)

	// The rest read numbers that are known to be good. formula is the
	// step's formula (TeX); texts are its texts; draw draws them and the
	// step's pictures under the caption; describe gives the step's numbers
	// for screen readers, after the shapes.
	formula  func(s *tensor) string
	texts    func(s *tensor) tensorWords
	draw     func(s *tensor, screen *ebiten.Image)
	describe func(s *tensor) string
}

// tensorSteps are the tensor lesson's steps, in order.
var tensorSteps = []tensorStep{tensorJacobianStep, tensorLinearStep, tensorChainStep, tensorMemoryStep, tensorModesStep}
