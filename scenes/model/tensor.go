package model

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

// TensorNums are the tensor lesson's numbers for the function as it is, all
// from core (and from the gallery's closed forms).
type TensorNums struct {
	Prog  *expr.Program
	Named map[string]*core.Tensor // the inputs by name
	Y     *core.Tensor
	Jac   *core.Tensor   // ∂y/∂x, nil when not built
	Disp  *core.Tensor   // Jac with x's part shaped as a matrix, for the grids
	Jacs  []*core.Tensor // every input's Jacobian, for state(), nil unless all are built
	Guard error          // core's refusal to build ∂y/∂x, or nil
	Why   string         // why ∂y/∂x was not built, if it was not

	G          *core.Tensor // G = ∂L/∂y, of the loss L = Σ G * y by default, with G random
	LossSrc    string       // the loss used
	Loss       float64      // its value
	VJP        *core.Tensor // ∂L/∂x by core's VJP
	VJPMs      float64
	Closed     *core.Tensor // ∂L/∂x by the gallery's closed form, or nil
	Contracted *core.Tensor // Σ_k G_k (∂y/∂x)_k by core.Contract, or nil
	MaxDiff    float64      // the largest difference among those three

	FwdMs, RevMs float64 // the time to build ∂y/∂x in each mode
	Measured     bool    // whether the times were measured whole, or extrapolated from one sweep

	Err error // why the function cannot be differentiated, or nil
}

// TensorLinear is the linear approximation along the direction u for the
// step h = ‖h‖ u, and its residual over a range of ‖h‖.
type TensorLinear struct {
	U, ju          *core.Tensor // the unit direction, and (∂y/∂x)·u by one JVP
	YH, Approx     *core.Tensor // y(x+h) and y(x) + (∂y/∂x)·h at the slider's ‖h‖
	Residual       float64      // ‖y(x+h) − y(x) − (∂y/∂x)·h‖
	Ts, Res        []float64    // the series for the log–log plot
	Slope          float64      // its fitted slope, NaN for a linear function
	Linear         bool         // whether y is linear in x: the residual is rounding only
	Stale          bool         // whether yh, approx and residual are not at the slider's ‖h‖
	seriesComputed bool
}

// TensorRow is a row of the memory step's meter: what, and how many
// entries it has.
type TensorRow struct {
	Name    string
	Entries int
}

// TensorDefLoss is the default loss: a random weighting of y's entries,
// whose gradient ∂L/∂y is G itself.
const TensorDefLoss = "sum(G * y)"

// The model's limits, and its seed.
const (
	tensorBuildMax = 1 << 20 // the most entries of ∂y/∂x the lesson builds, to stay responsive
	TensorTimeMax  = 1 << 16 // the most entries built twice to time both modes
	TensorSeed     = 7       // the seed of the gallery's values, G and u
)

// X is the input the Jacobian is taken by.
func (n *TensorNums) X() *core.Tensor { return n.Prog.Inputs()[0] }

// XName is its name.
func (n *TensorNums) XName() string { return n.Prog.Names()[0] }

// JacLen is the number of entries of ∂y/∂x.
func (n *TensorNums) JacLen() int {
	if n.Err != nil {
		return 0
	}
	return n.Y.Len() * n.X().Len()
}

// FuncOfX returns f as a function of x alone, its other inputs held at their
// values.
func (n *TensorNums) FuncOfX() core.Func {
	f, ins := n.Prog.Func(), n.Prog.Inputs()
	return func(in []*core.Node) *core.Node {
		args := make([]*core.Node, len(ins))
		args[0] = in[0]
		for i := 1; i < len(ins); i++ {
			args[i] = core.ConstLike(ins[i], in[0])
		}
		return f(args)
	}
}

// Settings are core's settings for f as a function of x alone.
func (n *TensorNums) Settings(mode core.Mode) *core.Settings {
	s := n.Prog.Settings(mode)
	s.Names = []string{n.XName()}
	return s
}

