//go:build display

package scenes

import (
	"gonum.org/v1/gonum/floats"

	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// gradCases are typed functions of 2 to 8 numbers: one vector, several
// scalars, and a matrix with a scalar.
var gradCases = []struct{ f, at string }{
	{gradDefF, gradDefAt},
	{"sin(x) * cos(y) + x*y", "x = 0.3; y = -0.7"},
	{"x @ [[2, 1], [1, 3]] @ x / 2 + sin(sum(x))", "x = [-0.4, 1.2]"},
	{"sum(tanh([[1, 2, 0], [0, 1, -1]] @ x))", "x = [0.1, -0.2, 0.3]"},
	{"sum(W * W) * b + exp(b)", "W = [[1, 2], [3, -1]]; b = 0.5"},
	{"logsumexp(x)", "x = [0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8]"},
}

// near reports whether got is within 1e-12 of want, relative to want's
// size when that is above 1.
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

// gradState returns the lesson's state as the page reads it: through JSON.
func gradState(t *testing.T, s *gradient) map[string]any {
	t.Helper()
	b, err := json.Marshal(s.State())
	if err != nil {
		t.Fatalf("state does not encode: %v", err)
	}
	var st map[string]any
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// jsonFloats reads a JSON array of numbers.
func jsonFloats(t *testing.T, v any) []float64 {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is not an array", v)
	}
	out := make([]float64, len(a))
	for i, x := range a {
		out[i], ok = x.(float64)
		if !ok {
			t.Fatalf("entry %d of %v is not a number", i, v)
		}
	}
	return out
}

// TestGradientNumbers checks the state's numbers against core's for typed
// functions: the value, ∇f by core.Grad, the products, their sum against
// core.JVP, and the error series against core.Eval.
func TestGradientNumbers(t *testing.T) {
	for _, c := range gradCases {
		s := newGradient(url.Values{"f": {c.f}, "at": {c.at}}).(*gradient)
		tick(s, input())
		st := gradState(t, s)
		if st["error"] != nil {
			t.Fatalf("%s: error %v", c.f, st["error"])
		}
		p, err := expr.Compile(c.f, c.at)
		if err != nil {
			t.Fatal(err)
		}
		x := p.Inputs()
		var x0 []float64
		for _, xi := range x {
			x0 = append(x0, xi.Data()...)
		}
		grads, err := core.Grad(p.Func(), x, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []float64
		for _, g := range grads {
			want = append(want, g.Data()...)
		}
		got := jsonFloats(t, st["gradient"])
		if !slices.Equal(jsonFloats(t, st["x0"]), x0) {
			t.Errorf("%s: x0 = %v, want %v", c.f, st["x0"], x0)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: gradient %v, want %v", c.f, got, want)
		}
		h := jsonFloats(t, st["direction"])
		products := jsonFloats(t, st["products"])
		sum := 0.0
		for i := range want {
			if !near(got[i], want[i]) {
				t.Errorf("%s: ∂f/∂%s = %.17g, want %.17g", c.f, s.coords[i], got[i], want[i])
			}
			if !near(products[i], want[i]*h[i]) {
				t.Errorf("%s: product %d = %v, want %v", c.f, i, products[i], want[i]*h[i])
			}
			sum += want[i] * h[i]
		}
		// The directional derivative is the sum of the products, which is
		// the Jacobian–vector product.
		dir := st["directional"].(float64)
		var hs []*core.Tensor
		off := 0
		for _, xi := range x {
			hs = append(hs, core.New(xi.Shape(), slices.Clone(h[off:off+xi.Len()])))
			off += xi.Len()
		}
		_, jvp, err := core.JVP(p.Func(), x, hs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !near(dir, sum) || !near(dir, jvp.At()) {
			t.Errorf("%s: directional = %.17g, want the sum %.17g = JVP %.17g", c.f, dir, sum, jvp.At())
		}
		// The value and Jacobians are the command line's.
		y, _ := core.Eval(p.Func(), x, nil)
		if v := jsonFloats(t, st["value"].(map[string]any)["data"]); v[0] != y.At() {
			t.Errorf("%s: value %v, want %v", c.f, v, y.At())
		}
		// Each error of the series is |f(x₀ + s·h) − f(x₀) − s ∇f·h| for
		// the step s = ‖s·h‖ / ‖h‖.
		rem := st["remainder"].(map[string]any)
		steps, errs := jsonFloats(t, rem["steps"]), jsonFloats(t, rem["errors"])
		for k, st := range steps {
			sk := st / floats.Norm(h, 2)
			xs := make([]*core.Tensor, len(x))
			for i, xi := range x {
				d := slices.Clone(xi.Data())
				for j := range d {
					d[j] += sk * hs[i].Data()[j]
				}
				xs[i] = core.New(xi.Shape(), d)
			}
			fs, _ := core.Eval(p.Func(), xs, nil)
			if e := math.Abs(fs.At() - y.At() - sk*sum); math.Abs(errs[k]-e) > 1e-12*math.Max(e, 1e-3) {
				t.Errorf("%s: error at step %g = %g, want %g", c.f, st, errs[k], e)
			}
		}
	}
}

// TestGradientHandFormulas checks the default function against its
// gradient worked out by hand: f = log(1 + x₁² + 3x₂²) has
// ∇f = (2x₁, 6x₂) / (1 + x₁² + 3x₂²).
func TestGradientHandFormulas(t *testing.T) {
	s := newGradient(url.Values{}).(*gradient)
	tick(s, input())
	st := gradState(t, s)
	x := jsonFloats(t, st["x0"])
	q := 1 + x[0]*x[0] + 3*x[1]*x[1]
	want := []float64{2 * x[0] / q, 6 * x[1] / q}
	got := jsonFloats(t, st["gradient"])
	for i := range want {
		if !near(got[i], want[i]) {
			t.Errorf("∇f = %v, want %v", got, want)
		}
	}
	// The chain rule with g = exp(−y): ∂z/∂x = −exp(−f) ∇f = −∇f / q.
	ch := st["chain"].(map[string]any)
	if d := ch["dzdy"].(float64); !near(d, -1/q) {
		t.Errorf("dz/dy = %v, want %v", d, -1/q)
	}
	for i, v := range jsonFloats(t, ch["dzdx"]) {
		if !near(v, -want[i]/q) {
			t.Errorf("∂z/∂x = %v, want %v", ch["dzdx"], []float64{-want[0] / q, -want[1] / q})
		}
	}
}

// TestGradientChainRule checks that g′(y) ∇f(x) equals the gradient of
// g∘f computed directly, for several g and f.
func TestGradientChainRule(t *testing.T) {
	for _, g := range []struct {
		src string
		dg  func(float64) float64
	}{
		{"exp(-y)", func(y float64) float64 { return -math.Exp(-y) }},
		{"tanh(y)", func(y float64) float64 { return 1 - math.Tanh(y)*math.Tanh(y) }},
		{"y^3 - y", func(y float64) float64 { return 3*y*y - 1 }},
		{"log(1 + u^2)", func(u float64) float64 { return 2 * u / (1 + u*u) }},
	} {
		for _, c := range gradCases {
			s := newGradient(url.Values{"f": {c.f}, "at": {c.at}, "g": {g.src}}).(*gradient)
			tick(s, input())
			st := gradState(t, s)
			ch, ok := st["chain"].(map[string]any)
			if !ok || ch["error"] != nil || st["error"] != nil {
				t.Fatalf("g = %s, f = %s: chain %v, error %v", g.src, c.f, st["chain"], st["error"])
			}
			y := jsonFloats(t, st["value"].(map[string]any)["data"])[0]
			dzdy := ch["dzdy"].(float64)
			if !near(dzdy, g.dg(y)) {
				t.Errorf("g = %s at y = %v: g′(y) = %v, want %v", g.src, y, dzdy, g.dg(y))
			}
			grad, product, dzdx := jsonFloats(t, st["gradient"]), jsonFloats(t, ch["product"]), jsonFloats(t, ch["dzdx"])
			if !slices.Equal(jsonFloats(t, ch["dydx"]), grad) {
				t.Errorf("dydx %v is not the gradient %v", ch["dydx"], grad)
			}
			for i := range grad {
				if !near(product[i], dzdy*grad[i]) || !near(dzdx[i], product[i]) {
					t.Errorf("g = %s, f = %s, entry %d: product %.17g, g′·∂f = %.17g, autodiff of g∘f %.17g",
						g.src, c.f, i, product[i], dzdy*grad[i], dzdx[i])
				}
			}
		}
	}
}

// TestGradientErrorSlope checks that the linear approximation's error
// falls with slope 2 over the decades the lesson fits, for each function,
// and that a function linear along h, whose error is round-off, reports no
// slope rather than a wrong one.
func TestGradientErrorSlope(t *testing.T) {
	for _, c := range gradCases {
		s := newGradient(url.Values{"f": {c.f}, "at": {c.at}}).(*gradient)
		tick(s, input())
		rem := gradState(t, s)["remainder"].(map[string]any)
		if sl, _ := rem["slope"].(float64); math.Abs(sl-2) > 0.1 {
			t.Errorf("%s: error slope %v, want 2 ± 0.1", c.f, rem["slope"])
		}
	}
	s := newGradient(url.Values{"f": {"sum([1, 2] * x) + 3"}, "at": {"x = [1, 1]"}}).(*gradient)
	tick(s, input())
	rem := gradState(t, s)["remainder"].(map[string]any)
	for _, e := range jsonFloats(t, rem["errors"]) {
		if e > 1e-14 {
			t.Errorf("a linear f has approximation error %g", e)
		}
	}
}

func TestGradientKeyboardAndDrag(t *testing.T) {
	s := newGradient(url.Values{}).(*gradient)
	in := input()
	tick(s, in)
	x0 := slices.Clone(s.x0)
	press := func(shift bool, keys ...ebiten.Key) {
		in.Shift, in.Repeated = shift, keys
		tick(s, in)
		in.Shift, in.Repeated = false, nil
	}
	press(false, ebiten.KeyArrowRight, ebiten.KeyArrowUp)
	if want := []float64{x0[0] + gradNudge, x0[1] + gradNudge}; !slices.Equal(s.x0, want) {
		t.Errorf("after → ↑: x0 = %v, want %v", s.x0, want)
	}
	press(true, ebiten.KeyArrowLeft)
	if want := x0[0] + gradNudge - gradNudge/10; math.Abs(s.x0[0]-want) > 1e-15 {
		t.Errorf("after Shift+←: x0 = %v, want x₁ = %v", s.x0, want)
	}
	// The numbers follow x₀.
	want := model.GradEval(s.fn(0), s.x0)
	if s.nums.F != want {
		t.Errorf("f(x₀) = %v after the keys, want %v", s.nums.F, want)
	}

	// [ and ] scale h by a quarter decade, keeping its direction.
	h := slices.Clone(s.h)
	press(false, ebiten.KeyBracketLeft)
	for i := range h {
		if math.Abs(s.h[i]-h[i]/gradHStep) > 1e-15 {
			t.Errorf("after [: h = %v, want %v / %v", s.h, h, gradHStep)
		}
	}
	press(false, ebiten.KeyBracketRight)

	// A press on the heat map moves x₀ there and drags it; it stays in
	// the window when the pointer leaves.
	sx, sy := s.heat.ToScreen(-1, 1)
	in.Pointer = viz.Pointer{X: sx, Y: sy, Down: true, Pressed: true}
	tick(s, in)
	if math.Abs(s.x0[0]+1) > 0.02 || math.Abs(s.x0[1]-1) > 0.02 {
		t.Errorf("pressing at (−1, 1) put x0 at %v", s.x0)
	}
	in.Pointer = viz.Pointer{X: -5000, Y: sy, Down: true}
	tick(s, in)
	if s.x0[0] != s.window[0].Min {
		t.Errorf("dragging past the left edge: x0 = %v, want x₁ = %v", s.x0, s.window[0].Min)
	}
	in.Pointer = viz.Pointer{X: sx, Y: sy, Released: true}
	tick(s, in)
	in.Pointer = viz.Pointer{X: sx + 50, Y: sy}
	tick(s, in)
	if math.Abs(s.x0[0]+1) > 0.02 {
		t.Errorf("after release the pointer still moves x₀: %v", s.x0)
	}

	// A press on h's tip drags h; x₀ stays.
	x0 = slices.Clone(s.x0)
	tx, ty := s.heat.ToScreen(s.x0[0]+s.h[0], s.x0[1]+s.h[1])
	in.Pointer = viz.Pointer{X: tx + 3, Y: ty - 3, Down: true, Pressed: true}
	tick(s, in)
	ex, ey := s.heat.ToScreen(s.x0[0]+0.5, s.x0[1]+0.5)
	in.Pointer = viz.Pointer{X: ex, Y: ey, Down: true}
	tick(s, in)
	if !slices.Equal(s.x0, x0) || math.Abs(s.h[0]-0.5) > 0.02 || math.Abs(s.h[1]-0.5) > 0.02 {
		t.Errorf("dragging h's tip to x₀ + (0.5, 0.5): x0 %v (was %v), h %v", s.x0, x0, s.h)
	}
	in.Pointer = viz.Pointer{Released: true}
	tick(s, in)
	// The products follow h.
	for i, p := range s.nums.Products {
		if p != s.nums.Grad[i]*s.h[i] {
			t.Errorf("products %v for ∇f %v and h %v", s.nums.Products, s.nums.Grad, s.h)
		}
	}
}

// TestGradientSliders drives the lesson for N > 2: without a focused
// slider ↑ ↓ choose an entry and ← → move it; the sliders drag x₀ and h,
// and follow the keys.
func TestGradientSliders(t *testing.T) {
	s := newGradient(url.Values{"f": {"sum(x^2 * [1, 2, 3, 4])"}, "at": {"x = [0.5, 0.5, 0.5, 0.5]"}}).(*gradient)
	in := input()
	tick(s, in)
	frame(t, s, ebiten.NewImage(1100, 720))
	if s.plane() || s.bars.Renders() != 1 {
		t.Fatalf("N = 4: plane %v, bars rendered %d times", s.plane(), s.bars.Renders())
	}
	for i, x := range s.xs {
		if shown := !x.Rect.Empty() && !s.hs[i].Rect.Empty(); shown != (i < 4) {
			t.Errorf("slider pair %d shown %v with N = 4", i, shown)
		}
	}
	in.Repeated = []ebiten.Key{ebiten.KeyArrowDown}
	tick(s, in)
	in.Repeated = []ebiten.Key{ebiten.KeyArrowRight}
	tick(s, in)
	in.Repeated = nil
	if want := []float64{0.5, 0.5 + gradNudge, 0.5, 0.5}; s.coord != 1 || !slices.Equal(s.x0, want) || s.xs[1].Value != want[1] {
		t.Errorf("after ↓ →: entry %d, x0 %v, slider %v; want 1, %v", s.coord, s.x0, s.xs[1].Value, want)
	}
	// Drag x₄'s slider past its right end, then let go.
	r := s.xs[3].Rect
	y := float64(r.Max.Y - 8)
	in.Pointer = viz.Pointer{X: float64(r.Min.X + r.Dx()/2), Y: y, Down: true, Pressed: true}
	tick(s, in)
	in.Pointer = viz.Pointer{X: float64(r.Max.X + 40), Y: y, Down: true}
	tick(s, in)
	if s.x0[3] != s.window[3].Max || s.coord != 3 {
		t.Errorf("dragging x₄'s slider right: x0 %v, entry %d; want x₄ = %v", s.x0, s.coord, s.window[3].Max)
	}
	in.Pointer = viz.Pointer{X: float64(r.Max.X + 40), Y: y, Released: true}
	tick(s, in)
	in.Pointer = viz.Pointer{}
	tick(s, in)
	// A press in the middle of h₁'s slider sets h₁ to 0; the products
	// follow.
	r = s.hs[0].Rect
	in.Pointer = viz.Pointer{X: float64(r.Min.X+r.Max.X) / 2, Y: float64(r.Max.Y - 8), Down: true, Pressed: true}
	tick(s, in)
	if math.Abs(s.h[0]) > 1e-12 || s.nums.Products[0] != s.nums.Grad[0]*s.h[0] {
		t.Errorf("pressing the middle of h₁'s slider: h = %v, products %v", s.h, s.nums.Products)
	}
	in.Pointer = viz.Pointer{Released: true}
	tick(s, in)
	frame(t, s, ebiten.NewImage(1100, 720))
	if got := s.bars.Values(); s.barsStale || !slices.Equal(got, s.nums.Grad) {
		t.Errorf("after the drag the bars are stale %v and show %v; want ∇f = %v", s.barsStale, got, s.nums.Grad)
	}
}

// TestGradientSteps checks the walk-through: PageDown and the deep link,
// what each step computes, and that idle ticks render nothing.
func TestGradientSteps(t *testing.T) {
	s := newGradient(url.Values{}).(*gradient)
	in := input()
	screen := ebiten.NewImage(1100, 720)
	tick(s, in)
	if s.step != 0 || !s.chainStale {
		t.Errorf("step %d; chain computed %v on the first step", s.step, !s.chainStale)
	}
	// The heat map is rendered once, square at the first try.
	frame(t, s, screen)
	if da := s.heat.DataArea(); s.heat.Renders() != 1 || da.Dx() < 200 || da.Dx()-da.Dy() > 2 || da.Dy()-da.Dx() > 2 {
		t.Errorf("heat map rendered %d times, data area %v", s.heat.Renders(), da)
	}
	in.Repeated = []ebiten.Key{ebiten.KeyPageDown}
	tick(s, in)
	frame(t, s, screen)
	in.Repeated = nil
	if s.step != 1 || s.errPlot.Renders() != 1 || s.slicePlot.Renders() != 1 {
		t.Errorf("after PageDown: step %d, error plot and slice rendered %d and %d times", s.step, s.errPlot.Renders(), s.slicePlot.Renders())
	}
	renders := func() []int {
		return []int{s.heat.Renders(), s.errPlot.Renders(), s.slicePlot.Renders()}
	}
	r := renders()
	for range 10 {
		tick(s, in)
		frame(t, s, screen)
	}
	if !slices.Equal(renders(), r) {
		t.Errorf("renders %v → %v on ticks where nothing changed", r, renders())
	}
	if st := gradState(t, s); st["step"] != 1.0 || st["plots"].(map[string]any)["slice"] == nil {
		t.Errorf("state on step 1: step %v, plots %v", st["step"], st["plots"])
	}
	s = newGradient(url.Values{"step": {"2"}}).(*gradient)
	tick(s, input())
	if s.step != 2 || s.chainStale {
		t.Errorf("step=2: step %d, chain computed %v", s.step, !s.chainStale)
	}
}

// TestGradientIdleTick checks that a tick in which nothing happens, on
// each step, writes none of the numbers again: it allocates at most 40
// objects (the second step writes its question, about 30), where writing
// the numbers to measure them made it 56 to 135. A tick after x₀ moved
// measures them again.
func TestGradientIdleTick(t *testing.T) {
	for step := range gradientSteps {
		s := newGradient(url.Values{"step": {fmt.Sprint(step + 1)}}).(*gradient)
		in := input()
		for range 3 {
			tick(s, in)
		}
		if n := testing.AllocsPerRun(20, func() { tick(s, in) }); n > 40 {
			t.Errorf("step %d: an idle tick allocates %v objects, want at most 40", step+1, n)
		}
		s.x0[0] += 0.25
		s.compute()
		tick(s, in)
		if s.heightAt.key.gen != s.numsGen || s.heightAt.h == 0 {
			t.Errorf("step %d: after x₀ moved, the numbers' height is %v for values %d, at %d now", step+1, s.heightAt.h, s.heightAt.key.gen, s.numsGen)
		}
	}
}

func TestGradientBadInput(t *testing.T) {
	for _, c := range []struct{ key, src, at, want string }{
		{"f", "log(1 + sum(x^2)", "x = [1, 2]", "expression"},
		{"f", "x * 2", "x = [1, 2]", "a number for a value"},
		{"f", "x^2", "x = 1", "2 to 8 numbers"},
		{"f", "sum(x)", "x = [1, 2, 3, 4, 5, 6, 7, 8, 9]", "2 to 8 numbers"},
		{"g", "y * u", "y = 0; u = 1", "one input"},
		{"g", "y", "y = [1, 2]", "one input"},
	} {
		q := url.Values{c.key: {c.src}}
		if c.key == "f" {
			q.Set("at", c.at)
		} else {
			q.Set("gat", c.at)
		}
		s := newGradient(q).(*gradient)
		tick(s, input())
		st := gradState(t, s)
		msg, _ := st["error"].(string)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s=%q: error %q, want it to mention %q", c.key, c.src, msg, c.want)
		}
		// The default is studied instead, and its numbers are there.
		if st["expr"] != gradDefF || st["gradient"] == nil || st["chain"].(map[string]any)["dzdx"] == nil {
			t.Errorf("%s=%q: studying %v, gradient %v, chain %v; want the default", c.key, c.src, st["expr"], st["gradient"], st["chain"])
		}
	}
	// Where f is undefined the numbers say so, and the state still encodes.
	s := newGradient(url.Values{"f": {"sqrt(x) + y"}, "at": {"x = 1; y = 0"}}).(*gradient)
	in := input()
	tick(s, in)
	in.Repeated = []ebiten.Key{ebiten.KeyArrowLeft}
	for range 30 {
		tick(s, in)
	}
	st := gradState(t, s)
	if x := jsonFloats(t, st["x0"]); x[0] >= 0 {
		t.Fatalf("x0 = %v, want x < 0", x)
	}
	if g := st["gradient"].([]any); g[0] != nil {
		t.Errorf("∂f/∂x at x < 0 = %v, want null", g[0])
	}
}

// BenchmarkGradientDragUpdate measures one tick of the gradient lesson on
// each step while x₀ is dragged across the heat map: the numbers
// recomputed through core, the step's series or chain rule, and the data
// plots re-rendered every gradEvery ticks.
func BenchmarkGradientDragUpdate(b *testing.B) {
	for step := range 3 {
		b.Run(fmt.Sprint("step", step), func(b *testing.B) {
			s := newGradient(url.Values{"step": {fmt.Sprint(step)}}).(*gradient)
			in := input()
			tick(s, in)
			da := s.heat.DataArea()
			in.Pointer = viz.Pointer{X: float64(da.Min.X + 5), Y: float64(da.Min.Y + da.Dy()*3/4), Down: true, Pressed: true}
			tick(s, in)
			in.Pointer.Pressed = false
			i := 0
			for b.Loop() {
				i++
				in.Pointer.X = float64(da.Min.X + 5 + i%(da.Dx()-10))
				tick(s, in)
			}
		})
	}
}

// TestGradientEdit edits the functions as the text fields do: a new g keeps
// x₀ and h; a new f of the same coordinates keeps them too; one of other
// coordinates starts over with sliders.
func TestGradientEdit(t *testing.T) {
	s := newGradient(url.Values{"step": {"2"}}).(*gradient)
	in := input()
	tick(s, in)
	in.Repeated = []ebiten.Key{ebiten.KeyArrowLeft}
	tick(s, in)
	in.Repeated = nil
	x0, h := slices.Clone(s.x0), slices.Clone(s.h)

	if err := s.fn(1).Edit("tanh(y)"); err != nil {
		t.Fatal(err)
	}
	tick(s, in)
	y := s.nums.F
	if !slices.Equal(s.x0, x0) || !slices.Equal(s.h, h) || !near(s.chain.DZDY, 1-math.Tanh(y)*math.Tanh(y)) {
		t.Errorf("after g = tanh(y): x0 %v, h %v, dz/dy %v at y = %v", s.x0, h, s.chain.DZDY, y)
	}
	if err := s.fn(0).Edit("sum(x^2)"); err != nil {
		t.Fatal(err)
	}
	tick(s, in)
	if !slices.Equal(s.x0, x0) || s.nums.F != x0[0]*x0[0]+x0[1]*x0[1] {
		t.Errorf("after f = sum(x^2): x0 %v, f %v", s.x0, s.nums.F)
	}
	if err := s.fn(0).Edit("sum(x^2) + y"); err != nil {
		t.Fatal(err)
	}
	tick(s, in)
	if len(s.x0) != 3 || s.plane() || s.xs[2].Rect.Empty() || s.chain.Err != nil || len(s.chain.DZDX) != 3 {
		t.Errorf("after f = sum(x^2) + y: x0 %v, sliders %v, chain %v", s.x0, s.xs[2].Rect, s.chain)
	}
	// An edit that does not fit the lesson keeps the last good f.
	if err := s.fn(0).Edit("x * 2"); err == nil {
		t.Error("f = x * 2 (a vector) was accepted")
	}
	tick(s, in)
	if len(s.x0) != 3 || gradState(t, s)["error"] == nil {
		t.Errorf("after a refused edit: x0 %v, error %v", s.x0, gradState(t, s)["error"])
	}
}

// TestGradientStepTextFits checks that on the page's default size the
// step panel's text, as the frame wraps it, keeps the lines it was written
// in, each ending before the step buttons.
func TestGradientStepTextFits(t *testing.T) {
	for k, st := range gradientSteps {
		s := newGradient(url.Values{"step": {fmt.Sprint(k)}}).(*gradient)
		tick(s, input())
		if got := s.textL.Text(); got != st.text {
			t.Errorf("step %q is wrapped again:\n%s", st.title, got)
		}
		room := float64(s.prev.Rect.Min.X - s.textAt.X)
		for _, line := range strings.Split(s.textL.Text(), "\n") {
			if w, _ := viz.MeasureText(line, stepTextPx); w > room {
				t.Errorf("step %q: a line is %.0f pixels wide, %.0f fit: %s", st.title, w, room, line)
			}
		}
	}
}

// TestGradientFitsEveryScreen lays the lesson out at every step on the
// screens of layoutScreens, on every sheet the switch offers: nothing is cut
// off, nothing overlaps, no text is too small, no control too small to
// press; with f of two coordinates over the plane, and of four, set with
// sliders.
func TestGradientFitsEveryScreen(t *testing.T) {
	for _, c := range []struct{ f, at string }{gradCases[0], {"sum(x^2 * [1, 2, 3, 4])", "x = [0.5, -0.5, 0.5, 2]"}} {
		for step := range gradientSteps {
			for _, sz := range layoutScreens {
				s := newGradient(url.Values{"f": {c.f}, "at": {c.at}, "step": {fmt.Sprint(step)}}).(*gradient)
				for sheet := 0; sheet == 0 || sheet < len(s.sheetNames); sheet++ {
					s.switcher.Selected = sheet
					for _, p := range layoutProblems(drawnFrame(t, s, sz.X, sz.Y)) {
						t.Errorf("%s, step %d, %dx%d, sheet %d: %s", c.f, step+1, sz.X, sz.Y, sheet, p)
					}
				}
			}
		}
	}
}

// TestGradientNumbersScroll: on a small phone held sideways the numbers of
// f of four coordinates do not fit their sheet; a drag up on them brings the last line into view, a drag
// down the first, and the lines shown stay in the sheet.
func TestGradientNumbersScroll(t *testing.T) {
	s := newGradient(url.Values{"step": {"1"}, "f": {"sum(x^2 * [1, 2, 3, 4])"}, "at": {"x = [0.5, -0.5, 0.5, 2]"}}).(*gradient)
	in := screenInput(480, 320)
	tick(s, in)
	s.switcher.Selected = slices.Index(s.sheetNames, "Values")
	tick(s, in)
	screen := ebiten.NewImage(480, 320)
	frame(t, s, screen)
	if !s.scroll.Scrolls() {
		t.Fatalf("the numbers fit in %v: nothing to scroll", s.numRect)
	}
	r := s.numRect
	drag := func(from, to int) {
		x := float64(r.Min.X + 20)
		in.Pointer = viz.Pointer{X: x, Y: float64(from), Down: true, Pressed: true}
		tick(s, in)
		in.Pointer = viz.Pointer{X: x, Y: float64(to), Down: true}
		tick(s, in)
		in.Pointer = viz.Pointer{X: x, Y: float64(to), Released: true}
		tick(s, in)
		in.Pointer = viz.Pointer{}
		frame(t, s, screen)
	}
	inside := func(when string) {
		lo, hi, up := s.scroll.Shown()
		if hi == lo {
			t.Errorf("%s: no line shown", when)
		}
		for i := lo; i < hi; i++ {
			if y0, y1 := s.rowAt[i].Y-up, s.rowAt[i+1].Y-up; y0 < r.Min.Y || y1 > r.Max.Y {
				t.Errorf("%s: line %d at y %d to %d, outside %v", when, i, y0, y1, r)
			}
		}
	}
	inside("at first")
	drag(r.Max.Y-5, r.Min.Y-400)
	if _, hi, _ := s.scroll.Shown(); hi != len(s.rows) {
		t.Errorf("after a drag up: lines from %d shown, to %d of %d", s.scroll.Top, hi, len(s.rows))
	}
	inside("after a drag up")
	drag(r.Min.Y+5, r.Max.Y+400)
	if s.scroll.Top != 0 {
		t.Errorf("after a drag down: lines from %d shown", s.scroll.Top)
	}
}

// TestGradientEquationHeads: the rows whose left side stays put as x₀
// moves (∇f's partials, the sum over i, the chain rule's fraction) have
// it apart, in an image drawn once while x₀ is dragged; only the rest of
// the row is drawn again. Apart, the row is as wide as the whole formula
// would be, the thick space after its relation included, on every step,
// wide and narrow.
func TestGradientEquationHeads(t *testing.T) {
	heads := 0
	for step := range gradientSteps {
		s := newGradient(url.Values{"step": {fmt.Sprint(step)}, "quiz": {"off"}}).(*gradient)
		in, screen := screenInput(1280, 800), ebiten.NewImage(1280, 800)
		tick(s, in)
		for _, narrow := range []bool{false, true} {
			for _, g := range s.numbers(narrow) {
				for _, r := range g {
					if r.head == "" {
						continue
					}
					heads++
					whole, _, _, err := viz.MeasureTeX(r.whole(), gradTeXPx*s.scale)
					if err != nil {
						t.Fatalf("step %d: %q: %v", step, r.whole(), err)
					}
					if got := s.texWidth(r); math.Abs(got-whole) > 1e-9 {
						t.Errorf("step %d, narrow %v: %q apart is %.2f wide, whole %.2f", step, narrow, r.whole(), got, whole)
					}
				}
			}
		}

		frame(t, s, screen)
		sx, sy := s.heat.ToScreen(-1, 1)
		in.Pointer = viz.Pointer{X: sx, Y: sy, Down: true, Pressed: true}
		before := map[int][2]int{}
		for i, r := range s.rows {
			if r.tex && r.head != "" {
				before[i] = [2]int{s.heads[i].Renders(), s.forms[i].Renders()}
			}
		}
		if len(before) == 0 && step < 2 {
			t.Errorf("step %d shows no row with a head", step)
		}
		for k := range 10 {
			tick(s, in)
			frame(t, s, screen)
			in.Pointer = viz.Pointer{X: sx + float64(k+1)*7, Y: sy + float64(k+1)*3, Down: true}
		}
		for i, n := range before {
			if got := s.heads[i].Renders(); got != n[0] {
				t.Errorf("step %d: the head %q was drawn %d times during the drag, want none", step, s.rows[i].head, got-n[0])
			}
			if got := s.forms[i].Renders(); got-n[1] < 5 {
				t.Errorf("step %d: the rest of %q, %q, was drawn %d times during 10 frames of a drag", step, s.rows[i].head, s.rows[i].src, got-n[1])
			}
		}
		screen.Deallocate()
	}
	if heads < 8 {
		t.Errorf("%d rows with a head over the steps, want at least 8", heads)
	}
}
