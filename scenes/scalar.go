package scenes

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"net/url"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz"
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
	hSlider  *viz.Slider     // h, on a log scale
	plotRect image.Rectangle // where the plot of f goes
	errRect  image.Rectangle // where the error plot goes
	dragging bool

	plot     *viz.PlotLayer
	errPlot  *viz.ErrorPlot
	errStale bool        // whether errPlot's series are not x₀'s: Draw sets them
	formula  viz.Formula // the current step's formula with live numbers
	numbersL viz.Label   // the current step's numbers

	// The numbers on screen, all from core, recomputed when x₀, h or a
	// function changes.
	nums scalarNums
}

// scalarNums are the scalar lesson's numbers at x₀ and h.
type scalarNums struct {
	f, dfdx    float64 // f(x₀), f′(x₀)
	fh         float64 // f(x₀ + h)
	secant     float64 // (f(x₀+h) − f(x₀)) / h
	approx     float64 // f(x₀) + f′(x₀)·h
	dzdy, dzdx float64 // g′(f(x₀)), (g∘f)′(x₀) by autodiff of the composition
	err        error   // why the numbers could not be computed, or nil
}

// The plotted window, the keyboard steps and h's range.
const (
	scalarXMin, scalarXMax = -2 * math.Pi, 2 * math.Pi
	scalarStep             = 0.05 // arrow key step in x; Shift divides it by 10
	scalarHMax, scalarHMin = 1, 1e-12
	scalarHStep            = 1.7782794100389228 // 10^(1/4): [ and ] move h a quarter decade
)

// secantColor is the Okabe–Ito bluish green, distinct from the curve and the
// tangent for the common colour-vision deficiencies.
var secantColor = color.RGBA{0x00, 0x9e, 0x73, 0xff}

var scalarSteps = []step{
	{"The derivative", "f′(x₀) is the one number a that makes (f(x₀+h) − f(x₀) − a·h) / h go to 0 as h → 0.\n" +
		"The green secant's slope is the difference quotient; shrink h with [ and ] and watch it approach the tangent's slope.\n" +
		"(The text writes f′(x) = lim … = 0; read it as: the limit is 0 exactly when a = f′(x).)"},
	{"Linear approximation", "Near x₀ the tangent line is the best straight-line stand-in for f: f(x₀+h) ≈ f(x₀) + f′(x₀)·h.\n" +
		"The log–log plot shows the error falling with slope 2: halve h and the error drops four times, until round-off."},
	{"Chain rule", "For y = f(x) and z = g(y), dz/dx = dz/dy · dy/dx: two numbers multiplied.\n" +
		"The product of the two derivatives equals the derivative of the composition, which autodiff computes directly."},
}

// scalarInput accepts functions of one number with a number for a value.
func scalarInput(p *expr.Program) error {
	if len(p.Names()) != 1 || p.Inputs()[0].Rank() != 0 || p.Value().Rank() != 0 {
		return errors.New("this lesson needs a function of one number with a number for a value, like sin(x) with x = 1")
	}
	return nil
}

func newScalar(q url.Values) Scene {
	s := &scalar{hSlider: &viz.Slider{Label: "h", Min: scalarHMin, Max: scalarHMax, Log: true, Value: 0.5, Steps: 48}}
	s.lesson = newLesson(q, "The scalar derivative: a function of one number", scalarSteps,
		fieldSpec{label: "f(x) =", def: "sin(x)", defAt: "x = 1", check: scalarInput},
		fieldSpec{key: "g", label: "g(y) =", def: "exp(y)", defAt: "y = 0", check: scalarInput},
	)
	s.lesson.ui.Add(s.hSlider)
	s.x0 = s.fn(0).prog.Inputs()[0].At()
	s.setX0(s.x0)
	s.plot = viz.NewPlotLayer(s.buildPlot)
	s.errPlot = viz.NewErrorPlot(2, func(p *plot.Plot) { p.Title.Text = "error against h" })
	s.compute()
	s.errStale = true
	return s
}

