//go:build display

package scenes

import (
	"image"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// input returns a tick's input on a 1100×720 screen with the tab bar above.
func input() *viz.Input {
	return &viz.Input{Width: 1100, Height: 720, Scale: 1, Area: image.Rect(0, 40, 1100, 720)}
}

// TestScalarFirstFrame: the lesson's first frame renders each of its
// plots once. Its first tick places the error plot before the numbers
// that fill it are set (Prepare sets them); the render is left to Draw.
func TestScalarFirstFrame(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	if err := tick(s, input()); err != nil {
		t.Fatal(err)
	}
	frame(t, s, ebiten.NewImage(1100, 720))
	if s.plot.Renders() != 1 || s.errPlot.Renders() != 1 {
		t.Errorf("the first frame rendered the plot %d times and the error plot %d times, want once each", s.plot.Renders(), s.errPlot.Renders())
	}
	if g := s.errPlot.Geometry(); !(g.YMin > 0 && g.YMax > g.YMin) {
		t.Errorf("the error plot's axes after the first frame: y over [%g, %g], want the errors' range", g.YMin, g.YMax)
	}
}

func TestScalarKeyboardAndDrag(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	in := input()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	x0 := s.x0

	in.Repeated = []ebiten.Key{ebiten.KeyArrowRight}
	tick(s, in)
	if want := x0 + scalarNudge; math.Abs(s.x0-want) > 1e-15 {
		t.Errorf("after →: x0 = %v, want %v", s.x0, want)
	}
	in.Shift = true
	in.Repeated = []ebiten.Key{ebiten.KeyArrowLeft}
	tick(s, in)
	if want := x0 + scalarNudge - scalarNudge/10; math.Abs(s.x0-want) > 1e-15 {
		t.Errorf("after Shift+←: x0 = %v, want %v", s.x0, want)
	}
	in.Shift, in.Repeated = false, nil

	// A drag that starts on the plot follows the pointer; the point stays
	// inside the plotted window when the pointer leaves it.
	sx, sy := s.plot.ToScreen(-2, 0)
	in.Pointer = viz.Pointer{X: sx, Y: sy, Down: true, Pressed: true}
	tick(s, in)
	if math.Abs(s.x0+2) > 0.02 {
		t.Errorf("pressing at x = -2 put x0 at %v", s.x0)
	}
	in.Pointer = viz.Pointer{X: 5000, Y: sy, Down: true}
	tick(s, in)
	if s.x0 != scalarXMax {
		t.Errorf("dragging past the right edge: x0 = %v, want %v", s.x0, scalarXMax)
	}
	// Released where it started: the point ends there, and then stays.
	in.Pointer = viz.Pointer{X: sx, Y: sy, Released: true}
	tick(s, in)
	released := s.x0
	in.Pointer = viz.Pointer{X: sx + 100, Y: sy}
	tick(s, in)
	if s.x0 != released {
		t.Errorf("after release the pointer still moves the point: x0 = %v, want %v", s.x0, released)
	}

	// A press outside the plot does not start a drag.
	in.Pointer = viz.Pointer{X: 5, Y: 45, Down: true, Pressed: true}
	tick(s, in)
	if s.x0 != released {
		t.Errorf("a press outside the plot moved x0 to %v", s.x0)
	}
}

func TestScalarState(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	tick(s, input())
	st := s.State().(*ScalarState)
	x0 := st.X0
	if x0 != 1 || float64(st.F) != math.Sin(x0) || float64(st.DFDX) != math.Cos(x0) {
		t.Errorf("state = %+v; want x0 = 1, f = sin(x0), dfdx = cos(x0)", st)
	}
	// Nothing changed: no plot is rendered again.
	screen := ebiten.NewImage(1100, 720)
	frame(t, s, screen)
	n, e, f := s.plot.Renders(), s.errPlot.Renders(), s.formula.Renders()
	for range 10 {
		tick(s, input())
		frame(t, s, screen)
	}
	if s.plot.Renders() != n || s.errPlot.Renders() != e || s.formula.Renders() != f {
		t.Errorf("plots and formula rendered %d, %d and %d times on ticks where nothing changed",
			s.plot.Renders()-n, s.errPlot.Renders()-e, s.formula.Renders()-f)
	}
	// The formula shows the live numbers: moving x₀ changes it. Moved
	// on three ticks before a frame, it is rendered once.
	in := input()
	in.Repeated = []ebiten.Key{ebiten.KeyArrowRight}
	for range 3 {
		tick(s, in)
	}
	frame(t, s, screen)
	if s.formula.Renders() != f+1 {
		t.Errorf("moving x0 rendered the formula %d times, want once", s.formula.Renders()-f)
	}
}

// TestScalarLesson checks the lesson's numbers against hand-computed
// derivatives for typed functions.
func TestScalarLesson(t *testing.T) {
	for _, c := range []struct {
		f, at, g string
		df, dg   func(float64) float64 // f′ and g′
		fv       func(float64) float64 // f
		x0       float64
	}{
		{f: "sin(x)", at: "x = 1", g: "exp(y)", fv: math.Sin, df: math.Cos, dg: math.Exp, x0: 1},
		{f: "x^3 - 2*x", at: "x = 0.5", g: "y^2", x0: 0.5,
			fv: func(x float64) float64 { return x*x*x - 2*x },
			df: func(x float64) float64 { return 3*x*x - 2 },
			dg: func(y float64) float64 { return 2 * y }},
		{f: "tanh(t)", at: "t = -0.3", g: "log(1 + y^2)", x0: -0.3,
			fv: math.Tanh,
			df: func(x float64) float64 { return 1 - math.Tanh(x)*math.Tanh(x) },
			dg: func(y float64) float64 { return 2 * y / (1 + y*y) }},
	} {
		q := url.Values{"f": {c.f}, "at": {c.at}, "g": {c.g}}
		s := newScalar(q).(*scalar)
		tick(s, input())
		st := s.State().(*ScalarState)
		if st.Error != nil {
			t.Fatalf("%s: error %v", c.f, *st.Error)
		}
		close := func(name string, got, want float64) {
			t.Helper()
			if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("%s, %s: got %.17g, want %.17g", c.f, name, got, want)
			}
		}
		close("x0", st.X0, c.x0)
		close("f", float64(st.F), c.fv(c.x0))
		close("dfdx", float64(st.DFDX), c.df(c.x0))
		h := st.H
		close("secant", float64(st.Secant), (c.fv(c.x0+h)-c.fv(c.x0))/h)
		ch := st.Chain
		close("dzdy", float64(ch.DZDY), c.dg(c.fv(c.x0)))
		close("product", float64(ch.Product), c.dg(c.fv(c.x0))*c.df(c.x0))
		// The chain rule: the product equals the composition's derivative.
		close("dzdx", float64(ch.DZDX), float64(ch.Product))

		// The linear approximation's error falls with slope 2 over a
		// decade where round-off is negligible.
		hs, lin, _ := model.ScalarErrors(s.fn(0), s.x0, s.nums)
		var i, j int
		for k, hk := range hs {
			if hk == 1e-2 {
				i = k
			}
			if hk == 1e-3 {
				j = k
			}
		}
		slope := math.Log10(lin[i]/lin[j]) / math.Log10(hs[i]/hs[j])
		if math.Abs(slope-2) > 0.1 {
			t.Errorf("%s: error slope between h = 1e-2 and 1e-3 is %v, want 2 ± 0.1", c.f, slope)
		}
	}
}