// MemoryRows are the rows of the memory step's meter: the full Jacobian,
// the input x, the output y and the VJP, with their entries.
func (n *TensorNums) MemoryRows() [4]TensorRow { return memoryRows(n.XName(), n.X().Len(), n.Y.Len()) }

// RealLayer is the example size of a layer y = x W in the tensor and the
// backprop lessons: a batch of N = 64 rows of D = 4096 features, M = 4096
// outputs.
var RealLayer = struct{ N, D, M int }{64, 4096, 4096}

// RealLayerRows are the memory meter's rows for y = x W at the sizes of
// RealLayer, counted from the sizes alone: N·M·N·D = 2³⁶ entries for
// ∂y/∂x, N·D = 2¹⁸ for x.
func RealLayerRows() [4]TensorRow {
	l := RealLayer
	return memoryRows("x", l.N*l.D, l.N*l.M)
}

// memoryRows are the meter's rows for an input called xn of xLen entries
// and an output of yLen.
func memoryRows(xn string, xLen, yLen int) [4]TensorRow {
	return [4]TensorRow{
		{"full Jacobian ∂y/∂" + xn, yLen * xLen},
		{"input " + xn, xLen},
		{"output y", yLen},
		{"VJP ∂L/∂" + xn, xLen},
	}
}

// Bytes returns the memory the row's entries take as float32 (4 bytes
// each) and as float64 (8).
func (r TensorRow) Bytes() (f32, f64 float64) {
	e := float64(r.Entries)
	return 4 * e, 8 * e
}

// ComputeTensor computes the numbers of the program p: its Jacobian by its
// first input x when the page builds it; G = ∂L/∂y of the loss src, and
// ∂L/∂x by core's VJP, by the contraction Σ_k G_k (∂y/∂x)_k and by the
// closed form of the gallery's item it (nil for a typed function); and the
// times of building ∂y/∂x in both modes. A loss src that does not work for
// y gives way to the default loss, and its error is returned as lossErr.
func ComputeTensor(p *expr.Program, src string, it *TensorItem) (n TensorNums, lossErr error) {
	n = TensorNums{Prog: p, Named: map[string]*core.Tensor{}, Y: p.Value()}
	for i, name := range p.Names() {
		n.Named[name] = p.Inputs()[i]
	}
	x, y := n.X(), n.Y
	fx := n.FuncOfX()
	xs := []*core.Tensor{x}
	entries := y.Len() * x.Len()
	switch {
	case entries > core.DefaultMaxEntries:
		// core refuses it before allocating: ask it, for its own words.
		_, _, err := core.Jacobian(fx, xs, n.Settings(core.Auto))
		var se *core.SizeError
		if !errors.As(err, &se) {
			n.Err = fmt.Errorf("core built or failed a Jacobian over its limit: %v", err)
			return n, nil
		}
		n.Guard = err
		n.Why = "core refused it."
	case entries > tensorBuildMax:
		n.Why = fmt.Sprintf("core would build it, but this page stops at %d entries to stay responsive.", tensorBuildMax)
	default:
		_, jac, err := core.Jacobian(fx, xs, n.Settings(core.Auto))
		if err != nil {
			n.Err = err
			return n, nil
		}
		n.Jac = jac[0]
		// A scalar or vector x gains axes in the grids' shape, which
		// core refuses past its largest rank: then there is no grid.
		if core.Maybe(func() { n.Disp = n.Jac.Reshape(append(y.Shape(), GridShape(x.Shape())...)...) }) != nil {
			n.Disp = nil
		}
		fits := true
		for _, t := range p.Inputs() {
			fits = fits && y.Len()*t.Len() <= tensorBuildMax
		}
		if fits {
			// The error, if any, is the work limit's: state() leaves
			// them out.
			n.Jacs, _ = p.Jacobians(core.Auto)
		}
	}

	g, l, err := LossGrad(src, y)
	if err != nil {
		// A typed loss that does not fit this y: the default.
		lossErr, src = err, TensorDefLoss
		g, l, err = LossGrad(src, y)
	}
	if err != nil {
		n.Err = err
		return n, lossErr
	}
	n.G, n.Loss, n.LossSrc = g, l, src
	start := time.Now()
	_, pull, err := core.VJP(fx, xs, n.Settings(core.Auto))
	if err == nil {
		var bars []*core.Tensor
		if bars, err = pull(n.G); err == nil {
			n.VJP = bars[0]
		}
	}
	if err != nil {
		n.Err = err
		return n, lossErr
	}
	n.VJPMs = msSince(start)
	if it != nil {
		n.Closed = it.vjp(n.Named, y, n.G)
	}
	if n.Jac != nil {
		ax := AxesUpTo(y.Rank())
		n.Contracted = core.Contract(n.G, n.Jac, ax, ax)
	}
	for _, a := range []*core.Tensor{n.Closed, n.Contracted} {
		if a != nil {
			n.MaxDiff = math.Max(n.MaxDiff, tensorMaxDiff(a, n.VJP))
		}
	}
	if n.Closed != nil && n.Contracted != nil {
		n.MaxDiff = math.Max(n.MaxDiff, tensorMaxDiff(n.Closed, n.Contracted))
	}
	n.TimeModes()
	return n, lossErr
}

