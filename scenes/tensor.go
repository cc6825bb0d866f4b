package scenes

import (
	"errors"
	"fmt"
	"image"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz"
)

func init() {
	Register(Entry{ID: "tensor", Title: "Tensor", New: newTensor})
}

// tensor is the fourth lesson: y = f(x) with x and y tensors, and its
// generalized Jacobian ∂y/∂x, of shape y.shape ++ x.shape, whose entry at
// the multi-indices (i, j) is ∂y_i/∂x_j. The lesson shows it as blocks, one
// per entry of y, each shaped like x; the chain rule for a scalar loss
// L = Σ G * y as the contraction over all of y's axes; the linear
// approximation y(x+h) ≈ y(x) + (∂y/∂x)·h; why such Jacobians are not
// stored at realistic sizes, with the VJP computed instead; and what
// building one costs in forward and in reverse mode.
//
// The function is an item of the gallery, with shapes the student sets,
// or an expression typed in the text field; its Jacobian is taken with
// respect to its first input, x, the others held fixed.
type tensor struct {
	*lesson
	item     int   // the gallery item, or -1 for a typed expression
	dims     []int // the item's dimensions
	compiled []int // the dimensions the function was last compiled at

	gallery *viz.Segmented // the items, and last "typed" for a typed expression
	sizes   [3]*viz.Slider // the sizes of up to three dimensions
	sliders []*viz.Slider  // the item's: one per dimension, none for a typed expression
	hSize   *viz.Slider    // ‖h‖, on the linear approximation's step
	// The loss L(y) of the chain rule's step, typed; lossSrc is the last
	// that worked, and lossL labels the field.
	lossField *viz.TextField
	lossSrc   string
	lossL     viz.Label
	view      *chainView // the contraction among the lesson's widgets
	anim      *viz.Contraction

	nums     tensorNums
	lin      tensorLinear
	sel      int  // the selected entry of ∂y/∂x, a flat position
	picking  bool // a press on the grid is held: the selection follows the pointer
	pending  int  // ticks since the shapes changed, or -1 when the numbers are up to date
	shapeMsg string

	jgrid, vjpGrid       *viz.Grid // ∂y/∂x, and the corner of ∂L/∂x on the memory step
	trueGrid, approxGrid *viz.Grid // y(x+h) and y(x) + (∂y/∂x)·h
	resPlot              *viz.ErrorPlot
	formula              viz.Formula
	texts                tensorTexts

	// Where things go, laid out by Update.
	left, right, meter image.Rectangle
}

// tensorTexts are the lesson's texts, each drawn from a cached image.
type tensorTexts struct {
	caption, body, side, hint viz.Label
	heads                     [3]viz.Label // captions over the contraction's grids, or the linear step's
	bars                      [4]viz.Label // the memory meter's or the modes' rows
}

// tensorNums are the lesson's numbers for the function as it is, all from
// core (and from the gallery's closed forms).
type tensorNums struct {
	prog  *expr.Program
	named map[string]*core.Tensor // the inputs by name
	y     *core.Tensor
	jac   *core.Tensor   // ∂y/∂x, nil when not built
	disp  *core.Tensor   // jac with x's part shaped as a matrix, for the grids
	jacs  []*core.Tensor // every input's Jacobian, for state(), nil unless all are built
	guard error          // core's refusal to build ∂y/∂x, or nil
	why   string         // why ∂y/∂x was not built, if it was not

	g          *core.Tensor // G = ∂L/∂y, of the loss L = Σ G * y by default, with G random
	lossSrc    string       // the loss used
	loss       float64      // its value
	vjp        *core.Tensor // ∂L/∂x by core's VJP
	vjpMs      float64
	closed     *core.Tensor // ∂L/∂x by the gallery's closed form, or nil
	contracted *core.Tensor // Σ_k G_k (∂y/∂x)_k by core.Contract, or nil
	maxDiff    float64      // the largest difference among those three

	fwdMs, revMs float64 // the time to build ∂y/∂x in each mode
	measured     bool    // whether the times were measured whole, or extrapolated from one sweep

	err error // why the function cannot be differentiated, or nil
}

// tensorLinear is the linear approximation along the direction u for the
// step h = ‖h‖ u, and its residual over a range of ‖h‖.
type tensorLinear struct {
	u, ju          *core.Tensor // the unit direction, and (∂y/∂x)·u by one JVP
	yh, approx     *core.Tensor // y(x+h) and y(x) + (∂y/∂x)·h at the slider's ‖h‖
	residual       float64      // ‖y(x+h) − y(x) − (∂y/∂x)·h‖
	ts, res        []float64    // the series for the log–log plot
	slope          float64      // its fitted slope, NaN for a linear function
	linear, stale  bool
	seriesComputed bool
}

// The lesson's defaults and limits.
const (
	tensorDrawMax  = 1296    // the most entries of ∂y/∂x drawn as a grid: 6⁴
	tensorBuildMax = 1 << 20 // the most entries of ∂y/∂x the lesson builds, to stay responsive
	tensorTimeMax  = 1 << 16 // the most entries built twice to time both modes
	tensorStateMax = 1 << 16 // the most entries of a tensor state() lists
	tensorWorkMax  = 1 << 27 // the largest product of an item's dimensions
	tensorSettle   = 2       // ticks the shapes stay put before the numbers are recomputed
	tensorSeed     = 7       // the seed of the gallery's values, G and u
	tensorHMin     = 1e-6    // the range of ‖h‖
	tensorHMax     = 1.0
	tensorFormula  = 16 // the formulas' size in logical pixels
)

// tensorSizes are the sizes a dimension can take: every size to 6, for
// pictures, then doubling to realistic widths.
var tensorSizes = []int{1, 2, 3, 4, 5, 6, 8, 16, 32, 64, 128, 256, 512, 1024}

