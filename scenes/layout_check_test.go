//go:build display

package scenes

import (
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
