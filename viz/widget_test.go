//go:build display

package viz

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// driver feeds a UI synthetic ticks, as Input.Read would fill them: the
// pointer keeps its place and state between ticks, and Pressed and
// Released follow from Down.
type driver struct {
	ui    *UI
	scale float64
	x, y  float64
	down  bool
	shift bool
	ctrl  bool
}

func newDriver(scale float64, ws ...Widget) *driver {
	return &driver{ui: NewUI(ws...), scale: scale}
}

// input returns an Input for the next tick with the pointer where it was.
func (d *driver) input() *Input {
	return &Input{
		Pointer: Pointer{X: d.x, Y: d.y, Down: d.down},
		Width:   640, Height: 480, Scale: d.scale,
		Area:  image.Rect(0, 0, 640, 480),
		Shift: d.shift, Ctrl: d.ctrl,
	}
}

func (d *driver) run(in *Input) *Input {
	d.ui.Update(in)
	return in
}

// pointer moves the pointer to (x, y), held down or not, for one tick.
func (d *driver) pointer(x, y float64, down bool) *Input {
	in := d.input()
	in.Pointer = Pointer{X: x, Y: y, Down: down, Pressed: down && !d.down, Released: !down && d.down}
	d.x, d.y, d.down = x, y, down
	return d.run(in)
}

// click presses and releases the pointer at (x, y) and returns the
// release tick's input.
func (d *driver) click(x, y float64) *Input {
	d.pointer(x, y, true)
	return d.pointer(x, y, false)
}

// press runs a tick in which the keys ks went down.
func (d *driver) press(ks ...ebiten.Key) *Input {
	in := d.input()
	in.Repeated, in.Pressed = slices.Clone(ks), slices.Clone(ks)
	return d.run(in)
}

// repeat runs a tick in which the held keys ks repeated.
func (d *driver) repeat(ks ...ebiten.Key) *Input {
	in := d.input()
	in.Repeated = slices.Clone(ks)
	return d.run(in)
}

// typed runs a tick in which s was typed.
func (d *driver) typed(s string) *Input {
	in := d.input()
	in.Chars = []rune(s)
	return d.run(in)
}

func TestHitRect(t *testing.T) {
	for _, tc := range []struct {
		r     image.Rectangle
		scale float64
		want  image.Rectangle
	}{
		{image.Rect(100, 100, 110, 116), 1, image.Rect(93, 96, 117, 120)},
		{image.Rect(100, 100, 110, 116), 2, image.Rect(81, 84, 129, 132)},
		{image.Rect(100, 100, 110, 116), 1.5, image.Rect(87, 90, 123, 126)},
		{image.Rect(0, 0, 200, 40), 1, image.Rect(0, 0, 200, 40)},   // large enough already
		{image.Rect(0, 0, 200, 20), 1, image.Rect(0, -2, 200, 22)},  // too low only
		{image.Rect(10, 10, 11, 11), 1, image.Rect(-1, -1, 23, 23)}, // odd growth
	} {
		got := HitRect(tc.r, tc.scale)
		if got != tc.want {
			t.Errorf("HitRect(%v, %v) = %v, want %v", tc.r, tc.scale, got, tc.want)
		}
		if m := int(math.Ceil(MinTarget * tc.scale)); got.Dx() < m || got.Dy() < m {
			t.Errorf("HitRect(%v, %v) = %v is smaller than %d×%d", tc.r, tc.scale, got, m, m)
		}
	}
}

