package viz

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// Line and Dot draw antialiased shapes as single textured quads. Ebiten's
// antialiased vector paths fill a stencil buffer as large as the path's
// bounding box, which under a software GL (headless browsers, some laptops)
// costs frames for a line across a plot; a stretched soft-edged texture
// costs the same whatever the line's length.

// lineTextures holds, per stroke width in pixels, three equal columns
// across the stroke, lineSub texels to a pixel, whose alpha falls off over
// one pixel on either side. Strokes sample the middle column: linear
// filtering along the line blends it only with its copies.
var lineTextures = map[float64]*ebiten.Image{}

// lineSub is the line textures' texels per pixel across the stroke, so that
// linear filtering blurs by a fraction of a pixel only.
const lineSub = 4

func lineTexture(width float64) *ebiten.Image {
	if img, ok := lineTextures[width]; ok {
		return img
	}
	h := lineSub * (int(math.Ceil(width)) + 4)
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
	lineTextures[width] = img
	return img
}

// Line draws a segment from (x0, y0) to (x1, y1) of the given width in
// pixels.
func Line(dst *ebiten.Image, x0, y0, x1, y1, width float64, clr color.Color) {
	Polyline(dst, []float64{x0, x1}, []float64{y0, y1}, width, clr)
}

// Polyline draws the segments that join the points (xs[i], ys[i]) in
// turn, of the given width in pixels, with one draw command however many
// there are. A point with a NaN coordinate ends a run of points, so that
// one call can draw a broken curve, or many separate segments.
func Polyline(dst *ebiten.Image, xs, ys []float64, width float64, clr color.Color) {
	tex := lineTexture(width)
	h := float64(tex.Bounds().Dy())
	half := h / 2 / lineSub // the quad's half-thickness in pixels
	r, g, b, a := colorScale(clr)
	vs, is := strokeVertices[:0], strokeIndices[:0]
	flush := func() {
		if len(is) > 0 {
			dst.DrawTriangles(vs, is, tex, &ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear, ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
		}
		vs, is = vs[:0], is[:0]
	}
	for i := 1; i < len(xs) && i < len(ys); i++ {
		x0, y0, x1, y1 := xs[i-1], ys[i-1], xs[i], ys[i]
		n := math.Hypot(x1-x0, y1-y0)
		if math.IsNaN(n) || math.IsInf(n, 0) || n == 0 {
			continue
		}
		if len(vs)+4 > maxStrokeVertices {
			flush()
		}
		// The segment's quad: the middle column's texels 1 to 2 along it,
		// the stroke's profile across it.
		nx, ny := -(y1-y0)/n*half, (x1-x0)/n*half
		k := uint16(len(vs))
		for _, c := range [4][4]float64{{x0 - nx, y0 - ny, 1, 0}, {x1 - nx, y1 - ny, 2, 0}, {x0 + nx, y0 + ny, 1, h}, {x1 + nx, y1 + ny, 2, h}} {
			vs = append(vs, ebiten.Vertex{DstX: float32(c[0]), DstY: float32(c[1]), SrcX: float32(c[2]), SrcY: float32(c[3]), ColorR: r, ColorG: g, ColorB: b, ColorA: a})
		}
		is = append(is, k, k+1, k+2, k+1, k+3, k+2)
	}
	flush()
	strokeVertices, strokeIndices = vs, is
}

// strokeVertices and strokeIndices are Polyline's and Discs' buffers, kept
// between calls: drawing happens on the game's goroutine only.
var (
	strokeVertices []ebiten.Vertex
	strokeIndices  []uint16
)

// maxStrokeVertices bounds the vertices of one draw command, so that the
// 16-bit indices can address them.
const maxStrokeVertices = 1 << 14

// colorScale returns clr's premultiplied components as vertex colour
// scales.
func colorScale(clr color.Color) (r, g, b, a float32) {
	cr, cg, cb, ca := clr.RGBA()
	return float32(cr) / 0xffff, float32(cg) / 0xffff, float32(cb) / 0xffff, float32(ca) / 0xffff
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
	Discs(dst, []float64{x}, []float64{y}, r, clr)
}

// Discs draws a filled disc of radius r centred at each point (xs[i],
// ys[i]), with one draw command however many there are; points with a NaN
// coordinate are left out.
func Discs(dst *ebiten.Image, xs, ys []float64, r float64, clr color.Color) {
	img := dotTexture(r)
	n := float32(img.Bounds().Dx())
	cr, cg, cb, ca := colorScale(clr)
	vs, is := strokeVertices[:0], strokeIndices[:0]
	flush := func() {
		if len(is) > 0 {
			dst.DrawTriangles(vs, is, img, &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
		}
		vs, is = vs[:0], is[:0]
	}
	for i := 0; i < len(xs) && i < len(ys); i++ {
		if math.IsNaN(xs[i]) || math.IsNaN(ys[i]) {
			continue
		}
		if len(vs)+4 > maxStrokeVertices {
			flush()
		}
		// Whole pixels, so that the disc's texels land on pixels.
		x0, y0 := float32(math.Round(xs[i]-float64(n)/2)), float32(math.Round(ys[i]-float64(n)/2))
		k := uint16(len(vs))
		for _, c := range [4][2]float32{{0, 0}, {n, 0}, {0, n}, {n, n}} {
			vs = append(vs, ebiten.Vertex{DstX: x0 + c[0], DstY: y0 + c[1], SrcX: c[0], SrcY: c[1], ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca})
		}
		is = append(is, k, k+1, k+2, k+1, k+3, k+2)
	}
	flush()
	strokeVertices, strokeIndices = vs, is
}
