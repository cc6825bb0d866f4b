// Package figure draws each lesson's main picture as a gonum/plot figure,
// for a slide or a student's notes, and writes its formula with numbers
// as LaTeX. The app's Share menu (package scenes) and the export command
// (package main) both make their figures here, from the URL keys of what
// is on show, so the two agree. It imports no Ebiten: the export command
// needs no display.
//
// The figure of each lesson:
//
//   - scalar: f over [−2π, 2π] with its tangent line at x₀;
//   - gradient: for f: ℝ² → ℝ, a heat map of f with its contour lines,
//     x₀ and the gradient there; for more inputs, the slice of f along the
//     gradient, t ↦ f(x₀ + t ∇f/‖∇f‖), with its tangent;
//   - jacobian: for f: ℝ² → ℝ², the image of a square around x₀ under f
//     and under its linear approximation; otherwise the error of the linear
//     approximation against ‖h‖, on log–log axes;
//   - tensor: the Jacobian ∂y/∂x as a heat map, exact zeros white, or
//     for one over 256 rows or columns, the error of the linear
//     approximation against ‖h‖;
//   - backprop: the loss along a step of gradient descent,
//     η ↦ L(θ − η ∇L), with its tangent at η = 0.
package figure

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz/plotkit"
)

// Figure is a lesson's main picture and its formula.
type Figure struct {
	Scene string     // the lesson's id
	Title string     // what the figure shows, in words
	Plot  *plot.Plot // the picture
	TeX   string     // the formula with its numbers, as LaTeX
}

// The formats Write writes.
const (
	SVG = "svg"
	PDF = "pdf"
	PNG = "png"
	TeX = "tex"
)

// Formats are the formats Write writes, as file name extensions.
var Formats = []string{SVG, PDF, PNG, TeX}

// The figure's size: by default, a slide's half at 4:3; at most a poster's.
const (
	DefaultWidth, DefaultHeight = 6 * vg.Inch, 4.5 * vg.Inch
	MinSide, MaxSide            = 1 * vg.Inch, 40 * vg.Inch
	pngDPI                      = 192 // dots per inch of a PNG: sharp on a projector
)

// The colours of the figures: the Okabe–Ito palette the app draws with,
// which stays distinct under the common forms of colour blindness.
var (
	curveColor   = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	tangentColor = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	pointColor   = color.RGBA{0x1b, 0x1f, 0x24, 0xff}
	mutedColor   = color.RGBA{0x5f, 0x67, 0x70, 0xff}
)

// A lessonFigure builds a lesson's figure from its function.
type lessonFigure struct {
	def, defAt func() string                            // the default function and values
	check      func(*expr.Program) error                // what the figure needs of the function
	build      func(f *model.Function) (*Figure, error) // the figure
}

// lessons are the figures by lesson id.
var lessons = map[string]lessonFigure{
	"scalar":   {constant(model.ScalarDefF), constant(model.ScalarDefAt), model.ScalarInput, scalarFigure},
	"gradient": {constant(model.GradDefF), constant(model.GradDefAt), model.GradInput, gradientFigure},
	"jacobian": {constant(model.JacDefF), constant(model.JacDefAt), model.JacInput, jacobianFigure},
	"tensor":   {model.TensorDefF, constant(model.TensorDefAt), all(model.TensorInput, needs(1, maxEntries, 1, maxEntries)), tensorFigure},
	"backprop": {constant(model.BPDefF), func() string { return model.BPDefAt }, all(model.BPInput, needs(1, maxEntries, 1, 1)), backpropFigure},
}

// Scenes are the lessons that have a figure, in the app's order.
var Scenes = []string{"scalar", "gradient", "jacobian", "tensor", "backprop"}

// maxEntries is the most entries of a function's inputs, and of its
// value, that the tensor and backprop lessons' figures take.
const maxEntries = 4096

func constant(s string) func() string { return func() string { return s } }

// all returns a check that a function passes each of checks, in turn.
func all(checks ...func(*expr.Program) error) func(*expr.Program) error {
	return func(p *expr.Program) error {
		for _, c := range checks {
			if err := c(p); err != nil {
				return err
			}
		}
		return nil
	}
}

