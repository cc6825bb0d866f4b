//go:build display

package scenes

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

func TestWebOrigin(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"https://courses.example.org", "https://courses.example.org", true},
		{"HTTPS://Courses.Example.org:443/", "https://courses.example.org", true},
		{"http://localhost:8080", "http://localhost:8080", true},
		{"http://127.0.0.1:80/", "http://127.0.0.1", true},
		{"https://[::1]:8443", "https://[::1]:8443", true},
		{"javascript:alert(1)", "", false},
		{"https://courses.example.org/course/1", "", false},
		{"https://courses.example.org?x=1", "", false},
		{"https://courses.example.org?", "", false},
		{"https://courses.example.org#top", "", false},
		{"https://someone@courses.example.org", "", false},
		{"ftp://courses.example.org", "", false},
		{"courses.example.org", "", false},
		{"https://", "", false},
		{"https://:443", "", false},
		{"*", "", false},
		{"null", "", false},
	} {
		got, ok := webOrigin(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("webOrigin(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestManagerParent: the parent key allows one origin, kept in the
// address as the browser writes it; a bad or overlong one allows none,
// with a notice, and the address keeps it (cut short), so that the page
// opened again from it allows none either; without it any host may send
// messages.
func TestManagerParent(t *testing.T) {
	for _, c := range []struct {
		parent, want, link string
		notice             bool
	}{
		{"", "*", "", false},
		{"https://Courses.example.org/", "https://courses.example.org", "https://courses.example.org", false},
		{"javascript:alert(1)", "", "javascript:alert(1)", true},
		{"https://" + strings.Repeat("a", maxParent) + ".org", "", "https://" + strings.Repeat("a", maxParent-7), true},
	} {
		q := url.Values{"scene": {"scalar"}}
		if c.parent != "" {
			q.Set("parent", c.parent)
		}
		m := NewManager(q)
		var links []string
		m.OnLink = func(q string) { links = append(links, q) }
		firstFrame(t, m)
		if m.Parent() != c.want {
			t.Errorf("parent=%q: Parent() = %q, want %q", c.parent, m.Parent(), c.want)
		}
		if len(links) != 1 {
			t.Fatalf("parent=%q: links %q, want one", c.parent, links)
		}
		if got, _ := url.ParseQuery(links[0]); got.Get("parent") != c.link {
			t.Errorf("parent=%q: the address keeps parent=%q, want %q", c.parent, got.Get("parent"), c.link)
		}
		if n, _ := state(t, m)["notice"].(string); strings.Contains(n, "parent=") != c.notice {
			t.Errorf("parent=%q: notice %q, want one: %v", c.parent, n, c.notice)
		}
	}
}

// TestManagerApply applies keys as a host page's set does: over the
// keys of what is on show, at the next tick, with done called after it
// outside the lock (State then answers with the new state); another
// scene starts from its defaults; a bad value gets its notice; parent
// stays; motion follows.
func TestManagerApply(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}, "f": {"x^2"}, "at": {"x = 1.5"}, "parent": {"https://a.example"}})
	m.Layout(1100, 720)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	apply := func(p url.Values) (st ScalarState) {
		t.Helper()
		var answer []byte
		m.Apply(p, func() { answer = m.State() })
		if answer != nil {
			t.Fatal("done was called before the tick")
		}
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
		if answer == nil {
			t.Fatal("done was not called after the tick")
		}
		// The fields every lesson has: another lesson's own do not fit
		// a ScalarState.
		var common LessonState
		if err := json.Unmarshal(answer, &common); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(answer, &st)
		st.LessonState = common
		return st
	}
	if st := apply(url.Values{"at": {"x = 2"}}); st.Expr != "x^2" || st.X0 != 2 || float64(st.DFDX) != 4 {
		t.Errorf("at = x = 2: f %q, x0 %v, dfdx %v; want x^2 at 2, slope 4", st.Expr, st.X0, float64(st.DFDX))
	}
	if st := apply(url.Values{"step": {"1"}, "parent": {"https://b.example"}}); st.Step != 1 || st.X0 != 2 || m.Parent() != "https://a.example" {
		t.Errorf("step = 1, parent = b: step %d, x0 %v, parent %q; want step 1 at 2, parent a", st.Step, st.X0, m.Parent())
	}
	if st := apply(url.Values{"step": {"7"}}); st.Step != 0 || !strings.Contains(st.Notice, `step="7"`) {
		t.Errorf("step = 7: step %d, notice %q; want 0 and a notice", st.Step, st.Notice)
	}
	if st := apply(url.Values{"motion": {"off"}}); !st.ReducedMotion || !m.in.ReducedMotion {
		t.Errorf("motion = off: the state's reducedMotion %v, the scene's input's %v", st.ReducedMotion, m.in.ReducedMotion)
	}
	if st := apply(url.Values{"motion": {"sideways"}}); st.ReducedMotion || !strings.Contains(st.Notice, `motion="sideways"`) {
		t.Errorf("motion = sideways: reducedMotion %v, notice %q; want motion as usual and a notice", st.ReducedMotion, st.Notice)
	}
	st := apply(url.Values{"scene": {"gradient"}, "motion": {"off"}})
	if st.Scene != "gradient" || st.Expr == "x^2" || !st.ReducedMotion {
		t.Errorf("scene = gradient: scene %q, f %q, reducedMotion %v; want the gradient lesson's own function, and motion off still", st.Scene, st.Expr, st.ReducedMotion)
	}
	if q := m.address(); q.Get("scene") != "gradient" || q.Get("parent") != "https://a.example" || q.Get("motion") != "off" {
		t.Errorf("the address after the sets is %q, want the gradient lesson, parent a and motion off", q.Encode())
	}
}

