//go:build display

package scenes

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"net/url"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// managerAt returns a manager made from q, at 1280×800, after a tick.
func managerAt(t *testing.T, q url.Values) *Manager {
	t.Helper()
	m := NewManager(q)
	m.Layout(1280, 800)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestViewKeysRoundTrip: each of the keys embed, hide, lock and theme,
// read from the address or set by a host page (Apply), is written back
// into the address as it was given, reported by state(), and read again
// from that address unchanged; a lesson switched to keeps them.
func TestViewKeysRoundTrip(t *testing.T) {
	defer viz.SetTheme(nil)
	for _, kv := range [][2]string{
		{"embed", "1"}, {"lock", "1"}, {"theme", "dark"}, {"theme", "projector"},
		{"hide", "tabs"}, {"hide", "title"}, {"hide", "fields"}, {"hide", "steps"}, {"hide", "numbers"},
		{"hide", "tabs,title,fields,steps,numbers"},
	} {
		key, value := kv[0], kv[1]
		from := managerAt(t, url.Values{"scene": {"scalar"}, key: {value}})
		set := managerAt(t, url.Values{"scene": {"scalar"}})
		set.Apply(url.Values{key: {value}}, nil)
		if err := set.Update(); err != nil {
			t.Fatal(err)
		}
		for how, m := range map[string]*Manager{"the address": from, "Apply": set} {
			q := m.address()
			if got := q.Get(key); got != value {
				t.Errorf("%s=%s from %s: the address has %s=%q (%s)", key, value, how, key, got, q.Encode())
			}
			var st State
			if err := json.Unmarshal(m.State(), &st); err != nil {
				t.Fatal(err)
			}
			if st.Notice != "" {
				t.Errorf("%s=%s from %s: notice %q", key, value, how, st.Notice)
			}
			got := map[string]string{"embed": "0", "lock": "0", "hide": st.Hide, "theme": st.Theme}
			if st.Embed {
				got["embed"] = "1"
			}
			if st.Lock {
				got["lock"] = "1"
			}
			if got[key] != value {
				t.Errorf("%s=%s from %s: state() has %s %q", key, value, how, key, got[key])
			}
			again := managerAt(t, q)
			if a := again.address().Encode(); a != q.Encode() {
				t.Errorf("%s=%s from %s: the address %q read again gives %q", key, value, how, q.Encode(), a)
			}
			m.Request("gradient")
			if err := m.Update(); err != nil {
				t.Fatal(err)
			}
			if got := m.address().Get(key); got != value {
				t.Errorf("%s=%s from %s: after switching lesson the address has %s=%q", key, value, how, key, got)
			}
		}
	}
	if m := managerAt(t, url.Values{"scene": {"scalar"}}); m.address().Encode() != "at=x+%3D+1&f=sin%28x%29&scene=scalar" || m.shown != "light" {
		t.Errorf("without the keys the address is %q and the theme %q; want no view keys, and light", m.address().Encode(), m.shown)
	}
}

// TestViewKeysNotices: a bad value of each key shows a notice that names
// it, and counts as the key's default.
func TestViewKeysNotices(t *testing.T) {
	defer viz.SetTheme(nil)
	for _, c := range []struct {
		key, value, says string
	}{
		{"embed", "yes", `embed="yes"`},
		{"lock", "2", `lock="2"`},
		{"theme", "neon", `theme="neon"`},
		{"hide", "steps,sidebar", `"sidebar"`},
	} {
		m := managerAt(t, url.Values{"scene": {"scalar"}, c.key: {c.value}})
		var st State
		if err := json.Unmarshal(m.State(), &st); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(st.Notice, c.says) {
			t.Errorf("%s=%s: notice %q, want it to name %s", c.key, c.value, st.Notice, c.says)
		}
		if st.Embed || st.Lock || st.Theme != "light" || viz.Th() != &viz.Light {
			t.Errorf("%s=%s: embed %v, lock %v, theme %q; want the defaults", c.key, c.value, st.Embed, st.Lock, st.Theme)
		}
		if c.key == "hide" && st.Hide != "steps" {
			t.Errorf("hide=%s: hides %q, want the part it names, steps", c.value, st.Hide)
		}
	}
}

// TestViewThemeZoom: the theme key sets the theme everything is drawn
// in, and projector draws half as large again as the device's scale,
// while what the page is told stays in CSS pixels. (The browser test
// TestBrowserEmbedKeys checks the pixels.)
func TestViewThemeZoom(t *testing.T) {
	defer viz.SetTheme(nil)
	m := managerAt(t, url.Values{"scene": {"scalar"}, "theme": {"projector"}})
	if viz.Th() != &viz.Projector || m.scale != 1.5 || m.in.Scale != 1.5 {
		t.Errorf("theme=projector: theme %p (projector %p), scale %v, the scene's %v; want projector at 1.5", viz.Th(), &viz.Projector, m.scale, m.in.Scale)
	}
	screen := ebiten.NewImage(1280, 800)
	m.Draw(screen)
	var drawn []viz.Drawn
	if err := json.Unmarshal(m.Drawn(), &drawn); err != nil {
		t.Fatal(err)
	}
	if c := drawn[0].Rect; c != [4]float64{0, 0, 1280, 800} {
		t.Errorf("layout()'s canvas is %v, want the CSS size 1280×800", c)
	}
	// The plot's data area in state() is in CSS pixels too: inside the
	// plot layout() gives, and near its right end.
	var st ScalarState
	if err := json.Unmarshal(m.State(), &st); err != nil {
		t.Fatal(err)
	}
	for _, d := range drawn {
		if r := d.Rect; d.Kind == viz.DrawnPlot && r[0] < st.Plot.Left && st.Plot.Left < r[2] {
			if g := st.Plot; g.Right > r[2]+1 || g.Right < r[2]-40 || g.Top < r[1]-1 || g.Bottom > r[3]+1 {
				t.Errorf("projector: the plot's data area in state() is %+v, want it inside %v, near its right", g, r)
			}
		}
	}
	m.Apply(url.Values{"theme": {"dark"}}, nil)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	m.Layout(1280, 800)
	if viz.Th() != &viz.Dark || m.scale != 1 {
		t.Errorf("after theme=dark: theme %p (dark %p) at scale %v, want dark at 1", viz.Th(), &viz.Dark, m.scale)
	}
}

// TestViewSystemDark: without a theme key the lesson follows the reader's
// system into the dark theme and back, and the address says nothing of
// it; a theme key, light included, wins over the system and stays in the
// address.
func TestViewSystemDark(t *testing.T) {
	defer viz.SetTheme(nil)
	m := managerAt(t, url.Values{"scene": {"gradient"}, "at": {"x = [0.5, -1]"}})
	for _, dark := range []bool{true, false, true} {
		m.SetSystemDark(dark)
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
		want := map[bool]string{true: "dark", false: "light"}[dark]
		var st GradientState
		if err := json.Unmarshal(m.State(), &st); err != nil {
			t.Fatal(err)
		}
		if st.Theme != want || viz.Th() != viz.Themes[want] || m.address().Has("theme") || m.address().Get("at") != "x = [0.5, -1]" {
			t.Errorf("system dark %v: state's theme %q, address %q; want %s, the point kept, no theme key", dark, st.Theme, m.address().Encode(), want)
		}
	}
	m = managerAt(t, url.Values{"scene": {"scalar"}, "theme": {"light"}})
	m.SetSystemDark(true)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if viz.Th() != &viz.Light || m.address().Get("theme") != "light" {
		t.Errorf("theme=light with a dark system: theme %p (light %p), address %q", viz.Th(), &viz.Light, m.address().Encode())
	}
}

// TestViewLock: with lock=1 a lesson's functions take no typing, from
// the keyboard or the page's input, but its point can still be dragged;
// the page's inputs are told they are read-only, and the theme's colours.
func TestViewLock(t *testing.T) {
	s := newScalar(url.Values{}).(*scalar)
	s.setView(frameView{lock: true})
	in := input()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	f := s.fields[0].text
	s.ui.Focus(f)
	in.Chars = []rune("+1")
	in.Pressed = []ebiten.Key{ebiten.KeyBackspace}
	in.Repeated = in.Pressed
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	f.Type("x^3", true)
	in = input()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	if got := f.Text(); got != "sin(x)" || s.fn(0).Prog.Source() != "sin(x)" {
		t.Errorf("after typing into the locked field it holds %q and f is %q, want sin(x)", got, s.fn(0).Prog.Source())
	}
	s.ui.Focus(nil)
	sx, sy := s.plot.ToScreen(-2, 0)
	in.Pointer = viz.Pointer{X: sx, Y: sy, Down: true, Pressed: true}
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.x0+2) > 0.02 {
		t.Errorf("pressing at x = -2 in a locked lesson put x0 at %v, want -2", s.x0)
	}
	defer viz.SetTheme(nil)
	m := NewManager(url.Values{"scene": {"scalar"}, "lock": {"1"}, "theme": {"dark"}})
	var views []FieldView
	startPage(t, m, 1280, 800, func(v []FieldView) { views = v })
	if len(views) == 0 || !views[0].ReadOnly || views[0].Color != "#e8eaed" || views[0].Accent != "#6cb6ff" {
		t.Errorf("lock=1, theme=dark: the page's inputs are told %+v, want them read-only, in the dark theme's text and accent", views)
	}
}

