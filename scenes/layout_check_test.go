//go:build display

package scenes

import (
	"fmt"
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The screens every lesson must fit in CSS pixels, from a small phone to a
// laptop, in both orientations.
var checkSizes = []image.Point{{1280, 800}, {800, 500}, {390, 844}, {844, 390}, {320, 480}}

// sized returns a tick's input on a w×h screen at scale 1, the lesson's
// area under the manager's tab bar.
func sized(w, h int) *viz.Input {
	return &viz.Input{Width: w, Height: h, Scale: 1, Area: image.Rect(0, 40, w, h)}
}

// drawn runs a tick of s on a w×h screen and a frame, and returns what
// the frame drew, as window.jacobianlab.layout() reports it.
func drawn(t *testing.T, s Scene, w, h int) []viz.Drawn {
	t.Helper()
	if err := tick(s, sized(w, h)); err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImage(w, h)
	viz.BeginFrame(screen, 1)
	frame(t, s, screen)
	return viz.EndFrame(nil)
}

// layoutProblems checks what a frame drew against the rules every size
// must keep, as e2e's check of the browser does: everything inside the
// canvas, no text, formula or widget over another (1 pixel of tolerance),
// no text under 12 CSS pixels, no graph labels under 11, no grid numbers
// under 10; and no control smaller than fingers need, 44 pixels a side,
// on a narrow or short screen (as the frame's touchH), or than
// viz.MinTarget elsewhere. It returns a line for each problem.
func layoutProblems(items []viz.Drawn) []string {
	if len(items) == 0 || items[0].Kind != viz.DrawnCanvas {
		return []string{"the frame does not start with the canvas"}
	}
	c := items[0].Rect
	target := float64(viz.MinTarget)
	if c[2]-c[0] < narrowW || c[3]-c[1] < shortH {
		target = touchH
	}
	var probs []string
	name := func(d viz.Drawn) string {
		s := []rune(d.Text)
		if len(s) > 40 {
			s = append(s[:40], '…')
		}
		return fmt.Sprintf("%s %s %q at [%.0f %.0f %.0f %.0f]", d.Kind, d.ID, string(s), d.Rect[0], d.Rect[1], d.Rect[2], d.Rect[3])
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
			least = 12
			flat = append(flat, d)
		case viz.DrawnGraph:
			least = 11
		case viz.DrawnGrid:
			least = 10
		}
		if d.Kind == viz.DrawnWidget && (r[2]-r[0] < target-0.5 || r[3]-r[1] < target-0.5) {
			probs = append(probs, fmt.Sprintf("a control under %v×%v: %s", target, target, name(d)))
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
