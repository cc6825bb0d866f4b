package model

import (
	"errors"
	"fmt"
	"math"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// The functions each lesson accepts for f: the lessons (package scenes)
// and their figures (package scenes/figure) check with the same rules.

// The most numbers the gradient and Jacobian lessons show, in and out,
// and the largest size of a coordinate of x₀ they take. They draw each
// coordinate in a window a few units wide around x₀, which at 10¹⁶ is
// narrower than the gap between two numbers; at 10⁶ it still holds
// billions.
const (
	GradMaxDim = 8   // the gradient lesson's inputs in all
	JacMaxDim  = 8   // the Jacobian lesson's inputs in all, and its value
	MaxCoord   = 1e6 // the largest |x₀ᵢ| of both
)

// ScalarInput accepts functions of one number with a number for a value.
func ScalarInput(p *expr.Program) error {
	if len(p.Names()) != 1 || p.Inputs()[0].Rank() != 0 || p.Value().Rank() != 0 {
		return errors.New("this lesson needs a function of one number with a number for a value, like sin(x) with x = 1")
	}
	return nil
}

// GradInput accepts functions of 2 to GradMaxDim numbers in all with a
// number for a value, at coordinates of at most MaxCoord in size.
func GradInput(p *expr.Program) error {
	n := InputEntries(p)
	if n < 2 || n > GradMaxDim || p.Value().Rank() != 0 {
		return fmt.Errorf("this lesson needs a function of 2 to %d numbers with a number for a value (this one: %d numbers → shape %v), like %s", GradMaxDim, n, p.Value().Shape(), GradDefF)
	}
	return coordsWithin(p)
}

// JacInput accepts functions of 1 to JacMaxDim numbers in all with at
// most JacMaxDim numbers for a value, at coordinates of at most MaxCoord
// in size.
func JacInput(p *expr.Program) error {
	n := InputEntries(p)
	if m := p.Value().Len(); n == 0 || n > JacMaxDim || m > JacMaxDim {
		return fmt.Errorf("this lesson needs a function of 1 to %d numbers with at most %d numbers for a value (this one: %d → %d), like %s", JacMaxDim, JacMaxDim, n, m, JacDefF)
	}
	return coordsWithin(p)
}

// coordsWithin returns an error that names the first entry of p's inputs
// that is not a number of at most MaxCoord in size, or nil.
func coordsWithin(p *expr.Program) error {
	for i, t := range p.Inputs() {
		for k, v := range t.Data() {
			if !(math.Abs(v) <= MaxCoord) {
				return errors.New(core.Sprintf("%s = %g is too far out: this lesson draws x₀ in a window a few units wide, and takes coordinates up to %g in size", EntryNames(p.Names()[i], t.Shape())[k], v, float64(MaxCoord)))
			}
		}
	}
	return nil
}

// TensorInput accepts functions with at least one input.
func TensorInput(p *expr.Program) error {
	if len(p.Names()) == 0 {
		return errors.New("this lesson differentiates by an input: type a function of one, like tanh(x)")
	}
	return nil
}

// BPInput accepts functions of at least one input with a scalar value, a
// loss.
func BPInput(p *expr.Program) error {
	if len(p.Names()) == 0 {
		return fmt.Errorf("backpropagation needs an input to differentiate by, like %s", BPDefF)
	}
	if s := p.Value().Shape(); s.Rank() != 0 {
		return fmt.Errorf("backpropagation needs a scalar loss L, and this value has shape %v: wrap it in sum( ) or mean( ), like %s", s, BPDefF)
	}
	return nil
}
