package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
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

	nums       jacNums
	chain      jacChain
	chainStale bool // x₀ has moved since the chain rule was computed

	jgrid    *viz.Grid        // J
	anim     *viz.Contraction // (∂z/∂y)(∂y/∂x); nil when the chain rule cannot be shown
	view     *chainView       // the animation's place among the lesson's widgets
	formula  viz.Formula      // the step's formula with live numbers
	tex      string           // the formula Update wrote, for Draw to set
	texPx    float64          // its size
	texts    jacTexts
	errPlot  *viz.ErrorPlot
	errStale bool // whether the error plot's series are not x₀'s: Draw sets them

	// Where things go, laid out by Update.
	side, right, zoom image.Rectangle
}

// jacTexts are the lesson's texts, each drawn into a cached image and drawn
// again only when it changes.
type jacTexts struct {
	in, out viz.Label    // the planes' captions
	coords  viz.Label    // x₀ and f(x₀), without the planes
	head    [3]viz.Label // the right side's captions: three over the chain rule's grids
	body    viz.Label    // the step's numbers and explanations, or why they are missing
	hint    viz.Label    // the chain rule's keys
}

// jacNums are the lesson's numbers at x₀, all from core.
type jacNums struct {
	val *core.Tensor // f(x₀)
	y   []float64    // its M entries
	jac *core.Tensor // J, M×N
	det float64      // det J when M = N

	// With the planes: the square around x₀ (counter-clockwise), its image
	// under f, and its image under the linear approximation
	// f(x₀) + J(s − x₀).
	square, image, linear [][2]float64
	areaRatio             float64 // the image's signed area ÷ the square's area
	gap                   float64 // how far the image strays from the linear one, relative to the linear one's size

	err error // why f cannot be evaluated at x₀, or nil
}

// jacChain is the chain rule at x₀ for z = g(y), y = f(x).
type jacChain struct {
	dzdy, dydx *core.Tensor // K×M and M×N
	product    *core.Tensor // (∂z/∂y)(∂y/∂x) by core.ChainRule, K×N
	dzdx       *core.Tensor // the Jacobian of g∘f by autodiff of the composition, K×N
	err        error        // why the chain rule cannot be shown, or nil
}

// The lesson's defaults and limits.
const (
	jacDefF, jacDefAt = "[r * cos(t), r * sin(t)]", "r = 1.5; t = 0.6"
	jacDefG, jacDefY  = "tanh([[0.5, 1], [0, 0.5], [-0.5, 0.5]] @ y)", "y = [0, 0]"
	jacAnyG           = "[sum(y^2) / 2, sum(sin(y)), tanh(sum(y))]" // the default g for a y of any shape

	jacMaxDim  = 8             // the largest N, M and K the lesson shows
	jacWindow  = 1.0           // the input plane spans x₀ ± jacWindow at the start
	jacLines   = 9             // grid lines each way in the planes
	jacStep    = 0.05          // arrow-key step; Shift divides it by 10
	jacHalf    = 0.25          // the square's half-side at the start: two grid cells across
	jacHalfMin = jacHalf / 128 // the smallest square
	jacHalfMax = 0.5           // the largest square
	jacSides   = 8             // samples along each side of the square
	jacFormula = 16            // the formulas' size in logical pixels
)

var jacobianSteps = []step{
	{"The Jacobian", "f takes N numbers to M numbers. Its derivative at x₀ is the M×N matrix J = ∂f/∂x, whose entry in row i,\n" +
		"column j is the partial derivative of output i by input j: ‖f(x₀+h) − f(x₀) − J h‖ / ‖h‖ → 0 as h → 0.\n" +
		"(The text writes ∂f/∂y; the variable is x.) For M = N, det J is how f scales small areas near x₀."},
	{"Linear approximation", "Near x₀, f(x₀ + h) ≈ f(x₀) + J h, with J = ∂f/∂x (not ∂f/∂y) and h a vector of N numbers, not a matrix.\n" +
		"For N = M = 2, shrink the square (+ or the slider): its curved image and the parallelogram merge.\n" +
		"The error ‖f(x₀+h) − f(x₀) − J h‖ falls like ‖h‖²: slope 2 on the log–log plot."},
	{"Chain rule", "For y = f(x) and z = g(y), ∂z/∂x = (∂z/∂y)(∂y/∂x): (K×M)(M×N) gives K×N, each entry a row times a column.\n" +
		"Space plays or pauses the product and F finishes it; click it, or Shift+Tab, and ← → step it.\n" +
		"The finished product agrees with the Jacobian of z = g(f(x)) that autodiff computes directly."},
}

// jacInput accepts functions of 1 to jacMaxDim numbers in all with at most
// jacMaxDim numbers for a value.
func jacInput(p *expr.Program) error {
	n := inputEntries(p)
	if m := p.Value().Len(); n == 0 || n > jacMaxDim || m > jacMaxDim {
		return fmt.Errorf("this lesson needs a function of 1 to %d numbers with at most %d numbers for a value (this one: %d → %d), like %s", jacMaxDim, jacMaxDim, n, m, jacDefF)
	}
	return nil
}

