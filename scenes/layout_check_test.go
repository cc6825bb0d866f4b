//go:build display

package scenes

import (
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

// sizedInput returns a tick's input on a screen of w×h CSS pixels at
// scale device pixels per CSS pixel, with the lesson's area under the
// manager's tab bar.
func sizedInput(w, h int, scale float64) *viz.Input {
	dw, dh := int(float64(w)*scale), int(float64(h)*scale)
	return &viz.Input{Width: dw, Height: dh, Scale: scale, Area: image.Rect(0, int(tabHeight*scale), dw, dh)}
}

// screenInput returns a tick's input on a w×h screen at scale 1.
func screenInput(w, h int) *viz.Input { return sizedInput(w, h, 1) }

// drawnFrame runs a tick of s on a w×h screen and a frame, and returns
// what the frame drew, as window.jacobianlab.layout() reports it.
func drawnFrame(t testing.TB, s Scene, w, h int) []viz.Drawn {
	t.Helper()
	in := screenInput(w, h)
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	return drawnIn(t, s, in)
}

// drawnIn runs a frame of s on a screen of in's size and returns what it
// drew.
func drawnIn(t testing.TB, s Scene, in *viz.Input) []viz.Drawn {
	t.Helper()
	screen := ebiten.NewImage(in.Width, in.Height)
	defer screen.Deallocate()
	viz.BeginFrame(screen, in.Scale)
	frame(t, s, screen)
	return viz.EndFrame(nil)
}

// layoutProblems checks what a frame drew against the layout rules
// (viz.LayoutProblems), with controls fingers can press, 44 pixels a
// side, on a narrow or short screen (as the frame's touchH).
func layoutProblems(items []viz.Drawn) []string {
	target := float64(viz.MinTarget)
	if len(items) > 0 {
		if c := items[0].Rect; c[2]-c[0] < narrowW || c[3]-c[1] < shortH {
			target = touchH
		}
	}
	return viz.LayoutProblems(items, target)
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
		for _, p := range layoutProblems(drawnIn(t, s, in)) {
			t.Errorf("%s, %s: %s", where, sheet, p)
		}
	}
	l.switcher.Selected = 0
}