var tensorSteps = []step{
	{"The generalized Jacobian", "For a tensor x and y = f(x), ∂y/∂x has shape (y's shape) × (x's shape): one block per entry y_i of y, shaped like x,\n" +
		"holding ∂y_i/∂x_j for every j. White cells are exact zeros: their pattern is the function's structure.\n" +
		"Click a cell, or use ← → (entry) and ↑ ↓ (block); change the shapes with the sliders, or type your own f."},
	{"Linear approximation", "y(x + h) ≈ y(x) + (∂y/∂x)·h, where the product sums over all of x's axes: entry i is Σ_j (∂y_i/∂x_j) h_j.\n" +
		"(The text writes ∂f/∂y here; the derivative is by x.) h has x's shape; the slider sets its size ‖h‖.\n" +
		"For a function with curvature the residual falls like ‖h‖², slope 2 on the log–log plot; for a linear one it is zero."},
	{"Chain rule as a contraction", "For a scalar loss L(y) (Σ G * y with a random G, or type one), ∂L/∂x = Σ_k G_k (∂y/∂x)_k with G = ∂L/∂y:\n" +
		"the blocks of ∂y/∂x weighted by G and added, k running over every axis of y (the text reuses N₁…N_D for y's\n" +
		"and z's shapes; they differ). Space plays, F finishes. It matches the closed form and core's VJP."},
	{"Too big to store", "∂y/∂x has as many entries as x and y together multiply to: for x W with x of N×D and y of N×M, N·M·N·D.\n" +
		"Raise the sizes (N = 64, D = M = 1024 is a small layer): past core's limit the Jacobian is refused before any memory\n" +
		"is taken, and ∂L/∂x still comes from one backward sweep (the VJP), the way deep-learning libraries do it."},
	{"Forward or reverse", "A full Jacobian takes one forward sweep (a JVP) per entry of x, giving a column each, or one backward sweep\n" +
		"(a VJP) per entry of y, giving a row each. core's Auto mode picks the fewer sweeps. Both are timed here;\n" +
		"a loss is a single number, so its gradient takes one VJP: that is why training runs in reverse mode."},
}

// tensorInput accepts typed functions with at least one input.
func tensorInput(p *expr.Program) error {
	if len(p.Names()) == 0 {
		return fmt.Errorf("this lesson differentiates by an input: type a function of one, like tanh(x)")
	}
	return nil
}

func newTensor(q url.Values) Scene {
	s := &tensor{pending: -1}
	it := tensorGallery[0]
	s.lesson = newLesson(q, "Generalized Jacobians: tensor in, tensor out", tensorSteps,
		fieldSpec{label: "y =", def: it.src(it.defs), defAt: "x = [[1, 2], [3, 4]]; W = [[1, 0], [0, 1]]", check: tensorInput})
	var notices []string
	if s.notice != "" {
		notices = append(notices, s.notice)
	}
	labels := make([]string, len(tensorGallery), len(tensorGallery)+1)
	for i, it := range tensorGallery {
		labels[i] = it.label
	}
	s.gallery = &viz.Segmented{Options: append(labels, "typed")}
	s.hSize = &viz.Slider{Label: "‖h‖", Min: tensorHMin, Max: tensorHMax, Log: true, Value: 0.1, Steps: 24}
	s.view = &chainView{anim: &s.anim}
	// The widgets in the order Tab visits them.
	s.ui = viz.NewUI()
	s.ui.Add(s.fields[0].text, s.gallery)
	for k := range s.sizes {
		s.sizes[k] = &viz.Slider{Min: 0, Max: float64(len(tensorSizes) - 1), Steps: len(tensorSizes) - 1, Format: sizeText}
		s.ui.Add(s.sizes[k])
	}
	s.lossSrc = tensorDefLoss
	if l := strings.TrimSpace(q.Get("loss")); l != "" {
		s.lossSrc = l
	}
	s.lossField = &viz.TextField{}
	s.lossField.SetText(s.lossSrc)
	s.ui.Add(s.hSize, s.lossField, s.view, s.prev, s.next)
	s.jgrid, s.vjpGrid = viz.NewGrid(nil), viz.NewGrid(nil)
	s.trueGrid, s.approxGrid = viz.NewGrid(nil), viz.NewGrid(nil)
	s.resPlot = viz.NewErrorPlot(2, func(p *plot.Plot) {
		if s.lin.linear {
			p.Title.Text = "y is linear in x: only rounding is left"
		}
		p.X.Label.Text, p.Y.Label.Text = "‖h‖", "residual"
	})

	// A typed function (f and at) comes before the gallery's item.
	typed := q.Get("f") != "" || q.Get("at") != ""
	s.item = 0
	if k := q.Get("item"); k != "" {
		i, ok := itemByKey(k)
		if !ok {
			notices = append(notices, fmt.Sprintf("item=%q is not in the gallery (%s); showing %s.", k, tensorItemKeys(), tensorGallery[0].key))
		}
		s.item = i
	}
	f := s.fn(0)
	switch {
	case typed && f.Err() == nil:
		s.setTyped()
	case f.Err() != nil:
		// A bad expression stays in the field with its mistake marked,
		// and the gallery's first item is studied meanwhile.
		text, err := s.fields[0].text.Text(), f.Err()
		s.setItem(s.item)
		f.err = err
		s.fields[0].text.SetText(text)
		s.fields[0].showError()
	default:
		notices = append(notices, s.dimsFromQuery(q)...)
		s.setItem(s.item)
	}
	if _, msg, ok := s.lossField.Error(); ok {
		notices = append(notices, fmt.Sprintf("loss=%q does not work here (%s); using %s.", q.Get("loss"), msg, tensorDefLoss))
	}
	s.notice = strings.Join(notices, " ")
	return s
}

// tensorItemKeys lists the gallery's keys, for notices.
func tensorItemKeys() string {
	keys := make([]string, len(tensorGallery))
	for i, it := range tensorGallery {
		keys[i] = it.key
	}
	return strings.Join(keys, ", ")
}

