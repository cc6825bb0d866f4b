package viz

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
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
	c := float64(h) / 2
	img := whiteTexture(3, h, func(_, y int) float64 {
		// Coverage of a pixel centred at texel y by a stroke of the given
		// width centred at c.
		d := math.Abs(float64(y)+0.5-c) / lineSub
		return math.Max(0, math.Min(1, width/2+0.5-d))
	})
	lineTextures[width] = img
	return img
}

// Line draws a segment from (x0, y0) to (x1, y1) of the given width in
// pixels.
func Line(dst *ebiten.Image, x0, y0, x1, y1, width float64, clr color.Color) {
	Polyline(dst, 2, func(i int) (x, y float64) {
		if i == 0 {
			return x0, y0
		}
		return x1, y1
	}, width, clr)
}

// Polyline draws the segments that join n points in turn, point i at
// at(i), of the given width in pixels, with one draw command however many
// there are. A point with a NaN coordinate ends a run of points, so that
// one call can draw a broken curve, or many separate segments.
func Polyline(dst *ebiten.Image, n int, at func(i int) (x, y float64), width float64, clr color.Color) {
	tex := lineTexture(width)
	h := float32(tex.Bounds().Dy())
	half := float64(h) / 2 / lineSub // the quad's half-thickness in pixels
	x1, y1 := 0.0, 0.0
	if n > 0 {
		x1, y1 = at(0)
	}
	drawQuads(dst, tex, ebiten.FilterLinear, clr, n-1, func(i int) (q [4][4]float32, ok bool) {
		x0, y0 := x1, y1
		x1, y1 = at(i + 1)
		l := math.Hypot(x1-x0, y1-y0)
		if math.IsNaN(l) || math.IsInf(l, 0) || l == 0 {
			return q, false
		}
		// The middle column's texels 1 to 2 along the segment, the
		// stroke's profile across it.
		nx, ny := -(y1-y0)/l*half, (x1-x0)/l*half
		return [4][4]float32{
			{float32(x0 - nx), float32(y0 - ny), 1, 0}, {float32(x1 - nx), float32(y1 - ny), 2, 0},
			{float32(x0 + nx), float32(y0 + ny), 1, h}, {float32(x1 + nx), float32(y1 + ny), 2, h},
		}, true
	})
}

// drawQuads draws n quads of src onto dst in clr, with as few draw commands
// as a quadBatch needs. quad(i) returns the i-th quad's corners, top
// left, top right, bottom left, bottom right, each as destination x, y and
// source x, y, or false to leave it out. The quads are kept in one buffer
// between calls: drawing happens on the game's goroutine only.
func drawQuads(dst, src *ebiten.Image, filter ebiten.Filter, clr color.Color, n int, quad func(i int) ([4][4]float32, bool)) {
	r, g, b, a := colorScale(clr)
	for i := range n {
		if q, ok := quad(i); ok {
			strokes.corners(q, r, g, b, a)
		}
	}
	strokes.draw(dst, src, &ebiten.DrawTrianglesOptions{Filter: filter, ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
}

// strokes is the buffer of drawQuads.
var strokes quadBatch

// quadBatch collects textured quads, each four corners of the destination
// with the texels of a source image they show and a colour, to draw in as
// few commands as 16-bit indices allow: the one batcher of the package.
type quadBatch struct{ vs []ebiten.Vertex }

// corners adds the quad c, corners top left, top right, bottom left,
// bottom right, each as destination x, y and source x, y, tinted by the
// colour scales r, g, b, a.
func (q *quadBatch) corners(c [4][4]float32, r, g, b, a float32) {
	for _, v := range c {
		q.vs = append(q.vs, ebiten.Vertex{DstX: v[0], DstY: v[1], SrcX: v[2], SrcY: v[3], ColorR: r, ColorG: g, ColorB: b, ColorA: a})
	}
}

// add adds the quad that draws the source rectangle at (sx, sy) of size
// sw×sh into the destination rectangle at (x, y) of size w×h, tinted clr.
func (q *quadBatch) add(x, y, w, h, sx, sy, sw, sh int, clr color.RGBA) {
	x0, y0, x1, y1 := float32(x), float32(y), float32(x+w), float32(y+h)
	s0, t0, s1, t1 := float32(sx), float32(sy), float32(sx+sw), float32(sy+sh)
	q.corners([4][4]float32{{x0, y0, s0, t0}, {x1, y0, s1, t0}, {x0, y1, s0, t1}, {x1, y1, s1, t1}},
		float32(clr.R)/255, float32(clr.G)/255, float32(clr.B)/255, float32(clr.A)/255)
}

// fill adds the quad that fills the w×h rectangle at (x, y) with clr, from
// the white texel of whiteTexel.
func (q *quadBatch) fill(x, y, w, h int, clr color.RGBA) {
	q.add(x, y, w, h, 1, 1, 1, 1, clr)
}

// draw draws the quads from src onto dst with op (nil for the defaults)
// and empties the batch.
func (q *quadBatch) draw(dst, src *ebiten.Image, op *ebiten.DrawTrianglesOptions) {
	for vs := q.vs; len(vs) > 0; {
		m := min(len(vs), maxQuadVertices)
		dst.DrawTriangles(vs[:m], quadIndices[:m/4*6], src, op)
		vs = vs[m:]
	}
	q.vs = q.vs[:0]
}

// maxQuadVertices bounds the vertices of one draw command, so that the
// 16-bit indices can address them.
const maxQuadVertices = 1 << 14

// quadIndices are the indices of the quads of one draw command, two
// triangles each: the same for every command.
var quadIndices = func() []uint16 {
	is := make([]uint16, 0, maxQuadVertices/4*6)
	for k := uint16(0); k < maxQuadVertices; k += 4 {
		is = append(is, k, k+1, k+2, k+1, k+3, k+2)
	}
	return is
}()

// colorScale returns clr's premultiplied components as vertex colour
// scales.
func colorScale(clr color.Color) (r, g, b, a float32) {
	cr, cg, cb, ca := clr.RGBA()
	return float32(cr) / 0xffff, float32(cg) / 0xffff, float32(cb) / 0xffff, float32(ca) / 0xffff
}

// dotTextures holds a white antialiased disc per radius in pixels.
var dotTextures = map[float64]*ebiten.Image{}

// discMasks holds an antialiased disc per radius in pixels, as an alpha
// mask (see discMask).
var discMasks = map[float64]*image.Alpha{}

// dotSub is the discs' samples per pixel each way, for their coverage.
const dotSub = 4

// discMask returns the disc of radius r centred in a square mask of side
// the diameter rounded up plus 4 pixels, each pixel's alpha the share of it
// inside the disc. Dot draws it on the GPU and rasterDot on the CPU.
func discMask(r float64) *image.Alpha {
	if m, ok := discMasks[r]; ok {
		return m
	}
	n := int(math.Ceil(2*r)) + 4
	c := float64(n) / 2
	m := image.NewAlpha(image.Rect(0, 0, n, n))
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
			m.Pix[py*m.Stride+px] = byte(math.Round(255 * float64(in) / (dotSub * dotSub)))
		}
	}
	discMasks[r] = m
	return m
}

