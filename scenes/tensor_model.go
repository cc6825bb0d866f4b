package scenes

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// The tensor lesson's model: its numbers for the function as it is, from
// core and from the gallery's closed forms, with no drawing.

// tensorNums are the tensor lesson's numbers for the function as it is, all
// from core (and from the gallery's closed forms).
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
	linear         bool         // whether y is linear in x: the residual is rounding only
	stale          bool         // whether yh, approx and residual are not at the slider's ‖h‖
	seriesComputed bool
}

// tensorRow is a row of the memory step's meter: what, and how many
// entries it has.
type tensorRow struct {
	name    string
	entries int
}

// tensorDefLoss is the default loss: a random weighting of y's entries,
// whose gradient ∂L/∂y is G itself.
const tensorDefLoss = "sum(G * y)"

// The model's limits, and its seed.
const (
	tensorBuildMax = 1 << 20 // the most entries of ∂y/∂x the lesson builds, to stay responsive
	tensorTimeMax  = 1 << 16 // the most entries built twice to time both modes
	tensorSeed     = 7       // the seed of the gallery's values, G and u
)

// x is the input the Jacobian is taken by.
func (n *tensorNums) x() *core.Tensor { return n.prog.Inputs()[0] }

// xName is its name.
func (n *tensorNums) xName() string { return n.prog.Names()[0] }

// jacLen is the number of entries of ∂y/∂x.
func (n *tensorNums) jacLen() int {
	if n.err != nil {
		return 0
	}
	return n.y.Len() * n.x().Len()
}

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

// memoryRows are the rows of the memory step's meter: the full Jacobian,
// the input x, the output y and the VJP, with their entries.
func (n *tensorNums) memoryRows() [4]tensorRow {
	xn := n.xName()
	return [4]tensorRow{
		{"full Jacobian ∂y/∂" + xn, n.y.Len() * n.x().Len()},
		{"input " + xn, n.x().Len()},
		{"output y", n.y.Len()},
		{"VJP ∂L/∂" + xn, n.x().Len()},
	}
}

// computeTensor computes the numbers of the program p: its Jacobian by its
// first input x when the page builds it; G = ∂L/∂y of the loss src, and
// ∂L/∂x by core's VJP, by the contraction Σ_k G_k (∂y/∂x)_k and by the
// closed form of the gallery's item it (nil for a typed function); and the
// times of building ∂y/∂x in both modes. A loss src that does not work for
// y gives way to the default loss, and its error is returned as lossErr.
func computeTensor(p *expr.Program, src string, it *tensorItem) (n tensorNums, lossErr error) {
	n = tensorNums{prog: p, named: map[string]*core.Tensor{}, y: p.Value()}
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
			return n, nil
		}
		n.guard = err
		n.why = "core refused it."
	case entries > tensorBuildMax:
		n.why = fmt.Sprintf("core would build it, but this page stops at %d entries to stay responsive.", tensorBuildMax)
	default:
		_, jac, err := core.Jacobian(fx, xs, n.settings(core.Auto))
		if err != nil {
			n.err = err
			return n, nil
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

	g, l, err := lossGrad(src, y)
	if err != nil {
		// A typed loss that does not fit this y: the default.
		lossErr, src = err, tensorDefLoss
		g, l, err = lossGrad(src, y)
	}
	if err != nil {
		n.err = err
		return n, lossErr
	}
	n.g, n.loss, n.lossSrc = g, l, src
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
		return n, lossErr
	}
	n.vjpMs = msSince(start)
	if it != nil {
		n.closed = it.vjp(n.named, y, n.g)
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
	n.timeModes()
	return n, lossErr
}

// timeModes times the building of ∂y/∂x in forward and in reverse mode:
// whole when it is small, otherwise one sweep of each times the number of
// sweeps.
func (n *tensorNums) timeModes() {
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

// compute computes the linear approximation of n's function, which must
// be good, at the step of size h and, the first time, its residual over
// ‖h‖ from 1 to 10⁻⁶ in quarter decades (whole decades for a large
// function).
func (l *tensorLinear) compute(n *tensorNums, h float64) {
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
	l.yh, l.approx, l.residual = res(h)
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

// axesUpTo returns the axes 0, 1, …, n−1.
func axesUpTo(n int) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	return a
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
