package viz

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/vector"
)

// pen draws a path on the CPU, antialiased, into a rectangle of an image,
// with golang.org/x/image/vector's rasterizer: fill fills what its moves,
// lines, cubics and strokes enclose. Where parts of the path overlap,
// their coverage adds up to at most full, provided each part goes round
// the same way, as stroke's parts do.
type pen struct {
	dst *image.RGBA
	r   image.Rectangle // the part of dst the path is drawn in
	z   *vector.Rasterizer
}

// newPen returns a pen that draws into the part r of dst.
func newPen(dst *image.RGBA, r image.Rectangle) pen {
	r = r.Intersect(dst.Rect)
	return pen{dst: dst, r: r, z: vector.NewRasterizer(max(r.Dx(), 1), max(r.Dy(), 1))}
}

// at returns (x, y) of dst in the rasterizer's coordinates.
func (p pen) at(x, y float64) (float32, float32) {
	return float32(x - float64(p.r.Min.X)), float32(y - float64(p.r.Min.Y))
}

// moveTo starts a subpath at (x, y), closing the one before.
func (p pen) moveTo(x, y float64) {
	p.z.ClosePath()
	p.z.MoveTo(p.at(x, y))
}

// lineTo adds a segment to (x, y).
func (p pen) lineTo(x, y float64) { p.z.LineTo(p.at(x, y)) }

// cubeTo adds a cubic Bézier curve to (x, y) with control points (x1, y1)
// and (x2, y2).
func (p pen) cubeTo(x1, y1, x2, y2, x, y float64) {
	ax, ay := p.at(x1, y1)
	bx, by := p.at(x2, y2)
	cx, cy := p.at(x, y)
	p.z.CubeTo(ax, ay, bx, by, cx, cy)
}

// circleK is the distance of a quarter circle's Bézier control points from
// its ends, for radius 1.
const circleK = 0.5522847498

// circle adds the circle of radius r centred at (x, y) as a subpath, going
// round as stroke's segments do.
func (p pen) circle(x, y, r float64) {
	k := circleK * r
	p.moveTo(x+r, y)
	p.cubeTo(x+r, y+k, x+k, y+r, x, y+r)
	p.cubeTo(x-k, y+r, x-r, y+k, x-r, y)
	p.cubeTo(x-r, y-k, x-k, y-r, x, y-r)
	p.cubeTo(x+k, y-r, x+r, y-k, x+r, y)
}

// stroke adds the line through pts, width wide, with butt ends and round
// joins: a rectangle along each segment and a disc at each join.
func (p pen) stroke(width float64, pts ...[2]float64) {
	h := width / 2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := math.Hypot(b[0]-a[0], b[1]-a[1])
		if l == 0 {
			continue
		}
		// The normal, h long.
		nx, ny := -(b[1]-a[1])/l*h, (b[0]-a[0])/l*h
		p.moveTo(a[0]-nx, a[1]-ny)
		p.lineTo(b[0]-nx, b[1]-ny)
		p.lineTo(b[0]+nx, b[1]+ny)
		p.lineTo(a[0]+nx, a[1]+ny)
	}
	for _, q := range pts[1 : len(pts)-1] {
		p.circle(q[0], q[1], h)
	}
}

// fill draws what the path encloses in clr, over dst.
func (p pen) fill(clr color.RGBA) {
	p.z.ClosePath()
	if p.r.Empty() {
		return
	}
	p.z.Draw(p.dst, p.r, image.NewUniform(clr), image.Point{})
}
