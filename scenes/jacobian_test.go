//go:build display

package scenes

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

func newJacobianScene(t *testing.T, q url.Values) *jacobian {
	t.Helper()
	s := newJacobian(q).(*jacobian)
	if err := tick(s, input()); err != nil {
		t.Fatal(err)
	}
	return s
}

// jacStateOf returns the scene's state() as the browser gets it: through
// JSON.
func jacStateOf(t *testing.T, s *jacobian) JacobianState {
	t.Helper()
	b, err := json.Marshal(s.State())
	if err != nil {
		t.Fatalf("state() does not encode: %v", err)
	}
	var js JacobianState
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	return js
}

// refJacobian returns the M×N Jacobian of the expression at its values,
// column j by a forward sweep (JVP) along the j'th coordinate, the inputs'
// entries counted in order: another road than the scene's reverse or
// forward Jacobians.
func refJacobian(t *testing.T, src, at string) (y []float64, jac [][]float64) {
	t.Helper()
	p, err := expr.Compile(src, at)
	if err != nil {
		t.Fatal(err)
	}
	ins := p.Inputs()
	m := p.Value().Len()
	jac = make([][]float64, m)
	for k, in := range ins {
		for e := range in.Len() {
			dots := make([]*core.Tensor, len(ins))
			dots[k] = core.Zeros(in.Shape()...)
			dots[k].Data()[e] = 1
			yv, yDot, err := core.JVP(p.Func(), ins, dots, nil)
			if err != nil {
				t.Fatal(err)
			}
			y = yv.Data()
			for i := range m {
				jac[i] = append(jac[i], yDot.Data()[i])
			}
		}
	}
	return y, jac
}

func maxDiff[A, B ~[]float64](a []A, b []B) float64 {
	d := 0.0
	if len(a) != len(b) {
		return math.Inf(1)
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return math.Inf(1)
		}
		for j := range a[i] {
			d = math.Max(d, math.Abs(a[i][j]-b[i][j]))
		}
	}
	return d
}

// dense returns the matrix given by its rows.
func dense[R ~[]float64](rows []R) *mat.Dense {
	return mat.NewDense(len(rows), len(rows[0]), flat(rows))
}

// The typed functions the tests study: square and not, scalars and vectors
// and matrices as inputs, N from 1 to 8.
var jacCases = []struct {
	name, f, at string
	planes      bool
}{
	{"default", "", "", true},
	{"issue", "[x*y, sin(x) + y]", "x = 1; y = 0.5", true},
	{"vector", "tanh([[1, 2], [-1, 0.5]] @ x)", "x = [0.3, -0.2]", true},
	{"R3toR2", "[sum(x^2), x @ [1, 2, 3]]", "x = [1, -2, 0.5]", false},
	{"matrix", "W @ x", "W = [[1, 2], [3, 4]]; x = [0.5, -1]", false},
	{"R1toR3", "[exp(s), s^3, sqrt(s)]", "s = 0.7", false},
	{"R8toR8", "softmax(x * [1, 2, 3, 4, 5, 6, 7, 8])", "x = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8]", false},
}

func query(f, at string) url.Values {
	q := url.Values{}
	if f != "" {
		q.Set("f", f)
		q.Set("at", at)
	}
	return q
}

