package viz

import (
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
)

// Widget is a control that a UI updates, draws and moves the keyboard focus
// through: Button, Slider, Toggle, Segmented and TextField, or a scene's own
// (a draggable point that the arrow keys also move).
//
// Widgets are state machines: Update reads the tick's Input and records
// events (a click, a new value) that the scene polls after UI.Update; Draw
// only reads the state.
type Widget interface {
	// Bounds returns the rectangle the widget draws in, in screen pixels.
	// An empty rectangle hides the widget: the UI skips it.
	Bounds() image.Rectangle
	// Update advances the widget by one tick. It reads the pointer when
	// st.Pointer is set and the keyboard when st.Focused is, and takes
	// from in the keys and characters it acts on.
	Update(in *Input, st WidgetState)
	// Draw draws the widget into dst. It changes nothing.
	Draw(dst *ebiten.Image, th *Theme, st WidgetState)
}

// WidgetState is what a UI tells a widget about itself for one tick.
type WidgetState struct {
	// Focused reports whether the widget has the keyboard focus.
	Focused bool
	// Pointer reports whether the widget holds the pointer: it went down
	// on the widget, this tick or earlier, and was still down at the
	// previous tick. Pointer is set on the tick of the release too.
	Pointer bool
	// Scale is the number of device pixels per logical pixel.
	Scale float64
}

// MinTarget is the smallest hit target in logical pixels: a widget takes the
// pointer anywhere in its bounds grown to at least MinTarget×MinTarget
// (WCAG 2.2 criterion 2.5.8, target size).
const MinTarget = 24

// HitRect returns r grown about its centre to at least MinTarget×scale
// pixels in each direction: the area in which a widget drawn in r takes
// the pointer.
func HitRect(r image.Rectangle, scale float64) image.Rectangle {
	m := int(math.Ceil(MinTarget * scale))
	if d := m - r.Dx(); d > 0 {
		r.Min.X -= d / 2
		r.Max.X += d - d/2
	}
	if d := m - r.Dy(); d > 0 {
		r.Min.Y -= d / 2
		r.Max.Y += d - d/2
	}
	return r
}

// UI is a focus manager: it holds widgets in focus order, gives the pointer
// to the widget it goes down on and the keyboard to the focused one, and
// draws a focus ring around the focused widget.
//
// Tab moves the focus to the next widget and Shift+Tab to the previous one,
// wrapping around at the ends; Escape and a press outside every widget
// clear it. A host that has more to focus than u, such as a web page,
// takes Tab itself and moves the focus with MoveFocus, which does not
// wrap. The zero value is a UI without widgets, drawn in Light.
type UI struct {
	// Theme is the palette the widgets are drawn in; nil means Light.
	Theme *Theme

	widgets []Widget
	last    int    // how many of widgets, at their end, AddLast put there
	focus   Widget // nil when no widget has the focus
	grab    Widget // the widget holding the pointer, or nil
	scale   float64
}

// NewUI returns a UI with the widgets ws, in focus order.
func NewUI(ws ...Widget) *UI {
	return &UI{widgets: ws}
}

// Add appends ws to u's widgets, after the others in focus order but
// before those that AddLast added.
func (u *UI) Add(ws ...Widget) {
	u.widgets = slices.Insert(u.widgets, len(u.widgets)-u.last, ws...)
}

// AddLast appends ws to u's widgets, and keeps them last in focus order:
// widgets added later with Add go before them. A frame's buttons at the
// bottom of the screen are added so, before the widgets of the lesson
// above them.
func (u *UI) AddLast(ws ...Widget) {
	u.widgets = append(u.widgets, ws...)
	u.last += len(ws)
}

// Focused returns the widget with the keyboard focus, or nil.
func (u *UI) Focused() Widget { return u.focus }

// Focus gives the keyboard focus to w, which must be one of u's widgets, or
// takes it away from every widget if w is nil. Otherwise Focus will panic.
func (u *UI) Focus(w Widget) {
	if w != nil && !slices.Contains(u.widgets, w) {
		panic("viz: focus on a widget the UI does not hold")
	}
	u.focus = w
}

