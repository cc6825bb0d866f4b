package scenes

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"net/url"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

func init() {
	Register(Entry{ID: "scalar", Title: "Scalar derivative", New: newScalar})
}

// scalar is the first lesson: f: ℝ → ℝ, its tangent line at x₀ and a secant
// through x₀ and x₀ + h, the linear approximation and its error, and the
// chain rule for z = g(f(x)).
type scalar struct {
	*lesson
	x0       float64
	hSlider  *viz.Slider // h, on a log scale
	dragging bool

	// Where the sheets put the plot of f, the error plot, and the formula
	// with the numbers under it.
	plotRect, errRect, textRect image.Rectangle

	plot     *viz.PlotLayer
	errPlot  *viz.ErrorPlot
	errStale bool        // whether errPlot's series are not x₀'s: Prepare sets them
	formula  viz.Formula // the current step's formula with live numbers
	numbersL viz.Label   // the current step's numbers

	// The numbers on screen, all from core, recomputed when x₀, h or a
	// function changes.
	nums model.ScalarNums
}

// The plotted window, the keyboard steps and h's range.
const (
	scalarXMin, scalarXMax = -2 * math.Pi, 2 * math.Pi
	scalarNudge            = 0.05 // arrow key step in x; Shift divides it by 10
	scalarHMax, scalarHMin = 1, 1e-12
	scalarHStep            = 1.7782794100389228 // 10^(1/4): [ and ] move h a quarter decade
)

// secantColor is the Okabe–Ito bluish green, distinct from the curve and the
// tangent for the common colour-vision deficiencies.
var secantColor = color.RGBA{0x00, 0x9e, 0x73, 0xff}

func newScalar(q url.Values) Scene {
	s := &scalar{hSlider: &viz.Slider{Label: "h", Min: scalarHMin, Max: scalarHMax, Log: true, Value: 0.5, Steps: 48}}
	s.lesson = newLesson(q, "The scalar derivative: a function of one number", frames(scalarSteps),
		fieldSpec{label: "f(x) =", def: model.ScalarDefF, defAt: model.ScalarDefAt, check: model.ScalarInput},
		fieldSpec{key: "g", label: "g(y) =", def: "exp(y)", defAt: "y = 0", check: model.ScalarInput},
	)
	s.lesson.ui.Add(s.hSlider)
	s.arrange = s.sheets
	s.quiz.ask = func() *question {
		if st := scalarSteps[s.step]; st.ask != nil && s.nums.Err == nil {
			return st.ask(s, s.nums)
		}
		return nil
	}
	s.x0 = s.fn(0).Prog.Inputs()[0].At()
	s.setX0(s.x0)
	s.plot = viz.NewPlotLayer(s.buildPlot)
	s.errPlot = viz.NewErrorPlot(2, func(p *plot.Plot) { p.Title.Text = "error against h" })
	s.compute()
	s.errStale = true
	return s
}

func (s *scalar) buildPlot() *plot.Plot {
	w := viz.Range{Min: scalarXMin, Max: scalarXMax}
	ys := model.EvalScalars(s.fn(0), w.Samples(viz.CurveSamples))
	// A y range that shows the curve over the window without its spikes.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range ys {
		if !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e6 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !(hi > lo) {
		lo, hi = -1, 1
	}
	pad := 0.15 * (hi - lo)
	p := viz.FunctionPlot(w, ys, viz.Range{Min: lo - pad, Max: hi + pad})
	p.X.Label.Text, p.Y.Label.Text = "x", "f(x)"
	return p
}

// setErrors gives the error plot the errors at x₀: the linear
// approximation's, whose slope is 2, and the difference quotient's.
// Prepare calls it, once a frame however many ticks moved x₀.
func (s *scalar) setErrors() {
	hs, lin, dq := model.ScalarErrors(s.fn(0), s.x0, s.nums)
	s.errPlot.Set(
		viz.Series{Name: "linear approximation", Color: viz.Th().Curve, Dots: true, H: hs, Err: lin},
		viz.Series{Name: "difference quotient", Color: secantColor, H: hs, Err: dq},
	)
}