// needs returns a check that a function's inputs have lo to hi entries in
// all and its value vlo to vhi.
func needs(lo, hi, vlo, vhi int) func(*expr.Program) error {
	return func(p *expr.Program) error {
		n, m := model.InputEntries(p), p.Value().Len()
		if n < lo || n > hi || m < vlo || m > vhi {
			return fmt.Errorf("this figure needs a function of %s with %s for a value; %s takes %d and gives %d",
				numbers(lo, hi), numbers(vlo, vhi), p.Source(), n, m)
		}
		return nil
	}
}

// numbers says how many numbers lo to hi are, in words.
func numbers(lo, hi int) string {
	switch {
	case lo == 1 && hi == 1:
		return "one number"
	case lo == hi:
		return fmt.Sprintf("%d numbers", lo)
	}
	return fmt.Sprintf("%d to %d numbers", lo, hi)
}

// FromQuery returns the figure of the lesson the URL keys q show: scene
// (scalar by default), f and at, or for the tensor lesson without f, item
// and its sizes by name. Other keys are the app's, and do not change the
// figure. A scene without a figure, or a function that does not compile
// or does not suit the lesson, is an error, and so is a panic on the way
// (see recovered).
func FromQuery(q url.Values) (fig *Figure, err error) {
	defer recovered(&err)
	scene := q.Get("scene")
	if scene == "" {
		scene = Scenes[0]
	}
	l, ok := lessons[scene]
	if !ok {
		return nil, fmt.Errorf("there is no lesson %q: the lessons are %s", scene, strings.Join(Scenes, ", "))
	}
	var f *model.Function
	if scene == "tensor" && q.Get("f") == "" && q.Get("item") != "" {
		p, err := tensorItem(q)
		if err == nil {
			err = l.check(p)
		}
		if err != nil {
			return nil, err
		}
		f = &model.Function{Prog: p}
	} else if f = model.FunctionFromQuery(url.Values{"f": {q.Get("f")}, "at": {q.Get("at")}}, l.def(), l.defAt(), l.check); f.Err != nil {
		return nil, f.Err
	}
	if fig, err = l.build(f); err != nil {
		return nil, err
	}
	fig.Scene = scene
	style(fig.Plot)
	return fig, nil
}

// maxSize is the largest size of a gallery item's dimension, as the
// tensor lesson's memory meter takes.
const maxSize = 1024

// tensorItem compiles the tensor lesson's gallery item named by q's item
// key, at the sizes its keys by name give (the item's defaults for the
// others).
func tensorItem(q url.Values) (*expr.Program, error) {
	key := q.Get("item")
	i, ok := model.ItemByKey(key)
	if !ok {
		keys := make([]string, len(model.TensorGallery))
		for k, it := range model.TensorGallery {
			keys[k] = it.Key
		}
		return nil, fmt.Errorf("there is no item %q in the tensor lesson's gallery: the items are %s", key, strings.Join(keys, ", "))
	}
	it := &model.TensorGallery[i]
	d := slices.Clone(it.Defs)
	for k, name := range it.Dims {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxSize {
				return nil, fmt.Errorf("the size %s = %q is not a whole number from 1 to %d", name, v, maxSize)
			}
			d[k] = n
		}
	}
	return it.Compile(d)
}

// style sets the plot's type as the app's, with its legend's, and has
// all its text draw a norm's double bar as the app does (doubleBarText).
func style(p *plot.Plot) {
	plotkit.Style(p)
	p.Legend.TextStyle.Font = p.X.Tick.Label.Font
	for _, sty := range []*text.Style{&p.Title.TextStyle, &p.Legend.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label} {
		sty.Handler = doubleBarText{sty.Handler}
	}
}

// doubleBarText is a text handler that writes ‖, the double bar of a
// norm, as ||, which is how the app draws it (viz/mathtex.DoubleBar):
// Liberation's own ‖ is two thin strokes close together, too short, and
// ‖h‖ reads as "llhll". The figure's formats draw their text themselves,
// so the bars are changed in the text.
type doubleBarText struct{ text.Handler }

// bars replaces each ‖ in txt with ||.
func bars(txt string) string { return strings.ReplaceAll(txt, "‖", "||") }

