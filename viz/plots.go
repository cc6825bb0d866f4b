package viz

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jacobianlab/jacobianlab/viz/plotkit"
)

// The plot kinds the lessons use. Each builds a *plot.Plot from plain data,
// so a PlotLayer can draw it on screen and Export can save it.

// Range is a closed interval of an axis.
type Range struct{ Min, Max float64 }

// CurveSamples is how many points of a function a lesson samples for
// FunctionPlot's curve.
const CurveSamples = 400

// Samples returns n points evenly spaced over r, r.Min and r.Max among
// them (n ≥ 2): where a function is sampled for FunctionPlot.
func (r Range) Samples(n int) []float64 {
	xs := make([]float64, n)
	d := (r.Max - r.Min) / float64(n-1)
	for i := range xs {
		xs[i] = r.Min + float64(i)*d
	}
	return xs
}

// FunctionPlot plots a function over x in the curve colour, through its
// values ys at x.Samples(len(ys)), with the y range fixed when y is
// non-empty, automatic otherwise. The caller evaluates the function, at
// all the points at once where it can. More plotters, such as a tangent or
// a secant, can be added to the returned plot.
func FunctionPlot(x Range, ys []float64, y Range) *plot.Plot {
	p := NewPlot()
	p.X.Min, p.X.Max = x.Min, x.Max
	if y.Max > y.Min {
		p.Y.Min, p.Y.Max = y.Min, y.Max
	}
	p.Add(plotter.NewGrid())
	c := &curve{xs: x.Samples(len(ys)), ys: ys, LineStyle: plotter.DefaultLineStyle}
	c.Color = Th().Curve
	c.Width = vg.Points(2.5)
	p.Add(c)
	return p
}

// curve is a function's graph through its values ys at xs, drawn as
// plotter.Function draws one through the values it computes at every
// render: a line clipped to the data area, with a gap where a value is
// NaN.
type curve struct {
	xs, ys []float64
	draw.LineStyle
}

// Plot implements plot.Plotter.
func (c *curve) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&dc)
	line := make([]vg.Point, len(c.ys))
	for i, y := range c.ys {
		line[i] = vg.Point{X: trX(c.xs[i]), Y: trY(y)}
	}
	dc.StrokeLines(c.LineStyle, dc.ClipLinesXY(line)...)
}

// HeatMapPlot shows f: ℝ² → ℝ over x × y as a heat map, sampled n×n, with
// contour lines at the given number of levels. Non-finite samples are left
// blank.
func HeatMapPlot(f func(x, y float64) float64, x, y Range, n, levels int) *plot.Plot {
	p := NewPlot()
	g := plotkit.Sample(f, x.Min, x.Max, y.Min, y.Max, n)
	cm := moreland.SmoothBlueRed()
	lo, hi := g.Range()
	cm.SetMin(lo)
	cm.SetMax(hi)
	p.Add(newHeatMap(g, cm.Palette(64), lo, hi))
	if levels > 0 {
		c := plotter.NewContour(g, plotkit.Levels(lo, hi, levels), nil)
		c.LineStyles[0].Color = color.RGBA{0x1b, 0x1f, 0x24, 0x90}
		c.LineStyles[0].Width = vg.Points(0.8)
		p.Add(&contourLines{contour: c})
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x.Min, x.Max, y.Min, y.Max
	return p
}

// GridMapPlot draws the image of a square grid under f: ℝ² → ℝ²: lines of
// constant x and of constant y over x × y, each sampled at 64 points, n lines
// each way. The plot's range fits the image.
func GridMapPlot(f func(x, y float64) (u, v float64), x, y Range, n int) *plot.Plot {
	p := NewPlot()
	const samples = 64
	line := func(at func(t float64) (float64, float64), clr color.Color) {
		pts := make(plotter.XYs, samples)
		for i := range pts {
			pts[i].X, pts[i].Y = at(float64(i) / (samples - 1))
		}
		l, err := plotter.NewLine(pts)
		if err != nil { // non-finite points: leave the line out
			return
		}
		l.Color, l.Width = clr, vg.Points(1)
		p.Add(l)
	}
	lerp := func(r Range, t float64) float64 { return r.Min + t*(r.Max-r.Min) }
	for i := range n {
		s := float64(i) / float64(max(1, n-1))
		line(func(t float64) (float64, float64) { return f(lerp(x, s), lerp(y, t)) }, Th().Curve)
		line(func(t float64) (float64, float64) { return f(lerp(x, t), lerp(y, s)) }, Th().Tangent)
	}
	return p
}

// Export saves p as a PNG, SVG or PDF file (chosen by path's extension) of
// the given size in points.
func Export(p *plot.Plot, w, h vg.Length, path string) error {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png", ".svg", ".pdf":
		return p.Save(w, h, path)
	default:
		return fmt.Errorf("viz: cannot export a plot as %q: use .png, .svg or .pdf", ext)
	}
}

// powerText is plotkit.PowerText with the boxes of its powers remembered,
// as memoText remembers the boxes of other texts.
type powerText struct{ memoText }

// Box implements text.Handler.
func (h powerText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	if _, _, ok := plotkit.Power(txt); !ok {
		return h.memoText.Box(txt, fnt)
	}
	return box(textKey{txt: txt, fnt: fnt, power: true}, func() (vg.Length, vg.Length, vg.Length) {
		return plotkit.PowerText{Plain: plain}.Box(txt, fnt)
	})
}

// Draw implements text.Handler.
func (h powerText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	plotkit.PowerText{Plain: plain}.Draw(c, txt, sty, pt)
}
