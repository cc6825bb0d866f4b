package scenes

import (
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// jacChainStep is the Jacobian lesson's third step: the chain rule for
// z = g(y), y = f(x), the product (∂z/∂y)(∂y/∂x) played one multiply–add
// at a time, against the Jacobian of g∘f by autodiff.
var jacChainStep = jacobianStep{
	step: step{"Chain rule", "For y = f(x) and z = g(y), ∂z/∂x = (∂z/∂y)(∂y/∂x): (K×M)(M×N) gives K×N, each entry a row times a column.\n" +
		"Press Space to play or pause the product and F to finish it; click the product, or press Tab to reach it, and ← → step it.\n" +
		"The finished product agrees with the Jacobian of z = g(f(x)) that automatic differentiation (autodiff: exact derivatives worked out by the program) computes directly."},
	chain:    true,
	sheets:   (*jacobian).chainSheets,
	layout:   (*jacobian).layoutChain,
	texts:    (*jacobian).chainWords,
	formula:  (*jacobian).chainFormula,
	draw:     (*jacobian).drawChain,
	describe: (*jacobian).describeChain,
	ask:      (*jacobian).askChainShape,
}

// askChainShape asks for the shape of ∂z/∂x before the product is played,
// from the shapes of its factors.
func (s *jacobian) askChainShape() *question {
	s.computeChain()
	c := s.chain
	if c.Err != nil {
		return nil
	}
	k, m, n := c.DZDY.Shape()[0], c.DZDY.Shape()[1], c.DYDX.Shape()[1]
	q := &question{id: "jacobian-chain-shape",
		prompt: fmt.Sprintf("∂z/∂y is %d×%d and ∂y/∂x is %d×%d. What shape is ∂z/∂x?", k, m, m, n)}
	right := fmt.Sprintf("%d×%d", k, n)
	q.choices = shapeChoices(right, [][2]int{{n, k}, {k, m}, {m, n}, {k, 1}, {1, n}})
	q.answer = slices.Index(q.choices, right)
	q.reason = fmt.Sprintf("Each entry of ∂z/∂x is a row of ∂z/∂y times a column of ∂y/∂x, summed over the %d entries of y: "+
		"one entry for each of the %d entries of z (rows) and each of the %d of x (columns).", m, k, n)
	return q
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
// where the old ones were if they had the same shapes, and it catches up
// with the timeline at its next Update.
func (s *jacobian) newAnim() {
	old := s.anim
	s.placed = false
	if s.chain.Err != nil {
		s.anim = nil
		if old != nil {
			s.relayout()
		}
		return
	}
	a := s.contraction()
	if old == nil || !old.A.Tensor().Shape().Equal(a.A.Tensor().Shape()) || !old.B.Tensor().Shape().Equal(a.B.Tensor().Shape()) {
		s.relayout()
	}
	if old != nil && old.Timeline.Len() == a.Timeline.Len() {
		a.Timeline = old.Timeline
	}
	s.anim = a
}

// contraction returns the animation of the chain rule's product, at its
// start.
func (s *jacobian) contraction() *viz.Contraction {
	a := viz.NewContraction(s.chain.DZDY, s.chain.DYDX, []int{1}, []int{0})
	a.Names = [3]string{"∂z/∂y", "∂y/∂x", "∂z/∂x"}
	return a
}

// chainSheets arranges the animation's three grids side by side under
// their captions, the entry being summed and the numbers under them, and
// the keys; on a short screen the numbers go beside the grids, without
// the keys, which the step's text gives too, and on a screen short and
// narrow, a small phone's, on a sheet of their own. The numbers' room is
// the most they take: when the product is complete.
func (s *jacobian) chainSheets(fit jacFit, sc float64) jacArrange {
	w, px := s.chainWords(), jacTextPx*sc
	if s.anim == nil {
		return func(float64) []sheet {
			return []sheet{{"Product", textLeaf(&s.at.body, w.body, px, 240*sc, 460*sc)}}
		}
	}
	c := s.chain
	end := s.contraction()
	end.Timeline.Seek(end.Timeline.Len())
	end.Update(&viz.Input{})
	done := chainText(c, end)
	ms := []*core.Tensor{c.DZDY, c.DYDX, c.Product}
	cell := numberCell(sc, ms...) // one for all: the grids line up
	grids := func(k float64) *layout.Node {
		cols := make([]*layout.Node, 3)
		for i, m := range ms {
			cols[i] = layout.Column(4*sc,
				textLeaf(&s.at.head[i], w.head[i], px, math.Inf(1), math.Inf(1)),
				gridLeaf(&s.at.chain[i], m, cell, k, sc),
			).Grow(float64(m.Shape()[1]))
		}
		return layout.Row(12*sc, cols...)
	}
	side := fit.short && !fit.narrow // the numbers beside the grids
	room := fit.w
	if side {
		room -= grids(1).MinSize().W + 16*sc
	}
	least, pref := numbersTeXSize([]string{chainTeX(c, end.Current())}, room, sc)
	return func(k float64) []sheet {
		tex := layout.Leaf(&s.at.tex, least, pref)
		body := numbersLeaf(&s.at.body, done, px, 240*sc, 460*sc)
		hint := textLeaf(&s.at.hint, w.hint, jacHintPx*sc, 200*sc, 460*sc)
		switch {
		case side:
			return []sheet{{"Product", layout.Row(16*sc, grids(k), layout.Column(jacGap*sc, tex, body))}}
		case fit.short:
			return []sheet{{"Product", layout.Column(jacGap*sc, grids(k), hint)}, {"Numbers", layout.Column(jacGap*sc, tex, body)}}
		}
		return []sheet{{"Product", layout.Column(jacGap*sc, grids(k), tex, body, hint)}}
	}
}

// layoutChain prepares the animation's grids where the sheet put them,
// all with the cells of the one with the smallest, at the top of their
// places, so that they line up.
func (s *jacobian) layoutChain(sc float64) {
	a := s.anim
	if a == nil || s.at.chain[0].Empty() {
		return
	}
	grids := [3]*viz.Grid{a.A, a.B, a.Out}
	cell := math.MaxInt
	for i, g := range grids {
		g.Prepare(s.at.chain[i], sc)
		cell = min(cell, g.CellRect(0, 0).Dx())
	}
	var v image.Rectangle
	for i, g := range grids {
		r, b := s.at.chain[i], g.Bounds()
		rows := g.Tensor().Shape()[0]
		h := b.Dy() - rows*(g.CellRect(0, 0).Dx()-cell)
		g.Prepare(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+h), sc)
		v = v.Union(g.Bounds())
	}
	s.view.rect = v
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
		head: [3]string{fmt.Sprintf("∂z/∂y, %d×%d", k, m), fmt.Sprintf("· ∂y/∂x, %d×%d", m, n), fmt.Sprintf("= ∂z/∂x, %d×%d", k, n)},
		body: chainText(c, s.anim),
		hint: "Space: play or pause · F: finish · click the grids or Shift+Tab, then ← →: step",
	}
}

