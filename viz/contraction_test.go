//go:build display

package viz

import (
	"encoding/json"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// contractionCase is a contraction to animate.
type contractionCase struct {
	name         string
	a, b         core.Shape
	axesA, axesB []int
}

var contractionCases = []contractionCase{
	{"matrix product", core.Shape{2, 3}, core.Shape{3, 4}, []int{1}, []int{0}},
	{"AᵀB", core.Shape{3, 2}, core.Shape{3, 4}, []int{0}, []int{0}},
	{"two paired axes", core.Shape{2, 3, 4}, core.Shape{4, 3, 2}, []int{1, 2}, []int{1, 0}},
	{"outer product", core.Shape{3}, core.Shape{2}, nil, nil},
	{"dot product", core.Shape{5}, core.Shape{5}, []int{0}, []int{0}},
	{"negative axes", core.Shape{2, 3}, core.Shape{3, 2}, []int{-1}, []int{-2}},
	{"batched", core.Shape{2, 2, 3}, core.Shape{3, 2}, []int{2}, []int{0}},
}

// intTensor returns a tensor of the shape with small non-zero integer
// entries, whose products and sums are exact in any order.
func intTensor(rnd *rand.Rand, s core.Shape) *core.Tensor {
	t := core.New(s, nil)
	for i := range t.Data() {
		v := float64(rnd.IntN(9) - 4)
		if v == 0 {
			v = 5
		}
		t.Data()[i] = v
	}
	return t
}

// directPartial returns the sum of the first terms products of the entry
// of the result at out, written out from the definition of the contraction
// with no use of the plan: the paired multi-indices run in row-major order
// over the paired axes of a, and the free axes of a and then of b take the
// result's indices in order.
func directPartial(a, b *core.Tensor, axesA, axesB []int, out []int, terms int) float64 {
	axesA, axesB = normAxes(axesA, a.Rank()), normAxes(axesB, b.Rank())
	var paired core.Shape
	for _, ax := range axesA {
		paired = append(paired, a.Shape()[ax])
	}
	place := func(rank int, axes []int, free []int, s []int) []int {
		idx := make([]int, rank)
		k := 0
		for ax := range rank {
			if p := slices.Index(axes, ax); p >= 0 {
				idx[ax] = s[p]
			} else {
				idx[ax] = free[k]
				k++
			}
		}
		return idx
	}
	nFreeA := a.Rank() - len(axesA)
	sum := 0.0
	for t := range terms {
		s := paired.Unravel(t)
		ia := place(a.Rank(), axesA, out[:nFreeA], s)
		ib := place(b.Rank(), axesB, out[nFreeA:], s)
		sum += a.At(ia...) * b.At(ib...)
	}
	return sum
}

func TestContractionSums(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 1))
	for _, c := range contractionCases {
		a, b := intTensor(rnd, c.a), intTensor(rnd, c.b)
		aCopy, bCopy := a.Clone(), b.Clone()
		anim := NewContraction(a, b, c.axesA, c.axesB)
		want := core.Contract(a, b, c.axesA, c.axesB)
		n := anim.Timeline.Len()
		k := n / want.Len()
		if s := anim.State(0); s.Index != 0 || s.Done != 0 || s.Terms != 0 || s.Sum != 0 {
			t.Errorf("%s: state at 0 = %+v", c.name, s)
		}
		for i := 1; i <= n; i++ {
			s := anim.State(i)
			o := (i - 1) / k
			terms := (i-1)%k + 1
			out := want.Shape().Unravel(o)
			if s.Last.Out != o || s.Terms != terms || s.Done != i/k || s.Total != n {
				t.Fatalf("%s: state at %d = %+v, want entry %d with %d terms, %d done", c.name, i, s, o, terms, i/k)
			}
			if d := directPartial(a, b, c.axesA, c.axesB, out, terms); s.Sum != d {
				t.Errorf("%s: sum at %d = %g, want %g", c.name, i, s.Sum, d)
			}
			if s.Product != a.Data()[s.Last.A]*b.Data()[s.Last.B] {
				t.Errorf("%s: product at %d = %g, want %g", c.name, i, s.Product, a.Data()[s.Last.A]*b.Data()[s.Last.B])
			}
			// A complete entry equals core.Contract's, exactly since the
			// entries are small integers.
			if terms == k && s.Sum != want.Data()[o] {
				t.Errorf("%s: entry %v complete = %g, want Contract's %g", c.name, out, s.Sum, want.Data()[o])
			}
		}
		if !slices.Equal(a.Data(), aCopy.Data()) || !slices.Equal(b.Data(), bCopy.Data()) {
			t.Errorf("%s: the operands were changed", c.name)
		}
		if !panics(func() { anim.State(n + 1) }) || !panics(func() { anim.State(-1) }) {
			t.Errorf("%s: State out of range did not panic", c.name)
		}
	}

	// Real entries: the complete sums agree with Contract's BLAS to
	// rounding.
	a, b := core.New(core.Shape{4, 7}, nil), core.New(core.Shape{7, 3}, nil)
	for _, x := range [][]float64{a.Data(), b.Data()} {
		for i := range x {
			x[i] = rnd.NormFloat64()
		}
	}
	anim := NewContraction(a, b, []int{1}, []int{0})
	want := core.Contract(a, b, []int{1}, []int{0})
	for o := range want.Len() {
		s := anim.State(7 * (o + 1))
		// 1e-14 is a few ulps of sums of 7 products of order 1.
		if math.Abs(s.Sum-want.Data()[o]) > 1e-14 {
			t.Errorf("real entries: entry %d = %g, want %g", o, s.Sum, want.Data()[o])
		}
	}
}

