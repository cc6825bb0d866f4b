package scenes

import (
	"fmt"
	"slices"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The Jacobian lesson's functions: the f and g it accepts, and how it
// starts over when one of them changes.

// The lesson's default functions and their values.
const (
	jacDefF, jacDefAt = model.JacDefF, model.JacDefAt
	jacDefG, jacDefY  = "tanh([[0.5, 1], [0, 0.5], [-0.5, 0.5]] @ y)", "y = [0, 0]"
	jacAnyG           = "[sum(y^2) / 2, sum(sin(y)), tanh(sum(y))]" // the default g for a y of any shape
)

// jacOuter accepts outer functions of one input with at most jacMaxDim
// numbers for a value.
func jacOuter(p *expr.Program) error {
	if len(p.Names()) != 1 || p.Value().Len() > jacMaxDim {
		return fmt.Errorf("g needs one input, the value y of f, and at most %d numbers for a value, like %s", jacMaxDim, jacDefG)
	}
	return nil
}

// newFunction starts the lesson over for f and g as they are now: the
// point, the names, the planes' window and the animation. Coordinates of
// inputs that f had before, under the same name and shape, keep their
// values.
func (s *jacobian) newFunction() {
	f := s.fn(0).Prog
	old := map[string][]float64{}
	for i, name := range s.coords {
		old[name] = []float64{s.x0[i]}
	}
	s.x0, s.coords = s.x0[:0], s.coords[:0]
	for i, t := range f.Inputs() {
		names := model.EntryNames(f.Names()[i], t.Shape())
		for k, v := range t.Data() {
			if o, ok := old[names[k]]; ok {
				v = o[0]
			}
			s.x0 = append(s.x0, v)
		}
		s.coords = append(s.coords, names...)
	}
	s.outs = model.EntryNames("f", f.Value().Shape())
	planes := len(s.x0) == 2 && len(s.outs) == 2
	in := func(r viz.Range, v float64) bool { return v >= r.Min && v <= r.Max }
	if planes && (!s.planes || !in(s.window[0], s.x0[0]) || !in(s.window[1], s.x0[1])) {
		for i := range s.window {
			s.window[i] = viz.Range{Min: s.x0[i] - jacWindow, Max: s.x0[i] + jacWindow}
		}
	}
	s.planes = planes
	s.coord = 0
	s.bindOuter()
	s.anim = nil
	s.compute()
	s.computeChain()
	s.inPlane.Invalidate()
	s.outPlane.Invalidate()
	s.errStale = true
}

// bindOuter gives g's input the shape of f's value when it has another: g
// is always evaluated at y = f(x₀), so its own value only fixes the shape.
// The default g, made for the default f's two numbers, gives way to one
// that takes any y. An error in the text of g stays on show.
func (s *jacobian) bindOuter() {
	g, y := s.fn(1), s.fn(0).Prog.Value()
	if slices.Equal(g.Prog.Inputs()[0].Shape(), y.Shape()) {
		return
	}
	textErr, src, at := g.Err, g.Prog.Source(), " = "+model.Literal(core.Zeros(y.Shape()...), -1)
	if g.Set(src, g.Prog.Names()[0]+at) != nil && src == jacDefG {
		g.Set(jacAnyG, "y"+at)
	}
	if textErr != nil {
		g.Err = textErr
	}
	s.chainStale = true
}
