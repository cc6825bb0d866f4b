package scenes

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// jacChainStep is the Jacobian lesson's third step: the chain rule for
// z = g(y), y = f(x), the product (∂z/∂y)(∂y/∂x) played one multiply–add
// at a time, against the Jacobian of g∘f by autodiff.
var jacChainStep = jacobianStep{
	step: step{"Chain rule", "For y = f(x) and z = g(y), ∂z/∂x = (∂z/∂y)(∂y/∂x): (K×M)(M×N) gives K×N, each entry a row times a column.\n" +
		"Space plays or pauses the product and F finishes it; click it, or Shift+Tab, and ← → step it.\n" +
		"The finished product agrees with the Jacobian of z = g(f(x)) that autodiff computes directly."},
	chain:    true,
	layout:   (*jacobian).layoutChain,
	texts:    (*jacobian).chainWords,
	formula:  (*jacobian).chainTeX,
	draw:     (*jacobian).drawChain,
	describe: (*jacobian).describeChain,
}

// computeChain computes the chain rule at x₀ if it is out of date, and
// gives it to the animation. Only the chain rule's step and state() need
// it, so a drag on the other steps does not pay for it.
func (s *jacobian) computeChain() {
	if !s.chainStale {
		return
	}
	s.chain, s.chainStale = model.JacChainAt(s.fn(0), s.fn(1), s.x0, s.nums.Val, s.nums.Jac), false
	s.newAnim()
}

// newAnim gives the animation the chain rule's matrices, keeping its
// timeline (where it is, whether it plays, its speed) when their shapes
// are the same. The new animation's grids are placed at the next Layout,
// and it catches up with the timeline at its next Update.
func (s *jacobian) newAnim() {
	s.relayout()
	c := s.chain
	if c.Err != nil {
		s.anim = nil
		return
	}
	a := viz.NewContraction(c.DZDY, c.DYDX, []int{1}, []int{0})
	a.Names = [3]string{"∂z/∂y", "∂y/∂x", "∂z/∂x"}
	if old := s.anim; old != nil && old.Timeline.Len() == a.Timeline.Len() {
		a.Timeline = old.Timeline
	}
	s.anim = a
}

// jacChainGap is the space between the animation's grids, in logical
// pixels.
const jacChainGap = 20

// layoutChain places the animation, when there is one, below the captions
// at the top of r, its three grids side by side.
func (s *jacobian) layoutChain(r image.Rectangle, sc float64) {
	a := s.anim
	if a == nil {
		return
	}
	capH := int(jacCaption * sc)
	v := image.Rect(r.Min.X, r.Min.Y+capH, r.Max.X, r.Min.Y+capH+r.Dy()*45/100)
	s.view.rect = v
	gap := int(jacChainGap * sc)
	w := (v.Dx() - 2*gap) / 3
	for i, g := range []*viz.Grid{a.A, a.B, a.Out} {
		x := v.Min.X + i*(w+gap)
		s.chainX[i] = x
		g.Prepare(image.Rect(x, v.Min.Y, x+w, v.Max.Y), sc)
	}
}

// chainWords are the captions of the three grids, the multiply–add just
// done and the animation's keys; or why the chain rule cannot be shown.
func (s *jacobian) chainWords() jacWords {
	c := s.chain
	if c.Err != nil {
		return jacWords{body: "The chain rule needs g to take f's value:\n" + c.Err.Error(), alarm: true}
	}
	k, m, n := c.DZDY.Shape()[0], c.DZDY.Shape()[1], c.DYDX.Shape()[1]
	return jacWords{
		head: [3]string{fmt.Sprintf("∂z/∂y, %d×%d", k, m), fmt.Sprintf("times ∂y/∂x, %d×%d", m, n), fmt.Sprintf("= ∂z/∂x, %d×%d", k, n)},
		body: s.chainText(),
		hint: "Space: play or pause    F: finish    click it or Shift+Tab, then ← →: step",
	}
}

// chainTeX is the entry of the product being summed, with its terms so
// far (the last two of more): (∂z/∂x)ᵢⱼ = a·b + c·d = s; nothing without
// the animation.
func (s *jacobian) chainTeX() string {
	if s.anim == nil {
		return ""
	}
	c, st := s.chain, s.anim.Current()
	if st.Index == 0 {
		return `\frac{\partial z}{\partial x} = \frac{\partial z}{\partial y}\,\frac{\partial y}{\partial x}`
	}
	out := c.Product.Shape().Unravel(st.Last.Out)
	i, j := out[0], out[1]
	var terms []string
	if st.Terms > 2 {
		terms = append(terms, `\cdots`)
	}
	for k := max(0, st.Terms-2); k < st.Terms; k++ {
		terms = append(terms, model.TeXNum(c.DZDY.At(i, k))+` \cdot `+model.TeXNum(c.DYDX.At(k, j)))
	}
	return fmt.Sprintf(`\left(\frac{\partial z}{\partial x}\right)_{%d,%d} = %s = %s`, i, j, strings.Join(terms, " + "), jacTeXNum(st.Sum))
}

// chainText is the multiply–add just done and, once the product is
// complete, how it compares with the Jacobian of g∘f.
func (s *jacobian) chainText() string {
	c, tl := s.chain, s.anim.Timeline
	t := fmt.Sprintf("Multiply–add %d of %d, counting rows and columns from 0:\n%s", tl.Index(), tl.Len(), s.anim.Caption())
	if tl.Index() == tl.Len() {
		var d float64
		for i, v := range c.Product.Data() {
			d = math.Max(d, math.Abs(v-c.DZDX.Data()[i]))
		}
		t += fmt.Sprintf("\nThe Jacobian of z = g(f(x)) by autodiff differs\nfrom this product by at most %.2g.", d)
	}
	return t
}

// drawChain draws the captions of the contraction (∂z/∂y)(∂y/∂x), whose
// grids its widget draws, the entry being summed and the texts below.
func (s *jacobian) drawChain(screen *ebiten.Image) {
	sc := s.scale
	r := s.right
	x, y := float64(r.Min.X), float64(r.Min.Y)
	t := &s.texts
	if s.anim == nil {
		t.body.Draw(screen, x, y)
		return
	}
	for i := range t.head {
		t.head[i].Draw(screen, float64(s.chainX[i]), y)
	}
	ty := float64(s.view.rect.Max.Y) + 10*sc
	s.formula.Draw(screen, x, ty)
	_, asc, desc := s.formula.Metrics()
	t.body.Draw(screen, x, ty+asc+desc+8*sc)
	t.hint.Draw(screen, x, float64(r.Max.Y)-12*sc)
}

// describeChain gives the product of ∂z/∂y and ∂y/∂x against the Jacobian
// of g∘f, or why the chain rule cannot be shown.
func (s *jacobian) describeChain() string {
	s.computeChain()
	c := s.chain
	if c.Err != nil {
		return "The chain rule cannot be shown: " + c.Err.Error()
	}
	return fmt.Sprintf("At x₀ = %s, z = g(f(x)) with g(y) = %s: the product of ∂z/∂y and ∂y/∂x has rows %s; autodiff of g∘f gives %s.",
		model.VecText(s.x0), s.fn(1).Prog.Source(), rowsText(c.Product), rowsText(c.DZDX))
}
