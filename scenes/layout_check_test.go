//go:build display

package scenes

import (
	"fmt"
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The smallest font sizes a lesson may draw, in CSS pixels: texts,
// formulas and widgets' labels; a graph's node labels; a grid's numbers,
// which are read like an axis's ticks.
const (
	minTextPx  = 12
	minGraphPx = 11
	minGridPx  = 10
)

// The smallest a control may be, in CSS pixels: for a finger on a touch
// screen, and for a mouse.
const (
	minTouch = 44
	minMouse = 24
)

// layoutScreen is a screen a lesson must fit: its size in CSS pixels, and
// whether it is a touch screen.
type layoutScreen struct {
	w, h  int
	touch bool
}

// layoutScreens are laptops, a short window, phones upright and on their
// side, and the smallest phone.
var layoutScreens = []layoutScreen{{1280, 800, false}, {800, 500, false}, {390, 844, true}, {844, 390, true}, {320, 480, true}}

// layoutProblems checks what a frame drew (viz.BeginFrame … EndFrame)
// against the rules every size must keep: everything inside the canvas,
// no text, formula or widget over another (1 pixel of tolerance), no text
// too small to read, no control too small to press (minTouch on a touch
// screen, minMouse elsewhere). It returns a line for each problem.
func layoutProblems(items []viz.Drawn, touch bool) []string {
	if len(items) == 0 || items[0].Kind != viz.DrawnCanvas {
		return []string{"the frame's record does not start with the canvas"}
	}
	c := items[0].Rect
	var probs []string
	name := func(d viz.Drawn) string {
		s := d.Text
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("%s %s %q at [%.0f %.0f %.0f %.0f]", d.Kind, d.ID, s, d.Rect[0], d.Rect[1], d.Rect[2], d.Rect[3])
	}
	var flat []viz.Drawn
	for _, d := range items[1:] {
		r := d.Rect
		if r[0] < c[0]-1 || r[1] < c[1]-1 || r[2] > c[2]+1 || r[3] > c[3]+1 {
			probs = append(probs, "cut off by the canvas's edge: "+name(d))
		}
		least := 0.0
		switch d.Kind {
		case viz.DrawnText, viz.DrawnFormula, viz.DrawnWidget:
			least = minTextPx
			flat = append(flat, d)
		case viz.DrawnGraph:
			least = minGraphPx
		case viz.DrawnGrid:
			least = minGridPx
		}
		if d.Px > 0 && d.Px < least-0.01 {
			probs = append(probs, fmt.Sprintf("text of %.1f px, under %v: %s", d.Px, least, name(d)))
		}
		press := float64(minMouse)
		if touch {
			press = minTouch
		}
		if d.Kind == viz.DrawnWidget && (r[2]-r[0] < press-0.5 || r[3]-r[1] < press-0.5) {
			probs = append(probs, fmt.Sprintf("a control smaller than %v×%v: %s", press, press, name(d)))
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

// checkLayout lays l's scene s out on a screen sc, at scale 1 under
// a tab bar 40 pixels high, shows each of the lesson's sheets in turn (all
// of them at once when they fit side by side), and reports what
// layoutProblems finds in each frame, naming it by name, the size and the
// sheet. The frame's own sheet, the step's text on a short screen, is left
// to the frame's tests.
func checkLayout(t *testing.T, name string, s Scene, l *lesson, sc layoutScreen) {
	t.Helper()
	in := &viz.Input{Width: sc.w, Height: sc.h, Scale: 1, Area: image.Rect(0, 40, sc.w, sc.h)}
	screen := ebiten.NewImage(sc.w, sc.h)
	defer screen.Deallocate()
	tick(s, in)
	sheets := max(1, len(l.sheetNames))
	for k := range sheets {
		if l.switcher.Selected = k; l.showText() {
			continue
		}
		tick(s, in)
		screen.Clear()
		viz.BeginFrame(screen, 1)
		frame(t, s, screen)
		for _, p := range layoutProblems(viz.EndFrame(nil), sc.touch) {
			t.Errorf("%s at %dx%d, sheet %d of %d: %s", name, sc.w, sc.h, k+1, sheets, p)
		}
	}
}
