//go:build display

package scenes

import (
	"encoding/json"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/floats"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// newBackpropScene returns the backprop scene for the query after one
// tick.
func newBackpropScene(t *testing.T, q url.Values) *backprop {
	t.Helper()
	s := newBackprop(q).(*backprop)
	if err := tick(s, input()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBackpropSmoke(t *testing.T) {
	s := newBackpropScene(t, nil)
	screen := ebiten.NewImage(1100, 720)
	for tab := range 4 {
		s.tabs.Selected = tab
		s.tl.Seek(0)
		for range s.net.Steps() + 1 {
			if err := tick(s, keys(ebiten.KeyArrowRight)); err != nil {
				t.Fatal(err)
			}
			frame(t, s, screen)
			if _, err := json.Marshal(s.State()); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Log(model.BPDefAt, s.net.Steps(), s.step)
}

// TestBackpropStepBack checks that stepping back restores exactly the
// state before the step, all the way through both sweeps.
func TestBackpropStepBack(t *testing.T) {
	s := newBackpropScene(t, nil)
	state := func() string {
		b, err := json.Marshal(s.State())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for k := range s.net.Steps() {
		before := state()
		if err := tick(s, keys(ebiten.KeyArrowRight)); err != nil {
			t.Fatal(err)
		}
		if s.step != k+1 {
			t.Fatalf("→ at step %d went to %d", k, s.step)
		}
		after := state()
		if after == before {
			t.Fatalf("step %d changed nothing", k+1)
		}
		tick(s, keys(ebiten.KeyArrowLeft))
		if got := state(); got != before {
			t.Fatalf("→ then ← at step %d:\n%s\nwant\n%s", k, got, before)
		}
		tick(s, keys(ebiten.KeyArrowRight))
		if got := state(); got != after {
			t.Fatalf("→ ← → at step %d does not give the state of →", k)
		}
	}
}

// TestBackpropBadQuery checks that a function without a scalar value and
// a bad step fall back to the defaults with a message.
func TestBackpropBadQuery(t *testing.T) {
	s := newBackpropScene(t, url.Values{"f": {"x * 2"}, "at": {"x = [1, 2]"}, "step": {"seven"}})
	st := s.State().(*BackpropState)
	if st.Error == nil || s.fn(0).Prog.Source() != model.BPDefF || s.step != 0 || s.Notice() == "" {
		t.Errorf("error %v, function %q, step %d, notice %q", st.Error, s.fn(0).Prog.Source(), s.step, s.Notice())
	}
	s = newBackpropScene(t, url.Values{"f": {"sum([1, 2])"}})
	if st := s.State().(*BackpropState); st.Error == nil || s.fn(0).Prog.Source() != model.BPDefF {
		t.Errorf("a function without inputs: error %v, function %q", st.Error, s.fn(0).Prog.Source())
	}
	// The smallest graph: L is its input.
	s = newBackpropScene(t, url.Values{"f": {"x"}, "at": {"x = 2"}, "step": {"2"}})
	for tab := range s.tabs.Options {
		s.tabs.Selected = tab
		if err := tick(s, input()); err != nil {
			t.Fatal(err)
		}
	}
	if st := s.State().(*BackpropState); st.Error != nil || st.Phase != model.BPDone || s.net.Full[0].Data()[0] != 1 {
		t.Errorf("L = x: error %v, phase %v, gradient %v", st.Error, st.Phase, s.net.Full[0])
	}
	s = newBackpropScene(t, url.Values{"f": {"sum(x * W)"}, "at": {"x = [1, 2]; W = [3, 4]"}, "step": {"3"}})
	if st := s.State().(*BackpropState); st.Error != nil || s.step != 3 || st.Phase != model.BPForward || len(s.net.G.Nodes()) != 4 {
		t.Errorf("typed function: error %v, step %d, phase %v", st.Error, s.step, st.Phase)
	}
}

// TestBackpropDescent checks that a step of gradient descent moves the
// parameters against the gradient, keeps the data, and lowers the loss.
func TestBackpropDescent(t *testing.T) {
	s := newBackpropScene(t, nil)
	before := s.net
	tick(s, keys(ebiten.KeyG))
	if len(s.losses) != 2 || !(s.losses[1] < s.losses[0]) {
		t.Fatalf("losses %v, want a drop", s.losses)
	}
	for i, name := range s.fn(0).Prog.Names() {
		for k, v := range s.x[i].Data() {
			want := before.X[i].Data()[k]
			if name != "x" && name != "t" {
				want -= bpLR * before.Full[i].Data()[k]
			}
			if v != want {
				t.Errorf("%s[%d] = %v after the step, want %v", name, k, v, want)
			}
		}
	}
}

// TestBackpropLocalJacobian checks the local Jacobian the panel writes out
// for the default network's d ⊙ d: 2 diag(d), both uses of d counted.
func TestBackpropLocalJacobian(t *testing.T) {
	s := newBackpropScene(t, nil)
	n := s.net
	nodes := n.G.Nodes()
	k := slices.IndexFunc(n.Back, func(j int) bool { return nodes[j].Op() == "mul" })
	nd := nodes[n.Back[k]]
	terms, err := n.Terms(n.Back[k], n.Grads[k][n.Back[k]])
	if err != nil {
		t.Fatal(err)
	}
	d := nd.Inputs()[0].Value().Data()
	rows := make([]string, len(d))
	for i := range d {
		row := make([]float64, len(d))
		row[i] = 2 * d[i]
		rows[i] = model.BPTeXRow(row)
	}
	want := `\frac{\partial v_{7}}{\partial v_{6}} = \begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix}`
	if got := s.localJacobian(nd, terms); got != want {
		t.Errorf("local Jacobian\n%s\nwant\n%s", got, want)
	}
}

// TestBackpropLinkAndDescribe checks that the link reproduces the view,
// values after a descent step included, and that the description follows
// the step.
func TestBackpropLinkAndDescribe(t *testing.T) {
	s := newBackpropScene(t, url.Values{"step": {"20"}})
	tick(s, keys(ebiten.KeyG))
	q := s.Link()
	if q.Get("step") != "20" || q.Get("f") != model.BPDefF {
		t.Errorf("link %v", q)
	}
	again := newBackpropScene(t, q)
	if again.step != 20 || math.Abs(again.net.Loss()-s.net.Loss()) > 1e-5*s.net.Loss() {
		t.Errorf("the link gives step %d and L = %v, want 20 and %v", again.step, again.net.Loss(), s.net.Loss())
	}
	d := s.Describe()
	if len(d) < 2 || !strings.Contains(d[1], "backward sweep") || !strings.Contains(d[1], "v₆ = v₅ − t") {
		t.Errorf("description %q", d)
	}
}

// TestBackpropTyping types functions into the field: a new one replaces
// the graph, keeping the values of the inputs it shares; one that does not
// compile or has no scalar value is refused and the last good one stays.
func TestBackpropTyping(t *testing.T) {
	s := newBackpropScene(t, url.Values{"step": {"5"}})
	typeText := func(text string) {
		s.ui.Focus(s.fields[0].text)
		in := keys(ebiten.KeyA)
		in.Ctrl = true
		tick(s, in)
		in = input()
		in.Chars = []rune(text)
		tick(s, in)
		tick(s, keys(ebiten.KeyEscape))
	}
	w1 := s.x[1]
	typeText("mean(tanh(x @ W1) ^ 2)")
	if s.fn(0).Err != nil || s.fn(0).Prog.Source() != "mean(tanh(x @ W1) ^ 2)" {
		t.Fatalf("typed function: %q, error %v", s.fn(0).Prog.Source(), s.fn(0).Err)
	}
	if s.step != 0 || len(s.x) != 2 || !slices.Equal(s.x[1].Data(), w1.Data()) {
		t.Errorf("step %d, %d inputs, W1 = %v; want step 0 and W1 kept as %v", s.step, len(s.x), s.x[1].Data(), w1.Data())
	}
	want, err := core.Grad(s.fn(0).Prog.Func(), s.x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !floats.EqualApprox(s.net.Full[1].Data(), want[1].Data(), 1e-12) {
		t.Errorf("∂L/∂W1 = %v, core.Grad %v", s.net.Full[1].Data(), want[1].Data())
	}
	for _, bad := range []string{"mean(x @", "x @ W1"} {
		typeText(bad)
		if s.fn(0).Err == nil || s.State().(*BackpropState).Error == nil || s.fn(0).Prog.Source() != "mean(tanh(x @ W1) ^ 2)" {
			t.Errorf("%q: error %v, function %q", bad, s.fn(0).Err, s.fn(0).Prog.Source())
		}
	}
}

// TestBackpropFits lays the lesson out at every size of layoutScreens, at
// every step on the Node tab and at steps of both sweeps on the others, on
// every sheet the switch offers: nothing overlaps or leaves the screen, no
// text is under 12 px and the graph's labels are 11 px or more.
func TestBackpropFits(t *testing.T) {
	s := newBackpropScene(t, nil)
	for _, sz := range layoutScreens {
		for step := range s.net.Steps() + 1 {
			for tab := range s.tabs.Options {
				if tab != bpTabNode && step != 9 && step != 20 && step != 30 {
					continue
				}
				s.tabs.Selected = tab
				s.tl.Seek(step)
				// The first sheet, then each other the switch offers
				// at this size.
				for sheet := 0; sheet == 0 || sheet < len(s.sheetNames); sheet++ {
					s.switcher.Selected = sheet
					for _, p := range layoutProblems(drawnFrame(t, s, sz.X, sz.Y)) {
						t.Errorf("%dx%d step %d, tab %s, sheet %d: %s", sz.X, sz.Y, step, s.tabs.Options[tab], sheet, p)
					}
				}
				s.switcher.Selected = 0
			}
		}
	}
}

// TestBackpropGraphMoves checks the graph's keys and buttons on a phone:
// + and − zoom it and 0 fits it again, [ and ] set the speed, playing
// keeps the current node in view, a drag on the graph stops that until
// Home, and a click on an input picks it without moving the graph.
func TestBackpropGraphMoves(t *testing.T) {
	s := newBackpropScene(t, nil)
	in := func(ks ...ebiten.Key) *viz.Input {
		i := screenInput(390, 844)
		i.Repeated, i.Pressed = ks, ks
		return i
	}
	tick(s, in())
	frame(t, s, ebiten.NewImage(390, 844))
	px := s.view.LabelPx()
	if px < 11 || !s.view.Following() {
		t.Fatalf("labels of %v px, following %t", px, s.view.Following())
	}
	speed := s.tl.Speed()
	tick(s, in(ebiten.KeyEqual))
	if s.view.LabelPx() <= px || s.tl.Speed() != speed {
		t.Errorf("+: labels of %v px, speed %v; want larger than %v, %v", s.view.LabelPx(), s.tl.Speed(), px, speed)
	}
	tick(s, in(ebiten.KeyMinus))
	tick(s, in(ebiten.KeyMinus))
	if s.view.LabelPx() >= px {
		t.Errorf("+ − −: labels of %v px, want smaller than %v", s.view.LabelPx(), px)
	}
	tick(s, in(ebiten.KeyDigit0))
	if s.view.LabelPx() != px {
		t.Errorf("0: labels of %v px, want %v", s.view.LabelPx(), px)
	}
	tick(s, in(ebiten.KeyBracketRight))
	if s.tl.Speed() != 2*speed {
		t.Errorf("]: speed %v, want %v", s.tl.Speed(), 2*speed)
	}
	tick(s, in(ebiten.KeyBracketLeft))
	// The buttons do as the keys.
	click := func(b *viz.Button) {
		c := b.Rect.Min.Add(b.Rect.Size().Div(2))
		i := in()
		i.Pointer = viz.Pointer{X: float64(c.X), Y: float64(c.Y), Down: true, Pressed: true}
		tick(s, i)
		i = in()
		i.Pointer = viz.Pointer{X: float64(c.X), Y: float64(c.Y), Released: true}
		tick(s, i)
	}
	click(s.zoomIn)
	if s.view.LabelPx() <= px {
		t.Errorf("the + button: labels of %v px", s.view.LabelPx())
	}
	click(s.fit)
	if s.view.LabelPx() != px {
		t.Errorf("Fit: labels of %v px, want %v", s.view.LabelPx(), px)
	}

	// Played to the end, the node of each step is in view when it is
	// drawn.
	inView := func() bool {
		j := s.net.At(s.step).Current
		p := s.view.Layout().Nodes[j]
		x0, y0 := s.view.ToScreen(p.X, p.Y)
		x1, y1 := s.view.ToScreen(p.X+p.W, p.Y+p.H)
		g := s.graph
		return x0 >= float64(g.Min.X) && y0 >= float64(g.Min.Y) && x1 <= float64(g.Max.X) && y1 <= float64(g.Max.Y)
	}
	tick(s, in(ebiten.KeySpace))
	for s.tl.Playing() {
		tick(s, in())
		if err := s.Prepare(); err != nil {
			t.Fatal(err)
		}
		if s.step > 0 && !inView() {
			t.Fatalf("step %d: its node is out of view", s.step)
		}
	}
	// A drag on the graph moves it, and playing leaves it where the user
	// put it.
	tick(s, in(ebiten.KeyHome))
	drag := func(x0, y0, x1, y1 float64) {
		i := in()
		i.Pointer = viz.Pointer{X: x0, Y: y0, Down: true, Pressed: true}
		tick(s, i)
		i = in()
		i.Pointer = viz.Pointer{X: x1, Y: y1, Down: true}
		tick(s, i)
		i = in()
		i.Pointer = viz.Pointer{X: x1, Y: y1, Released: true}
		tick(s, i)
	}
	g := s.graph
	x, y := float64(g.Min.X+4), float64(g.Max.Y-4)
	if s.view.NodeAt(x, y) >= 0 {
		t.Fatal("a node at the graph's corner")
	}
	drag(x, y, x, y-200)
	ox, oy := s.view.ToScreen(0, 0)
	if s.view.Following() {
		t.Error("the view still follows after a drag")
	}
	for range 10 {
		tick(s, in(ebiten.KeyArrowRight))
		s.Prepare()
	}
	if x, y := s.view.ToScreen(0, 0); x != ox || y != oy {
		t.Error("stepping moved the view the user dragged")
	}
	tick(s, in(ebiten.KeyHome))
	if !s.view.Following() || s.step != 0 {
		t.Errorf("Home: following %t at step %d", s.view.Following(), s.step)
	}
	// A click on an input picks it, and does not drag the graph.
	for i := range s.x {
		p := s.view.Layout().Nodes[i]
		cx, cy := s.view.ToScreen(p.X+p.W/2, p.Y+p.H/2)
		if s.view.NodeAt(cx, cy) != i || i == s.wrt.Selected {
			continue
		}
		drag(cx, cy, cx+30, cy-30)
		if s.wrt.Selected != i || !s.view.Following() {
			t.Errorf("a click on input %d: %d picked, following %t", i, s.wrt.Selected, s.view.Following())
		}
		break
	}
}

// TestBackpropPanelScrolls checks that the side panel, taller than a
// small phone's screen, scrolls to its end by ↓ and the wheel and back
// by ↑, drawing only what is whole in view, and hides a control scrolled
// out of view.
func TestBackpropPanelScrolls(t *testing.T) {
	s := newBackpropScene(t, url.Values{"step": {"20"}})
	s.tabs.Selected = bpTabModes
	tick(s, screenInput(320, 480))
	s.switcher.Selected = 1 // the side panel
	items := drawnFrame(t, s, 320, 480)
	p := &s.side
	if p.height <= float64(p.rect.Dy()) || p.scroll != 0 || s.wrt.Rect.Empty() {
		t.Fatalf("content %v high in %v, scrolled by %v; the input's switch at %v", p.height, p.rect, p.scroll, s.wrt.Rect)
	}
	last := p.items[len(p.items)-1]
	if _, ok := p.at(last); ok {
		t.Fatal("the last line is in view before scrolling")
	}
	for range 40 {
		i := screenInput(320, 480)
		i.Repeated = []ebiten.Key{ebiten.KeyArrowDown}
		tick(s, i)
	}
	items = drawnFrame(t, s, 320, 480)
	if _, ok := p.at(last); !ok || p.scroll != p.height-float64(p.rect.Dy()) {
		t.Errorf("scrolled to the end by %v of %v: the last line is not in view", p.scroll, p.height-float64(p.rect.Dy()))
	}
	if !s.wrt.Rect.Empty() {
		t.Error("the input's switch is still placed, scrolled out of view")
	}
	for _, d := range items {
		if d.Kind == viz.DrawnText && (d.Rect[1] < float64(p.rect.Min.Y)-1 && d.Rect[3] > float64(p.rect.Min.Y)) {
			t.Errorf("%q is drawn across the panel's top", d.Text)
		}
	}
	for _, prob := range layoutProblems(items) {
		t.Error(prob)
	}
	i := screenInput(320, 480)
	i.Pointer = viz.Pointer{X: float64(p.rect.Min.X + 20), Y: float64(p.rect.Min.Y + 20)}
	i.Wheel = 100
	tick(s, i)
	if p.scroll != 0 || s.wrt.Rect.Empty() {
		t.Errorf("the wheel up: scrolled by %v, the switch at %v", p.scroll, s.wrt.Rect)
	}
}

// TestBreakTeX splits a formula where its lines may break: at = and ⊙
// outside braces and matrices, each piece after the first with its sign,
// and between matrices multiplied.
func TestBreakTeX(t *testing.T) {
	got := breakTeX(`\bar{v} = a_{i=1} \odot (1 - \begin{bmatrix}a = b\end{bmatrix}^{2}) = c`)
	want := []string{`\bar{v}`, `= a_{i=1}`, `\odot (1 - \begin{bmatrix}a = b\end{bmatrix}^{2})`, `= c`}
	if !slices.Equal(got, want) {
		t.Errorf("breakTeX = %q,\nwant %q", got, want)
	}
	got = breakTeX(`d = \begin{bmatrix}1\end{bmatrix}\,\begin{bmatrix}2\end{bmatrix}^{\top}\begin{bmatrix}3\end{bmatrix}`)
	want = []string{`d`, `= \begin{bmatrix}1\end{bmatrix}\,`, `\begin{bmatrix}2\end{bmatrix}^{\top}`, `\begin{bmatrix}3\end{bmatrix}`}
	if !slices.Equal(got, want) {
		t.Errorf("breakTeX of a product = %q,\nwant %q", got, want)
	}
}

// sidePanelText returns the lines of text the backprop lesson's side
// panel shows, one after the other.
func sidePanelText(s *backprop) string {
	var b strings.Builder
	for _, it := range s.side.items {
		if it.label != nil {
			b.WriteString(it.label.Text() + "\n")
		}
	}
	return b.String()
}

// TestBackpropPlayHoldsPanel plays the backward sweep through the manager,
// one tick a frame, and checks that the frame of a step the sweep takes
// lays out and renders nothing of the side panel, which still shows the
// step before, and that the frame of the next tick shows the step's panel,
// as a lesson opened at that step does. Played at the fastest speed, a
// step every tick, the panel is never more than one step behind.
func TestBackpropPlayHoldsPanel(t *testing.T) {
	q := url.Values{"scene": {"backprop"}, "f": {bpBenchF}, "at": {bpBenchAt}, "step": {"31"}}
	m := NewManager(q)
	m.Layout(1280, 800)
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	frame := func(keys ...ebiten.Key) {
		t.Helper()
		keyTick(t, m, keys...)
		m.Draw(screen)
	}
	// panelAt returns the side panel of a paused lesson at step k.
	panelAt := func(k int) string {
		t.Helper()
		q := url.Values{"scene": {"backprop"}, "f": {bpBenchF}, "at": {bpBenchAt}, "step": {strconv.Itoa(k)}}
		p := NewManager(q)
		p.Layout(1280, 800)
		if err := p.Update(); err != nil {
			t.Fatal(err)
		}
		p.Draw(screen)
		return sidePanelText(p.scene.(*backprop))
	}
	s := m.scene.(*backprop)
	frame()
	frame(ebiten.KeySpace)
	if !s.tl.Playing() {
		t.Fatal("Space did not play the sweep")
	}
	held := 0
	for range 200 {
		step, text, renders := s.step, sidePanelText(s), s.formulas[0].Renders()
		frame()
		if s.step == step {
			continue
		}
		if got := sidePanelText(s); got != text || s.formulas[0].Renders() != renders {
			t.Fatalf("the frame that took step %d laid out the side panel (%q, %d renders of its first formula, were %d), want it held back a tick", s.step, got, s.formulas[0].Renders(), renders)
		}
		frame()
		if got, want := sidePanelText(s), panelAt(s.step); got != want || got == text {
			t.Fatalf("the frame after step %d shows the side panel\n%s\nwant the step's\n%s", s.step, got, want)
		}
		if held++; held == 3 {
			break
		}
	}
	if held < 3 {
		t.Fatalf("the sweep took %d steps, want 3", held)
	}

	s.tl.SetSpeed(viz.MaxSpeed)
	if !s.tl.Playing() {
		t.Fatal("the sweep stopped playing")
	}
	for range 10 {
		frame()
		if got := sidePanelText(s); got != panelAt(s.step) && got != panelAt(s.step-1) {
			t.Fatalf("at step %d, a step every tick, the side panel shows\n%s\nwant step %d's or the one before's", s.step, got, s.step)
		}
	}
}

// TestBackpropPlaySteadyPanel plays the sweeps from the lesson's
// introduction to their end at three sizes and checks that, from one step
// the sweeps take to the next, the step panel never gets shorter and the
// lesson never leaves the compact arrangement once in it, so that the
// graph does not move up and down as it plays; but for a step with a
// question, whose panel is the taller by it, and the step after. Where
// the introduction's long text is in the panel, it does not hold the
// sweeps' panel at its height.
func TestBackpropPlaySteadyPanel(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {800, 500}, {390, 844}} {
		m := NewManager(url.Values{"scene": {"backprop"}, "f": {bpBenchF}, "at": {bpBenchAt}, "step": {"0"}})
		m.Layout(size[0], size[1])
		screen := ebiten.NewImage(size[0], size[1])
		s := m.scene.(*backprop)
		keyTick(t, m)
		m.Draw(screen)
		intro, introCompact := s.panel.Dy(), s.compact
		keyTick(t, m, ebiten.KeyBracketRight) // 8 steps a second
		keyTick(t, m, ebiten.KeyBracketRight)
		// Twice: Space at the end plays them again from the start.
		for round := range 2 {
			keyTick(t, m, ebiten.KeySpace)
			if !s.tl.Playing() {
				t.Fatalf("%v: Space did not play the sweeps, round %d", size, round+1)
			}
			last, lastH, lastCompact, asked, lowest := s.step, 0, false, true, math.MaxInt
			for i := 0; i < 3000 && s.tl.Playing(); i++ {
				keyTick(t, m)
				if i%2 == 0 {
					m.Draw(screen)
				}
				if s.step == last || !s.tl.Playing() {
					continue
				}
				h, question := s.panel.Dy(), s.quiz.q != nil
				if !question && !asked {
					if h < lastH {
						t.Errorf("%v: from step %d to %d the step panel went from %d to %d pixels high", size, last, s.step, lastH, h)
					}
					if lastCompact && !s.compact {
						t.Errorf("%v: from step %d to %d the lesson left its compact arrangement", size, last, s.step)
					}
				}
				if !question {
					lowest = min(lowest, h)
				}
				last, lastH, lastCompact, asked = s.step, h, s.compact, question
			}
			if last < 50 {
				t.Fatalf("%v: the sweeps played to step %d only, round %d", size, last, round+1)
			}
			if !introCompact && lowest >= intro {
				t.Errorf("%v: the sweeps' panel was never lower than the introduction's, %d pixels, round %d", size, intro, round+1)
			}
		}
	}
}
