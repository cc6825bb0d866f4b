package viz

import (
	"image"
	"math"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
)

// Contraction animates the contraction out = Σ a·b of core.Contract one
// multiply-add at a time, in the order of core's plan (core.ContractPlan):
// for each entry of the result in row-major order, the products of the
// paired entries of a and b, summed. While an entry is being summed, the
// entries of a and b that it pairs (a fibre for one paired axis, a slice for
// more) are framed, the current pair more strongly; the result's entry shows
// the running sum and fills in with its colour once complete, the entries
// not yet computed looking empty.
//
// Everything shown is derived from the timeline's Index through the plan,
// so scrubbing back and forth is exact, and only the steps of the entry
// being summed are looked at: the plan, which is computed on demand, is never
// materialized.
type Contraction struct {
	// A, B and Out show the operands and the result; place them with their
	// Prepare, after Update.
	A, B, Out *Grid
	// Timeline plays the multiply-adds; Len is the length of the plan.
	Timeline *Timeline
	// Names are the operands' and the result's names in Caption.
	Names [3]string

	a, b         *core.Tensor
	plan         *core.Plan
	outShape     core.Shape
	axesA, axesB []int // the paired axes, counted from 0
	k            int   // multiply-adds per entry of the result

	state  ContractionState
	synced bool
	sum    string // the running sum, while an entry is being summed
}

// ContractionState is the state of a contraction after a number of
// multiply-adds, as derived from the plan.
type ContractionState struct {
	Index int // multiply-adds done
	Total int // multiply-adds in all
	// Done is the number of entries of the result complete: the first Done
	// in row-major order.
	Done int
	// Last is the last multiply-add done, out[Last.Out] += a[Last.A]·b[Last.B],
	// and Product its product; Sum is the running sum of out[Last.Out] after
	// it, of Terms products. They are zero when Index is 0.
	Last    core.MulAdd
	Product float64
	Sum     float64
	Terms   int
}

// NewContraction returns the animation of core.Contract(a, b, axesA, axesB),
// paused at its start, with the operands named A and B and the result C.
// The tensors are not copied and must not be changed. NewContraction panics
// with a core.Error if the axes do not pair up.
func NewContraction(a, b *core.Tensor, axesA, axesB []int) *Contraction {
	plan := core.ContractPlan(a.Shape(), b.Shape(), axesA, axesB)
	out := core.Contract(a, b, axesA, axesB)
	c := &Contraction{
		A: NewGrid(a), B: NewGrid(b), Out: NewGrid(out),
		Timeline: NewTimeline(plan.Len()),
		Names:    [3]string{"A", "B", "C"},
		a:        a, b: b, plan: plan, outShape: plan.Shape(),
		axesA: normAxes(axesA, a.Rank()), axesB: normAxes(axesB, b.Rank()),
		k: plan.Len() / out.Len(),
	}
	c.sync()
	return c
}

// normAxes returns the axes of a tensor of the given rank counted from 0,
// negative ones having counted from the end.
func normAxes(axes []int, rank int) []int {
	out := make([]int, len(axes))
	for i, a := range axes {
		if a < 0 {
			a += rank
		}
		out[i] = a
	}
	return out
}

// State returns the state of the contraction after k multiply-adds, from 0
// to Total, computed from the plan by summing the products of the entry
// being summed so far in the plan's order. State panics if k is out of
// range.
func (c *Contraction) State(k int) ContractionState {
	n := c.plan.Len()
	if k < 0 || k > n {
		panic("viz: contraction step " + strconv.Itoa(k) + " out of range [0, " + strconv.Itoa(n) + "]")
	}
	s := ContractionState{Index: k, Total: n, Done: k / c.k}
	if k == 0 {
		return s
	}
	last := k - 1
	start := last - last%c.k
	ad, bd := c.a.Data(), c.b.Data()
	for i := start; i <= last; i++ {
		m := c.plan.At(i)
		s.Last, s.Product = m, ad[m.A]*bd[m.B]
		s.Sum += s.Product
	}
	s.Terms = last - start + 1
	return s
}

// Current returns the state at the timeline's Index as of the last Update.
func (c *Contraction) Current() ContractionState { return c.state }

// Progress returns the timeline's Index and Len, for a scene's State as
// animation: {index, total}.
func (c *Contraction) Progress() Progress { return c.Timeline.Progress() }