// TimeModes times the building of ∂y/∂x in forward and in reverse mode:
// whole when it is small, otherwise one sweep of each times the number of
// sweeps.
func (n *TensorNums) TimeModes() {
	x, y := n.X(), n.Y
	fx, xs := n.FuncOfX(), []*core.Tensor{n.X()}
	if y.Len()*x.Len() <= TensorTimeMax {
		for _, m := range []struct {
			mode core.Mode
			ms   *float64
		}{{core.Forward, &n.FwdMs}, {core.Reverse, &n.RevMs}} {
			start := time.Now()
			core.Jacobian(fx, xs, n.Settings(m.mode))
			*m.ms = msSince(start)
		}
		n.Measured = true
		return
	}
	start := time.Now()
	core.JVP(fx, xs, []*core.Tensor{TensorValues("u", x.Shape(), TensorSeed)}, n.Settings(core.Auto))
	n.FwdMs = msSince(start) * float64(x.Len())
	n.RevMs = n.VJPMs * float64(y.Len())
	n.Measured = false
}

// Compute computes the linear approximation of n's function, which must
// be good, at the step of size h and, the first time, its residual over
// ‖h‖ from 1 to 10⁻⁶ in quarter decades (whole decades for a large
// function).
func (l *TensorLinear) Compute(n *TensorNums, h float64) {
	fx, x := n.FuncOfX(), n.X()
	if l.U == nil {
		l.U = TensorValues("u", x.Shape(), TensorSeed)
		norm := 0.0
		for _, v := range l.U.Data() {
			norm += v * v
		}
		for k := range l.U.Data() {
			l.U.Data()[k] /= math.Sqrt(norm)
		}
		_, ju, err := core.JVP(fx, []*core.Tensor{x}, []*core.Tensor{l.U}, n.Settings(core.Auto))
		if err != nil {
			l.U = nil
			return
		}
		l.ju = ju
	}
	res := func(t float64) (yh, approx *core.Tensor, r float64) {
		xh := x.Clone()
		approx = n.Y.Clone()
		for k, v := range l.U.Data() {
			xh.Data()[k] += t * v
		}
		for k, v := range l.ju.Data() {
			approx.Data()[k] += t * v
		}
		yh, err := core.Eval(fx, []*core.Tensor{xh}, n.Settings(core.Auto))
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
	l.YH, l.Approx, l.Residual = res(h)
	if l.seriesComputed {
		return
	}
	l.seriesComputed = true
	per := 4 // points per decade
	if n.Y.Len()+x.Len() > TensorTimeMax {
		per = 1
	}
	l.Ts, l.Res = l.Ts[:0], l.Res[:0]
	for k := 0; k <= 6*per; k++ {
		t := math.Pow(10, -float64(k)/float64(per))
		_, _, r := res(t)
		l.Ts, l.Res = append(l.Ts, t), append(l.Res, r)
	}
	ynorm := 0.0
	for _, v := range n.Y.Data() {
		ynorm = math.Max(ynorm, math.Abs(v))
	}
	// At ‖h‖ = 1 a curved function misses by a visible amount; a linear
	// one only by rounding.
	l.Linear = l.Res[0] <= 1e-10*(1+ynorm)
	l.Slope = math.NaN()
	if !l.Linear {
		// Only residuals well above rounding (10⁻¹⁰) show the power law.
		var ts, rs []float64
		for k, r := range l.Res {
			if r > 1e-10 {
				ts, rs = append(ts, l.Ts[k]), append(rs, r)
			}
		}
		l.Slope = logLogSlope(ts, rs)
	}
}

// LossGrad returns ∂L/∂y and L at y for the loss src, an expression of y
// and of G, the seeded random tensor of y's shape.
func LossGrad(src string, y *core.Tensor) (g *core.Tensor, l float64, err error) {
	vals := map[string]*core.Tensor{"y": y, "G": TensorValues("G", y.Shape(), TensorSeed)}
	p, err := Budget.CompileTensors(src, vals)
	if err != nil {
		return nil, 0, err
	}
	if !slices.Contains(p.Names(), "y") {
		return nil, 0, fmt.Errorf("the loss must depend on y")
	}
	if p.Value().Rank() != 0 {
		return nil, 0, fmt.Errorf("the loss must be one number, but this one has shape %v: sum it, as in %s", p.Value().Shape(), TensorDefLoss)
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

// AxesUpTo returns the axes 0, 1, …, n−1.
func AxesUpTo(n int) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	return a
}

// GridShape is the shape of x as the grids draw it: x's own if it has two
// axes or more, a row for a vector, one cell for a scalar.
func GridShape(x core.Shape) core.Shape {
	switch len(x) {
	case 0:
		return core.Shape{1, 1}
	case 1:
		return core.Shape{1, x[0]}
	}
	return x
}

// Corner returns the top-left corner of t, at most k entries along each of
// its last two axes, as a matrix (a row for a vector, a cell for a scalar).
func Corner(t *core.Tensor, k int) *core.Tensor {
	m := t.Reshape(append(core.Shape{-1}, GridShape(t.Shape())...)...)
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

// TensorTerm is a term G_i (∂y/∂x)_{i,j} of the chain rule's sum for an
// entry j of ∂L/∂x: the entry i of y, by its flat position, and the two
// factors.
type TensorTerm struct {
	I       int
	G, DyDx float64
}

// TensorSum is the chain rule's sum (∂L/∂x)_j = Σ_i G_i (∂y/∂x)_{i,j} for
// one entry j of ∂L/∂x, split into the terms whose factor of ∂y/∂x is an
// exact zero, which drop out, and those kept; and the entry as the VJP, the
// contraction and the closed form give it (NaN when there is none).
type TensorSum struct {
	J                          int // the entry of x, by its flat position
	Kept                       []TensorTerm
	Dropped                    []int // the entries i of y whose terms drop out
	Sum                        float64
	VJP, Contracted, ClosedSum float64
}

// SumAt returns the chain rule's sum for entry j of ∂L/∂x, from the
// Jacobian n built; n.Jac must not be nil, and j must be an entry of x.
func (n *TensorNums) SumAt(j int) TensorSum {
	xl := n.X().Len()
	s := TensorSum{J: j, VJP: n.VJP.Data()[j], Contracted: math.NaN(), ClosedSum: math.NaN()}
	jac := n.Jac.Data()
	for i, g := range n.G.Data() {
		d := jac[i*xl+j]
		if d == 0 {
			s.Dropped = append(s.Dropped, i)
			continue
		}
		s.Kept = append(s.Kept, TensorTerm{I: i, G: g, DyDx: d})
		s.Sum += g * d
	}
	if n.Contracted != nil {
		s.Contracted = n.Contracted.Data()[j]
	}
	if n.Closed != nil {
		s.ClosedSum = n.Closed.Data()[j]
	}
	return s
}
