package scenes

import (
	"net/url"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// Scene is one lesson. Update changes the scene's state once per tick, Draw
// only reads it, and State reports it for window.jacobianlab.state().
type Scene interface {
	// Update advances the scene by one tick with the user's input.
	Update(in *viz.Input) error
	// Draw draws the scene into in.Area of the screen as of the last Update.
	Draw(screen *ebiten.Image)
	// State returns the scene's own fields of state(). Values must encode
	// as JSON.
	State() map[string]any
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

// Register adds a scene to the set the Manager can show. Scenes appear in the
// tab bar in the order they were registered; the first is the default.
// Register panics if the id is already taken.
func Register(e Entry) {
	if _, ok := lookup(e.ID); ok {
		panic("scenes: duplicate scene id " + e.ID)
	}
	registry = append(registry, e)
}

func lookup(id string) (Entry, bool) {
	for _, e := range registry {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}
