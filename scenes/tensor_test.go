//go:build display

package scenes

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

func newTensorScene(t *testing.T, q url.Values) *tensor {
	t.Helper()
	s := newTensor(q).(*tensor)
	if err := tick(s, input()); err != nil {
		t.Fatal(err)
	}
	return s
}

// tensorStateOf returns the scene's state() as the browser gets it:
// through JSON.
func tensorStateOf(t *testing.T, s *tensor) TensorState {
	t.Helper()
	b, err := json.Marshal(s.State())
	if err != nil {
		t.Fatalf("state() does not encode: %v", err)
	}
	var st TensorState
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// tensorZero says, by hand, which entries of each gallery item's Jacobian
// are exact zeros: y_i does not depend on x_j at all. k is conv1d's kernel
// length.
var tensorZero = map[string]func(i, j []int, ys, xs core.Shape, k int) bool{
	// Block-diagonal: row n of y = x W depends only on row n of x.
	"matmul": func(i, j []int, _, _ core.Shape, _ int) bool { return i[0] != j[0] },
	// Diagonal: elementwise.
	"tanh": func(i, j []int, _, _ core.Shape, _ int) bool { return !slices.Equal(i, j) },
	// Dense blocks: each row's softmax depends on the whole row.
	"softmax": func(i, j []int, _, _ core.Shape, _ int) bool { return i[0] != j[0] },
	"sum":     func(i, j []int, _, _ core.Shape, _ int) bool { return i[0] != j[0] },
	"sum0":    func(i, j []int, _, _ core.Shape, _ int) bool { return i[0] != j[1] },
	// Permutations.
	"transpose": func(i, j []int, _, _ core.Shape, _ int) bool { return i[0] != j[1] || i[1] != j[0] },
	"reshape":   func(i, j []int, ys, xs core.Shape, _ int) bool { return ys.Ravel(i...) != xs.Ravel(j...) },
	// Banded: output t of row n sees inputs t … t+K−1 of that row.
	"conv1d": func(i, j []int, _, _ core.Shape, k int) bool {
		return i[0] != j[0] || j[1] < i[1] || j[1] >= i[1]+k
	},
	"affine": func(i, j []int, _, _ core.Shape, _ int) bool { return !slices.Equal(i, j) },
}

// tensorDims are the sizes each gallery item is tested at besides its
// defaults: not square, so that swapped axes show.
var tensorDims = map[string]url.Values{
	"matmul": {"N": {"3"}, "D": {"4"}, "M": {"2"}},
	"conv1d": {"N": {"3"}, "L": {"6"}, "K": {"2"}},
}

// fdJacobian returns ∂y/∂x of the scene's function by central finite
// differences (gonum's diff/fd), y's entries by rows and x's by columns.
func fdJacobian(p *expr.Program) *mat.Dense {
	x := p.Inputs()[0]
	m := p.Value().Len()
	f := func(y, xv []float64) {
		ins := slices.Clone(p.Inputs())
		ins[0] = core.New(x.Shape(), slices.Clone(xv))
		v, err := core.Eval(p.Func(), ins, nil)
		if err != nil {
			panic(err)
		}
		copy(y, v.Data())
	}
	dst := mat.NewDense(m, x.Len(), nil)
	fd.Jacobian(dst, f, x.Data(), &fd.JacobianSettings{Formula: fd.Central})
	return dst
}

func TestTensorGallery(t *testing.T) {
	for _, it := range model.TensorGallery {
		for _, dims := range []url.Values{{}, tensorDims[it.Key], {"N": {"2"}, "D": {"5"}}} {
			if dims == nil {
				continue
			}
			q := url.Values{"item": {it.Key}}
			for k, v := range dims {
				q[k] = v
			}
			t.Run(it.Key+"/"+dims.Encode(), func(t *testing.T) {
				s := newTensorScene(t, q)
				st := tensorStateOf(t, s)
				if st.Error != nil {
					t.Fatal(*st.Error)
				}
				p := s.nums.Prog
				xs, ys := p.Inputs()[0].Shape(), p.Value().Shape()
				if want := append(slices.Clone(ys), xs...); !slices.Equal(st.JacobianShape, want) || !slices.Equal(st.Jacobians[0].Shape, want) {
					t.Fatalf("jacobianShape %v, jacobians[0] shape %v; want y.shape ++ x.shape = %v", st.JacobianShape, st.Jacobians[0].Shape, want)
				}
				jac := st.Jacobians[0].Data

				// Entries against finite differences; the step's error
				// is of order h² ≈ 1e-11 times the third derivatives.
				ref := fdJacobian(p)
				nx := xs.Size()
				for k, v := range jac {
					if want := ref.At(k/nx, k%nx); math.Abs(v-want) > 1e-6 {
						t.Errorf("entry %d = %v, finite differences give %v", k, v, want)
					}
				}

				// The zero pattern, exactly; every other entry is nonzero
				// (the values stay away from zero by construction).
				kern := 0
				if k, ok := s.nums.Named["k"]; ok {
					kern = k.Len()
				}
				zero := tensorZero[it.Key]
				for k, v := range jac {
					i, j := ys.Unravel(k/nx), xs.Unravel(k%nx)
					if want := zero(i, j, ys, xs, kern); (v == 0) != want {
						t.Errorf("∂y%v/∂x%v = %v; want zero: %v", i, j, v, want)
					}
				}

				// Each entry's closed form against core's.
				for k := range jac {
					s.sel = k
					if c := tensorStateOf(t, s).Selected; c == nil || c.ClosedForm == nil || math.Abs(float64(*c.ClosedForm-c.Value)) > 1e-12 {
						t.Fatalf("entry %d: selected = %+v, want the closed form equal to the value", k, c)
					}
				}

				// The chain rule: Σ_k G_k (∂y/∂x)_k by hand from the
				// Jacobian, against the scene's contraction, closed form
				// and VJP.
				want := make([]float64, nx)
				for k, v := range jac {
					want[k%nx] += st.G.Data[k/nx] * v
				}
				for name, got := range map[string]*expr.Tensor{"contraction": st.Contraction, "closedForm": st.ClosedForm, "vjp": &st.VJP} {
					if got == nil || !slices.Equal(got.Shape, []int(xs)) {
						t.Fatalf("%s = %+v, want x's shape %v", name, got, xs)
					}
					for k, v := range got.Data {
						if math.Abs(v-want[k]) > 1e-12 {
							t.Errorf("%s[%d] = %v, want Σ_k G_k J_k = %v", name, k, v, want[k])
						}
					}
				}
				if !(st.MaxDiff <= 1e-12) {
					t.Errorf("maxDiff = %v, want at most 1e-12", st.MaxDiff)
				}
			})
		}
	}
}

func TestTensorOverGuard(t *testing.T) {
	q := url.Values{"item": {"matmul"}, "N": {"64"}, "D": {"1024"}, "M": {"1024"}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := newTensorScene(t, q)
	runtime.ReadMemStats(&after)
	// The Jacobian would take 64·1024·64·1024 entries, 32 GiB; the inputs,
	// the value, the VJP, its closed form and the linear approximation's
	// few evaluations take some tens of MiB.
	const refused = 64 * 1024 * 64 * 1024
	if got := after.TotalAlloc - before.TotalAlloc; got > 512<<20 {
		t.Errorf("the scene allocated %d MiB over the limit, want at most 512 MiB", got>>20)
	}
	st := tensorStateOf(t, s)
	if st.Error != nil {
		t.Fatal(*st.Error)
	}
	var se *core.SizeError
	if !errors.As(s.nums.Guard, &se) || se.Entries() != refused || st.Guard == nil || *st.Guard != s.nums.Guard.Error() {
		t.Fatalf("guard = %v (state %v), want core's SizeError for %d entries", s.nums.Guard, st.Guard, refused)
	}
	if st.Entries["jacobian"] != refused || st.Bytes["jacobian"] != 8*refused || st.Selected != nil || st.Jacobians != nil || s.anim != nil {
		t.Errorf("entries %v, bytes %v, selected %v, %d jacobians; want the refused Jacobian counted and none built", st.Entries, st.Bytes, st.Selected, len(st.Jacobians))
	}

	// core's guard alone, measured on its own: it refuses before it
	// allocates the Jacobian.
	n := s.nums
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := core.Jacobian(n.FuncOfX(), []*core.Tensor{n.X()}, n.Settings(core.Auto))
	runtime.ReadMemStats(&after)
	if !errors.As(err, &se) {
		t.Fatalf("core.Jacobian: %v, want a SizeError", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Errorf("core.Jacobian allocated %d MiB before refusing, want at most 64 MiB (the forward pass)", got>>20)
	}

	// The VJP is still there: ∂L/∂x = G Wᵀ, checked at a few entries by
	// explicit sums.
	w, g := n.Named["W"], n.G
	if !slices.Equal(n.VJP.Shape(), core.Shape{64, 1024}) {
		t.Fatalf("vjp shape %v, want 64×1024", n.VJP.Shape())
	}
	for _, e := range [][2]int{{0, 0}, {17, 513}, {63, 1023}} {
		want := 0.0
		for m := range 1024 {
			want += g.At(e[0], m) * w.At(e[1], m)
		}
		if got := n.VJP.At(e[0], e[1]); math.Abs(got-want) > 1e-12 {
			t.Errorf("∂L/∂x%v = %v, want Σ_m G[n,m] W[d,m] = %v", e, got, want)
		}
	}
	if !(st.MaxDiff <= 1e-12) {
		t.Errorf("maxDiff = %v between the VJP and the closed form, want at most 1e-12", st.MaxDiff)
	}
	// The memory step draws without building anything.
	s.step = 3
	if err := tick(s, input()); err != nil {
		t.Fatal(err)
	}
	frame(t, s, ebiten.NewImage(1100, 720))
}

func TestTensorQuery(t *testing.T) {
	for _, c := range []struct {
		q      url.Values
		item   string
		dims   map[string]int
		notice string // a part of the notice, "" for none
	}{
		{url.Values{}, "matmul", map[string]int{"N": 2, "D": 3, "M": 2}, ""},
		{url.Values{"item": {"conv1d"}, "N": {"3"}, "L": {"6"}, "K": {"4"}}, "conv1d", map[string]int{"N": 3, "L": 6, "K": 4}, ""},
		{url.Values{"item": {"nope"}}, "matmul", map[string]int{"N": 2, "D": 3, "M": 2}, `item="nope"`},
		{url.Values{"item": {"tanh"}, "N": {"7"}, "D": {"x"}}, "tanh", map[string]int{"N": 3, "D": 3}, `N="7"`},
		{url.Values{"item": {"conv1d"}, "L": {"2"}, "K": {"3"}}, "conv1d", map[string]int{"N": 2, "L": 5, "K": 3}, "kernel"},
		{url.Values{"item": {"matmul"}, "N": {"1024"}, "D": {"1024"}, "M": {"1024"}}, "matmul", map[string]int{"N": 2, "D": 3, "M": 2}, "too long"},
		{url.Values{"item": {"sum"}, "step": {"9"}}, "sum", map[string]int{"N": 3, "D": 4}, "step="},
	} {
		s := newTensorScene(t, c.q)
		st := tensorStateOf(t, s)
		if st.Item != c.item || !maps(st.Dims, c.dims) {
			t.Errorf("%v: item %s, dims %v; want %s, %v", c.q, st.Item, st.Dims, c.item, c.dims)
		}
		if n := s.Notice(); (c.notice == "") != (n == "") || !strings.Contains(n, c.notice) {
			t.Errorf("%v: notice %q, want one with %q", c.q, n, c.notice)
		}
		if st.Error != nil {
			t.Errorf("%v: error %s", c.q, *st.Error)
		}
	}
}

// maps reports whether a and b hold the same keys and values.
func maps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestTensorTyped(t *testing.T) {
	// softmax of a vector: dense, ∂y_i/∂x_j = y_i (δ_ij − y_j).
	s := newTensorScene(t, url.Values{"f": {"softmax(x)"}, "at": {"x = [1, 2, 3]"}})
	st := tensorStateOf(t, s)
	if st.Error != nil || st.Item != "typed" || !slices.Equal(st.JacobianShape, []int{3, 3}) || st.ClosedForm != nil {
		t.Fatalf("item %q, jacobianShape %v, closedForm %v, error %v; want typed, [3 3], none", st.Item, st.JacobianShape, st.ClosedForm, st.Error)
	}
	y := st.Value.Data
	for k, v := range st.Jacobians[0].Data {
		i, j := k/3, k%3
		if want := y[i] * (model.Delta(i, j) - y[j]); math.Abs(v-want) > 1e-15 {
			t.Errorf("J[%d,%d] = %v, want %v", i, j, v, want)
		}
	}
	if !(st.MaxDiff <= 1e-12) || st.Contraction == nil {
		t.Errorf("maxDiff %v, contraction %v; want the contraction equal to the VJP", st.MaxDiff, st.Contraction)
	}
	if st.Mode.JVPs != 3 || st.Mode.VJPs != 3 || st.Mode.Auto != "reverse" {
		t.Errorf("mode = %+v, want 3 JVPs, 3 VJPs, reverse", st.Mode)
	}

	// A tall Jacobian: two inputs, six outputs, forward mode.
	s = newTensorScene(t, url.Values{"f": {"x * [[1], [2], [3]]"}, "at": {"x = [1, 2]"}})
	if st := tensorStateOf(t, s); st.Mode.JVPs != 2 || st.Mode.VJPs != 6 || st.Mode.Auto != "forward" {
		t.Errorf("mode = %+v, want 2 JVPs, 6 VJPs, forward", st.Mode)
	}

	// A bad expression is marked in its field, and the gallery's first
	// item studied meanwhile; never a panic.
	s = newTensorScene(t, url.Values{"f": {"tanh(x"}})
	if st := tensorStateOf(t, s); st.Error == nil || st.Item != "matmul" {
		t.Errorf("bad f: error %v, item %q; want an error and matmul", st.Error, st.Item)
	}
	if _, _, ok := s.fields[0].text.Error(); !ok {
		t.Error("bad f: no error mark in the text field")
	}
}

func TestTensorSelection(t *testing.T) {
	s := newTensorScene(t, url.Values{"item": {"matmul"}})
	// x is 2×3: → moves along x, ↓ to the next block (y's next entry).
	tick(s, keys(ebiten.KeyArrowRight))
	tick(s, keys(ebiten.KeyArrowRight))
	tick(s, keys(ebiten.KeyArrowDown))
	st := tensorStateOf(t, s)
	w := s.nums.Named["W"]
	if c := st.Selected; !slices.Equal(c.Y, []int{0, 1}) || !slices.Equal(c.X, []int{0, 2}) || float64(c.Value) != w.At(2, 1) {
		t.Errorf("after → → ↓: selected %+v, want y[0,1], x[0,2] = W[2,1] = %v", c, w.At(2, 1))
	}
	// A click on a cell selects it.
	r := s.jgrid.CellRect(1, 0, 1, 2)
	in := input()
	in.Pointer = viz.Pointer{X: float64(r.Min.X+r.Max.X) / 2, Y: float64(r.Min.Y+r.Max.Y) / 2, Down: true, Pressed: true}
	tick(s, in)
	if c := tensorStateOf(t, s).Selected; !slices.Equal(c.Y, []int{1, 0}) || !slices.Equal(c.X, []int{1, 2}) || float64(c.Value) != w.At(2, 0) {
		t.Errorf("after a click on [1,0,1,2]: selected %+v, want y[1,0], x[1,2] = W[2,0]", c)
	}
}

// jacobianScreens are the screens the Jacobian's grid is checked at: a
// laptop's window, a phone at 3 device pixels a CSS pixel, a large
// monitor.
var jacobianScreens = []struct {
	w, h  int
	scale float64
}{{1100, 720, 1}, {390, 844, 3}, {1920, 1080, 1}}

// showJacobian runs a tick and a frame of the lesson on screen and
// returns what the frame drew.
func showJacobian(t *testing.T, s *tensor, in *viz.Input, screen *ebiten.Image) []viz.Drawn {
	t.Helper()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	viz.BeginFrame(screen, in.Scale)
	frame(t, s, screen)
	return viz.EndFrame(nil)
}

// gridsDrawn returns the grids of what a frame drew.
func gridsDrawn(drawn []viz.Drawn) []viz.Drawn {
	var grids []viz.Drawn
	for _, it := range drawn {
		if it.Kind == viz.DrawnGrid {
			grids = append(grids, it)
		}
	}
	return grids
}

// TestTensorJacobianEveryBlock: the 6×6×6×6 Jacobian of y = x W, too
// large for numbers that can be read, shows all its 36 blocks on a laptop,
// a phone and a large monitor, in cells of at least tensorSwatch CSS
// pixels on the screen, as colours with no number in the frame's record
// (TestGridLeastNumber checks the pixels of such cells); a press and a
// drag over the cells pick entries, whose value a text in the same frame
// reads out, without the grid rendered again.
func TestTensorJacobianEveryBlock(t *testing.T) {
	for _, sz := range jacobianScreens {
		name := fmt.Sprintf("%dx%d at scale %v", sz.w, sz.h, sz.scale)
		s := newTensorScene(t, url.Values{"item": {"matmul"}, "N": {"6"}, "D": {"6"}, "M": {"6"}})
		in := sizedInput(sz.w, sz.h, sz.scale)
		screen := ebiten.NewImage(in.Width, in.Height)
		drawn := showJacobian(t, s, in, screen)
		d, g := s.nums.Disp, s.jgrid
		if !g.plain || !slices.Equal(g.shown, d.Shape()) || g.Tensor() != d || g.NumberSize() != 0 {
			t.Fatalf("%s: grid shows %v of %v, colours only %t, numbers of %v px; want every block in colours", name, g.shown, d.Shape(), g.plain, g.NumberSize())
		}
		for _, p := range layoutProblems(drawn) {
			t.Errorf("%s: %s", name, p)
		}
		if grids := gridsDrawn(drawn); len(grids) != 1 || grids[0].Px != 0 {
			t.Errorf("%s: grids drawn %+v, want one, without numbers", name, grids)
		}
		if !strings.Contains(s.words.caption, "too small here for numbers") {
			t.Errorf("%s: caption %q does not say the cells have no numbers", name, s.words.caption)
		}
		// Every cell on the screen, in the grid's rectangle, at least
		// tensorSwatch pixels apart.
		for k := range d.Len() {
			idx := d.Shape().Unravel(k)
			if r := g.CellRect(idx...); !r.In(g.rect) || !r.In(screen.Bounds()) || float64(r.Dx()) < tensorSwatch*sz.scale {
				t.Fatalf("%s: cell %v at %v, in a grid at %v on a screen at %v", name, idx, r, g.rect, screen.Bounds())
			}
		}

		// Press on a cell, drag to two others: each is selected in turn,
		// and its value is read out at a readable size.
		renders := s.jgrid.Renders()
		for n, idx := range [][]int{{2, 3, 2, 4}, {2, 3, 2, 5}, {4, 1, 4, 0}} {
			r := s.jgrid.CellRect(idx...)
			in := sizedInput(sz.w, sz.h, sz.scale)
			in.Pointer = viz.Pointer{X: float64(r.Min.X+r.Max.X) / 2, Y: float64(r.Min.Y+r.Max.Y) / 2, Down: true, Pressed: n == 0}
			drawn := showJacobian(t, s, in, screen)
			st := tensorStateOf(t, s)
			if c := st.Selected; !slices.Equal(append(c.Y, c.X...), idx) || st.Cell == nil || *st.Cell != *boxOf(r, sz.scale) {
				t.Fatalf("%s: after the pointer on %v at %v, selected %+v at %+v", name, idx, r, c, st.Cell)
			}
			value := fmt.Sprintf("%.6g", float64(st.Selected.Value))
			read := false
			for _, it := range drawn {
				read = read || it.Kind == viz.DrawnText && it.Px >= viz.MinTextPx && strings.Contains(it.Text, "= "+value)
			}
			if !read {
				t.Errorf("%s: entry %v's value %s is not in a text of the frame", name, idx, value)
			}
		}
		if got := s.jgrid.Renders(); got != renders {
			t.Errorf("%s: the grid rendered %d times over the drag, want none", name, got-renders)
		}
	}
}

// TestTensorJacobianNumbers: at the default sizes the Jacobian's cells
// show their numbers, at least MinGridPx, on the same screens.
func TestTensorJacobianNumbers(t *testing.T) {
	for _, sz := range jacobianScreens {
		name := fmt.Sprintf("%dx%d at scale %v", sz.w, sz.h, sz.scale)
		s := newTensorScene(t, url.Values{"item": {"matmul"}}) // N = 2, D = 3, M = 2
		in := sizedInput(sz.w, sz.h, sz.scale)
		drawn := showJacobian(t, s, in, ebiten.NewImage(in.Width, in.Height))
		if g := s.jgrid; g.plain || !slices.Equal(g.shown, s.nums.Disp.Shape()) {
			t.Errorf("%s: grid shows %v of %v, colours only %t; want all of it with numbers", name, g.shown, s.nums.Disp.Shape(), g.plain)
		}
		if grids := gridsDrawn(drawn); len(grids) != 1 || grids[0].Px < viz.MinGridPx {
			t.Errorf("%s: grids drawn %+v, want one with numbers of at least %v px", name, grids, viz.MinGridPx)
		}
		if strings.Contains(s.words.caption, "too small") || strings.Contains(s.words.caption, "Only part") || s.words.body != "" {
			t.Errorf("%s: caption %q, text under it %q; want neither the colours' words nor the corner's", name, s.words.caption, s.words.body)
		}
	}
}

// TestTensorJacobianCorner: on a small phone held sideways, where even the
// colours of the 6×6×6×6 Jacobian would be under tensorSwatch pixels, the
// grid shows the blocks that fit with numbers, and the caption says it is
// a part.
func TestTensorJacobianCorner(t *testing.T) {
	s := newTensorScene(t, url.Values{"item": {"matmul"}, "N": {"6"}, "D": {"6"}, "M": {"6"}})
	in := screenInput(480, 320)
	drawn := showJacobian(t, s, in, ebiten.NewImage(in.Width, in.Height))
	if g := s.jgrid; g.plain || !g.cut() || g.NumberSize() < viz.MinGridPx {
		t.Errorf("grid shows %v with numbers of %v px, colours only %t; want a corner with numbers", g.shown, g.NumberSize(), g.plain)
	}
	if !strings.Contains(s.words.caption, "Only part of it fits here") {
		t.Errorf("caption %q does not say the grid shows a part", s.words.caption)
	}
	for _, p := range layoutProblems(drawn) {
		t.Error(p)
	}
}

func TestTensorSizesByKeyboard(t *testing.T) {
	s := newTensorScene(t, url.Values{"item": {"tanh"}})
	s.ui.Focus(s.sizes[0])
	tick(s, keys(ebiten.KeyArrowRight)) // N: 3 → 4
	for range tensorSettle + 1 {
		tick(s, input())
	}
	st := tensorStateOf(t, s)
	if st.Dims["N"] != 4 || !slices.Equal(st.Shapes["x"], []int{4, 3}) || !slices.Equal(st.JacobianShape, []int{4, 3, 4, 3}) {
		t.Errorf("after →: dims %v, x %v, jacobianShape %v; want N = 4", st.Dims, st.Shapes["x"], st.JacobianShape)
	}
	tick(s, keys(ebiten.KeyEnd)) // N: 1024, too many to build but within the limit
	for range tensorSettle + 1 {
		tick(s, input())
	}
	st = tensorStateOf(t, s)
	if st.Dims["N"] != 1024 || st.Guard != nil || st.Jacobians != nil || st.Entries["jacobian"] != 1024*3*1024*3 {
		t.Errorf("after End: dims %v, guard %v, entries %v; want N = 1024, not built, within the limit", st.Dims, st.Guard, st.Entries)
	}
	if !(st.MaxDiff <= 1e-12) || st.ClosedForm == nil {
		t.Errorf("maxDiff %v: want the VJP equal to the closed form", st.MaxDiff)
	}
}

func TestTensorLinear(t *testing.T) {
	s := newTensorScene(t, url.Values{"item": {"tanh"}, "step": {"1"}})
	st := tensorStateOf(t, s)
	if st.Linear.Linear || math.IsNaN(float64(st.Linear.Slope)) || math.Abs(float64(st.Linear.Slope)-2) > 0.1 {
		t.Errorf("tanh: linear %v, slope %v; want a curved function with slope 2", st.Linear.Linear, st.Linear.Slope)
	}
	// The residual at ‖h‖ by hand: tanh entry by entry along u; again
	// after the slider moves h down a step.
	x, u := s.nums.X(), s.lin.U
	for round := range 2 {
		h := st.Linear.H
		sq := 0.0
		for k, v := range x.Data() {
			th := math.Tanh(v)
			d := math.Tanh(v+h*u.Data()[k]) - th - (1-th*th)*h*u.Data()[k]
			sq += d * d
		}
		if math.Abs(float64(st.Linear.Residual)-math.Sqrt(sq)) > 1e-12 {
			t.Errorf("round %d: residual at ‖h‖ = %v: %v, want %v", round, h, st.Linear.Residual, math.Sqrt(sq))
		}
		s.ui.Focus(s.hSize)
		tick(s, keys(ebiten.KeyArrowLeft))
		if st = tensorStateOf(t, s); st.Linear.H >= h {
			t.Fatalf("← on the slider left ‖h‖ at %v, want less than %v", st.Linear.H, h)
		}
	}
	for _, key := range []string{"matmul", "transpose", "affine"} {
		st := tensorStateOf(t, newTensorScene(t, url.Values{"item": {key}, "step": {"1"}}))
		if !st.Linear.Linear || st.Linear.Residual > 1e-12 || !math.IsNaN(float64(st.Linear.Slope)) {
			t.Errorf("%s: linear %v, residual %v, slope %v; want linear, zero, none", key, st.Linear.Linear, st.Linear.Residual, st.Linear.Slope)
		}
	}
}

func TestTensorStepsDraw(t *testing.T) {
	screen := ebiten.NewImage(1100, 720)
	for _, it := range model.TensorGallery {
		s := newTensorScene(t, url.Values{"item": {it.Key}})
		for step := range tensorSteps {
			s.step = step
			if err := tick(s, input()); err != nil {
				t.Fatalf("%s, step %d: %v", it.Key, step, err)
			}
			frame(t, s, screen)
		}
	}
}

func TestTensorDrawsFromCache(t *testing.T) {
	// With a 6×6×6×6 Jacobian on screen, ticks that change nothing render
	// nothing again: the grids, the plot and the texts come from caches.
	for step := range tensorSteps {
		s := newTensorScene(t, url.Values{"item": {"matmul"}, "N": {"6"}, "D": {"6"}, "M": {"6"}})
		s.step = step
		screen := ebiten.NewImage(1100, 720)
		tick(s, input())
		frame(t, s, screen)
		grids := []*viz.Grid{s.jgrid.Grid, s.vjpGrid.Grid, s.trueGrid.Grid, s.approxGrid.Grid}
		renders := func() []int {
			r := []int{s.resPlot.Renders(), s.formula.Renders(), s.texts.side.label.Renders(), s.texts.body.label.Renders()}
			for _, g := range grids {
				r = append(r, g.Renders())
			}
			if s.anim != nil {
				r = append(r, s.anim.A.Renders(), s.anim.B.Renders(), s.anim.Out.Renders())
			}
			return r
		}
		before := renders()
		for range 5 {
			tick(s, input())
			frame(t, s, screen)
		}
		if after := renders(); !slices.Equal(before, after) {
			t.Errorf("step %d: renders went from %v to %v over five idle ticks", step, before, after)
		}
	}
}

func TestTensorHighRank(t *testing.T) {
	// y of rank 7 by a scalar x: the Jacobian has rank 7, and a grid of it
	// would need rank 9, past core's largest: the numbers without a grid.
	s := newTensorScene(t, url.Values{"f": {"x * reshape([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128], 2, 2, 2, 2, 2, 2, 2)"}, "at": {"x = 1"}})
	st := tensorStateOf(t, s)
	if st.Error != nil || len(st.JacobianShape) != 7 || s.nums.Disp != nil || st.Selected == nil {
		t.Fatalf("error %v, jacobianShape %v, grid %v, selected %v; want rank 7, no grid, a selection", st.Error, st.JacobianShape, s.nums.Disp != nil, st.Selected)
	}
	for step := range tensorSteps {
		s.step = step
		if err := tick(s, input()); err != nil {
			t.Fatal(err)
		}
		frame(t, s, ebiten.NewImage(1100, 720))
	}
}

func TestTensorLoss(t *testing.T) {
	// L = Σ y²/2 has ∂L/∂y = y: the chain rule's G is y itself.
	s := newTensorScene(t, url.Values{"item": {"tanh"}, "loss": {"sum(y^2) / 2"}, "step": {"2"}})
	st := tensorStateOf(t, s)
	y := st.Value.Data
	l := 0.0
	for k, v := range y {
		l += v * v / 2
		if st.G.Data[k] != v {
			t.Fatalf("G[%d] = %v, want y = %v", k, st.G.Data[k], v)
		}
		// ∂L/∂x = y (1 − y²) for y = tanh x.
		if want := v * (1 - v*v); math.Abs(st.VJP.Data[k]-want) > 1e-15 {
			t.Errorf("∂L/∂x[%d] = %v, want y(1 − y²) = %v", k, st.VJP.Data[k], want)
		}
	}
	loss := s.State().(*TensorState).Loss
	if loss.Expr != "sum(y^2) / 2" || math.Abs(float64(loss.Value)-l) > 1e-15 || !(st.MaxDiff <= 1e-12) {
		t.Errorf("loss %v, maxDiff %v; want sum(y^2) / 2 = %v, agreeing roads", loss, st.MaxDiff, l)
	}

	// A loss typed in its field: one that is not a number is refused in
	// place, and the last one stays.
	s.lossField.SetText("y * 2")
	s.editLoss(s.lossField.Text())
	if _, msg, ok := s.lossField.Error(); !ok || !strings.Contains(msg, "one number") || s.lossSrc != "sum(y^2) / 2" {
		t.Errorf("y * 2: error %q, loss %q; want it refused, the last loss kept", msg, s.lossSrc)
	}
	s.lossField.SetText("sum(G * y)")
	s.editLoss(s.lossField.Text())
	if st := tensorStateOf(t, s); !slices.Equal(st.G.Data, model.TensorValues("G", s.nums.Y.Shape(), model.TensorSeed).Data()) {
		t.Errorf("after sum(G * y): G = %v, want the random G", st.G.Data)
	}

	// Typed with the keyboard: "+ 1" at the end shifts L, not G.
	before := s.nums.Loss
	s.ui.Focus(s.lossField)
	in := input()
	in.Chars = []rune(" + 1")
	tick(s, in)
	if s.nums.LossSrc != "sum(G * y) + 1" || math.Abs(s.nums.Loss-before-1) > 1e-12 {
		t.Errorf("after typing: loss %q = %v, want sum(G * y) + 1 = %v", s.nums.LossSrc, s.nums.Loss, before+1)
	}

	// A bad loss in the URL: a notice, and the default.
	s = newTensorScene(t, url.Values{"loss": {"sum(z)"}})
	if n := s.Notice(); !strings.Contains(n, "loss=") || s.nums.LossSrc != model.TensorDefLoss {
		t.Errorf("loss=sum(z): notice %q, loss %q; want a notice and the default", n, s.nums.LossSrc)
	}
}

func TestTensorLinkAndDescription(t *testing.T) {
	for _, q := range []url.Values{
		{"item": {"conv1d"}, "N": {"3"}, "L": {"6"}, "K": {"2"}, "step": {"2"}, "loss": {"sum(y^2)"}},
		{"f": {"softmax(x)"}, "at": {"x = [1, 2, 3]"}, "step": {"1"}},
	} {
		s := newTensorScene(t, q)
		link := s.Link()
		again := newTensorScene(t, link)
		was, now := tensorStateOf(t, s), tensorStateOf(t, again)
		if now.Item != was.Item || now.Step != was.Step || !maps(now.Dims, was.Dims) || !slices.Equal(now.VJP.Data, was.VJP.Data) {
			t.Errorf("%v: opened from its link %v: item %s, step %d, dims %v; before: %s, %d, %v", q, link, now.Item, now.Step, now.Dims, was.Item, was.Step, was.Dims)
		}
		if back := again.Link(); back.Encode() != link.Encode() {
			t.Errorf("%v: link from the link = %q, want %q", q, back.Encode(), link.Encode())
		}
	}

	// Each step's description names the step and its numbers, with the
	// questions off (TestQuizAnswers has them on).
	s := newTensorScene(t, url.Values{"item": {"matmul"}, "quiz": {"off"}})
	want := []string{"x is 2×3, y is 2×2", "‖h‖", "L = sum(G * y)", "full Jacobian ∂y/∂x: 24 entries, 96 B as float32, 192 B as float64", "6 JVPs", "entry [1,1] of ∂L/∂x keeps 2 terms and drops 2",
		"(2×2)×(2×2) · (2×2)×(2×3) → (2×2)×(2×3)"}
	for step, w := range want {
		s.step = step
		if err := tick(s, input()); err != nil {
			t.Fatal(err)
		}
		d := s.Describe()
		if len(d) != 2 || !strings.Contains(d[0], fmt.Sprintf("Step %d of %d", step+1, len(tensorSteps))) || !strings.Contains(d[1], w) {
			t.Errorf("step %d: description %q, want the step and %q", step, d, w)
		}
	}
}

// TestTensorFitsEveryScreen lays the lesson out on every screen of
// layoutScreens, at every step, for gallery items of several shapes, a
// typed function and one too large for its Jacobian, and shows each of its
// sheets: every frame keeps the layout rules (layoutProblems), with its
// grids' numbers readable, and every sheet shown gets at least its least
// size, so that nothing in it is squeezed over anything else.
func TestTensorFitsEveryScreen(t *testing.T) {
	for _, q := range []url.Values{
		{"item": {"matmul"}},
		{"item": {"tanh"}},
		{"item": {"conv1d"}, "N": {"3"}, "L": {"6"}, "K": {"2"}},
		{"item": {"matmul"}, "N": {"6"}, "D": {"6"}, "M": {"6"}},
		{"f": {"softmax(x)"}, "at": {"x = [1, 2, 3]"}},
		{"f": {"tanh(x @ W)"}, "at": {"x = [[1, 2], [3, 4]]; W = [[1, 0.5], [0, 1]]"}},
		{"item": {"matmul"}, "N": {"64"}, "D": {"1024"}, "M": {"1024"}},
		{"item": {"matmul"}, "layer": {"real"}},
	} {
		s := newTensorScene(t, q)
		for _, sz := range layoutScreens {
			for step := range tensorSteps {
				s.step = step
				for k := 0; ; k++ {
					s.switcher.Selected = k
					name := fmt.Sprintf("%v at %dx%d, step %d, sheet %d", q, sz.X, sz.Y, step, k)
					for _, p := range layoutProblems(drawnFrame(t, s, sz.X, sz.Y)) {
						t.Errorf("%s: %s", name, p)
					}
					if !s.sheetsFit() {
						t.Errorf("%s: the sheet shown is squeezed below its least size", name)
					}
					if s.fit.side != (s.sheetNames == nil) {
						t.Errorf("%s: the sheets are made for side by side %v, shown so %v", name, s.fit.side, s.sheetNames == nil)
					}
					if k+1 >= len(s.sheetNames) {
						break
					}
				}
			}
		}
	}
}

// sheetsFit reports whether the sheets shown, as the frame laid them out,
// get their least sizes.
func (s *tensor) sheetsFit() bool {
	sheets := s.sheets(s.scale)
	defer s.relayout() // sheets empties what the last layout placed
	l := s.lesson
	if l.sheetNames == nil {
		nodes := make([]*layout.Node, len(sheets))
		for i, sh := range sheets {
			nodes[i] = sh.node
		}
		return layout.Row(12*l.scale, nodes...).Pad(12 * l.scale).Fits(l.body)
	}
	if l.showText() || l.showQuiz() {
		return true
	}
	inner := l.body
	if !l.compact {
		inner.Min.Y = l.switcher.Rect.Max.Y
	}
	return layout.Column(0, sheets[l.switcher.Selected].node).Pad(12 * l.scale).Fits(inner)
}

// TestTensorSmallPhone: on a phone the gallery's rows and the sliders are
// high enough for a finger; on a small one the item is picked on a slider
// beside the sizes, which the keyboard moves like the others, and on a
// laptop the gallery shows instead.
func TestTensorSmallPhone(t *testing.T) {
	s := newTensorScene(t, url.Values{"item": {"matmul"}})
	show := func(w, h int) {
		t.Helper()
		tick(s, screenInput(w, h))
		s.switcher.Selected = slices.Index(s.sheetNames, "Item")
		tick(s, screenInput(w, h))
	}
	show(390, 844)
	if r := s.gallery.Rect; r.Empty() || float64(r.Dy())/float64(s.gallery.Rows(float64(r.Dx()), 1)) < touchH || !s.itemSlider.Rect.Empty() {
		t.Errorf("390×844: gallery at %v, item slider at %v; want the gallery in rows of %d pixels, no slider", r, s.itemSlider.Rect, touchH)
	}
	show(320, 480)
	if !s.gallery.Rect.Empty() || s.itemSlider.Rect.Dy() < touchH || s.sizes[2].Rect.Empty() {
		t.Fatalf("320×480: gallery at %v, item slider at %v, M at %v; want the slider and the sizes", s.gallery.Rect, s.itemSlider.Rect, s.sizes[2].Rect)
	}
	s.ui.Focus(s.itemSlider)
	in := screenInput(320, 480)
	in.Repeated, in.Pressed = []ebiten.Key{ebiten.KeyArrowRight}, []ebiten.Key{ebiten.KeyArrowRight}
	tick(s, in)
	if st := tensorStateOf(t, s); st.Item != model.TensorGallery[1].Key || s.gallery.Selected != 1 {
		t.Errorf("→ on the item slider: item %q, gallery at %d; want %q", st.Item, s.gallery.Selected, model.TensorGallery[1].Key)
	}
	tick(s, screenInput(1280, 800))
	if s.gallery.Rect.Empty() || !s.itemSlider.Rect.Empty() || s.sheetNames != nil {
		t.Errorf("1280×800: gallery at %v, item slider at %v, sheets %v; want the gallery, side by side", s.gallery.Rect, s.itemSlider.Rect, s.sheetNames)
	}
}

// TestTensorRealLayer: on the memory step the real layer's switch puts
// y = x W at N = 64, D = M = 4096 on the meter, counted from its sizes:
// 2³⁶ entries for ∂y/∂x, 256 GiB as float32 and 512 GiB as float64,
// against 1 MiB and 2 MiB for x; state() and the page's address say so,
// and the address opens it again. The backprop lesson quotes the same
// layer in the same units.
func TestTensorRealLayer(t *testing.T) {
	s := newTensorScene(t, url.Values{"item": {"matmul"}, "step": {strconv.Itoa(slices.IndexFunc(tensorSteps, func(st tensorStep) bool { return st.title == "Too big to store" }))}})
	tick(s, screenInput(1280, 800))
	if s.real.Rect.Empty() {
		t.Fatal("the memory step shows no real layer switch")
	}
	if strings.Contains(s.words.bars[0], "GiB") {
		t.Fatalf("before the switch the meter is already at a real size: %q", s.words.bars[0])
	}
	in := screenInput(1280, 800)
	r := s.real.Rect
	in.Pointer = viz.Pointer{X: float64(r.Min.X+r.Max.X) / 2, Y: float64(r.Min.Y+r.Max.Y) / 2, Down: true, Pressed: true}
	tick(s, in)
	in.Pointer.Down, in.Pointer.Pressed, in.Pointer.Released = false, false, true
	tick(s, in)
	tick(s, screenInput(1280, 800))
	if st := tensorStateOf(t, s); !st.RealLayer {
		t.Fatal("a click on the switch leaves the real layer off in state()")
	}
	for k, want := range []string{
		"68719476736 entries, 256 GiB as float32, 512 GiB as float64", // 64·4096·64·4096 = 2³⁶
		"262144 entries, 1 MiB as float32, 2 MiB as float64",          // x: 64·4096 = 2¹⁸
	} {
		if !strings.Contains(s.words.bars[k], want) {
			t.Errorf("bar %d reads %q; want %q", k, s.words.bars[k], want)
		}
	}
	if d := strings.Join(s.Describe(), " "); !strings.Contains(d, "256 GiB as float32") {
		t.Errorf("the description leaves out the real layer: %q", d)
	}
	q := s.Link()
	if q.Get("layer") != "real" {
		t.Fatalf("the address %v does not keep the real layer", q)
	}
	if again := newTensorScene(t, q); !again.real.On {
		t.Errorf("the address %v opens without the real layer", q)
	}

	bp := newBackpropScene(t, url.Values{})
	quoted := false
	for _, nd := range bp.net.G.Nodes() {
		if _, key, _ := model.BPRuleOf(nd); key == "tensordot" {
			m := bp.jacobianMemory(nd)
			quoted = strings.Contains(m, "x 64×4096 and W 4096×4096") && strings.Contains(m, "68719476736 numbers, 512 GiB as float64") && strings.Contains(m, "2 MiB")
			if !quoted {
				t.Errorf("the backprop lesson's real layer reads %q", m)
			}
			break
		}
	}
	if !quoted {
		t.Error("the backprop lesson's default graph has no matrix product to quote the real layer at")
	}
}

// TestTensorDerive: the derivation's step frames, on the Jacobian's grid,
// the terms of the sum for the entry picked: for y = x W the M cells of
// block row n′ in orange and the white ones of every other row in grey;
// → picks the next entry of x; state() gives the sum, equal to core's VJP
// and to G Wᵀ; the formula shows the δ collapsing the sum; for tanh one
// term is kept, and the formula ends in G ⊙ (1 − y²).
func TestTensorDerive(t *testing.T) {
	step := strconv.Itoa(slices.IndexFunc(tensorSteps, func(st tensorStep) bool { return st.title == "Deriving ∂L/∂x by hand" }))
	s := newTensorScene(t, url.Values{"item": {"matmul"}, "N": {"3"}, "D": {"4"}, "M": {"2"}, "step": {step}})
	tick(s, screenInput(1280, 800))
	in := screenInput(1280, 800)
	in.Repeated = []ebiten.Key{ebiten.KeyArrowRight} // entry [1,2] of x: n′ = 0, d = 1
	tick(s, in)
	tick(s, screenInput(1280, 800))
	st := tensorStateOf(t, s)
	if st.Sum == nil || !slices.Equal(st.Sum.X, []int{0, 1}) || st.Sum.Kept != 2 || st.Sum.Dropped != 4 {
		t.Fatalf("after →: sum %+v; want entry [0 1] with 2 terms kept and 4 dropped", st.Sum)
	}
	var gwt mat.Dense
	gwt.Mul(s.nums.G.Dense(), s.nums.Named["W"].Dense().T())
	if want := gwt.At(0, 1); math.Abs(float64(st.Sum.Sum)-want) > 1e-12 || math.Abs(float64(st.Sum.VJP)-want) > 1e-12 {
		t.Errorf("sum %v, VJP %v; want (G Wᵀ)[0,1] = %v", st.Sum.Sum, st.Sum.VJP, want)
	}
	kept, dropped := 0, 0
	for _, h := range s.sumMarks() {
		n, np, d := h.Index[0], h.Index[2], h.Index[3]
		if np != 0 || d != 1 {
			t.Errorf("a frame on %v, not on entry [0,1] of x", h.Index)
		}
		switch h.Color {
		case viz.Light.Tangent:
			kept++
			if n != 0 {
				t.Errorf("kept the term on %v, of another row than n′", h.Index)
			}
		case viz.Light.Muted:
			dropped++
			if n == 0 || s.nums.Disp.At(h.Index...) != 0 {
				t.Errorf("dropped the term on %v, which row n′ keeps or is not zero", h.Index)
			}
		}
	}
	if kept != 2 || dropped != 4 {
		t.Errorf("%d cells framed as kept, %d as dropped; want 2 and 4", kept, dropped)
	}
	if tex := s.words.tex; !strings.Contains(tex, `\delta_{n n'}`) || !strings.Contains(tex, `(G\,W^{\top})_{n' d}`) || !strings.Contains(tex, `_{1,2} = `) || !strings.Contains(tex, `= `+jacTeXNum(gwt.At(0, 1))) {
		t.Errorf("the derivation %q does not collapse the δ into G Wᵀ for entry [1,2]", tex)
	}

	s = newTensorScene(t, url.Values{"item": {"tanh"}, "step": {step}})
	tick(s, screenInput(1280, 800))
	if st := tensorStateOf(t, s); st.Sum == nil || st.Sum.Kept != 1 || st.Sum.Dropped != s.nums.Y.Len()-1 {
		t.Errorf("tanh: sum %+v; want one term kept", st.Sum)
	}
	if tex := s.words.tex; !strings.Contains(tex, `G \odot (1 - y^{2})`) {
		t.Errorf("tanh: the derivation %q does not end in G ⊙ (1 − y²)", tex)
	}
}

// TestTensorCompose: the chain rule for z = tanh(y), y = x W, writes its
// shapes with the numbers, (2×2)×(2×2) · (2×2)×(2×3) → (2×2)×(2×3) at the
// default sizes; Space plays the contraction and F finishes it, and → on
// the grids steps it one multiply–add at a time; each entry summed equals
// core's Jacobian of z(x), the hand-worked (1 − z²) W entry, and the
// contraction agrees with autodiff throughout; state() and the live
// region say so, and the text places the other lessons' levels in it.
func TestTensorCompose(t *testing.T) {
	step := strconv.Itoa(slices.IndexFunc(tensorSteps, func(st tensorStep) bool { return st.title == "Chain rule for a tensor z" }))
	s := newTensorScene(t, url.Values{"item": {"matmul"}, "step": {step}})
	in := func(ks ...ebiten.Key) *viz.Input {
		in := screenInput(1280, 800)
		in.Repeated, in.Pressed = ks, ks
		return in
	}
	tick(s, in())
	st := tensorStateOf(t, s)
	c := st.Compose
	if c == nil || c.Outer != "tanh" || c.Terms != 4 || c.Entry != nil || c.MaxDiff == nil || !(*c.MaxDiff <= 1e-12) {
		t.Fatalf("compose %+v; want tanh, 4 terms, no entry yet, agreement", c)
	}
	for name, want := range map[string]core.Shape{"z": {2, 2}, "dzdy": {2, 2, 2, 2}, "dydx": {2, 2, 2, 3}, "dzdx": {2, 2, 2, 3}} {
		if !c.Shapes[name].Equal(want) {
			t.Errorf("shape of %s: %v, want %v", name, c.Shapes[name], want)
		}
	}
	if !s.animFits || s.anim.Timeline.Len() != 24*4 { // 24 entries of ∂z/∂x, 4 products each
		t.Fatalf("the contraction is shown %v with %d multiply–adds; want shown, 96", s.animFits, s.anim.Timeline.Len())
	}
	if tex := s.words.tex; !strings.Contains(tex, `(2\times 2)\times(2\times 2)`) || !strings.Contains(tex, `\to (2\times 2)\times(2\times 3)`) {
		t.Errorf("the formula %q does not write the shapes", tex)
	}
	d := strings.Join(s.Describe(), " ")
	for _, want := range []string{"(2×2)×(2×2) · (2×2)×(2×3) → (2×2)×(2×3)", "a gradient is one row (1×N)", "agree"} {
		if !strings.Contains(d, want) {
			t.Errorf("the description %q leaves out %q", d, want)
		}
	}
	for _, want := range []string{"a gradient is one row (1×N)", "agree"} {
		if !strings.Contains(s.words.side, want) {
			t.Errorf("the step's numbers %q leave out %q", s.words.side, want)
		}
	}

	// Space plays; F finishes, at once with reduced motion.
	tick(s, in(ebiten.KeySpace))
	if !s.anim.Timeline.Playing() {
		t.Fatal("Space does not play the contraction")
	}
	reduced := in(ebiten.KeyF)
	reduced.ReducedMotion = true
	tick(s, reduced)
	if tl := s.anim.Timeline; tl.Index() != tl.Len() {
		t.Fatalf("F leaves the contraction at %d of %d", tl.Index(), tl.Len())
	}
	// From the start, → on the grids steps one multiply–add: entry
	// [1,1;1,1] of ∂z/∂x after its first product.
	s.anim.Timeline.Seek(0)
	s.ui.Focus(s.view)
	tick(s, in(ebiten.KeyArrowRight))
	e := tensorStateOf(t, s).Compose.Entry
	if e == nil || !slices.Equal(e.Z, []int{0, 0}) || !slices.Equal(e.X, []int{0, 0}) || e.Terms != 1 {
		t.Fatalf("after →: entry %+v; want z [0 0], x [0 0], 1 term", e)
	}
	if d := strings.Join(s.Describe(), " "); !strings.Contains(d, "Entry [1,1;1,1] of ∂z/∂x: 1 of 4 terms") {
		t.Errorf("after →, the description %q does not read the entry from 1", d)
	}
	// Every entry, complete, against autodiff and the hand-worked
	// (1 − z_{n,m}²) δ_{nn′} W_{d,m}.
	w := s.nums.Named["W"]
	for k := 1; k <= 24; k++ {
		s.anim.Timeline.Seek(4 * k)
		tick(s, in())
		e := tensorStateOf(t, s).Compose.Entry
		n, m, np, dd := e.Z[0], e.Z[1], e.X[0], e.X[1]
		z := math.Tanh(s.nums.Y.At(n, m))
		want := 0.0
		if n == np {
			want = (1 - z*z) * w.At(dd, m)
		}
		if e.Terms != 4 || math.Abs(float64(e.Sum)-want) > 1e-12 || math.Abs(float64(e.Autodiff)-want) > 1e-12 {
			t.Errorf("entry %v;%v: %d terms, sum %v, autodiff %v; want 4 terms, %v", e.Z, e.X, e.Terms, e.Sum, e.Autodiff, want)
		}
	}
	if tex := s.words.tex; !strings.Contains(tex, `(\partial z/\partial x)_{2,2;2,3}`) {
		t.Errorf("at the last entry the formula %q does not name it from 1", tex)
	}
	// Midway, its formula at its tallest, the step keeps the layout rules
	// on every screen and every sheet.
	for _, sz := range layoutScreens {
		for k := 0; ; k++ {
			s.switcher.Selected = k
			s.anim.Timeline.Seek(5)
			for _, p := range layoutProblems(drawnFrame(t, s, sz.X, sz.Y)) {
				t.Errorf("midway at %dx%d, sheet %d: %s", sz.X, sz.Y, k, p)
			}
			if k+1 >= len(s.sheetNames) {
				break
			}
		}
	}
}
