package viz

import (
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// TextField is a one-line text box for expressions.
//
// With the focus it takes typed characters at the cursor,
// replacing the selection if there is one. The arrow keys move the cursor
// by a character (by a word with Ctrl), Home and End to the ends; with Shift
// they extend the selection. Backspace and Delete remove the selection or
// the character before or after the cursor (the word with Ctrl), Ctrl+A
// selects everything, and Enter submits. The pointer places the cursor and
// drags out a selection. While focused, the field takes every key but Tab
// and Escape, so that the scene does not act on typing.
//
// SetError marks a mistake the parser found: a red underline under the
// character at its byte offset and the message below the field. Editing
// clears it.
//
// In a web page the field can be covered by an HTML text input (HTML), so
// that phones show their keyboard and screen readers can edit it: the
// input then shows the text, its selection and its caret, and hands its
// edits to Type and its scrolling to ScrollTo; the field draws its box
// and its error mark under it.
type TextField struct {
	// Rect is where the box is drawn, in screen pixels. The error message
	// goes below it: leave 20 logical pixels free there.
	Rect image.Rectangle
	// HTML reports that an HTML input lies over the field and shows its
	// text: the field draws neither its text nor its selection nor its
	// caret, and takes neither the focus nor the pointer.
	HTML bool
	// ReadOnly says the text cannot be changed: typing, Type and the
	// editing keys leave it as it is; the cursor still moves and the
	// text can still be selected.
	ReadOnly bool
	// Limit is the most bytes the text may hold, 0 for no limit: an edit
	// that would make it longer is not made, and the error mark says why.
	Limit int

	text           string
	cursor, anchor int // byte offsets at character boundaries; the selection lies between them

	err    bool
	errOff int
	errMsg string

	changed, submitted bool
	typed              *string // a text from Type, for the next Update
	submit             bool    // Enter from Type, for the next Update

	// Layout, redone when the text or the font size changes: the byte
	// offset and x (from the start of the text) of every character
	// boundary, in order.
	px     float64
	bounds []int
	xs     []float64
	glyphs []placedGlyph
	msg    textLabel
	msgW   float64 // the width the error message wraps to, 0 for none

	scroll  float64 // x of the text's left end inside the box
	blink   int     // ticks since the cursor last moved or the focus came
	focused bool    // the focus at the last Update
}

var _ Widget = (*TextField)(nil)

// Text field geometry in logical pixels: an HTML input over a field sets
// its text in Liberation Sans (or a font of the same metrics) at
// TextFieldPx, TextFieldPad from the box's left edge, centred vertically.
const (
	TextFieldPx  = 16 // text size
	TextFieldPad = 8  // space between the box and the text
	fieldMsgPx   = 13 // error message text size
	blinkTicks   = 30 // the cursor blinks on and off for this long
)

// Bounds implements Widget.
func (f *TextField) Bounds() image.Rectangle { return f.Rect }

// Text returns the field's text.
func (f *TextField) Text() string { return f.text }

// SetText replaces the field's text with s, puts the cursor at its end and
// clears the error. It is not reported by Changed.
func (f *TextField) SetText(s string) {
	f.text = s
	f.cursor, f.anchor = len(s), len(s)
	f.err = false
	f.layout()
}

// Selection returns the selected bytes of the text, [start, end); start
// equals end, the cursor, when nothing is selected.
func (f *TextField) Selection() (start, end int) {
	return min(f.cursor, f.anchor), max(f.cursor, f.anchor)
}

// Cursor returns the cursor's byte offset in the text.
func (f *TextField) Cursor() int { return f.cursor }

// SetError marks the character at byte offset of the text as the place of
// the mistake msg describes, as expr.Error's Offset and Msg do. An offset
// inside a character marks that character; len(Text()) marks the end.
// Offsets outside the text are clamped to it.
func (f *TextField) SetError(offset int, msg string) {
	offset = min(max(offset, 0), len(f.text))
	for offset > 0 && offset < len(f.text) && !utf8.RuneStart(f.text[offset]) {
		offset--
	}
	f.err, f.errOff, f.errMsg = true, offset, msg
	f.layoutMsg()
}

// ClearError removes the error mark.
func (f *TextField) ClearError() { f.err = false }

// Error returns the error mark's byte offset and message, and whether there
// is one.
func (f *TextField) Error() (offset int, msg string, ok bool) {
	return f.errOff, f.errMsg, f.err
}

// Changed reports whether the user edited the text in the last Update.
func (f *TextField) Changed() bool { return f.changed }

// Type makes the next Update replace the text with s, as if the user had
// typed it there: Changed reports it when the text is new, and the error
// mark goes, unless s is longer than Limit. With submit set, Submitted
// reports Enter too. An HTML input over the field hands its edits to the
// field with Type; a second call before the Update replaces the first's
// text.
func (f *TextField) Type(s string, submit bool) {
	f.typed = &s
	f.submit = f.submit || submit
}

// ScrollTo scrolls the text x pixels to the left in its box, where an
// HTML input over the field has scrolled its own: the error mark follows
// the text.
func (f *TextField) ScrollTo(x float64) { f.scroll = max(0, x) }

// Submitted reports whether the user pressed Enter in the last Update.
func (f *TextField) Submitted() bool { return f.submitted }

// setScale lays the field out again for the scale s, if it is new.
func (f *TextField) setScale(s float64) {
	if px := TextFieldPx * s; px != f.px {
		f.px = px
		f.layout()
	}
}

// layout measures the character boundaries of the text at f.px.
func (f *TextField) layout() {
	f.bounds, f.xs = f.bounds[:0], f.xs[:0]
	if f.px > 0 {
		face := textFace(f.px)
		f.glyphs = face.appendGlyphs(f.glyphs[:0], f.text, 0)
		for _, g := range f.glyphs {
			f.bounds = append(f.bounds, g.start)
			f.xs = append(f.xs, g.originX)
		}
		f.bounds = append(f.bounds, len(f.text))
		f.xs = append(f.xs, face.advance(f.text))
	}
	f.layoutMsg()
}

// layoutMsg measures the error message at f.px, wrapped to f.msgW.
func (f *TextField) layoutMsg() {
	if f.err && f.px > 0 {
		px := f.px * fieldMsgPx / TextFieldPx
		msg := f.errMsg
		if f.msgW > 0 {
			msg = WrapText(msg, px, f.msgW)
		}
		f.msg.set(msg, px)
	}
}

// MessageRoom wraps the field's error message, when it has one, to width
// screen pixels from the box's left edge, and returns the room in screen
// pixels it takes under the box at the scale s: one line's room with no
// error, so that the space under a field stays as mistakes come and go,
// and more for a message that wraps, its lines spaced as a Label spaces
// them.
func (f *TextField) MessageRoom(s, width float64) float64 {
	if f.msgW != width {
		f.msgW = width
		f.layoutMsg()
	}
	f.setScale(s)
	lines := 1
	if f.err {
		lines = strings.Count(f.msg.s, "\n") + 1
	}
	return math.Round(s * (22 + float64(lines-1)*1.3*fieldMsgPx))
}

// xAt returns the x of the boundary at byte offset i, from the start of
// the text.
func (f *TextField) xAt(i int) float64 {
	k, _ := slices.BinarySearch(f.bounds, i)
	if k >= len(f.xs) {
		return 0
	}
	return f.xs[k]
}

// boundaryAt returns the boundary nearest to x, from the start of the text.
func (f *TextField) boundaryAt(x float64) int {
	k, _ := slices.BinarySearch(f.xs, x)
	switch {
	case len(f.xs) == 0:
		return 0
	case k == len(f.xs):
		k--
	case k > 0 && x-f.xs[k-1] < f.xs[k]-x:
		k--
	}
	return f.bounds[k]
}

// Update implements Widget.
func (f *TextField) Update(in *Input, st WidgetState) {
	f.changed, f.submitted = false, false
	f.setScale(st.Scale)
	if f.typed != nil {
		if s := oneLine(*f.typed); s != f.text {
			f.replace(0, len(f.text), s)
		}
		f.submitted, f.typed, f.submit = f.submit, nil, false
	}
	if f.HTML {
		return // the input takes the keys and the pointer, and scrolls
	}
	caret := f.focused && f.blinkOn()
	f.blink++
	if st.Focused && !f.focused || in.ReducedMotion {
		f.blink = 0 // the cursor shows, and stays on with reduced motion
	}
	f.focused = st.Focused
	if (f.focused && f.blinkOn()) != caret {
		Animate() // the cursor blinked
	}
	pad := TextFieldPad * st.Scale
	if p := in.Pointer; st.Pointer && (p.Down || p.Released) {
		i := f.boundaryAt(p.X - float64(f.Rect.Min.X) - pad + f.scroll)
		f.moveTo(i, !p.Pressed || in.Shift)
	}
	if st.Focused {
		f.keys(in)
	}
	// Scroll to keep the cursor in view, and no further than the text's
	// end allows.
	w := float64(f.Rect.Dx()) - 2*pad
	x := f.xAt(f.cursor)
	f.scroll = min(max(f.scroll, x-w), x)
	if n := len(f.xs); n > 0 {
		f.scroll = max(0, min(f.scroll, f.xs[n-1]-w))
	}
}

// keys applies the keyboard's edits, and takes every key but Tab and
// Escape.
func (f *TextField) keys(in *Input) {
	sel0, sel1 := f.Selection()
	selected := sel0 != sel1
	ctrl, shift := in.Ctrl, in.Shift
	switch {
	case in.Take(ebiten.KeyArrowLeft):
		switch {
		case ctrl:
			f.moveTo(f.wordStart(f.cursor), shift)
		case selected && !shift:
			f.moveTo(sel0, false)
		default:
			f.moveTo(f.prev(f.cursor), shift)
		}
	case in.Take(ebiten.KeyArrowRight):
		switch {
		case ctrl:
			f.moveTo(f.wordEnd(f.cursor), shift)
		case selected && !shift:
			f.moveTo(sel1, false)
		default:
			f.moveTo(f.next(f.cursor), shift)
		}
	case in.Take(ebiten.KeyHome), in.Take(ebiten.KeyArrowUp):
		f.moveTo(0, shift)
	case in.Take(ebiten.KeyEnd), in.Take(ebiten.KeyArrowDown):
		f.moveTo(len(f.text), shift)
	case ctrl && in.TakePress(ebiten.KeyA):
		f.anchor, f.cursor = 0, len(f.text)
	case in.Take(ebiten.KeyBackspace):
		switch {
		case selected:
			f.replace(sel0, sel1, "")
		case ctrl:
			f.replace(f.wordStart(f.cursor), f.cursor, "")
		default:
			f.replace(f.prev(f.cursor), f.cursor, "")
		}
	case in.Take(ebiten.KeyDelete):
		switch {
		case selected:
			f.replace(sel0, sel1, "")
		case ctrl:
			f.replace(f.cursor, f.wordEnd(f.cursor), "")
		default:
			f.replace(f.cursor, f.next(f.cursor), "")
		}
	}
	enter := in.TakePress(ebiten.KeyEnter)
	if in.TakePress(ebiten.KeyNumpadEnter) || enter {
		f.submitted = true
	}

	var typed strings.Builder
	for _, r := range in.Chars {
		typed.WriteRune(r)
	}
	if s := oneLine(typed.String()); s != "" {
		a, b := f.Selection()
		f.replace(a, b, s)
	}
	in.Chars = in.Chars[:0]
	in.Repeated, in.Pressed = in.Repeated[:0], in.Pressed[:0]
}

// oneLine returns s with line breaks and tabs turned into spaces and other
// control characters left out.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ReplaceAll(s, "\r\n", "\n"))
}