func TestJacobianStateMatchesCore(t *testing.T) {
	for _, c := range jacCases {
		t.Run(c.name, func(t *testing.T) {
			s := newJacobianScene(t, query(c.f, c.at))
			src, at := c.f, c.at
			if src == "" {
				src, at = jacDefF, jacDefAt
			}
			st := jacStateOf(t, s)
			if st.Error != nil {
				t.Fatalf("error: %s", *st.Error)
			}
			if s.planes != c.planes {
				t.Errorf("planes = %v, want %v", s.planes, c.planes)
			}
			y, want := refJacobian(t, src, at)
			if d := maxDiff(st.Jacobian, want); d > 1e-12 {
				t.Errorf("jacobian = %v\nwant (by JVPs) %v", st.Jacobian, want)
			}
			for i, v := range st.Value.Data {
				if math.Abs(v-y[i]) > 1e-12 {
					t.Errorf("value[%d] = %v, want %v", i, v, y[i])
				}
			}
			// x0 lists the inputs' entries in order.
			var x0 []float64
			for _, in := range st.Inputs {
				x0 = append(x0, in.Data...)
			}
			if len(x0) != len(st.X0) || maxDiff([][]float64{x0}, [][]float64{st.X0}) != 0 {
				t.Errorf("x0 = %v, want the inputs' entries %v", st.X0, x0)
			}
			// The command line's schema: one Jacobian per input, value
			// shape ++ input shape, whose entries are J's columns.
			if len(st.Jacobians) != len(st.Inputs) {
				t.Fatalf("%d jacobians for %d inputs", len(st.Jacobians), len(st.Inputs))
			}
			col := 0
			for k, p := range st.Jacobians {
				nk := len(st.Inputs[k].Data)
				for i := range want {
					for j := range nk {
						if got := p.Data[i*nk+j]; math.Abs(got-want[i][col+j]) > 1e-12 {
							t.Errorf("jacobians[%d] entry (%d, %d) = %v, want %v", k, i, j, got, want[i][col+j])
						}
					}
				}
				col += nk
			}
			if len(want) == len(want[0]) {
				if st.Det == nil {
					t.Fatal("no det for a square Jacobian")
				}
				d := mat.Det(dense(want))
				if math.Abs(float64(*st.Det)-d) > 1e-12*math.Max(1, math.Abs(d)) {
					t.Errorf("det = %v, want %v", *st.Det, d)
				}
			} else if st.Det != nil {
				t.Errorf("det = %v for a %d×%d Jacobian; want none", *st.Det, len(want), len(want[0]))
			}
		})
	}
}

func flat[R ~[]float64](m []R) []float64 {
	var d []float64
	for _, r := range m {
		d = append(d, r...)
	}
	return d
}

func TestJacobianChainRule(t *testing.T) {
	cases := []struct {
		name, f, at, g string
		k              int // entries of g's value
	}{
		{"default", "", "", "", 3},
		{"issue", "[x*y, sin(x) + y]", "x = 1; y = 0.5", "[sum(y^2), y @ [1, -1], exp(y @ [0, 1])]", 3},
		// f: ℝ³ → ℝ² under the default g, and a scalar in the middle.
		{"R3toR2", "[sum(x^2), x @ [1, 2, 3]]", "x = [1, -2, 0.5]", "", 3},
		{"scalar y", "sum(x^2) / 2", "x = [0.5, 1]", "[sin(u), u^2]", 2},
		// g's default value has the wrong shape for f's; the scene gives g
		// f's.
		{"R2toR4", "[x, y, x*y, x - y]", "x = 1; y = 2", "softmax(y)", 4},
		// The default g takes two numbers; for three it gives way to one
		// that takes any y.
		{"any y", "[exp(s), s^3, sqrt(s)]", "s = 0.7", "", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := query(c.f, c.at)
			if c.g != "" {
				q.Set("g", c.g)
			}
			s := newJacobianScene(t, q)
			st := jacStateOf(t, s)
			if st.Error != nil || st.Chain.Error != "" {
				t.Fatalf("error %v, chain error %q", st.Error, st.Chain.Error)
			}
			ch := st.Chain
			if len(ch.DZDX) != c.k || maxDiff(ch.DYDX, st.Jacobian) != 0 {
				t.Fatalf("dzdx has %d rows, want %d; dydx = %v, want the jacobian %v", len(ch.DZDX), c.k, ch.DYDX, st.Jacobian)
			}
			// The product is the schoolbook product, and equals the
			// Jacobian of the composition computed directly.
			var want mat.Dense
			want.Mul(dense(ch.DZDY), dense(ch.DYDX))
			if !mat.EqualApprox(dense(ch.Product), &want, 1e-12) {
				t.Errorf("product %v is not dzdy·dydx %v", ch.Product, mat.Formatted(&want))
			}
			if d := maxDiff(ch.Product, ch.DZDX); d > 1e-12 {
				t.Errorf("product %v differs from the direct dzdx %v by %g", ch.Product, ch.DZDX, d)
			}
			// dz/dy is g's Jacobian at y = f(x₀), by JVPs.
			g := s.fn(1).Prog
			y := core.New(g.Inputs()[0].Shape(), st.Value.Data)
			for k := range y.Len() {
				dot := core.Zeros(y.Shape()...)
				dot.Data()[k] = 1
				_, col, err := core.JVP(g.Func(), []*core.Tensor{y}, []*core.Tensor{dot}, nil)
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range col.Data() {
					if math.Abs(ch.DZDY[i][k]-v) > 1e-12 {
						t.Errorf("dzdy[%d][%d] = %v, want %v", i, k, ch.DZDY[i][k], v)
					}
				}
			}
			if want := c.k * len(ch.DYDX) * len(ch.DYDX[0]); st.Animation.Total != want || st.Animation.Index != 0 {
				t.Errorf("animation = %+v, want 0 of K·M·N = %d", st.Animation, want)
			}
		})
	}
}