// dimsFromQuery sets the item's dimensions from the page's keys named after
// them, and returns a notice for each bad value, which keeps its default.
func (s *tensor) dimsFromQuery(q url.Values) []string {
	it := tensorGallery[s.item]
	s.dims = slices.Clone(it.defs)
	var notices []string
	for k, name := range it.dims {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(tensorSizes, n) {
			notices = append(notices, fmt.Sprintf("%s=%q is not one of the sizes %v; using %d.", name, v, tensorSizes, it.defs[k]))
			continue
		}
		s.dims[k] = n
	}
	if err := s.checkDims(s.dims); err != nil {
		notices = append(notices, err.Error()+"; using the defaults.")
		s.dims = slices.Clone(it.defs)
	}
	return notices
}

// checkDims refuses dimensions the item cannot take, or that would take
// too long to evaluate in the browser.
func (s *tensor) checkDims(d []int) error {
	it := tensorGallery[s.item]
	work := 1
	for _, v := range d {
		work *= v
	}
	if work > tensorWorkMax {
		return fmt.Errorf("%s = %s would take too long to compute in the page (the product of the sizes is at most %d)", strings.Join(it.dims, "·"), intsText(d, "·"), tensorWorkMax)
	}
	if it.key == "conv1d" && d[2] > d[1] {
		return fmt.Errorf("the kernel (K = %d) must be no longer than the signal (L = %d)", d[2], d[1])
	}
	return nil
}

// setItem switches to gallery item i at the current dimensions (its
// defaults if they are for another item), and puts its expression in the
// text field.
func (s *tensor) setItem(i int) {
	it := tensorGallery[i]
	if s.item != i || len(s.dims) != len(it.dims) {
		s.dims = slices.Clone(it.defs)
	}
	s.item = i
	s.gallery.Selected = i
	s.sliders = s.sizes[:len(it.dims)]
	for k, name := range it.dims {
		s.sliders[k].Label = name
	}
	if err := s.compileItem(); err != nil {
		s.shapeMsg = err.Error() + "; back to the defaults."
		s.dims = slices.Clone(it.defs)
		s.compileItem() // the defaults compile: TestTensorGallery
	}
}

// syncSliders puts the sliders at the item's dimensions.
func (s *tensor) syncSliders() {
	for k, sl := range s.sliders {
		sl.Value = float64(slices.Index(tensorSizes, s.dims[k]))
	}
}

// setTyped studies the typed expression: the gallery shows "typed", and
// the sizes give way to the shapes of its values.
func (s *tensor) setTyped() {
	s.item, s.gallery.Selected, s.sliders = -1, len(tensorGallery), nil
	s.shapeMsg = ""
	s.setFunction()
}

// sizeText formats a slider's position as the size it stands for.
func sizeText(v float64) string {
	return strconv.Itoa(tensorSizes[int(math.Round(min(max(v, 0), float64(len(tensorSizes)-1))))])
}

// compileItem compiles the gallery item at the current dimensions with its
// seeded values, and starts the lesson over for it. On error nothing
// changes but the sliders, which go back to the dimensions compiled last.
func (s *tensor) compileItem() error {
	it := tensorGallery[s.item]
	vals := map[string]*core.Tensor{}
	for name, sh := range it.shapes(s.dims) {
		vals[name] = tensorValues(name, sh, tensorSeed)
	}
	src := it.src(s.dims)
	p, err := budget.CompileTensors(src, vals)
	if err != nil {
		s.dims = slices.Clone(s.compiled)
		s.syncSliders()
		return fmt.Errorf("%s at %s = %s: %w", it.label, strings.Join(it.dims, ", "), intsText(s.dims, ", "), err)
	}
	s.compiled = slices.Clone(s.dims)
	s.syncSliders()
	f := s.fn(0)
	f.prog, f.err = p, nil
	s.fields[0].text.SetText(src)
	s.fields[0].showError()
	s.setFunction()
	return nil
}

// setFunction recomputes everything for the function as it is now.
func (s *tensor) setFunction() {
	s.compute()
	s.pending = -1
	s.anim = nil
	if d := s.nums.disp; d != nil && d.Len() <= tensorDrawMax {
		a := viz.NewContraction(s.nums.g, d, axesUpTo(s.nums.y.Rank()), axesUpTo(s.nums.y.Rank()))
		a.Names = [3]string{"G", "∂y/∂x", "∂L/∂x"}
		s.anim = a
	}
	s.jgrid.SetTensor(s.nums.disp)
	s.sel = min(s.sel, max(0, s.jacLen()-1))
	s.lin = tensorLinear{stale: true}
	s.computeLinear()
	s.resPlot.Set(viz.Series{Color: viz.Light.Curve, Dots: true, H: s.lin.ts, Err: s.lin.res})
	s.resPlot.Invalidate() // its title says whether y is linear
	s.setSelection()
}

// axesUpTo returns the axes 0, 1, …, n−1.
func axesUpTo(n int) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	return a
}

// jacLen is the number of entries of ∂y/∂x.
func (s *tensor) jacLen() int {
	n := s.nums
	if n.err != nil {
		return 0
	}
	return n.y.Len() * n.x().Len()
}

// x is the input the Jacobian is taken by.
func (n *tensorNums) x() *core.Tensor { return n.prog.Inputs()[0] }

// xName is its name.
func (n *tensorNums) xName() string { return n.prog.Names()[0] }

// fx returns f as a function of x alone, its other inputs held at their
// values.
func (n *tensorNums) fx() core.Func {
	f, ins := n.prog.Func(), n.prog.Inputs()
	return func(in []*core.Node) *core.Node {
		args := make([]*core.Node, len(ins))
		args[0] = in[0]
		for i := 1; i < len(ins); i++ {
			args[i] = core.ConstLike(ins[i], in[0])
		}
		return f(args)
	}
}

// settings are core's settings for f as a function of x alone.
func (n *tensorNums) settings(mode core.Mode) *core.Settings {
	s := n.prog.Settings(mode)
	s.Names = []string{n.xName()}
	return s
}

