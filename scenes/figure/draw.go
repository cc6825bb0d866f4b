package figure

import (
	"image/color"
	"io"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// heatN and heatLevels are the samples a side of a heat map and its
// number of contour lines.
const (
	heatN      = 64
	heatLevels = 9
)

// grid is a plotter.GridXYZ of f sampled on an n×n grid.
type grid struct {
	x, y []float64
	z    *mat.Dense
}

func (g grid) Dims() (c, r int)   { return len(g.x), len(g.y) }
func (g grid) Z(c, r int) float64 { return g.z.At(r, c) }
func (g grid) X(c int) float64    { return g.x[c] }
func (g grid) Y(r int) float64    { return g.y[r] }

// heatMap returns a heat map of f over the square of half-side half
// around c, with contour lines.
func heatMap(f func(x, y float64) float64, c []float64, half float64) *plot.Plot {
	g := grid{x: make([]float64, heatN), y: make([]float64, heatN), z: mat.NewDense(heatN, heatN, nil)}
	floats.Span(g.x, c[0]-half, c[0]+half)
	floats.Span(g.y, c[1]-half, c[1]+half)
	lo, hi := math.Inf(1), math.Inf(-1)
	for r, yv := range g.y {
		for k, xv := range g.x {
			v := f(xv, yv)
			g.z.Set(r, k, v)
			if !math.IsInf(v, 0) && !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if !(hi > lo) {
		lo, hi = -1, 1
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(lo)
	cm.SetMax(hi)
	p := plot.New()
	h := plotter.NewHeatMap(g, cm.Palette(64))
	h.Min, h.Max = lo, hi
	h.NaN = color.Transparent
	p.Add(h)
	levels := make([]float64, heatLevels)
	for i := range levels {
		levels[i] = lo + (hi-lo)*float64(i+1)/(heatLevels+1)
	}
	ct := plotter.NewContour(g, levels, nil)
	ct.LineStyles = []draw.LineStyle{{Color: color.RGBA{0x1b, 0x1f, 0x24, 0xa0}, Width: vg.Points(0.8)}}
	p.Add(ct)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = g.x[0], g.x[heatN-1], g.y[0], g.y[heatN-1]
	return p
}

// writePNG writes p as a PNG of width × height at pngDPI.
func writePNG(w io.Writer, p *plot.Plot, width, height vg.Length) error {
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(pngDPI))
	p.Draw(draw.New(c))
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}