// slope returns the slope of log err against log h between the points of
// ts nearest h0 and h1.
func slope(ts, errs []float64, h0, h1 float64) float64 {
	at := func(h float64) int {
		best := 0
		for i, t := range ts {
			if math.Abs(math.Log(t/h)) < math.Abs(math.Log(ts[best]/h)) {
				best = i
			}
		}
		return best
	}
	i, j := at(h0), at(h1)
	return math.Log(errs[j]/errs[i]) / math.Log(ts[j]/ts[i])
}

func TestJacobianErrorSlope(t *testing.T) {
	for _, c := range jacCases {
		t.Run(c.name, func(t *testing.T) {
			s := newJacobianScene(t, query(c.f, c.at))
			ts, errs := model.JacErrors(s.fn(0), s.x0, s.nums)
			if len(ts) != 21 {
				t.Fatalf("%d points, want 21", len(ts))
			}
			// Over 10⁻³ … 10⁻² the error is about c‖h‖², at least 1e-8 for
			// these functions, far above round-off (1e-16 × |f|).
			if k := slope(ts, errs, 1e-3, 1e-2); math.Abs(k-2) > 0.1 {
				t.Errorf("slope over [1e-3, 1e-2] = %v, want 2 ± 0.1", k)
			}
			// The points are the error of the linear approximation.
			h := make([]float64, len(s.x0))
			for j := range h {
				h[j] = ts[8] / math.Sqrt(float64(len(h)))
			}
			x := make([]*core.Tensor, 0)
			p := s.fn(0).Prog
			off := 0
			for _, in := range p.Inputs() {
				d := make([]float64, in.Len())
				for e := range d {
					d[e] = s.x0[off+e] + h[off+e]
				}
				x = append(x, core.New(in.Shape(), d))
				off += in.Len()
			}
			fh, err := core.Eval(p.Func(), x, nil)
			if err != nil {
				t.Fatal(err)
			}
			var sq float64
			for i, v := range fh.Data() {
				lin := s.nums.Y[i]
				for j := range h {
					lin += s.nums.Jac.At(i, j) * h[j]
				}
				sq += (v - lin) * (v - lin)
			}
			if math.Abs(math.Sqrt(sq)-errs[8]) > 1e-15 {
				t.Errorf("error at h = %v is %v, want %v", ts[8], errs[8], math.Sqrt(sq))
			}
		})
	}
}

// keys returns an input on which the given keys go down.
func keys(ks ...ebiten.Key) *viz.Input {
	in := input()
	in.Repeated, in.Pressed = slices.Clone(ks), slices.Clone(ks)
	return in
}