// Update runs one tick of u's widgets, in focus order. Call it from the
// scene's Update after placing the widgets and before reading their events
// or in: Update takes out of in what the widgets used (Tab and Escape, the
// focused widget's keys, typed characters and pasted text), and clears
// in.Pointer.Pressed when the press landed on a widget, so that the scene
// does not act on it again.
func (u *UI) Update(in *Input) {
	u.scale = in.Scale
	if u.scale <= 0 {
		u.scale = 1
	}
	p := in.Pointer
	if p.Pressed {
		u.grab = u.hit(p.X, p.Y)
		u.focus = u.grab
	}
	if in.Take(ebiten.KeyTab) && !u.MoveFocus(in.Shift) {
		u.MoveFocus(in.Shift) // around the end, to the other end
	}
	if u.focus != nil && !takesFocus(u.focus) {
		u.focus = nil // hidden, or covered by HTML, since the last tick
	}
	if u.focus != nil && in.TakePress(ebiten.KeyEscape) {
		u.focus = nil
	}
	for _, w := range u.widgets {
		w.Update(in, u.state(w))
	}
	if u.grab != nil {
		in.Pointer.Pressed = false
		if !p.Down {
			u.grab = nil
		}
	}
}

// state returns w's state for this tick.
func (u *UI) state(w Widget) WidgetState {
	return WidgetState{Focused: w == u.focus, Pointer: w == u.grab, Scale: u.scale}
}

// MoveFocus moves the keyboard focus to the next widget that can take it,
// or to the previous one if back is set: from no focus, to the first or
// the last. It reports whether there was one; if there was not, the focus
// leaves u, and no widget has it. It does not wrap around.
func (u *UI) MoveFocus(back bool) (moved bool) {
	i := slices.Index(u.widgets, u.focus) // -1 if none: start before the first
	if i < 0 && back {
		i = len(u.widgets)
	}
	for {
		if back {
			i--
		} else {
			i++
		}
		if i < 0 || i >= len(u.widgets) {
			u.focus = nil
			return false
		}
		if w := u.widgets[i]; takesFocus(w) {
			u.focus = w
			return true
		}
	}
}

// takesFocus reports whether w can have the focus and the pointer: it is
// shown, and it is not a text field that an HTML input covers.
func takesFocus(w Widget) bool {
	if f, ok := w.(*TextField); ok && f.HTML {
		return false
	}
	return !w.Bounds().Empty()
}

// hit returns the widget that takes the pointer at (x, y): of the widgets
// whose hit rectangle holds the point, the one whose bounds are nearest.
func (u *UI) hit(x, y float64) Widget {
	pt := image.Pt(int(math.Floor(x)), int(math.Floor(y)))
	var best Widget
	bestD := math.Inf(1)
	for _, w := range u.widgets {
		b := w.Bounds()
		if !takesFocus(w) || !pt.In(HitRect(b, u.scale)) {
			continue
		}
		dx := max(float64(b.Min.X)-x, 0, x-float64(b.Max.X))
		dy := max(float64(b.Min.Y)-y, 0, y-float64(b.Max.Y))
		if d := math.Hypot(dx, dy); d < bestD {
			best, bestD = w, d
		}
	}
	return best
}

// Draw draws u's widgets into dst, and the focus ring around the focused
// one. A widget far from dst (see visible) is recorded but not drawn.
func (u *UI) Draw(dst *ebiten.Image) {
	th := u.Theme
	if th == nil {
		th = Th()
	}
	// A slider's handle reaches past its rectangle.
	reach := devPx(widgetReach, u.scale)
	for _, w := range u.widgets {
		if b := w.Bounds(); !b.Empty() {
			kind, text := WidgetName(w)
			f, html := w.(*TextField)
			html = html && f.HTML
			rec.within(dst, DrawnWidget, kind, text, html, b, widgetPx*u.scale, func() {
				if visible(dst, b.Inset(-reach)) {
					w.Draw(dst, th, u.state(w))
				}
			})
		}
	}
	if u.focus != nil && takesFocus(u.focus) {
		DrawFocusRing(dst, u.focus.Bounds(), u.scale, th.Accent)
	}
}

