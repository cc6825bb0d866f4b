package viz

import (
	"image"
	"runtime"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// Pointer is the mouse or the first touch, whichever is in use, in screen
// pixels.
type Pointer struct {
	X, Y     float64
	Down     bool // held this tick
	Pressed  bool // went down this tick
	Released bool // went up this tick
}

// Input is what the user did during one tick, read once by Read and then
// passed to the scene. Tests build it by hand to drive scenes without a
// window.
type Input struct {
	Pointer Pointer
	// Width and Height are the screen size in pixels, and Scale the device
	// pixels per logical pixel (2 on most phones).
	Width, Height int
	Scale         float64
	// Area is the part of the screen the scene owns, in screen pixels.
	Area image.Rectangle

	// Repeated holds the keys that fired this tick: when first pressed,
	// then at the keyboard repeat rate while held.
	Repeated []ebiten.Key
	// Shift reports whether a Shift key is held.
	Shift bool

	// Pressed holds the keys that went down this tick, without repeats.
	Pressed []ebiten.Key
	// Ctrl reports whether Control or Meta (⌘) is held, the modifier of
	// shortcuts such as Ctrl+A.
	Ctrl bool
	// Chars holds the characters typed this tick, in order. Characters
	// typed with Ctrl held are shortcuts and left out; Ctrl with Alt is
	// AltGr on many keyboards, and its characters are kept.
	Chars []rune

	// Wheel is how far the mouse wheel or the touchpad scrolled this
	// tick, in notches: positive away from the user (up), negative
	// towards. A browser reports pixels, about 100 a notch.
	Wheel float64
	// Touches holds the fingers on the screen this tick, in the order
	// Ebiten lists them: two of them make a pinch.
	Touches []Touch

	// ReducedMotion says that the reader asked for less motion (the
	// system's setting, or the page's motion=off): whatever plays jumps
	// from step to step, and nothing blinks. Read leaves it alone; the
	// host sets it.
	ReducedMotion bool

	touches []ebiten.TouchID
	keys    []ebiten.Key
	touchID ebiten.TouchID
	touched bool
	moved   bool // whether Read saw the pointer move
}

// Touch is a finger on the screen: its identifier, which stays the same
// while it touches, and its position in screen pixels.
type Touch struct {
	ID   ebiten.TouchID
	X, Y float64
}

// Held reports whether all in holds is a pointer held since an earlier
// tick, moved or not: no press or release, no key, no character, no wheel,
// and no second finger.
func (in *Input) Held() bool {
	p := in.Pointer
	return p.Down && !p.Pressed && !p.Released && len(in.Repeated) == 0 && len(in.Pressed) == 0 &&
		len(in.Chars) == 0 && in.Wheel == 0 && len(in.Touches) <= 1
}

// Still reports whether nothing happened this tick: the pointer is up and
// did not move, and no key fired, no character came, the wheel did not
// turn and no finger touched.
func (in *Input) Still() bool {
	p := in.Pointer
	return !p.Down && !p.Released && !in.moved && len(in.Repeated) == 0 && len(in.Pressed) == 0 &&
		len(in.Chars) == 0 && in.Wheel == 0 && len(in.Touches) == 0
}

// Idle reports whether the user neither did nor holds anything this tick:
// Still, and no key held down either.
func (in *Input) Idle() bool { return in.Still() && len(in.keys) == 0 }

// Key repeat timing in ticks at 60 ticks per second.
const (
	repeatDelay    = 24 // 0.4 s before repeating
	repeatInterval = 4  // then 15 times a second
)

// Read replaces in's contents with the current state of the mouse, touch
// screen and keyboard. Slices are reused from tick to tick.
func (in *Input) Read(width, height int, scale float64) {
	in.Width, in.Height, in.Scale = width, height, scale

	in.keys = inpututil.AppendPressedKeys(in.keys[:0])
	in.Repeated, in.Pressed = in.Repeated[:0], in.Pressed[:0]
	for _, k := range in.keys {
		d := inpututil.KeyPressDuration(k)
		if d == 1 || (d >= repeatDelay && (d-repeatDelay)%repeatInterval == 0) {
			in.Repeated = append(in.Repeated, k)
		}
		if d == 1 {
			in.Pressed = append(in.Pressed, k)
		}
	}
	in.Shift = ebiten.IsKeyPressed(ebiten.KeyShift)
	in.Ctrl = ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
	in.Chars = ebiten.AppendInputChars(in.Chars[:0])
	if in.Ctrl && !ebiten.IsKeyPressed(ebiten.KeyAlt) {
		in.Chars = in.Chars[:0]
	}

	_, in.Wheel = ebiten.Wheel()
	if runtime.GOOS == "js" {
		in.Wheel /= 100
	}

	wasDown, x0, y0 := in.Pointer.Down, in.Pointer.X, in.Pointer.Y
	// A touch, once started, owns the pointer until it ends; the tick it
	// ends on keeps the touch's last position.
	in.touches = ebiten.AppendTouchIDs(in.touches[:0])
	in.Touches = in.Touches[:0]
	for _, id := range in.touches {
		x, y := ebiten.TouchPosition(id)
		in.Touches = append(in.Touches, Touch{ID: id, X: float64(x), Y: float64(y)})
	}
	switch {
	case in.touched && slices.Contains(in.touches, in.touchID):
		x, y := ebiten.TouchPosition(in.touchID)
		in.Pointer.X, in.Pointer.Y = float64(x), float64(y)
	case in.touched:
		in.touched, in.Pointer.Down = false, false
	case len(in.touches) > 0:
		in.touchID, in.touched = in.touches[0], true
		x, y := ebiten.TouchPosition(in.touchID)
		in.Pointer.X, in.Pointer.Y, in.Pointer.Down = float64(x), float64(y), true
	default:
		x, y := ebiten.CursorPosition()
		in.Pointer.X, in.Pointer.Y = float64(x), float64(y)
		in.Pointer.Down = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	}
	in.Pointer.Pressed = in.Pointer.Down && !wasDown
	in.Pointer.Released = !in.Pointer.Down && wasDown
	in.moved = in.Pointer.X != x0 || in.Pointer.Y != y0
}

// Fired reports whether k fired this tick (see Repeated).
func (in *Input) Fired(k ebiten.Key) bool {
	return slices.Contains(in.Repeated, k)
}

// JustPressed reports whether k went down this tick (see Pressed).
func (in *Input) JustPressed(k ebiten.Key) bool {
	return slices.Contains(in.Pressed, k)
}

// Take reports whether k fired this tick (see Repeated) and removes it from
// Repeated and Pressed, so that code reading in afterwards does not act on
// it again. Widgets take the keys they use before the scene sees them.
func (in *Input) Take(k ebiten.Key) bool {
	fired := in.Fired(k)
	in.drop(k)
	return fired
}

// TakePress is Take for keys that act once per press, such as Enter on a
// button: it reports whether k went down this tick, and removes k's repeats
// too.
func (in *Input) TakePress(k ebiten.Key) bool {
	pressed := in.JustPressed(k)
	in.drop(k)
	return pressed
}

func (in *Input) drop(k ebiten.Key) {
	is := func(x ebiten.Key) bool { return x == k }
	in.Repeated = slices.DeleteFunc(in.Repeated, is)
	in.Pressed = slices.DeleteFunc(in.Pressed, is)
}

// Arrows returns the move the arrow keys ask for this tick: step to the
// right or up per key that fired (a tenth of it with Shift), negative for
// left and down, in data coordinates where y grows upwards.
func (in *Input) Arrows(step float64) (dx, dy float64) {
	if in.Shift {
		step /= 10
	}
	for _, k := range in.Repeated {
		switch k {
		case ebiten.KeyArrowRight:
			dx += step
		case ebiten.KeyArrowLeft:
			dx -= step
		case ebiten.KeyArrowUp:
			dy += step
		case ebiten.KeyArrowDown:
			dy -= step
		}
	}
	return dx, dy
}
