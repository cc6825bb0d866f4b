package viz

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// Line and Dot draw antialiased shapes as single textured quads. Ebiten's
// antialiased vector paths fill a stencil buffer as large as the path's
// bounding box, which under a software GL (headless browsers, some laptops)
// costs frames for a line across a plot; a stretched soft-edged texture
// costs the same whatever the line's length.

// lineTextures holds, per stroke width in pixels, a one-texel-wide column
// across the stroke, lineSub texels to a pixel, whose alpha falls off over
// one pixel on either side.
var lineTextures = map[float64]*ebiten.Image{}

// lineSub is the line textures' texels per pixel across the stroke, so that
// linear filtering blurs by a fraction of a pixel only.
const lineSub = 4

func lineTexture(width float64) *ebiten.Image {
	if img, ok := lineTextures[width]; ok {
		return img
	}
	h := lineSub * (int(math.Ceil(width)) + 4)
	// Three equal columns: the middle one is drawn, and linear filtering
	// along the line blends it only with its copies.
	pix := make([]byte, 4*3*h)
	c := float64(h) / 2
	for y := range h {
		// Coverage of a pixel centred at texel y by a stroke of the given
		// width centred at c.
		d := math.Abs(float64(y)+0.5-c) / lineSub
		a := math.Max(0, math.Min(1, width/2+0.5-d))
		v := byte(math.Round(a * 255))
		for x := range 3 {
			i := 4 * (3*y + x)
			pix[i], pix[i+1], pix[i+2], pix[i+3] = v, v, v, v
		}
	}
	img := ebiten.NewImage(3, h)
	img.WritePixels(pix)
	mid := img.SubImage(image.Rect(1, 0, 2, h)).(*ebiten.Image)
	lineTextures[width] = mid
	return mid
}

// Line draws a segment from (x0, y0) to (x1, y1) of the given width in
// pixels.
func Line(dst *ebiten.Image, x0, y0, x1, y1, width float64, clr color.Color) {
	tex := lineTexture(width)
	h := float64(tex.Bounds().Dy())
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Translate(0, -h/2)
	op.GeoM.Scale(math.Hypot(x1-x0, y1-y0), 1.0/lineSub)
	op.GeoM.Rotate(math.Atan2(y1-y0, x1-x0))
	op.GeoM.Translate(x0, y0)
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(tex, op)
}

// dotTextures holds a white antialiased disc per radius in pixels.
var dotTextures = map[float64]*ebiten.Image{}

// dotSub is the dot textures' samples per pixel each way, for their
// coverage.
const dotSub = 4

// dotTexture returns the disc of radius r, made once on the CPU: the
// vector package's antialiased fill would compile its stencil shaders on
// the first frame, which slows the page's start.
func dotTexture(r float64) *ebiten.Image {
	if img, ok := dotTextures[r]; ok {
		return img
	}
	n := int(math.Ceil(2*r)) + 4
	c := float64(n) / 2
	pix := make([]byte, 4*n*n)
	for py := range n {
		for px := range n {
			// The share of the pixel's dotSub² samples inside the disc.
			in := 0
			for sy := range dotSub {
				for sx := range dotSub {
					dx := float64(px) + (float64(sx)+0.5)/dotSub - c
					dy := float64(py) + (float64(sy)+0.5)/dotSub - c
					if dx*dx+dy*dy <= r*r {
						in++
					}
				}
			}
			v := byte(math.Round(255 * float64(in) / (dotSub * dotSub)))
			i := 4 * (py*n + px)
			pix[i], pix[i+1], pix[i+2], pix[i+3] = v, v, v, v
		}
	}
	img := ebiten.NewImage(n, n)
	img.WritePixels(pix)
	dotTextures[r] = img
	return img
}

// Dot draws a filled disc of radius r centred at (x, y).
func Dot(dst *ebiten.Image, x, y, r float64, clr color.Color) {
	img := dotTexture(r)
	op := &ebiten.DrawImageOptions{}
	n := float64(img.Bounds().Dx())
	op.GeoM.Translate(math.Round(x-n/2), math.Round(y-n/2))
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(img, op)
}