// TestSmallTargets checks that every widget drawn smaller than 24×24 takes
// the pointer on its whole 24×24 target, and no further.
func TestSmallTargets(t *testing.T) {
	for _, scale := range []float64{1, 2} {
		// 16×12 logical pixels at (100, 100), centred on (108, 106): its
		// 24×24 target spans (96, 94)–(120, 118).
		at := func(x, y float64) image.Point { return image.Pt(int(x*scale), int(y*scale)) }
		r := image.Rectangle{at(100, 100), at(116, 112)}
		hit := image.Rectangle{at(96, 94), at(120, 118)}
		b := &Button{Rect: r, Label: "+"}
		tg := &Toggle{Rect: r}
		sg := &Segmented{Rect: r, Options: []string{"a"}}
		sl := &Slider{Rect: r, Min: 0, Max: 1}
		tf := &TextField{Rect: r}
		for _, w := range []Widget{b, tg, sg, sl, tf} {
			d := newDriver(scale, w)
			for _, pt := range []image.Point{hit.Min, hit.Max.Sub(image.Pt(1, 1)), {hit.Min.X, r.Min.Y}} {
				d.ui.Focus(nil)
				d.click(float64(pt.X)+0.5, float64(pt.Y)+0.5)
				if d.ui.Focused() != w {
					t.Errorf("scale %v: %T: a click at %v, inside the 24×24 target %v, missed it", scale, w, pt, hit)
				}
			}
			for _, pt := range []image.Point{hit.Min.Sub(image.Pt(1, 1)), hit.Max} {
				d.ui.Focus(w)
				d.click(float64(pt.X)+0.5, float64(pt.Y)+0.5)
				if d.ui.Focused() != nil {
					t.Errorf("scale %v: %T: a click at %v, outside the target %v, hit it", scale, w, pt, hit)
				}
			}
		}
		// The clicks on the target's corners were real clicks.
		d := newDriver(scale, b)
		if d.click(float64(hit.Min.X)+0.5, float64(hit.Min.Y)+0.5); !b.Clicked() {
			t.Errorf("scale %v: a click on the corner of the button's target did not click it", scale)
		}
	}
}

func TestButtonPointer(t *testing.T) {
	b := &Button{Rect: image.Rect(10, 10, 90, 42), Label: "Reset"}
	d := newDriver(1, b)

	in := d.pointer(50, 20, true)
	if b.Clicked() {
		t.Error("clicked on the press, want on the release")
	}
	if in.Pointer.Pressed {
		t.Error("the scene still sees a press that landed on the button")
	}
	if !b.down {
		t.Error("the button is not drawn pressed while held")
	}
	d.pointer(52, 22, true)
	if b.Clicked() {
		t.Error("clicked while held")
	}
	d.pointer(52, 22, false)
	if !b.Clicked() {
		t.Error("press and release on the button: not clicked")
	}
	d.pointer(52, 22, false)
	if b.Clicked() {
		t.Error("Clicked still set on the tick after the click")
	}

	// Dragged off before the release: no click.
	d.pointer(50, 20, true)
	d.pointer(200, 20, true)
	if b.down {
		t.Error("drawn pressed with the pointer dragged off")
	}
	if d.pointer(200, 20, false); b.Clicked() {
		t.Error("released off the button: clicked")
	}
	// Pressed elsewhere, released on it: no click, and the scene sees
	// the press.
	if in := d.pointer(200, 20, true); !in.Pointer.Pressed {
		t.Error("a press off every widget was taken from the scene")
	}
	d.pointer(50, 20, true)
	if d.pointer(50, 20, false); b.Clicked() {
		t.Error("pressed elsewhere and released on the button: clicked")
	}
}

func TestButtonKeyboard(t *testing.T) {
	b := &Button{Rect: image.Rect(10, 10, 90, 42), Label: "Reset"}
	d := newDriver(1, b)
	if in := d.press(ebiten.KeyEnter); b.Clicked() || !in.Fired(ebiten.KeyEnter) {
		t.Errorf("Enter without the focus: clicked %v, key left for the scene %v; want false, true", b.Clicked(), in.Fired(ebiten.KeyEnter))
	}
	d.press(ebiten.KeyTab)
	if d.ui.Focused() != b {
		t.Fatal("Tab did not focus the only widget")
	}
	for _, k := range []ebiten.Key{ebiten.KeyEnter, ebiten.KeySpace, ebiten.KeyNumpadEnter} {
		in := d.press(k)
		if !b.Clicked() {
			t.Errorf("%v on the focused button: not clicked", k)
		}
		if in.Fired(k) || in.JustPressed(k) {
			t.Errorf("%v: the button did not take the key", k)
		}
		if d.repeat(k); b.Clicked() {
			t.Errorf("%v held down: clicked again on the repeat", k)
		}
	}
}

