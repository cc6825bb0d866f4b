// Package viz draws Jacobian Lab's pictures with Ebiten: plots rendered by
// gonum/plot into cached images, text, colours, and the pointer and keyboard
// intents that scenes read once per tick.
//
// Everything here works the same in the browser and on the desktop. Work that
// is expensive (rendering a plot, laying out text) is done only when its
// inputs change; what moves every frame (a point, a tangent line) is drawn on
// top with Ebiten's vector package.
package viz
