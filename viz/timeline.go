package viz

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// Timeline plays a sequence of steps, such as the multiply-adds of a
// contraction or the nodes of a backward pass, one tick at a time. Its state
// is Index, the number of steps done, from 0 to Len; a view derives
// everything it shows from Index, so stepping back or scrubbing restores an
// earlier state exactly.
//
// A Timeline is deterministic: it changes only in its methods, and Tick
// advances it by one tick of 1/ebiten.DefaultTPS seconds. While a change of
// Index settles, Transition reports how far the view's in-between animation
// has got; with reduced motion every change is instant.
type Timeline struct {
	n       int
	index   int
	playing bool

	rate int // speed in milli-steps per second
	acc  int // milli-step ticks accumulated towards the next step

	// burst is the number of steps per tick while finishing, 0 otherwise.
	burst int

	reduced bool
	since   int // ticks since Index last changed, counted up to settle
	settle  int // ticks the change of Index takes to settle
}

// The speeds a Timeline plays at, in steps per second.
const (
	MinSpeed     float64 = 0.5
	MaxSpeed     float64 = 60
	DefaultSpeed float64 = 2
)

// Timing in ticks at ebiten.DefaultTPS ticks per second.
const (
	settleTicks = 9  // 0.15 s for a change of Index to settle
	finishTicks = 60 // Finish plays the rest within 1 s
)

// NewTimeline returns a paused timeline of n steps at its start, playing at
// DefaultSpeed. NewTimeline panics if n is negative.
func NewTimeline(n int) *Timeline {
	if n < 0 {
		panic("viz: negative number of steps")
	}
	t := &Timeline{n: n}
	t.SetSpeed(DefaultSpeed)
	t.settle = 1
	return t
}

// Len returns the number of steps.
func (t *Timeline) Len() int { return t.n }

// Index returns the number of steps done, from 0 to Len.
func (t *Timeline) Index() int { return t.index }

// Playing reports whether the timeline advances on Tick.
func (t *Timeline) Playing() bool { return t.playing }

// Progress is the position of an animation, for a scene's State.
type Progress struct {
	Index int `json:"index"` // steps done
	Total int `json:"total"` // steps in all
}

// Progress returns Index and Len.
func (t *Timeline) Progress() Progress { return Progress{Index: t.index, Total: t.n} }

// Play starts playing, from the start if the timeline is at its end.
func (t *Timeline) Play() {
	if t.index == t.n {
		t.Seek(0)
	}
	t.playing = t.n > 0
}

// Pause stops playing, and stops Finish.
func (t *Timeline) Pause() {
	t.playing, t.burst, t.acc = false, 0, 0
}

// Toggle plays if paused and pauses if playing.
func (t *Timeline) Toggle() {
	if t.playing {
		t.Pause()
	} else {
		t.Play()
	}
}

// StepForward pauses and does one more step, if any are left.
func (t *Timeline) StepForward() {
	t.Pause()
	t.set(t.index+1, settleTicks)
}

// StepBack pauses and undoes the last step done, if any.
func (t *Timeline) StepBack() {
	t.Pause()
	t.set(t.index-1, settleTicks)
}

// Seek moves to k steps done, clamped to [0, Len], at once: for scrubbing.
// It stops Finish but not playing.
func (t *Timeline) Seek(k int) {
	t.burst, t.acc = 0, 0
	t.set(k, 1)
}

// Finish plays the steps left within a second, however many there are, and
// stops at the end; with reduced motion it moves to the end at once.
func (t *Timeline) Finish() {
	left := t.n - t.index
	if left == 0 {
		return
	}
	if t.reduced {
		t.Pause()
		t.set(t.n, 1)
		return
	}
	t.playing, t.acc = true, 0
	t.burst = (left + finishTicks - 1) / finishTicks
}

// SetSpeed sets the speed in steps per second, clamped to [MinSpeed,
// MaxSpeed]. NaN means DefaultSpeed.
func (t *Timeline) SetSpeed(stepsPerSecond float64) {
	if math.IsNaN(stepsPerSecond) {
		stepsPerSecond = DefaultSpeed
	}
	s := math.Max(MinSpeed, math.Min(MaxSpeed, stepsPerSecond))
	t.rate = int(math.Round(1000 * s))
}

// Speed returns the speed in steps per second.
func (t *Timeline) Speed() float64 { return float64(t.rate) / 1000 }

// SetReducedMotion sets whether changes are instant: Transition is then
// always 1, and Finish moves to the end at once.
func (t *Timeline) SetReducedMotion(reduced bool) { t.reduced = reduced }

// ReducedMotion reports whether changes are instant.
func (t *Timeline) ReducedMotion() bool { return t.reduced }

// Transition returns how far the last change of Index has settled, from
// above 0 on the tick of the change to 1 when it is complete: the fraction
// of a view's in-between animation (a fade, a move) to draw. It is 1 with
// reduced motion.
func (t *Timeline) Transition() float64 {
	if t.reduced {
		return 1
	}
	return math.Min(1, float64(t.since+1)/float64(t.settle))
}

// Tick advances the timeline by one tick: playing, it does the steps that
// fall due at its speed (or the next burst of Finish), and stops at the end.
// While it plays or a change of Index settles, each tick calls Animate.
func (t *Timeline) Tick() {
	index, tr, playing := t.index, t.Transition(), t.playing
	t.tick()
	if playing || t.playing || t.index != index || t.Transition() != tr {
		Animate()
	}
}

// tick does Tick's work.
func (t *Timeline) tick() {
	if t.since < t.settle {
		t.since++
	}
	if !t.playing {
		return
	}
	if t.burst > 0 {
		t.set(t.index+t.burst, 1)
	} else {
		// One step is due every tps/speed ticks; counting in milli-steps
		// keeps the cadence exact for any speed in thousandths.
		const perStep = 1000 * ebiten.DefaultTPS
		t.acc += t.rate
		if t.acc >= perStep {
			steps := t.acc / perStep
			t.acc -= steps * perStep
			t.set(t.index+steps, min(settleTicks, perStep/t.rate))
		}
	}
	if t.index == t.n {
		t.Pause()
	}
}

// set moves to k steps done, clamped, with a transition of the given ticks
// if Index changes.
func (t *Timeline) set(k, ticks int) {
	k = max(0, min(t.n, k))
	if k == t.index {
		return
	}
	t.index, t.since, t.settle = k, 0, max(1, ticks)
}

// HandleKeys applies the keyboard's intents of one tick: Space plays or
// pauses, → and ← step forward and back, Home returns to the start, End
// finishes, and + and − (on the = and - keys) double and halve the speed.
func (t *Timeline) HandleKeys(in *Input) {
	// Space, Home and End act once per press; holding them does not
	// repeat.
	for _, k := range in.Pressed {
		switch k {
		case ebiten.KeySpace:
			t.Toggle()
		case ebiten.KeyHome:
			t.Seek(0)
		case ebiten.KeyEnd:
			t.Finish()
		}
	}
	for _, k := range in.Repeated {
		switch k {
		case ebiten.KeyArrowRight:
			t.StepForward()
		case ebiten.KeyArrowLeft:
			t.StepBack()
		case ebiten.KeyEqual, ebiten.KeyNumpadAdd:
			t.SetSpeed(2 * t.Speed())
		case ebiten.KeyMinus, ebiten.KeyNumpadSubtract:
			t.SetSpeed(t.Speed() / 2)
		}
	}
}