// Widget geometry in logical pixels.
const (
	widgetPx     = 15 // label text size
	widgetRadius = 4  // corner radius
	ringGap      = 2  // space between a widget and its focus ring
	ringWidth    = 2  // focus ring width
	widgetReach  = 16 // how far past its rectangle a widget may draw
)

// devPx returns v logical pixels in device pixels, rounded, and at least 1.
func devPx(v, scale float64) int {
	return max(1, int(math.Round(v*scale)))
}

// DrawFocusRing draws a focus ring in clr around r, the bounds of a widget,
// at scale device pixels per logical pixel: a rounded outline 2 logical
// pixels wide, 2 logical pixels outside r.
func DrawFocusRing(dst *ebiten.Image, r image.Rectangle, scale float64, clr color.Color) {
	g := devPx(ringGap, scale)
	w := devPx(ringWidth, scale)
	ring := r.Inset(-g - w)
	drawRound(dst, ring, devPx(widgetRadius, scale)+g+w, w, clr)
}

// roundPatches holds nine-patches of white rounded rectangles, by corner
// radius and stroke width in pixels (0 for a filled shape).
var roundPatches = map[[2]int]*[9]*ebiten.Image{}

// roundPatch returns the nine parts (corners, edges, centre; row by row) of
// a white (2r+1)-pixel square with corners of radius r, filled if w is 0
// and otherwise outlined on the inside with lines w pixels wide. The edges
// and centre are one pixel wide, to be stretched.
func roundPatch(r, w int) *[9]*ebiten.Image {
	key := [2]int{r, w}
	if p, ok := roundPatches[key]; ok {
		return p
	}
	n := 2*r + 1
	pix := make([]byte, 4*n*n)
	const sub = 4 // samples per pixel in each direction
	for y := range n {
		for x := range n {
			in := 0
			for sy := range sub {
				for sx := range sub {
					// Distance from the sample to the one-pixel square
					// in the middle, which the corner arcs are centred
					// on the corners of.
					px := float64(x) + (float64(sx)+0.5)/sub
					py := float64(y) + (float64(sy)+0.5)/sub
					dx := max(float64(r)-px, 0, px-float64(r+1))
					dy := max(float64(r)-py, 0, py-float64(r+1))
					d := math.Hypot(dx, dy)
					if d <= float64(r) && (w == 0 || d >= float64(r-w)) {
						in++
					}
				}
			}
			v := byte((255*in + sub*sub/2) / (sub * sub))
			i := 4 * (y*n + x)
			pix[i], pix[i+1], pix[i+2], pix[i+3] = v, v, v, v
		}
	}
	img := ebiten.NewImage(n, n)
	img.WritePixels(pix)
	var p [9]*ebiten.Image
	cuts := [4]int{0, r, r + 1, n}
	for j := range 3 {
		for i := range 3 {
			p[3*j+i] = img.SubImage(image.Rect(cuts[i], cuts[j], cuts[i+1], cuts[j+1])).(*ebiten.Image)
		}
	}
	roundPatches[key] = &p
	return &p
}

// drawRound draws the rectangle r with corners of radius rad in clr: filled
// if w is 0, otherwise outlined on the inside with lines w pixels wide. It
// draws nine stretched pieces of a cached texture, whatever r's size.
func drawRound(dst *ebiten.Image, r image.Rectangle, rad, w int, clr color.Color) {
	if r.Empty() {
		return
	}
	rad = max(0, min(rad, r.Dx()/2, r.Dy()/2))
	if w > 0 && w > rad {
		// Too thin a rectangle for round corners: the straight lines.
		rad = min(w, r.Dx()/2, r.Dy()/2)
	}
	p := roundPatch(rad, w)
	xs := [4]int{r.Min.X, r.Min.X + rad, r.Max.X - rad, r.Max.X}
	ys := [4]int{r.Min.Y, r.Min.Y + rad, r.Max.Y - rad, r.Max.Y}
	var op ebiten.DrawImageOptions
	for j := range 3 {
		for i := range 3 {
			dw, dh := xs[i+1]-xs[i], ys[j+1]-ys[j]
			if dw <= 0 || dh <= 0 || (w > 0 && i == 1 && j == 1) {
				continue
			}
			src := p[3*j+i]
			sb := src.Bounds()
			op.GeoM.Reset()
			op.GeoM.Scale(float64(dw)/float64(sb.Dx()), float64(dh)/float64(sb.Dy()))
			op.GeoM.Translate(float64(xs[i]), float64(ys[j]))
			op.ColorScale.Reset()
			op.ColorScale.ScaleWithColor(clr)
			dst.DrawImage(src, &op)
		}
	}
}

