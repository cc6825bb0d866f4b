//go:build display

package scenes

import (
	"fmt"
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The smallest font sizes a lesson may draw, in CSS pixels, as the
// browser's gallery test has them: texts, formulas and widgets' labels; a
// graph's node labels; a grid's numbers.
const (
	minTextPx  = 12
	minGraphPx = 11
	minGridPx  = 10
)

// sizedInput returns a tick's input on a screen of w×h CSS pixels at
// scale device pixels per CSS pixel, with the tab bar's 40 CSS pixels
// above the scene.
func sizedInput(w, h int, scale float64) *viz.Input {
	dw, dh := int(float64(w)*scale), int(float64(h)*scale)
	return &viz.Input{Width: dw, Height: dh, Scale: scale, Area: image.Rect(0, int(40*scale), dw, dh)}
}

// drawnFrame runs two frames of s on a screen of in's size and returns
// what the second drew: the first renders the caches whose sizes the
// record takes (a grid's numbers).
func drawnFrame(t testing.TB, s Scene, in *viz.Input) []viz.Drawn {
	t.Helper()
	screen := ebiten.NewImage(in.Width, in.Height)
	defer screen.Deallocate()
	frame(t, s, screen)
	viz.BeginFrame(screen, in.Scale)
	frame(t, s, screen)
	return viz.EndFrame(nil)
}

// drawnProblems checks what a frame drew against the rules every size
// must keep, as the browser's gallery test does: everything inside the
// canvas, no text, formula or widget over another (1 pixel of tolerance),
// no text too small to read. It returns a line for each problem.
func drawnProblems(items []viz.Drawn) []string {
	if len(items) == 0 || items[0].Kind != viz.DrawnCanvas {
		return []string{"the record does not start with the canvas"}
	}
	c := items[0].Rect
	name := func(d viz.Drawn) string {
		s := []rune(d.Text)
		if len(s) > 40 {
			s = append(s[:40], '…')
		}
		return fmt.Sprintf("%s %s %q at [%.0f %.0f %.0f %.0f]", d.Kind, d.ID, string(s), d.Rect[0], d.Rect[1], d.Rect[2], d.Rect[3])
	}
	var probs []string
	var flat []viz.Drawn
	for _, d := range items[1:] {
		r := d.Rect
		if r[0] < c[0]-1 || r[1] < c[1]-1 || r[2] > c[2]+1 || r[3] > c[3]+1 {
			probs = append(probs, "cut off by the screen's edge: "+name(d))
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

// checkLayout lays a lesson out in in's area and fails t for each
// problem of what a frame draws, prefixed by where. With every, it shows
// each of the lesson's sheets in turn (all at once when they fit side by
// side, the step's text when it is one), and the first one shown
// otherwise.
func checkLayout(t *testing.T, where string, s Scene, l *lesson, in *viz.Input, every bool) {
	t.Helper()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	n := 1
	if every {
		n = max(1, len(l.sheetNames))
	}
	for k := range n {
		l.switcher.Selected = k
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
		sheet := "every sheet"
		if l.sheetNames != nil {
			sheet = "sheet " + l.sheetNames[k]
		}
		for _, p := range drawnProblems(drawnFrame(t, s, in)) {
			t.Errorf("%s, %s: %s", where, sheet, p)
		}
	}
	l.switcher.Selected = 0
}