// snapshot is what a contraction shows: its state, its caption, the
// filled prefix of the result and the cells each grid highlights.
type snapshot struct {
	state   ContractionState
	caption string
	filled  int
	hl      [3][][]int
}

func snap(c *Contraction) snapshot {
	s := snapshot{state: c.Current(), caption: c.Caption(), filled: c.Out.filled}
	for i, g := range []*Grid{c.A, c.B, c.Out} {
		for _, h := range g.hl {
			s.hl[i] = append(s.hl[i], slices.Clone(h.flat))
		}
	}
	return s
}

func (s snapshot) equal(t snapshot) bool {
	if s.state != t.state || s.caption != t.caption || s.filled != t.filled {
		return false
	}
	for i := range s.hl {
		if !slices.EqualFunc(s.hl[i], t.hl[i], slices.Equal) {
			return false
		}
	}
	return true
}

func TestContractionPlay(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2, 2))
	for _, c := range contractionCases {
		a, b := intTensor(rnd, c.a), intTensor(rnd, c.b)
		anim := NewContraction(a, b, c.axesA, c.axesB)
		plan := core.ContractPlan(c.a, c.b, c.axesA, c.axesB)
		n := plan.Len()
		k := n / anim.Out.Tensor().Len()

		// Playing at 60 steps a second does one multiply-add a tick, and
		// the highlighted cells follow the plan.
		anim.Timeline.SetSpeed(60)
		anim.Timeline.Play()
		snaps := []snapshot{snap(anim)}
		for i := range n {
			anim.Update(&Input{})
			m := plan.At(i)
			if got := anim.Current().Last; got != m {
				t.Fatalf("%s: tick %d shows %+v, want the plan's %+v", c.name, i+1, got, m)
			}
			if p := anim.Progress(); p != (Progress{Index: i + 1, Total: n}) {
				t.Fatalf("%s: tick %d: progress %+v", c.name, i+1, p)
			}
			var fibreA, fibreB []int
			for s := range k {
				p := plan.At(m.Out*k + s)
				fibreA, fibreB = append(fibreA, p.A), append(fibreB, p.B)
			}
			slices.Sort(fibreA)
			slices.Sort(fibreB)
			hlA, hlB := slices.Sorted(slices.Values(anim.A.hl[0].flat)), slices.Sorted(slices.Values(anim.B.hl[0].flat))
			if !slices.Equal(hlA, fibreA) || !slices.Equal(hlB, fibreB) {
				t.Fatalf("%s: tick %d: paired cells %v and %v, want %v and %v", c.name, i+1, hlA, hlB, fibreA, fibreB)
			}
			if !slices.Equal(anim.A.hl[1].flat, []int{m.A}) || !slices.Equal(anim.B.hl[1].flat, []int{m.B}) ||
				!slices.Equal(anim.Out.hl[0].flat, []int{m.Out}) {
				t.Fatalf("%s: tick %d: current cells %v, %v, %v, want %d, %d, %d", c.name, i+1,
					anim.A.hl[1].flat, anim.B.hl[1].flat, anim.Out.hl[0].flat, m.A, m.B, m.Out)
			}
			if anim.Out.filled != (i+1)/k {
				t.Fatalf("%s: tick %d: %d entries filled, want %d", c.name, i+1, anim.Out.filled, (i+1)/k)
			}
			snaps = append(snaps, snap(anim))
		}
		if anim.Timeline.Playing() {
			t.Errorf("%s: still playing at the end", c.name)
		}

		// Stepping back restores the previous state exactly, and forward
		// again the next.
		for i := n; i > 0; i-- {
			anim.Timeline.StepBack()
			anim.Update(&Input{})
			if got := snap(anim); !got.equal(snaps[i-1]) {
				t.Fatalf("%s: stepping back to %d shows %+v, want %+v", c.name, i-1, got, snaps[i-1])
			}
		}
		for i := range n {
			anim.Timeline.StepForward()
			anim.Update(&Input{})
			if got := snap(anim); !got.equal(snaps[i+1]) {
				t.Fatalf("%s: stepping forward to %d shows %+v, want %+v", c.name, i+1, got, snaps[i+1])
			}
		}
		// Scrubbing anywhere shows what playing showed there.
		for range 50 {
			i := rnd.IntN(n + 1)
			anim.Timeline.Seek(i)
			anim.Update(&Input{})
			if got := snap(anim); !got.equal(snaps[i]) {
				t.Fatalf("%s: scrubbing to %d shows %+v, want %+v", c.name, i, got, snaps[i])
			}
		}
	}
}

