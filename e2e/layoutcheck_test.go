//go:build e2e && gallery && !js

package e2e

import (
	"fmt"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The smallest font sizes a lesson may draw, in CSS pixels: texts, formulas
// and widgets' labels; a graph's node labels; a grid's numbers, which are
// read like an axis's ticks.
const (
	minTextPx  = 12
	minGraphPx = 11
	minGridPx  = 10
)

// layoutProblems checks what a frame drew (window.jacobianlab.layout(),
// or the desktop build's -layout file) against the rules every size must
// keep: everything inside the canvas, no text, formula or widget over
// another (1 pixel of tolerance), no text too small to read. It returns a
// line for each problem.
func layoutProblems(items []viz.Drawn) []string {
	if len(items) == 0 || items[0].Kind != viz.DrawnCanvas {
		return []string{"layout() does not start with the canvas"}
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
		min := 0.0
		switch d.Kind {
		case viz.DrawnText, viz.DrawnFormula, viz.DrawnWidget:
			min = minTextPx
			flat = append(flat, d)
		case viz.DrawnGraph:
			min = minGraphPx
		case viz.DrawnGrid:
			min = minGridPx
		}
		if d.Px > 0 && d.Px < min-0.01 {
			probs = append(probs, fmt.Sprintf("text of %.1f px, under %v: %s", d.Px, min, name(d)))
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
