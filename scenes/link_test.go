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
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/jacobianlab/jacobianlab/viz"
)

// TestLessonLinks moves each lesson's point with the keyboard and takes a
// step, then opens the lesson again from its link: it must show the same
// function, point (to the link's six digits) and step, and give the same
// link back.
func TestLessonLinks(t *testing.T) {
	for _, c := range []struct {
		id string
		q  url.Values
		x0 []float64 // the point at in q gives
	}{
		{"scalar", url.Values{"f": {"x^3 - x"}, "at": {"x = 0.3"}, "g": {"cos(y)"}}, []float64{0.3}},
		{"gradient", url.Values{"f": {"sum(x^2 * [1, 2, 3])"}, "at": {"x = [0.5, -1, 2]"}}, []float64{0.5, -1, 2}},
		{"jacobian", url.Values{"f": {"[x * y, x + y]"}, "at": {"x = 1; y = 2"}, "g": {"sin(y)"}}, []float64{1, 2}},
	} {
		e, _ := lookup(c.id)
		s := e.New(c.q)
		in := input()
		in.Repeated = []ebiten.Key{ebiten.KeyArrowRight, ebiten.KeyArrowRight}
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		in.Repeated = []ebiten.Key{ebiten.KeyPageDown}
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		in.Repeated = nil
		link := s.(Linker).Link()
		if link.Get("f") != c.q.Get("f") || link.Get("step") != "1" {
			t.Errorf("%s: link %v does not have f = %q and step = 1", c.id, link, c.q.Get("f"))
		}
		if g := c.q.Get("g"); g != "" && link.Get("g") != g {
			t.Errorf("%s: link %v does not have g = %q", c.id, link, g)
		}
		was := lessonState(t, s)
		again := e.New(link)
		if err := tick(again, in); err != nil {
			t.Fatal(err)
		}
		now := lessonState(t, again)
		if now.Expr != was.Expr || now.Step != was.Step || len(now.X0) != len(was.X0) {
			t.Fatalf("%s: opened from its link: %+v; before: %+v", c.id, now, was)
		}
		moved := false
		for i := range now.X0 {
			if math.Abs(now.X0[i]-was.X0[i]) > 1e-5*math.Max(1, math.Abs(was.X0[i])) {
				t.Errorf("%s: x0[%d] = %v from the link, %v before", c.id, i, now.X0[i], was.X0[i])
			}
			moved = moved || was.X0[i] != c.x0[i]
		}
		if !moved {
			t.Errorf("%s: the arrow keys did not move x0 (%v)", c.id, was.X0)
		}
		if back := again.(Linker).Link(); back.Encode() != link.Encode() {
			t.Errorf("%s: link from the link = %q, want %q", c.id, back.Encode(), link.Encode())
		}
	}
}

// lessonLink is the part of a lesson's state the link carries.
type lessonLink struct {
	Expr string
	Step int
	X0   []float64
}