// TestContractionReducedMotion: with reduced motion, the entry a step
// completes shows at once, with no fade.
func TestContractionReducedMotion(t *testing.T) {
	a := core.New(core.Shape{2, 2}, []float64{1, 2, 3, 4})
	b := core.New(core.Shape{2, 2}, []float64{5, 6, 7, 8})
	anim := NewContraction(a, b, []int{1}, []int{0})
	reduced := &Input{ReducedMotion: true}
	anim.Update(reduced)
	anim.Timeline.StepForward()
	anim.Timeline.StepForward()
	anim.Update(reduced)
	if anim.Out.filled != 1 || anim.Out.fade != 1 {
		t.Errorf("the tick C[0,0] was completed with reduced motion: %d filled, opacity %g; want 1 at full opacity", anim.Out.filled, anim.Out.fade)
	}
	anim.Update(&Input{})
	if anim.Timeline.ReducedMotion() {
		t.Error("the timeline keeps reduced motion after the input stopped asking for it")
	}
}

func TestContractionFinish(t *testing.T) {
	// Finish with reduced motion is instant, with every entry filled and
	// the caption of the last multiply-add.
	a := core.New(core.Shape{2, 2}, []float64{1, 2, 3, 4})
	b := core.New(core.Shape{2, 2}, []float64{5, 6, 7, 8})
	anim := NewContraction(a, b, []int{1}, []int{0})
	// The entry completed by a step fades in as the step settles; an
	// entry completed earlier is opaque.
	anim.Timeline.StepForward()
	anim.Update(&Input{})
	if anim.Out.filled != 0 {
		t.Errorf("after 1 step of 2: %d entries filled", anim.Out.filled)
	}
	anim.Timeline.StepForward()
	for tick := range settleTicks {
		anim.Update(&Input{})
		if fade := anim.Out.fade; anim.Out.filled != 1 || (fade == 1) != (tick >= settleTicks-2) {
			t.Errorf("tick %d after completing C[0,0]: %d filled, opacity %g", tick, anim.Out.filled, fade)
		}
	}
	anim.Timeline.StepForward()
	anim.Update(&Input{})
	if anim.Out.fade != 1 {
		t.Errorf("entry completed a step ago at opacity %g", anim.Out.fade)
	}

	// The reader asks for reduced motion: the input says so at every
	// tick, and the timeline follows.
	reduced := &Input{ReducedMotion: true}
	anim.Update(reduced)
	anim.Timeline.Finish()
	anim.Update(reduced)
	if s := anim.Current(); s.Index != 8 || s.Done != 4 || s.Sum != 3*6+4*8 {
		t.Errorf("after Finish: %+v, want all 8 steps, 4 entries, sum 50", s)
	}
	if got, want := anim.Caption(), "A[2,2] · B[2,2] = 4 × 8 = 32\nC[2,2] = 50   (complete)"; got != want {
		t.Errorf("caption %q, want %q", got, want)
	}
	anim.Timeline.Seek(5)
	anim.Update(&Input{})
	if got, want := anim.Caption(), "A[2,1] · B[1,1] = 3 × 5 = 15\nC[2,1] = 15   (1 of 2 terms)"; got != want {
		t.Errorf("caption %q, want %q", got, want)
	}
	anim.Timeline.Seek(0)
	anim.Update(&Input{})
	if anim.Caption() != "" || anim.Out.filled != 0 || len(anim.A.hl) != 0 {
		t.Errorf("at the start: caption %q, %d filled, %d highlights", anim.Caption(), anim.Out.filled, len(anim.A.hl))
	}

	js, err := json.Marshal(anim.Progress())
	if err != nil || string(js) != `{"index":0,"total":8}` {
		t.Errorf("progress JSON %s, %v", js, err)
	}
}