// TestViewHideLayout: each part the hide key names, and the tab bar in
// embed mode, is absent from what a frame draws (layout()), the rest
// obeys the layout rules, and the Keys button stays, in the lesson's top
// corner when there is no tab bar.
func TestViewHideLayout(t *testing.T) {
	const title = "The scalar derivative"
	for _, c := range []struct {
		key, value string
		gone       func(d viz.Drawn) bool
	}{
		{"embed", "1", func(d viz.Drawn) bool { return d.ID == "tabs" }},
		{"hide", "tabs", func(d viz.Drawn) bool { return d.ID == "tabs" }},
		{"hide", "title", func(d viz.Drawn) bool { return strings.HasPrefix(d.Text, title) }},
		{"hide", "fields", func(d viz.Drawn) bool { return d.ID == "textfield" }},
		{"hide", "steps", func(d viz.Drawn) bool {
			return strings.HasPrefix(d.Text, "Step 1 of") || d.Text == "Next →" || d.Text == "← Previous"
		}},
		{"hide", "numbers", func(d viz.Drawn) bool { return d.Kind == viz.DrawnPlot && d.Rect[0] > 640 }},
	} {
		for _, size := range [][2]int{{1280, 800}, {390, 844}} {
			m := NewManager(url.Values{"scene": {"scalar"}, c.key: {c.value}})
			m.Layout(size[0], size[1])
			for range 2 {
				if err := m.Update(); err != nil {
					t.Fatal(err)
				}
			}
			m.Draw(ebiten.NewImage(size[0], size[1]))
			var drawn []viz.Drawn
			if err := json.Unmarshal(m.Drawn(), &drawn); err != nil {
				t.Fatal(err)
			}
			where := c.key + "=" + c.value
			keys := false
			for _, d := range drawn {
				if c.gone(d) && !(c.value == "numbers" && size[0] < 640) {
					t.Errorf("%s at %v: layout() has %+v", where, size, d)
				}
				if d.ID == "button" && (d.Text == "?" || d.Text == helpLabel) {
					keys = true
					if m.barHidden() && d.Rect[1] > 8 {
						t.Errorf("%s at %v: the Keys button is at %v, want it in the top corner", where, size, d.Rect)
					}
				}
			}
			if !keys {
				t.Errorf("%s at %v: no Keys button", where, size)
			}
			for _, p := range layoutProblems(drawn) {
				t.Errorf("%s at %v: %s", where, size, p)
			}
		}
	}
}

