package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

func init() {
	Register(Entry{ID: "jacobian", Title: "Jacobian", New: newJacobian})
}

// jacobian is the third lesson: f: ℝᴺ → ℝᴹ and its Jacobian J = ∂f/∂x, the
// M×N matrix with Jᵢⱼ = ∂fᵢ/∂xⱼ. The entries of f's inputs, in order, are
// the coordinates of ℝᴺ, and the entries of its value those of ℝᴹ.
//
// For N = M = 2 the lesson shows how f warps the plane: a small square
// around x₀ and its image, beside the parallelogram f(x₀) + J(s − x₀) that
// stands in for it and that the image approaches as the square shrinks. For
// any N, M ≤ 8 it shows J as a grid of numbers, and the chain rule for
// z = g(y), y = f(x): the product (∂z/∂y)(∂y/∂x) played one multiply–add at
// a time, against the Jacobian of g∘f computed directly.
type jacobian struct {
	*lesson
	x0     []float64 // the point: the entries of f's inputs, in order
	coords []string  // the names of the coordinates of x₀
	outs   []string  // the names of the entries of f's value

	// The planes, for N = M = 2.
	planes            bool
	window            [2]viz.Range // the input plane's axes
	size              *viz.Slider  // half the side of the square around x₀, on a log scale
	inPlane, outPlane *viz.PlotLayer
	dragging          bool

	coord int // the coordinate ← and → change when there are no planes

	nums       model.JacNums
	chain      model.JacChain
	chainStale bool // x₀ or a function has changed since the chain rule was computed

	jgrid    *viz.Grid        // J
	anim     *viz.Contraction // (∂z/∂y)(∂y/∂x); nil when the chain rule cannot be shown
	view     *chainView       // the animation's place among the lesson's widgets
	formula  [2]viz.Formula   // the step's formula, on one line or its parts on two
	texts    jacTexts
	errPlot  *viz.ErrorPlot
	errStale bool // whether the error plot's series are not x₀'s: Prepare sets them

	at     jacPlaces // where the sheets put the lesson's parts
	placed bool      // whether the pictures in their places show the numbers at x₀
}

// jacPlaces are where the lesson's sheets put its parts, each written by a
// leaf of a sheet (jacobian_layout.go); a part that is not on show has an
// empty rectangle.
type jacPlaces struct {
	inCap, outCap, in, out image.Rectangle    // the planes' captions and plots
	coords                 []image.Rectangle  // x₀ and f(x₀) in columns, without the planes
	coordsLines            int                // the lines of a column
	head                   [3]image.Rectangle // the step's captions over its pictures
	tex, body, hint        image.Rectangle    // the step's formula, numbers and keys
	grid, zoom, err        image.Rectangle    // J's grid, the zoom box and the error plot
	chain                  [3]image.Rectangle // the chain rule's grids
}

// jacTexts are the lesson's texts, each drawn into a cached image and drawn
// again only when it changes.
type jacTexts struct {
	in, out viz.Label    // the planes' captions
	coords  []viz.Label  // x₀ and f(x₀) in columns, without the planes
	head    [3]viz.Label // the step's captions: three over the chain rule's grids
	body    viz.Label    // the step's numbers and explanations, or why they are missing
	hint    viz.Label    // the chain rule's keys
}

// jacobianStep is one step of the Jacobian lesson: the frame's title and
// text, what the step needs kept up to date, and its hooks for its part of
// the body, beside the planes (or the list of coordinates) that every step
// shows. Its hooks are called only with good numbers at x₀.
type jacobianStep struct {
	step
	errors bool // whether it shows the error plot, whose series Prepare keeps at x₀'s
	chain  bool // whether it shows the chain rule, which Update keeps at x₀, and whose animation Space and F play and finish
	slider bool // whether the planes have the square's slider

	sheets   func(s *jacobian, fit jacFit, sc float64) jacArrange // arranges its sheets: one, or two on a short screen
	layout   func(s *jacobian, sc float64)                        // prepares its pictures where the sheets put them
	texts    func(s *jacobian) jacWords                           // its captions, numbers and keys
	formula  func(s *jacobian) []string                           // its formula in TeX, in parts that may go on lines of their own
	draw     func(s *jacobian, screen *ebiten.Image)              // draws its pictures and texts
	describe func(s *jacobian) string                             // its numbers, for screen readers
	ask      func(s *jacobian) *question                          // the question it asks before it draws, or nil
}