// TestContractionLarge animates a contraction of 12 million multiply-adds:
// each tick looks only at the steps of the entry being summed, so ticks
// stay cheap and allocate little whatever the length of the plan.
func TestContractionLarge(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 3))
	a, b := intTensor(rnd, core.Shape{200, 300}), intTensor(rnd, core.Shape{300, 200})
	anim := NewContraction(a, b, []int{1}, []int{0})
	if n := anim.Timeline.Len(); n != 200*300*200 {
		t.Fatalf("plan of %d steps, want %d", n, 200*300*200)
	}
	anim.Timeline.Finish()
	start := time.Now()
	ticks := 0
	for anim.Timeline.Playing() {
		anim.Update(&Input{})
		ticks++
	}
	// Finish takes at most a second of ticks, each well within a frame:
	// 60 ticks in 100 ms leaves room for slow machines.
	if ticks > 60 || time.Since(start) > 100*time.Millisecond {
		t.Errorf("Finish took %d ticks and %v", ticks, time.Since(start))
	}
	// A step allocates a few small slices for the highlights and strings
	// for the caption, nothing in proportion to the plan.
	allocs := testing.AllocsPerRun(20, func() {
		anim.Timeline.StepBack()
		anim.Update(&Input{})
	})
	if allocs > 40 {
		t.Errorf("%v allocations a step", allocs)
	}
	mid := anim.plan.Len()/2 + 17
	s := anim.State(mid)
	out := anim.outShape.Unravel(s.Last.Out)
	if d := directPartial(a, b, []int{1}, []int{0}, out, s.Terms); s.Sum != d {
		t.Errorf("sum at %d = %g, want %g", mid, s.Sum, d)
	}
}