// TestViewHideEveryLesson lays every lesson out without the tab bar, with
// parts hidden and its functions locked, at a phone's, a small laptop's
// and a large screen's sizes: every sheet obeys the layout rules, and
// nothing is drawn in the top corner that the manager's buttons take.
func TestViewHideEveryLesson(t *testing.T) {
	const corner = 60 // the manager's buttons' width, and a margin
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		for _, hide := range []hidePart{0, hideTitle, hideTitle | hideFields, hideSteps, hideNumbers, hideTitle | hideFields | hideSteps | hideNumbers} {
			for _, size := range []image.Point{{320, 480}, {390, 844}, {800, 500}, {1280, 800}} {
				s := e.New(url.Values{})
				l := s.(interface{ frameOf() *lesson }).frameOf()
				s.(viewer).setView(frameView{hide: hide, lock: true, corner: corner})
				in := &viz.Input{Width: size.X, Height: size.Y, Scale: 1, Area: image.Rect(0, 0, size.X, size.Y)}
				where := fmt.Sprintf("%s, hide=%s, at %v", e.ID, hide, size)
				checkLayout(t, where, s, l, in)
				keys := image.Rect(size.X-corner, 0, size.X, tabHeight)
				for _, d := range drawnIn(t, s, in) {
					r := image.Rect(int(d.Rect[0]), int(d.Rect[1]), int(d.Rect[2]), int(d.Rect[3]))
					if d.Kind != viz.DrawnCanvas && r.Overlaps(keys) {
						t.Errorf("%s: %s %q at %v is under the manager's buttons", where, d.Kind, d.Text, d.Rect)
					}
				}
			}
		}
	}
}
