// Command jacobianlab-app is the Jacobian Lab app itself. Built with
// GOOS=js GOARCH=wasm it runs in the web page (web/index.html) and talks to
// it through window.jacobianlab; built natively it is the desktop app, which
// takes the page's URL keys as flags.
package main

import (
	"log"
	"runtime/debug"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes"
)

// startHeap is the heap the start-up may grow to before the garbage is
// collected: a lesson's start-up allocates about 7 MB, and one given a
// link with a large Jacobian in it much more.
const startHeap = 128 << 20

func main() {
	// No garbage collection until the first frame is drawn, unless the
	// heap reaches startHeap: the start-up keeps most of what it allocates
	// (the lesson, its fonts, glyphs and pictures), so a collection then
	// would free little, and in the browser, where the program has one
	// thread, it would delay the frame.
	gcPercent, memLimit := debug.SetGCPercent(-1), debug.SetMemoryLimit(startHeap)
	ebiten.SetWindowTitle("Jacobian Lab")
	ebiten.SetWindowSize(1100, 720)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	h, err := newHost()
	if err != nil {
		log.Fatal(err)
	}
	m := scenes.NewManager(h.query())
	// The manager fills the whole screen first thing in every Draw, so
	// Ebiten's own clear would be a second full-screen pass for nothing
	// (the browser's software GL pays for every pixel).
	ebiten.SetScreenClearedEveryFrame(false)
	game := h.attach(m)
	first := m.OnFirstFrame
	m.OnFirstFrame = func() {
		if first != nil {
			first()
		}
		debug.SetGCPercent(gcPercent)
		debug.SetMemoryLimit(memLimit)
	}
	if err := ebiten.RunGame(game); err != nil {
		log.Fatal(err)
	}
}
