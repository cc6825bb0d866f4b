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

// focusedField returns a driver whose only widget, a text field holding s
// with the cursor at its end, has the focus.
func focusedField(s string) (*driver, *TextField) {
	f := &TextField{Rect: image.Rect(10, 10, 410, 42)}
	f.SetText(s)
	d := newDriver(1, f)
	d.press(ebiten.KeyTab)
	return d, f
}

// checkField reports a mismatch of f's text, cursor and selection.
func checkField(t *testing.T, step string, f *TextField, text string, sel0, sel1 int) {
	t.Helper()
	a, b := f.Selection()
	if f.Text() != text || a != sel0 || b != sel1 {
		t.Errorf("%s: text %q, selection [%d, %d); want %q, [%d, %d)", step, f.Text(), a, b, text, sel0, sel1)
	}
}

func TestTextFieldEditing(t *testing.T) {
	f := &TextField{Rect: image.Rect(10, 10, 410, 42)}
	d := newDriver(1, f)
	// The cursor shows as soon as the field gets the focus, whatever the
	// blink's phase.
	for range blinkTicks + 5 {
		d.repeat()
	}
	if d.press(ebiten.KeyTab); (f.blink/blinkTicks)%2 != 0 {
		t.Errorf("cursor hidden on the tick the field got the focus (blink %d)", f.blink)
	}
	// With reduced motion it does not blink: it stays on.
	for range 3 * blinkTicks {
		in := d.input()
		in.ReducedMotion = true
		if d.run(in); (f.blink/blinkTicks)%2 != 0 {
			t.Fatalf("cursor hidden with reduced motion (blink %d)", f.blink)
		}
	}
	if in := d.typed("sin(x)"); !f.Changed() || len(in.Chars) != 0 {
		t.Errorf("typing: changed %v, characters left for the scene %q", f.Changed(), string(in.Chars))
	}
	checkField(t, "typed", f, "sin(x)", 6, 6)

	d.repeat(ebiten.KeyArrowLeft)
	d.repeat(ebiten.KeyArrowLeft)
	if f.Changed() {
		t.Error("moving the cursor reported a change")
	}
	checkField(t, "two left", f, "sin(x)", 4, 4)
	d.typed("2*")
	checkField(t, "typed at the cursor", f, "sin(2*x)", 6, 6)

	d.shift = true
	d.repeat(ebiten.KeyArrowLeft)
	d.repeat(ebiten.KeyArrowLeft)
	checkField(t, "Shift+Left twice", f, "sin(2*x)", 4, 6)
	if f.Cursor() != 4 {
		t.Errorf("the cursor is at %d, want 4, the end the selection grew from", f.Cursor())
	}
	d.shift = false
	d.typed("3")
	checkField(t, "typing over the selection", f, "sin(3x)", 5, 5)

	d.repeat(ebiten.KeyBackspace)
	checkField(t, "Backspace", f, "sin(x)", 4, 4)
	d.repeat(ebiten.KeyDelete)
	checkField(t, "Delete", f, "sin()", 4, 4)
	d.repeat(ebiten.KeyHome)
	checkField(t, "Home", f, "sin()", 0, 0)
	d.repeat(ebiten.KeyBackspace)
	if checkField(t, "Backspace at the start", f, "sin()", 0, 0); f.Changed() {
		t.Error("Backspace at the start reported a change")
	}
	d.shift = true
	d.repeat(ebiten.KeyEnd)
	checkField(t, "Shift+End", f, "sin()", 0, 5)
	d.shift = false
	d.repeat(ebiten.KeyArrowLeft)
	checkField(t, "Left collapses the selection to its start", f, "sin()", 0, 0)
	d.repeat(ebiten.KeyEnd)
	checkField(t, "End", f, "sin()", 5, 5)

	// Words: names and numbers.
	f.SetText("exp(x1) + 2.5*y")
	d.ctrl = true
	d.repeat(ebiten.KeyArrowLeft)
	checkField(t, "Ctrl+Left", f, "exp(x1) + 2.5*y", 14, 14)
	d.repeat(ebiten.KeyArrowLeft)
	checkField(t, "Ctrl+Left twice", f, "exp(x1) + 2.5*y", 10, 10)
	d.repeat(ebiten.KeyBackspace)
	checkField(t, "Ctrl+Backspace", f, "exp(2.5*y", 4, 4)
	d.repeat(ebiten.KeyDelete)
	checkField(t, "Ctrl+Delete", f, "exp(*y", 4, 4)
	d.repeat(ebiten.KeyArrowRight)
	checkField(t, "Ctrl+Right", f, "exp(*y", 6, 6)
	d.press(ebiten.KeyA)
	checkField(t, "Ctrl+A", f, "exp(*y", 0, 6)
	d.ctrl = false
	d.repeat(ebiten.KeyBackspace)
	checkField(t, "Backspace on everything", f, "", 0, 0)

	// Enter submits; every key but Tab and Escape stays in the field.
	d.typed("x")
	in := d.press(ebiten.KeyEnter, ebiten.KeyR, ebiten.KeyArrowRight)
	if !f.Submitted() || f.Changed() {
		t.Errorf("Enter: submitted %v, changed %v; want true, false", f.Submitted(), f.Changed())
	}
	if len(in.Repeated)+len(in.Pressed) != 0 {
		t.Errorf("keys %v left for the scene while the field has the focus", in.Repeated)
	}
	if d.repeat(); f.Submitted() {
		t.Error("Submitted still set a tick later")
	}

	// Without the focus the field ignores the keyboard.
	d.press(ebiten.KeyEscape)
	in = d.input()
	in.Chars, in.Repeated = []rune("abc"), []ebiten.Key{ebiten.KeyBackspace}
	d.run(in)
	if f.Text() != "x" || len(in.Chars) != 3 || !in.Fired(ebiten.KeyBackspace) {
		t.Errorf("typing without the focus: text %q, characters and keys left %q %v", f.Text(), string(in.Chars), in.Repeated)
	}
}