// TestManagerReducedMotion: the system's wish for reduced motion reaches
// the scenes' input and state(), as it changes; in the backprop lesson
// End then jumps to the last step.
func TestManagerReducedMotion(t *testing.T) {
	m := NewManager(url.Values{"scene": {"backprop"}})
	m.Layout(1100, 720)
	for _, on := range []bool{true, false, true} {
		m.SetReducedMotion(on)
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
		if m.in.ReducedMotion != on || state(t, m)["reducedMotion"] != map[bool]any{true: true, false: nil}[on] {
			t.Errorf("SetReducedMotion(%v): input %v, state %v", on, m.in.ReducedMotion, state(t, m)["reducedMotion"])
		}
	}
	for _, reduced := range []bool{false, true} {
		s := newBackpropScene(t, nil)
		in := keys(ebiten.KeyEnd)
		in.ReducedMotion = reduced
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		n := s.net.Steps()
		if jumped := s.step == n; jumped != reduced {
			t.Errorf("End with reduced motion %v: at step %d of %d after a tick", reduced, s.step, n)
		}
		if reduced {
			continue
		}
		var seen []int
		for range 90 {
			if err := tick(s, input()); err != nil {
				t.Fatal(err)
			}
			seen = append(seen, s.step)
		}
		if seen[len(seen)-1] != n || len(slices.Compact(seen)) < 3 {
			t.Errorf("End without reduced motion went through steps %v, want several on the way to %d", slices.Compact(seen), n)
		}
	}
}

// TestLessonWantedHeight lays every lesson out at the height it would
// like at each width: its step panel is whole (not folded into a bar), its
// sheets side by side when they fit across, and it would like the same
// height there.
func TestLessonWantedHeight(t *testing.T) {
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		for _, w := range []int{1280, 1024, 800, 390} {
			m := NewManager(url.Values{"scene": {e.ID}})
			var pages []Page
			m.OnPage = func(p Page) { pages = append(pages, p) }
			m.Layout(w, 600)
			for range 2 {
				if err := m.Update(); err != nil {
					t.Fatal(err)
				}
			}
			if len(pages) == 0 || pages[len(pages)-1].Height <= 0 || pages[len(pages)-1].Lesson != e.Title {
				t.Fatalf("%s at %d×600: pages %+v, want one with the lesson's title and a height", e.ID, w, pages)
			}
			// At the height it would like, it would like the same, or
			// after a resize or two: a host that follows the size
			// messages settles there.
			h, wants := 0, []int{pages[len(pages)-1].Height}
			for h != wants[len(wants)-1] && len(wants) < 5 {
				h = wants[len(wants)-1]
				m.Layout(w, h)
				for range 2 {
					if err := m.Update(); err != nil {
						t.Fatal(err)
					}
				}
				wants = append(wants, m.page.Height)
			}
			t.Logf("%s at %d: would like %v", e.ID, w, wants)
			if h != wants[len(wants)-1] {
				t.Errorf("%s at %d: would like %v pixels in turn, laid out at each", e.ID, w, wants)
			}
			fr := m.scene.(interface{ frameOf() *lesson }).frameOf()
			if fr.compact {
				t.Errorf("%s at %d×%d, the height it would like: the step panel is folded into a bar", e.ID, w, h)
			}
			if w >= 1024 && fr.sheetNames != nil {
				t.Errorf("%s at %d×%d, the height it would like: its sheets %q show one at a time", e.ID, w, h, fr.sheetNames)
			}
		}
	}
}

