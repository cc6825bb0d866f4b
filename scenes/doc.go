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
// (lesson.go, lesson_layout.go): the title, the typed functions in their
// text fields (each a model.Function compiled within the app's budget,
// model.Budget), the walk-through with its Previous and Next buttons, and
// the step panel. Take the scalar lesson as the example; every lesson has
// the same parts:
//
//	scalar.go        the scene: its state, constructor, Layout, Update,
//	                 Prepare, Draw, State, Link and Describe
//	scalar_steps.go  the walk-through: scalarSteps, a table of step values
//	model/scalar.go  the numbers, computed with core, with no drawing
//
// The bigger lessons keep a step a file (gradient_step_linear.go,
// jacobian_step_chain.go, tensor_step_memory.go, …) and a view a file
// (gradient_plane.go, jacobian_planes.go). The backprop lesson's steps are
// the steps of its two sweeps, made from its graph (bpWalkthrough).
//
// A step is a value of the lesson's own step type (scalarStep, gradStep,
// jacobianStep, tensorStep), which embeds the frame's step (its title and
// text) and adds what the step shows (flags such as secant) and does
// (hooks such as formula, numbers, describe, layout, draw); a hook the
// step does not need is nil. Only the frame and the manager keep the
// step's index: the lesson reads its current step as
// scalarSteps[s.step] and calls its hooks, never compares the index. A
// test (TestEveryStepDescribed) fails when a step has no description of
// its own.
//
// The manager runs each scene in four phases:
//
//	Layout(area, scale)  before and after each tick: every rectangle, and
//	                     only here. lesson.layout reports whether anything
//	                     it depends on changed (the area, the scale, the
//	                     step, the sheet shown, or a relayout call)
//	Update(in)           per tick: input into state. lesson.handle runs the
//	                     fields and the step keys (fnChanged, stepChanged);
//	                     the lesson calls compute at once when its inputs
//	                     change, since state() reports its numbers, marks
//	                     what only the pictures need with a …Stale flag, and
//	                     calls relayout when what it shows changes shape
//	Prepare()            once a frame: what the frame shows follows the
//	                     state (series, formulas, texts); its error shows at
//	                     once
//	Draw(screen)         once a frame: reads, changes nothing
//
// and State for window.jacobianlab.state() (typed structs, state.go),
// with Link (the page's address) and Describe (the live region for screen
// readers); the frame gives every lesson Fields (the page's inputs over
// its text fields, fields.go) and Controls (its widgets in Tab order,
// keyboard.go), and each lesson lists its keys with Shortcuts, beside the
// code that reads them.
//
// The body of a lesson is a set of sheets (sheet, lesson_layout.go), each
// an arrangement of package viz/layout whose leaves are the rectangles of
// its plots, grids, sliders and texts, with minimum and preferred sizes.
// The frame shows them side by side when they fit, and one at a time
// behind a switch when they do not (a phone), so a lesson says once what
// it shows and the frame fits it to every screen.
//
// To add a step: write its value (title, text that says what to do: drag,
// type, press; its hooks) in the lesson's steps table or a file of its
// own; compute anything new in the lesson's model; place what it shows in
// the lesson's sheets; and give it a describe hook, which the test
// requires. The mathematics is computed by core and core/expr, through the
// models, never here; the pictures are drawn by viz (plots, grids,
// formulas, shapes), never with Ebiten's vector package directly, which a
// test checks.
//
// The tests draw with Ebiten, which needs an X display even to start, so
// they build only with the display tag: make test runs them under Xvfb, as
// does xvfb-run go test -tags display ./scenes/. Without the tag, go test
// finds no test files here; the models' tests, in scenes/model, need no
// display.
package scenes