// moveTo moves the cursor to byte offset i, extending the selection if
// extend is set and otherwise clearing it.
func (f *TextField) moveTo(i int, extend bool) {
	f.cursor = i
	if !extend {
		f.anchor = i
	}
	f.blink = 0
}

// replace replaces the bytes [a, b) of the text with s and puts the cursor
// after s.
// An edit that would make the text longer than Limit is not made: the
// error mark says so instead.
func (f *TextField) replace(a, b int, s string) {
	if a == b && s == "" || f.ReadOnly {
		return
	}
	if n := len(f.text) - (b - a) + len(s); f.Limit > 0 && n > f.Limit {
		f.SetError(len(f.text), fmt.Sprintf("That would make the text %d bytes long, and this field takes at most %d: it was left as it was.", n, f.Limit))
		return
	}
	f.text = f.text[:a] + s + f.text[b:]
	f.moveTo(a+len(s), false)
	f.changed = true
	f.err = false
	f.layout()
}

// prev and next return the boundary before and after byte offset i.
func (f *TextField) prev(i int) int {
	_, n := utf8.DecodeLastRuneInString(f.text[:i])
	return i - n
}

func (f *TextField) next(i int) int {
	_, n := utf8.DecodeRuneInString(f.text[i:])
	return i + n
}