// gridShape is the shape of x as the grids draw it: x's own if it has two
// axes or more, a row for a vector, one cell for a scalar.
func gridShape(x core.Shape) core.Shape {
	switch len(x) {
	case 0:
		return core.Shape{1, 1}
	case 1:
		return core.Shape{1, x[0]}
	}
	return x
}

// compute computes the numbers for the function as it is.
func (s *tensor) compute() {
	p := s.fn(0).prog
	n := tensorNums{prog: p, named: map[string]*core.Tensor{}, y: p.Value()}
	for i, name := range p.Names() {
		n.named[name] = p.Inputs()[i]
	}
	x, y := n.x(), n.y
	fx := n.fx()
	xs := []*core.Tensor{x}
	entries := y.Len() * x.Len()
	switch {
	case entries > core.DefaultMaxEntries:
		// core refuses it before allocating: ask it, for its own words.
		_, _, err := core.Jacobian(fx, xs, n.settings(core.Auto))
		var se *core.SizeError
		if !errors.As(err, &se) {
			n.err = fmt.Errorf("core built or failed a Jacobian over its limit: %v", err)
			s.nums = n
			return
		}
		n.guard = err
		n.why = "core refused it."
	case entries > tensorBuildMax:
		n.why = fmt.Sprintf("core would build it, but this page stops at %d entries to stay responsive.", tensorBuildMax)
	default:
		_, jac, err := core.Jacobian(fx, xs, n.settings(core.Auto))
		if err != nil {
			n.err = err
			s.nums = n
			return
		}
		n.jac = jac[0]
		// A scalar or vector x gains axes in the grids' shape, which
		// core refuses past its largest rank: then there is no grid.
		if core.Maybe(func() { n.disp = n.jac.Reshape(append(y.Shape(), gridShape(x.Shape())...)...) }) != nil {
			n.disp = nil
		}
		fits := true
		for _, t := range p.Inputs() {
			fits = fits && y.Len()*t.Len() <= tensorBuildMax
		}
		if fits {
			// The error, if any, is the work limit's: state() leaves
			// them out.
			n.jacs, _ = p.Jacobians(core.Auto)
		}
	}

	g, l, err := lossGrad(s.lossSrc, y)
	if err != nil {
		// A typed loss that does not fit this y: the default, with the
		// mistake marked in the loss's field.
		markError(s.lossField, err)
		s.lossSrc = tensorDefLoss
		g, l, err = lossGrad(s.lossSrc, y)
	}
	if err != nil {
		n.err = err
		s.nums = n
		return
	}
	n.g, n.loss, n.lossSrc = g, l, s.lossSrc
	start := time.Now()
	_, pull, err := core.VJP(fx, xs, n.settings(core.Auto))
	if err == nil {
		var bars []*core.Tensor
		if bars, err = pull(n.g); err == nil {
			n.vjp = bars[0]
		}
	}
	if err != nil {
		n.err = err
		s.nums = n
		return
	}
	n.vjpMs = msSince(start)
	s.vjpGrid.SetTensor(corner(n.vjp, 6))
	if s.item >= 0 {
		n.closed = tensorGallery[s.item].vjp(n.named, y, n.g)
	}
	if n.jac != nil {
		ax := axesUpTo(y.Rank())
		n.contracted = core.Contract(n.g, n.jac, ax, ax)
	}
	for _, a := range []*core.Tensor{n.closed, n.contracted} {
		if a != nil {
			n.maxDiff = math.Max(n.maxDiff, tensorMaxDiff(a, n.vjp))
		}
	}
	if n.closed != nil && n.contracted != nil {
		n.maxDiff = math.Max(n.maxDiff, tensorMaxDiff(n.closed, n.contracted))
	}
	s.nums = n
	s.timeModes()
}

// tensorMaxDiff returns the largest difference between the entries of a
// and b, which must have as many.
func tensorMaxDiff(a, b *core.Tensor) float64 {
	d := 0.0
	for k, v := range a.Data() {
		d = math.Max(d, math.Abs(v-b.Data()[k]))
	}
	return d
}

// msSince returns the milliseconds since start.
func msSince(start time.Time) float64 { return float64(time.Since(start).Microseconds()) / 1000 }

// timeModes times the building of ∂y/∂x in forward and in reverse mode:
// whole when it is small, otherwise one sweep of each times the number of
// sweeps.
func (s *tensor) timeModes() {
	n := &s.nums
	x, y := n.x(), n.y
	fx, xs := n.fx(), []*core.Tensor{n.x()}
	if y.Len()*x.Len() <= tensorTimeMax {
		for _, m := range []struct {
			mode core.Mode
			ms   *float64
		}{{core.Forward, &n.fwdMs}, {core.Reverse, &n.revMs}} {
			start := time.Now()
			core.Jacobian(fx, xs, n.settings(m.mode))
			*m.ms = msSince(start)
		}
		n.measured = true
		return
	}
	start := time.Now()
	core.JVP(fx, xs, []*core.Tensor{tensorValues("u", x.Shape(), tensorSeed)}, n.settings(core.Auto))
	n.fwdMs = msSince(start) * float64(x.Len())
	n.revMs = n.vjpMs * float64(y.Len())
	n.measured = false
}