// dotTexture returns the disc of radius r, made once on the CPU: the
// vector package's antialiased fill would compile its stencil shaders on
// the first frame, which slows the page's start.
func dotTexture(r float64) *ebiten.Image {
	if img, ok := dotTextures[r]; ok {
		return img
	}
	m := discMask(r)
	img := whiteTexture(m.Rect.Dx(), m.Rect.Dy(), func(x, y int) float64 { return float64(m.AlphaAt(x, y).A) / 255 })
	dotTextures[r] = img
	return img
}

// dotCorner returns the top-left pixel of a disc's mask, d pixels square,
// centred at (x, y): whole pixels, so that the mask's pixels land on
// pixels.
func dotCorner(x, y float64, d int) image.Point {
	return image.Pt(int(math.Round(x-float64(d)/2)), int(math.Round(y-float64(d)/2)))
}

// rasterDot draws on the CPU, into dst, the disc Dot draws on the GPU.
func rasterDot(dst *image.RGBA, x, y, r float64, clr color.Color) {
	m := discMask(r)
	draw.DrawMask(dst, m.Rect.Add(dotCorner(x, y, m.Rect.Dx())), image.NewUniform(clr), image.Point{}, m, image.Point{}, draw.Over)
}

// whiteTexture returns a w×h white image whose texel (x, y) covers
// cover(x, y) of its area, from 0 to 1, as its (premultiplied) alpha: the
// texture of an antialiased shape, made once on the CPU.
func whiteTexture(w, h int, cover func(x, y int) float64) *ebiten.Image {
	pix := make([]byte, 4*w*h)
	for y := range h {
		for x := range w {
			v := byte(math.Round(255 * cover(x, y)))
			i := 4 * (y*w + x)
			pix[i], pix[i+1], pix[i+2], pix[i+3] = v, v, v, v
		}
	}
	img := ebiten.NewImage(w, h)
	img.WritePixels(pix)
	return img
}

// Dot draws a filled disc of radius r centred at (x, y).
func Dot(dst *ebiten.Image, x, y, r float64, clr color.Color) {
	Discs(dst, 1, func(int) (float64, float64) { return x, y }, r, clr)
}

// Discs draws a filled disc of radius r centred at each of n points, point
// i at at(i), with one draw command however many there are; points with a
// NaN coordinate are left out.
func Discs(dst *ebiten.Image, n int, at func(i int) (x, y float64), r float64, clr color.Color) {
	img := dotTexture(r)
	side := img.Bounds().Dx()
	d := float32(side)
	drawQuads(dst, img, ebiten.FilterNearest, clr, n, func(i int) (q [4][4]float32, ok bool) {
		x, y := at(i)
		if math.IsNaN(x) || math.IsNaN(y) {
			return q, false
		}
		c := dotCorner(x, y, side)
		x0, y0 := float32(c.X), float32(c.Y)
		return [4][4]float32{{x0, y0, 0, 0}, {x0 + d, y0, d, 0}, {x0, y0 + d, 0, d}, {x0 + d, y0 + d, d, d}}, true
	})
}

