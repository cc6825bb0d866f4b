package viz

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/jacobianlab/jacobianlab/core"
)

// Button is a push button. It is clicked by a press and release on it, or
// by Enter or Space while it has the focus.
type Button struct {
	// Rect is where the button is drawn, in screen pixels.
	Rect image.Rectangle
	// Label is the text on the button.
	Label string

	clicked bool
	down    bool // held by the pointer, which is over it
	label   textLabel
}

var _ Widget = (*Button)(nil)

// Bounds implements Widget.
func (b *Button) Bounds() image.Rectangle { return b.Rect }

// Clicked reports whether the button was clicked in the last Update.
func (b *Button) Clicked() bool { return b.clicked }

// Update implements Widget.
func (b *Button) Update(in *Input, st WidgetState) {
	b.label.set(b.Label, widgetPx*st.Scale)
	hit := HitRect(b.Rect, st.Scale)
	p := in.Pointer
	b.down = st.Pointer && p.Down && image.Pt(int(math.Floor(p.X)), int(math.Floor(p.Y))).In(hit)
	b.clicked = clicked(in, st, hit)
	if activated(in, st) {
		b.clicked = true
	}
}

// Draw implements Widget.
func (b *Button) Draw(dst *ebiten.Image, th *Theme, st WidgetState) {
	// The label as it is now: a tick may change it after Update.
	b.label.set(b.Label, widgetPx*st.Scale)
	face := th.Control
	if b.down {
		face = th.Selection
	}
	drawControl(dst, b.Rect, st.Scale, face, th)
	b.label.drawCentred(dst, centre(b.Rect), centreY(b.Rect), th.Text)
}

// drawControl draws the face and outline of a control in r.
func drawControl(dst *ebiten.Image, r image.Rectangle, scale float64, face color.RGBA, th *Theme) {
	drawFace(dst, r, devPx(widgetRadius, scale), devPx(1, scale), face, th.Border)
}

func centre(r image.Rectangle) float64  { return float64(r.Min.X+r.Max.X) / 2 }
func centreY(r image.Rectangle) float64 { return float64(r.Min.Y+r.Max.Y) / 2 }

// Toggle is an on/off switch with a label to its right. A click, Enter or
// Space flips it.
type Toggle struct {
	// Rect is where the switch and its label are drawn, in screen pixels.
	Rect image.Rectangle
	// Label is the text beside the switch.
	Label string
	// On is the switch's state.
	On bool

	changed bool
	label   textLabel
}

var _ Widget = (*Toggle)(nil)

// Toggle geometry in logical pixels.
const (
	toggleW, toggleH = 36, 20
	toggleKnob       = 7 // knob radius
	toggleGap        = 8 // between the switch and the label
)

// Bounds implements Widget.
func (t *Toggle) Bounds() image.Rectangle { return t.Rect }

// Changed reports whether the user flipped the toggle in the last Update.
func (t *Toggle) Changed() bool { return t.changed }

// Update implements Widget.
func (t *Toggle) Update(in *Input, st WidgetState) {
	t.label.set(t.Label, widgetPx*st.Scale)
	t.changed = clicked(in, st, HitRect(t.Rect, st.Scale))
	if activated(in, st) {
		t.changed = true
	}
	if t.changed {
		t.On = !t.On
	}
}

// track returns the switch's rectangle: at the left of Rect, centred
// vertically.
func (t *Toggle) track(scale float64) image.Rectangle {
	w, h := devPx(toggleW, scale), devPx(toggleH, scale)
	y := (t.Rect.Min.Y + t.Rect.Max.Y - h) / 2
	return image.Rect(t.Rect.Min.X, y, t.Rect.Min.X+w, y+h)
}

// Draw implements Widget.
func (t *Toggle) Draw(dst *ebiten.Image, th *Theme, st WidgetState) {
	s := st.Scale
	tr := t.track(s)
	rad := tr.Dy() / 2
	knob := float64(tr.Dy()) / 2
	cy := centreY(tr)
	if t.On {
		drawRound(dst, tr, rad, 0, th.Accent)
		Dot(dst, float64(tr.Max.X)-knob, cy, toggleKnob*s, th.AccentText)
	} else {
		drawFace(dst, tr, rad, devPx(1, s), th.Control, th.Border)
		Dot(dst, float64(tr.Min.X)+knob, cy, toggleKnob*s, th.Muted)
	}
	t.label.draw(dst, float64(tr.Max.X)+toggleGap*s, centreY(t.Rect), th.Text)
}