func TestScalarBadInput(t *testing.T) {
	for _, c := range []struct{ f, at, want string }{
		{"sin(x", "x = 1", "expression"},
		{"sin(x) + y", "x = 1; y = 2", "one number"},
		{"x", "x = [1, 2]", "one number"},
	} {
		s := newScalar(url.Values{"f": {c.f}, "at": {c.at}}).(*scalar)
		tick(s, input())
		st := s.State().(*ScalarState)
		if st.Error == nil || !strings.Contains(*st.Error, c.want) {
			t.Errorf("f=%q at=%q: error %v, want it to mention %q", c.f, c.at, st.Error, c.want)
		}
		// The default function is studied instead.
		if st.Function == nil || st.Expr != "sin(x)" || float64(st.DFDX) != math.Cos(st.X0) {
			t.Errorf("f=%q: studying %+v with dfdx %v; want the default sin(x)", c.f, st.Function, st.DFDX)
		}
	}
	s := newScalar(url.Values{"step": {"7"}}).(*scalar)
	if s.Notice() == "" || s.step != 0 {
		t.Errorf("step=7 of 3: notice %q, step %d; want a notice and step 0", s.Notice(), s.step)
	}
	if s := newScalar(url.Values{"step": {"2"}}).(*scalar); s.step != 2 {
		t.Errorf("step=2: step %d", s.step)
	}
}

// TestScalarTyping edits f in its text field as a user would: the new
// function is studied at once; a mistake is marked at its position and the
// last good function stays.
func TestScalarTyping(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	in := input()
	tick(s, in)
	field := s.fields[0].text
	// Click into the field, select everything and type over it.
	in.Pointer = viz.Pointer{X: float64(field.Rect.Min.X + 5), Y: float64(field.Rect.Min.Y + 5), Down: true, Pressed: true}
	tick(s, in)
	in.Pointer = viz.Pointer{X: in.Pointer.X, Y: in.Pointer.Y, Released: true}
	in.Ctrl, in.Pressed, in.Repeated = true, []ebiten.Key{ebiten.KeyA}, []ebiten.Key{ebiten.KeyA}
	tick(s, in)
	in.Ctrl, in.Pressed, in.Repeated = false, nil, nil
	in.Pointer = viz.Pointer{X: in.Pointer.X, Y: in.Pointer.Y}
	in.Chars = []rune("x^3")
	tick(s, in)
	in.Chars = nil
	st := s.State().(*ScalarState)
	x0 := st.X0
	if st.Function == nil || st.Expr != "x^3" || st.Error != nil || math.Abs(float64(st.DFDX)-3*x0*x0) > 1e-12 {
		t.Fatalf("after typing x^3: %+v, error %v, dfdx %v at x0 %v", st.Function, st.Error, st.DFDX, x0)
	}
	// The arrow keys go to the focused field, not to the point.
	in.Repeated = []ebiten.Key{ebiten.KeyArrowRight}
	tick(s, in)
	if s.x0 != x0 {
		t.Errorf("an arrow key typed in the field moved x0 from %v to %v", x0, s.x0)
	}
	in.Repeated = nil

	// A mistake: "x^3 +" has no right operand, at byte 5.
	in.Chars = []rune(" +")
	tick(s, in)
	in.Chars = nil
	st = s.State().(*ScalarState)
	off, _, ok := field.Error()
	if st.Error == nil || !ok || off != 5 {
		t.Errorf("after typing x^3 +: error %v, field error at %d (%v); want an error at byte 5", st.Error, off, ok)
	}
	if st.Function == nil || st.Expr != "x^3" {
		t.Errorf("after a mistake the lesson studies %+v, want the last good x^3", st.Function)
	}
}