// f evaluates the lesson's function at x, NaN where it is undefined.
func (s *scalar) f(x float64) float64 {
	y, err := core.Eval(s.fn(0).prog.Func(), []*core.Tensor{core.Scalar(x)}, s.fn(0).prog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return y.At()
}

// compute recomputes the numbers on screen from core.
func (s *scalar) compute() {
	n := scalarNums{}
	defer func() { s.nums = n }()
	f, g := s.fn(0), s.fn(1)
	x := []*core.Tensor{core.Scalar(s.x0)}
	y, jac, err := f.eval(x)
	if err != nil {
		n.err = err
		return
	}
	n.f, n.dfdx = y.At(), jac[0].At()
	h := s.h()
	n.fh = s.f(s.x0 + h)
	n.secant = (n.fh - n.f) / h
	n.approx = n.f + n.dfdx*h
	_, gjac, err := g.eval([]*core.Tensor{core.Scalar(n.f)})
	if err != nil {
		n.err = fmt.Errorf("g at y = f(x₀) = %g: %w", n.f, err)
		return
	}
	n.dzdy = gjac[0].At()
	gf, err := compose(g, f)
	if err == nil {
		var zjac []*core.Tensor
		_, zjac, err = core.Jacobian(gf, x, f.prog.Settings(core.Auto))
		if err == nil {
			n.dzdx = zjac[0].At()
		}
	}
	n.err = err
}

func (s *scalar) buildPlot() *plot.Plot {
	p := viz.FunctionPlot(s.f, viz.Range{Min: scalarXMin, Max: scalarXMax}, viz.Range{})
	p.X.Label.Text, p.Y.Label.Text = "x", "f(x)"
	// A y range that shows the curve over the window without its spikes.
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range 401 {
		v := s.f(scalarXMin + float64(i)/400*(scalarXMax-scalarXMin))
		if !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e6 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !(hi > lo) {
		lo, hi = -1, 1
	}
	pad := 0.15 * (hi - lo)
	p.Y.Min, p.Y.Max = lo-pad, hi+pad
	return p
}

// errSeries returns, for h over 10⁰ … 10⁻¹² in quarter decades, the error of
// the linear approximation |f(x₀+h) − f(x₀) − f′(x₀)h| and of the
// difference quotient |(f(x₀+h) − f(x₀))/h − f′(x₀)|.
func (s *scalar) errSeries() (hs, linErr, dqErr []float64) {
	for k := 0; k <= 48; k++ {
		h := math.Pow(10, -float64(k)/4)
		fh := s.f(s.x0 + h)
		hs = append(hs, h)
		linErr = append(linErr, math.Abs(fh-s.nums.f-s.nums.dfdx*h))
		dqErr = append(dqErr, math.Abs((fh-s.nums.f)/h-s.nums.dfdx))
	}
	return hs, linErr, dqErr
}

// setErrors gives the error plot the errors at x₀: the linear
// approximation's, whose slope is 2, and the difference quotient's. Draw
// calls it, once a frame however many ticks moved x₀.
func (s *scalar) setErrors() {
	hs, lin, dq := s.errSeries()
	s.errPlot.Set(
		viz.Series{Name: "linear approximation", Color: viz.Light.Curve, Dots: true, H: hs, Err: lin},
		viz.Series{Name: "difference quotient", Color: secantColor, H: hs, Err: dq},
	)
}

// h is the step of the secant and of the linear approximation.
func (s *scalar) h() float64 { return s.hSlider.Value }

// Layout implements Scene: the plot of f on the left, the error plot, the
// h slider and the formula on the right.
func (s *scalar) Layout(a image.Rectangle, sc float64) {
	s.lesson.layout(a, sc)
	b := s.body
	pad := int(12 * sc)
	split := b.Min.X + b.Dx()*60/100
	s.plotRect = image.Rect(b.Min.X+pad, b.Min.Y+pad, split-pad/2, b.Max.Y-pad)
	s.errRect = image.Rect(split+pad/2, b.Min.Y+pad, b.Max.X-pad, b.Min.Y+b.Dy()*45/100)
	s.hSlider.Rect = image.Rect(s.errRect.Min.X, s.errRect.Max.Y+pad, s.errRect.Max.X, s.errRect.Max.Y+pad+int(44*sc))
}

func (s *scalar) Update(in *viz.Input) error {
	sc := in.Scale
	x0, h := s.x0, s.h()
	s.lesson.handle(in)
	if s.fnChanged {
		s.plot.Invalidate()
	}
	s.plot.Prepare(s.plotRect, sc)

	if dx, _ := in.Arrows(scalarStep); dx != 0 {
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
	s.errPlot.Prepare(s.errRect, sc)
	return nil
}

// Prepare implements Scene: the error series, the formula and the numbers
// follow x₀ and h once a frame, however many ticks moved them.
func (s *scalar) Prepare() error {
	if s.errStale {
		s.setErrors()
		s.errStale = false
	}
	sc := s.scale
	if sc == 0 { // before Update has laid the lesson out
		return nil
	}
	// They render again only when the digits shown change.
	s.numbersL.Set(s.numbers(), 15*sc, viz.Light.Text)
	if err := s.formula.SetTeX(s.formulaTeX(), 18*sc); err != nil {
		return fmt.Errorf("scalar lesson formula: %w", err)
	}
	return nil
}

// formulaTeX returns the current step's formula with the numbers at x₀
// substituted.
func (s *scalar) formulaTeX() string {
	n := s.nums
	if n.err != nil {
		return ""
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }
	switch s.step {
	case 0:
		return fmt.Sprintf(`\frac{f(x_0+h) - f(x_0)}{h} = \frac{%s - %s}{%s} = %s`, g(n.fh), g(n.f), g(s.h()), g(n.secant))
	case 1:
		return fmt.Sprintf(`f(x_0+h) \approx f(x_0) + f'(x_0)\,h = %s + (%s) \cdot %s = %s`,
			g(n.f), g(n.dfdx), g(s.h()), g(n.approx))
	default:
		return fmt.Sprintf(`\frac{dz}{dx} = \frac{dz}{dy} \cdot \frac{dy}{dx} = %s \cdot %s = %s`, g(n.dzdy), g(n.dfdx), g(n.dzdy*n.dfdx))
	}
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
		at := func(x float64) float64 { return n.f + slope*(x-s.x0) }
		ax, ay := s.plot.ToScreen(scalarXMin, at(scalarXMin))
		bx, by := s.plot.ToScreen(scalarXMax, at(scalarXMax))
		viz.Line(clip, ax, ay, bx, by, w*sc, clr)
	}
	if n.err == nil {
		if s.step == 0 {
			line(n.secant, secantColor, 2)
			hx, hy := s.plot.ToScreen(s.x0+s.h(), n.fh)
			viz.Dot(clip, hx, hy, 5*sc, secantColor)
		}
		line(n.dfdx, viz.Light.Tangent, 2)
		px, py := s.plot.ToScreen(s.x0, n.f)
		viz.Dot(clip, px, py, 6*sc, viz.Light.Point)
	}

	// The formula and the numbers for the current step.
	r := s.hSlider.Rect
	x, y := float64(r.Min.X), float64(r.Max.Y)+12*sc
	_, asc, desc := s.formula.Metrics()
	s.formula.Draw(screen, x, y)
	s.numbersL.Draw(screen, x, y+asc+desc+10*sc)
}

// numbers returns the text of the numbers panel for the current step.
func (s *scalar) numbers() string {
	n := s.nums
	if n.err != nil {
		return "Cannot evaluate here:\n" + n.err.Error()
	}
	head := fmt.Sprintf("x₀ = %.6g    f(x₀) = %.6g    f′(x₀) = %.6g\n", s.x0, n.f, n.dfdx)
	switch s.step {
	case 0:
		return head + fmt.Sprintf("h = %.3g\n"+
			"secant slope (f(x₀+h) − f(x₀))/h = %.12g\n"+
			"its distance from f′(x₀) = %.3g", s.h(), n.secant, math.Abs(n.secant-n.dfdx))
	case 1:
		return head + fmt.Sprintf("h = %.3g\n"+
			"f(x₀+h) = %.12g\n"+
			"f(x₀) + f′(x₀)·h = %.12g\n"+
			"error = %.3g", s.h(), n.fh, n.approx, math.Abs(n.fh-n.approx))
	default:
		return head + fmt.Sprintf("dz/dy = g′(y) at y = f(x₀): %.9g\n"+
			"dz/dy · dy/dx = %.12g\n"+
			"dz/dx by autodiff of g(f(x)) = %.12g", n.dzdy, n.dzdy*n.dfdx, n.dzdx)
	}
}

// Describe implements Describer: the numbers of the current step.
func (s *scalar) Describe() []string {
	n := s.nums
	var d string
	switch {
	case n.err != nil:
		d = "It cannot be evaluated at x₀ = " + strconv.FormatFloat(s.x0, 'g', 6, 64) + ": " + n.err.Error()
	case s.step == 0:
		d = fmt.Sprintf("At x₀ = %.6g, f(x₀) = %.6g and f′(x₀) = %.6g. The secant over h = %.3g has slope %.6g.", s.x0, n.f, n.dfdx, s.h(), n.secant)
	case s.step == 1:
		d = fmt.Sprintf("At x₀ = %.6g with h = %.3g, f(x₀ + h) = %.6g; the tangent line gives %.6g, off by %.3g.", s.x0, s.h(), n.fh, n.approx, math.Abs(n.fh-n.approx))
	default:
		d = fmt.Sprintf("At x₀ = %.6g, z = g(f(x)) with g(y) = %s: dy/dx = %.6g times dz/dy = %.6g gives %.6g; autodiff of g∘f gives dz/dx = %.6g.",
			s.x0, s.fn(1).prog.Source(), n.dfdx, n.dzdy, n.dzdy*n.dfdx, n.dzdx)
	}
	return s.describe(d)
}

// Link implements Linker: the functions, the point x₀ and the step.
func (s *scalar) Link() url.Values { return s.link([]*core.Tensor{core.Scalar(s.x0)}) }

func (s *scalar) State() Stater {
	n := s.nums
	st := &ScalarState{
		LessonState: s.lesson.state([]*core.Tensor{core.Scalar(s.x0)}),
		X0:          s.x0, H: s.h(), F: Num(n.f), DFDX: Num(n.dfdx), Secant: Num(n.secant),
		Chain: ScalarChain{DYDX: Num(n.dfdx), DZDY: Num(n.dzdy), Product: Num(n.dzdy * n.dfdx), DZDX: Num(n.dzdx)},
		Plot:  s.plot.Geometry(),
	}
	if n.err != nil {
		st.setError(n.err)
	}
	return st
}