func TestTextFieldUnicode(t *testing.T) {
	// ∂ is 3 bytes, é (precomposed) 2, ² 2, 𝑥 4.
	const s = "∂y/∂𝑥·é²"
	d, f := focusedField(s)
	var offsets []int
	for i := range s {
		offsets = append(offsets, i)
	}
	// Left walks back one character at a time.
	for k := len(offsets) - 1; k >= 0; k-- {
		d.repeat(ebiten.KeyArrowLeft)
		if f.Cursor() != offsets[k] {
			t.Fatalf("Left: cursor at byte %d, want %d", f.Cursor(), offsets[k])
		}
	}
	d.shift = true
	for range 4 {
		d.repeat(ebiten.KeyArrowRight)
	}
	d.shift = false
	checkField(t, "Shift+Right ×4", f, s, 0, len("∂y/∂"))
	d.typed("dz/d")
	checkField(t, "typed over ∂y/∂", f, "dz/d𝑥·é²", 4, 4)
	d.repeat(ebiten.KeyDelete)
	checkField(t, "Delete of 𝑥", f, "dz/d·é²", 4, 4)
	d.repeat(ebiten.KeyEnd)
	d.repeat(ebiten.KeyBackspace)
	checkField(t, "Backspace of ²", f, "dz/d·é", len("dz/d·é"), len("dz/d·é"))
	d.typed("α³")
	checkField(t, "typed α³", f, "dz/d·éα³", len("dz/d·éα³"), len("dz/d·éα³"))
}

// TestTextFieldControlChars checks that line breaks and tabs typed into
// the field become spaces and other control characters are left out.
func TestTextFieldControlChars(t *testing.T) {
	d, f := focusedField("f(x) = x")
	d.shift = true
	d.repeat(ebiten.KeyArrowLeft)
	d.shift = false
	in := d.input()
	in.Chars = []rune("sum(\r\n  x\t* w)\x00")
	d.run(in)
	checkField(t, "typed over x", f, "f(x) = sum(   x * w)", 20, 20)
	if !f.Changed() || len(in.Chars) != 0 {
		t.Errorf("typed: changed %v, left for the scene %q", f.Changed(), string(in.Chars))
	}
}

func TestTextFieldPointer(t *testing.T) {
	const s = "x·∂y + 12"
	d, f := focusedField(s)
	d.repeat() // lay out
	face := goxFace(TextFieldPx)
	left := float64(f.Rect.Min.X) + TextFieldPad
	at := func(i int) float64 { return left + text.Advance(s[:i], face) }
	y := centreY(f.Rect)
	i, j := strings.Index(s, "∂"), strings.Index(s, "+")

	// A click just right of a boundary puts the cursor there.
	d.click(at(i)+1, y)
	checkField(t, "click before ∂", f, s, i, i)
	// Dragging selects; the pointer may leave the field.
	d.pointer(at(i)+1, y, true)
	d.pointer(at(len(s))+30, y+40, true)
	d.pointer(at(j)-1, y+40, true)
	d.pointer(at(j)-1, y+40, false)
	checkField(t, "drag from ∂ to +", f, s, i, j)
	if f.Cursor() != j {
		t.Errorf("cursor at %d after the drag, want %d where it ended", f.Cursor(), j)
	}
	// Shift+click extends the selection; past the end is the end.
	d.shift = true
	d.click(float64(f.Rect.Max.X)-2, y)
	checkField(t, "Shift+click at the far right", f, s, i, len(s))
	d.shift = false
	// A click left of the text goes to the start.
	d.click(float64(f.Rect.Min.X)+1, y)
	checkField(t, "click at the left edge", f, s, 0, 0)
}

func TestTextFieldScroll(t *testing.T) {
	d, f := focusedField("")
	f.Rect = image.Rect(10, 10, 110, 42) // 84 pixels for text
	long := strings.Repeat("x+", 40)
	d.typed(long)
	w := float64(f.Rect.Dx()) - 2*TextFieldPad
	if x := f.xAt(f.Cursor()) - f.scroll; x < 0 || x > w {
		t.Errorf("cursor at %.1f of the %.0f visible pixels after typing a long text", x, w)
	}
	d.repeat(ebiten.KeyHome)
	if f.scroll != 0 {
		t.Errorf("Home: scrolled by %.1f, want 0", f.scroll)
	}
}

