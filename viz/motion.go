package viz

// motion records whether the tick under way changes a picture on its own:
// see Animate.
var motion bool

// BeginTick starts a tick: until the next BeginTick, Animated reports
// whether anything called Animate.
func BeginTick() { motion = false }

// Animate records that the tick under way changes what the next frame
// shows without any input from the user: a timeline played or eased
// towards its step, a text field's caret blinked, or work that waited for
// the input to settle ran. A host that draws a frame only when something
// changed (scenes.Manager) draws one after such a tick. Timeline and
// TextField call it themselves; a scene calls it for its own work of that
// kind.
func Animate() { motion = true }

// Animated reports whether Animate was called since BeginTick.
func Animated() bool { return motion }
