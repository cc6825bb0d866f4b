//go:build display

package viz

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// alphaAt returns the alpha of dst's pixel (x, y), from 0 to 1.
func alphaAt(dst *image.RGBA, x, y int) float64 { return float64(dst.RGBAAt(x, y).A) / 255 }

// TestPenStroke strokes a polyline with sharp and shallow joins and checks
// that its ink is where the stroke is: full along the line, joins
// included, where the segments' rectangles and the joins' discs overlap
// (parts going round opposite ways would cancel there and leave holes),
// none farther than half its width and a pixel from the line, and none at
// all past its butt ends.
func TestPenStroke(t *testing.T) {
	pts := [][2]float64{{10, 10}, {60, 50}, {20, 90}, {90, 92}}
	const width = 6
	dst := image.NewRGBA(image.Rect(0, 0, 100, 110))
	p := newPen(dst, dst.Rect)
	p.stroke(width, pts...)
	p.fill(color.RGBA{A: 255})
	// dist returns the distance from (x, y) to the polyline, and whether
	// it is within a pixel of an end, along the line or past it.
	dist := func(x, y float64) (d float64, end bool) {
		d = math.Inf(1)
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			vx, vy := b[0]-a[0], b[1]-a[1]
			s := ((x-a[0])*vx + (y-a[1])*vy) / (vx*vx + vy*vy)
			c := math.Max(0, math.Min(1, s))
			if e := math.Hypot(x-a[0]-c*vx, y-a[1]-c*vy); e < d {
				// Within a pixel of a butt end, the end's edge
				// crosses the pixel.
				l := math.Hypot(vx, vy)
				d, end = e, (i == 1 && s*l < 1) || (i == len(pts)-1 && (1-s)*l < 1)
			}
		}
		return d, end
	}
	for y := range dst.Rect.Dy() {
		for x := range dst.Rect.Dx() {
			d, end := dist(float64(x)+0.5, float64(y)+0.5)
			a := alphaAt(dst, x, y)
			switch {
			case d < width/2-1 && !end && a < 0.99:
				t.Errorf("pixel (%d, %d), %.1f from the line: alpha %.2f, want full", x, y, d, a)
			case d > width/2+1 && a > 0:
				t.Errorf("pixel (%d, %d), %.1f from the line: alpha %.2f, want none", x, y, d, a)
			}
		}
	}
	// The joins: every pixel within the stroke around each is full.
	for _, q := range pts[1:3] {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				if a := alphaAt(dst, int(q[0])+dx, int(q[1])+dy); a < 0.99 {
					t.Errorf("join at %v: pixel (%+d, %+d) has alpha %.2f, want full", q, dx, dy, a)
				}
			}
		}
	}
}

// TestPenClips draws a disc that reaches past the pen's rectangle on every
// side and checks that the pen draws within its rectangle, and fills it
// there.
func TestPenClips(t *testing.T) {
	dst := image.NewRGBA(image.Rect(0, 0, 40, 40))
	r := image.Rect(10, 10, 30, 30)
	p := newPen(dst, r)
	p.circle(20, 20, 30)
	p.fill(color.RGBA{A: 255})
	for y := range 40 {
		for x := range 40 {
			in := image.Pt(x, y).In(r)
			if a := alphaAt(dst, x, y); in && a < 0.99 || !in && a > 0 {
				t.Errorf("pixel (%d, %d), in %v: %v, alpha %.2f", x, y, r, in, a)
			}
		}
	}
}
