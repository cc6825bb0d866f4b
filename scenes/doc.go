// Package scenes holds Jacobian Lab's lessons and the manager that runs them.
//
// Each lesson is a Scene registered under an id (the page's ?scene= key). The
// Manager is the ebiten.Game: it reads input once per tick, hands it to the
// current scene, draws the tab bar, and turns any panic inside a scene into a
// message on screen and in State, so that one broken scene never stops the
// program.
//
// The tests draw with Ebiten, which needs an X display even to start, so
// they build only with the display tag: make test runs them under Xvfb, as
// does xvfb-run go test -tags display ./scenes/. Without the tag, go test
// finds no test files here.
package scenes
