package figure

import (
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/jacobianlab/jacobianlab/viz/plotkit"
)

// heatN and heatLevels are the samples a side of a heat map and its
// number of contour lines.
const (
	heatN      = 64
	heatLevels = 9
)

// heatMap returns a heat map of f over the square of half-side half
// around c, with contour lines.
func heatMap(f func(x, y float64) float64, c []float64, half float64) *plot.Plot {
	g := plotkit.Sample(f, c[0]-half, c[0]+half, c[1]-half, c[1]+half, heatN)
	lo, hi := g.Range()
	cm := moreland.SmoothBlueRed()
	cm.SetMin(lo)
	cm.SetMax(hi)
	p := plot.New()
	h := plotter.NewHeatMap(g, cm.Palette(64))
	h.Min, h.Max = lo, hi
	h.NaN = color.Transparent
	p.Add(h)
	ct := plotter.NewContour(g, plotkit.Levels(lo, hi, heatLevels), nil)
	ct.LineStyles = []draw.LineStyle{{Color: color.RGBA{0x1b, 0x1f, 0x24, 0xa0}, Width: vg.Points(0.8)}}
	p.Add(ct)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = c[0]-half, c[0]+half, c[1]-half, c[1]+half
	return p
}

// margin is the plot's distance from a figure's edges: gonum/plot draws
// the data area, and the last tick label under it, to the canvas's edge.
var margin = vg.Points(8)

// drawFramed fills c with p's background and draws p inside a margin.
func drawFramed(c vg.CanvasSizer, p *plot.Plot) {
	dc := draw.New(c)
	if p.BackgroundColor != nil {
		dc.SetColor(p.BackgroundColor)
		dc.Fill(dc.Rectangle.Path())
	}
	p.Draw(draw.Crop(dc, margin, -margin, margin, -margin))
}

// writePNG writes p as a PNG of width × height at pngDPI.
func writePNG(w io.Writer, p *plot.Plot, width, height vg.Length) error {
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(pngDPI))
	drawFramed(c, p)
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// writeVector writes p as an SVG or a PDF of width × height.
func writeVector(w io.Writer, p *plot.Plot, width, height vg.Length, format string) error {
	c, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return err
	}
	drawFramed(c, p)
	_, err = c.WriteTo(w)
	return err
}
