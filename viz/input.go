package viz

import (
	"image"
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

	touches []ebiten.TouchID
	keys    []ebiten.Key
	touchID ebiten.TouchID
	touched bool
}

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
	in.Repeated = in.Repeated[:0]
	for _, k := range in.keys {
		d := inpututil.KeyPressDuration(k)
		if d == 1 || (d >= repeatDelay && (d-repeatDelay)%repeatInterval == 0) {
			in.Repeated = append(in.Repeated, k)
		}
	}
	in.Shift = ebiten.IsKeyPressed(ebiten.KeyShift)

	wasDown := in.Pointer.Down
	// A touch, once started, owns the pointer until it ends; the tick it
	// ends on keeps the touch's last position.
	in.touches = ebiten.AppendTouchIDs(in.touches[:0])
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
}

// Fired reports whether k fired this tick (see Repeated).
func (in *Input) Fired(k ebiten.Key) bool {
	return slices.Contains(in.Repeated, k)
}