// computeLinear computes the linear approximation at the slider's ‖h‖ and,
// the first time, its residual over ‖h‖ from 1 to 10⁻⁶ in quarter decades
// (whole decades for a large function).
func (s *tensor) computeLinear() {
	n := s.nums
	l := &s.lin
	if n.err != nil || !l.stale {
		return
	}
	l.stale = false
	fx, x := n.fx(), n.x()
	if l.u == nil {
		l.u = tensorValues("u", x.Shape(), tensorSeed)
		norm := 0.0
		for _, v := range l.u.Data() {
			norm += v * v
		}
		for k := range l.u.Data() {
			l.u.Data()[k] /= math.Sqrt(norm)
		}
		_, ju, err := core.JVP(fx, []*core.Tensor{x}, []*core.Tensor{l.u}, n.settings(core.Auto))
		if err != nil {
			l.u = nil
			return
		}
		l.ju = ju
	}
	res := func(t float64) (yh, approx *core.Tensor, r float64) {
		xh := x.Clone()
		approx = n.y.Clone()
		for k, v := range l.u.Data() {
			xh.Data()[k] += t * v
		}
		for k, v := range l.ju.Data() {
			approx.Data()[k] += t * v
		}
		yh, err := core.Eval(fx, []*core.Tensor{xh}, n.settings(core.Auto))
		if err != nil {
			return nil, nil, math.NaN()
		}
		sq := 0.0
		for k, v := range yh.Data() {
			d := v - approx.Data()[k]
			sq += d * d
		}
		return yh, approx, math.Sqrt(sq)
	}
	l.yh, l.approx, l.residual = res(s.hSize.Value)
	if l.yh != nil && l.yh.Len() <= tensorDrawMax {
		s.trueGrid.SetTensor(l.yh.Reshape(gridShape(l.yh.Shape())...))
		s.approxGrid.SetTensor(l.approx.Reshape(gridShape(l.approx.Shape())...))
	}
	if l.seriesComputed {
		return
	}
	l.seriesComputed = true
	per := 4 // points per decade
	if n.y.Len()+x.Len() > tensorTimeMax {
		per = 1
	}
	l.ts, l.res = l.ts[:0], l.res[:0]
	for k := 0; k <= 6*per; k++ {
		t := math.Pow(10, -float64(k)/float64(per))
		_, _, r := res(t)
		l.ts, l.res = append(l.ts, t), append(l.res, r)
	}
	ynorm := 0.0
	for _, v := range n.y.Data() {
		ynorm = math.Max(ynorm, math.Abs(v))
	}
	// At ‖h‖ = 1 a curved function misses by a visible amount; a linear
	// one only by rounding.
	l.linear = l.res[0] <= 1e-10*(1+ynorm)
	l.slope = math.NaN()
	if !l.linear {
		// Only residuals well above rounding (10⁻¹⁰) show the power law.
		var ts, rs []float64
		for k, r := range l.res {
			if r > 1e-10 {
				ts, rs = append(ts, l.ts[k]), append(rs, r)
			}
		}
		l.slope = logLogSlope(ts, rs)
	}
}

// setSelection highlights the selected entry and its block.
func (s *tensor) setSelection() {
	d := s.nums.disp
	if d == nil {
		return
	}
	idx := d.Shape().Unravel(s.sel)
	r := d.Rank()
	s.jgrid.SetHighlights(
		viz.Highlight{Index: idx, Free: []int{r - 2, r - 1}, Color: viz.Light.Accent},
		viz.Highlight{Index: idx, Color: viz.Light.Tangent},
	)
}

// selected returns the multi-indices of the selected entry in y and in x.
func (s *tensor) selected() (i, j []int) {
	n := s.nums
	xl := n.x().Len()
	return n.y.Shape().Unravel(s.sel / xl), n.x().Shape().Unravel(s.sel % xl)
}

// layout places the controls and the pictures in the body.
func (s *tensor) layout(sc float64) {
	b := s.body
	pad := int(12 * sc)
	rowH := int(44 * sc)
	split := b.Min.X + b.Dx()*58/100
	s.gallery.Rect = image.Rect(b.Min.X+pad, b.Min.Y+pad/2, b.Max.X-pad, b.Min.Y+pad/2+int(32*sc))
	top := s.gallery.Rect.Max.Y + pad/2
	x := split + pad/2
	w := (b.Max.X - pad - x - 2*pad) / 3
	for _, sl := range s.sizes {
		sl.Rect = image.Rectangle{}
	}
	for _, sl := range s.sliders {
		sl.Rect = image.Rect(x, top, x+w, top+rowH)
		x += w + pad
	}
	s.left = image.Rect(b.Min.X+pad, top, split-pad/2, b.Max.Y-pad/2)
	s.right = image.Rect(split+pad/2, top, b.Max.X-pad, b.Max.Y-pad/2)
	if len(s.sliders) > 0 {
		s.right.Min.Y += rowH + pad/2
	}
	s.hSize.Rect = image.Rectangle{}
	if s.step == 1 {
		s.hSize.Rect = image.Rect(s.right.Min.X, s.right.Min.Y, s.right.Max.X, s.right.Min.Y+rowH)
	}
	s.lossField.Rect = image.Rectangle{}
	if s.step == 2 {
		w, _ := viz.MeasureText(tensorLossLabel, 15*sc)
		s.lossField.Rect = image.Rect(s.right.Min.X+int(w+8*sc), s.right.Min.Y, s.right.Max.X, s.right.Min.Y+int(32*sc))
	}
	s.view.rect = image.Rectangle{}
	if s.step == 2 && s.anim != nil {
		s.view.rect = s.left.Add(image.Pt(0, int(20*sc))).Intersect(s.left)
	}
}

// Layout implements Scene.
func (s *tensor) Layout(a image.Rectangle, sc float64) {
	s.lesson.layout(a, sc)
	s.layout(sc)
}

func (s *tensor) Update(in *viz.Input) error {
	sc := in.Scale
	prog := s.fn(0).prog
	s.lesson.handle(in)
	if s.lossField.Changed() {
		s.editLoss(s.lossField.Text())
	}
	switch {
	case s.fn(0).prog != prog:
		s.setTyped()
	case s.gallery.Changed() && s.gallery.Selected == len(tensorGallery):
		s.setTyped()
	case s.gallery.Changed():
		s.setItem(s.gallery.Selected)
	}
	s.handleSliders(in)
	if s.fnChanged || s.stepChanged {
		s.layout(sc)
	}
	if s.ui.Focused() == nil {
		s.handleKeys(in)
	}
	s.handlePointer(in)
	// A large function follows the size of h once the slider is let go:
	// each evaluation takes a noticeable time.
	if s.hSize.Changed() {
		s.lin.stale = true
	}
	if s.lin.stale && s.nums.err == nil && (!in.Pointer.Down || s.nums.y.Len()+s.nums.x().Len() <= tensorTimeMax) {
		s.computeLinear()
	}
	if s.stepChanged && s.step == 4 && s.nums.err == nil {
		s.timeModes()
	}
	return s.prepare(sc)
}

