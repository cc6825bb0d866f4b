//go:build display

package viz

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// ticksToSteps plays t and returns the ticks, counted from 1, at which
// Index changed, until it reaches the end or maxTicks pass.
func ticksToSteps(t *Timeline, maxTicks int) []int {
	var at []int
	for tick := 1; tick <= maxTicks && t.Playing(); tick++ {
		before := t.Index()
		t.Tick()
		for range t.Index() - before {
			at = append(at, tick)
		}
	}
	return at
}

func TestTimelineSpeed(t *testing.T) {
	for _, c := range []struct {
		speed float64
		n     int
		want  []int // the ticks at which each step is done
	}{
		// 2 steps a second at 60 ticks a second: one every 30 ticks.
		{speed: 2, n: 3, want: []int{30, 60, 90}},
		{speed: 0.5, n: 2, want: []int{120, 240}},
		{speed: 60, n: 4, want: []int{1, 2, 3, 4}},
		// 7 steps a second do not divide 60 ticks: the steps fall due
		// at ⌈60k/7⌉ ticks, exactly 7 in the first second.
		{speed: 7, n: 7, want: []int{9, 18, 26, 35, 43, 52, 60}},
		// Speeds are clamped.
		{speed: 1000, n: 3, want: []int{1, 2, 3}},
		{speed: 0.01, n: 1, want: []int{120}},
	} {
		tl := NewTimeline(c.n)
		tl.SetSpeed(c.speed)
		tl.Play()
		got := ticksToSteps(tl, 1000)
		if len(got) != len(c.want) {
			t.Errorf("speed %g: steps at ticks %v, want %v", c.speed, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("speed %g: steps at ticks %v, want %v", c.speed, got, c.want)
				break
			}
		}
		if tl.Playing() || tl.Index() != c.n {
			t.Errorf("speed %g: at the end, playing %t at %d, want paused at %d", c.speed, tl.Playing(), tl.Index(), c.n)
		}
	}
}

func TestTimelineSteps(t *testing.T) {
	tl := NewTimeline(5)
	if tl.Index() != 0 || tl.Playing() || tl.Len() != 5 {
		t.Fatalf("new timeline at %d of %d, playing %t", tl.Index(), tl.Len(), tl.Playing())
	}
	tl.StepBack()
	if tl.Index() != 0 {
		t.Errorf("StepBack at the start moved to %d", tl.Index())
	}
	tl.StepForward()
	tl.StepForward()
	if tl.Index() != 2 {
		t.Errorf("two steps forward: at %d, want 2", tl.Index())
	}
	tl.StepBack()
	if tl.Index() != 1 {
		t.Errorf("step back: at %d, want 1", tl.Index())
	}
	// Stepping pauses.
	tl.Play()
	tl.StepForward()
	if tl.Playing() {
		t.Error("StepForward did not pause")
	}
	tl.Play()
	tl.StepBack()
	if tl.Playing() || tl.Index() != 1 {
		t.Errorf("StepBack while playing: at %d playing %t, want paused at 1", tl.Index(), tl.Playing())
	}
	// Seek clamps, and keeps playing.
	for _, c := range []struct{ k, want int }{{3, 3}, {-4, 0}, {9, 5}, {5, 5}} {
		tl.Seek(c.k)
		if tl.Index() != c.want {
			t.Errorf("Seek(%d): at %d, want %d", c.k, tl.Index(), c.want)
		}
	}
	tl.Seek(2)
	tl.Play()
	tl.Seek(1)
	if !tl.Playing() {
		t.Error("Seek paused")
	}
	// Play at the end starts again.
	tl.Pause()
	tl.Seek(5)
	tl.Play()
	if tl.Index() != 0 || !tl.Playing() {
		t.Errorf("Play at the end: at %d playing %t, want playing from 0", tl.Index(), tl.Playing())
	}
	tl.Toggle()
	if tl.Playing() {
		t.Error("Toggle did not pause")
	}
	tl.StepForward()
	tl.StepForward()
	// Ticks while paused change nothing.
	for range 100 {
		tl.Tick()
	}
	if tl.Index() != 2 {
		t.Errorf("paused ticks moved to %d", tl.Index())
	}
	if p := tl.Progress(); p != (Progress{Index: 2, Total: 5}) {
		t.Errorf("Progress = %+v, want {2 5}", p)
	}
	// An empty timeline does not play.
	empty := NewTimeline(0)
	empty.Play()
	if empty.Playing() {
		t.Error("an empty timeline plays")
	}
}