// jacWords are a step's own texts: up to three captions over its
// pictures, its numbers and explanations, and the keys it takes.
type jacWords struct {
	head  [3]string
	body  string
	alarm bool // whether body says why something cannot be shown, in the error colour
	hint  string
}

// jacobianSteps are the lesson's steps: J at x₀, the linear approximation,
// and the chain rule.
var jacobianSteps = []jacobianStep{jacMatrixStep, jacLinearStep, jacChainStep}

// The lesson's limits and keyboard steps.
const (
	jacMaxDim  = model.JacMaxDim // the largest N, M and K the lesson shows
	jacWindow  = 1.0             // the input plane spans x₀ ± jacWindow at the start
	jacLines   = 9               // grid lines each way in the planes
	jacStep    = 0.05            // arrow-key step; Shift divides it by 10
	jacHalf    = 0.25            // the square's half-side at the start: two grid cells across
	jacHalfMin = jacHalf / 128   // the smallest square
	jacHalfMax = 0.5             // the largest square
)

// newJacobian builds the lesson from the page's query: f and at, g, and
// the step.
func newJacobian(q url.Values) Scene {
	s := &jacobian{size: &viz.Slider{Label: "the square's half-side", Min: jacHalfMin, Max: jacHalfMax, Log: true, Value: jacHalf, Steps: 8}}
	s.lesson = newLesson(q, "The Jacobian: f: ℝᴺ → ℝᴹ", frames(jacobianSteps),
		fieldSpec{label: "f(x) =", def: jacDefF, defAt: jacDefAt, check: model.JacInput},
		fieldSpec{key: "g", label: "g(y) =", def: jacDefG, defAt: jacDefY, check: jacOuter},
	)
	s.view = &chainView{anim: &s.anim}
	s.ui.Add(s.size, s.view)
	s.inPlane = viz.NewPlotLayer(s.buildInPlane)
	s.outPlane = viz.NewPlotLayer(s.buildOutPlane)
	s.errPlot = viz.NewErrorPlot(2, func(p *plot.Plot) { p.X.Label.Text = "‖h‖" })
	s.jgrid = viz.NewGrid(nil)
	s.arrange = s.sheets
	s.quiz.ask = func() *question {
		if st := jacobianSteps[s.step]; st.ask != nil && s.nums.Err == nil {
			return st.ask(s)
		}
		return nil
	}
	s.newFunction()
	return s
}

// compute recomputes the numbers at x₀ from core, at once, since state()
// reports them, and marks the chain rule out of date. The grid of J takes
// its new numbers in its place at the next Layout; the sheets are
// arranged again only when f could be evaluated and cannot, or the other
// way round.
func (s *jacobian) compute() {
	failed := s.nums.Err != nil
	s.nums = model.ComputeJac(s.fn(0), s.x0, s.half(), s.planes)
	if (s.nums.Err != nil) != failed {
		s.relayout()
	}
	s.placed = false
	if s.nums.Err != nil {
		s.chain, s.chainStale, s.anim = model.JacChain{Err: s.nums.Err}, false, nil
		return
	}
	s.jgrid.SetTensor(s.nums.Jac)
	s.chainStale = true
}

// half is half the side of the square around x₀.
func (s *jacobian) half() float64 { return s.size.Value }

// Layout implements Scene: the planes (or the list of coordinates), and
// the step's own pictures, where the sheets put them; and the pictures
// again in their places when their numbers changed.
func (s *jacobian) Layout(a image.Rectangle, sc float64) {
	laid := s.lesson.layout(a, sc)
	if laid {
		s.inPlane.Prepare(s.at.in, sc)
		s.outPlane.Prepare(s.at.out, sc)
	}
	if (laid || !s.placed) && s.nums.Err == nil {
		jacobianSteps[s.step].layout(s, sc)
		s.placed = true
	}
}