// Segmented is a choice of one of a few options shown side by side, like a
// group of radio buttons. A click picks an option; with the focus, the arrow
// keys move to the previous or next one (wrapping around), Home and End to
// the first and last.
type Segmented struct {
	// Rect is where the options are drawn, in equal widths, in screen
	// pixels. Give each option at least MinTarget logical pixels.
	Rect image.Rectangle
	// Options are the options' labels.
	Options []string
	// Selected is the index of the chosen option.
	Selected int
	// Wrap lets the options flow onto as many rows as Rect's width needs
	// (Rows says how many): each as wide as its label and margin, the rows
	// filled in order and stretched to the width, sharing Rect's height.
	// Without it they share one row in equal widths.
	Wrap bool

	changed bool
	labels  []textLabel
	scale   float64 // the labels' scale
}

var _ Widget = (*Segmented)(nil)

// Bounds implements Widget.
func (g *Segmented) Bounds() image.Rectangle { return g.Rect }

// Changed reports whether the user chose another option in the last Update.
func (g *Segmented) Changed() bool { return g.changed }

// Width returns the width in pixels the options need at scale device
// pixels per logical pixel: each its label and a margin, the widest
// setting the width of all, since the segments are equal.
func (g *Segmented) Width(scale float64) float64 {
	w := 0.0
	for _, o := range g.Options {
		ow, _ := MeasureText(o, widgetPx*scale)
		w = math.Max(w, ow)
	}
	return float64(len(g.Options)) * (w + segmentMargin*scale)
}

// segmentMargin is the room in logical pixels beside an option's label.
const segmentMargin = 24

// Rows returns the number of rows the options take in width pixels at
// scale: one without Wrap.
func (g *Segmented) Rows(width, scale float64) int {
	g.measure(scale)
	return len(g.rowStarts(width))
}

// measure measures the labels at scale.
func (g *Segmented) measure(scale float64) {
	if len(g.labels) != len(g.Options) {
		g.labels = make([]textLabel, len(g.Options))
	}
	for i, o := range g.Options {
		g.labels[i].set(o, widgetPx*scale)
	}
	g.scale = scale
}

// rowStarts returns the index of the first option of each row in width
// pixels, the labels measured.
func (g *Segmented) rowStarts(width float64) []int {
	starts := []int{0}
	if !g.Wrap {
		return starts
	}
	x := 0.0
	for i := range g.labels {
		w := g.labels[i].w + segmentMargin*g.scale
		if x > 0 && x+w > width {
			starts = append(starts, i)
			x = 0
		}
		x += w
	}
	return starts
}

// Segment returns the rectangle of option i, in screen pixels, as of the
// last Update.
func (g *Segmented) Segment(i int) image.Rectangle {
	n := len(g.Options)
	r := g.Rect
	if !g.Wrap || len(g.labels) != n {
		return image.Rect(r.Min.X+i*r.Dx()/n, r.Min.Y, r.Min.X+(i+1)*r.Dx()/n, r.Max.Y)
	}
	starts := g.rowStarts(float64(r.Dx()))
	row := 0
	for row+1 < len(starts) && starts[row+1] <= i {
		row++
	}
	end := n
	if row+1 < len(starts) {
		end = starts[row+1]
	}
	var before, total float64
	for k := starts[row]; k < end; k++ {
		w := g.labels[k].w + segmentMargin*g.scale
		if k < i {
			before += w
		}
		total += w
	}
	at := func(w float64) int { return r.Min.X + int(math.Round(w/total*float64(r.Dx()))) }
	rows := len(starts)
	return image.Rect(at(before), r.Min.Y+row*r.Dy()/rows, at(before+g.labels[i].w+segmentMargin*g.scale), r.Min.Y+(row+1)*r.Dy()/rows)
}