// jacOuter accepts outer functions of one input with at most jacMaxDim
// numbers for a value.
func jacOuter(p *expr.Program) error {
	if len(p.Names()) != 1 || p.Value().Len() > jacMaxDim {
		return fmt.Errorf("g needs one input, the value y of f, and at most %d numbers for a value, like %s", jacMaxDim, jacDefG)
	}
	return nil
}

func newJacobian(q url.Values) Scene {
	s := &jacobian{size: &viz.Slider{Label: "the square's half-side", Min: jacHalfMin, Max: jacHalfMax, Log: true, Value: jacHalf, Steps: 8}}
	s.lesson = newLesson(q, "The Jacobian: f: ℝᴺ → ℝᴹ", jacobianSteps,
		fieldSpec{label: "f(x) =", def: jacDefF, defAt: jacDefAt, check: jacInput},
		fieldSpec{key: "g", label: "g(y) =", def: jacDefG, defAt: jacDefY, check: jacOuter},
	)
	s.view = &chainView{anim: &s.anim}
	s.ui.Add(s.size, s.view)
	s.inPlane = viz.NewPlotLayer(s.buildInPlane)
	s.outPlane = viz.NewPlotLayer(s.buildOutPlane)
	s.errPlot = viz.NewErrorPlot(2, func(p *plot.Plot) { p.X.Label.Text = "‖h‖" })
	s.jgrid = viz.NewGrid(nil)
	s.newFunction()
	return s
}

// newFunction starts the lesson over for f and g as they are now: the
// point, the names, the planes' window and the animation. Coordinates of
// inputs that f had before, under the same name and shape, keep their
// values.
func (s *jacobian) newFunction() {
	f := s.fn(0).prog
	old := map[string][]float64{}
	for i, name := range s.coords {
		old[name] = []float64{s.x0[i]}
	}
	s.x0, s.coords = s.x0[:0], s.coords[:0]
	for i, t := range f.Inputs() {
		names := entryNames(f.Names()[i], t.Shape())
		for k, v := range t.Data() {
			if o, ok := old[names[k]]; ok {
				v = o[0]
			}
			s.x0 = append(s.x0, v)
		}
		s.coords = append(s.coords, names...)
	}
	s.outs = entryNames("f", f.Value().Shape())
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
	s.syncChain()
	s.inPlane.Invalidate()
	s.outPlane.Invalidate()
	s.errStale = true
}

// bindOuter gives g's input the shape of f's value when it has another: g
// is always evaluated at y = f(x₀), so its own value only fixes the shape.
// The default g, made for the default f's two numbers, gives way to one
// that takes any y. An error in the text of g stays on show.
func (s *jacobian) bindOuter() {
	g, y := s.fn(1), s.fn(0).prog.Value()
	if slices.Equal(g.prog.Inputs()[0].Shape(), y.Shape()) {
		return
	}
	textErr, src, at := g.err, g.prog.Source(), " = "+literal(core.Zeros(y.Shape()...), -1)
	if g.set(src, g.prog.Names()[0]+at) != nil && src == jacDefG {
		g.set(jacAnyG, "y"+at)
	}
	if textErr != nil {
		g.err = textErr
	}
	s.chainStale = true
}

// inputs splits the coordinates x into tensors of the shapes of f's inputs.
func (s *jacobian) inputs(x []float64) []*core.Tensor {
	ins := s.fn(0).prog.Inputs()
	ts := make([]*core.Tensor, len(ins))
	off := 0
	for i, t := range ins {
		ts[i] = core.New(t.Shape(), slices.Clone(x[off:off+t.Len()]))
		off += t.Len()
	}
	return ts
}

// f evaluates f at the coordinates x: its value's entries, or nil where it
// cannot be evaluated.
func (s *jacobian) f(x []float64) []float64 {
	y, err := core.Eval(s.fn(0).prog.Func(), s.inputs(x), s.fn(0).prog.Settings(core.Auto))
	if err != nil {
		return nil
	}
	return y.Data()
}

// flatJacobian puts the Jacobians of a value of m entries with respect to
// each input, of shape value ++ input, side by side into one m×n matrix, n
// being the number of the inputs' entries in all.
func flatJacobian(jac []*core.Tensor, m int) *core.Tensor {
	n := 0
	for _, j := range jac {
		n += j.Len() / m
	}
	d := make([]float64, 0, m*n)
	for i := range m {
		for _, j := range jac {
			k := j.Len() / m
			d = append(d, j.Data()[i*k:(i+1)*k]...)
		}
	}
	return core.New(core.Shape{m, n}, d)
}

// compute recomputes the numbers at x₀, and marks the chain rule out of
// date.
func (s *jacobian) compute() {
	n := jacNums{}
	y, jac, err := s.fn(0).eval(s.inputs(s.x0))
	if err != nil {
		s.nums, s.chain, s.chainStale = jacNums{err: err}, jacChain{err: err}, false
		s.anim = nil
		return
	}
	m := y.Len()
	n.val, n.y = y, y.Data()
	n.jac = flatJacobian(jac, m)
	if m == len(s.x0) {
		n.det = mat.Det(n.jac.Dense())
	}
	if s.planes {
		s.square(&n)
	}
	s.nums = n
	s.jgrid.SetTensor(n.jac)
	s.chainStale = true
}