// h is the step of the secant and of the linear approximation.
func (s *scalar) h() float64 { return s.hSlider.Value }

// Layout implements Scene: the plot of f on the left, the error plot, the
// h slider and the formula on the right.
func (s *scalar) Layout(a image.Rectangle, sc float64) {
	if !s.lesson.layout(a, sc) {
		return
	}
	s.plot.Prepare(s.plotRect, sc)
	s.errPlot.Prepare(s.errRect, sc)
}

// sheets arranges the lesson's body: the plot of f, and the numbers (the
// error plot, the h slider, the formula and the numbers' text); on a
// screen too short for the numbers under the error plot, such as a small
// phone's, the formula and the numbers are a sheet of their own.
func (s *scalar) sheets(sc float64) []sheet {
	sz := func(w, h float64) layout.Size { return layout.Size{W: w * sc, H: h * sc} }
	plot := layout.Leaf(&s.plotRect, sz(260, 220), sz(560, 420)).Grow(3)
	errPlot := layout.Leaf(&s.errRect, sz(260, 160), sz(420, 260)).Grow(1)
	slider := layout.Leaf(&s.hSlider.Rect, sz(200, touchH), sz(420, touchH))
	text := layout.Leaf(&s.textRect, sz(300, scalarTextH), sz(420, scalarTextH))
	// The room under the header, less a bar of two rows of controls and
	// the margins.
	room := float64(s.area.Max.Y-s.header.Max.Y)/sc - 2*(touchH+12) - 12 - 24
	if room < 160+touchH+scalarTextH+2*12 {
		return []sheet{
			{"Plot", plot},
			{"Error", layout.Column(12*sc, errPlot, slider).Grow(2)},
			{"Values", text},
		}
	}
	return []sheet{{"Plot", plot}, {"Numbers", layout.Column(12*sc, errPlot, slider, text).Grow(2)}}
}

// scalarTextH is the height in CSS pixels of the formula and the numbers
// under it: a formula with a fraction, and five lines of numbers.
const scalarTextH = 48 + 10 + 5*1.3*15

func (s *scalar) Update(in *viz.Input) error {
	x0, h := s.x0, s.h()
	s.lesson.handle(in)
	if s.fnChanged {
		s.plot.Invalidate()
	}
	if dx, _ := in.Arrows(scalarNudge); dx != 0 {
		s.setX0(s.x0 + dx)
	}
	if in.Fired(ebiten.KeyBracketLeft) {
		s.hSlider.Value = math.Max(scalarHMin, s.h()/scalarHStep)
	}
	if in.Fired(ebiten.KeyBracketRight) {
		s.hSlider.Value = math.Min(scalarHMax, s.h()*scalarHStep)
	}
	p := in.Pointer
	if p.Pressed && image.Pt(int(p.X), int(p.Y)).In(s.plot.DataArea()) {
		s.dragging = true
	}
	if s.dragging {
		x, _ := s.plot.FromScreen(p.X, p.Y)
		s.setX0(x)
	}
	if !p.Down {
		s.dragging = false
	}
	s.errPlot.Hold(s.dragging)
	if s.x0 != x0 || s.h() != h || s.fnChanged {
		s.compute()
	}
	if s.x0 != x0 || s.fnChanged {
		s.errStale = true
	}
	return nil
}

// Shortcuts implements Shortcutter: the keys Update reads.
func (s *scalar) Shortcuts() []Shortcut {
	return s.shortcuts(
		Shortcut{"← →", "move x₀ (with Shift, in finer steps)"},
		Shortcut{"[ ]", "make h smaller or larger"},
	)
}

// compute recomputes the numbers at x₀ and h from core, at once, since
// state() reports them; the pictures follow them in Prepare.
func (s *scalar) compute() {
	s.nums = model.ComputeScalar(s.fn(0), s.fn(1), s.x0, s.h())
}