// Update implements Scene: the text fields and the step buttons, the drag
// and the keys; the numbers follow x₀ at once, and on the chain rule's
// step the chain rule too.
func (s *jacobian) Update(in *viz.Input) error {
	// The square's size is taken before the widgets run: its slider is one.
	fprog, gprog, half := s.fn(0).Prog, s.fn(1).Prog, s.half()
	s.lesson.handle(in)
	switch {
	case s.fn(0).Prog != fprog:
		s.newFunction()
	case s.fn(1).Prog != gprog:
		s.bindOuter()
	}
	x0 := slices.Clone(s.x0)
	s.handlePointer(in)
	if s.ui.Focused() == nil {
		s.handleKeys(in)
	}
	if moved := !slices.Equal(s.x0, x0); moved || s.half() != half {
		s.compute()
		s.errStale = s.errStale || moved
	}
	if jacobianSteps[s.step].chain {
		s.computeChain()
	}
	return nil
}

// Shortcuts implements Shortcutter: the keys handleKeys reads.
func (s *jacobian) Shortcuts() []Shortcut {
	return s.shortcuts(
		Shortcut{"← → ↑ ↓", "move x₀; without the planes, ↑ ↓ pick a coordinate"},
		Shortcut{"+ −", "shrink or grow the square"},
		Shortcut{"Space, F", "chain rule: play or pause the product, finish it"},
	)
}

// handleKeys applies the keys when no widget has the focus: the arrows move
// x₀ and + and − resize the square; on the chain rule's step Space plays or
// pauses the animation and F finishes it.
func (s *jacobian) handleKeys(in *viz.Input) {
	if jacobianSteps[s.step].chain && s.anim != nil {
		if in.TakePress(ebiten.KeySpace) {
			s.anim.Timeline.Toggle()
		}
		if in.TakePress(ebiten.KeyF) {
			s.anim.Timeline.Finish()
		}
	}
	dx, dy := in.Arrows(jacStep)
	if s.planes {
		s.moveTo(s.x0[0]+dx, s.x0[1]+dy)
		if in.Fired(ebiten.KeyEqual) || in.Fired(ebiten.KeyNumpadAdd) {
			s.size.Value = math.Max(jacHalfMin, s.half()/2)
		}
		if in.Fired(ebiten.KeyMinus) || in.Fired(ebiten.KeyNumpadSubtract) {
			s.size.Value = math.Min(jacHalfMax, s.half()*2)
		}
		return
	}
	// Without the planes ↑ and ↓ choose the coordinate that ← and → change.
	n := len(s.x0)
	if dy > 0 {
		s.coord = (s.coord + n - 1) % n
	} else if dy < 0 {
		s.coord = (s.coord + 1) % n
	}
	s.x0[s.coord] += dx
}

// Prepare implements Scene: the error series, the formula and the texts
// follow x₀ once a frame, however many ticks moved it.
func (s *jacobian) Prepare() error {
	st := jacobianSteps[s.step]
	if s.errStale && st.errors {
		ts, errs := model.JacErrors(s.fn(0), s.x0, s.nums)
		s.errPlot.Set(viz.Series{Color: viz.Th().Curve, Dots: true, H: ts, Err: errs})
		s.errStale = false
	}
	sc := s.scale
	if sc == 0 { // before the lesson is laid out
		return nil
	}
	s.setTexts(sc)
	var parts []string
	if s.nums.Err == nil && !s.asking() {
		parts = st.formula(s)
	}
	if err := s.setFormula(parts, sc); err != nil {
		return fmt.Errorf("jacobian lesson formula: %w", err)
	}
	return nil
}

// words returns the step's texts, or why f cannot be evaluated at x₀.
func (s *jacobian) words() jacWords {
	if err := s.nums.Err; err != nil {
		return jacWords{body: "f cannot be evaluated here:\n" + err.Error(), alarm: true}
	}
	return jacobianSteps[s.step].texts(s)
}