func TestTabOrder(t *testing.T) {
	b := &Button{Rect: image.Rect(0, 0, 80, 32), Label: "b"}
	hidden := &Button{Label: "hidden"} // empty Rect
	sl := &Slider{Rect: image.Rect(0, 40, 200, 84), Min: 0, Max: 1}
	tg := &Toggle{Rect: image.Rect(0, 90, 120, 114)}
	sg := &Segmented{Rect: image.Rect(0, 120, 200, 152), Options: []string{"a", "b"}}
	tf := &TextField{Rect: image.Rect(0, 160, 200, 192)}
	d := newDriver(1, b, hidden, sl, tg, sg, tf)

	order := []Widget{b, sl, tg, sg, tf, b, sl} // wraps after the last
	for i, want := range order {
		in := d.press(ebiten.KeyTab)
		if got := d.ui.Focused(); got != want {
			t.Fatalf("Tab %d: focus on %T, want %T", i+1, got, want)
		}
		if in.Fired(ebiten.KeyTab) {
			t.Errorf("Tab %d: the key was left for the scene", i+1)
		}
	}
	d.shift = true
	for i, want := range []Widget{b, tf, sg, tg, sl, b} { // wraps before the first
		d.press(ebiten.KeyTab)
		if got := d.ui.Focused(); got != want {
			t.Fatalf("Shift+Tab %d: focus on %T, want %T", i+1, got, want)
		}
	}
	d.shift = false

	if in := d.press(ebiten.KeyEscape); d.ui.Focused() != nil || in.Fired(ebiten.KeyEscape) {
		t.Errorf("Escape: focus on %T, key left for the scene: %v; want no focus, taken", d.ui.Focused(), in.Fired(ebiten.KeyEscape))
	}
	d.shift = true
	if d.press(ebiten.KeyTab); d.ui.Focused() != tf {
		t.Errorf("Shift+Tab with no focus: focus on %T, want the last widget", d.ui.Focused())
	}
	d.shift = false
	if d.click(100, 100); d.ui.Focused() != tg {
		t.Errorf("a click on the toggle: focus on %T", d.ui.Focused())
	}
	if d.click(400, 400); d.ui.Focused() != nil {
		t.Errorf("a click outside every widget: focus on %T, want none", d.ui.Focused())
	}
	// A widget hidden while focused loses the focus.
	d.ui.Focus(sg)
	sg.Rect = image.Rectangle{}
	if d.press(ebiten.KeyRight); d.ui.Focused() != nil || sg.Selected != 0 {
		t.Errorf("hidden while focused: focus on %T, selected %d", d.ui.Focused(), sg.Selected)
	}
}

func TestToggle(t *testing.T) {
	tg := &Toggle{Rect: image.Rect(10, 10, 150, 34), Label: "Show tangent"}
	d := newDriver(1, tg)
	d.click(20, 20)
	if !tg.On || !tg.Changed() {
		t.Errorf("after a click: On %v, Changed %v; want true, true", tg.On, tg.Changed())
	}
	if d.pointer(20, 20, false); tg.Changed() {
		t.Error("Changed still set a tick later")
	}
	for i, k := range []ebiten.Key{ebiten.KeySpace, ebiten.KeyEnter} {
		d.press(k)
		if want := i%2 == 1; tg.On != want || !tg.Changed() {
			t.Errorf("%v: On %v, Changed %v; want %v, true", k, tg.On, tg.Changed(), want)
		}
	}
}