// Lines implements text.Handler.
func (h doubleBarText) Lines(txt string) []string { return h.Handler.Lines(bars(txt)) }

// Box implements text.Handler.
func (h doubleBarText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	return h.Handler.Box(bars(txt), fnt)
}

// Draw implements text.Handler.
func (h doubleBarText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	h.Handler.Draw(c, bars(txt), sty, pt)
}

// Write writes the figure in format (svg, pdf, png or tex) to w, at the
// size width × height (ignored for tex). Nothing is written when it fails,
// a panic in gonum/plot included (see recovered).
func (fig *Figure) Write(w io.Writer, format string, width, height vg.Length) (err error) {
	defer recovered(&err)
	if format == TeX {
		_, err := io.WriteString(w, fig.TeX+"\n")
		return err
	}
	if !(width >= MinSide && width <= MaxSide && height >= MinSide && height <= MaxSide) {
		return fmt.Errorf("a figure is %v to %v a side, not %v × %v", MinSide, MaxSide, width, height)
	}
	if err := checkAxes(fig.Plot); err != nil {
		return err
	}
	var buf bytes.Buffer
	switch format {
	case SVG, PDF:
		if err := writeVector(&buf, fig.Plot, width, height, format); err != nil {
			return err
		}
	case PNG:
		if err := writePNG(&buf, fig.Plot, width, height); err != nil {
			return err
		}
	default:
		return fmt.Errorf("cannot write a figure as %q: the formats are %s", format, strings.Join(Formats, ", "))
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// recovered, deferred, turns a panic into the error *err, for FromQuery
// and Write, which the export command and the app's Share menu call: a
// figure that cannot be drawn is then an error message there, not a
// crash of the command or the page.
func recovered(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("internal error: the figure could not be made (%v)", r)
	}
}

// checkAxes returns an error unless gonum/plot can mark each axis of p:
// after it makes its range whole as Plot.Draw does (an infinite end is 0,
// and a range of one value is widened by 1 each way), the range must be
// finite and not empty, and above zero on a log scale. Short of that,
// gonum/plot's search for tick marks never ends or panics.
func checkAxes(p *plot.Plot) error {
	for _, a := range []struct {
		name string
		ax   *plot.Axis
	}{{"x", &p.X}, {"y", &p.Y}} {
		lo, hi := a.ax.Min, a.ax.Max
		if math.IsInf(lo, 0) {
			lo = 0
		}
		if math.IsInf(hi, 0) {
			hi = 0
		}
		lo, hi = math.Min(lo, hi), math.Max(lo, hi)
		if lo == hi {
			lo, hi = lo-1, hi+1
		}
		_, log := a.ax.Scale.(plot.LogScale)
		if !(hi > lo) || math.IsInf(hi-lo, 0) || (log && !(lo > 0)) {
			return errors.New(core.Sprintf("the figure cannot be drawn: its %s axis would run from %g to %g", a.name, a.ax.Min, a.ax.Max))
		}
	}
	return nil
}

// errNoNumbers is the error of a function that cannot be evaluated at its
// values.
var errNoNumbers = errors.New("the function cannot be evaluated at these values")

// errNotFinite is the error of a function whose value or derivative at its
// values is too large for a number, or not a number.
var errNotFinite = errors.New("the function's value or derivative at these values is not a finite number")

// finite reports whether each of vs is a finite number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// g5 writes v with five significant digits, for the formulas, in plain
// notation (a power of ten as \times 10^{n}).
func g5(v float64) string { return core.TeXSprintf("%.5g", v) }

// texVector writes v as a LaTeX column vector.
func texVector(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = g5(x)
	}
	return `\begin{pmatrix} ` + strings.Join(s, ` \\ `) + ` \end{pmatrix}`
}

// line returns a plotter of the straight line through (x0, y0) with the
// given slope over [lo, hi], in the tangent colour, or nil if it has no
// finite points.
func line(x0, y0, slope, lo, hi float64) plot.Plotter {
	l, err := plotter.NewLine(plotter.XYs{{X: lo, Y: y0 + slope*(lo-x0)}, {X: hi, Y: y0 + slope*(hi-x0)}})
	if err != nil {
		return nil
	}
	l.Color, l.Width = tangentColor, vg.Points(2)
	return l
}