func TestJacobianKeyboardAndDrag(t *testing.T) {
	s := newJacobianScene(t, nil)
	x0 := append([]float64(nil), s.x0...)
	tick(s, keys(ebiten.KeyArrowRight, ebiten.KeyArrowUp))
	if s.x0[0] != x0[0]+jacStep || s.x0[1] != x0[1]+jacStep {
		t.Errorf("after → ↑: x0 = %v, want %v + %v each", s.x0, x0, jacStep)
	}
	in := keys(ebiten.KeyArrowLeft)
	in.Shift = true
	tick(s, in)
	if want := x0[0] + jacStep - jacStep/10; math.Abs(s.x0[0]-want) > 1e-15 {
		t.Errorf("after Shift+←: x0 = %v, want %v", s.x0[0], want)
	}
	// The numbers follow the point.
	st := jacStateOf(t, s)
	r, th := st.X0[0], st.X0[1]
	want := [][]float64{{math.Cos(th), -r * math.Sin(th)}, {math.Sin(th), r * math.Cos(th)}}
	if d := maxDiff(st.Jacobian, want); d > 1e-12 {
		t.Errorf("jacobian at %v = %v, want %v", st.X0, st.Jacobian, want)
	}
	if math.Abs(float64(*st.Det)-r) > 1e-12 {
		t.Errorf("det = %v, want r = %v", *st.Det, r)
	}

	// A drag that starts on the input plane follows the pointer, and stays
	// in the window when the pointer leaves it.
	sx, sy := s.inPlane.ToScreen(1.2, 0.3)
	in = input()
	in.Pointer = viz.Pointer{X: sx, Y: sy, Down: true, Pressed: true}
	tick(s, in)
	if math.Abs(s.x0[0]-1.2) > 0.01 || math.Abs(s.x0[1]-0.3) > 0.01 {
		t.Errorf("pressing at (1.2, 0.3) put x0 at %v", s.x0)
	}
	renders := s.outPlane.Renders()
	in.Pointer = viz.Pointer{X: -5000, Y: sy, Down: true}
	tick(s, in)
	if s.x0[0] != s.window[0].Min {
		t.Errorf("dragging past the left edge: x0 = %v, want %v", s.x0[0], s.window[0].Min)
	}
	in.Pointer = viz.Pointer{X: sx, Y: sy, Released: true}
	tick(s, in)
	in.Pointer = viz.Pointer{X: sx + 50, Y: sy}
	tick(s, in)
	if math.Abs(s.x0[0]-1.2) > 0.01 {
		t.Errorf("after release the pointer still moves the point: x0 = %v", s.x0)
	}
	if n := s.outPlane.Renders() - renders; n != 0 {
		t.Errorf("the output plane was rendered %d times while the point moved; it depends only on f", n)
	}
}

// The square's image approaches the parallelogram as the square shrinks:
// the gap relative to its size falls in proportion to the side, and the
// ratio of areas tends to det J.
func TestJacobianLocalLinearity(t *testing.T) {
	s := newJacobianScene(t, nil)
	prev := jacStateOf(t, s)
	if prev.Square == nil || prev.Square.Half != jacHalf {
		t.Fatalf("square = %+v, want half-side %v", prev.Square, jacHalf)
	}
	for range 4 {
		tick(s, keys(ebiten.KeyEqual))
		st := jacStateOf(t, s)
		if st.Square.Half != prev.Square.Half/2 {
			t.Fatalf("+ made the half-side %v, want %v", st.Square.Half, prev.Square.Half/2)
		}
		// Halving the square halves the relative gap, to first order.
		if r := st.Square.Gap / prev.Square.Gap; math.Abs(float64(r)-0.5) > 0.05 {
			t.Errorf("half-side %v: the gap fell by %v, want about 0.5", st.Square.Half, r)
		}
		if d, pd := math.Abs(float64(st.Square.AreaRatio-*st.Det)), math.Abs(float64(prev.Square.AreaRatio-*prev.Det)); d > pd {
			t.Errorf("half-side %v: area ratio %v is farther from det %v than before", st.Square.Half, st.Square.AreaRatio, *st.Det)
		}
		prev = st
	}
	// For polar coordinates the image of the square is an annular sector
	// of area exactly r·Δr·Δθ: the ratio is r = det J whatever the size.
	if math.Abs(float64(prev.Square.AreaRatio-*prev.Det)) > 1e-3 {
		t.Errorf("area ratio %v, want det J = %v", prev.Square.AreaRatio, *prev.Det)
	}
	tick(s, keys(ebiten.KeyMinus))
	if s.half() != prev.Square.Half*2 {
		t.Errorf("− made the half-side %v, want %v", s.half(), prev.Square.Half*2)
	}
	// The slider sets the square's size too: Home takes it to the
	// smallest, and the square's image follows at once.
	before := jacStateOf(t, s)
	s.ui.Focus(s.size)
	tick(s, keys(ebiten.KeyHome))
	st := jacStateOf(t, s)
	if st.Square.Half != jacHalfMin || st.Focus != "control" {
		t.Errorf("Home on the slider: half-side %v, focus %q; want %v, control", st.Square.Half, st.Focus, jacHalfMin)
	}
	if !(st.Square.Gap < before.Square.Gap/4) {
		t.Errorf("Home on the slider: the gap stayed %v (was %v at half-side %v)", st.Square.Gap, before.Square.Gap, before.Square.Half)
	}
}