// Update applies the user's intents of one tick (the timeline's keys, see
// Timeline.HandleKeys, and a press on an entry of the result, which moves
// to its first product), advances the timeline by a tick and brings the
// grids to its Index. Call the grids' Prepare after it. The timeline
// follows in.ReducedMotion.
func (c *Contraction) Update(in *Input) {
	c.Timeline.SetReducedMotion(in.ReducedMotion)
	c.Timeline.HandleKeys(in)
	if p := in.Pointer; p.Pressed {
		if idx, ok := c.Out.Hit(p.X, p.Y); ok {
			c.Timeline.Seek(c.outShape.Ravel(idx...)*c.k + 1)
		}
	}
	c.Timeline.Tick()
	c.sync()
}

// sync derives the state and the grids' highlights from the timeline's
// Index, when it changed.
func (c *Contraction) sync() {
	k := c.Timeline.Index()
	fade := 1.0
	if k > 0 && k%c.k == 0 {
		// The entry of the result just completed fades in.
		fade = c.Timeline.Transition()
	}
	if c.synced && k == c.state.Index {
		c.Out.SetFilled(c.state.Done, fade)
		return
	}
	c.synced = true
	s := c.State(k)
	c.state = s
	c.Out.SetFilled(s.Done, fade)
	if k == 0 {
		c.A.SetHighlights()
		c.B.SetHighlights()
		c.Out.SetHighlights()
		c.sum = ""
		return
	}
	first := c.plan.At(s.Last.Out * c.k)
	ia, ib, io := c.a.Shape().Unravel(s.Last.A), c.b.Shape().Unravel(s.Last.B), c.outShape.Unravel(s.Last.Out)
	c.A.SetHighlights(
		Highlight{Index: c.a.Shape().Unravel(first.A), Free: c.axesA, Color: Th().Muted},
		Highlight{Index: ia, Color: Th().Tangent})
	c.B.SetHighlights(
		Highlight{Index: c.b.Shape().Unravel(first.B), Free: c.axesB, Color: Th().Muted},
		Highlight{Index: ib, Color: Th().Tangent})
	c.Out.SetHighlights(Highlight{Index: io, Color: Th().Tangent})
	c.sum = ""
	if s.Terms < c.k {
		c.sum = formatValue(s.Sum, 3)
	}
}

// Caption returns two lines describing the last multiply-add as of the
// last Update, with the current Names, e.g.
//
//	A[0,2] · B[2,1] = 0.5 × -1 = -0.5
//	C[0,1] = 1.25   (3 of 4 terms)
//
// or "" before the first.
func (c *Contraction) Caption() string {
	s := c.state
	if s.Index == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(c.Names[0] + bracket(c.a.Shape().Unravel(s.Last.A)) + " · " +
		c.Names[1] + bracket(c.b.Shape().Unravel(s.Last.B)) + " = " +
		formatValue(c.a.Data()[s.Last.A], 3) + " × " + formatValue(c.b.Data()[s.Last.B], 3) + " = " +
		formatValue(s.Product, 3) + "\n")
	b.WriteString(c.Names[2] + bracket(c.outShape.Unravel(s.Last.Out)) + " = " + formatValue(s.Sum, 3))
	if s.Terms < c.k {
		b.WriteString("   (" + strconv.Itoa(s.Terms) + " of " + strconv.Itoa(c.k) + " terms)")
	} else {
		b.WriteString("   (complete)")
	}
	return b.String()
}

// Draw draws the three grids, and the running sum in the result's entry
// being summed.
func (c *Contraction) Draw(dst *ebiten.Image) {
	c.A.Draw(dst)
	c.B.Draw(dst)
	c.Out.Draw(dst)
	px := c.Out.numPx
	if c.sum == "" || px == 0 {
		return
	}
	r := c.Out.lay.cellRect(c.state.Last.Out).Add(image.Pt(c.Out.lay.x, c.Out.lay.y))
	w, h := MeasureText(c.sum, px)
	DrawText(dst, c.sum, px, math.Round(float64(r.Min.X)+(float64(r.Dx())-w)/2), math.Round(float64(r.Min.Y)+(float64(r.Dy())-h)/2), Th().Text)
}