// Prepare implements Scene: the error series, the formula and the numbers
// follow x₀ and h once a frame, however many ticks moved them.
func (s *scalar) Prepare() error {
	if s.errStale {
		s.setErrors()
		s.errStale = false
	}
	sc := s.scale
	if sc == 0 { // before the lesson is laid out
		return nil
	}
	// They render again only when the digits shown change.
	st, n := scalarSteps[s.step], s.nums
	numbers, tex := "", ""
	switch {
	case n.Err != nil:
		numbers = "Cannot evaluate here:\n" + n.Err.Error()
	case s.asking():
		numbers = quizHidden
	default:
		numbers = core.Sprintf("x₀ = %.6g    f(x₀) = %.6g    f′(x₀) = %.6g\n", s.x0, n.F, n.DFDX) + st.numbers(s, n)
		tex = st.formula(s, n)
	}
	w := float64(s.textRect.Dx())
	s.numbersL.Set(viz.WrapText(numbers, 15*sc, w), 15*sc, viz.Th().Text)
	if err := fitTeX(&s.formula, tex, 18*sc, 12*sc, w); err != nil {
		return fmt.Errorf("scalar lesson formula: %w", err)
	}
	return nil
}

func (s *scalar) setX0(x float64) {
	s.x0 = math.Max(scalarXMin, math.Min(scalarXMax, x))
}

func (s *scalar) Draw(screen *ebiten.Image) {
	sc := s.scale
	s.lesson.draw(screen)
	s.plot.Draw(screen)
	s.errPlot.Draw(screen)

	n := s.nums
	clip := screen.SubImage(s.plot.DataArea()).(*ebiten.Image)
	line := func(slope float64, clr color.Color, w float64) {
		at := func(x float64) float64 { return n.F + slope*(x-s.x0) }
		ax, ay := s.plot.ToScreen(scalarXMin, at(scalarXMin))
		bx, by := s.plot.ToScreen(scalarXMax, at(scalarXMax))
		viz.Line(clip, ax, ay, bx, by, w*sc, clr)
	}
	if n.Err == nil && !s.plotRect.Empty() {
		if scalarSteps[s.step].secant {
			line(n.Secant, secantColor, 2)
			hx, hy := s.plot.ToScreen(s.x0+s.h(), n.FH)
			viz.Dot(clip, hx, hy, 5*sc, secantColor)
		}
		line(n.DFDX, viz.Th().Tangent, 2)
		px, py := s.plot.ToScreen(s.x0, n.F)
		viz.Dot(clip, px, py, 6*sc, viz.Th().Point)
	}

	// The formula and the numbers for the current step.
	r := s.textRect
	if r.Empty() {
		return
	}
	x, y := float64(r.Min.X), float64(r.Min.Y)
	_, asc, desc := s.formula.Metrics()
	s.formula.Draw(screen, x, y)
	s.numbersL.Draw(screen, x, y+asc+desc+10*sc)
}

// Describe implements Describer: the numbers of the current step.
func (s *scalar) Describe() []string {
	if n := s.nums; n.Err != nil {
		return s.describe("It cannot be evaluated at x₀ = " + strconv.FormatFloat(s.x0, 'g', 6, 64) + ": " + n.Err.Error())
	}
	return s.describe(scalarSteps[s.step].describe(s, s.nums))
}

// Link implements Linker: the functions, the point x₀ and the step.
func (s *scalar) Link() url.Values { return s.link([]*core.Tensor{core.Scalar(s.x0)}) }

func (s *scalar) State() Stater {
	n := s.nums
	st := &ScalarState{
		LessonState: s.lesson.state([]*core.Tensor{core.Scalar(s.x0)}),
		X0:          s.x0, H: s.h(), F: Num(n.F), DFDX: Num(n.DFDX), Secant: Num(n.Secant),
		Chain: ScalarChain{DYDX: Num(n.DFDX), DZDY: Num(n.DZDY), Product: Num(n.DZDY * n.DFDX), DZDX: Num(n.DZDX)},
		Plot:  s.plot.Geometry(),
	}
	if n.Err != nil {
		st.setError(n.Err)
	}
	return st
}
