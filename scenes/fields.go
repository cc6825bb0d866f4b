package scenes

import (
	"fmt"
	"image"
	"image/color"
	"slices"

	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz"
)

// A scene's typed functions, as the web page sees them. In the browser
// each text field of a function gets an HTML text input laid over it, so
// that phones show their keyboard, input methods and dictation work, the
// browser's own paste and undo apply and screen readers can read and edit
// the function; the field draws its box and its error mark under it (see
// viz.TextField.HTML). The manager tells the page where the fields are
// and what they hold (OnFields), and the page hands back what is typed
// (SetField, ScrollField). The desktop app draws its fields as they are.

// FieldTextLimit is the most bytes a function's text may have: an edit
// that would make it longer is refused, and the field says so.
const FieldTextLimit = expr.MaxLen

// Field is a scene's text field for a function.
type Field struct {
	ID    string // unique in the scene: the function's URL key (f, g, …)
	Label string // what it is called: "f(x) ="
	Text  *viz.TextField
}

// Fielder is a scene with text fields for functions.
type Fielder interface {
	// Fields returns the scene's text fields, in the order the page lists
	// them.
	Fields() []Field
}

// Fields implements Fielder: the lesson's functions, each by its URL key
// and its label.
func (l *lesson) Fields() []Field {
	fs := make([]Field, len(l.fields))
	for i, f := range l.fields {
		fs[i] = Field{ID: f.key, Label: f.label, Text: f.text}
	}
	return fs
}

// FieldView is what the page is told of a text field, for the HTML input
// over it. Rect is [x0, y0, x1, y1] in CSS pixels from the canvas's
// top-left; the text is set in Liberation Sans at Px CSS pixels, Pad from
// the box's left edge, and centred vertically in it.
type FieldView struct {
	ID    string     `json:"id"`
	Label string     `json:"label"`
	Text  string     `json:"text"`
	Rect  [4]float64 `json:"rect"`
	Px    float64    `json:"px"`
	Pad   float64    `json:"pad"`
	// Error is the message under the field, or "".
	Error string `json:"error"`
	// ReadOnly says the function cannot be edited (the page's lock=1).
	ReadOnly bool `json:"readOnly"`
	// Color is the text's colour in the theme, and Accent its focus
	// ring's, as CSS writes them (#rrggbb).
	Color  string `json:"color"`
	Accent string `json:"accent"`
	// Hidden says the field is not on show, or something drawn over it
	// (a menu, the help, a message) hides it: so must the input.
	Hidden bool `json:"hidden"`
	// Changed says the app changed the text itself (a new scene, a
	// gallery item, a refused edit): the input shows Text. Otherwise the
	// input keeps what is typed in it, which the app has or soon will.
	Changed bool `json:"changed"`
}

// fieldEdit is an edit of a field that the page queued for the next tick.
type fieldEdit struct {
	text   string
	submit bool
}

// SetField types text into the current scene's field id at the next tick,
// as if typed into the field itself: the function is compiled, its error
// shows, and Changed fires; with submit set, as if Enter was pressed too.
// A text longer than FieldTextLimit bytes is refused, with a message under
// the field. Unknown ids are ignored. It is safe to call from any
// goroutine, and never waits for the game loop.
func (m *Manager) SetField(id, text string, submit bool) {
	m.reqMu.Lock()
	defer m.reqMu.Unlock()
	if m.edits == nil {
		m.edits = map[string]fieldEdit{}
	}
	e := m.edits[id]
	m.edits[id] = fieldEdit{text: text, submit: e.submit || submit}
}

// ScrollField says that the page's input over field id has scrolled its
// text x CSS pixels to the left, for the field's error mark to follow at
// the next tick. It is safe to call from any goroutine.
func (m *Manager) ScrollField(id string, x float64) {
	m.reqMu.Lock()
	defer m.reqMu.Unlock()
	if m.scrolls == nil {
		m.scrolls = map[string]float64{}
	}
	m.scrolls[id] = x
}

// fields returns the current scene's text fields, marked as covered by
// the page's inputs once the page has them (see OnFields).
func (m *Manager) fields() []Field {
	fl, ok := m.scene.(Fielder)
	if !ok || m.err != "" {
		return nil
	}
	fs := fl.Fields()
	for _, f := range fs {
		f.Text.HTML = m.pageFields
	}
	return fs
}

// applyEdits hands the fields what the page typed and scrolled since the
// last tick. The typed text is what the page's input now holds.
func (m *Manager) applyEdits(edits map[string]fieldEdit, scrolls map[string]float64) {
	for _, f := range m.fields() {
		if e, ok := edits[f.ID]; ok {
			f.Text.Type(e.text, e.submit)
			if i := slices.IndexFunc(m.fieldViews, func(v FieldView) bool { return v.ID == f.ID }); i >= 0 {
				m.fieldViews[i].Text = e.text
			}
		}
		if x, ok := scrolls[f.ID]; ok {
			f.Text.ScrollTo(x * m.dpr)
		}
	}
}

// updateFields calls OnFields when the current scene's fields changed
// since the last call: added, removed, moved, resized, covered or shown,
// their error, or their text changed by the app. It waits for the first
// frame (see OnFields).
func (m *Manager) updateFields() {
	if !m.pageFields {
		return
	}
	s := m.dpr
	covered := m.menuOpen || m.help.open || m.share.open
	var banner image.Rectangle
	if m.err != "" || m.sceneNotice() != "" {
		banner = m.bannerRect()
	}
	views := m.fieldBuf[:0]
	for _, f := range m.fields() {
		r := f.Text.Rect
		v := FieldView{
			ID: f.ID, Label: f.Label, Text: f.Text.Text(),
			Rect: cssRect(r, s),
			Px:   viz.TextFieldPx * m.zoom, Pad: viz.TextFieldPad * m.zoom,
			ReadOnly: m.lock,
			Color:    cssColor(viz.Th().Text),
			Accent:   cssColor(viz.Th().Accent),
			Hidden:   r.Empty() || covered || r.Overlaps(banner),
		}
		if _, msg, ok := f.Text.Error(); ok {
			v.Error = msg
		}
		i := slices.IndexFunc(m.fieldViews, func(o FieldView) bool { return o.ID == f.ID })
		v.Changed = i < 0 || m.fieldViews[i].Text != v.Text
		views = append(views, v)
	}
	m.fieldBuf = views
	if slices.Equal(views, m.fieldViews) {
		return
	}
	m.OnFields(slices.Clone(views))
	m.fieldViews = slices.Clone(views)
	for i := range m.fieldViews {
		m.fieldViews[i].Changed = false
	}
}

// cssColor returns c as CSS writes it, #rrggbb.
func cssColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
