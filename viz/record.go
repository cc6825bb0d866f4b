package viz

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
)

// Drawn is one thing a frame drew on the screen, for
// window.jacobianlab.layout(): a text, a formula, a widget, a plot, a
// grid, a graph, or the canvas itself. Rect is [x0, y0, x1, y1] and Px the
// font size, both in logical (CSS) pixels from the screen's top-left.
// Text is a text's text, a formula's TeX source (when it was set from
// TeX), or a widget's name (WidgetName). A widget, grid or graph covers the texts it draws inside itself: they are
// part of it, not entries of their own. HTML marks a widget that an
// element of the web page lies over and shows (a text field's input).
type Drawn struct {
	Kind string     `json:"kind"`
	ID   string     `json:"id,omitempty"`
	Text string     `json:"text,omitempty"`
	Rect [4]float64 `json:"rect"`
	Px   float64    `json:"px,omitempty"`
	HTML bool       `json:"html,omitempty"`
}

// The kinds of Drawn.
const (
	DrawnCanvas  = "canvas"
	DrawnText    = "text"
	DrawnFormula = "formula"
	DrawnWidget  = "widget"
	DrawnPlot    = "plot"
	DrawnGrid    = "grid"
	DrawnGraph   = "graph"
)

// drawLog collects what is drawn on one screen image during a frame.
// Drawing happens on one goroutine, the game loop's.
type drawLog struct {
	target *ebiten.Image // the screen, or nil when not recording
	scale  float64
	items  []Drawn
	inner  int // the entry that texts drawn now belong to, or -1
}

var rec = drawLog{inner: -1}

// BeginFrame starts recording what is drawn on screen, at scale device
// pixels per logical pixel, until EndFrame. Drawing on other images
// (caches, offscreen renders) is not recorded.
func BeginFrame(screen *ebiten.Image, scale float64) {
	rec.target, rec.scale, rec.inner = screen, scale, -1
	rec.items = rec.items[:0]
	b := screen.Bounds()
	rec.add(DrawnCanvas, "", "", float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y), 0)
}

// EndFrame stops recording and appends what the frame drew to dst, in the
// order it was drawn.
func EndFrame(dst []Drawn) []Drawn {
	rec.target = nil
	return append(dst, rec.items...)
}

// Recorded returns how many entries the frame being recorded holds so far,
// BeginFrame's entry for the canvas among them.
func Recorded() int { return len(rec.items) }

// on reports whether drawing on dst is recorded.
func (r *drawLog) on(dst *ebiten.Image) bool { return r.target != nil && dst == r.target }

// add records a thing drawn over the device-pixel rectangle (x0, y0)–(x1,
// y1) with text of px device pixels, and returns its index; inside a
// widget, grid or graph it extends that entry instead, but for a grid,
// whose numbers keep their own least size (MinGridPx), which is entered
// on its own as well.
func (r *drawLog) add(kind, id, text string, x0, y0, x1, y1, px float64) int {
	if r.inner >= 0 && kind == DrawnGrid {
		inner := r.inner
		r.inner = -1
		r.add(kind, id, text, x0, y0, x1, y1, px)
		r.inner = inner
		px = 0
	}
	if r.inner >= 0 {
		d := &r.items[r.inner]
		s := r.scale
		d.Rect = [4]float64{math.Min(d.Rect[0], x0/s), math.Min(d.Rect[1], y0/s), math.Max(d.Rect[2], x1/s), math.Max(d.Rect[3], y1/s)}
		if px > 0 && (d.Px == 0 || px/s < d.Px) {
			d.Px = px / s
		}
		return r.inner
	}
	s := r.scale
	r.items = append(r.items, Drawn{Kind: kind, ID: id, Text: text, Rect: [4]float64{x0 / s, y0 / s, x1 / s, y1 / s}, Px: px / s})
	return len(r.items) - 1
}