// point returns a plotter of a dot at (x, y).
func point(x, y float64) plot.Plotter {
	s, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return nil
	}
	s.GlyphStyle = draw.GlyphStyle{Color: pointColor, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
	return s
}

// addAll adds the plotters that are not nil to p.
func addAll(p *plot.Plot, ps ...plot.Plotter) {
	for _, x := range ps {
		if x != nil {
			p.Add(x)
		}
	}
}

// curve returns the plot of f over [lo, hi] in the curve colour, with its
// y range fitted to the finite values of f there, and the tangent at x0.
func curve(f func(float64) float64, lo, hi, x0, y0, slope float64) *plot.Plot {
	p := plot.New()
	p.Add(plotter.NewGrid())
	fn := plotter.NewFunction(f)
	fn.Color, fn.Width, fn.Samples = curveColor, vg.Points(2.5), 400
	p.Add(fn)
	addAll(p, line(x0, y0, slope, lo, hi), point(x0, y0))
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for i := range 401 {
		v := f(lo + float64(i)/400*(hi-lo))
		if !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e6 {
			ylo, yhi = math.Min(ylo, v), math.Max(yhi, v)
		}
	}
	if !(yhi > ylo) { // a range around y0 that its size cannot swallow
		d := math.Max(1, math.Abs(y0)/2)
		ylo, yhi = y0-d, y0+d
	}
	pad := 0.15 * (yhi - ylo)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, ylo-pad, yhi+pad
	return p
}

// scalarFigure is f over [−2π, 2π] with its tangent at x₀.
func scalarFigure(f *model.Function) (*Figure, error) {
	x0 := f.Prog.Inputs()[0].At()
	g := model.FunctionFromQuery(nil, "exp(y)", "y = 0", nil)
	n := model.ComputeScalar(f, g, x0, 1e-3)
	if n.Err != nil || math.IsNaN(n.F) {
		return nil, errNoNumbers
	}
	if !finite(n.F, n.DFDX) {
		return nil, errNotFinite
	}
	fx := func(x float64) float64 { return model.EvalScalar(f, x) }
	lo, hi := math.Min(-2*math.Pi, x0-1), math.Max(2*math.Pi, x0+1)
	p := curve(fx, lo, hi, x0, n.F, n.DFDX)
	name := f.Prog.Names()[0]
	p.X.Label.Text, p.Y.Label.Text = name, "f("+name+")"
	p.Title.Text = fmt.Sprintf("f(%s) = %s and its tangent at %s₀ = %s", name, f.Prog.Source(), name, g5(x0))
	tex := fmt.Sprintf(`f(x_0) = %s, \quad f'(x_0) = %s, \quad f(x_0 + h) \approx %s + %s\,h`, g5(n.F), g5(n.DFDX), g5(n.F), g5(n.DFDX))
	return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
}

// x0Of returns the entries of f's inputs, in order.
func x0Of(f *model.Function) []float64 {
	var x []float64
	for _, t := range f.Prog.Inputs() {
		x = append(x, t.Data()...)
	}
	return x
}

// gradient returns f's value and gradient at x0.
func gradient(f *model.Function, x0 []float64) (model.GradNums, error) {
	n := model.ComputeGrad(f, x0, make([]float64, len(x0)))
	if n.Err != nil || math.IsNaN(n.F) {
		return n, errNoNumbers
	}
	if !finite(n.F) || !finite(n.Grad...) {
		return n, errNotFinite
	}
	return n, nil
}