func TestSegmented(t *testing.T) {
	sg := &Segmented{Rect: image.Rect(0, 0, 300, 32), Options: []string{"JVP", "VJP", "Both"}}
	d := newDriver(1, sg)
	if d.click(250, 16); sg.Selected != 2 || !sg.Changed() {
		t.Errorf("a click on the third option: selected %d, changed %v", sg.Selected, sg.Changed())
	}
	if d.click(260, 16); sg.Changed() {
		t.Error("a click on the selected option reported a change")
	}
	for _, tc := range []struct {
		key  ebiten.Key
		want int
	}{
		{ebiten.KeyArrowRight, 0}, // wraps
		{ebiten.KeyArrowRight, 1},
		{ebiten.KeyArrowLeft, 0},
		{ebiten.KeyArrowUp, 2}, // wraps
		{ebiten.KeyHome, 0},
		{ebiten.KeyEnd, 2},
		{ebiten.KeyArrowDown, 0},
	} {
		in := d.repeat(tc.key)
		if sg.Selected != tc.want || !sg.Changed() || in.Fired(tc.key) {
			t.Errorf("%v: selected %d, changed %v, key left for the scene %v; want %d, true, false",
				tc.key, sg.Selected, sg.Changed(), in.Fired(tc.key), tc.want)
		}
	}
	// An index out of range is clamped, without a change to report.
	sg.Selected = 7
	if d.repeat(); sg.Selected != 2 || sg.Changed() {
		t.Errorf("Selected 7 of 3: selected %d, changed %v; want 2, false", sg.Selected, sg.Changed())
	}
	if got := sg.Segment(1); got != image.Rect(100, 0, 200, 32) {
		t.Errorf("Segment(1) = %v", got)
	}
}

func TestSegmentedWrap(t *testing.T) {
	opts := []string{"one", "two", "three", "four", "five", "six"}
	one := &Segmented{Options: opts}
	sg := &Segmented{Options: opts, Wrap: true}
	w := one.Width(1)
	if one.Rows(w/2, 1) != 1 || sg.Rows(w, 1) != 1 {
		t.Errorf("rows: %d without Wrap in half the width, %d with Wrap in the whole; want 1 and 1", one.Rows(w/2, 1), sg.Rows(w, 1))
	}
	rows := sg.Rows(w/2, 1)
	if rows < 2 || rows > 3 {
		t.Fatalf("%d rows in half the width, want 2 or 3", rows)
	}
	sg.Rect = image.Rect(10, 20, 10+int(w/2), 20+32*rows)
	d := newDriver(1, sg)
	d.repeat()
	// The rows are filled in order, stretched to the width, and share the
	// height; the options do not overlap and cover the rectangle.
	area := 0
	for i := range opts {
		r := sg.Segment(i)
		area += r.Dx() * r.Dy()
		if r.Dy() != 32 || !r.In(sg.Rect) {
			t.Errorf("Segment(%d) = %v in %v, want a row 32 high", i, r, sg.Rect)
		}
		if i > 0 {
			p := sg.Segment(i - 1)
			if p.Overlaps(r) || (p.Min.Y == r.Min.Y) != (p.Max.X == r.Min.X) {
				t.Errorf("Segment(%d) = %v after %v: want it right after, or at the start of the next row", i, r, p)
			}
		}
	}
	if area != sg.Rect.Dx()*sg.Rect.Dy() {
		t.Errorf("the options cover %d pixels of %d", area, sg.Rect.Dx()*sg.Rect.Dy())
	}
	// A click picks the option under it, on any row.
	last := sg.Segment(len(opts) - 1)
	if d.click(float64(last.Min.X+2), float64(last.Min.Y+2)); sg.Selected != len(opts)-1 || !sg.Changed() {
		t.Errorf("a click on the last option: selected %d, changed %v", sg.Selected, sg.Changed())
	}
}

func TestSliderScale(t *testing.T) {
	lin := &Slider{Min: -2, Max: 6}
	log := &Slider{Min: 0.01, Max: 100, Log: true}
	for _, tc := range []struct {
		s    *Slider
		t, v float64
	}{
		{lin, 0, -2}, {lin, 0.25, 0}, {lin, 1, 6},
		// Four decades: a quarter of the track per decade.
		{log, 0, 0.01}, {log, 0.25, 0.1}, {log, 0.5, 1}, {log, 0.75, 10}, {log, 1, 100},
	} {
		if got := tc.s.ValueAt(tc.t); math.Abs(got-tc.v) > 1e-12*math.Abs(tc.v)+1e-15 {
			t.Errorf("log %v: ValueAt(%v) = %v, want %v", tc.s.Log, tc.t, got, tc.v)
		}
		if got := tc.s.Fraction(tc.v); math.Abs(got-tc.t) > 1e-12 {
			t.Errorf("log %v: Fraction(%v) = %v, want %v", tc.s.Log, tc.v, got, tc.t)
		}
	}
	// Outside the range: the ends.
	if lin.Fraction(-5) != 0 || lin.Fraction(9) != 1 || log.ValueAt(1.5) != 100 {
		t.Error("values past the ends are not clamped")
	}
}