func TestContractionPixels(t *testing.T) {
	a := core.New(core.Shape{2, 3}, []float64{1, 2, -1, 3, -2, 1})
	b := core.New(core.Shape{3, 2}, []float64{2, -1, 1, 1, -3, 2})
	anim := NewContraction(a, b, []int{1}, []int{0})
	anim.A.Prepare(image.Rect(0, 0, 300, 200), 1)
	anim.B.Prepare(image.Rect(300, 0, 600, 200), 1)
	anim.Out.Prepare(image.Rect(0, 200, 600, 400), 1)

	// A press on entry (1, 0) of the result moves to its first product:
	// step 3·2+1.
	r := anim.Out.CellRect(1, 0)
	anim.Update(&Input{Pointer: Pointer{X: float64(r.Min.X + 5), Y: float64(r.Min.Y + 5), Down: true, Pressed: true}})
	if got := anim.Timeline.Index(); got != 7 {
		t.Fatalf("press on entry (1, 0): at step %d, want 7", got)
	}
	// Back to step 4: C[0,0] complete, C[0,1] summing its first product
	// A[0,0]·B[0,1].
	anim.Timeline.Seek(4)
	anim.Update(&Input{})
	anim.Out.Prepare(image.Rect(0, 200, 600, 400), 1)
	img := ebiten.NewImage(600, 400)
	img.Fill(Light.Background)
	anim.Draw(img)
	px := pixels(img)
	inner := func(r image.Rectangle) image.Rectangle { return r.Inset(4) }

	c00 := anim.State(3).Sum // 1·2 + 2·1 + (-1)·(-3) = 7, the largest
	if got := corner(px, anim.Out.CellRect(0, 0).Inset(4)); !viztest.Close(got, CoolWarm.At(c00, 7), 1) {
		t.Errorf("complete entry (0, 0): colour %v, want %v", got, CoolWarm.At(c00, 7))
	}
	// The entry being summed is empty but for its running sum, -1.
	sum := inner(anim.Out.CellRect(0, 1))
	if viztest.Count(px, sum, Light.Text, 60) == 0 || viztest.Count(px, sum, CoolWarm.At(-1, 7), 1) != 0 {
		t.Error("entry (0, 1) being summed does not show its running sum on an empty cell")
	}
	for _, idx := range [][]int{{1, 0}, {1, 1}} {
		if r := inner(anim.Out.CellRect(idx...)); !viztest.Uniform(px, r) || !viztest.Close(px.At(r.Min.X, r.Min.Y), Light.Panel, 1) {
			t.Errorf("entry %v not computed yet is not empty", idx)
		}
	}
	// Row 0 of A and column 1 of B are framed, the current pair in the
	// current colour; row 1 of A and column 0 of B are not.
	// Frames lie inside a cell's rectangle: inset by the line it shares
	// with its neighbours, which their frames may cover.
	frame := func(g *Grid, clr color.Color, idx ...int) int {
		return viztest.Count(px, g.CellRect(idx...).Inset(1), clr, 10)
	}
	for j := range 3 {
		if frame(anim.A, Th().Muted, 0, j)+frame(anim.A, Th().Tangent, 0, j) == 0 {
			t.Errorf("A[0,%d] not framed", j)
		}
		if frame(anim.A, Th().Muted, 1, j)+frame(anim.A, Th().Tangent, 1, j) != 0 {
			t.Errorf("A[1,%d] framed", j)
		}
		if frame(anim.B, Th().Muted, j, 1)+frame(anim.B, Th().Tangent, j, 1) == 0 {
			t.Errorf("B[%d,1] not framed", j)
		}
		if frame(anim.B, Th().Muted, j, 0)+frame(anim.B, Th().Tangent, j, 0) != 0 {
			t.Errorf("B[%d,0] framed", j)
		}
	}
	if frame(anim.A, Th().Tangent, 0, 0) == 0 || frame(anim.B, Th().Tangent, 0, 1) == 0 ||
		frame(anim.Out, Th().Tangent, 0, 1) == 0 {
		t.Error("the current pair and entry are not framed in the current colour")
	}
	if frame(anim.A, Th().Tangent, 0, 1) != 0 {
		t.Error("A[0,1], not in the current pair, framed in the current colour")
	}
}
