package viz

import (
	"image"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Bars is a bar chart of values named by labels, made, like ErrorPlot, for
// values that change every frame: the axes are rendered by a PlotLayer over
// a range with room to spare, and the bars are drawn on top of them in Draw.
// The axes are rendered again only when the labels change or the values
// leave their range or fill little of it.
type Bars struct {
	decorate func(*plot.Plot)
	layer    *PlotLayer
	values   []float64
	labels   []string
	y        Range // the value axis
}

// barWidth is a bar's width in points.
const barWidth = 22

// NewBars returns an empty bar chart. decorate, if not nil, sets the
// titles and labels of the chart's axes at each render.
func NewBars(decorate func(*plot.Plot)) *Bars {
	b := &Bars{decorate: decorate}
	b.layer = NewPlotLayer(b.axes)
	return b
}

// Set replaces the values and their labels. A value that is not finite has
// no bar. The slices are kept, not copied, until the next Set.
func (b *Bars) Set(values []float64, labels []string) {
	lo, hi := 0.0, 0.0 // the bars start at 0
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo == hi {
		lo, hi = -1, 1
	}
	y := b.y
	span := hi - lo
	if !(y.Max > y.Min) || lo < y.Min || hi > y.Max || span < 0.4*(y.Max-y.Min) {
		// A tenth of the span to spare beyond the bars, none below a
		// baseline they all stand on.
		y = Range{lo - 0.1*span, hi + 0.1*span}
		if lo == 0 {
			y.Min = 0
		}
		if hi == 0 {
			y.Max = 0
		}
	}
	if y != b.y || !slices.Equal(labels, b.labels) {
		b.y = y
		b.layer.Invalidate()
	}
	b.values, b.labels = values, labels
}

// Values returns the values given to the last Set.
func (b *Bars) Values() []float64 { return b.values }

// axes builds the plot the layer renders: the axes, the labels under the
// bars' places and a grid, without the bars.
func (b *Bars) axes() *plot.Plot {
	p := NewPlot()
	p.Add(plotter.NewGrid())
	if len(b.labels) > 0 { // NominalX panics on none
		p.NominalX(b.labels...)
	}
	p.X.Min, p.X.Max = -0.5, math.Max(0.5, float64(len(b.labels))-0.5)
	p.Y.Min, p.Y.Max = b.y.Min, b.y.Max
	if b.decorate != nil {
		b.decorate(p)
	}
	return p
}

// Prepare places the chart at r (screen pixels, scale device pixels per
// logical pixel), and again if its axes changed; the next Draw renders
// them. Call it from Update, after Set.
func (b *Bars) Prepare(r image.Rectangle, scale float64) { b.layer.Prepare(r, scale) }

// Renders returns how many times the axes have been rendered.
func (b *Bars) Renders() int { return b.layer.Renders() }

// Geometry returns where the chart's data area is and the ranges it shows.
func (b *Bars) Geometry() Geometry { return b.layer.Geometry() }

// Draw draws the axes, then the bars over them.
func (b *Bars) Draw(dst *ebiten.Image) {
	l := b.layer
	l.Draw(dst)
	if l.img == nil {
		return
	}
	clip := dst.SubImage(l.DataArea()).(*ebiten.Image)
	w := barWidth * l.scale
	for i, v := range b.values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		x, y0 := l.ToScreen(float64(i), 0)
		_, y1 := l.ToScreen(float64(i), v)
		top, bottom := math.Round(math.Min(y0, y1)), math.Round(math.Max(y0, y1))
		vector.FillRect(clip, float32(math.Round(x-w/2)), float32(top), float32(math.Round(w)), float32(bottom-top), Th().Curve, false)
	}
}