func TestSliderDrag(t *testing.T) {
	for _, s := range []*Slider{
		{Rect: image.Rect(20, 10, 420, 54), Min: -2, Max: 6, Value: 0},
		{Rect: image.Rect(20, 10, 420, 54), Min: 0.01, Max: 100, Value: 1, Log: true},
	} {
		d := newDriver(1, s)
		x0, x1, y := s.track(1)
		at := func(t float64) float64 { return x0 + t*(x1-x0) }

		// A press on the track jumps there; dragging follows.
		d.pointer(at(0.75), y, true)
		if want := s.ValueAt(0.75); math.Abs(s.Value-want) > 1e-9*math.Abs(want) || !s.Changed() {
			t.Errorf("log %v: press at 3/4: value %v, changed %v; want %v, true", s.Log, s.Value, s.Changed(), want)
		}
		// Dragged off the slider, up and to the right: still dragging.
		d.pointer(at(0.25), y-200, true)
		if want := s.ValueAt(0.25); math.Abs(s.Value-want) > 1e-9*math.Abs(want) {
			t.Errorf("log %v: dragged to 1/4: value %v, want %v", s.Log, s.Value, want)
		}
		d.pointer(at(2), y-200, true)
		if s.Value != s.Max {
			t.Errorf("log %v: dragged past the end: value %v, want Max %v", s.Log, s.Value, s.Max)
		}
		d.pointer(at(2), y-200, false)
		if d.pointer(at(0.5), y-200, false); s.Changed() || s.Value != s.Max {
			t.Errorf("log %v: the pointer moved after the release: value %v", s.Log, s.Value)
		}
	}
	// The handle is drawn where the value is.
	s := &Slider{Rect: image.Rect(20, 10, 420, 54), Min: 0.01, Max: 100, Value: 10, Log: true}
	x0, x1, _ := s.track(1)
	if got, want := x0+s.Fraction(s.Value)*(x1-x0), x0+0.75*(x1-x0); math.Abs(got-want) > 1e-9 {
		t.Errorf("handle of 10 on 0.01–100 at x = %v, want %v", got, want)
	}
}

func TestSliderKeys(t *testing.T) {
	s := &Slider{Rect: image.Rect(0, 0, 400, 44), Min: 0, Max: 1, Value: 0.5}
	d := newDriver(1, s)
	d.ui.Focus(s)
	for _, tc := range []struct {
		key   ebiten.Key
		shift bool
		want  float64
	}{
		{ebiten.KeyArrowRight, false, 0.51},
		{ebiten.KeyArrowUp, false, 0.52},
		{ebiten.KeyArrowLeft, true, 0.519},
		{ebiten.KeyArrowDown, false, 0.509},
		{ebiten.KeyPageUp, false, 0.609},
		{ebiten.KeyPageDown, false, 0.509},
		{ebiten.KeyEnd, false, 1},
		{ebiten.KeyArrowRight, false, 1}, // stays at the end
		{ebiten.KeyHome, false, 0},
	} {
		d.shift = tc.shift
		in := d.repeat(tc.key)
		if math.Abs(s.Value-tc.want) > 1e-12 {
			t.Errorf("%v (shift %v): value %v, want %v", tc.key, tc.shift, s.Value, tc.want)
		}
		if in.Fired(tc.key) {
			t.Errorf("%v: the key was left for the scene", tc.key)
		}
	}

	// A value out of range is clamped, without a change to report.
	s.Value = -3
	if d.repeat(); s.Value != 0 || s.Changed() {
		t.Errorf("Value -3 on 0–1: value %v, changed %v; want 0, false", s.Value, s.Changed())
	}

	// On a log scale a step is a fixed ratio: 1/100 of four decades.
	l := &Slider{Rect: image.Rect(0, 0, 400, 44), Min: 0.01, Max: 100, Value: 1, Log: true}
	d = newDriver(1, l)
	d.ui.Focus(l)
	d.repeat(ebiten.KeyArrowRight)
	if want := math.Pow(10, 0.04); math.Abs(l.Value-want) > 1e-12 {
		t.Errorf("log slider: 1 and one step right = %v, want 10^0.04 = %v", l.Value, want)
	}
	d.repeat(ebiten.KeyPageDown)
	if want := math.Pow(10, -0.36); math.Abs(l.Value-want) > 1e-12 {
		t.Errorf("log slider: then Page Down = %v, want 10^-0.36 = %v", l.Value, want)
	}
	if s.value.s != "0" || l.value.s != "0.4365" {
		t.Errorf("values shown %q and %q, want 0 and 0.4365", s.value.s, l.value.s)
	}
}