func TestJacobianCoordinatesWithoutPlanes(t *testing.T) {
	s := newJacobianScene(t, query("[sum(x^2), x @ [1, 2, 3]]", "x = [1, -2, 0.5]"))
	tick(s, keys(ebiten.KeyArrowDown))
	tick(s, keys(ebiten.KeyArrowRight))
	if want := []float64{1, -2 + jacStep, 0.5}; maxDiff([][]float64{s.x0}, [][]float64{want}) > 1e-15 {
		t.Errorf("after ↓ →: x0 = %v, want %v", s.x0, want)
	}
	tick(s, keys(ebiten.KeyArrowUp))
	tick(s, keys(ebiten.KeyArrowUp))
	if s.coord != 2 {
		t.Errorf("↑ twice from the second coordinate: coord = %d, want 2 (wrapping)", s.coord)
	}
	st := jacStateOf(t, s)
	if want := [][]float64{{2 * st.X0[0], 2 * st.X0[1], 2 * st.X0[2]}, {1, 2, 3}}; maxDiff(st.Jacobian, want) > 1e-12 {
		t.Errorf("jacobian = %v, want %v", st.Jacobian, want)
	}
}

func TestJacobianAnimation(t *testing.T) {
	s := newJacobianScene(t, url.Values{"step": {"2"}, "quiz": {"off"}})
	st := jacStateOf(t, s)
	if st.Step != 2 || st.Animation.Total != 12 || st.Animation.Index != 0 || st.Focus != "point" {
		t.Fatalf("step %d, animation %+v, focus %q; want step 2, 0 of 3·2·2 = 12, point", st.Step, st.Animation, st.Focus)
	}
	// Without the focus the arrows move the point, not the animation.
	x0 := s.x0[0]
	tick(s, keys(ebiten.KeyArrowRight))
	if s.x0[0] == x0 || s.anim.Timeline.Index() != 0 {
		t.Errorf("→ without focus: x0 %v → %v, animation at %d", x0, s.x0[0], s.anim.Timeline.Index())
	}
	// Shift+Tab past the step buttons, which come last, gives the
	// animation, the last of the lesson's own widgets, the keyboard: →
	// steps it, and the point stays.
	for range 3 {
		in := keys(ebiten.KeyTab)
		in.Shift = true
		tick(s, in)
	}
	x0 = s.x0[0]
	tick(s, keys(ebiten.KeyArrowRight))
	tick(s, keys(ebiten.KeyArrowRight))
	st = jacStateOf(t, s)
	if st.Focus != "animation" || st.Animation.Index != 2 || s.x0[0] != x0 {
		t.Errorf("Shift+Tab → →: focus %q, animation %+v, x0 %v → %v; want animation, 2, unmoved", st.Focus, st.Animation, x0, s.x0[0])
	}
	tick(s, keys(ebiten.KeyArrowLeft))
	if i := s.anim.Timeline.Index(); i != 1 {
		t.Errorf("← stepped back to %d, want 1", i)
	}
	// Each step is a multiply–add of core's plan of the product: after
	// M = 2 of them an entry of the product is complete.
	tick(s, keys(ebiten.KeyArrowRight))
	if cs := s.anim.Current(); cs.Done != 1 || cs.Sum != s.chain.Product.At(0, 0) {
		t.Errorf("after M = 2 steps: %+v, want the entry (0, 0) = %v complete", cs, s.chain.Product.At(0, 0))
	}
	// Space plays: at the default speed of 2 steps a second, 60 ticks do
	// two steps.
	tick(s, keys(ebiten.KeySpace))
	for range 60 {
		tick(s, input())
	}
	if i := s.anim.Timeline.Index(); i != 4 && i != 5 {
		t.Errorf("a second of playing from 2 reached step %d, want 4 (or 5 counting the tick of the press)", i)
	}
	// F finishes within a second, and the index stays at the end.
	tick(s, keys(ebiten.KeyF))
	for range 70 {
		tick(s, input())
	}
	if st = jacStateOf(t, s); st.Animation.Index != st.Animation.Total {
		t.Errorf("after F: animation %+v, want finished", st.Animation)
	}
	// Escape gives the keyboard back to the point; moving it keeps the
	// animation where it is, with the new numbers.
	tick(s, keys(ebiten.KeyEscape))
	tick(s, keys(ebiten.KeyArrowUp))
	tick(s, input()) // the animation, made anew for the new numbers, catches up
	st = jacStateOf(t, s)
	if st.Focus != "point" || st.Animation.Index != st.Animation.Total || s.x0[0] != x0 {
		t.Errorf("Escape ↑: focus %q, animation %+v; want point, still finished", st.Focus, st.Animation)
	}
	if d := maxDiff(st.Chain.Product, st.Chain.DZDX); d > 1e-12 {
		t.Errorf("after moving: product and direct dzdx differ by %g", d)
	}
	if cs := s.anim.Current(); cs.Sum != s.chain.Product.At(2, 1) {
		t.Errorf("the animation shows the last entry as %v, want the new product's %v", cs.Sum, s.chain.Product.At(2, 1))
	}
	// A press on the animation gives it the keyboard; leaving the step
	// takes it back.
	in := input()
	c := s.view.Bounds().Min.Add(image.Pt(5, 5))
	in.Pointer = viz.Pointer{X: float64(c.X), Y: float64(c.Y), Down: true, Pressed: true}
	tick(s, in)
	if st := jacStateOf(t, s); st.Focus != "animation" {
		t.Errorf("after a press on the animation: focus %q", st.Focus)
	}
	tick(s, keys(ebiten.KeyPageUp))
	tick(s, input())
	if st := jacStateOf(t, s); st.Step != 1 || st.Focus != "point" {
		t.Errorf("PageUp: step %d focus %q, want 1, point", st.Step, st.Focus)
	}
}

