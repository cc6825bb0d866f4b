package scenes

import (
	"fmt"
	"slices"

	"github.com/jacobianlab/jacobianlab/scenes/model"
)

// askGradShape asks, on the last step of the forward sweep, before the
// backward sweep hands any gradient back, for the shape of ∂L/∂W, W the
// first matrix among the inputs gradient descent moves; nil on the other
// steps, or when no such input is a matrix.
func (s *backprop) askGradShape() *question {
	n := s.net
	if n == nil || s.step != len(n.Needs) {
		return nil
	}
	names := n.Prog.Names()
	params := model.BPParams(names)
	w := -1
	for i := range names {
		if params[i] && n.X[i].Rank() == 2 {
			w = i
			break
		}
	}
	if w < 0 {
		return nil
	}
	sh, name := n.X[w].Shape(), names[w]
	r, c := sh[0], sh[1]
	right := fmt.Sprintf("%d×%d", r, c)
	q := &question{id: "backprop-grad-shape",
		prompt: fmt.Sprintf("The backward sweep is next. L is one number and %s is %s: what shape will ∂L/∂%s have?", name, right, name)}
	q.choices = shapeChoices(right, [][2]int{{c, r}, {1, 1}, {1, r * c}})
	q.answer = slices.Index(q.choices, right)
	q.reason = fmt.Sprintf("L is a single number, so ∂L/∂%s has one entry for each entry of %s, telling how L moves as that entry moves: "+
		"it is laid out like %s, %s, which is why a step of gradient descent can subtract it from %s entry by entry.", name, name, name, right, name)
	return q
}