func lessonState(t *testing.T, s Scene) lessonLink {
	t.Helper()
	b, err := json.Marshal(s.State())
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Expr string          `json:"expr"`
		Step int             `json:"step"`
		X0   json.RawMessage `json:"x0"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	l := lessonLink{Expr: r.Expr, Step: r.Step}
	// x0 is a number in the scalar lesson and a vector in the others.
	if err := json.Unmarshal(r.X0, &l.X0); err != nil {
		var x float64
		if err := json.Unmarshal(r.X0, &x); err != nil {
			t.Fatalf("x0 = %s: %v", r.X0, err)
		}
		l.X0 = []float64{x}
	}
	return l
}

// TestLessonDescriptions checks what each lesson says for screen readers
// at each step, with the questions off: the step, and numbers that agree
// with state().
func TestLessonDescriptions(t *testing.T) {
	for _, c := range []struct {
		id   string
		q    url.Values
		want [3][]string // what each step's numbers paragraph must contain
	}{
		{"scalar", url.Values{"f": {"x^2"}, "at": {"x = 1.5"}, "quiz": {"off"}}, [3][]string{
			{"x₀ = 1.5", "f(x₀) = 2.25", "f′(x₀) = 3"},
			{"x₀ = 1.5", "the tangent line gives"},
			{"g(y) = exp(y)", "dy/dx = 3", "dz/dx = " + strconv.FormatFloat(3*math.Exp(2.25), 'g', 6, 64)},
		}},
		{"gradient", url.Values{"f": {"x^2 + 3*y"}, "at": {"x = 1; y = 2"}, "quiz": {"off"}}, [3][]string{
			{"x₀ = (1, 2)", "f(x₀) = 7", "gradient is (2, 3)"},
			{"directional derivative"},
			{"g′(y) = " + strconv.FormatFloat(-math.Exp(-7), 'g', 6, 64)},
		}},
		{"jacobian", url.Values{"f": {"[x * y, x + y]"}, "at": {"x = 1; y = 2"}, "quiz": {"off"}}, [3][]string{
			{"f(x₀) = (2, 3)", "rows are (2, 1), (1, 1)", "determinant is 1"},
			{"rows are (2, 1), (1, 1)"},
			{"the product of ∂z/∂y and ∂y/∂x"},
		}},
	} {
		e, _ := lookup(c.id)
		s := e.New(c.q)
		in := input()
		for step := range 3 {
			if err := tick(s, in); err != nil {
				t.Fatal(err)
			}
			d := s.(Describer).Describe()
			if len(d) != 2 || !strings.Contains(d[0], fmt.Sprintf("Step %d of 3", step+1)) || !strings.Contains(d[1], c.q.Get("f")) {
				t.Errorf("%s, step %d: description %q does not give the step and f", c.id, step, d)
				continue
			}
			for _, w := range c.want[step] {
				if !strings.Contains(d[1], w) {
					t.Errorf("%s, step %d: %q does not say %q", c.id, step, d[1], w)
				}
			}
			in.Repeated = []ebiten.Key{ebiten.KeyPageDown}
			if err := tick(s, in); err != nil {
				t.Fatal(err)
			}
			in.Repeated = nil
		}
	}

	// A typed function that does not compile is mentioned.
	s := newScalar(url.Values{"f": {"sin(x"}}).(*scalar)
	if err := tick(s, input()); err != nil {
		t.Fatal(err)
	}
	if d := s.Describe(); len(d) != 3 || !strings.Contains(d[2], "f(x)") || !strings.Contains(d[2], "not used") {
		t.Errorf("description with a bad f: %q", d)
	}
}

// TestLessonsLinearFunctions opens each lesson on a linear function at 0,
// where its linear approximation is exact to the last bit, and draws every
// step: the error plots have nothing to put on log axes and must say so,
// not hang (typing f = x in the scalar lesson once froze the page).
func TestLessonsLinearFunctions(t *testing.T) {
	for id, q := range map[string]url.Values{
		"scalar":   {"f": {"x"}, "at": {"x = 0"}},
		"gradient": {"f": {"sum(x * [1, 2])"}, "at": {"x = [0, 0]"}},
		"jacobian": {"f": {"[x, y]"}, "at": {"x = 0; y = 0"}},
	} {
		e, _ := lookup(id)
		s := e.New(q)
		screen := ebiten.NewImage(1280, 800)
		in := input()
		done := make(chan error, 1)
		go func() {
			for range 4 {
				if err := tick(s, in); err != nil {
					done <- err
					return
				}
				frame(t, s, screen)
				in.Repeated = []ebiten.Key{ebiten.KeyPageDown}
			}
			done <- nil
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v", id, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: drawing its steps on a linear function did not finish", id)
		}
		if st := lessonState(t, s); st.Step == 0 {
			t.Errorf("%s: PageDown did not step (step %d)", id, st.Step)
		}
	}
}

// TestErrorPlotsFollowWithoutRendering moves each lesson's point twenty
// steps on the step with the error plot, as a drag does: the plot's series
// follow the point at every frame, and its axes are rendered again at most
// once (when the errors leave their range), not every few ticks — a render
// costs a frame's budget in the browser.
func TestErrorPlotsFollowWithoutRendering(t *testing.T) {
	for _, c := range []struct {
		id   string
		step string
		plot func(Scene) *viz.ErrorPlot
	}{
		{"scalar", "0", func(s Scene) *viz.ErrorPlot { return s.(*scalar).errPlot }},
		{"gradient", "1", func(s Scene) *viz.ErrorPlot { return s.(*gradient).errPlot }},
		{"jacobian", "1", func(s Scene) *viz.ErrorPlot { return s.(*jacobian).errPlot }},
	} {
		e, _ := lookup(c.id)
		s := e.New(url.Values{"step": {c.step}})
		screen := ebiten.NewImage(1100, 720)
		if err := tick(s, input()); err != nil {
			t.Fatal(err)
		}
		frame(t, s, screen)
		p := c.plot(s)
		n := p.Renders()
		for range 20 {
			before := slices.Clone(p.Series()[0].Err)
			if err := tick(s, keys(ebiten.KeyArrowRight)); err != nil {
				t.Fatal(err)
			}
			frame(t, s, screen)
			if slices.Equal(p.Series()[0].Err, before) {
				t.Fatalf("%s: the error series did not follow the point", c.id)
			}
		}
		if r := p.Renders() - n; r > 1 {
			t.Errorf("%s: the error plot's axes rendered %d times in 20 moves, want at most 1", c.id, r)
		}
	}
}

// TestDragHoldsAxes drags each lesson's point back and forth across its
// plot, three ticks a frame as in the browser: the axes under the moving
// curves must stand still, widening at most a couple of times, and not be
// rendered again every few frames as the data shifts (a render is a
// gonum/plot draw and a texture upload, the slowest frame of a drag). When
// the drag ends, they fit the data again.
func TestDragHoldsAxes(t *testing.T) {
	for _, c := range []struct {
		id, step string
		area     func(Scene) image.Rectangle
		plots    func(Scene) []interface{ Renders() int }
	}{
		{"scalar", "0", func(s Scene) image.Rectangle { return s.(*scalar).plot.DataArea() },
			func(s Scene) []interface{ Renders() int } { return []interface{ Renders() int }{s.(*scalar).errPlot} }},
		{"gradient", "1", func(s Scene) image.Rectangle { return s.(*gradient).heat.DataArea() },
			func(s Scene) []interface{ Renders() int } {
				g := s.(*gradient)
				return []interface{ Renders() int }{g.errPlot, g.slicePlot}
			}},
	} {
		e, _ := lookup(c.id)
		s := e.New(url.Values{"step": {c.step}})
		screen := ebiten.NewImage(1100, 720)
		in := input()
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		frame(t, s, screen)
		area := c.area(s)
		plots := c.plots(s)
		before := make([]int, len(plots))
		for i, p := range plots {
			before[i] = p.Renders()
		}
		y := float64(area.Min.Y + area.Dy()*7/10)
		for i := range 600 { // two sweeps there and back, 3 px a tick
			x := i * 3 % (2 * (area.Dx() - 20))
			if x > area.Dx()-20 {
				x = 2*(area.Dx()-20) - x
			}
			in.Pointer = viz.Pointer{X: float64(area.Min.X + 10 + x), Y: y, Down: true, Pressed: i == 0}
			if err := tick(s, in); err != nil {
				t.Fatal(err)
			}
			if i%3 == 2 {
				frame(t, s, screen)
			}
		}
		for i, p := range plots {
			if n := p.Renders() - before[i]; n > 2 {
				t.Errorf("%s: plot %d rendered %d times during the drag, want at most 2", c.id, i, n)
			}
		}
		in.Pointer.Down = false
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		frame(t, s, screen)
		if g, ok := s.(*gradient); ok {
			// Fitted again: the slice fills at least half the axis.
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, v := range g.currentSlice().FT {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			if y := g.sliceY; hi-lo < (y.Max-y.Min)/2 {
				t.Errorf("after the drag the slice spans [%g, %g] of an axis over [%g, %g], want at least half", lo, hi, y.Min, y.Max)
			}
		}
	}
}
