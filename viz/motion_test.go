//go:build display

package viz

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// animates runs tick as a tick of its own and reports whether it called
// Animate.
func animates(tick func()) bool {
	BeginTick()
	tick()
	return Animated()
}

// TestTimelineAnimates: a timeline calls Animate on the ticks it plays
// and while a change of Index settles, and on no other.
func TestTimelineAnimates(t *testing.T) {
	tl := NewTimeline(3)
	if animates(tl.Tick) {
		t.Error("a paused timeline at its start animated")
	}
	tl.Play()
	for tick := 1; tl.Playing(); tick++ {
		if !animates(tl.Tick) {
			t.Fatalf("tick %d of the play did not animate", tick)
		}
	}
	n := 0
	for range 4 * settleTicks {
		if animates(tl.Tick) {
			n++
		}
	}
	if n > settleTicks {
		t.Errorf("%d ticks after the end of the play animated, want at most the %d the last step settles in", n, settleTicks)
	}
	if animates(tl.Tick) {
		t.Error("a finished timeline animated")
	}
	tl.StepBack()
	if !animates(tl.Tick) {
		t.Error("the tick after a step back did not animate: the change eases in")
	}
	tl.SetReducedMotion(true)
	tl.StepBack()
	animates(tl.Tick)
	if animates(tl.Tick) {
		t.Error("with reduced motion, the second tick after a step back animated")
	}
}

// TestTextFieldAnimates: a focused field calls Animate on the ticks its
// cursor shows or hides, every blinkTicks ticks; an unfocused field, or one
// with reduced motion, on none.
func TestTextFieldAnimates(t *testing.T) {
	f := &TextField{Rect: image.Rect(10, 10, 410, 42)}
	d := newDriver(1, f)
	count := func(ticks int, reduced bool) (n int) {
		for range ticks {
			in := d.input()
			in.ReducedMotion = reduced
			if animates(func() { d.run(in) }) {
				n++
			}
		}
		return n
	}
	if n := count(3*blinkTicks, false); n != 0 {
		t.Errorf("an unfocused field animated on %d ticks", n)
	}
	d.press(ebiten.KeyTab)
	if n := count(4*blinkTicks, false); n != 4 {
		t.Errorf("a focused field animated on %d of %d ticks, want 4: once a blink", n, 4*blinkTicks)
	}
	count(1, true) // the cursor shows, and stays
	if n := count(3*blinkTicks, true); n != 0 {
		t.Errorf("with reduced motion, a focused field animated on %d ticks", n)
	}
}
