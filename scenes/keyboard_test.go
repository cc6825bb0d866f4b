//go:build display

package scenes

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// startPage runs m, laid out at w×h pixels, as the web page runs it: its
// first tick and frame, then the tick after them, in which the page is
// given the text fields (onFields, or a function that ignores them) and
// lays its inputs over them.
func startPage(t testing.TB, m *Manager, w, h int, onFields func([]FieldView)) {
	t.Helper()
	if onFields == nil {
		onFields = func([]FieldView) {}
	}
	m.OnFields = onFields
	m.Layout(w, h)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	m.Draw(ebiten.NewImage(w, h))
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
}

// control returns state().control.
func control(t *testing.T, m *Manager) string {
	t.Helper()
	var st State
	if err := json.Unmarshal(m.State(), &st); err != nil {
		t.Fatal(err)
	}
	return st.Control
}

// walk moves the focus with MoveFocus until it leaves the canvas, and
// returns the controls it went through.
func walk(t *testing.T, m *Manager, back bool) []string {
	t.Helper()
	var got []string
	for range 50 {
		if !m.MoveFocus(back) {
			if c := control(t, m); c != "" {
				t.Errorf("the focus left the canvas, and %q still has it", c)
			}
			return got
		}
		got = append(got, control(t, m))
	}
	t.Fatal("the focus never left the canvas")
	return nil
}

// TestManagerFocusOrder walks the scalar lesson's controls with MoveFocus
// both ways, in the browser (text fields covered by the page's inputs,
// which the page's own Tab order reaches) and on the desktop, where Tab
// goes round.
func TestManagerFocusOrder(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	startPage(t, m, 1100, 720, nil)
	want := []string{"tabs: Scalar derivative", "button: Share", "button: Help (?)", "slider: h", "button: About the source ›", "button: ← Previous", "button: Next →"}
	if got := walk(t, m, false); !slices.Equal(got, want) {
		t.Errorf("Tab order %q, want %q", got, want)
	}
	slices.Reverse(want)
	if got := walk(t, m, true); !slices.Equal(got, want) {
		t.Errorf("Shift+Tab order %q, want %q", got, want)
	}

	// The page's focus went elsewhere: the canvas lets go at the next tick.
	m.MoveFocus(false)
	m.ClearFocus()
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if c := control(t, m); c != "" {
		t.Errorf("after ClearFocus %q has the focus", c)
	}

	// The desktop's fields take the focus, and Tab goes round.
	d := NewManager(url.Values{"scene": {"scalar"}})
	d.Layout(1100, 720)
	if err := d.Update(); err != nil {
		t.Fatal(err)
	}
	got := walk(t, d, false)
	if !slices.Equal(got[3:5], []string{"textfield: sin(x)", "textfield: exp(y)"}) {
		t.Errorf("desktop Tab order %q, want the fields after the Keys button", got)
	}
	d.clearFocus()
	focusControl(t, d, "button: Next →")
	d.in = viz.Input{Repeated: []ebiten.Key{ebiten.KeyTab}, Pressed: []ebiten.Key{ebiten.KeyTab}, Scale: 1}
	d.updateControls()
	if c := control(t, d); c != "tabs: Scalar derivative" {
		t.Errorf("desktop Tab on the last control: focus on %q, want the tab bar", c)
	}
}

// focusControl moves m's focus to the control named c.
func focusControl(t *testing.T, m *Manager, c string) {
	t.Helper()
	for range 50 {
		if !m.MoveFocus(false) {
			continue
		}
		if control(t, m) == c {
			return
		}
	}
	t.Fatalf("no control %q", c)
}

// TestManagerTabBarKeys changes the lesson from the focused tab bar with
// the arrows, Home and End, keeping the focus on the bar.
func TestManagerTabBarKeys(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	m.Layout(1100, 720)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	m.MoveFocus(false)
	key := func(k ebiten.Key) {
		m.in = viz.Input{Repeated: []ebiten.Key{k}, Pressed: []ebiten.Key{k}, Scale: 1, Width: 1100, Height: 720}
		m.updateControls()
	}
	for _, tc := range []struct {
		k    ebiten.Key
		want string
	}{{ebiten.KeyArrowRight, "gradient"}, {ebiten.KeyArrowLeft, "scalar"}, {ebiten.KeyArrowLeft, "scalar"}, {ebiten.KeyEnd, "backprop"}, {ebiten.KeyHome, "scalar"}} {
		key(tc.k)
		if m.id != tc.want || !strings.HasPrefix(control(t, m), "tabs: ") {
			t.Errorf("%v: lesson %q, focus %q; want %q, the tab bar", tc.k, m.id, control(t, m), tc.want)
		}
	}
}