// syncChain computes the chain rule at x₀ if it is out of date, and gives
// it to the animation. Only the chain rule's step and state() need it, so
// a drag on the other steps does not pay for it.
func (s *jacobian) syncChain() {
	if !s.chainStale {
		return
	}
	s.chain, s.chainStale = s.chainAt(s.nums.val, s.nums.jac), false
	s.syncAnim()
}

// syncAnim gives the animation the chain rule's matrices, keeping its
// timeline (where it is, whether it plays, its speed) when their shapes
// are the same. The new animation catches up with the timeline at its next
// Update.
func (s *jacobian) syncAnim() {
	c := s.chain
	if c.err != nil {
		s.anim = nil
		return
	}
	a := viz.NewContraction(c.dzdy, c.dydx, []int{1}, []int{0})
	a.Names = [3]string{"∂z/∂y", "∂y/∂x", "∂z/∂x"}
	if old := s.anim; old != nil && old.Timeline.Len() == a.Timeline.Len() {
		a.Timeline = old.Timeline
	}
	s.anim = a
}

// square fills in the square around x₀, its images under f and under the
// linear approximation, and how the two images compare.
func (s *jacobian) square(n *jacNums) {
	h := s.half()
	corners := [5][2]float64{{-h, -h}, {h, -h}, {h, h}, {-h, h}, {-h, -h}}
	for c := range 4 {
		for k := range jacSides {
			t := float64(k) / jacSides
			d := [2]float64{
				corners[c][0] + t*(corners[c+1][0]-corners[c][0]),
				corners[c][1] + t*(corners[c+1][1]-corners[c][1]),
			}
			n.square = append(n.square, [2]float64{s.x0[0] + d[0], s.x0[1] + d[1]})
			n.linear = append(n.linear, [2]float64{
				n.y[0] + n.jac.At(0, 0)*d[0] + n.jac.At(0, 1)*d[1],
				n.y[1] + n.jac.At(1, 0)*d[0] + n.jac.At(1, 1)*d[1],
			})
		}
	}
	n.image = s.planeImages(n.square)
	var size, area float64
	for i, p := range n.image {
		lin := n.linear[i]
		n.gap = math.Max(n.gap, math.Hypot(p[0]-lin[0], p[1]-lin[1]))
		size = math.Max(size, math.Hypot(lin[0]-n.y[0], lin[1]-n.y[1]))
		// The shoelace formula: the signed area the image's boundary
		// encloses.
		q := n.image[(i+1)%len(n.image)]
		area += p[0]*q[1] - q[0]*p[1]
	}
	n.areaRatio = area / 2 / (4 * h * h)
	n.gap /= size
}

// planeImages returns f at points of the plane, NaN where f cannot be
// evaluated. When both inputs are numbers it evaluates f once on vectors
// of the points' coordinates, as elementwise operations act point by point:
// a sweep instead of one per point. Whether f is made of such operations
// (a sum or a softmax would mix the points) is checked against evaluations
// at single points, and f is otherwise evaluated point by point.
func (s *jacobian) planeImages(pts [][2]float64) [][2]float64 {
	out := make([][2]float64, len(pts))
	single := func(i int) [2]float64 {
		if v := s.f(pts[i][:]); v != nil {
			return [2]float64{v[0], v[1]}
		}
		return [2]float64{math.NaN(), math.NaN()}
	}
	if s.batch(pts, out) {
		ok := true
		for _, i := range []int{0, len(pts) / 2} {
			v := single(i)
			for k := range v {
				w := out[i][k]
				ok = ok && (v[k] == w || math.Abs(v[k]-w) <= 1e-12*math.Abs(v[k]) || math.IsNaN(v[k]) && math.IsNaN(w))
			}
		}
		if ok {
			return out
		}
	}
	for i := range pts {
		out[i] = single(i)
	}
	return out
}

// batch evaluates f on the points at once, with each input, a number,
// given as the vector of the points' coordinates, into out; it reports
// whether f's value came out as two vectors of the points' length.
func (s *jacobian) batch(pts [][2]float64, out [][2]float64) bool {
	p := s.fn(0).prog
	if len(p.Inputs()) != 2 || p.Inputs()[0].Rank() != 0 || p.Inputs()[1].Rank() != 0 {
		return false
	}
	xs := []*core.Tensor{core.Zeros(len(pts)), core.Zeros(len(pts))}
	for i, pt := range pts {
		xs[0].Data()[i], xs[1].Data()[i] = pt[0], pt[1]
	}
	y, err := core.Eval(p.Func(), xs, p.Settings(core.Auto))
	if err != nil || !y.Shape().Equal(core.Shape{2, len(pts)}) {
		return false
	}
	for i := range out {
		out[i] = [2]float64{y.At(0, i), y.At(1, i)}
	}
	return true
}

