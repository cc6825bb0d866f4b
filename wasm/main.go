// Command jacobianlab-app is the Jacobian Lab app itself. Built with
// GOOS=js GOARCH=wasm it runs in the web page (web/index.html) and talks to
// it through window.jacobianlab; built natively it is the desktop app, which
// takes the page's URL keys as flags.
package main

import (
	"log"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes"
)

func main() {
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
	if err := ebiten.RunGame(h.attach(m)); err != nil {
		log.Fatal(err)
	}
}
