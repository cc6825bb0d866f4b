// Package viz draws Jacobian Lab's pictures with Ebiten: plots rendered by
// gonum/plot into cached images, text, formulas, colours, and the pointer
// and keyboard intents that scenes read once per tick.
//
// Everything here works the same in the browser and on the desktop. Work that
// is expensive (rendering a plot, laying out text) is done only when its
// inputs change; what moves every frame (a point, a tangent line) is drawn on
// top with Ebiten's vector package.
//
// The tests draw with Ebiten, which needs an X display even to start, so
// they build only with the display tag: make test runs them under Xvfb, as
// does xvfb-run go test -tags display ./viz/. Without the tag, go test
// finds no test files here. What draws nothing lives in sub-packages whose
// tests need no display: mathtex builds, parses and lays out the formulas
// that Formula draws, and graphlayout lays out the graphs that GraphView
// draws.
package viz