// isWord reports whether r belongs to a name or number.
func isWord(r rune) bool {
	return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordStart returns the start of the word before byte offset i, skipping
// the spaces and symbols between.
func (f *TextField) wordStart(i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(f.text[:i])
		if isWord(r) {
			break
		}
		i -= n
	}
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(f.text[:i])
		if !isWord(r) {
			break
		}
		i -= n
	}
	return i
}

// wordEnd returns the end of the word after byte offset i.
func (f *TextField) wordEnd(i int) int {
	for i < len(f.text) {
		r, n := utf8.DecodeRuneInString(f.text[i:])
		if isWord(r) {
			break
		}
		i += n
	}
	for i < len(f.text) {
		r, n := utf8.DecodeRuneInString(f.text[i:])
		if !isWord(r) {
			break
		}
		i += n
	}
	return i
}

// ErrorSpan returns the x range, in screen pixels, of the error underline
// as the last Update laid it out, and false if there is no error mark.
func (f *TextField) ErrorSpan(scale float64) (x0, x1 float64, ok bool) {
	if !f.err {
		return 0, 0, false
	}
	left := float64(f.Rect.Min.X) + TextFieldPad*scale - f.scroll
	x0 = f.xAt(f.errOff)
	if f.errOff < len(f.text) {
		x1 = f.xAt(f.next(f.errOff))
	} else {
		// The end of the text: as wide as half the font size.
		x1 = x0 + f.px/2
	}
	return left + x0, left + x1, true
}