// chainAt returns the chain rule for z = g(y) at y = f(x₀), where f has the
// Jacobian dydx.
func (s *jacobian) chainAt(y, dydx *core.Tensor) jacChain {
	f, g := s.fn(0), s.fn(1)
	gf, err := compose(g, f)
	if err != nil {
		return jacChain{err: err}
	}
	z, gjac, err := g.eval([]*core.Tensor{y})
	if err != nil {
		return jacChain{err: fmt.Errorf("g at y = f(x₀): %w", err)}
	}
	k, m := z.Len(), y.Len()
	c := jacChain{dzdy: gjac[0].Reshape(k, m), dydx: dydx}
	c.product = core.ChainRule(c.dzdy, c.dydx, 1)
	_, zjac, err := core.Jacobian(gf, s.inputs(s.x0), f.prog.Settings(core.Auto))
	if err != nil {
		return jacChain{err: fmt.Errorf("g(f(x)): %w", err)}
	}
	c.dzdx = flatJacobian(zjac, k)
	return c
}

// errSeries returns, for steps h = t·u along the diagonal unit vector u,
// with ‖h‖ = t over 10⁰ … 10⁻⁵ in quarter decades, the error of the linear
// approximation ‖f(x₀+h) − f(x₀) − J h‖.
func (s *jacobian) errSeries() (ts, errs []float64) {
	if s.nums.err != nil {
		return nil, nil
	}
	u := 1 / math.Sqrt(float64(len(s.x0)))
	h := make([]float64, len(s.x0))
	for k := 0; k <= 20; k++ {
		t := math.Pow(10, -float64(k)/4)
		for j := range h {
			h[j] = t * u
		}
		if fh, _, e := s.linear(h); fh != nil {
			ts, errs = append(ts, t), append(errs, e)
		}
	}
	return ts, errs
}

// linear returns f(x₀ + h), f(x₀) + J h and the norm of their difference;
// fh is nil where f cannot be evaluated.
func (s *jacobian) linear(h []float64) (fh, lin []float64, err float64) {
	n := s.nums
	x := slices.Clone(s.x0)
	for j := range x {
		x[j] += h[j]
	}
	fh = s.f(x)
	lin = slices.Clone(n.y)
	for i := range lin {
		for j := range h {
			lin[i] += n.jac.At(i, j) * h[j]
		}
	}
	var sq float64
	for i := range fh {
		sq += (fh[i] - lin[i]) * (fh[i] - lin[i])
	}
	return fh, lin, math.Sqrt(sq)
}

func (s *jacobian) buildInPlane() *plot.Plot {
	p := viz.GridMapPlot(func(x, y float64) (float64, float64) { return x, y }, s.window[0], s.window[1], jacLines)
	p.X.Label.Text, p.Y.Label.Text = s.coords[0], s.coords[1]
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = s.window[0].Min, s.window[0].Max, s.window[1].Min, s.window[1].Max
	return p
}

func (s *jacobian) buildOutPlane() *plot.Plot {
	p := viz.GridMapPlot(func(x, y float64) (float64, float64) {
		if v := s.f([]float64{x, y}); v != nil {
			return v[0], v[1]
		}
		return math.NaN(), math.NaN()
	}, s.window[0], s.window[1], jacLines)
	p.X.Label.Text, p.Y.Label.Text = s.outs[0], s.outs[1]
	return p
}

// layout places the pictures in the body: the planes (or the list of
// coordinates) on the left, the step's own pictures on the right.
func (s *jacobian) layout(sc float64) {
	b := s.body
	pad, capH := int(12*sc), int(22*sc)
	split := b.Min.X + b.Dx()*56/100
	s.side = image.Rect(b.Min.X+pad, b.Min.Y+pad, split-pad/2, b.Max.Y-pad)
	s.right = image.Rect(split+pad/2, b.Min.Y+pad, b.Max.X-pad, b.Max.Y-pad)
	r := s.right
	zs := r.Dy()*40/100 - capH
	s.zoom = image.Rect(r.Min.X, r.Min.Y+capH, r.Min.X+zs, r.Min.Y+capH+zs)
	s.size.Rect = image.Rectangle{}
	switch {
	case s.planes && s.step == 0:
		s.size.Rect = image.Rect(r.Min.X, r.Max.Y-int(44*sc), r.Min.X+r.Dx()*60/100, r.Max.Y)
	case s.planes && s.step == 1:
		s.size.Rect = image.Rect(s.zoom.Max.X+pad, s.zoom.Max.Y-int(44*sc), r.Max.X, s.zoom.Max.Y)
	}
	s.view.rect = image.Rectangle{}
	if s.step == 2 && s.anim != nil {
		s.view.rect = image.Rect(r.Min.X, r.Min.Y+capH, r.Max.X, r.Min.Y+capH+r.Dy()*45/100)
	}
	if s.planes {
		mid := (s.side.Min.X + s.side.Max.X) / 2
		s.inPlane.Prepare(image.Rect(s.side.Min.X, s.side.Min.Y+capH, mid-pad/2, s.side.Max.Y), sc)
		s.outPlane.Prepare(image.Rect(mid+pad/2, s.side.Min.Y+capH, s.side.Max.X, s.side.Max.Y), sc)
	}
}