// Without the focus on any widget, Space and F still play and finish the
// product.
func TestJacobianAnimationKeysWithoutFocus(t *testing.T) {
	s := newJacobianScene(t, url.Values{"step": {"2"}, "quiz": {"off"}})
	tick(s, keys(ebiten.KeySpace))
	for range 31 {
		tick(s, input())
	}
	if i := s.anim.Timeline.Index(); i != 1 {
		t.Errorf("half a second after Space: step %d, want 1", i)
	}
	tick(s, keys(ebiten.KeyF))
	for range 61 {
		tick(s, input())
	}
	if st := jacStateOf(t, s); st.Animation.Index != 12 || st.Focus != "point" {
		t.Errorf("after F: animation %+v focus %q, want finished, point", st.Animation, st.Focus)
	}
}

func TestJacobianBadInput(t *testing.T) {
	cases := []struct {
		name  string
		q     url.Values
		want  string // in the error
		chain string // in the chain's error, if any
	}{
		{"syntax", url.Values{"f": {"[x, y"}, "at": {"x = 1; y = 2"}}, "never closed", ""},
		{"too many numbers", url.Values{"f": {"x * 2"}, "at": {"x = [1, 2, 3, 4, 5, 6, 7, 8, 9]"}}, "1 to 8 numbers", ""},
		{"g of two inputs", url.Values{"g": {"a * b"}}, "one input", ""},
		{"g's shape", url.Values{"f": {"[x, y, x*y]"}, "at": {"x = 1; y = 2"}, "g": {"[[1, 2]] @ y"}}, "shape", "shape"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newJacobianScene(t, c.q)
			for range 3 {
				tick(s, keys(ebiten.KeyPageDown, ebiten.KeySpace, ebiten.KeyArrowRight))
			}
			st := jacStateOf(t, s)
			if st.Error == nil || !strings.Contains(*st.Error, c.want) {
				t.Errorf("error = %v, want one with %q", errText(st.Error), c.want)
			}
			if !strings.Contains(st.Chain.Error, c.chain) || (c.chain == "") != (st.Chain.Error == "") {
				t.Errorf("chain error = %q, want one with %q", st.Chain.Error, c.chain)
			}
		})
	}
}