// gradientFigure is the heat map of f: ℝ² → ℝ with x₀ and the gradient,
// or the slice along the gradient for more inputs.
func gradientFigure(f *model.Function) (*Figure, error) {
	x0 := x0Of(f)
	n, err := gradient(f, x0)
	if err != nil {
		return nil, err
	}
	tex := `\nabla f(x_0) = ` + texVector(n.Grad) + fmt.Sprintf(`, \quad f(x_0) = %s`, g5(n.F))
	if len(x0) == 2 {
		p := heatMap(func(x, y float64) float64 { return model.GradEval(f, []float64{x, y}) }, x0, 2)
		arrow, err := plotter.NewLine(plotter.XYs{{X: x0[0], Y: x0[1]}, {X: x0[0] + n.Grad[0], Y: x0[1] + n.Grad[1]}})
		if err == nil {
			arrow.Color, arrow.Width = tangentColor, vg.Points(2.5)
			p.Add(arrow)
		}
		addAll(p, point(x0[0], x0[1]))
		names := model.EntryNames(f.Prog.Names()[0], f.Prog.Inputs()[0].Shape())
		if len(names) == 2 {
			p.X.Label.Text, p.Y.Label.Text = names[0], names[1]
		}
		p.Title.Text = fmt.Sprintf("f = %s, its contours and its gradient at x₀", f.Prog.Source())
		return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
	}
	norm := math.Sqrt(dot(n.Grad, n.Grad))
	u := make([]float64, len(x0))
	for i, g := range n.Grad {
		if norm > 0 {
			u[i] = g / norm
		}
	}
	along := func(t float64) float64 { return model.GradEval(f, axpy(x0, t, u)) }
	p := curve(along, -2, 2, 0, n.F, norm)
	p.X.Label.Text, p.Y.Label.Text = "t", "f(x₀ + t u)"
	p.Title.Text = fmt.Sprintf("f = %s along its gradient's direction u: slope %s", f.Prog.Source(), g5(norm))
	return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
}

// dot returns the dot product of a and b.
func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// axpy returns x + t·u.
func axpy(x []float64, t float64, u []float64) []float64 {
	y := make([]float64, len(x))
	for i := range y {
		y[i] = x[i] + t*u[i]
	}
	return y
}

// jacobianFigure is the image of a square around x₀ under f and under its
// linear approximation for f: ℝ² → ℝ², or the error plot.
func jacobianFigure(f *model.Function) (*Figure, error) {
	x0 := x0Of(f)
	n := model.ComputeJac(f, x0, 0.5, len(x0) == 2)
	if n.Err != nil {
		return nil, errNoNumbers
	}
	tex := `J = ` + texMatrix(n.Jac.Data(), n.Jac.Shape()[0], n.Jac.Shape()[1])
	if len(x0) == 2 && len(n.Y) == 2 {
		tex += fmt.Sprintf(`, \quad \det J = %s`, g5(n.Det))
		p := plot.New()
		p.Add(plotter.NewGrid())
		addAll(p,
			polygon(n.Image, curveColor, nil),
			polygon(n.Linear, tangentColor, []vg.Length{vg.Points(6), vg.Points(4)}),
			point(n.Y[0], n.Y[1]))
		p.X.Label.Text, p.Y.Label.Text = "f₁", "f₂"
		p.Title.Text = "a square around x₀ under f (solid) and under f(x₀) + J h (dashed)"
		p.Legend.Top = true
		return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
	}
	ts, errs := model.JacErrors(f, x0, n)
	p, err := errorPlot(ts, errs)
	if err != nil {
		return nil, err
	}
	return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
}

// jacMapMax is the most rows or columns of a Jacobian the tensor
// lesson's figure shows as a heat map: beyond, the cells would be
// thinner than a line.
const jacMapMax = 256