func TestTimelineFinish(t *testing.T) {
	// Finish plays the rest within a second whatever the speed: 1000
	// steps left take ⌈1000/60⌉ = 17 a tick, 59 ticks.
	tl := NewTimeline(1000)
	tl.SetSpeed(MinSpeed)
	tl.Finish()
	at := ticksToSteps(tl, 1000)
	if tl.Index() != 1000 || tl.Playing() {
		t.Fatalf("after Finish at %d playing %t, want paused at 1000", tl.Index(), tl.Playing())
	}
	if last := at[len(at)-1]; last != 59 {
		t.Errorf("Finish took %d ticks, want 59", last)
	}
	if at[16] != 1 || at[17] != 2 {
		t.Errorf("Finish did not take 17 steps a tick: steps at ticks %v…", at[:20])
	}
	// Pausing stops Finish, and playing goes on at the set speed.
	tl.Seek(0)
	tl.Finish()
	tl.Tick()
	tl.Pause()
	tl.Play()
	before := tl.Index()
	if got := ticksToSteps(tl, 120); len(got) != 1 || got[0] != 120 {
		t.Errorf("after a paused Finish, steps from %d at ticks %v, want one at 120", before, got)
	}

	// With reduced motion Finish is instant.
	tl = NewTimeline(1000)
	tl.SetReducedMotion(true)
	tl.Finish()
	if tl.Index() != 1000 || tl.Playing() {
		t.Errorf("reduced-motion Finish: at %d playing %t, want paused at 1000", tl.Index(), tl.Playing())
	}
}

func TestTimelineTransition(t *testing.T) {
	tl := NewTimeline(10)
	if tl.Transition() != 1 {
		t.Errorf("new timeline: Transition %g, want 1", tl.Transition())
	}
	// A step settles over settleTicks ticks, rising all the while.
	tl.StepForward()
	prev := 0.0
	for tick := range settleTicks {
		tr := tl.Transition()
		if tr <= prev || (tr == 1) != (tick == settleTicks-1) {
			t.Errorf("tick %d after a step: Transition %g after %g", tick, tr, prev)
		}
		prev = tr
		tl.Tick()
	}
	// Playing fast, a step settles before the next.
	tl.SetSpeed(20) // a step every 3 ticks
	tl.Play()
	for range 3 {
		tl.Tick()
	}
	if tr := tl.Transition(); tr <= 0 || tr >= 1 {
		t.Errorf("on the tick of a step: Transition %g", tr)
	}
	tl.Tick()
	tl.Tick()
	if tr := tl.Transition(); tr != 1 {
		t.Errorf("two ticks after a step at 3 ticks a step: Transition %g, want 1", tr)
	}
	// Seeking is instant.
	tl.Seek(1)
	if tr := tl.Transition(); tr != 1 {
		t.Errorf("after Seek: Transition %g, want 1", tr)
	}
	// With reduced motion every change is instant.
	tl.SetReducedMotion(true)
	tl.StepForward()
	if tr := tl.Transition(); tr != 1 {
		t.Errorf("reduced motion: Transition %g, want 1", tr)
	}
	if !tl.ReducedMotion() {
		t.Error("ReducedMotion is false after setting it")
	}
}

func TestTimelineKeys(t *testing.T) {
	tl := NewTimeline(10)
	// A fresh press both goes down and fires.
	press := func(keys ...ebiten.Key) { tl.HandleKeys(&Input{Pressed: keys, Repeated: keys}) }
	press(ebiten.KeyArrowRight, ebiten.KeyArrowRight, ebiten.KeyArrowRight)
	press(ebiten.KeyArrowLeft)
	if tl.Index() != 2 {
		t.Errorf("→→→←: at %d, want 2", tl.Index())
	}
	press(ebiten.KeySpace)
	if !tl.Playing() {
		t.Error("Space did not play")
	}
	press(ebiten.KeySpace)
	if tl.Playing() {
		t.Error("Space did not pause")
	}
	// Space held down repeats, but play and pause do not flicker.
	tl.HandleKeys(&Input{Repeated: []ebiten.Key{ebiten.KeySpace}})
	if tl.Playing() {
		t.Error("a repeat of a held Space toggled play")
	}
	press(ebiten.KeyEqual)
	if tl.Speed() != 2*DefaultSpeed {
		t.Errorf("+: speed %g, want %g", tl.Speed(), 2*DefaultSpeed)
	}
	press(ebiten.KeyMinus, ebiten.KeyMinus)
	if tl.Speed() != DefaultSpeed/2 {
		t.Errorf("+−−: speed %g, want %g", tl.Speed(), DefaultSpeed/2)
	}
	press(ebiten.KeyHome)
	if tl.Index() != 0 {
		t.Errorf("Home: at %d", tl.Index())
	}
	tl.SetReducedMotion(true)
	press(ebiten.KeyEnd)
	if tl.Index() != 10 {
		t.Errorf("End with reduced motion: at %d, want 10", tl.Index())
	}
}
