//go:build display

package scenes

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

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
	m.OnFields = func([]FieldView) {}
	m.Layout(1100, 720)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	want := []string{"tabs: Scalar derivative", "button: Share", "button: Keys (?)", "slider: h", "button: ← Previous", "button: Next →"}
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

// TestManagerHelp opens and closes the list of keys with ?, Escape and the
// Keys button: it lists the lesson's own keys and the shared ones, and
// the page's inputs hide while it is open.
func TestManagerHelp(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	var views []FieldView
	m.OnFields = func(v []FieldView) { views = v }
	m.Layout(1100, 720)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	typed := func(r rune) {
		m.in = viz.Input{Chars: []rune{r}, Scale: 1, Width: 1100, Height: 720, Area: m.in.Area}
		m.updateControls()
	}
	typed('?')
	if !m.help.open {
		t.Fatal("? did not open the list of keys")
	}
	m.layoutHelp()
	m.updateFields()
	var texts []string
	for i := range m.help.keys {
		texts = append(texts, m.help.keys[i].Text()+" "+m.help.does[i].Text())
	}
	all := strings.Join(texts, "\n")
	for _, k := range []string{"PageDown", "[ ]", "Tab", "Escape"} {
		if !strings.Contains(all, k) {
			t.Errorf("the list of keys has no %s:\n%s", k, all)
		}
	}
	if m.help.rect.Empty() || len(views) != 2 || !views[0].Hidden {
		t.Errorf("open list at %v, fields %+v; want a list, and the fields hidden", m.help.rect, views)
	}
	typed('?')
	if m.help.open {
		t.Error("? did not close the list of keys")
	}
	m.toggleHelp()
	m.in = viz.Input{Pressed: []ebiten.Key{ebiten.KeyEscape}, Repeated: []ebiten.Key{ebiten.KeyEscape}, Scale: 1}
	if m.updateControls(); m.help.open {
		t.Error("Escape did not close the list of keys")
	}
	// The Keys button, pressed from the keyboard: after the tab bar and
	// the Share button.
	m.MoveFocus(false)
	m.MoveFocus(false)
	m.MoveFocus(false)
	m.in = viz.Input{Pressed: []ebiten.Key{ebiten.KeyEnter}, Repeated: []ebiten.Key{ebiten.KeyEnter}, Scale: 1}
	if m.updateControls(); !m.help.open {
		t.Error("Enter on the Keys button did not open the list of keys")
	}
}

// TestManagerFields checks what OnFields tells the page of the scalar
// lesson's fields, and that SetField types into them: the function
// changes, a mistake is marked, a text over the limit is refused and the
// page is told to show the text kept, and layout() marks them html.
func TestManagerFields(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	var calls [][]FieldView
	m.OnFields = func(v []FieldView) { calls = append(calls, v) }
	m.Layout(1100, 720)
	tick := func() {
		t.Helper()
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
	}
	tick()
	if len(calls) != 1 || len(calls[0]) != 2 {
		t.Fatalf("OnFields calls %+v, want one with the two fields", calls)
	}
	f := calls[0][0]
	fr := m.scene.(Fielder).Fields()[0].Text.Rect
	if f.ID != "f" || f.Label != "f(x) =" || f.Text != "sin(x)" || !f.Changed || f.Hidden || f.Error != "" ||
		f.Px != viz.TextFieldPx || f.Pad != viz.TextFieldPad || f.Rect != [4]float64{float64(fr.Min.X), float64(fr.Min.Y), float64(fr.Max.X), float64(fr.Max.Y)} {
		t.Errorf("field f = %+v, want sin(x), new, shown, at %v", f, fr)
	}
	if tick(); len(calls) != 1 {
		t.Errorf("OnFields called again with nothing changed: %+v", calls[1:])
	}

	m.SetField("f", "x^2", false)
	m.SetField("nope", "1", false)
	tick()
	if e := state(t, m)["expr"]; e != "x^2" {
		t.Errorf("expr after SetField = %v, want x^2", e)
	}
	m.SetField("f", "sin(", true)
	tick()
	last := calls[len(calls)-1][0]
	if state(t, m)["error"] == nil || last.Error == "" || last.Changed || last.Text != "sin(" {
		t.Errorf("after typing sin(: state error %v, field %+v; want an error, the page's text kept", state(t, m)["error"], last)
	}
	m.SetField("f", strings.Repeat("x", FieldTextLimit+1), false)
	tick()
	last = calls[len(calls)-1][0]
	if !last.Changed || last.Text != "sin(" || !strings.Contains(last.Error, "at most") {
		t.Errorf("after a text over the limit: field %+v; want sin( shown again, and why", last)
	}

	screen := ebiten.NewImage(1100, 720)
	m.Draw(screen)
	var drawn []viz.Drawn
	if err := json.Unmarshal(m.Drawn(), &drawn); err != nil {
		t.Fatal(err)
	}
	html := 0
	for _, d := range drawn {
		if d.ID == "textfield" && d.HTML {
			html++
		}
	}
	if html != 2 {
		t.Errorf("layout() has %d text fields marked html, want 2", html)
	}
}