// chainFormula is the chain rule's formula at the animation's state;
// nothing without the animation.
func (s *jacobian) chainFormula() []string {
	if s.anim == nil {
		return nil
	}
	return []string{chainTeX(s.chain, s.anim.Current())}
}

// chainTeX is the chain rule's formula, in one part: the entry of the
// product c being summed in the animation's state st, with its terms so
// far (the last two of more): (∂z/∂x)ᵢⱼ = a·b + c·d = s.
func chainTeX(c model.JacChain, st viz.ContractionState) string {
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
	return fmt.Sprintf(`\left(\frac{\partial z}{\partial x}\right)_{%d,%d} = %s = %s`, i+1, j+1, strings.Join(terms, " + "), jacTeXNum(st.Sum))
}

// chainText is the multiply–add of the animation a of the product c just
// done and, once the product is complete, how it compares with the
// Jacobian of g∘f.
func chainText(c model.JacChain, a *viz.Contraction) string {
	tl := a.Timeline
	t := fmt.Sprintf("Multiply–add %d of %d:\n%s", tl.Index(), tl.Len(), a.Caption())
	if tl.Index() == tl.Len() {
		var d float64
		for i, v := range c.Product.Data() {
			d = math.Max(d, math.Abs(v-c.DZDX.Data()[i]))
		}
		t += core.Sprintf("\nThe Jacobian of z = g(f(x)) by autodiff differs from this product by at most %.2g.", d)
	}
	return t
}

// drawChain draws the captions of the contraction (∂z/∂y)(∂y/∂x), each
// centred over its grid, which the animation's widget draws; the entry
// being summed, the numbers and the keys.
func (s *jacobian) drawChain(screen *ebiten.Image) {
	t := &s.texts
	if s.anim == nil {
		drawAt(screen, &t.body, s.at.body)
		return
	}
	for i, g := range [3]*viz.Grid{s.anim.A, s.anim.B, s.anim.Out} {
		r := s.at.head[i]
		if r.Empty() {
			continue
		}
		b := g.Bounds()
		w, _ := viz.MeasureText(t.head[i].Text(), jacTextPx*s.scale)
		x := math.Max(float64(r.Min.X), math.Min(float64(r.Max.X)-w, float64(b.Min.X+b.Max.X)/2-w/2))
		t.head[i].Draw(screen, x, float64(r.Min.Y))
	}
	s.drawFormula(screen)
	drawAt(screen, &t.body, s.at.body)
	drawAt(screen, &t.hint, s.at.hint)
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