// helpTexts returns the texts of the Help panel's rows, laid out.
func helpTexts(m *Manager) string {
	m.layoutHelp()
	var texts []string
	for i := range m.help.rows {
		texts = append(texts, m.help.rows[i].left.Text()+" "+m.help.rows[i].right.Text())
	}
	return strings.Join(texts, "\n")
}

// TestManagerHelp opens and closes the Help panel with ?, Escape and the
// Help button: its Keys tab lists the lesson's own keys and the shared
// ones, its Notation tab the notation and a glossary, its Source tab the
// source text, its tabs come after the Help button in the focus order and
// change with the arrows, and the page's inputs hide while it is open.
func TestManagerHelp(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	var views []FieldView
	startPage(t, m, 1100, 720, func(v []FieldView) { views = v })
	typed := func(r rune) {
		m.in = viz.Input{Chars: []rune{r}, Scale: 1, Width: 1100, Height: 720, Area: m.in.Area}
		m.updateControls()
	}
	typed('?')
	if !m.help.open {
		t.Fatal("? did not open the Help panel")
	}
	m.updateFields()
	all := helpTexts(m)
	for _, k := range []string{"PageDown", "[ ]", "Tab", "Escape"} {
		if !strings.Contains(all, k) {
			t.Errorf("the Keys tab has no %s:\n%s", k, all)
		}
	}
	if m.help.rect.Empty() || len(views) != 2 || !views[0].Hidden {
		t.Errorf("open panel at %v, fields %+v; want a panel, and the fields hidden", m.help.rect, views)
	}
	// The tabs, from the keyboard: Tab past the tab bar, the Share
	// button and the Help button, then →.
	m.clearFocus()
	for range 4 {
		m.MoveFocus(false)
	}
	if c := control(t, m); c != "segmented: Keys | Notation | Source" {
		t.Fatalf("the focus after the Help button is on %q, want the panel's tabs", c)
	}
	m.in = viz.Input{Pressed: []ebiten.Key{ebiten.KeyArrowRight}, Repeated: []ebiten.Key{ebiten.KeyArrowRight}, Scale: 1, Width: 1100, Height: 720, Area: m.in.Area}
	m.updateControls()
	all = helpTexts(m)
	for _, k := range []string{"G = ∂L/∂y", "cotangent", "⊙", "Glossary", "Generalized Jacobian", "Automatic differentiation", "Backward sweep", "Jacobian–vector product", "vector–Jacobian product"} {
		if !strings.Contains(all, k) {
			t.Errorf("the Notation tab has no %s:\n%s", k, all)
		}
	}
	m.openHelp(helpSource)
	all = helpTexts(m)
	for _, k := range []string{"“Derivatives of Tensors (In Deep learning context)”", "CS231n", "In the source"} {
		if !strings.Contains(all, k) {
			t.Errorf("the Source tab has no %s:\n%s", k, all)
		}
	}
	typed('?')
	if m.help.open {
		t.Error("? did not close the Help panel")
	}
	m.toggleHelp()
	m.in = viz.Input{Pressed: []ebiten.Key{ebiten.KeyEscape}, Repeated: []ebiten.Key{ebiten.KeyEscape}, Scale: 1}
	if m.updateControls(); m.help.open {
		t.Error("Escape did not close the Help panel")
	}
	// The Help button, pressed from the keyboard: after the tab bar and
	// the Share button.
	m.clearFocus()
	m.MoveFocus(false)
	m.MoveFocus(false)
	m.MoveFocus(false)
	m.in = viz.Input{Pressed: []ebiten.Key{ebiten.KeyEnter}, Repeated: []ebiten.Key{ebiten.KeyEnter}, Scale: 1}
	if m.updateControls(); !m.help.open {
		t.Error("Enter on the Help button did not open the Help panel")
	}
}

