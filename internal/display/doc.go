// Package display stops the desktop build, with a message that says why,
// when the machine has no X display to open its window on: over SSH, on a
// server, in a container. Without it the program dies in Ebiten's package
// initialization, which opens the window system (GLFW) and panics, with a
// Go stack trace and before main runs. Only the systems whose windows
// need an X display (Linux and the BSDs) check.
//
// Importing the package is enough. Go initializes packages in the order
// of their import paths, each once all its imports are: this one imports
// only fmt, os and path/filepath, and sorts before the golang.org/x and
// go/ packages that Ebiten's window system imports, so it runs its check
// first.
package display