func TestSliderPanics(t *testing.T) {
	for _, s := range []*Slider{{Min: 1, Max: 1}, {Min: 0, Max: 1, Log: true}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", s)
				}
			}()
			s.Update(&Input{}, WidgetState{Scale: 1})
		}()
	}
}

// TestFocusRingPixels draws two buttons and checks that the focus ring's
// colour surrounds the focused one only, and follows Tab.
func TestFocusRingPixels(t *testing.T) {
	const scale = 2
	b1 := &Button{Rect: image.Rect(20, 20, 180, 84), Label: "One"}
	b2 := &Button{Rect: image.Rect(220, 20, 380, 84), Label: "Two"}
	d := newDriver(scale, b1, b2)
	img := ebiten.NewImage(400, 110)
	// The ring: 2 logical pixels wide, 2 outside the button.
	band := func(r image.Rectangle) []image.Rectangle {
		out := r.Inset(-(ringGap + ringWidth) * scale)
		in := r.Inset(-ringGap * scale)
		return []image.Rectangle{
			image.Rect(out.Min.X, out.Min.Y, out.Max.X, in.Min.Y), // top
			image.Rect(out.Min.X, in.Max.Y, out.Max.X, out.Max.Y), // bottom
			image.Rect(out.Min.X, in.Min.Y, in.Min.X, in.Max.Y),   // left
			image.Rect(in.Max.X, in.Min.Y, out.Max.X, in.Max.Y),   // right
		}
	}
	// ringed reports the share of r's ring band in the ring colour, side
	// by side: the smallest over the four sides.
	ringed := func(r image.Rectangle) float64 {
		img.Fill(Light.Background)
		d.ui.Draw(img)
		got := pixels(img)
		least := 1.0
		for _, side := range band(r) {
			// Leave out the rounded corners.
			if side.Dx() > side.Dy() {
				side.Min.X += 12 * scale
				side.Max.X -= 12 * scale
			} else {
				side.Min.Y += 12 * scale
				side.Max.Y -= 12 * scale
			}
			n := viztest.Count(got, side, Light.Accent, 8)
			least = min(least, float64(n)/float64(side.Dx()*side.Dy()))
		}
		return least
	}

	d.press(ebiten.KeyTab) // focus b1
	if f := ringed(b1.Rect); f < 0.95 {
		t.Errorf("focused button: %.0f%% of a side of its ring in the focus colour, want all", 100*f)
	}
	if f := ringed(b2.Rect); f > 0 {
		t.Errorf("unfocused button: %.0f%% of a side of its ring in the focus colour, want none", 100*f)
	}
	// Nothing else is drawn in the ring's colour: it lies outside the
	// button and at most 4 logical pixels away.
	img.Fill(Light.Background)
	d.ui.Draw(img)
	got := pixels(img)
	all := viztest.Count(got, got.Bounds(), Light.Accent, 8)
	near := viztest.Count(got, b1.Rect.Inset(-(ringGap+ringWidth)*scale), Light.Accent, 8)
	if on := viztest.Count(got, b1.Rect, Light.Accent, 8); all != near || on != 0 {
		t.Errorf("%d pixels in the focus colour away from the ring, %d on the button", all-near, on)
	}

	d.press(ebiten.KeyTab) // focus b2
	if ringed(b1.Rect) > 0 || ringed(b2.Rect) < 0.95 {
		t.Error("after Tab the ring did not move to the second button")
	}
	d.press(ebiten.KeyEscape)
	if ringed(b1.Rect) > 0 || ringed(b2.Rect) > 0 {
		t.Error("after Escape a ring is still drawn")
	}
}