// at returns the option under the point (x, y), or the nearest one.
func (g *Segmented) at(x, y float64) int {
	best, bestD := 0, math.Inf(1)
	for i := range g.Options {
		r := g.Segment(i)
		dx := max(float64(r.Min.X)-x, 0, x-float64(r.Max.X-1))
		dy := max(float64(r.Min.Y)-y, 0, y-float64(r.Max.Y-1))
		if d := math.Hypot(dx, dy); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// Update implements Widget.
func (g *Segmented) Update(in *Input, st WidgetState) {
	g.changed = false
	n := len(g.Options)
	if n == 0 {
		return
	}
	g.measure(st.Scale)
	g.Selected = min(max(g.Selected, 0), n-1)
	sel := g.Selected
	if clicked(in, st, HitRect(g.Rect, st.Scale)) {
		// The hit rectangle may reach past the ends: the nearest option.
		sel = g.at(math.Floor(in.Pointer.X), math.Floor(in.Pointer.Y))
	}
	if st.Focused {
		prev := in.Take(ebiten.KeyArrowLeft)
		prev = in.Take(ebiten.KeyArrowUp) || prev
		next := in.Take(ebiten.KeyArrowRight)
		next = in.Take(ebiten.KeyArrowDown) || next
		switch {
		case in.Take(ebiten.KeyHome):
			sel = 0
		case in.Take(ebiten.KeyEnd):
			sel = n - 1
		case prev:
			sel = (sel - 1 + n) % n
		case next:
			sel = (sel + 1) % n
		}
	}
	g.changed = sel != g.Selected
	g.Selected = sel
}

// Draw implements Widget.
func (g *Segmented) Draw(dst *ebiten.Image, th *Theme, st WidgetState) {
	s := st.Scale
	drawControl(dst, g.Rect, s, th.Control, th)
	rad := devPx(widgetRadius, s)
	line := devPx(1, s)
	for i := range g.labels {
		r := g.Segment(i)
		if r.Min.Y > g.Rect.Min.Y && r.Min.X == g.Rect.Min.X {
			// A row after the first.
			vector.FillRect(dst, float32(g.Rect.Min.X), float32(r.Min.Y), float32(g.Rect.Dx()), float32(line), th.Border, false)
		}
	}
	for i := range g.labels {
		r := g.Segment(i)
		clr := th.Text
		if i == g.Selected {
			drawRound(dst, r, rad, 0, th.Accent)
			clr = th.AccentText
		} else if r.Min.X > g.Rect.Min.X && i-1 != g.Selected {
			vector.FillRect(dst, float32(r.Min.X), float32(r.Min.Y), float32(line), float32(r.Dy()), th.Border, false)
		}
		g.labels[i].drawCentred(dst, centre(r), centreY(r), clr)
	}
}

// Slider picks a number between Min and Max by dragging a handle along a
// track, on a linear or logarithmic scale. Its label and value are shown
// above the track. With the focus, the arrow keys move it by one step (a
// tenth of a step with Shift), Page Up and Page Down by ten, Home and End
// to the ends.
type Slider struct {
	// Rect is where the slider is drawn, in screen pixels: the label and
	// value on the top line, the track along the bottom. 44 logical
	// pixels high fits both.
	Rect image.Rectangle
	// Label names the value.
	Label string
	// Min and Max are the ends of the range, Min < Max. On a logarithmic
	// scale (Log set) they must also be positive: the handle's position
	// is then proportional to log(Value). Otherwise Update will panic.
	Min, Max float64
	Log      bool
	// Value is the current value, kept within [Min, Max].
	Value float64
	// Steps is the number of keyboard steps from one end to the other;
	// 0 means 100.
	Steps int
	// Format formats the value shown; nil means 4 significant digits.
	Format func(float64) string

	changed bool
	label   textLabel
	value   textLabel
	shown   float64 // the value in the value label
}

var _ Widget = (*Slider)(nil)

// Slider geometry in logical pixels.
const (
	sliderHandle = 8 // handle radius
	sliderTrack  = 4 // track thickness
)

// Bounds implements Widget.
func (s *Slider) Bounds() image.Rectangle { return s.Rect }

// Changed reports whether the user moved the slider in the last Update.
func (s *Slider) Changed() bool { return s.changed }

// Fraction returns where v lies along the slider's track, from 0 at Min to 1
// at Max, on its scale: (v − Min)/(Max − Min), or
// log(v/Min)/log(Max/Min) if Log is set.
func (s *Slider) Fraction(v float64) float64 {
	var t float64
	if s.Log {
		t = math.Log(v/s.Min) / math.Log(s.Max/s.Min)
	} else {
		t = (v - s.Min) / (s.Max - s.Min)
	}
	return min(max(t, 0), 1)
}

// ValueAt returns the value at fraction t of the track, the inverse of
// Fraction: Min + t(Max − Min), or Min·(Max/Min)^t if Log is set.
func (s *Slider) ValueAt(t float64) float64 {
	t = min(max(t, 0), 1)
	switch {
	case t == 1:
		return s.Max // exactly, whatever the rounding
	case s.Log:
		return s.Min * math.Pow(s.Max/s.Min, t)
	}
	return s.Min + t*(s.Max-s.Min)
}

// track returns the ends and height of the track's centre line.
func (s *Slider) track(scale float64) (x0, x1, y float64) {
	h := sliderHandle * scale
	return float64(s.Rect.Min.X) + h, float64(s.Rect.Max.X) - h, float64(s.Rect.Max.Y) - h - 2*scale
}

// Update implements Widget.
func (s *Slider) Update(in *Input, st WidgetState) {
	if !(s.Min < s.Max) || (s.Log && !(s.Min > 0)) {
		panic("viz: slider range needs Min < Max, and 0 < Min on a log scale")
	}
	s.Value = min(max(s.Value, s.Min), s.Max)
	v := s.Value
	if x0, x1, _ := s.track(st.Scale); st.Pointer && (in.Pointer.Down || in.Pointer.Released) && x1 > x0 {
		v = s.ValueAt((in.Pointer.X - x0) / (x1 - x0))
	}
	if st.Focused {
		steps := float64(s.Steps)
		if steps <= 0 {
			steps = 100
		}
		step := 1 / steps
		if in.Shift {
			step /= 10
		}
		var move float64
		for _, k := range []struct {
			key ebiten.Key
			by  float64
		}{
			{ebiten.KeyArrowLeft, -step}, {ebiten.KeyArrowDown, -step},
			{ebiten.KeyArrowRight, step}, {ebiten.KeyArrowUp, step},
			{ebiten.KeyPageDown, -10 / steps}, {ebiten.KeyPageUp, 10 / steps},
		} {
			if in.Take(k.key) {
				move += k.by
			}
		}
		if move != 0 {
			v = s.ValueAt(s.Fraction(v) + move)
		}
		if in.Take(ebiten.KeyHome) {
			v = s.Min
		}
		if in.Take(ebiten.KeyEnd) {
			v = s.Max
		}
	}
	s.changed = v != s.Value
	s.Value = v

	px := widgetPx * st.Scale
	s.label.set(s.Label, px)
	if !s.value.valid || v != s.shown || px != s.value.px {
		s.shown = v
		if s.Format != nil {
			s.value.set(s.Format(v), px)
		} else {
			s.value.set(core.Float(v, 4), px)
		}
	}
}

// Draw implements Widget.
func (s *Slider) Draw(dst *ebiten.Image, th *Theme, st WidgetState) {
	sc := st.Scale
	x0, x1, y := s.track(sc)
	x := x0 + s.Fraction(s.Value)*(x1-x0)
	h := devPx(sliderTrack, sc)
	top := int(math.Round(y)) - h/2
	drawRound(dst, image.Rect(int(x0), top, int(x1), top+h), h/2, 0, th.Border)
	drawRound(dst, image.Rect(int(x0), top, int(math.Round(x)), top+h), h/2, 0, th.Accent)
	Dot(dst, x, y, sliderHandle*sc, th.Accent)
	Dot(dst, x, y, sliderHandle*sc/3, th.AccentText)

	cy := float64(s.Rect.Min.Y) + 10*sc
	s.label.draw(dst, float64(s.Rect.Min.X), cy, th.Text)
	s.value.draw(dst, float64(s.Rect.Max.X)-s.value.w, cy, th.Text)
}