// Arrow draws a segment from (x0, y0) to (x1, y1) with a head at the end,
// on a white halo so that it reads on any colour.
func Arrow(dst *ebiten.Image, x0, y0, x1, y1, w float64, clr color.Color) {
	l := math.Hypot(x1-x0, y1-y0)
	if l < 1 {
		return
	}
	ux, uy := (x1-x0)/l, (y1-y0)/l
	head := math.Min(4*w, l/2)
	// The head's two barbs, 25° either side of the shaft.
	c, sn := math.Cos(25*math.Pi/180), math.Sin(25*math.Pi/180)
	ax, ay := x1-head*(ux*c-uy*sn), y1-head*(uy*c+ux*sn)
	bx, by := x1-head*(ux*c+uy*sn), y1-head*(uy*c-ux*sn)
	for _, pass := range []struct {
		w   float64
		clr color.Color
	}{{w + 3, color.White}, {w, clr}} {
		Line(dst, x0, y0, x1, y1, pass.w, pass.clr)
		Line(dst, x1, y1, ax, ay, pass.w, pass.clr)
		Line(dst, x1, y1, bx, by, pass.w, pass.clr)
	}
}

// Polygon draws the closed polygon through pts, mapped to the screen by
// toScreen, leaving out the sides at points that are not finite.
func Polygon(dst *ebiten.Image, pts [][2]float64, toScreen func(x, y float64) (float64, float64), width float64, clr color.Color) {
	if len(pts) == 0 {
		return
	}
	Polyline(dst, len(pts)+1, func(i int) (float64, float64) {
		p := pts[i%len(pts)] // back to the first point
		if v := p[0] + p[1]; math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN(), math.NaN()
		}
		return toScreen(p[0], p[1])
	}, width, clr)
}

// FillRect fills the rectangle r of dst with clr, without antialiasing: for
// panels, bars and rules on whole pixels.
func FillRect(dst *ebiten.Image, r image.Rectangle, clr color.Color) {
	FillRectF(dst, float64(r.Min.X), float64(r.Min.Y), float64(r.Dx()), float64(r.Dy()), clr)
}

// FillRectF fills the rectangle of width w and height h at (x, y) of dst
// with clr, without antialiasing. A large rectangle of an opaque colour,
// such as a panel, replaces the pixels below it (see FillOpaque).
func FillRectF(dst *ebiten.Image, x, y, w, h float64, clr color.Color) {
	if w*h >= copyArea && opaque(clr) {
		copyRect(dst, x, y, w, h, clr)
		return
	}
	vector.FillRect(dst, float32(x), float32(y), float32(w), float32(h), clr, false)
}

// copyArea is the least area in pixels of a rectangle that FillRectF fills
// by copying: a smaller one is blended, as the glyphs and lines drawn
// around it are, so that Ebiten can draw them all in one batch.
const copyArea = 64 * 64

// FillOpaque fills all of dst with clr as Fill does, but an opaque clr
// replaces dst's pixels (ebiten.BlendCopy) rather than being blended over
// them. The picture is the same; a GPU emulated in software, as in a
// browser without one, then reads no destination pixel, which for a
// screen-sized fill every frame is a large part of the frame's work. A
// translucent clr is left to Fill.
func FillOpaque(dst *ebiten.Image, clr color.Color) {
	if !opaque(clr) {
		dst.Fill(clr)
		return
	}
	b := dst.Bounds()
	copyRect(dst, float64(b.Min.X), float64(b.Min.Y), float64(b.Dx()), float64(b.Dy()), clr)
}

// copyRect sets the pixels of the rectangle of width w and height h at (x,
// y) of dst to clr, as a quad that covers the same pixels as
// vector.FillRect's without antialiasing.
func copyRect(dst *ebiten.Image, x, y, w, h float64, clr color.Color) {
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Scale(w, h)
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(whiteTexel().SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image), op)
}

// opaque reports whether clr has no transparency.
func opaque(clr color.Color) bool {
	_, _, _, a := clr.RGBA()
	return a == 0xffff
}

// StrokeRect draws the outline of the rectangle r of dst, width pixels
// wide, in clr, without antialiasing.
func StrokeRect(dst *ebiten.Image, r image.Rectangle, width float64, clr color.Color) {
	vector.StrokeRect(dst, float32(r.Min.X), float32(r.Min.Y), float32(r.Dx()), float32(r.Dy()), float32(width), clr, false)
}

// Rule draws a horizontal line from x0 to x1 at y, width pixels thick, in
// clr, without antialiasing: the edge of a bar or a panel.
func Rule(dst *ebiten.Image, x0, x1, y, width float64, clr color.Color) {
	vector.StrokeLine(dst, float32(x0), float32(y), float32(x1), float32(y), float32(width), clr, false)
}