// within records a thing drawn over rect by draw, whose own texts extend
// it rather than being entries of their own; html says that an element of
// the web page lies over it.
func (r *drawLog) within(dst *ebiten.Image, kind, id, text string, html bool, rect image.Rectangle, px float64, draw func()) {
	if !r.on(dst) || r.inner >= 0 {
		draw()
		return
	}
	r.inner = r.add(kind, id, text, float64(rect.Min.X), float64(rect.Min.Y), float64(rect.Max.X), float64(rect.Max.Y), px)
	r.items[r.inner].HTML = html
	defer func() { r.inner = -1 }()
	draw()
}

// Named is a widget that says what it is, for WidgetName: a scene's own.
type Named interface {
	// WidgetName returns the widget's kind and its text.
	WidgetName() (kind, text string)
}

// WidgetName returns what layout() and state() call a widget: its kind and
// its text: a button's or a switch's label, a slider's name, a text
// field's text, a segmented control's options, or what a Named widget
// says.
func WidgetName(w Widget) (kind, text string) {
	switch w := w.(type) {
	case Named:
		return w.WidgetName()
	case *Button:
		return "button", w.Label
	case *Toggle:
		return "toggle", w.Label
	case *Slider:
		return "slider", w.Label
	case *TextField:
		return "textfield", w.Text()
	case *Segmented:
		return "segmented", strings.Join(w.Options, " | ")
	}
	return "", ""
}

// The layout rules every frame keeps, at every size, in CSS pixels: no
// text, formula or widget label under MinTextPx, no graph label under
// MinGraphPx, no number in a grid under MinGridPx (they are read like an
// axis's ticks), and no control smaller than TouchTarget a side on a
// touch screen (MinTarget elsewhere).
const (
	MinTextPx   = 12
	MinGraphPx  = 11
	MinGridPx   = 10
	TouchTarget = 44
)

// LayoutProblems checks what a frame drew (see BeginFrame, and
// window.jacobianlab.layout()) against the layout rules: everything inside
// the canvas, no text, formula or widget over another (with a pixel of
// tolerance), no text too small to read, no control smaller than
// minControl a side. It returns a line for each problem, none when the
// frame keeps the rules.
func LayoutProblems(items []Drawn, minControl float64) []string {
	if len(items) == 0 || items[0].Kind != DrawnCanvas {
		return []string{"the record does not start with the canvas"}
	}
	c := items[0].Rect
	name := func(d Drawn) string {
		s := []rune(d.Text)
		if len(s) > 40 {
			s = append(s[:40], '…')
		}
		return fmt.Sprintf("%s %s %q at [%.0f %.0f %.0f %.0f]", d.Kind, d.ID, string(s), d.Rect[0], d.Rect[1], d.Rect[2], d.Rect[3])
	}
	var probs []string
	var flat []Drawn
	for _, d := range items[1:] {
		r := d.Rect
		if r[0] < c[0]-1 || r[1] < c[1]-1 || r[2] > c[2]+1 || r[3] > c[3]+1 {
			probs = append(probs, "cut off by the canvas's edge: "+name(d))
		}
		least := 0.0
		switch d.Kind {
		case DrawnText, DrawnFormula, DrawnWidget:
			least = MinTextPx
			flat = append(flat, d)
		case DrawnGraph:
			least = MinGraphPx
		case DrawnGrid:
			least = MinGridPx
		}
		if d.Px > 0 && d.Px < least-0.01 {
			probs = append(probs, fmt.Sprintf("text of %.1f px, under %v: %s", d.Px, least, name(d)))
		}
		if d.Kind == DrawnWidget && (r[2]-r[0] < minControl-0.5 || r[3]-r[1] < minControl-0.5) {
			probs = append(probs, fmt.Sprintf("a control under %v×%v: %s", minControl, minControl, name(d)))
		}
	}
	for i, a := range flat {
		for _, b := range flat[i+1:] {
			w := min(a.Rect[2], b.Rect[2]) - max(a.Rect[0], b.Rect[0])
			h := min(a.Rect[3], b.Rect[3]) - max(a.Rect[1], b.Rect[1])
			if w > 1 && h > 1 {
				probs = append(probs, "overlap: "+name(a)+" and "+name(b))
			}
		}
	}
	return probs
}
