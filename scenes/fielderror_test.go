//go:build display

package scenes

import (
	"image"
	"math"
	"net/url"
	"testing"

	"github.com/jacobianlab/jacobianlab/viz"
)

// TestFieldErrorWraps opens the Jacobian lesson on a phone with a link
// whose values it refuses: the field's long error wraps to the screen's
// width, and the next field moves down to make room for its lines, all
// of them inside the screen. Typing a function it takes clears the error,
// and the room goes back to one line's.
func TestFieldErrorWraps(t *testing.T) {
	const scale = 3
	w, h := 390*scale, 844*scale
	in := &viz.Input{Width: w, Height: h, Scale: scale, Area: image.Rect(0, int(tabHeight*scale), w, h)}
	s := newJacobian(url.Values{"f": {"[1/x, y]"}, "at": {"x = 1e300; y = 1"}}).(*jacobian)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	f, g := s.fields[0].text, s.fields[1].text
	_, msg, ok := f.Error()
	if !ok {
		t.Fatal("x = 1e300 is taken")
	}
	oneLine, threeLines := int(22*scale), int(math.Round(scale*(22+2*1.3*13))) // 13 px lines, 1.3 apart
	gap := g.Rect.Min.Y - f.Rect.Max.Y
	if gap < threeLines {
		t.Errorf("the error %q leaves %d px under its field, want room for three lines or more, %d", msg, gap, threeLines)
	}
	if room := int(f.MessageRoom(scale, float64(w-f.Rect.Min.X))); gap != room {
		t.Errorf("the next field is %d px under the first, want the message's room, %d", gap, room)
	}

	s.fields[0].text.Type("[x, y]", false)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	if _, msg, ok := f.Error(); ok {
		t.Fatalf("[x, y] at (1, 1): error %q", msg)
	}
	if gap := g.Rect.Min.Y - f.Rect.Max.Y; gap != oneLine {
		t.Errorf("without an error, %d px under the field, want one line's %d", gap, oneLine)
	}

	// A mistake typed over a function it keeps: the room grows again.
	s.fields[0].text.Type("[x, y, x, y, x, y, x, y, x]", false)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := f.Error(); !ok {
		t.Fatal("a value of 9 numbers is taken")
	}
	if gap := g.Rect.Min.Y - f.Rect.Max.Y; gap < threeLines {
		t.Errorf("after a mistake typed, %d px under the field, want room for three lines or more, %d", gap, threeLines)
	}
}

// TestFoldedFieldErrorMarked: at 800×440 the gradient lesson folds its
// header, the fields among it, into the text's sheet; when the link's
// function is refused, the sheet's name in the switch says there is an
// error on it, and once a function is taken it no longer does.
func TestFoldedFieldErrorMarked(t *testing.T) {
	in := &viz.Input{Width: 800, Height: 440, Scale: 1, Area: image.Rect(0, tabHeight, 800, 440)}
	s := newGradient(url.Values{"f": {"x*y"}, "at": {"x = 1e300; y = 1"}}).(*gradient)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	last := func() string { return s.switcher.Options[len(s.switcher.Options)-1] }
	if !s.folded || last() != "Text (error)" {
		t.Fatalf("folded %v, the sheets %q; want the header folded into \"Text (error)\"", s.folded, s.switcher.Options)
	}
	// On the sheet, the field and its error show; a function typed there
	// is taken.
	s.switcher.Selected = len(s.switcher.Options) - 1
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	if f := s.fields[0].text; f.Rect.Empty() {
		t.Fatal("the text's sheet does not show the field")
	}
	s.fields[0].text.Type("sum(x^2)", false)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	if _, msg, ok := s.fields[0].text.Error(); ok {
		t.Fatalf("sum(x^2) is refused: %s", msg)
	}
	if last() != "Text" {
		t.Errorf("with the function taken, the sheets %q; want the last \"Text\"", s.switcher.Options)
	}
}
