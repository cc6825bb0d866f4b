// Package scenes holds Jacobian Lab's lessons and the manager that runs them.
//
// Each lesson is a Scene registered under an id (the page's ?scene= key). The
// Manager is the ebiten.Game: it reads input once per tick, hands it to the
// current scene, draws the tab bar, and turns any panic inside a scene into a
// message on screen and in State, so that one broken scene never stops the
// program.
//
// # How a lesson is built
//
// A lesson is a Scene that embeds *lesson, the frame every lesson shares
// (lesson.go): the title, the typed functions in their text fields (each
// a function compiled within the app's budget, budget.go), the walk-through
// as a list of steps (title and text) with its Previous and Next buttons,
// and the step panel. The manager runs each scene in four phases:
//
//	Layout(area, scale)  per tick, before Update: every rectangle, and only here
//	Update(in)           per tick: input into state (lesson.handle runs the
//	                     fields and the step keys; fnChanged and stepChanged
//	                     say what changed, and the lesson lays itself out again)
//	Prepare()            once a frame: what the frame shows follows the state
//	                     (series, formulas, texts); its error shows at once
//	Draw(screen)         once a frame: reads, changes nothing
//
// and State for window.jacobianlab.state(), with Link (the page's address)
// and Describe (the live region for screen readers); the frame gives every
// lesson Fields (the page's inputs over its text fields, fields.go) and
// Controls (its widgets in Tab order, keyboard.go), and each lesson lists
// its keys with Shortcuts, beside the code that reads them. The mathematics is
// computed by core and core/expr, never here; the pictures are drawn by
// viz (plots, grids, formulas, shapes), never with Ebiten's vector
// package directly, which a test checks.
//
// To add a step to a lesson: add its title and text to the lesson's steps
// table (scalarSteps, gradientSteps, …; say what to do: drag, type,
// press), place its pictures in the lesson's layout for the new step
// number, compute what they show in Update or Prepare, draw them in Draw,
// and report its numbers in State and Describe. The steps are still
// numbers matched in each of these places; they are to become values that
// carry their own hooks.
//
// The tests draw with Ebiten, which needs an X display even to start, so
// they build only with the display tag: make test runs them under Xvfb, as
// does xvfb-run go test -tags display ./scenes/. Without the tag, go test
// finds no test files here.
package scenes
