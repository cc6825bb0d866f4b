//go:build display

package viz

import (
	"image"
	"math"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// TestMoveFocus walks a UI's widgets with MoveFocus both ways: it skips
// hidden widgets and text fields covered by HTML, stops at the ends
// (reporting false and leaving no widget focused) instead of wrapping, and
// starts again from the first or the last.
func TestMoveFocus(t *testing.T) {
	a := &Button{Rect: image.Rect(0, 0, 80, 32), Label: "a"}
	hidden := &Button{Label: "hidden"}
	html := &TextField{Rect: image.Rect(0, 40, 200, 72), HTML: true}
	tf := &TextField{Rect: image.Rect(0, 80, 200, 112)}
	b := &Button{Rect: image.Rect(0, 120, 80, 152), Label: "b"}
	ui := NewUI(a, hidden, html)
	ui.AddLast(b)
	ui.Add(tf) // before b, which AddLast keeps last

	for i, want := range []Widget{a, tf, b} {
		if !ui.MoveFocus(false) || ui.Focused() != want {
			t.Fatalf("forward %d: focus on %v, want %v", i+1, ui.Focused(), want)
		}
	}
	if ui.MoveFocus(false) || ui.Focused() != nil {
		t.Fatalf("forward past the last: moved, focus on %v; want no move and no focus", ui.Focused())
	}
	if !ui.MoveFocus(false) || ui.Focused() != a {
		t.Errorf("forward from no focus: focus on %v, want the first", ui.Focused())
	}
	if ui.MoveFocus(true) || ui.Focused() != nil {
		t.Errorf("back from the first: focus on %v, want none", ui.Focused())
	}
	for i, want := range []Widget{b, tf, a} {
		if !ui.MoveFocus(true) || ui.Focused() != want {
			t.Fatalf("back %d: focus on %v, want %v", i+1, ui.Focused(), want)
		}
	}
	if NewUI(hidden, html).MoveFocus(false) {
		t.Error("a UI with nothing to focus moved its focus")
	}

	// Tab in Update still wraps, through the same order.
	d := &driver{ui: ui, scale: 1}
	ui.Focus(b)
	if d.press(ebiten.KeyTab); ui.Focused() != a {
		t.Errorf("Tab on the last: focus on %v, want the first", ui.Focused())
	}
	// A press on the covered field does not focus it: the HTML input
	// takes the pointer.
	if d.click(100, 56); ui.Focused() != nil {
		t.Errorf("a click on the covered field: focus on %v, want none", ui.Focused())
	}
	// A field covered while it has the focus loses it.
	ui.Focus(tf)
	tf.HTML = true
	if d.repeat(); ui.Focused() != nil {
		t.Errorf("covered while focused: focus on %v, want none", ui.Focused())
	}
}

// TestTextFieldType hands a field text as an HTML input over it does: it
// takes the text at the next Update as typed, reports the change once and
// Enter when asked, leaves an unchanged text unreported, and refuses a
// text over its limit with an error mark that says so.
func TestTextFieldType(t *testing.T) {
	f := &TextField{Rect: image.Rect(10, 10, 410, 42), HTML: true, Limit: 12}
	f.SetText("sin(x)")
	f.SetError(3, "a mistake")
	d := newDriver(1, f)
	f.Type("cos(x)", false)
	if f.Text() != "sin(x)" {
		t.Fatal("Type changed the text before the Update")
	}
	d.repeat()
	if _, _, bad := f.Error(); f.Text() != "cos(x)" || !f.Changed() || f.Submitted() || bad {
		t.Errorf("after Type: text %q, changed %v, submitted %v, error %v; want cos(x), true, false, none", f.Text(), f.Changed(), f.Submitted(), bad)
	}
	if d.repeat(); f.Changed() {
		t.Error("the change was reported twice")
	}
	f.Type("cos(x)", true) // Enter, the text as it was
	if d.repeat(); f.Changed() || !f.Submitted() {
		t.Errorf("Enter: changed %v, submitted %v; want false, true", f.Changed(), f.Submitted())
	}
	f.Type("a\tb\nc", false) // one line, as typing makes it
	if d.repeat(); f.Text() != "a b c" {
		t.Errorf("text %q, want a b c", f.Text())
	}
	f.Type(strings.Repeat("x", 13), false)
	d.repeat()
	_, msg, bad := f.Error()
	if f.Text() != "a b c" || f.Changed() || !bad || !strings.Contains(msg, "at most 12") {
		t.Errorf("over the limit: text %q, changed %v, error %v %q; want the text kept and a message", f.Text(), f.Changed(), bad, msg)
	}
	// Typing and pasting keep to the limit too.
	g := &TextField{Rect: image.Rect(10, 10, 410, 42), Limit: 4}
	dg := newDriver(1, g)
	dg.press(ebiten.KeyTab)
	dg.typed("abcde")
	if _, _, bad := g.Error(); g.Text() != "" || !bad {
		t.Errorf("typing past the limit: text %q, error %v; want nothing typed and an error", g.Text(), bad)
	}
	dg.typed("abcd")
	if g.Text() != "abcd" {
		t.Errorf("typing up to the limit: text %q", g.Text())
	}
}

// TestTextFieldHTMLPixels draws a field covered by HTML with an error:
// the box and the underline under the marked character, where ScrollTo
// puts the text, but no text; and layout() reports it with html.
func TestTextFieldHTMLPixels(t *testing.T) {
	const (
		scale = 2
		s     = "sin(x) + foo(x)"
	)
	f := &TextField{Rect: image.Rect(20, 20, 620, 84)}
	f.SetText(s)
	d := newDriver(scale, f)
	d.repeat()
	draw := func() *image.RGBA {
		img := ebiten.NewImage(640, 140)
		img.Fill(Light.Background)
		BeginFrame(img, scale)
		d.ui.Draw(img)
		rec := EndFrame(nil)
		if len(rec) != 2 || rec[1].Kind != DrawnWidget || rec[1].HTML != f.HTML {
			t.Errorf("layout() = %+v, want the canvas and the field with html %v", rec, f.HTML)
		}
		return pixels(img)
	}
	inner := f.Rect.Inset(2 * scale)
	if viztest.Count(draw(), inner, Light.Text, 40) == 0 {
		t.Fatal("the drawn field shows no text")
	}

	f.HTML = true
	d.repeat()
	const scroll = 30 // device pixels
	f.ScrollTo(scroll)
	at := strings.Index(s, "foo")
	f.SetError(at, "unknown function foo")
	got := draw()
	if n := viztest.Count(got, inner, Light.Text, 40); n != 0 {
		t.Errorf("%d pixels of text under the HTML input, want none", n)
	}
	face := goxFace(TextFieldPx * scale)
	left := float64(f.Rect.Min.X) + TextFieldPad*scale - scroll
	x0, x1 := left+text.Advance(s[:at], face), left+text.Advance(s[:at+1], face)
	minX, maxX := math.MaxInt, math.MinInt
	for y := inner.Min.Y; y < inner.Max.Y; y++ {
		for x := inner.Min.X; x < inner.Max.X; x++ {
			if viztest.Close(got.At(x, y), Light.Error, 24) {
				minX, maxX = min(minX, x), max(maxX, x)
			}
		}
	}
	if float64(minX) < x0-1 || float64(maxX) > x1+1 || float64(maxX-minX) < 0.8*(x1-x0) {
		t.Errorf("underline spans x %d–%d, want %.1f–%.1f, under the f of foo scrolled by %d", minX, maxX, x0, x1, scroll)
	}
	below := image.Rect(f.Rect.Min.X, f.Rect.Max.Y, f.Rect.Max.X, 140)
	if viztest.Count(got, below, Light.Error, 24) < 20 {
		t.Error("no error message below the field")
	}
}
