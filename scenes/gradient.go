package scenes

import (
	"gonum.org/v1/gonum/floats"

	"fmt"
	"image"
	"image/color"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

func init() {
	Register(Entry{ID: "gradient", Title: "Gradient", New: newGradient})
}

// gradient is the second lesson: f: ℝᴺ → ℝ and its gradient ∇f(x₀) ∈ ℝᴺ;
// the directional derivative ∇f·h as the products (∂f/∂xᵢ)·hᵢ and their
// sum; the linear approximation along a direction h, with its error; and
// the chain rule for z = g(f(x)) with g: ℝ → ℝ. The entries of f's inputs,
// in order, are the coordinates of ℝᴺ.
//
// For N = 2 the lesson draws f as a heat map with contour lines, on which
// x₀ and the tip of h are dragged; for larger N, up to gradMaxDim, x₀ and h
// are set with a slider an entry. ∇f is also a bar chart.
type gradient struct {
	*lesson
	fprog, gprog *expr.Program // the programs the lesson was set up for

	x0, h  []float64     // the point and the direction, one entry a coordinate
	coords []string      // the coordinates' names
	window []viz.Range   // each coordinate's range: the heat map's axes, the sliders' span
	coord  int           // with sliders: the coordinate ← and → change (↑ ↓ choose it)
	xs, hs []*viz.Slider // N > 2: x₀ and h, a slider an entry; unused ones are hidden

	heat  *viz.PlotLayer  // N = 2: f over the plane
	heatZ []float64       // f on the heat map's grid, gradHeatN² samples, row-major
	bars  *viz.Bars       // ∇f as bars, on the first step
	text  image.Rectangle // the numbers of the current step
	rows  []gradRow       // the numbers, a line of text or a formula each
	forms []*viz.Formula  // the formulas of rows, by row
	texts []*viz.Label    // the plain-text rows, by row
	label viz.Formula     // ∇f beside the gradient arrow
	lower image.Rectangle // the step's plots, below its numbers

	slicePlot *viz.PlotLayer
	errPlot   *viz.ErrorPlot
	sliceY    viz.Range // the slice plot's y axis
	gPlot     *viz.PlotLayer
	gWin      viz.Range // the g plot's x axis, around y = f(x₀)
	plotAge   int       // ticks since the step's slower pictures followed x₀ and h
	barsVer   int       // the ver the bars show
	errVer    int       // the ver the error plot shows

	drag gradDrag

	// The numbers on screen, all from core, recomputed when x₀, h or a
	// function changes; the slice, the error series and the chain rule
	// only when a step or State needs them.
	ver                        int // counts the changes of x₀, h and the functions, from 1
	nums                       gradNums
	slice                      gradSlice
	rem                        gradRemainder
	chain                      gradChain
	haveSlice, haveRem, haveCh int // the ver each is for
}

// gradRow is a line of the numbers: plain text, or a formula in TeX for
// the lines with symbols the text font lacks (∇, ∘) or with fractions.
type gradRow struct {
	tex bool
	src string
	h   float64 // the line's height in logical pixels
}

// The heights of the numbers' lines, in logical pixels: text, a formula,
// and a formula with fractions.
const (
	gradRowText = 19
	gradRowMath = 26
	gradRowFrac = 44
)

// gradText and gradFormula make rows of the numbers.
func gradText(format string, a ...any) gradRow {
	return gradRow{src: fmt.Sprintf(format, a...), h: gradRowText}
}
func gradFormula(h float64, format string, a ...any) gradRow {
	return gradRow{tex: true, src: fmt.Sprintf(format, a...), h: h}
}

// gradDrag is what the pointer is dragging on the heat map.
type gradDrag int

const (
	dragNone gradDrag = iota
	dragPoint
	dragDirection
)

// gradNums are f, ∇f and ∇f·h at x₀.
type gradNums struct {
	f, fh       float64   // f(x₀) and f(x₀ + h)
	grad        []float64 // ∇f(x₀), one entry a coordinate
	products    []float64 // (∂f/∂xᵢ)·hᵢ
	directional float64   // their sum, ∇f·h
	jvp         float64   // ∇f·h as core's JVP computes it, without forming ∇f
	err         error     // why the numbers could not be computed, or nil
}

// gradSlice is f along the line x₀ + t·h.
type gradSlice struct {
	ts, ft []float64 // t and f(x₀ + t·h)
}

// gradRemainder is the error of the linear approximation for steps s·h,
// s = 1 down to gradMinStep.
type gradRemainder struct {
	steps, errs []float64 // ‖s·h‖ and |f(x₀ + s·h) − f(x₀) − s ∇f·h|
	slope       float64   // the log–log slope of errs over gradSlopeLo ≤ s ≤ gradSlopeHi
}

// gradChain is the chain rule at x₀ for z = g(y), y = f(x).
type gradChain struct {
	y, z, dzdy float64
	product    []float64 // g′(y) ∇f(x₀), by core.ChainRule
	dzdx       []float64 // ∂z/∂x by autodiff of g∘f
	err        error     // why the chain rule cannot be shown, or nil
}

// The lesson's defaults and limits.
const (
	gradDefF, gradDefAt = "log(1 + sum([1, 3] * x^2))", "x = [1, 0.5]"
	gradDefG, gradDefY  = "exp(-y)", "y = 0"

	gradMaxDim  = 8    // the largest N the lesson shows
	gradHalf    = 2.0  // each coordinate's window is centre ± gradHalf
	gradStep    = 0.05 // arrow-key step; Shift divides it by 10
	gradHeatN   = 48   // heat-map samples each way
	gradLevels  = 12   // contour lines
	gradSliceN  = 41   // samples of the slice t ∈ [−gradSliceT, gradSliceT]
	gradSliceT  = 2.0
	gradHMin    = 1e-3               // the shortest h [ reaches
	gradHMax    = 4.0                // the longest h ] reaches
	gradHStep   = 1.7782794100389228 // 10^(1/4): [ and ] scale h a quarter decade
	gradMinStep = 1e-7               // the smallest step of the error series
	gradSlopeHi = 1e-1               // the error's slope is fitted over steps s
	gradSlopeLo = 1e-3               // from gradSlopeHi down to gradSlopeLo
	gradArrow   = 0.4                // the gradient arrow is at most this share of the window
	gradEvery   = 12                 // ticks between updates of the slower pictures while x₀ or h moves
	gradGrab    = 16                 // logical pixels within which a press grabs a handle
	gradGHalf   = 2.0                // the g plot spans y ± gradGHalf
	gradMarginX = 57                 // logical pixels beside a heat map's data area (axis and margin)
	gradMarginY = 55                 // and below and above it
)

// directionColor is the colour of the direction h: the scalar lesson's
// secant colour, the colour of a step h in every lesson.
var directionColor = secantColor

// chainColor is the colour of ∂z/∂x: Okabe–Ito reddish purple.
var chainColor = color.RGBA{0xcc, 0x79, 0xa7, 0xff}

// gradientSteps are the walk-through. The step panel's font lacks ∇, ℝ and
// ∘, so the gradient is named in words there; the numbers beside the
// pictures use the symbols.
var gradientSteps = []step{
	{"The gradient", "f takes N numbers to one. Its derivative at x₀ is the gradient: the vector A with (f(x₀+h) − f(x₀) − A·h) / ‖h‖ → 0 as h → 0.\n" +
		"Its entries are the partials ∂f/∂xᵢ. (The text equates the gradient with the limit and calls it a number: the limit is 0.)\n" +
		"The gradient points where f climbs fastest, across the contour through x₀ at a right angle. Drag x₀, or use the arrow keys."},
	{"Linear approximation", "Near x₀, f(x₀ + h) ≈ f(x₀) + A·h, A the gradient. The dot product multiplies entry by entry, then adds: A·h = Σᵢ (∂f/∂xᵢ) hᵢ.\n" +
		"The text calls it elementwise multiplication and stops there: without the sum there is no single number, no change in f.\n" +
		"Along x₀ + t·h the tangent's slope is A·h, and the error falls like ‖h‖²: slope 2 on the log–log plot. Move h; [ ] scale it."},
	{"Chain rule", "For y = f(x) and z = g(y), g taking a number to a number: ∂z/∂x = g′(y) A, the number g′(y) times the gradient A of f.\n" +
		"Every entry is scaled alike, so ∂z/∂x (purple on the heat map) lies along the gradient, reversed where g′(y) < 0.\n" +
		"Autodiff of the composition z = g(f(x)) gives the same vector: compare the two above."},
}

// gradInput accepts functions of 2 to gradMaxDim numbers in all with a
// number for a value.
func gradInput(p *expr.Program) error {
	n := inputEntries(p)
	if n < 2 || n > gradMaxDim || p.Value().Rank() != 0 {
		return fmt.Errorf("this lesson needs a function of 2 to %d numbers with a number for a value (this one: %d numbers → shape %v), like %s", gradMaxDim, n, p.Value().Shape(), gradDefF)
	}
	return nil
}

// gradOuter accepts functions of one number with a number for a value.
func gradOuter(p *expr.Program) error {
	if len(p.Names()) != 1 || p.Inputs()[0].Rank() != 0 || p.Value().Rank() != 0 {
		return fmt.Errorf("g needs one input, the number y = f(x), and a number for a value, like %s", gradDefG)
	}
	return nil
}

func newGradient(q url.Values) Scene {
	s := &gradient{}
	s.lesson = newLesson(q, "The gradient: vector in, number out", gradientSteps,
		fieldSpec{label: "f(x) =", def: gradDefF, defAt: gradDefAt, check: gradInput},
		fieldSpec{key: "g", label: "g(y) =", def: gradDefG, defAt: gradDefY, check: gradOuter},
	)
	s.heat = viz.NewPlotLayer(s.buildHeat)
	s.bars = viz.NewBars(func(p *plot.Plot) { p.Title.Text = "the gradient's entries ∂f/∂xᵢ at x₀" })
	s.slicePlot = viz.NewPlotLayer(s.buildSlice)
	s.errPlot = viz.NewErrorPlot(2, func(p *plot.Plot) {
		p.Title.Text = "error of the linear approximation"
		p.X.Label.Text = "step length ‖s·h‖"
	})
	s.gPlot = viz.NewPlotLayer(s.buildG)
	// Sliders for x₀ and h for N > 2, in focus order entry by entry.
	for range gradMaxDim {
		x, h := &viz.Slider{Min: -1, Max: 1}, &viz.Slider{Min: -1, Max: 1}
		s.xs, s.hs = append(s.xs, x), append(s.hs, h)
		s.lesson.ui.Add(x, h)
	}
	s.newFunction()
	return s
}

// newFunction sets the lesson up for f and g as they are now. A new f with
// other coordinates starts over: the point, the direction, the names and
// windows, the sliders; one with the same coordinates keeps x₀ and h.
func (s *gradient) newFunction() {
	f := s.fn(0).prog
	newF := f != s.fprog
	s.fprog, s.gprog = f, s.fn(1).prog
	if newF {
		var x0 []float64
		var coords []string
		for i, t := range f.Inputs() {
			x0 = append(x0, t.Data()...)
			coords = append(coords, entryNames(f.Names()[i], t.Shape())...)
		}
		if !slices.Equal(coords, s.coords) {
			s.start(x0, coords)
		}
		s.heatZ = nil
		if s.plane() {
			s.sampleHeat()
		}
		s.heat.Invalidate()
	}
	s.changed()
	s.fitSlice()
	s.gWin = viz.Range{}
	s.fitG()
	s.errVer = -1
	s.barsVer = -1
	for _, l := range []*viz.PlotLayer{s.slicePlot, s.gPlot} {
		l.Invalidate()
	}
}

// start sets the point x₀ and the names of its coordinates, and with them
// the windows, the direction and the sliders.
func (s *gradient) start(x0 []float64, coords []string) {
	s.x0, s.coords = x0, coords
	n := len(s.x0)
	s.window = s.window[:0]
	for _, v := range s.x0 {
		c := 0.0
		if math.Abs(v) > gradHalf*0.75 {
			c = math.Round(v)
		}
		s.window = append(s.window, viz.Range{Min: c - gradHalf, Max: c + gradHalf})
	}
	// The direction: (0.6, −0.8) in the plane, alternating signs beyond.
	s.h = make([]float64, n)
	if n == 2 {
		s.h[0], s.h[1] = 0.6, -0.8
	} else {
		for i := range s.h {
			s.h[i] = float64(1-2*(i%2)) / math.Sqrt(float64(n))
		}
	}
	s.coord, s.drag = 0, dragNone
	hNames := entryNames("h", core.Shape{n})
	for i := range s.xs {
		x, h := s.xs[i], s.hs[i]
		x.Rect, h.Rect = image.Rectangle{}, image.Rectangle{}
		if n == 2 || i >= n {
			continue
		}
		x.Label, x.Min, x.Max, x.Value = s.coords[i], s.window[i].Min, s.window[i].Max, s.x0[i]
		h.Label, h.Min, h.Max, h.Value = hNames[i], -gradHMax, gradHMax, s.h[i]
		x.Steps, h.Steps = int(math.Round((x.Max-x.Min)/gradStep)), int(math.Round((h.Max-h.Min)/gradStep))
	}
}

// plane reports whether the lesson draws f over the plane (N = 2).
func (s *gradient) plane() bool { return len(s.x0) == 2 }

// inputs splits the coordinates x into tensors of the shapes of f's inputs.
func (s *gradient) inputs(x []float64) []*core.Tensor {
	ts := make([]*core.Tensor, 0, len(s.fprog.Inputs()))
	rest := x
	for _, t := range s.fprog.Inputs() {
		ts = append(ts, core.New(t.Shape(), slices.Clone(rest[:t.Len()])))
		rest = rest[t.Len():]
	}
	return ts
}

// f evaluates f at the coordinates x, NaN where it cannot.
func (s *gradient) f(x []float64) float64 {
	y, err := core.Eval(s.fprog.Func(), s.inputs(x), s.fprog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return y.At()
}

// along returns x₀ + t·h.
func (s *gradient) along(t float64) []float64 {
	x := make([]float64, len(s.x0))
	for i := range x {
		x[i] = s.x0[i] + t*s.h[i]
	}
	return x
}

// changed recomputes the numbers after x₀, h or a function changed.
func (s *gradient) changed() {
	s.ver++
	n := gradNums{}
	defer func() { s.nums = n }()
	x := s.inputs(s.x0)
	y, jac, err := s.fn(0).eval(x)
	if err != nil {
		n.err = err
		return
	}
	n.f = y.At()
	for _, j := range jac {
		n.grad = append(n.grad, j.Data()...)
	}
	for i, g := range n.grad {
		n.products = append(n.products, g*s.h[i])
	}
	for _, p := range n.products {
		n.directional += p
	}
	_, yDot, err := core.JVP(s.fprog.Func(), x, s.inputs(s.h), s.fprog.Settings(core.Auto))
	if err != nil {
		n.err = err
		return
	}
	n.jvp = yDot.At()
	n.fh = s.f(s.along(1))
}

// getSlice returns f along the line x₀ + t·h.
func (s *gradient) getSlice() gradSlice {
	if s.haveSlice == s.ver {
		return s.slice
	}
	s.haveSlice = s.ver
	r := gradSlice{}
	for i := range gradSliceN {
		t := gradSliceT * (2*float64(i)/(gradSliceN-1) - 1)
		r.ts = append(r.ts, t)
		r.ft = append(r.ft, s.f(s.along(t)))
	}
	s.slice = r
	return r
}

// getRemainder returns the error series at x₀ and h.
func (s *gradient) getRemainder() gradRemainder {
	if s.haveRem == s.ver {
		return s.rem
	}
	s.haveRem = s.ver
	r := gradRemainder{}
	defer func() { s.rem = r }()
	n := s.nums
	var fx, fy []float64 // the points the slope is fitted to
	for k := 0; ; k++ {
		st := math.Pow(10, -float64(k)/2)
		if st < gradMinStep*0.999 {
			break
		}
		fs := s.f(s.along(st))
		e := math.Abs(fs - n.f - st*n.directional)
		r.steps = append(r.steps, st*floats.Norm(s.h, 2))
		r.errs = append(r.errs, e)
		if st <= gradSlopeHi*1.001 && st >= gradSlopeLo*0.999 && e > 0 {
			fx, fy = append(fx, st), append(fy, e)
		}
	}
	r.slope = logLogSlope(fx, fy)
	return r
}

// getChain returns the chain rule at x₀.
func (s *gradient) getChain() gradChain {
	if s.haveCh == s.ver {
		return s.chain
	}
	s.haveCh = s.ver
	s.chain = s.chainAt()
	return s.chain
}

// chainAt computes the chain rule at x₀.
func (s *gradient) chainAt() (c gradChain) {
	n := s.nums
	if n.err != nil {
		c.err = n.err
		return
	}
	f, g := s.fn(0), s.fn(1)
	c.y = n.f
	z, gjac, err := g.eval([]*core.Tensor{core.Scalar(c.y)})
	if err != nil {
		c.err = fmt.Errorf("g at y = f(x₀) = %g: %w", c.y, err)
		return
	}
	c.z, c.dzdy = z.At(), gjac[0].At()
	c.product = core.ChainRule(gjac[0], core.New(core.Shape{len(n.grad)}, slices.Clone(n.grad)), 0).Data()
	gf, err := compose(g, f)
	if err != nil {
		c.err = err
		return
	}
	_, zjac, err := core.Jacobian(gf, s.inputs(s.x0), f.prog.Settings(core.Auto))
	if err != nil {
		c.err = err
		return
	}
	for _, j := range zjac {
		c.dzdx = append(c.dzdx, j.Data()...)
	}
	return c
}

// sampleHeat evaluates f on the heat map's grid, once per function.
func (s *gradient) sampleHeat() {
	s.heatZ = make([]float64, 0, gradHeatN*gradHeatN)
	wx, wy := s.window[0], s.window[1]
	for r := range gradHeatN {
		y := wy.Min + (wy.Max-wy.Min)*float64(r)/(gradHeatN-1)
		for c := range gradHeatN {
			x := wx.Min + (wx.Max-wx.Min)*float64(c)/(gradHeatN-1)
			s.heatZ = append(s.heatZ, s.f([]float64{x, y}))
		}
	}
}

func (s *gradient) buildHeat() *plot.Plot {
	wx, wy := s.window[0], s.window[1]
	// HeatMapPlot samples the same grid as sampleHeat: look the values up.
	at := func(x, y float64) float64 {
		c := int(math.Round((x - wx.Min) / (wx.Max - wx.Min) * (gradHeatN - 1)))
		r := int(math.Round((y - wy.Min) / (wy.Max - wy.Min) * (gradHeatN - 1)))
		return s.heatZ[r*gradHeatN+c]
	}
	p := viz.HeatMapPlot(at, wx, wy, gradHeatN, gradLevels)
	p.X.Label.Text, p.Y.Label.Text = s.coords[0], s.coords[1]
	return p
}

// setBars gives the bar chart ∇f's entries, named ∂f/∂xᵢ by the inputs'
// names.
func (s *gradient) setBars() {
	labels := make([]string, len(s.coords))
	for i, c := range s.coords {
		labels[i] = "∂f/∂" + c
	}
	s.bars.Set(s.nums.grad, labels)
	s.barsVer = s.ver
}

func (s *gradient) buildSlice() *plot.Plot {
	p := viz.NewPlot()
	p.Add(plotter.NewGrid())
	p.X.Min, p.X.Max = -gradSliceT, gradSliceT
	p.Y.Min, p.Y.Max = s.sliceY.Min, s.sliceY.Max
	p.X.Label.Text, p.Y.Label.Text = "t", "f(x₀ + t·h)"
	p.Title.Text = "f along h, and its tangent"
	return p
}

// fitSlice sets the slice plot's y axis to the range of the slice and of
// the tangent at t = ±1, with a margin, and reports whether it changed. It
// keeps an axis that shows them all over at least half its height; while
// x₀ or h is dragged, any axis that shows them all, and one they outgrow
// only widens, so that the axis stands still under the moving curves.
func (s *gradient) fitSlice() bool {
	// The slice, and the tangent where it stands in for f(x₀ ± h).
	n := s.nums
	vs := append(slices.Clone(s.getSlice().ft), n.f-n.directional, n.f+n.directional)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = -1, 1
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) { // flat: any band around it
		lo, hi = lo-0.5, hi+0.5
	}
	cur := s.sliceY
	hold := s.drag != dragNone && cur.Max > cur.Min
	if cur.Max > cur.Min && lo >= cur.Min && hi <= cur.Max && (hold || hi-lo >= (cur.Max-cur.Min)/2) {
		return false
	}
	if hold {
		lo, hi = math.Min(lo, cur.Min), math.Max(hi, cur.Max)
	}
	pad := 0.12 * (hi - lo)
	s.sliceY = viz.Range{Min: lo - pad, Max: hi + pad}
	return true
}

// fitG centres the g plot's window on y = f(x₀) when y is outside its
// middle half, and reports whether it moved.
func (s *gradient) fitG() bool {
	y, w := s.nums.f, s.gWin
	if s.nums.err != nil || math.IsNaN(y) || math.IsInf(y, 0) || (w.Max > w.Min && math.Abs(y-(w.Min+w.Max)/2) <= gradGHalf/2) {
		return false
	}
	s.gWin = viz.Range{Min: y - gradGHalf, Max: y + gradGHalf}
	return true
}

// g evaluates the outer function at y, NaN where it cannot.
func (s *gradient) g(y float64) float64 {
	z, err := core.Eval(s.gprog.Func(), []*core.Tensor{core.Scalar(y)}, s.gprog.Settings(core.Auto))
	if err != nil {
		return math.NaN()
	}
	return z.At()
}

func (s *gradient) buildG() *plot.Plot {
	w := s.gWin
	if !(w.Max > w.Min) {
		w = viz.Range{Min: -gradGHalf, Max: gradGHalf}
	}
	// A y range that shows g over the window.
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range 101 {
		if v := s.g(w.Min + float64(i)/100*(w.Max-w.Min)); !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	switch {
	case math.IsInf(lo, 0):
		lo, hi = -1, 1
	case !(hi > lo):
		lo, hi = lo-1, lo+1
	}
	pad := 0.12 * (hi - lo)
	p := viz.FunctionPlot(s.g, w, viz.Range{Min: lo - pad, Max: hi + pad})
	p.X.Label.Text, p.Y.Label.Text = "y", "z = g(y)"
	p.Title.Text = "g, and its tangent at y = f(x₀)"
	return p
}

// Layout implements Scene.
func (s *gradient) Layout(a image.Rectangle, sc float64) {
	s.lesson.layout(a, sc)
	s.layout(sc)
}

func (s *gradient) Update(in *viz.Input) error {
	s.lesson.handle(in)
	newFn := s.fn(0).prog != s.fprog || s.fn(1).prog != s.gprog
	if newFn {
		s.newFunction()
	}
	if newFn || s.stepChanged {
		s.layout(in.Scale)
	}

	x0, h := slices.Clone(s.x0), slices.Clone(s.h)
	sliders := !s.plane()
	for i := range s.x0 {
		if sliders && s.xs[i].Changed() {
			s.x0[i], s.coord = s.xs[i].Value, i
		}
		if sliders && s.hs[i].Changed() {
			s.h[i], s.coord = s.hs[i].Value, i
		}
	}
	s.handleKeys(in)
	s.handlePointer(in)
	if !slices.Equal(s.x0, x0) || !slices.Equal(s.h, h) {
		s.changed()
		for i := range s.x0 {
			if sliders {
				s.xs[i].Value, s.hs[i].Value = s.x0[i], s.h[i]
			}
		}
	}

	// The bars, the slice, the error series and the numbers follow x₀ and
	// h in Draw (see follow). The error series in the first step's numbers,
	// and the axes of the slice and g plots, follow them a few times a
	// second while they move and at once when they stop.
	s.plotAge++
	refresh := s.plotAge >= gradEvery || s.drag == dragNone
	if refresh {
		s.plotAge = 0
	}
	switch s.step {
	case 0:
		if refresh {
			s.getRemainder()
		}
	case 2:
		s.getChain()
	}
	if refresh {
		if s.step == 1 && s.fitSlice() {
			s.slicePlot.Invalidate()
		}
		if s.step == 2 && s.fitG() {
			s.gPlot.Invalidate()
		}
	}
	s.prepare(in.Scale)
	return nil
}

// follow brings the step's pictures and numbers up to x₀ and h. Prepare
// calls it, rather than Update: the browser runs several ticks a frame,
// and only the last one's pictures are seen.
func (s *gradient) follow() {
	switch s.step {
	case 0:
		if s.barsVer != s.ver {
			s.setBars()
		}
	case 1:
		s.getSlice()
		if s.errVer != s.ver {
			r := s.getRemainder()
			s.errPlot.Set(viz.Series{Color: viz.Light.Curve, Dots: true, H: r.steps, Err: r.errs})
			s.errVer = s.ver
		}
	}
	s.setNumbers()
}

// layout places the pictures of the current step on the body.
func (s *gradient) layout(sc float64) {
	b := s.body
	pad := int(12 * sc)
	left := image.Rect(b.Min.X+pad, b.Min.Y+pad, b.Min.X+min(b.Dx()*44/100, b.Dy()+int(40*sc)), b.Max.Y-pad)
	if s.plane() {
		squarePlot(s.heat, left, sc)
		left.Max.X = s.heat.Rect().Max.X
	} else {
		// A row an entry: x₀'s slider, then h's.
		n := len(s.x0)
		rowH := min(float64(left.Dy())/float64(n), 52*sc)
		mid := (left.Min.X + left.Max.X) / 2
		for i := range n {
			y := left.Min.Y + int(float64(i)*rowH)
			bottom := y + int(min(rowH-4*sc, 44*sc))
			s.xs[i].Rect = image.Rect(left.Min.X+int(14*sc), y, mid-pad, bottom)
			s.hs[i].Rect = image.Rect(mid+pad, y, left.Max.X, bottom)
		}
	}
	// The numbers of the step at the top right, its plots below them.
	h := 0.0
	for _, r := range s.numbers() {
		h += r.h
	}
	s.text = image.Rect(left.Max.X+pad, b.Min.Y+pad, b.Max.X-pad, b.Min.Y+pad+int(h*sc))
	s.lower = image.Rect(s.text.Min.X, s.text.Max.Y+pad/2, s.text.Max.X, b.Max.Y-pad)
}

// prepare renders what the current step shows, where layout put it.
func (s *gradient) prepare(sc float64) {
	pad := int(12 * sc)
	lo := s.lower
	switch s.step {
	case 0:
		s.bars.Prepare(image.Rect(lo.Min.X, lo.Min.Y, lo.Min.X+min(lo.Dx(), int(120*sc)+len(s.x0)*int(60*sc)), lo.Max.Y), sc)
	case 1:
		mid := (lo.Min.X + lo.Max.X) / 2
		s.slicePlot.Prepare(image.Rect(lo.Min.X, lo.Min.Y, mid-pad/2, lo.Max.Y), sc)
		s.errPlot.Prepare(image.Rect(mid+pad/2, lo.Min.Y, lo.Max.X, lo.Max.Y), sc)
	case 2:
		s.gPlot.Prepare(image.Rect(lo.Min.X, lo.Min.Y, lo.Min.X+min(lo.Dx(), int(420*sc)), lo.Max.Y), sc)
	}
}

// squarePlot places l at the top left of box, as large as it fits with a
// square data area, so that right angles in the data look right. The
// margins around the data area are measured on the last render; before
// the first, gradMarginX and gradMarginY are a guess.
func squarePlot(l *viz.PlotLayer, box image.Rectangle, sc float64) {
	mx, my := int(gradMarginX*sc), int(gradMarginY*sc)
	if cur := l.Rect(); !cur.Empty() {
		da := l.DataArea()
		fills := cur.Min == box.Min && cur.In(box) && (cur.Dx() == box.Dx() || cur.Dy() == box.Dy())
		if d := da.Dx() - da.Dy(); fills && d >= -2 && d <= 2 {
			l.Prepare(cur, sc)
			return
		}
		mx, my = cur.Dx()-da.Dx(), cur.Dy()-da.Dy()
	}
	side := min(box.Dx()-mx, box.Dy()-my)
	l.Prepare(image.Rect(box.Min.X, box.Min.Y, box.Min.X+side+mx, box.Min.Y+side+my), sc)
}

// handleKeys applies the keyboard: in the plane the arrows move x₀; with
// sliders ↑ and ↓ choose a coordinate and ← and → change it; [ and ] scale
// h.
func (s *gradient) handleKeys(in *viz.Input) {
	dx, dy := in.Arrows(gradStep)
	if s.plane() {
		s.setX0(0, s.x0[0]+dx)
		s.setX0(1, s.x0[1]+dy)
	} else {
		n := len(s.x0)
		if dy > 0 {
			s.coord = (s.coord + n - 1) % n
		} else if dy < 0 {
			s.coord = (s.coord + 1) % n
		}
		s.setX0(s.coord, s.x0[s.coord]+dx)
	}
	scale := 1.0
	if in.Fired(ebiten.KeyBracketLeft) {
		scale /= gradHStep
	}
	if in.Fired(ebiten.KeyBracketRight) {
		scale *= gradHStep
	}
	if l := floats.Norm(s.h, 2); scale != 1 && l > 0 {
		scale = math.Max(gradHMin, math.Min(gradHMax, l*scale)) / l
		for i := range s.h {
			s.h[i] *= scale
		}
	}
}

// setX0 sets coordinate i of x₀, kept inside its window.
func (s *gradient) setX0(i int, v float64) {
	w := s.window[i]
	s.x0[i] = math.Max(w.Min, math.Min(w.Max, v))
}

// handlePointer drags x₀ and h on the heat map: a press near h's tip takes
// h, anywhere else x₀.
func (s *gradient) handlePointer(in *viz.Input) {
	if !s.plane() {
		return
	}
	p := in.Pointer
	if p.Pressed && image.Pt(int(p.X), int(p.Y)).In(s.heat.DataArea()) {
		tx, ty := s.heat.ToScreen(s.x0[0]+s.h[0], s.x0[1]+s.h[1])
		s.drag = dragPoint
		if math.Hypot(p.X-tx, p.Y-ty) <= gradGrab*in.Scale {
			s.drag = dragDirection
		}
	}
	x, y := s.heat.FromScreen(p.X, p.Y)
	switch s.drag {
	case dragPoint:
		s.setX0(0, x)
		s.setX0(1, y)
	case dragDirection:
		x = math.Max(s.window[0].Min, math.Min(s.window[0].Max, x))
		y = math.Max(s.window[1].Min, math.Min(s.window[1].Max, y))
		if hx, hy := x-s.x0[0], y-s.x0[1]; math.Hypot(hx, hy) >= gradHMin {
			s.h[0], s.h[1] = hx, hy
		}
	}
	if !p.Down {
		s.drag = dragNone
	}
	s.errPlot.Hold(s.drag != dragNone)
}

// Prepare implements Scene: the step's pictures and numbers follow x₀ and
// h once a frame (follow).
func (s *gradient) Prepare() error {
	s.follow()
	return nil
}

func (s *gradient) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	if s.plane() {
		s.heat.Draw(screen)
		s.drawPlane(screen)
	} else if r := s.xs[s.coord].Rect; s.lesson.ui.Focused() == nil {
		// The entry the arrow keys move.
		viz.Line(screen, float64(r.Min.X)-8*s.scale, float64(r.Min.Y)+4*s.scale, float64(r.Min.X)-8*s.scale, float64(r.Max.Y)-4*s.scale, 3*s.scale, viz.Light.Accent)
	}
	switch s.step {
	case 0:
		s.bars.Draw(screen)
	case 1:
		s.slicePlot.Draw(screen)
		s.errPlot.Draw(screen)
		s.drawSlice(screen)
	case 2:
		s.gPlot.Draw(screen)
		s.drawG(screen)
	}
	s.drawNumbers(screen)
}

// setNumbers lays out the numbers of the current step, setting the
// formulas, which draw themselves again only when their digits change.
func (s *gradient) setNumbers() {
	sc := s.scale
	s.rows = s.numbers()
	for len(s.forms) < len(s.rows) {
		s.forms = append(s.forms, &viz.Formula{})
		s.texts = append(s.texts, &viz.Label{})
	}
	for i, r := range s.rows {
		if r.tex && s.forms[i].SetTeX(r.src, 15*sc) != nil {
			s.rows[i].tex = false // shown as its source rather than not at all
		}
		if !s.rows[i].tex {
			s.texts[i].Set(r.src, 14*sc, viz.Light.Text)
		}
	}
	s.label.Set(mathtex.Row(mathtex.Roman("∇"), mathtex.Ital("f")), 16*sc)
}

// drawNumbers draws the rows of numbers down the text area.
func (s *gradient) drawNumbers(screen *ebiten.Image) {
	sc := s.scale
	x, y := float64(s.text.Min.X), float64(s.text.Min.Y)
	for i, r := range s.rows {
		h := r.h * sc
		if r.tex {
			_, asc, desc := s.forms[i].Metrics()
			s.forms[i].Draw(screen, x, y+(h-asc-desc)/2)
		} else {
			s.texts[i].Draw(screen, x, y+(h-14*1.3*sc)/2)
		}
		y += h
	}
}

// drawPlane draws x₀, ∇f, h and, on the chain-rule step, ∂z/∂x over the
// heat map.
func (s *gradient) drawPlane(screen *ebiten.Image) {
	sc := s.scale
	clip := screen.SubImage(s.heat.DataArea()).(*ebiten.Image)
	x, y := s.x0[0], s.x0[1]
	px, py := s.heat.ToScreen(x, y)
	n := s.nums
	if n.err == nil {
		vx, vy, short := s.arrowVector(n.grad)
		gx, gy := s.heat.ToScreen(x+vx, y+vy)
		// On the chain-rule step ∂z/∂x lies along ∇f: the longer of the
		// two arrows goes underneath.
		var dz func()
		if c := s.chain; s.step == 2 && c.err == nil {
			cx, cy, _ := s.arrowVector(c.dzdx)
			ex, ey := s.heat.ToScreen(x+cx, y+cy)
			dz = func() { viz.Arrow(clip, px, py, ex, ey, 3*sc, chainColor) }
			if math.Hypot(cx, cy) > math.Hypot(vx, vy) {
				dz()
				dz = nil
			}
		}
		viz.Arrow(clip, px, py, gx, gy, 3*sc, viz.Light.Tangent)
		if dz != nil {
			dz()
		}
		// The label beside the tip, kept in view when the tip is not.
		w, asc, desc := s.label.Metrics()
		if short {
			w += 80 * sc
		}
		da := s.heat.DataArea()
		lx := math.Max(float64(da.Min.X)+4*sc, math.Min(float64(da.Max.X)-w-4*sc, gx+6*sc))
		ly := math.Max(float64(da.Min.Y)+4*sc, math.Min(float64(da.Max.Y)-asc-desc-4*sc, gy-20*sc))
		s.label.Draw(clip, lx, ly)
		if short {
			lw, _, _ := s.label.Metrics()
			viz.DrawText(clip, "(shortened)", 13*sc, lx+lw+4*sc, ly+2*sc, viz.Light.Text)
		}
	}
	hx, hy := s.heat.ToScreen(x+s.h[0], y+s.h[1])
	viz.Arrow(clip, px, py, hx, hy, 2.5*sc, directionColor)
	viz.Dot(clip, hx, hy, 7*sc, color.White)
	viz.Dot(clip, hx, hy, 5*sc, directionColor)
	viz.DrawText(clip, "h", 15*sc, hx+8*sc, hy-8*sc, viz.Light.Text)
	viz.Dot(clip, px, py, 8*sc, color.White)
	viz.Dot(clip, px, py, 6*sc, viz.Light.Point)
}

// arrowVector returns the first two entries of v, shortened when longer
// than gradArrow of the window's width so that the arrow stays in view,
// and whether it was.
func (s *gradient) arrowVector(v []float64) (x, y float64, short bool) {
	l, lim := math.Hypot(v[0], v[1]), gradArrow*(s.window[0].Max-s.window[0].Min)
	if l > lim {
		return v[0] * lim / l, v[1] * lim / l, true
	}
	return v[0], v[1], false
}

// drawSlice draws the slice t ↦ f(x₀ + t·h), its tangent at t = 0, and
// the gap between them at t = 1, over the slice plot's axes.
func (s *gradient) drawSlice(screen *ebiten.Image) {
	n := s.nums
	if n.err != nil {
		return
	}
	sc := s.scale
	r := s.slice
	clip := screen.SubImage(s.slicePlot.DataArea()).(*ebiten.Image)
	// Where f is NaN, so are the points, and the curve breaks there.
	viz.Polyline(clip, len(r.ts), func(i int) (float64, float64) { return s.slicePlot.ToScreen(r.ts[i], r.ft[i]) }, 2.5*sc, viz.Light.Curve)
	tangent := func(t float64) float64 { return n.f + t*n.directional }
	ax, ay := s.slicePlot.ToScreen(-gradSliceT, tangent(-gradSliceT))
	bx, by := s.slicePlot.ToScreen(gradSliceT, tangent(gradSliceT))
	viz.Line(clip, ax, ay, bx, by, 2*sc, viz.Light.Tangent)
	// At t = 1: f(x₀ + h) on the curve and f(x₀) + ∇f·h on the tangent.
	cx, cy := s.slicePlot.ToScreen(1, n.fh)
	tx, ty := s.slicePlot.ToScreen(1, tangent(1))
	viz.Line(clip, cx, cy, tx, ty, 1.5*sc, directionColor)
	viz.Dot(clip, cx, cy, 4*sc, directionColor)
	viz.Dot(clip, tx, ty, 4*sc, directionColor)
	px, py := s.slicePlot.ToScreen(0, n.f)
	viz.Dot(clip, px, py, 6*sc, viz.Light.Point)
}

// drawG draws g's tangent at y = f(x₀), of slope g′(y) = dz/dy, and the
// point (y, z).
func (s *gradient) drawG(screen *ebiten.Image) {
	c := s.chain
	if c.err != nil {
		return
	}
	sc := s.scale
	clip := screen.SubImage(s.gPlot.DataArea()).(*ebiten.Image)
	g := s.gPlot.Geometry()
	ax, ay := s.gPlot.ToScreen(g.XMin, c.z+c.dzdy*(g.XMin-c.y))
	bx, by := s.gPlot.ToScreen(g.XMax, c.z+c.dzdy*(g.XMax-c.y))
	viz.Line(clip, ax, ay, bx, by, 2*sc, viz.Light.Tangent)
	px, py := s.gPlot.ToScreen(c.y, c.z)
	viz.Dot(clip, px, py, 6*sc, viz.Light.Point)
}

// numbers returns the lines of numbers of the current step.
func (s *gradient) numbers() []gradRow {
	n := s.nums
	if n.err != nil {
		return []gradRow{gradText("Cannot evaluate here:"), gradText("%s", n.err.Error())}
	}
	// Long vectors go on a line of their own.
	long := len(s.x0) > 4
	at := func(name string, v []float64) []gradRow {
		if long {
			return []gradRow{gradText("%s =", name), gradText("        %s", vecText(v))}
		}
		return []gradRow{gradText("%s = %s", name, vecText(v))}
	}
	var rows []gradRow
	if long {
		rows = append(rows, gradText("f(x₀) = %.6g", n.f))
		rows = append(rows, at("at x₀", s.x0)...)
	} else {
		rows = append(rows, gradText("f(x₀) = %.6g    at x₀ = %s", n.f, vecText(s.x0)))
	}
	switch s.step {
	case 0:
		if long {
			rows = append(rows, gradFormula(gradRowMath, `\nabla f(x_0) = \left(%s\right) =`, s.partials()), gradText("        %s", vecText(n.grad)))
		} else {
			rows = append(rows, gradFormula(gradRowFrac, `\nabla f(x_0) = \left(%s\right) = %s`, s.partials(), texVec(n.grad)))
		}
		rows = append(rows,
			gradFormula(gradRowMath, `\|\nabla f(x_0)\| = %.4g \text{, the steepest slope: the arrow's way}`, floats.Norm(n.grad, 2)),
			gradFormula(gradRowFrac, `\text{the definition, checked along } h\text{:}\quad \frac{|f(x_0 + s h) - f(x_0) - s\,\nabla f(x_0) \cdot h|}{\|s h\|}`))
		r := s.rem
		for k := 0; k < len(r.steps) && k <= 6; k += 2 {
			rows = append(rows, gradText("      s = %-8g →  %.3g", math.Pow(10, -float64(k)/2), r.errs[k]/r.steps[k]))
		}
		rows = append(rows, gradText("goes to 0 with s, as it must for the gradient."))
	case 1:
		if long {
			rows = append(rows, at("h", s.h)...)
		} else {
			rows = append(rows, gradText("h = %s    ‖h‖ = %.4g", vecText(s.h), floats.Norm(s.h, 2)))
		}
		if long {
			rows = append(rows, gradText("products (∂f/∂xᵢ)·hᵢ, a vector ="), gradText("        %s", vecText(n.products)),
				gradFormula(gradRowFrac, `\text{their sum: }\nabla f \cdot h = \sum_i \frac{\partial f}{\partial x_i} h_i = %.6g`, n.directional))
		} else {
			terms, prods := make([]string, len(n.grad)), make([]string, len(n.grad))
			for i, g := range n.grad {
				terms[i] = texNum(g) + ` \cdot ` + texNum(s.h[i])
				prods[i] = texNum(n.products[i])
			}
			rows = append(rows, gradFormula(gradRowFrac, `\nabla f \cdot h = \sum_i \frac{\partial f}{\partial x_i} h_i = %s = %s = %.6g`,
				strings.Join(terms, " + "), strings.Join(prods, " + "), n.directional))
		}
		rows = append(rows,
			gradText("core's JVP (one forward sweep, no gradient formed): %.6g", n.jvp),
			gradFormula(gradRowMath, `f(x_0 + h) = %.6g \approx f(x_0) + \nabla f \cdot h = %.6g`, n.fh, n.f+n.directional),
			gradText("error %.3g; against the step length it falls with slope %.3f", math.Abs(n.fh-n.f-n.directional), s.rem.slope))
	default:
		c := s.chain
		if c.err != nil {
			return append(rows, gradText("The chain rule cannot be shown here:"), gradText("%s", c.err.Error()))
		}
		rows = append(rows, gradText("y = f(x₀) = %.6g    z = g(y) = %.6g    dz/dy = g′(y) = %.6g", c.y, c.z, c.dzdy))
		if long {
			rows = append(rows, gradFormula(gradRowFrac, `\frac{\partial z}{\partial x} = g'(y)\,\nabla f(x_0) = %s\,\nabla f(x_0) =`, texNum(c.dzdy)),
				gradText("        %s", vecText(c.product)),
				gradFormula(gradRowMath, `\text{autodiff of } g \circ f\text{:}`), gradText("        %s", vecText(c.dzdx)))
		} else {
			rows = append(rows, gradFormula(gradRowFrac, `\frac{\partial z}{\partial x} = g'(y)\,\nabla f(x_0) = %s \times %s = %s`, texNum(c.dzdy), texVec(n.grad), texVec(c.product)),
				gradFormula(gradRowMath, `\text{autodiff of } g \circ f\text{: } %s`, texVec(c.dzdx)))
		}
		d := 0.0
		for i := range c.product {
			d = math.Max(d, math.Abs(c.product[i]-c.dzdx[i]))
		}
		rows = append(rows, gradText("largest difference: %.2g", d))
	}
	return rows
}

// partials writes ∂f/∂xᵢ for each coordinate xᵢ as TeX fractions, or
// ∂f/∂x₁, …, ∂f/∂x_N when there are more than three.
func (s *gradient) partials() string {
	c := s.coords
	if len(c) > 3 {
		c = []string{c[0], "", c[len(c)-1]}
	}
	p := make([]string, len(c))
	for i, name := range c {
		p[i] = `\frac{\partial f}{\partial ` + name + `}`
		if name == "" {
			p[i] = `\ldots`
		}
	}
	return strings.Join(p, ", ")
}

// Describe implements Describer: the numbers of the current step.
func (s *gradient) Describe() []string {
	n := s.nums
	var d string
	switch {
	case n.err != nil:
		d = "It cannot be evaluated at x₀ = " + vecText(s.x0) + ": " + n.err.Error()
	case s.step == 0:
		d = fmt.Sprintf("At x₀ = %s, f(x₀) = %.6g and the gradient is %s.", vecText(s.x0), n.f, vecText(n.grad))
	case s.step == 1:
		d = fmt.Sprintf("At x₀ = %s in the direction h = %s, the products of the gradient's entries with h's are %s; their sum, the directional derivative, is %.6g.",
			vecText(s.x0), vecText(s.h), vecText(n.products), n.directional)
	default:
		c := s.getChain()
		if c.err != nil {
			d = "The chain rule cannot be shown: " + c.err.Error()
			break
		}
		d = fmt.Sprintf("At x₀ = %s, z = g(f(x)) with g(y) = %s: g′(y) = %.6g times the gradient gives %s; autodiff of g∘f gives %s.",
			vecText(s.x0), s.fn(1).prog.Source(), c.dzdy, vecText(c.product), vecText(c.dzdx))
	}
	return s.describe(d)
}

// Link implements Linker: the functions, the point x₀ and the step.
func (s *gradient) Link() url.Values { return s.link(s.inputs(s.x0)) }

func (s *gradient) State() Stater {
	n := s.nums
	st := &GradientState{
		LessonState: s.lesson.state(s.inputs(s.x0)),
		X0:          expr.Data(s.x0),
		Direction:   expr.Data(s.h),
		Plots:       map[string]viz.Geometry{},
	}
	if n.err == nil {
		r, c := s.getRemainder(), s.getChain()
		g := &GradientNumbers{
			Gradient: expr.Data(n.grad), Products: expr.Data(n.products), Directional: Num(n.directional),
			Remainder: GradientRemainder{Steps: expr.Data(r.steps), Errors: expr.Data(r.errs), Slope: Num(r.slope)},
		}
		if c.err == nil {
			dzdy := Num(c.dzdy)
			g.Chain = GradientChain{DZDY: &dzdy, DYDX: expr.Data(n.grad), Product: expr.Data(c.product), DZDX: expr.Data(c.dzdx)}
		} else {
			g.Chain = GradientChain{Error: c.err.Error()}
		}
		st.GradientNumbers = g
	}
	if s.plane() {
		st.Plots["heatmap"] = s.heat.Geometry()
	}
	switch s.step {
	case 0:
		st.Plots["bars"] = s.bars.Geometry()
	case 1:
		st.Plots["slice"], st.Plots["remainder"] = s.slicePlot.Geometry(), s.errPlot.Geometry()
	case 2:
		st.Plots["g"] = s.gPlot.Geometry()
	}
	if n.err != nil {
		st.setError(n.err)
	}
	return st
}