// handleSliders snaps the size sliders to their sizes and recomputes once
// they settle: a moment after the last change, or at once when the pointer
// is up.
func (s *tensor) handleSliders(in *viz.Input) {
	if s.item < 0 {
		return
	}
	d := slices.Clone(s.dims)
	for k, sl := range s.sliders {
		sl.Value = math.Round(sl.Value)
		d[k] = tensorSizes[int(sl.Value)]
	}
	if !slices.Equal(d, s.dims) {
		if err := s.checkDims(d); err != nil {
			s.shapeMsg = err.Error() + "."
			s.syncSliders()
			return
		}
		s.dims, s.pending, s.shapeMsg = d, 0, ""
		return
	}
	if s.pending >= 0 {
		s.pending++
		if s.pending > tensorSettle && !in.Pointer.Down {
			if err := s.compileItem(); err != nil {
				s.shapeMsg, s.pending = err.Error()+".", -1
			}
		}
	}
}

// handleKeys applies the keys when no widget has the focus: on the first
// step the arrows move the selection, on the chain rule's Space and F play
// and finish the contraction.
func (s *tensor) handleKeys(in *viz.Input) {
	switch {
	case s.step == 0 && s.nums.disp != nil:
		n, xl := s.jacLen(), s.nums.x().Len()
		old := s.sel
		switch {
		case in.Take(ebiten.KeyArrowRight):
			s.sel = min(s.sel+1, n-1)
		case in.Take(ebiten.KeyArrowLeft):
			s.sel = max(s.sel-1, 0)
		case in.Take(ebiten.KeyArrowDown):
			s.sel = min(s.sel+xl, n-1)
		case in.Take(ebiten.KeyArrowUp):
			s.sel = max(s.sel-xl, 0)
		}
		if s.sel != old {
			s.setSelection()
		}
	case s.step == 2 && s.anim != nil:
		if in.TakePress(ebiten.KeySpace) {
			s.anim.Timeline.Toggle()
		}
		if in.TakePress(ebiten.KeyF) {
			s.anim.Timeline.Finish()
		}
	}
}

// handlePointer selects the entry pressed on the first step, and the
// entries the pointer passes over while the press is held.
func (s *tensor) handlePointer(in *viz.Input) {
	p := in.Pointer
	if s.step != 0 || s.nums.disp == nil || !p.Down {
		s.picking = false
		return
	}
	idx, ok := s.jgrid.Hit(p.X, p.Y)
	if p.Pressed {
		s.picking = ok
	}
	if ok && s.picking {
		if k := s.nums.disp.Shape().Ravel(idx...); k != s.sel {
			s.sel = k
			s.setSelection()
		}
	}
}

// prepare places the step's grids and plot and sets its texts.
func (s *tensor) prepare(sc float64) error {
	l, r := s.left, s.right
	capH := int(22 * sc)
	var tex string
	n := s.nums
	switch {
	case n.err != nil:
	case s.step == 0 && n.disp != nil:
		s.jgrid.Prepare(image.Rect(l.Min.X, l.Min.Y+capH, l.Max.X, l.Max.Y), sc)
		tex = s.entryTeX()
	case s.step == 1:
		if s.lin.yh != nil && s.lin.yh.Len() <= tensorDrawMax {
			half := (l.Dx() - int(16*sc)) / 2
			gr := image.Rect(l.Min.X, l.Min.Y+capH, l.Min.X+half, l.Min.Y+l.Dy()*60/100)
			s.trueGrid.Prepare(gr, sc)
			s.approxGrid.Prepare(gr.Add(image.Pt(half+int(16*sc), 0)), sc)
		}
		s.resPlot.Prepare(image.Rect(r.Min.X, r.Min.Y+int(96*sc), r.Max.X, r.Max.Y), sc)
		tex = `y(x + h) \approx y(x) + \frac{\partial y}{\partial x}\cdot h`
	case s.step == 2 && s.anim != nil:
		v := s.view.rect
		a := s.anim
		side := v.Dx() * 30 / 100
		gap := int(12 * sc)
		a.A.Prepare(image.Rect(v.Min.X, v.Min.Y, v.Min.X+side, v.Min.Y+v.Dy()/2-gap), sc)
		a.Out.Prepare(image.Rect(v.Min.X, v.Min.Y+v.Dy()/2+capH, v.Min.X+side, v.Max.Y), sc)
		a.B.Prepare(image.Rect(v.Min.X+side+gap, v.Min.Y, v.Max.X, v.Max.Y), sc)
		tex = s.chainTeX()
	case s.step == 2:
		s.vjpGrid.Prepare(image.Rect(l.Min.X, l.Min.Y+capH, l.Min.X+int(240*sc), min(l.Max.Y, l.Min.Y+capH+int(220*sc))), sc)
		tex = s.vjpTeX()
	case s.step == 3:
		s.meter = image.Rect(l.Min.X, l.Min.Y+capH, l.Max.X, l.Min.Y+capH+int(4*34*sc))
		if n.vjp != nil {
			top := r.Min.Y + int(170*sc)
			s.vjpGrid.Prepare(image.Rect(r.Min.X, top, r.Min.X+int(200*sc), min(r.Max.Y, top+int(180*sc))), sc)
		}
		tex = s.vjpTeX()
	}
	if err := s.formula.SetTeX(tex, tensorFormula*sc); err != nil {
		return fmt.Errorf("tensor lesson formula %q: %w", tex, err)
	}
	s.setTexts(sc)
	return nil
}