// TestHelpPanelFits opens each of the Help panel's tabs on a small phone,
// a phone at scale 3, a short window and a laptop: what it draws keeps the
// layout rules, and a tab whose rows do not fit scrolls to its last row
// with PageDown.
func TestHelpPanelFits(t *testing.T) {
	for _, sz := range []struct {
		w, h  int
		scale float64
	}{{320, 480, 1}, {390, 844, 3}, {800, 500, 1}, {1280, 800, 1}} {
		for tab, name := range helpTabs {
			m := NewManager(url.Values{"scene": {"tensor"}})
			m.Layout(sz.w, sz.h)
			m.scale, m.dpr, m.w, m.h = sz.scale, sz.scale, int(float64(sz.w)*sz.scale), int(float64(sz.h)*sz.scale)
			if err := m.Update(); err != nil {
				t.Fatal(err)
			}
			m.openHelp(tab)
			if err := m.Update(); err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s tab at %dx%d", name, sz.w, sz.h)
			if m.help.scroll.Scrolls() {
				for range len(m.help.rows) {
					m.keys([]ebiten.Key{ebiten.KeyPageDown})
				}
				if _, down := m.help.scroll.Ways(); down {
					t.Errorf("%s: PageDown does not reach the last row", where)
				}
			} else if sz.w == 320 && tab == helpNotation {
				t.Errorf("%s: the notation card and glossary fit without scrolling", where)
			}
			screen := ebiten.NewImage(m.w, m.h)
			m.Draw(screen)
			var drawn []viz.Drawn
			if err := json.Unmarshal(m.Drawn(), &drawn); err != nil {
				t.Fatal(err)
			}
			// The panel covers the scene: its own items, drawn from its
			// title on, and the canvas.
			first := slices.IndexFunc(drawn, func(d viz.Drawn) bool { return d.Kind == viz.DrawnText && d.Text == "Help" })
			if first < 0 {
				t.Fatalf("%s: no panel drawn", where)
			}
			r := m.help.rect
			in := func(d viz.Drawn) bool {
				c := [4]float64{float64(r.Min.X) / sz.scale, float64(r.Min.Y) / sz.scale, float64(r.Max.X) / sz.scale, float64(r.Max.Y) / sz.scale}
				return d.Rect[0] >= c[0] && d.Rect[1] >= c[1] && d.Rect[2] <= c[2] && d.Rect[3] <= c[3]
			}
			panel := drawn[:1]
			for _, d := range drawn[first:] {
				if in(d) {
					panel = append(panel, d)
				}
			}
			if len(panel) < 4 {
				t.Errorf("%s: the panel drew %d items", where, len(panel)-1)
			}
			for _, p := range layoutProblems(panel) {
				t.Errorf("%s: %s", where, p)
			}
			screen.Deallocate()
		}
	}
}

// keys runs a tick of the manager with the keys pressed.
func (m *Manager) keys(keys []ebiten.Key) {
	m.in = viz.Input{Pressed: keys, Repeated: keys, Scale: m.scale, Width: m.w, Height: m.h, Area: m.in.Area}
	m.updateControls()
}

// TestSourceNoteOpensHelp: a step with an "In the source" note shows the
// source button, which Tab reaches and Enter presses, opening the Help
// panel on its Source tab; a step without one shows no button. Every
// lesson with a note has the button on screen at every size.
func TestSourceNoteOpensHelp(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	startPage(t, m, 1100, 720, nil)
	focusControl(t, m, "button: "+sourceLabel)
	// The tick's part the manager hands the scene, with Enter pressed.
	in := &viz.Input{Pressed: []ebiten.Key{ebiten.KeyEnter}, Repeated: []ebiten.Key{ebiten.KeyEnter}, Scale: 1, Width: 1100, Height: 720, Area: m.in.Area}
	if err := m.scene.Update(in); err != nil {
		t.Fatal(err)
	}
	m.followSource()
	if !m.help.open || m.help.tabs.Selected != helpSource {
		t.Errorf("Enter on the source button: panel open %v on tab %d, want open on Source", m.help.open, m.help.tabs.Selected)
	}

	notes := 0
	for _, e := range registry {
		first, ok := e.New(url.Values{}).(interface{ frameOf() *lesson })
		if !ok {
			continue
		}
		for i, st := range first.frameOf().steps {
			note := strings.Contains(st.text, sourceNote)
			if note {
				notes++
			}
			for _, sz := range layoutScreens {
				s := e.New(url.Values{"step": {strconv.Itoa(i)}, "quiz": {"off"}})
				l := s.(interface{ frameOf() *lesson }).frameOf()
				in := screenInput(sz.X, sz.Y)
				if err := tick(s, in); err != nil {
					t.Fatal(err)
				}
				if l.compact {
					l.switcher.Selected = len(l.sheetNames) - 1 // the text's sheet
					if err := tick(s, in); err != nil {
						t.Fatal(err)
					}
				}
				if shown := !l.source.Rect.Empty(); shown != note {
					t.Errorf("%s step %d at %v: source button shown %v, want %v", e.ID, i, sz, shown, note)
				}
			}
		}
	}
	if notes < 4 {
		t.Errorf("%d steps have an In the source note, want the 4 where the lessons correct the source", notes)
	}
}