// Layout implements Scene. On the chain rule's step the animation is
// brought up to date first, so that its grids are placed.
func (s *jacobian) Layout(a image.Rectangle, sc float64) {
	s.lesson.layout(a, sc)
	if s.step == 2 {
		s.syncChain() // before the animation's widget ticks
	}
	s.layout(sc)
}

func (s *jacobian) Update(in *viz.Input) error {
	sc := in.Scale
	fprog, gprog := s.fn(0).prog, s.fn(1).prog
	s.lesson.handle(in)
	switch {
	case s.fn(0).prog != fprog:
		s.newFunction()
	case s.fn(1).prog != gprog:
		s.bindOuter()
	}
	if s.fnChanged || s.stepChanged {
		s.layout(sc)
	}

	x0, half := slices.Clone(s.x0), s.half()
	s.handlePointer(in)
	if s.ui.Focused() == nil {
		s.handleKeys(in)
	}
	if moved := !slices.Equal(s.x0, x0); moved || s.half() != half {
		s.compute()
		s.errStale = s.errStale || moved
	}

	r := s.right
	capH := int(22 * sc)
	px := jacFormula * sc
	var tex string
	switch s.step {
	case 0:
		s.jgrid.Prepare(image.Rect(r.Min.X+r.Dx()/2, r.Min.Y+capH, r.Max.X, r.Min.Y+capH+r.Dy()*45/100), sc)
		tex = s.namesTeX()
	case 1:
		top := r.Min.Y + r.Dy()*40/100 + int(56*sc) // below the zoom box and the formula
		if !s.planes {
			top = r.Min.Y + r.Dy()*35/100
		}
		s.errPlot.Prepare(image.Rect(r.Min.X, top, r.Max.X, r.Max.Y), sc)
		tex = s.linearTeX()
	case 2:
		s.syncChain()
		if a := s.anim; a != nil {
			gap := int(20 * sc)
			v := s.view.rect
			w := (v.Dx() - 2*gap) / 3
			for i, g := range []*viz.Grid{a.A, a.B, a.Out} {
				x := v.Min.X + i*(w+gap)
				g.Prepare(image.Rect(x, v.Min.Y, x+w, v.Max.Y), sc)
			}
			tex = s.chainTeX()
		}
	}
	if s.nums.err != nil {
		tex = ""
	}
	// Prepare sets the formula and the texts, once a frame however many
	// ticks changed them.
	s.tex, s.texPx = tex, px
	return nil
}

// setTexts sets the texts on screen for the step, with the numbers at x₀.
func (s *jacobian) setTexts(sc float64) {
	t := &s.texts
	fs := 14 * sc
	if s.planes {
		t.in.Set(fmt.Sprintf("input (%s, %s): drag, or ← → ↑ ↓", s.coords[0], s.coords[1]), fs, viz.Light.Text)
		t.out.Set("output: the image, and f(x₀) + J(s − x₀)", fs, viz.Light.Text)
	} else {
		t.coords.Set(s.coordsText(), 15*sc, viz.Light.Text)
	}
	var head [3]string
	body, clr, hint := "", viz.Light.Text, ""
	switch c := s.chain; {
	case s.nums.err != nil:
		body, clr = "f cannot be evaluated here:\n"+s.nums.err.Error(), viz.Light.Error
	case s.step == 0:
		head[0] = fmt.Sprintf("J = ∂f/∂x at x₀, an M×N = %d×%d matrix", len(s.outs), len(s.x0))
		body = "Column j holds the velocity of f(x₀) as input j alone moves.\n\n" + s.detText()
	case s.step == 1:
		if s.planes {
			head[0] = "The square and its image, magnified"
		}
		body = s.linearText()
	case c.err != nil:
		body, clr = "The chain rule needs g to take f's value:\n"+c.err.Error(), viz.Light.Error
	default:
		k, m, n := c.dzdy.Shape()[0], c.dzdy.Shape()[1], c.dydx.Shape()[1]
		head = [3]string{fmt.Sprintf("∂z/∂y, %d×%d", k, m), fmt.Sprintf("times ∂y/∂x, %d×%d", m, n), fmt.Sprintf("= ∂z/∂x, %d×%d", k, n)}
		body = s.chainText()
		hint = "Space: play or pause    F: finish    click it or Shift+Tab, then ← →: step"
	}
	for i, h := range head {
		t.head[i].Set(h, fs, viz.Light.Text)
	}
	t.body.Set(body, fs, clr)
	t.hint.Set(hint, 12*sc, viz.Light.Muted)
}