// tensorFigure is the Jacobian ∂y/∂x of the tensor lesson's function
// with respect to its first input, as a heat map, or the error of the
// linear approximation for a Jacobian too large to show.
func tensorFigure(f *model.Function) (*Figure, error) {
	x0 := x0Of(f)
	n := model.ComputeJac(f, x0, 0, false)
	if n.Err != nil {
		return nil, errNoNumbers
	}
	x := f.Prog.Inputs()[0]
	m, cols := n.Jac.Shape()[0], n.Jac.Shape()[1]
	j := matGrid{rows: m, cols: x.Len(), stride: cols, d: n.Jac.Data()}
	shape := fmt.Sprintf(`\quad \text{shape } %s`, strings.ReplaceAll(model.DimsText(slices.Concat(f.Prog.Value().Shape(), x.Shape())), "×", `\times`))
	if m > jacMapMax || x.Len() > jacMapMax {
		ts, errs := model.JacErrorsAlong(f, x0, n, skew(len(x0)))
		p, err := errorPlot(ts, errs)
		if err != nil {
			return nil, err
		}
		tex := fmt.Sprintf(`f(x_0 + h) \approx f(x_0) + \frac{\partial f}{\partial x}\, h, \quad \text{error } %s \text{ at } \|h\| = %s,`, g5(errs[0]), g5(ts[0])) + shape
		return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
	}
	tex := `\frac{\partial y}{\partial ` + f.Prog.Names()[0] + `}`
	if m <= texMaxSide && x.Len() <= texMaxSide {
		tex += ` = ` + texMatrix(j.flat(), m, x.Len())
	}
	tex += `,` + shape
	a := 0.0
	for _, v := range j.flat() {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			a = math.Max(a, math.Abs(v))
		}
	}
	// The colours run from -a to a: at most a quarter of the largest
	// number each way, so that their range is a number too. Entries past
	// it, infinite ones among them, take the colour of its end.
	if a == 0 {
		a = 1
	}
	a = min(a, math.MaxFloat64/4)
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-a)
	cm.SetMax(a)
	pal := cm.Palette(64)
	h := plotter.NewHeatMap(j, pal)
	h.Min, h.Max, h.NaN = -a, a, color.White
	h.Underflow, h.Overflow = pal.Colors()[0], pal.Colors()[len(pal.Colors())-1]
	p := plot.New()
	p.Add(h)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(x.Len())-0.5, -0.5, float64(m)-0.5
	p.X.Tick.Marker, p.Y.Tick.Marker = indexTicks(x.Len(), false), indexTicks(m, true)
	p.X.Label.Text = "j, an entry of " + f.Prog.Names()[0] + " in reading order"
	p.Y.Label.Text = "i, an entry of y"
	p.Title.Text = fmt.Sprintf("∂y/∂%s for y = %s, exact zeros white", f.Prog.Names()[0], f.Prog.Source())
	return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
}

// indexTicks labels about eight of n cells 0, 1, … from the left, or
// from the top when down is set.
func indexTicks(n int, down bool) plot.ConstantTicks {
	step := max(1, (n+7)/8)
	var ticks plot.ConstantTicks
	for i := 0; i < n; i += step {
		v := float64(i)
		if down {
			v = float64(n - 1 - i)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(i)})
	}
	return ticks
}

// matGrid is the first cols columns of a row-major matrix with stride
// columns a row, as a plotter.GridXYZ whose first row is at the top, its
// exact zeros NaN (drawn white).
type matGrid struct {
	rows, cols, stride int
	d                  []float64
}

func (g matGrid) Dims() (c, r int) { return g.cols, g.rows }
func (g matGrid) Z(c, r int) float64 {
	if v := g.d[(g.rows-1-r)*g.stride+c]; v != 0 {
		return v
	}
	return math.NaN()
}
func (g matGrid) X(c int) float64 { return float64(c) }
func (g matGrid) Y(r int) float64 { return float64(r) }

// flat returns the grid's entries, row by row from the top, zeros as 0.
func (g matGrid) flat() []float64 {
	out := make([]float64, 0, g.rows*g.cols)
	for i := range g.rows {
		out = append(out, g.d[i*g.stride:i*g.stride+g.cols]...)
	}
	return out
}

// skew returns a unit vector of n entries that favours no axis and no
// symmetry of a tensor's entries: a step along the diagonal would see
// nothing of softmax, which does not change when all its inputs grow
// alike.
func skew(n int) []float64 {
	u := make([]float64, n)
	for j := range u {
		u[j] = math.Sin(float64(j) + 1)
	}
	norm := math.Sqrt(dot(u, u))
	for j := range u {
		u[j] /= norm
	}
	return u
}