// Draw implements Widget.
func (f *TextField) Draw(dst *ebiten.Image, th *Theme, st WidgetState) {
	s := st.Scale
	rad := devPx(widgetRadius, s)
	line := devPx(1, s)
	outline := th.Border
	if f.err {
		outline = th.Error
	}
	drawFace(dst, f.Rect, rad, line, th.Panel, outline)

	inner := f.Rect.Inset(line)
	clip := dst.SubImage(inner).(*ebiten.Image)
	left := float64(f.Rect.Min.X) + TextFieldPad*s - f.scroll
	m := sansFace(f.px)
	h := m.ascent + m.descent
	top := math.Round(textTop(f.px, centreY(f.Rect)))
	if a, b := f.Selection(); a != b && st.Focused {
		x0, x1 := left+f.xAt(a), left+f.xAt(b)
		vector.FillRect(clip, float32(x0), float32(top), float32(x1-x0), float32(h), th.Selection, false)
	}
	if !f.HTML {
		DrawText(clip, f.text, f.px, math.Round(left), top, th.Text)
	}
	if x0, x1, ok := f.ErrorSpan(s); ok {
		t := float64(devPx(2, s))
		y := math.Round(top + h - t)
		vector.FillRect(clip, float32(math.Round(x0)), float32(y), float32(math.Round(x1-x0)), float32(t), th.Error, false)
		f.msg.draw(dst, float64(f.Rect.Min.X), float64(f.Rect.Max.Y)+4*s+f.msg.px/2, th.Error)
	}
	if st.Focused && f.blinkOn() {
		x := math.Round(left + f.xAt(f.cursor))
		vector.FillRect(clip, float32(x), float32(top), float32(line), float32(h), th.Text, false)
	}
}

// blinkOn reports whether the cursor is in the shown half of its blink.
func (f *TextField) blinkOn() bool { return (f.blink/blinkTicks)%2 == 0 }