// TestManagerWheelAndFocusSaid: the backprop lesson tells the page where
// the wheel zooms (its graph) and, once its side panel is longer than its
// room, where it scrolls; the focused control is said in the
// description's last paragraph as the focus moves, and not when none has
// it.
func TestManagerWheelAndFocusSaid(t *testing.T) {
	m := NewManager(url.Values{"scene": {"backprop"}})
	var pages []Page
	var said [][]string
	m.OnPage = func(p Page) { pages = append(pages, p) }
	m.OnDescribe = func(d []string) { said = append(said, d) }
	m.Layout(1100, 720)
	firstFrame(t, m)
	p := pages[len(pages)-1]
	s := m.scene.(*backprop)
	if len(p.Wheel) == 0 || !p.Wheel[0].Zoom || p.Wheel[0].Rect != cssRect(s.graph, 1) {
		t.Errorf("the page's wheel areas %+v, want the graph at %v first, zooming", p.Wheel, s.graph)
	}
	for _, a := range p.Wheel[1:] {
		if a.Zoom || a.Up || !a.Down || a.Rect != cssRect(s.side.rect, 1) {
			t.Errorf("wheel area %+v: want the side panel, which can scroll down, not up", a)
		}
	}
	if n := len(said); n == 0 || slices.ContainsFunc(said[n-1], func(p string) bool { return strings.Contains(p, "button") }) {
		t.Fatalf("the description before any focus: %q", said)
	}
	for _, want := range []string{"Lessons, on Backprop", "Share, button.", "Help (?), button."} {
		m.MoveFocus(false)
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
		d := said[len(said)-1]
		if !strings.HasPrefix(d[len(d)-1], want) {
			t.Errorf("after Tab the description ends %q, want %q…", d[len(d)-1], want)
		}
	}
	m.ClearFocus()
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if d := said[len(said)-1]; strings.Contains(d[len(d)-1], "button") {
		t.Errorf("with no focus the description ends %q", d[len(d)-1])
	}
}

// TestManagerEnterFocus: the focus coming into the canvas lands on the
// first control, or the last backwards, whatever had it before; while a
// tick holds the manager, at the next tick.
func TestManagerEnterFocus(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	startPage(t, m, 1100, 720, nil)
	focusControl(t, m, "button: ← Previous")
	m.EnterFocus(false)
	if c := control(t, m); c != "tabs: Scalar derivative" {
		t.Errorf("entering forwards: %q has the focus, want the lesson tabs", c)
	}
	m.mu.Lock() // a tick runs
	m.EnterFocus(true)
	m.mu.Unlock()
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if c := control(t, m); c != "button: Next →" {
		t.Errorf("entering backwards during a tick: %q has the focus after it, want Next →", c)
	}
	m.mu.Lock()
	m.EnterFocus(false)
	m.mu.Unlock()
	m.ClearFocus() // and out again before the tick
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if c := control(t, m); c != "" {
		t.Errorf("entering and leaving during a tick: %q has the focus after it", c)
	}
}

// firstFrame runs m's first tick and frame, at the size of its last
// Layout, and the tick after them, where the page first hears of the
// link and the description.
func firstFrame(t *testing.T, m *Manager) {
	t.Helper()
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	m.Draw(ebiten.NewImage(max(m.w, 1), max(m.h, 1)))
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
}