// backpropFigure is the loss along a gradient-descent step.
func backpropFigure(f *model.Function) (*Figure, error) {
	x0 := x0Of(f)
	n, err := gradient(f, x0)
	if err != nil {
		return nil, err
	}
	g2 := dot(n.Grad, n.Grad)
	down := make([]float64, len(n.Grad))
	for i, g := range n.Grad {
		down[i] = -g
	}
	loss := func(eta float64) float64 { return model.GradEval(f, axpy(x0, eta, down)) }
	p := curve(loss, 0, 1, 0, n.F, -g2)
	p.X.Label.Text, p.Y.Label.Text = "learning rate η", "loss after a step of η"
	p.Title.Text = fmt.Sprintf("the loss along a step of gradient descent: slope %s at η = 0", g5(-g2))
	tex := fmt.Sprintf(`L(\theta) = %s, \quad \|\nabla L\|^2 = %s, \quad L(\theta - \eta \nabla L) \approx %s - %s\,\eta`, g5(n.F), g5(g2), g5(n.F), g5(g2))
	return &Figure{Title: p.Title.Text, Plot: p, TeX: tex}, nil
}

// texMaxSide is the most rows or columns of a matrix the formula writes.
const texMaxSide = 8

// texMatrix writes the m×n matrix of row-major entries d as LaTeX, or its
// shape alone when it is larger than texMaxSide a side.
func texMatrix(d []float64, m, n int) string {
	if m > texMaxSide || n > texMaxSide {
		return fmt.Sprintf(`\text{(%d × %d)}`, m, n)
	}
	rows := make([]string, m)
	for i := range m {
		r := make([]string, n)
		for j := range n {
			r[j] = g5(d[i*n+j])
		}
		rows[i] = strings.Join(r, " & ")
	}
	return `\begin{pmatrix} ` + strings.Join(rows, ` \\ `) + ` \end{pmatrix}`
}

// polygon returns the closed line through pts, or nil if it has none.
func polygon(pts [][2]float64, c color.Color, dashes []vg.Length) plot.Plotter {
	xy := make(plotter.XYs, 0, len(pts))
	for _, q := range pts {
		if !math.IsNaN(q[0]) && !math.IsNaN(q[1]) && !math.IsInf(q[0], 0) && !math.IsInf(q[1], 0) {
			xy = append(xy, plotter.XY{X: q[0], Y: q[1]})
		}
	}
	if len(xy) > 0 {
		xy = append(xy, xy[0])
	}
	l, err := plotter.NewLine(xy)
	if err != nil || len(xy) < 3 {
		return nil
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(2), dashes
	return l
}

// errorPlot plots errs against ts on log–log axes, with a dashed line of
// slope 2 for comparison.
func errorPlot(ts, errs []float64) (*plot.Plot, error) {
	xy := plotter.XYs{}
	for i, t := range ts {
		if errs[i] > 0 && !math.IsInf(errs[i], 0) {
			xy = append(xy, plotter.XY{X: t, Y: errs[i]})
		}
	}
	if len(xy) < 2 {
		return nil, errors.New("the linear approximation is exact here: there is no error to plot")
	}
	p := plot.New()
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	// Decades labelled 10ᵏ, as the app's error plot has them, not 1e-05.
	p.X.Tick.Marker, p.Y.Tick.Marker = plotkit.Decades{}, plotkit.Decades{}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Handler = plotkit.PowerText{Plain: text.Plain{Fonts: font.DefaultCache}}
	}
	p.Add(plotter.NewGrid())
	l, s, err := plotter.NewLinePoints(xy)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = curveColor, vg.Points(2)
	s.Color, s.Shape = curveColor, draw.CircleGlyph{}
	p.Add(l, s)
	first := xy[0]
	ref, err := plotter.NewLine(plotter.XYs{first, {X: xy[len(xy)-1].X, Y: first.Y * math.Pow(xy[len(xy)-1].X/first.X, 2)}})
	if err == nil {
		ref.Color, ref.Dashes = mutedColor, []vg.Length{vg.Points(5), vg.Points(4)}
		p.Add(ref)
		p.Legend.Add("slope 2", ref)
	}
	p.Legend.Add("‖f(x₀ + h) − f(x₀) − J h‖", l)
	p.Legend.Top, p.Legend.Left = true, true // the top left, which the errors leave empty, as the app has it
	p.X.Label.Text, p.Y.Label.Text = "‖h‖", "error"
	p.Title.Text = "the error of the linear approximation falls as ‖h‖²"
	return p, nil
}
