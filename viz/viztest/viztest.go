// Package viztest checks pictures by their pixels, for the tests of the
// views, the scenes, the desktop app and the browser page. It imports no
// Ebiten, so it works on screenshots from anywhere.
package viztest

import (
	"image"
	"image/color"
	"math"
)

// Close reports whether a and b differ by at most tol in each of red, green
// and blue (0–255 scale). Alpha is ignored: screenshots are opaque.
func Close(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return math.Abs(float64(int(x>>8)-int(y>>8))) <= float64(tol) }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

// Near reports whether a pixel within radius pixels of (x, y) (a square) is
// within tol of clr.
func Near(img image.Image, x, y float64, clr color.Color, radius, tol int) bool {
	cx, cy := int(math.Round(x)), int(math.Round(y))
	for dy := -radius; dy <= radius; dy++ {
		for dx := -radius; dx <= radius; dx++ {
			if Close(img.At(cx+dx, cy+dy), clr, tol) {
				return true
			}
		}
	}
	return false
}

// Count returns how many pixels of img in r are within tol of clr.
func Count(img image.Image, r image.Rectangle, clr color.Color, tol int) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if Close(img.At(x, y), clr, tol) {
				n++
			}
		}
	}
	return n
}

// Uniform reports whether every pixel of img in r has the same colour.
func Uniform(img image.Image, r image.Rectangle) bool {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return true
	}
	first := img.At(r.Min.X, r.Min.Y)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !Close(img.At(x, y), first, 0) {
				return false
			}
		}
	}
	return true
}

// Differ returns how many pixels of a differ from b's, at the same place,
// by more than tol (see Close), over a's bounds.
func Differ(a, b image.Image, tol int) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !Close(a.At(x, y), b.At(x, y), tol) {
				n++
			}
		}
	}
	return n
}