// corner returns the top-left corner of t, at most k entries along each of
// its last two axes, as a matrix (a row for a vector, a cell for a scalar).
func corner(t *core.Tensor, k int) *core.Tensor {
	m := t.Reshape(append(core.Shape{-1}, gridShape(t.Shape())...)...)
	sh := m.Shape()
	r, c := min(sh[1], k), min(sh[2], k)
	out := core.Zeros(r, c)
	for i := range r {
		for j := range c {
			out.Set(m.At(0, i, j), i, j)
		}
	}
	return out
}

// meterRows are the memory meter's rows: what, and how many entries.
func (s *tensor) meterRows() [4]struct {
	name    string
	entries int
} {
	n := s.nums
	xn := n.xName()
	return [4]struct {
		name    string
		entries int
	}{
		{"full Jacobian ∂y/∂" + xn, n.y.Len() * n.x().Len()},
		{"input " + xn, n.x().Len()},
		{"output y", n.y.Len()},
		{"VJP ∂L/∂" + xn, n.x().Len()},
	}
}

func (s *tensor) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	sc := s.scale
	l, r := s.left, s.right
	t := &s.texts
	lx, ly := float64(l.Min.X), float64(l.Min.Y)
	rx, ry := float64(r.Min.X), float64(r.Min.Y)
	n := s.nums
	t.caption.Draw(screen, lx, ly)
	_, asc, desc := s.formula.Metrics()
	fh := asc + desc
	switch {
	case n.err != nil:
		t.body.Draw(screen, lx, ly)
		return
	case s.step == 0:
		if n.disp != nil && n.disp.Len() <= tensorDrawMax {
			s.jgrid.Draw(screen)
		}
		s.formula.Draw(screen, rx, ry)
		t.side.Draw(screen, rx, ry+fh+12*sc)
	case s.step == 1:
		if s.lin.yh != nil && s.lin.yh.Len() <= tensorDrawMax {
			s.trueGrid.Draw(screen)
			s.approxGrid.Draw(screen)
			t.heads[0].Draw(screen, lx, ly)
			t.heads[1].Draw(screen, float64(s.approxGrid.Bounds().Min.X), ly)
		}
		t.body.Draw(screen, lx, float64(l.Min.Y+l.Dy()*60/100)+12*sc)
		s.formula.Draw(screen, rx, ry+float64(48*sc))
		s.resPlot.Draw(screen)
		t.side.Draw(screen, lx, float64(l.Max.Y)-3*18*sc)
	case s.step == 2:
		if s.anim != nil {
			t.heads[0].Draw(screen, lx, ly)
			t.heads[2].Draw(screen, lx, float64(s.view.rect.Min.Y+s.view.rect.Dy()/2))
			t.heads[1].Draw(screen, float64(s.anim.B.Bounds().Min.X), ly)
		} else {
			t.heads[0].Draw(screen, lx, ly)
			s.vjpGrid.Draw(screen)
		}
		lr := s.lossField.Rect
		_, lh := viz.MeasureText(tensorLossLabel, 15*sc)
		s.lossL.Draw(screen, rx, float64(lr.Min.Y)+(float64(lr.Dy())-lh)/2)
		top := float64(lr.Max.Y) + 24*sc
		s.formula.Draw(screen, rx, top)
		t.side.Draw(screen, rx, top+fh+12*sc)
		t.hint.Draw(screen, rx, float64(r.Max.Y)-14*sc)
	case s.step == 3:
		s.drawMeter(screen)
		t.body.Draw(screen, lx, float64(s.meter.Max.Y)+8*sc)
		s.formula.Draw(screen, rx, ry)
		t.side.Draw(screen, rx, ry+fh+8*sc)
		s.vjpGrid.Draw(screen)
	case s.step == 4:
		s.drawModes(screen)
		t.body.Draw(screen, lx, float64(l.Min.Y)+(26+2*56)*sc)
		t.side.Draw(screen, rx, ry)
	}
}

// drawMeter draws the memory meter: a bar per row on a logarithmic scale
// of bytes from 1 B to 1 PiB, with core's limit marked.
func (s *tensor) drawMeter(screen *ebiten.Image) {
	sc := s.scale
	m := s.meter
	rowH := float64(m.Dy()) / 4
	full := math.Log2(1 << 50)
	at := func(bytes float64) float64 {
		return float64(m.Min.X) + float64(m.Dx())*math.Max(0, math.Log2(math.Max(bytes, 1)))/full
	}
	for k, row := range s.meterRows() {
		y := float64(m.Min.Y) + float64(k)*rowH
		clr := viz.Light.Curve
		if k == 0 {
			clr = viz.Light.Tangent
			if s.nums.guard != nil {
				clr = viz.Light.Error
			}
		}
		x1 := at(8 * float64(row.entries))
		viz.FillRectF(screen, float64(m.Min.X), y+20*sc, x1-float64(m.Min.X), 8*sc, clr)
		s.texts.bars[k].Draw(screen, float64(m.Min.X), y)
	}
	gx := at(8 * float64(core.DefaultMaxEntries))
	viz.Line(screen, gx, float64(m.Min.Y), gx, float64(m.Max.Y), 2*sc, viz.Light.Error)
}

// drawModes draws the counts of sweeps of both modes as bars, the longer
// one full width, each under its label.
func (s *tensor) drawModes(screen *ebiten.Image) {
	sc := s.scale
	l := s.left
	n := s.nums
	counts := []float64{float64(n.x().Len()), float64(n.y.Len())}
	most := math.Max(counts[0], counts[1])
	for k, c := range counts {
		y := float64(l.Min.Y) + 26*sc + float64(k)*56*sc
		clr := viz.Light.Curve
		if k == 1 {
			clr = viz.Light.Tangent
		}
		s.texts.bars[k].Draw(screen, float64(l.Min.X), y)
		viz.FillRectF(screen, float64(l.Min.X), y+20*sc, math.Max(2*sc, float64(l.Dx())*c/most), 20*sc, clr)
	}
}

