//go:build display

package viz

import (
	"image"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestDrawnRecordsAFrame draws a label, a formula, a widget with a text of
// its own and a text on a cache image between BeginFrame and EndFrame: the
// record has the canvas, the label, the formula and the widget, in CSS
// pixels at scale 2, with the widget's inner text part of the widget and
// the cache's text left out.
func TestDrawnRecordsAFrame(t *testing.T) {
	screen := ebiten.NewImage(400, 300)
	cache := ebiten.NewImage(50, 50)
	var l Label
	l.Set("two\nlines", 24, Light.Text)
	var f Formula
	if err := f.SetTeX(`x^2`, 32); err != nil {
		t.Fatal(err)
	}
	ui := NewUI()
	b := &Button{Label: "Next", Rect: image.Rect(200, 200, 300, 240)}
	ui.Add(b)
	ui.Update(&Input{Width: 400, Height: 300, Scale: 2})

	BeginFrame(screen, 2)
	l.Draw(screen, 10, 20)
	f.Draw(screen, 100, 40)
	ui.Draw(screen)
	DrawText(cache, "not on screen", 12, 0, 0, Light.Text)
	got := EndFrame(nil)

	if len(got) != 4 {
		t.Fatalf("recorded %d things, want 4: %+v", len(got), got)
	}
	if c := got[0]; c.Kind != DrawnCanvas || c.Rect != [4]float64{0, 0, 200, 150} {
		t.Errorf("canvas = %+v, want [0 0 200 150] in CSS pixels", c)
	}
	if d := got[1]; d.Kind != DrawnText || d.Text != "two\nlines" || d.Px != 12 || d.Rect[0] != 5 || d.Rect[1] != 10 || d.Rect[3]-d.Rect[1] < 2*12 {
		t.Errorf("label = %+v, want text at (5, 10), 12 px, two lines high", d)
	}
	if d := got[2]; d.Kind != DrawnFormula || d.Px != 16 || d.Rect[0] != 50 || !(d.Rect[2] > 50 && d.Rect[3] > 20) {
		t.Errorf("formula = %+v, want at (50, 20), 16 px", d)
	}
	if d := got[3]; d.Kind != DrawnWidget || d.ID != "button" || d.Text != "Next" || d.Rect != [4]float64{100, 100, 150, 120} {
		t.Errorf("button = %+v, want widget button Next at [100 100 150 120]", d)
	}
	// Outside a frame nothing is recorded.
	DrawText(screen, "after the frame", 12, 0, 0, Light.Text)
	if again := EndFrame(nil); len(again) != 4 {
		t.Errorf("drawing after EndFrame was recorded: %d things", len(again))
	}
}

// gridWidget is a widget that draws a grid, as the contraction does.
type gridWidget struct{ g *Grid }

func (w gridWidget) Bounds() image.Rectangle                         { return w.g.Bounds() }
func (gridWidget) Update(*Input, WidgetState)                        {}
func (w gridWidget) Draw(dst *ebiten.Image, _ *Theme, _ WidgetState) { w.g.Draw(dst) }

// TestDrawnGridInWidget: a grid drawn by a widget is recorded on its own,
// with the size of its numbers, which keep the grids' least size rather
// than the widgets' texts'; the widget covers it.
func TestDrawnGridInWidget(t *testing.T) {
	screen := ebiten.NewImage(400, 300)
	g := NewGrid(core.New(core.Shape{2, 2}, []float64{0.25, -0.5, 1, 2}))
	g.Prepare(image.Rect(20, 20, 96, 96), 1) // cells for numbers of 10 or 11 px
	ui := NewUI()
	ui.Add(gridWidget{g})
	ui.Update(&Input{Width: 400, Height: 300, Scale: 1})
	BeginFrame(screen, 1)
	ui.Draw(screen)
	got := EndFrame(nil)
	if len(got) != 3 || got[1].Kind != DrawnWidget || got[2].Kind != DrawnGrid {
		t.Fatalf("recorded %+v, want the canvas, the widget and its grid", got)
	}
	w, gr := got[1], got[2]
	if gr.Px == 0 || gr.Px >= MinTextPx || w.Px != widgetPx {
		t.Errorf("grid's numbers %v px, widget's text %v px; want the grid's under %v, the widget's its own %v", gr.Px, w.Px, MinTextPx, widgetPx)
	}
	if w.Rect[0] > gr.Rect[0] || w.Rect[1] > gr.Rect[1] || w.Rect[2] < gr.Rect[2] || w.Rect[3] < gr.Rect[3] {
		t.Errorf("the widget at %v does not cover its grid at %v", w.Rect, gr.Rect)
	}
	if p := LayoutProblems(got, 24); len(p) != 0 {
		t.Errorf("a grid's small numbers in a widget broke a rule: %v", p)
	}
}

// TestLayoutProblems finds each broken rule once, and nothing in a frame
// that keeps them.
func TestLayoutProblems(t *testing.T) {
	canvas := Drawn{Kind: DrawnCanvas, Rect: [4]float64{0, 0, 400, 300}}
	ok := []Drawn{canvas,
		{Kind: DrawnText, Text: "a", Rect: [4]float64{10, 10, 100, 30}, Px: 15},
		{Kind: DrawnText, Text: "touching", Rect: [4]float64{100, 10, 200, 30}, Px: 12},
		{Kind: DrawnWidget, ID: "button", Rect: [4]float64{10, 40, 130, 84}, Px: 15},
		{Kind: DrawnGraph, Rect: [4]float64{0, 100, 400, 300}, Px: 11},
		{Kind: DrawnText, Text: "over the graph", Rect: [4]float64{10, 110, 100, 130}, Px: 12},
	}
	if p := LayoutProblems(ok, TouchTarget); len(p) != 0 {
		t.Errorf("a frame that keeps the rules: %q", p)
	}
	for _, c := range []struct {
		d    Drawn
		want string
	}{
		{Drawn{Kind: DrawnText, Text: "b", Rect: [4]float64{50, 20, 90, 40}, Px: 12}, "overlap"},
		{Drawn{Kind: DrawnFormula, Rect: [4]float64{350, 250, 420, 280}, Px: 14}, "cut off"},
		{Drawn{Kind: DrawnText, Text: "tiny", Rect: [4]float64{300, 10, 320, 20}, Px: 9}, "text of 9.0 px"},
		{Drawn{Kind: DrawnGrid, Rect: [4]float64{300, 40, 390, 90}, Px: 8}, "text of 8.0 px"},
		{Drawn{Kind: DrawnWidget, ID: "slider", Rect: [4]float64{300, 40, 390, 76}, Px: 15}, "a control under 44×44"},
	} {
		p := LayoutProblems(append(append([]Drawn(nil), ok...), c.d), TouchTarget)
		if len(p) != 1 || !strings.Contains(p[0], c.want) {
			t.Errorf("with %+v: %q, want one problem with %q", c.d, p, c.want)
		}
	}
	if p := LayoutProblems(ok[1:], MinTarget); len(p) != 1 {
		t.Errorf("a record without its canvas: %q", p)
	}
}
