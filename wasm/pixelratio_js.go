//go:build js

package main

import (
	"math"
	"syscall/js"
	_ "unsafe" // go:linkname

	_ "github.com/hajimehoshi/ebiten/v2" // links ebitenMonitor's package
)

// ebitenMonitor is Ebiten's monitor in a browser. Ebiten reads the page's
// devicePixelRatio once, the first time it needs it, and keeps it: its
// own code says that it has no way to learn of a change (ui_js.go,
// "If DeviceScaleFactor changes, call updateScreenSize"). But the ratio
// changes whenever the reader zooms the page, or moves the window to a
// screen of another density, such as a projector; with the first ratio
// kept, the canvas would be drawn at the old density and stretched, blurred
// when zoomed in. Setting deviceScaleFactor to zero makes Ebiten read the
// ratio again.
//
// The struct is Ebiten's Monitor in v2.9 (internal/ui/ui_js.go): its only
// field. TestPixelRatioFollowed, in e2e, fails if Ebiten stops reading the
// ratio again after a change, and the link fails if theMonitor is gone.
//
//go:linkname ebitenMonitor github.com/hajimehoshi/ebiten/v2/internal/ui.theMonitor
var ebitenMonitor *struct{ deviceScaleFactor float64 }

// followPixelRatio has Ebiten draw at the page's devicePixelRatio after
// a change of it. Called every tick, it compares the ratio with the one
// Ebiten keeps; when they differ, it makes Ebiten forget its ratio and
// fires a resize event, at which Ebiten sizes its canvas again and draws
// a frame. (The ratio's media query would announce some changes, but not
// all: Chromium's emulation of a device changes the ratio without it.)
func followPixelRatio() {
	kept := ebitenMonitor.deviceScaleFactor
	v := js.Global().Get("devicePixelRatio")
	if kept == 0 || v.Type() != js.TypeNumber {
		return
	}
	r := v.Float()
	if r == 0 {
		r = 1 // as Ebiten reads it
	}
	// A ratio that is not a finite positive number would differ at every
	// tick: it is left alone.
	if r == kept || !(r > 0) || math.IsInf(r, 1) {
		return
	}
	ebitenMonitor.deviceScaleFactor = 0
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("resize"))
}
