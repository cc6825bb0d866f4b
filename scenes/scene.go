package scenes

import (
	"image"
	"net/url"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// Scene is one lesson. Its frame has three phases: Update changes the
// scene's state once per tick (the browser may run several ticks a frame,
// or none), Prepare brings what the frame shows up to that state once a
// frame (formulas, series, texts: work that only the last tick's state
// needs), and Draw only reads. State reports the state for
// window.jacobianlab.state().
type Scene interface {
	// Layout places the scene in area of the screen, at scale device pixels
	// per CSS pixel: every rectangle the scene draws in or reads the
	// pointer in is decided here, and only here. The manager calls it
	// before and after each tick; a scene does the work only when the
	// area, the scale or what it shows (its step, its function) changed.
	Layout(area image.Rectangle, scale float64)
	// Update advances the scene by one tick with the user's input. A
	// tick that changes what the scene shows with no input at all (it
	// plays, or work waited for the input to settle) calls viz.Animate:
	// after ticks that had no input and called no viz.Animate, the
	// manager draws no frame.
	Update(in *viz.Input) error
	// Prepare recomputes, once a frame before Draw, what changed since the
	// last frame. Its error is shown in the same frame.
	Prepare() error
	// Draw draws the scene into in.Area of the screen as of the last
	// Update and Prepare, changing nothing.
	Draw(screen *ebiten.Image)
	// State returns the scene's state() as a struct that embeds State
	// (see state.go); the manager sets the fields common to every scene.
	State() Stater
}

// Entry describes a registered scene.
type Entry struct {
	ID    string // the ?scene= value
	Title string // the tab label
	// New builds the scene from the page's query parameters. Bad values
	// never fail: the scene falls back to a default and reports the
	// problem through its state.
	New func(q url.Values) Scene
	// Hidden entries can be opened by id but get no tab.
	Hidden bool
}

var registry []Entry

// lessonOrder is the order of the lessons in the tab bar, whatever the order
// their files register in; other scenes follow in registration order.
var lessonOrder = []string{"scalar", "gradient", "jacobian", "tensor", "backprop"}

// Register adds a scene to the set the Manager can show. Lessons appear in
// the tab bar in the text's order, scalar first (the default). Register
// panics if the id is already taken.
func Register(e Entry) {
	if _, ok := lookup(e.ID); ok {
		panic("scenes: duplicate scene id " + e.ID)
	}
	rank := func(id string) int {
		if i := slices.Index(lessonOrder, id); i >= 0 {
			return i
		}
		return len(lessonOrder)
	}
	i := len(registry)
	for i > 0 && rank(registry[i-1].ID) > rank(e.ID) {
		i--
	}
	registry = slices.Insert(registry, i, e)
}

func lookup(id string) (Entry, bool) {
	for _, e := range registry {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}