// setTexts sets the texts on screen for the step, with the numbers at x₀,
// each wrapped to the width of its place.
func (s *jacobian) setTexts(sc float64) {
	t := &s.texts
	fs := jacTextPx * sc
	if s.planes {
		in, out := s.planeCaptions()
		t.in.Set(wrapTo(in, fs, s.at.inCap), fs, viz.Th().Text)
		t.out.Set(wrapTo(out, fs, s.at.outCap), fs, viz.Th().Text)
	} else {
		cols := s.coordsColumns(s.at.coordsLines, false)
		for len(t.coords) < len(cols) {
			t.coords = append(t.coords, viz.Label{})
		}
		for i, c := range cols {
			t.coords[i].Set(c, jacCoordsPx*sc, viz.Th().Text)
		}
	}
	w := s.words()
	clr := viz.Th().Text
	if w.alarm {
		clr = viz.Th().Error
	}
	for i, h := range w.head {
		t.head[i].Set(wrapTo(h, fs, s.at.head[i]), fs, viz.Th().Text)
	}
	t.body.Set(wrapTo(w.body, fs, s.at.body), fs, clr)
	t.hint.Set(wrapTo(w.hint, jacHintPx*sc, s.at.hint), jacHintPx*sc, viz.Th().Muted)
}

// Draw implements Scene: the frame, the planes or the list of
// coordinates, and the step's pictures and texts, or why f cannot be
// evaluated at x₀.
func (s *jacobian) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	if s.planes {
		s.drawPlanes(screen)
	} else {
		for i, r := range s.at.coords {
			drawAt(screen, &s.texts.coords[i], r)
		}
	}
	if s.nums.Err != nil {
		drawAt(screen, &s.texts.body, s.at.body)
		return
	}
	if !s.asking() {
		jacobianSteps[s.step].draw(s, screen)
	}
}

// Describe implements Describer: the numbers of the current step.
func (s *jacobian) Describe() []string {
	if n := s.nums; n.Err != nil {
		return s.describe("It cannot be evaluated at x₀ = " + model.VecText(s.x0) + ": " + n.Err.Error())
	}
	return s.describe(jacobianSteps[s.step].describe(s))
}

// rowsText writes a matrix's rows, one model.VecText after another.
func rowsText(t *core.Tensor) string {
	rs := rows(t)
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = model.VecText(r)
	}
	return strings.Join(parts, ", ")
}

// jacTeXNum writes v with 4 significant digits, for the formulas.
func jacTeXNum(v float64) string { return model.TeXFloat(v, 4) }

// Link implements Linker: the functions, the point x₀ and the step.
func (s *jacobian) Link() url.Values { return s.link(s.fn(0).InputsAt(s.x0)) }

// State implements Scene: the point, J and det J, the chain rule, the
// animation's progress and, with the planes, their geometry and the square.
func (s *jacobian) State() Stater {
	s.computeChain()
	n, c := s.nums, s.chain
	st := &JacobianState{LessonState: s.lesson.state(s.fn(0).InputsAt(s.x0)), X0: expr.Data(s.x0)}
	st.Focus = s.focus(s.view, "point")
	if n.Err == nil {
		st.Jacobian = rows(n.Jac)
		if len(s.outs) == len(s.x0) {
			det := Num(n.Det)
			st.Det = &det
		}
	}
	if c.Err == nil {
		st.Chain = JacobianChain{DZDY: rows(c.DZDY), DYDX: rows(c.DYDX), Product: rows(c.Product), DZDX: rows(c.DZDX)}
	} else {
		st.Chain = JacobianChain{Error: c.Err.Error()}
	}
	if s.anim != nil {
		st.Animation = s.anim.Progress()
	}
	if s.planes {
		st.Planes = &JacobianPlanes{Input: s.inPlane.Geometry(), Output: s.outPlane.Geometry()}
		st.Square = &JacobianSquare{Half: s.half(), AreaRatio: Num(n.AreaRatio), Gap: Num(n.Gap)}
	}
	if n.Err != nil {
		st.setError(n.Err)
	}
	return st
}

// rows returns a matrix's rows for state(), with null for the entries that
// are not finite.
func rows(t *core.Tensor) []expr.Data {
	c := t.Shape()[1]
	out := make([]expr.Data, t.Shape()[0])
	for i := range out {
		out[i] = expr.Data(t.Data()[i*c : (i+1)*c])
	}
	return out
}