func errText(e *string) string {
	if e == nil {
		return "null"
	}
	return *e
}

// Nothing changes, nothing is rendered again.
func TestJacobianRendersOnlyOnChange(t *testing.T) {
	s := newJacobianScene(t, nil)
	in, out, grid := s.inPlane.Renders(), s.outPlane.Renders(), s.jgrid.Renders()
	for range 10 {
		tick(s, input())
	}
	if s.inPlane.Renders() != in || s.outPlane.Renders() != out || s.jgrid.Renders() != grid {
		t.Errorf("renders on idle ticks: planes %d, %d, grid %d", s.inPlane.Renders()-in, s.outPlane.Renders()-out, s.jgrid.Renders()-grid)
	}
	// The error plot, on its step, follows x₀ at once, and draws the new
	// errors over the axes it has: a small move renders nothing again.
	screen := ebiten.NewImage(1100, 720)
	tick(s, keys(ebiten.KeyPageDown))
	frame(t, s, screen)
	n := s.errPlot.Renders()
	before := slices.Clone(s.errPlot.Series()[0].Err)
	tick(s, keys(ebiten.KeyArrowRight))
	tick(s, input())
	frame(t, s, screen)
	_, want := model.JacErrors(s.fn(0), s.x0, s.nums)
	if got := s.errPlot.Series()[0].Err; !slices.Equal(got, want) || slices.Equal(got, before) {
		t.Errorf("after x₀ moved the error plot shows %v, want x₀'s errors %v (before the move: %v)", got, want, before)
	}
	if s.errPlot.Renders() != n {
		t.Errorf("the error plot rendered %d times after x₀ moved a step, want 0", s.errPlot.Renders()-n)
	}
}

// The image of the square is f at each of its points, whether f is
// evaluated on all of them at once or, for a function Vmap cannot batch
// (mse), one by one.
func TestJacobianPlaneImages(t *testing.T) {
	for _, c := range []struct{ f, at string }{
		{"", ""},
		{"[x * max(y), y]", "x = 1; y = 0.5"},
		{"[x + mean(y), softmax(y)]", "x = 1; y = 0.5"},
		{"tanh([[1, 2], [-1, 0.5]] @ x)", "x = [0.3, -0.2]"},
		{"[log(x), y]", "x = 0.1; y = 0"}, // NaN left of x = 0
		{"[mse([x, y], [1, 2]), y]", "x = 1; y = 0.5"},
	} {
		s := newJacobianScene(t, query(c.f, c.at))
		if !s.planes {
			t.Fatalf("%s: no planes", c.f)
		}
		for i, p := range s.nums.Square {
			v := model.EvalJac(s.fn(0), p[:])
			got := s.nums.Image[i]
			for k := range 2 {
				if !(got[k] == v[k] || math.Abs(got[k]-v[k]) <= 1e-12*math.Abs(v[k]) || math.IsNaN(got[k]) && math.IsNaN(v[k])) {
					t.Errorf("%s: image of %v = %v, want f there = %v", c.f, p, got, v)
				}
			}
		}
	}
}

// typeInto replaces the text of the lesson's i'th field as a user would:
// a click into it, Ctrl+A, and the new text typed over.
func typeInto(s *jacobian, i int, text string) {
	field := s.fields[i].text
	in := input()
	in.Pointer = viz.Pointer{X: float64(field.Rect.Min.X + 5), Y: float64(field.Rect.Min.Y + 5), Down: true, Pressed: true}
	tick(s, in)
	in = keys(ebiten.KeyA)
	in.Ctrl = true
	in.Pointer = viz.Pointer{X: float64(field.Rect.Min.X + 5), Y: float64(field.Rect.Min.Y + 5), Released: true}
	tick(s, in)
	in = input()
	in.Chars = []rune(text)
	tick(s, in)
	tick(s, keys(ebiten.KeyEscape))
}