// TestWidgetPixels checks that the widgets draw their state: the slider's
// filled part ends at the handle, the toggle's track is filled when on, and
// the selected segment is filled.
func TestWidgetPixels(t *testing.T) {
	const scale = 1
	th := &Dark
	s := &Slider{Rect: image.Rect(10, 10, 310, 54), Min: 0, Max: 1, Value: 0.5, Label: "h"}
	tg := &Toggle{Rect: image.Rect(10, 70, 200, 94), On: true, Label: "on"}
	sg := &Segmented{Rect: image.Rect(10, 110, 310, 142), Options: []string{"a", "b", "c"}, Selected: 2}
	d := newDriver(scale, s, tg, sg)
	d.ui.Theme = th
	d.repeat()
	img := ebiten.NewImage(320, 160)
	img.Fill(th.Panel)
	d.ui.Draw(img)
	got := pixels(img)

	x0, x1, y := s.track(scale)
	mid := (x0 + x1) / 2
	for _, tc := range []struct {
		what string
		x, y float64
		want color.RGBA
	}{
		{"slider fill left of the handle", (x0 + mid) / 2, y, th.Accent},
		{"slider track right of the handle", (mid + x1) / 2, y, th.Border},
		{"slider handle", mid + 5, y, th.Accent},
		{"toggle track when on", 14, 82, th.Accent},
		{"toggle knob when on", float64(10 + toggleW - toggleH/2), 82, th.AccentText},
		{"selected segment", 220, 115, th.Accent},
		{"unselected segment", 120, 115, th.Control},
	} {
		if !viztest.Near(got, tc.x, tc.y, tc.want, 0, 8) {
			t.Errorf("%s at (%.0f, %.0f) is %v, want %v", tc.what, tc.x, tc.y, got.At(int(tc.x), int(tc.y)), tc.want)
		}
	}
}

// TestControlFaceCached: a control's face drawn from its cached image has
// the pixels of the face drawn piece by piece, over a background that
// shows through its corners, and it is drawn into an image once for each
// size and look however many frames show it.
func TestControlFaceCached(t *testing.T) {
	th := &Light
	for _, sc := range []float64{1, 2, 3} {
		r := image.Rect(7, 5, 7+devPx(90, sc), 5+devPx(28, sc))
		rad, line := devPx(widgetRadius, sc), devPx(1, sc)
		want, got := ebiten.NewImage(120*3, 40*3), ebiten.NewImage(120*3, 40*3)
		want.Fill(th.Background)
		drawRound(want, r, rad, 0, th.Selection)
		drawRound(want, r, rad, line, th.Border)
		clear(controlFaces)
		renders := faceRenders
		for range 3 {
			got.Fill(th.Background)
			drawControl(got, r, sc, th.Selection, th)
		}
		if n := faceRenders - renders; n != 1 {
			t.Errorf("scale %g: the face drawn into its image %d times over three frames, want once", sc, n)
		}
		w, g := pixels(want), pixels(got)
		for i := range w.Pix {
			if d := int(w.Pix[i]) - int(g.Pix[i]); d < -1 || d > 1 {
				p := i / 4
				t.Fatalf("scale %g: pixel (%d, %d) is %v from the cache, %v drawn piece by piece", sc, p%w.Rect.Dx(), p/w.Rect.Dx(), g.At(p%w.Rect.Dx(), p/w.Rect.Dx()), w.At(p%w.Rect.Dx(), p/w.Rect.Dx()))
			}
		}
		drawControl(got, r, sc, th.Control, th)
		if n := faceRenders - renders; n != 2 {
			t.Errorf("scale %g: another colour drew %d faces in all, want 2", sc, n)
		}
	}
}
