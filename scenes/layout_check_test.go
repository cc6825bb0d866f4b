//go:build display

package scenes

import (
	"fmt"
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The screens every lesson must fit, in CSS pixels: phones both ways, a
// small phone, a short laptop window, a tablet in portrait, laptops, and a
// large monitor.
var layoutScreens = []image.Point{
	{320, 480}, {390, 844}, {844, 390}, {600, 800}, {800, 500}, {1024, 768}, {1280, 800}, {1920, 1080}, {2560, 1440},
}

// screenInput returns the input of a tick on a w×h screen at scale 1, the
// lesson's area under the manager's tabs.
func screenInput(w, h int) *viz.Input {
	return &viz.Input{Width: w, Height: h, Scale: 1, Area: image.Rect(0, 40, w, h)}
}

// drawnFrame runs a tick of s on a w×h screen and a frame, and returns
// what the frame drew.
func drawnFrame(t testing.TB, s Scene, w, h int) []viz.Drawn {
	t.Helper()
	if err := tick(s, screenInput(w, h)); err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImage(w, h)
	defer screen.Deallocate()
	viz.BeginFrame(screen, 1)
	frame(t, s, screen)
	return viz.EndFrame(nil)
}

// The least font sizes in CSS pixels: of texts, formulas and widgets'
// labels; of a graph's labels; of a grid's numbers.
const (
	leastTextPx  = 12
	leastGraphPx = 11
	leastGridPx  = 10
)

// layoutProblems checks what a frame drew against the rules every screen
// keeps: everything inside the screen, no text, formula or widget over
// another (a pixel of tolerance), no text too small to read. It returns a
// line for each problem.
func layoutProblems(items []viz.Drawn) []string {
	if len(items) == 0 || items[0].Kind != viz.DrawnCanvas {
		return []string{"the record does not start with the screen"}
	}
	c := items[0].Rect
	name := func(d viz.Drawn) string {
		s := d.Text
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("%s %s %q at [%.0f %.0f %.0f %.0f]", d.Kind, d.ID, s, d.Rect[0], d.Rect[1], d.Rect[2], d.Rect[3])
	}
	var probs []string
	var flat []viz.Drawn
	for _, d := range items[1:] {
		r := d.Rect
		if r[0] < c[0]-1 || r[1] < c[1]-1 || r[2] > c[2]+1 || r[3] > c[3]+1 {
			probs = append(probs, "off the screen: "+name(d))
		}
		least := 0.0
		switch d.Kind {
		case viz.DrawnText, viz.DrawnFormula, viz.DrawnWidget:
			least = leastTextPx
			flat = append(flat, d)
		case viz.DrawnGraph:
			least = leastGraphPx
		case viz.DrawnGrid:
			least = leastGridPx
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