// TestJacobianTyping edits f and g in their text fields: the point keeps
// the coordinates the new f still has, the planes come and go with N and M,
// and the chain rule follows both functions.
func TestJacobianTyping(t *testing.T) {
	s := newJacobianScene(t, nil)
	tick(s, keys(ebiten.KeyArrowRight))
	x0 := slices.Clone(s.x0)

	typeInto(s, 0, "[r^2, r*t]")
	st := jacStateOf(t, s)
	if st.Error != nil || !slices.Equal(st.X0, x0) || !s.planes {
		t.Fatalf("after typing [r^2, r*t]: error %v, x0 %v (want %v), planes %v", st.Error, st.X0, x0, s.planes)
	}
	r, th := x0[0], x0[1]
	if want := [][]float64{{2 * r, 0}, {th, r}}; maxDiff(st.Jacobian, want) > 1e-12 {
		t.Errorf("jacobian = %v, want %v", st.Jacobian, want)
	}

	// Three outputs: no planes, and the default g, made for two numbers,
	// gives way to one that takes any y.
	typeInto(s, 0, "[r, t, r*t]")
	st = jacStateOf(t, s)
	if st.Error != nil || s.planes || s.fn(1).Prog.Source() != jacAnyG || st.Square != nil {
		t.Fatalf("after typing [r, t, r*t]: error %v, planes %v, g %q", st.Error, s.planes, s.fn(1).Prog.Source())
	}
	if len(st.Chain.DYDX) != 3 || maxDiff(st.Chain.Product, st.Chain.DZDX) > 1e-12 {
		t.Errorf("chain: dydx %v, product %v, dzdx %v", st.Chain.DYDX, st.Chain.Product, st.Chain.DZDX)
	}

	// A new g: the chain rule and the animation follow it.
	typeInto(s, 1, "sin(y) * 2")
	st = jacStateOf(t, s)
	if st.Error != nil || len(st.Chain.DZDY) != 3 || st.Animation.Total != 3*3*2 || maxDiff(st.Chain.Product, st.Chain.DZDX) > 1e-12 {
		t.Errorf("after typing g = sin(y) * 2: error %v, dzdy %v, animation %+v", st.Error, st.Chain.DZDY, st.Animation)
	}

	// A mistake keeps the last good function and says where it is.
	typeInto(s, 0, "[r, t, r*]")
	st = jacStateOf(t, s)
	if st.Error == nil || s.fn(0).Prog.Source() != "[r, t, r*t]" {
		t.Errorf("after a mistake: error %v, studying %q", st.Error, s.fn(0).Prog.Source())
	}
}

// TestJacobianFitsTheScreen lays the lesson out at every step on laptops,
// a short window and phones in both orientations (at the phones' scale of
// 3 too), and shows each of its sheets: nothing drawn overlaps another
// thing, leaves the screen or is too small to read. Two
// functions without the planes are checked on the laptops' screens: on a
// smaller one the chain rule's grids, eight columns across for these, get
// cells too small for their numbers at 12 px, as do the 24 columns of an
// 8×8 J's on a laptop.
func TestJacobianFitsTheScreen(t *testing.T) {
	type screen struct {
		w, h  int
		scale float64
	}
	laptops := []screen{{1280, 800, 1}, {1024, 768, 1}}
	all := append(laptops, screen{800, 500, 1}, screen{390, 844, 1}, screen{844, 390, 1},
		screen{390, 844, 3}, screen{844, 390, 3}, screen{320, 480, 1})
	for _, c := range jacCases {
		screens := laptops
		switch c.name {
		case "default":
			screens = all
		case "R3toR2", "R1toR3":
		default:
			continue
		}
		for step := range jacobianSteps {
			for _, sc := range screens {
				q := query(c.f, c.at)
				q.Set("step", strconv.Itoa(step))
				s := newJacobian(q).(*jacobian)
				where := fmt.Sprintf("%s, step %d, %d×%d at scale %v", c.name, step, sc.w, sc.h, sc.scale)
				checkLayout(t, where, s, s.lesson, sizedInput(sc.w, sc.h, sc.scale))
			}
		}
	}
}
