package viz

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jacobianlab/jacobianlab/core"
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

// decades marks the powers of ten on a log axis, labelled 10ᵏ (for an
// axis whose tick labels powerText draws), with minor
// ticks at 2…9 times them when the axis spans few decades. It labels at
// most about labels of them (six when zero), so that a short axis keeps
// its labels apart: every decade, or every second, third, … counted from
// 1 = 10⁰.
type decades struct{ labels int }

func (d decades) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi >= lo && !math.IsInf(hi, 0)) {
		return nil // not a range a log axis can have
	}
	n := d.labels
	if n <= 0 {
		n = 6
	}
	k0, k1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	every := max(1, (k1-k0+n-1)/n)
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		v := math.Pow(10, float64(k))
		if v >= lo && v <= hi {
			t := plot.Tick{Value: v}
			if k%every == 0 { // 1, 10⁻⁴, 10⁻⁸, …: round decades, 1 among them
				t.Label = "10" + core.Superscript(k) // drawn by powerText
				if k == 0 {
					t.Label = "1"
				}
			}
			ticks = append(ticks, t)
		}
		for m := 2; every == 1 && m <= 9; m++ {
			if mv := float64(m) * v; mv >= lo && mv <= hi {
				ticks = append(ticks, plot.Tick{Value: mv})
			}
		}
	}
	return ticks
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

// powerText is the text handler of a log axis's tick labels: a power of
// ten written 10⁻³, base and superscript digits, is drawn as 10 with its
// exponent smaller and raised, in the plot's own font, which lacks some
// superscript digits and the superscript minus; any other label is drawn
// as text.Plain draws it.
type powerText struct{ memoText }

// Sizes of a power's exponent: its font against the base's, and how far
// its baseline is raised, in the base's font sizes.
const (
	powerSize  = 0.7
	powerRaise = 0.45
)

// power splits a power of ten written 10⁻³ into its base and its exponent
// in plain digits, with a true minus: "10", "−3".
func power(txt string) (base, exp string, ok bool) {
	base, sup, ok := strings.Cut(txt, "10")
	if !ok || base != "" || sup == "" {
		return "", "", false
	}
	var b strings.Builder
	for _, r := range sup {
		switch d := slices.Index(superDigits, r); {
		case r == '⁻':
			b.WriteRune('−')
		case d >= 0:
			b.WriteRune('0' + rune(d))
		default:
			return "", "", false
		}
	}
	return "10", b.String(), true
}

// superDigits are the superscript digits, 0 to 9.
var superDigits = []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")

// Box implements text.Handler.
func (h powerText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	base, exp, ok := power(txt)
	if !ok {
		return h.memoText.Box(txt, fnt)
	}
	return box(textKey{txt: txt, fnt: fnt, power: true}, func() (vg.Length, vg.Length, vg.Length) {
		face := plain.Fonts.Lookup(fnt, fnt.Size)
		small := plain.Fonts.Lookup(fnt, fnt.Size*powerSize)
		ext := face.Extents()
		return face.Width(base) + small.Width(exp), ext.Ascent + powerRaise*fnt.Size*(1-powerSize), ext.Descent
	})
}

// Draw implements text.Handler.
func (h powerText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	base, exp, ok := power(txt)
	if !ok || sty.Rotation != 0 {
		h.memoText.Draw(c, txt, sty, pt)
		return
	}
	size := sty.Font.Size
	face := plain.Fonts.Lookup(sty.Font, size)
	small := plain.Fonts.Lookup(sty.Font, size*powerSize)
	w, ht := sty.Width(txt), sty.Height(txt)
	c.SetColor(sty.Color)
	// As text.Plain places a line of text.
	x := pt.X + vg.Length(sty.XAlign)*w
	y := pt.Y + ht*vg.Length(sty.YAlign) - face.Extents().Ascent + size
	c.FillString(face, vg.Point{X: x, Y: y}, base)
	c.FillString(small, vg.Point{X: x + face.Width(base), Y: y + powerRaise*size}, exp)
}