// handleKeys applies the keys when no widget has the focus: the arrows move
// x₀ and + and − resize the square; on the chain rule's step Space plays or
// pauses the animation and F finishes it.
func (s *jacobian) handleKeys(in *viz.Input) {
	if s.step == 2 && s.anim != nil {
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

// half is half the side of the square around x₀.
func (s *jacobian) half() float64 { return s.size.Value }

// moveTo moves x₀ in the plane, kept inside the input plane's window.
func (s *jacobian) moveTo(x, y float64) {
	s.x0[0] = math.Max(s.window[0].Min, math.Min(s.window[0].Max, x))
	s.x0[1] = math.Max(s.window[1].Min, math.Min(s.window[1].Max, y))
}

// handlePointer drags x₀ across the input plane.
func (s *jacobian) handlePointer(in *viz.Input) {
	p := in.Pointer
	if p.Pressed && s.planes && image.Pt(int(p.X), int(p.Y)).In(s.inPlane.DataArea()) {
		s.dragging = true
	}
	if s.dragging {
		s.moveTo(s.inPlane.FromScreen(p.X, p.Y))
	}
	if !p.Down {
		s.dragging = false
	}
	s.errPlot.Hold(s.dragging)
}

// Prepare implements Scene: the error series, the formula and the texts
// follow x₀ once a frame, however many ticks moved it.
func (s *jacobian) Prepare() error {
	if s.errStale && s.step == 1 {
		ts, errs := s.errSeries()
		s.errPlot.Set(viz.Series{Color: viz.Light.Curve, Dots: true, H: ts, Err: errs})
		s.errStale = false
	}
	if s.texPx == 0 { // before Update has laid the lesson out
		return nil
	}
	s.setTexts(s.scale)
	if err := s.formula.SetTeX(s.tex, s.texPx); err != nil {
		return fmt.Errorf("jacobian lesson formula: %w", err)
	}
	return nil
}

func (s *jacobian) Draw(screen *ebiten.Image) {
	sc := s.scale
	s.lesson.draw(screen)
	if s.planes {
		s.drawPlanes(screen)
	} else {
		s.texts.coords.Draw(screen, float64(s.side.Min.X), float64(s.side.Min.Y))
	}
	r := s.right
	x, y := float64(r.Min.X), float64(r.Min.Y)
	t := &s.texts
	if s.nums.err != nil {
		t.body.Draw(screen, x, y)
		return
	}
	switch s.step {
	case 0:
		t.head[0].Draw(screen, x, y)
		s.jgrid.Draw(screen)
		gb := s.jgrid.Bounds()
		w, asc, desc := s.formula.Metrics()
		s.formula.Draw(screen, float64(gb.Min.X)-w-8*sc, float64(gb.Min.Y+gb.Max.Y)/2-(asc+desc)/2)
		t.body.Draw(screen, x, float64(gb.Max.Y)+12*sc)
	case 1:
		top := y
		if s.planes {
			t.head[0].Draw(screen, x, y)
			s.drawZoom(screen)
			t.body.Draw(screen, float64(s.zoom.Max.X)+12*sc, float64(s.zoom.Min.Y))
			top = float64(s.zoom.Max.Y) + 8*sc
		}
		s.formula.Draw(screen, x, top)
		s.errPlot.Draw(screen)
		if !s.planes {
			_, asc, desc := s.formula.Metrics()
			t.body.Draw(screen, x, top+asc+desc+8*sc)
		}
	case 2:
		s.drawChain(screen)
	}
}

// namesTeX is J by its entries' names, ∂fᵢ/∂xⱼ, to stand left of the grid
// of their values; for a large J, its entry in row i and column j.
func (s *jacobian) namesTeX() string {
	if len(s.outs) > 4 || len(s.coords) > 4 {
		return `J_{ij} = \frac{\partial f_i}{\partial x_j}:`
	}
	rows := make([]string, len(s.outs))
	for i, fi := range s.outs {
		cols := make([]string, len(s.coords))
		for j, xj := range s.coords {
			cols[j] = `\partial ` + fi + `/\partial ` + xj
		}
		rows[i] = strings.Join(cols, " & ")
	}
	return `\frac{\partial f}{\partial x} = \begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix} =`
}

// linearTeX is the linear approximation with the numbers at x₀ for the
// step h to the square's corner (or of that size along every coordinate):
// f(x₀ + h) ≈ f(x₀) + J h, written out for up to three inputs and four
// outputs.
func (s *jacobian) linearTeX() string {
	h := s.cornerStep()
	fh, lin, _ := s.linear(h)
	if fh == nil || len(s.coords) > 3 || len(s.outs) > 4 {
		return `f(x_0 + h) \approx f(x_0) + J\,h`
	}
	col := func(v []float64) [][]float64 {
		m := make([][]float64, len(v))
		for i, x := range v {
			m[i] = []float64{x}
		}
		return m
	}
	jm := make([][]float64, len(s.outs))
	for i := range jm {
		jm[i] = s.nums.jac.Data()[i*len(s.coords) : (i+1)*len(s.coords)]
	}
	return `f(x_0 + h) = ` + jacTeXMatrix(col(fh)) + ` \approx ` + jacTeXMatrix(col(s.nums.y)) + ` + ` +
		jacTeXMatrix(jm) + jacTeXMatrix(col(h)) + ` = ` + jacTeXMatrix(col(lin))
}

// chainTeX is the entry of the product being summed, with its terms so
// far (the last two of more): (∂z/∂x)ᵢⱼ = a·b + c·d = s.
func (s *jacobian) chainTeX() string {
	c, st := s.chain, s.anim.Current()
	if st.Index == 0 {
		return `\frac{\partial z}{\partial x} = \frac{\partial z}{\partial y}\,\frac{\partial y}{\partial x}`
	}
	out := c.product.Shape().Unravel(st.Last.Out)
	i, j := out[0], out[1]
	factor := func(v float64) string {
		if v < 0 {
			return `(` + jacTeXNum(v) + `)`
		}
		return jacTeXNum(v)
	}
	var terms []string
	if st.Terms > 2 {
		terms = append(terms, `\cdots`)
	}
	for k := max(0, st.Terms-2); k < st.Terms; k++ {
		terms = append(terms, factor(c.dzdy.At(i, k))+` \cdot `+factor(c.dydx.At(k, j)))
	}
	return fmt.Sprintf(`\left(\frac{\partial z}{\partial x}\right)_{%d,%d} = %s = %s`, i, j, strings.Join(terms, " + "), jacTeXNum(st.Sum))
}

// jacTeXMatrix writes m as a bracketed matrix with 4 significant digits.
func jacTeXMatrix(m [][]float64) string {
	rows := make([]string, len(m))
	for i, r := range m {
		cols := make([]string, len(r))
		for j, v := range r {
			cols[j] = jacTeXNum(v)
		}
		rows[i] = strings.Join(cols, " & ")
	}
	return `\begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix}`
}

// jacTeXNum writes v with 4 significant digits.
func jacTeXNum(v float64) string { return texFloat(v, 4) }

// cornerStep is the step h from x₀ to the square's upper right corner: the
// square's half-side along every coordinate.
func (s *jacobian) cornerStep() []float64 {
	h := make([]float64, len(s.x0))
	for j := range h {
		h[j] = s.half()
	}
	return h
}

// detText describes det J as the scale of areas, when J is square.
func (s *jacobian) detText() string {
	n := s.nums
	if len(s.outs) != len(s.x0) {
		return fmt.Sprintf("J is %d×%d, not square: it has no determinant.", len(s.outs), len(s.x0))
	}
	t := fmt.Sprintf("det J = %.5g: f scales small areas by |det J|", n.det)
	if n.det < 0 {
		t += " and turns them over"
	}
	if s.planes {
		t += fmt.Sprintf(".\nThe square's image has %.4g times its area (negative if\nturned over), which tends to det J as the square shrinks.", n.areaRatio)
	}
	return t
}

// linearText is the error of the linear approximation for the step to the
// square's corner and, with the planes, how the square's image compares
// with the parallelogram.
func (s *jacobian) linearText() string {
	fh, _, e := s.linear(s.cornerStep())
	t := "f is undefined at x₀ + h"
	if fh != nil {
		t = fmt.Sprintf("h = %s\n‖f(x₀+h) − f(x₀) − J h‖ = %.3g", vecText(s.cornerStep()), e)
	}
	if s.planes {
		t += fmt.Sprintf("\nThe image strays from the\nparallelogram by %.3g of its size.", s.nums.gap)
	}
	return t
}

// drawPlanes draws the input plane with the square around x₀, and the
// output plane with the square's image and its linear approximation.
func (s *jacobian) drawPlanes(screen *ebiten.Image) {
	sc := s.scale
	n := s.nums
	s.inPlane.Draw(screen)
	s.outPlane.Draw(screen)
	ir, or := s.inPlane.Rect(), s.outPlane.Rect()
	s.texts.in.Draw(screen, float64(ir.Min.X), float64(ir.Min.Y)-20*sc)
	s.texts.out.Draw(screen, float64(or.Min.X), float64(or.Min.Y)-20*sc)
	if n.err != nil {
		return
	}
	in := screen.SubImage(s.inPlane.DataArea()).(*ebiten.Image)
	viz.Polygon(in, n.square, s.inPlane.ToScreen, 2*sc, viz.Light.Point)
	px, py := s.inPlane.ToScreen(s.x0[0], s.x0[1])
	viz.Dot(in, px, py, 6*sc, viz.Light.Point)

	out := screen.SubImage(s.outPlane.DataArea()).(*ebiten.Image)
	viz.Polygon(out, n.linear, s.outPlane.ToScreen, 3*sc, viz.Light.Tangent)
	viz.Polygon(out, n.image, s.outPlane.ToScreen, 2*sc, viz.Light.Point)
	px, py = s.outPlane.ToScreen(n.y[0], n.y[1])
	viz.Dot(out, px, py, 6*sc, viz.Light.Point)
}

// drawZoom draws the square's image and its linear approximation magnified
// to fill the zoom box, centred at f(x₀).
func (s *jacobian) drawZoom(screen *ebiten.Image) {
	n := s.nums
	sc := s.scale
	r := s.zoom
	viz.FillRect(screen, r, viz.Light.Panel)
	viz.StrokeRect(screen, r, sc, viz.Light.Border)
	var ext float64
	for _, p := range n.linear {
		ext = math.Max(ext, math.Max(math.Abs(p[0]-n.y[0]), math.Abs(p[1]-n.y[1])))
	}
	for _, p := range n.image {
		if d := math.Max(math.Abs(p[0]-n.y[0]), math.Abs(p[1]-n.y[1])); d < 10*ext {
			ext = math.Max(ext, d)
		}
	}
	if !(ext > 0) {
		return
	}
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	k := (float64(min(r.Dx(), r.Dy()))/2 - 10*sc) / ext
	toScreen := func(x, y float64) (float64, float64) { return cx + k*(x-n.y[0]), cy - k*(y-n.y[1]) }
	dst := screen.SubImage(r).(*ebiten.Image)
	viz.Polygon(dst, n.linear, toScreen, 3*sc, viz.Light.Tangent)
	viz.Polygon(dst, n.image, toScreen, 2*sc, viz.Light.Point)
	viz.Dot(dst, cx, cy, 5*sc, viz.Light.Point)
}

// coordsText lists x₀ and f(x₀) when there are no planes, with the
// coordinate the arrows change marked.
func (s *jacobian) coordsText() string {
	var b strings.Builder
	b.WriteString("x₀ (↑ ↓ choose, ← → change):\n")
	for j, name := range s.coords {
		mark := "     "
		if j == s.coord {
			mark = "►  "
		}
		fmt.Fprintf(&b, "%s%s = %.6g\n", mark, name, s.x0[j])
	}
	if s.nums.err == nil {
		b.WriteString("\nf(x₀):\n")
		for i, name := range s.outs {
			fmt.Fprintf(&b, "     %s = %.6g\n", name, s.nums.y[i])
		}
	}
	return b.String()
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
	gap := int(20 * sc)
	w := (r.Dx() - 2*gap) / 3
	for i := range t.head {
		t.head[i].Draw(screen, x+float64(i*(w+gap)), y)
	}
	ty := float64(s.view.rect.Max.Y) + 10*sc
	s.formula.Draw(screen, x, ty)
	_, asc, desc := s.formula.Metrics()
	t.body.Draw(screen, x, ty+asc+desc+8*sc)
	t.hint.Draw(screen, x, float64(r.Max.Y)-12*sc)
}

// chainText is the multiply–add just done and, once the product is
// complete, how it compares with the Jacobian of g∘f.
func (s *jacobian) chainText() string {
	c, tl := s.chain, s.anim.Timeline
	t := fmt.Sprintf("Multiply–add %d of %d, counting rows and columns from 0:\n%s", tl.Index(), tl.Len(), s.anim.Caption())
	if tl.Index() == tl.Len() {
		var d float64
		for i, v := range c.product.Data() {
			d = math.Max(d, math.Abs(v-c.dzdx.Data()[i]))
		}
		t += fmt.Sprintf("\nThe Jacobian of z = g(f(x)) by autodiff differs\nfrom this product by at most %.2g.", d)
	}
	return t
}

// Describe implements Describer: the numbers of the current step.
func (s *jacobian) Describe() []string {
	s.syncChain()
	n, c := s.nums, s.chain
	var d string
	switch {
	case n.err != nil:
		d = "It cannot be evaluated at x₀ = " + vecText(s.x0) + ": " + n.err.Error()
	case s.step < 2:
		d = fmt.Sprintf("At x₀ = %s, f(x₀) = %s. The Jacobian's rows are %s.", vecText(s.x0), vecText(n.y), rowsText(n.jac))
		if len(s.outs) == len(s.x0) {
			d += fmt.Sprintf(" Its determinant is %.6g.", n.det)
		}
	case c.err != nil:
		d = "The chain rule cannot be shown: " + c.err.Error()
	default:
		d = fmt.Sprintf("At x₀ = %s, z = g(f(x)) with g(y) = %s: the product of ∂z/∂y and ∂y/∂x has rows %s; autodiff of g∘f gives %s.",
			vecText(s.x0), s.fn(1).prog.Source(), rowsText(c.product), rowsText(c.dzdx))
	}
	return s.describe(d)
}

// rowsText writes a matrix's rows, one vecText after another.
func rowsText(t *core.Tensor) string {
	rs := rows(t)
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = vecText(r)
	}
	return strings.Join(parts, ", ")
}

// Link implements Linker: the functions, the point x₀ and the step.
func (s *jacobian) Link() url.Values { return s.link(s.inputs(s.x0)) }

func (s *jacobian) State() Stater {
	s.syncChain()
	n, c := s.nums, s.chain
	st := &JacobianState{LessonState: s.lesson.state(s.inputs(s.x0)), X0: expr.Data(s.x0)}
	st.Focus = s.focus(s.view, "point")
	if n.err == nil {
		st.Jacobian = rows(n.jac)
		if len(s.outs) == len(s.x0) {
			det := Num(n.det)
			st.Det = &det
		}
	}
	if c.err == nil {
		st.Chain = JacobianChain{DZDY: rows(c.dzdy), DYDX: rows(c.dydx), Product: rows(c.product), DZDX: rows(c.dzdx)}
	} else {
		st.Chain = JacobianChain{Error: c.err.Error()}
	}
	if s.anim != nil {
		st.Animation = s.anim.Progress()
	}
	if s.planes {
		st.Planes = &JacobianPlanes{Input: s.inPlane.Geometry(), Output: s.outPlane.Geometry()}
		st.Square = &JacobianSquare{Half: s.half(), AreaRatio: Num(n.areaRatio), Gap: Num(n.gap)}
	}
	if n.err != nil {
		st.setError(n.err)
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