func TestTextFieldError(t *testing.T) {
	const s = "x·∂y + é"
	f := &TextField{Rect: image.Rect(10, 10, 410, 42)}
	f.SetText(s)
	d := newDriver(1, f)
	d.repeat()
	di := strings.Index(s, "∂")
	for _, tc := range []struct {
		offset, want int
	}{
		{di, di},
		{di + 1, di}, // inside ∂: ∂ is marked
		{di + 2, di},
		{-3, 0},
		{len(s), len(s)},         // the end
		{len(s) + 9, len(s)},     // past the end
		{len(s) - 1, len(s) - 2}, // inside é
	} {
		f.SetError(tc.offset, "unknown name")
		if off, msg, ok := f.Error(); off != tc.want || msg != "unknown name" || !ok {
			t.Errorf("SetError(%d): Error() = %d, %q, %v; want %d", tc.offset, off, msg, ok, tc.want)
		}
	}

	f.SetError(di+1, "unknown name ∂y")
	face := goxFace(TextFieldPx)
	left := float64(f.Rect.Min.X) + TextFieldPad
	x0, x1, ok := f.ErrorSpan(1)
	want0, want1 := left+text.Advance(s[:di], face), left+text.Advance(s[:di+len("∂")], face)
	if !ok || math.Abs(x0-want0) > 0.5 || math.Abs(x1-want1) > 0.5 {
		t.Errorf("ErrorSpan = %.1f–%.1f, %v; want %.1f–%.1f under ∂", x0, x1, ok, want0, want1)
	}

	// Moving the cursor keeps the mark; editing clears it, and so does
	// SetText.
	d.ui.Focus(f)
	if d.repeat(ebiten.KeyArrowLeft); !f.err {
		t.Error("moving the cursor cleared the error")
	}
	if d.typed("z"); f.err {
		t.Error("typing kept the error")
	}
	f.SetError(0, "x")
	if f.SetText("y"); f.err {
		t.Error("SetText kept the error")
	}
	f.SetError(0, "x")
	if f.ClearError(); f.err {
		t.Error("ClearError kept the error")
	}
}

// TestTextFieldErrorPixels draws a field with an error inside multi-byte
// text and checks that the red underline lies under the marked character,
// below the baseline, and nowhere else; and that the message shows.
func TestTextFieldErrorPixels(t *testing.T) {
	const (
		scale = 2
		s     = "é·x + ∂y²"
	)
	f := &TextField{Rect: image.Rect(20, 20, 620, 84)}
	f.SetText(s)
	d := newDriver(scale, f)
	d.repeat()
	di := strings.Index(s, "∂")
	f.SetError(di+2, "unknown name ∂y") // the last byte of ∂

	img := ebiten.NewImage(640, 140)
	img.Fill(Light.Background)
	d.ui.Draw(img)
	got := pixels(img)

	face := goxFace(TextFieldPx * scale)
	left := float64(f.Rect.Min.X) + TextFieldPad*scale
	x0 := left + text.Advance(s[:di], face)
	x1 := left + text.Advance(s[:di+len("∂")], face)
	m := face.Metrics()
	top := math.Round(textTop(TextFieldPx*scale, centreY(f.Rect)))
	baseline := top + m.HAscent

	// Inside the box's outline, which is red too.
	inner := f.Rect.Inset(2 * scale)
	minX, maxX, minY := math.MaxInt, math.MinInt, math.MaxInt
	n := 0
	for y := inner.Min.Y; y < inner.Max.Y; y++ {
		for x := inner.Min.X; x < inner.Max.X; x++ {
			if viztest.Close(got.At(x, y), Light.Error, 24) {
				minX, maxX, minY = min(minX, x), max(maxX, x), min(minY, y)
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no underline")
	}
	if float64(minX) < x0-1 || float64(maxX) > x1+1 || float64(maxX-minX) < 0.8*(x1-x0) {
		t.Errorf("underline spans x %d–%d, want %.1f–%.1f, under ∂", minX, maxX, x0, x1)
	}
	if float64(minY) < baseline {
		t.Errorf("underline reaches up to y = %d, above the baseline at %.1f", minY, baseline)
	}
	// The message is drawn below the box.
	below := image.Rect(f.Rect.Min.X, f.Rect.Max.Y, f.Rect.Max.X, img.Bounds().Max.Y)
	if viztest.Count(got, below, Light.Error, 24) < 20 {
		t.Error("no error message below the field")
	}

	// Without the error: no red inside the box, and no message.
	f.ClearError()
	img.Fill(Light.Background)
	d.ui.Draw(img)
	got = pixels(img)
	if c := viztest.Count(got, inner, Light.Error, 24) + viztest.Count(got, below, Light.Error, 24); c != 0 {
		t.Errorf("%d red pixels without an error", c)
	}
}
