//go:build e2e && !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
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

// The smallest a control may be, in CSS pixels: for a finger on a touch
// screen, and for a mouse.
const (
	minTouch = 44
	minMouse = 24
)

// layoutProblems checks what a frame drew (window.jacobianlab.layout(),
// or the desktop build's -layout file) against the rules every size must
// keep: everything inside the canvas, no text, formula or widget over
// another (1 pixel of tolerance), no text too small to read, no control
// too small to press (minTouch on a touch screen, minMouse elsewhere). It
// returns a line for each problem.
func layoutProblems(items []viz.Drawn, touch bool) []string {
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
		least := float64(minMouse)
		if touch {
			least = minTouch
		}
		if d.Kind == viz.DrawnWidget && (r[2]-r[0] < least-0.5 || r[3]-r[1] < least-0.5) {
			probs = append(probs, fmt.Sprintf("a control smaller than %v×%v: %s", least, least, name(d)))
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

// galleryView is a window size the lessons must fit: phones in both
// orientations (with mobile emulation and touch at device scale 3), an
// iframe in a course page's column, laptops and a projector.
type galleryView struct {
	w, h   int64
	mobile bool
}

var galleryViews = []galleryView{
	{1920, 1080, false}, {1280, 800, false}, {1024, 768, false}, {800, 500, false},
	{600, 800, false}, {390, 844, true}, {844, 390, true},
}

// resize emulates the view and waits until the app has drawn a frame at
// its size.
func resize(t testing.TB, ctx context.Context, v galleryView) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if v.mobile {
		opts = []chromedp.EmulateViewportOption{chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch}
		if v.w > v.h {
			opts = append(opts, chromedp.EmulateLandscape)
		} else {
			opts = append(opts, chromedp.EmulatePortrait)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.w, v.h, opts...)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, fmt.Sprintf(`(() => { const c = window.jacobianlab.layout()[0]; return c && Math.abs(c.rect[2] - %d) <= 1 && Math.abs(c.rect[3] - %d) <= 1 })()`, v.w, v.h), 10*time.Second)
}

// goToStep presses PageDown or PageUp until the lesson is at step k.
func goToStep(t testing.TB, ctx context.Context, k int) {
	t.Helper()
	for range 64 {
		cur := stateAs[scenes.LessonState](t, ctx).Step
		if cur == k {
			return
		}
		key, code := "PageDown", int64(34)
		if cur > k {
			key, code = "PageUp", 33
		}
		holdKey(t, ctx, key, code, 50*time.Millisecond)
	}
	t.Fatalf("could not reach step %d", k)
}

// frameLayout waits for two more frames and returns what the last drew.
func frameLayout(t testing.TB, ctx context.Context) []viz.Drawn {
	t.Helper()
	time.Sleep(80 * time.Millisecond)
	raw := evalJS[string](t, ctx, `JSON.stringify(window.jacobianlab.layout())`)
	var items []viz.Drawn
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatal(err)
	}
	return items
}

// galleryLessons are the lessons and their number of steps.
var galleryLessons = []struct {
	id    string
	steps int
}{{"scalar", 3}, {"gradient", 3}, {"jacobian", 3}, {"tensor", 5}, {"backprop", 31}}