func (s *tensor) State() Stater {
	n := s.nums
	st := &TensorState{LessonState: s.lesson.state(nil), Item: "typed", Pending: s.pending >= 0}
	if s.item >= 0 {
		it := tensorGallery[s.item]
		st.Item, st.Dims = it.key, map[string]int{}
		for k, name := range it.dims {
			st.Dims[name] = s.dims[k]
		}
	}
	st.Focus = s.focus(s.view, "scene")
	if b := s.jgrid.Bounds(); s.step == 0 && s.nums.disp != nil && !b.Empty() {
		sc := s.scale
		st.Grid = &Box{Left: float64(b.Min.X) / sc, Top: float64(b.Min.Y) / sc, Right: float64(b.Max.X) / sc, Bottom: float64(b.Max.Y) / sc}
	}
	if s.anim != nil {
		st.Animation = s.anim.Progress()
	}
	if n.err != nil {
		st.setError(n.err)
		return st
	}
	p := n.prog
	t := &TensorNumbers{
		Shapes:        map[string]core.Shape{"y": n.y.Shape()},
		Wrt:           n.xName(),
		JacobianShape: append(n.y.Shape(), n.x().Shape()...),
		Entries:       map[string]int{},
		Bytes:         map[string]int{},
		G:             stateTensor(n.g),
		Loss:          TensorLoss{Expr: n.lossSrc, Value: Num(n.loss)},
		VJP:           stateTensor(n.vjp),
		MaxDiff:       Num(n.maxDiff),
		Mode: TensorMode{JVPs: n.x().Len(), VJPs: n.y.Len(), Auto: core.Auto.Pick(n.y.Len(), n.x().Len()).String(),
			ForwardMs: n.fwdMs, ReverseMs: n.revMs, Measured: n.measured},
		Linear: TensorLinear{H: s.hSize.Value, Residual: Num(s.lin.residual), Slope: Num(s.lin.slope), Linear: s.lin.linear},
	}
	for i, name := range p.Names() {
		t.Shapes[name] = p.Inputs()[i].Shape()
	}
	for k, key := range []string{"jacobian", "x", "y", "vjp"} {
		t.Entries[key] = s.meterRows()[k].entries
		t.Bytes[key] = 8 * t.Entries[key]
	}
	if n.guard != nil {
		msg := n.guard.Error()
		t.Guard = &msg
	}
	if n.jac != nil {
		i, j := s.selected()
		t.Selected = &TensorSelected{Y: i, X: j, Value: Num(n.jac.Data()[s.sel])}
		if s.item >= 0 {
			cf := Num(tensorGallery[s.item].entry(n.named, n.y, i, j))
			t.Selected.ClosedForm = &cf
		}
	}
	if n.closed != nil {
		cf := stateTensor(n.closed)
		t.ClosedForm = &cf
	}
	if n.contracted != nil {
		c := stateTensor(n.contracted)
		t.Contraction = &c
	}
	st.TensorNumbers = t
	r := p.Result()
	for i := range r.Inputs {
		r.Inputs[i].Tensor = stateTensor(p.Inputs()[i])
	}
	st.Function = &Function{Expr: r.Expr, Inputs: r.Inputs, Value: stateTensor(n.y)}
	if n.jacs != nil {
		st.Function.Jacobians = p.Partials(n.jacs)
	}
	return st
}

// stateTensor is t's JSON form for state(), its data left out (null) when
// it has more than tensorStateMax entries.
func stateTensor(t *core.Tensor) expr.Tensor {
	j := expr.TensorOf(t)
	if t.Len() > tensorStateMax {
		j.Data = nil
	}
	return j
}

// tensorDefLoss is the default loss: a random weighting of y's entries,
// whose gradient ∂L/∂y is G itself.
const tensorDefLoss = "sum(G * y)"

// tensorLossLabel labels the loss's field.
const tensorLossLabel = "L(y) ="

// lossGrad returns ∂L/∂y and L at y for the loss src, an expression of y
// and of G, the seeded random tensor of y's shape.
func lossGrad(src string, y *core.Tensor) (g *core.Tensor, l float64, err error) {
	vals := map[string]*core.Tensor{"y": y, "G": tensorValues("G", y.Shape(), tensorSeed)}
	p, err := budget.CompileTensors(src, vals)
	if err != nil {
		return nil, 0, err
	}
	if !slices.Contains(p.Names(), "y") {
		return nil, 0, fmt.Errorf("the loss must depend on y")
	}
	if p.Value().Rank() != 0 {
		return nil, 0, fmt.Errorf("the loss must be one number, but this one has shape %v: sum it, as in %s", p.Value().Shape(), tensorDefLoss)
	}
	f, ins, names := p.Func(), p.Inputs(), p.Names()
	fy := func(in []*core.Node) *core.Node {
		args := make([]*core.Node, len(ins))
		for i, name := range names {
			if name == "y" {
				args[i] = in[0]
			} else {
				args[i] = core.ConstLike(ins[i], in[0])
			}
		}
		return f(args)
	}
	s := p.Settings(core.Auto)
	s.Names = []string{"y"}
	gr, err := core.Grad(fy, []*core.Tensor{y}, s)
	if err != nil {
		return nil, 0, err
	}
	return gr[0], p.Value().Data()[0], nil
}

// editLoss takes a new text of the loss: when it works for y, the chain
// rule starts over with its gradient; otherwise its mistake is marked and
// the last loss that worked stays.
func (s *tensor) editLoss(src string) {
	if s.nums.err != nil {
		return
	}
	if _, _, err := lossGrad(src, s.nums.y); err != nil {
		markError(s.lossField, err)
		return
	}
	s.lossField.ClearError()
	s.lossSrc = src
	s.setFunction()
}

// markError marks err in a text field: at its place for a mistake in the
// expression, at the end otherwise.
func markError(f *viz.TextField, err error) {
	var e *expr.Error
	if errors.As(err, &e) && e.Source == "expression" {
		f.SetError(e.Offset, e.Msg)
		return
	}
	f.SetError(len(f.Text()), err.Error())
}
