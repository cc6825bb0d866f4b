//go:build display

package scenes

import (
	"image"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The screens every lesson must fit, in CSS pixels: phones both ways, a
// small phone, a short laptop window, a tablet in portrait, laptops, and a
// large monitor.
var layoutScreens = []image.Point{
	{320, 480}, {390, 844}, {844, 390}, {600, 800}, {800, 500}, {1024, 768}, {1280, 800}, {1920, 1080}, {2560, 1440},
}

// sizedInput returns a tick's input on a screen of w×h CSS pixels at
// scale device pixels per CSS pixel, with the lesson's area under the
// manager's tab bar.
func sizedInput(w, h int, scale float64) *viz.Input {
	dw, dh := int(float64(w)*scale), int(float64(h)*scale)
	return &viz.Input{Width: dw, Height: dh, Scale: scale, Area: image.Rect(0, int(tabHeight*scale), dw, dh)}
}

// screenInput returns a tick's input on a w×h screen at scale 1.
func screenInput(w, h int) *viz.Input { return sizedInput(w, h, 1) }

// drawnFrame runs a tick of s on a w×h screen and a frame, and returns
// what the frame drew, as window.jacobianlab.layout() reports it.
func drawnFrame(t testing.TB, s Scene, w, h int) []viz.Drawn {
	t.Helper()
	in := screenInput(w, h)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	return drawnIn(t, s, in)
}

// drawnIn runs a frame of s on a screen of in's size and returns what it
// drew.
func drawnIn(t testing.TB, s Scene, in *viz.Input) []viz.Drawn {
	t.Helper()
	screen := ebiten.NewImage(in.Width, in.Height)
	defer screen.Deallocate()
	viz.BeginFrame(screen, in.Scale)
	frame(t, s, screen)
	return viz.EndFrame(nil)
}

// layoutProblems checks what a frame drew against the layout rules
// (viz.LayoutProblems), with controls fingers can press, 44 pixels a
// side, on a narrow or short screen (as the frame's touchH).
func layoutProblems(items []viz.Drawn) []string {
	target := float64(viz.MinTarget)
	if len(items) > 0 {
		if c := items[0].Rect; c[2]-c[0] < narrowW || c[3]-c[1] < shortH {
			target = touchH
		}
	}
	return viz.LayoutProblems(items, target)
}

// checkLayout lays a lesson out in in's area and fails t for each
// problem of what a frame draws, prefixed by where, showing each of the
// lesson's sheets in turn (all at once when they fit side by side, the
// step's text when it is one).
func checkLayout(t *testing.T, where string, s Scene, l *lesson, in *viz.Input) {
	t.Helper()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	for k := range max(1, len(l.sheetNames)) {
		l.switcher.Selected = k
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		sheet := "every sheet"
		if l.sheetNames != nil {
			sheet = "sheet " + l.sheetNames[k]
		}
		for _, p := range layoutProblems(drawnIn(t, s, in)) {
			t.Errorf("%s, %s: %s", where, sheet, p)
		}
	}
	l.switcher.Selected = 0
}

// TestFrameFoldsHeader: on a small phone the header (title and fields)
// would leave the pictures a sliver, so it goes to the text's sheet, which
// holds the title, the fields and the step's text, and scrolls the text's
// lines that do not fit; on a larger phone it stays at the top.
func TestFrameFoldsHeader(t *testing.T) {
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		s := e.New(url.Values{})
		l := s.(interface{ frameOf() *lesson }).frameOf()
		in := screenInput(390, 844)
		tick(s, in)
		if l.folded || l.header.Dy() == 0 {
			t.Errorf("%s at 390×844: the header folded", e.ID)
		}
		in = screenInput(320, 480)
		tick(s, in)
		if !l.folded || !l.compact || l.header.Dy() != 0 {
			t.Fatalf("%s at 320×480: folded %v, compact %v, header %v; want the header on the text's sheet", e.ID, l.folded, l.compact, l.header)
		}
		if h := l.body.Dy(); h < minBodyH {
			t.Errorf("%s at 320×480: the body is %d pixels high, under %d", e.ID, h, minBodyH)
		}
		// The pictures' sheet: no title, no field.
		items := drawnIn(t, s, in)
		for _, d := range items {
			if d.Text == l.titleL.Text() || d.ID == "textfield" {
				t.Errorf("%s at 320×480, first sheet: %s %q is on show", e.ID, d.Kind, d.Text)
			}
		}
		// The text's sheet: the title, the fields, the step's first line.
		l.switcher.Selected = len(l.sheetNames) - 1
		tick(s, in)
		items = drawnIn(t, s, in)
		has := func(kind, id, text string) bool {
			return slices.ContainsFunc(items, func(d viz.Drawn) bool {
				return d.Kind == kind && (id == "" || d.ID == id) && strings.HasPrefix(d.Text, text)
			})
		}
		if !has(viz.DrawnText, "", l.titleL.Text()) {
			t.Errorf("%s at 320×480, text's sheet: no title", e.ID)
		}
		for _, f := range l.fields {
			if !has(viz.DrawnWidget, "textfield", f.text.Text()) {
				t.Errorf("%s at 320×480, text's sheet: no field %s", e.ID, f.key)
			}
		}
		first := strings.SplitN(l.headL.Text(), "\n", 2)[0]
		if !has(viz.DrawnText, "", first) {
			t.Errorf("%s at 320×480, text's sheet: the step's title %q is not shown", e.ID, first)
		}
		for _, p := range layoutProblems(items) {
			t.Errorf("%s at 320×480, text's sheet: %s", e.ID, p)
		}
		// The wheel over the text brings its last line into view.
		if !l.textScroll.Scrolls() {
			continue
		}
		// The page is told that the wheel scrolls the text there (an
		// embedded page then keeps it from its host), and which ways.
		ways := func() (up, down bool) {
			for _, p := range s.(wheeler).wheelPlaces(nil) {
				if p.rect == l.textScroll.Rect {
					return p.up, p.down
				}
			}
			t.Errorf("%s at 320×480: the text's rows scroll, but the page is not told", e.ID)
			return
		}
		if up, down := ways(); up || !down {
			t.Errorf("%s at 320×480, the text at its start: it scrolls up %v, down %v", e.ID, up, down)
		}
		last := l.textL.Text()[strings.LastIndex(l.textL.Text(), "\n")+1:]
		r := l.textScroll.Rect
		for range 20 {
			in.Pointer = viz.Pointer{X: float64(r.Min.X + 10), Y: float64(r.Min.Y + 10)}
			in.Wheel = -1
			tick(s, in)
		}
		in.Wheel = 0
		if up, down := ways(); !up || down {
			t.Errorf("%s at 320×480, the text at its end: it scrolls up %v, down %v", e.ID, up, down)
		}
		items = drawnIn(t, s, in)
		if !slices.ContainsFunc(items, func(d viz.Drawn) bool { return strings.HasSuffix(d.Text, last) }) {
			t.Errorf("%s at 320×480: after scrolling, the text's last line %q is not shown", e.ID, last)
		}
		for _, p := range layoutProblems(items) {
			t.Errorf("%s at 320×480, text's sheet scrolled: %s", e.ID, p)
		}
	}
}