// controlFace is the look of a control's face: its size, its corners' radius,
// its outline's width and its colours.
type controlFace struct {
	w, h, rad, line int
	fill, outline   color.RGBA
}

// controlFaces holds the images of the controls' faces drawFace drew
// last, and faceRenders counts the faces drawn into an image.
var (
	controlFaces = map[controlFace]*ebiten.Image{}
	faceRenders  int
)

// maxFaces bounds controlFaces: the controls on a screen have a few dozen looks
// between them, and a face seen no more is dropped when the cache is full.
const maxFaces = 64

// drawFace draws a control's face in r: the rectangle with corners of
// radius rad filled with fill, and outlined on the inside with lines line
// pixels wide in outline, as drawRound draws them. The two are drawn into
// an image once for each size and look, and the control is drawn from it:
// one image drawn instead of eighteen pieces, every frame.
func drawFace(dst *ebiten.Image, r image.Rectangle, rad, line int, fill, outline color.RGBA) {
	if r.Empty() {
		return
	}
	k := controlFace{r.Dx(), r.Dy(), rad, line, fill, outline}
	img, ok := controlFaces[k]
	if !ok {
		if len(controlFaces) >= maxFaces {
			for _, f := range controlFaces {
				f.Deallocate()
			}
			clear(controlFaces)
		}
		img = ebiten.NewImage(k.w, k.h)
		b := img.Bounds()
		drawRound(img, b, rad, 0, fill)
		drawRound(img, b, rad, line, outline)
		controlFaces[k] = img
		faceRenders++
	}
	var op ebiten.DrawImageOptions
	op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
	dst.DrawImage(img, &op)
}

// textLabel is a string with its width measured at a font size, measured
// again only when either changes, and drawn from a Label's image: a
// control's label is drawn every frame, and laid out and drawn into the
// image only when it changes.
type textLabel struct {
	s     string
	px    float64
	w     float64
	valid bool
	img   Label
}

// set makes l hold s at size px.
func (l *textLabel) set(s string, px float64) {
	if l.valid && s == l.s && px == l.px {
		return
	}
	l.s, l.px, l.valid = s, px, true
	l.w, _ = MeasureText(s, px)
}

// draw draws l with its left end at x, centred vertically on cy.
func (l *textLabel) draw(dst *ebiten.Image, x, cy float64, clr color.Color) {
	l.img.Set(l.s, l.px, clr)
	l.img.Draw(dst, math.Round(x), math.Round(textTop(l.px, cy)))
}

// drawCentred draws l centred on (cx, cy).
func (l *textLabel) drawCentred(dst *ebiten.Image, cx, cy float64, clr color.Color) {
	l.draw(dst, cx-l.w/2, cy, clr)
}

// textTop returns the y at which DrawText draws a line of text of size px
// centred vertically on cy.
func textTop(px, cy float64) float64 {
	m := sansFace(px)
	return cy - (m.ascent+m.descent)/2
}

// clicked reports whether the pointer, held by a widget with hit rectangle
// hit, was released inside it this tick.
func clicked(in *Input, st WidgetState, hit image.Rectangle) bool {
	p := in.Pointer
	return st.Pointer && p.Released && image.Pt(int(math.Floor(p.X)), int(math.Floor(p.Y))).In(hit)
}

// activated reports whether the focused widget was activated from the
// keyboard this tick: Enter or Space went down. It takes both keys.
func activated(in *Input, st WidgetState) bool {
	if !st.Focused {
		return false
	}
	enter := in.TakePress(ebiten.KeyEnter)
	numpad := in.TakePress(ebiten.KeyNumpadEnter)
	space := in.TakePress(ebiten.KeySpace)
	return enter || numpad || space
}
