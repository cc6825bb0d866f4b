package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jacobianlab/jacobianlab/viz/plotkit"
)

// Series is one curve of an ErrorPlot: the errors Err at the steps H.
// Points with a step or an error that is not positive and finite are left
// out.
type Series struct {
	Name  string // its legend entry; none if empty
	Color color.Color
	Dots  bool // whether its points are marked too
	H     []float64
	Err   []float64
}

// ErrorPlot plots the errors of approximations against the step on log–log
// axes, with a dashed reference line of a given slope (2 for the remainder
// of a linear approximation) through the middle point of the first series.
//
// It is made for data that changes every frame while a point is dragged:
// the axes are rendered by a PlotLayer, over ranges that leave a decade to
// spare, and the curves are drawn on top of them in Draw. The axes are
// rendered again only when the data leaves their range or fills much less
// of it, not on every change; while Hold is on, only when the data leaves
// it.
type ErrorPlot struct {
	slope    float64
	decorate func(*plot.Plot)
	layer    *PlotLayer
	hold     bool
	series   []Series
	x, y     Range      // the axes' ranges; y is empty when there is nothing to plot
	note     string     // what the plot says when there is nothing to plot
	mid      [2]float64 // the first series' middle point, the reference line's anchor
	labels   [2]int     // the most labels on the x and y axes built last (0: the default)
}

// NewErrorPlot returns an ErrorPlot with a reference line of the given
// slope. decorate, if not nil, sets the titles and labels of the plot's
// axes at each render.
func NewErrorPlot(slope float64, decorate func(*plot.Plot)) *ErrorPlot {
	e := &ErrorPlot{slope: slope, decorate: decorate, x: Range{1e-12, 1}, note: "no finite error to show"}
	e.layer = NewPlotLayer(e.axes)
	return e
}

// Set replaces the plot's series. Their slices are kept, not copied, until
// the next Set.
func (e *ErrorPlot) Set(series ...Series) {
	e.series = series
	x, y := Range{math.Inf(1), math.Inf(-1)}, Range{math.Inf(1), math.Inf(-1)}
	n, zeros, first := 0, 0, 0 // first counts the first series' points drawn
	for k, s := range series {
		for i := range s.H {
			if !positive(s.H[i]) {
				continue
			}
			x = Range{math.Min(x.Min, s.H[i]), math.Max(x.Max, s.H[i])}
			switch {
			case positive(s.Err[i]):
				y = Range{math.Min(y.Min, s.Err[i]), math.Max(y.Max, s.Err[i])}
				n++
				if k == 0 {
					first++
				}
			case s.Err[i] == 0:
				zeros++
			}
		}
	}
	e.mid = [2]float64{}
	for i, j := 0, 0; first > 0 && i < len(series[0].H); i++ {
		if s := series[0]; positive(s.H[i]) && positive(s.Err[i]) {
			if j == first/2 {
				e.mid = [2]float64{s.H[i], s.Err[i]}
				break
			}
			j++
		}
	}
	note := "no finite error to show"
	if zeros > 0 {
		note = "the error is 0 at every step, up to rounding"
	}
	if !(x.Min < x.Max) {
		x = Range{1e-12, 1}
	}
	if n < 2 {
		y = Range{}
	} else {
		// Whole decades, one to spare each way.
		fit := Range{math.Pow(10, math.Floor(math.Log10(y.Min))-1), math.Pow(10, math.Ceil(math.Log10(y.Max))+1)}
		cur := e.y
		inside := cur.Min > 0 && y.Min >= cur.Min && y.Max <= cur.Max
		loose := fit.Min > 100*cur.Min || fit.Max < cur.Max/100
		switch {
		case inside && (e.hold || !loose):
			y = cur
		case e.hold && cur.Min > 0: // held axes only widen
			y = Range{math.Min(cur.Min, fit.Min), math.Max(cur.Max, fit.Max)}
		default:
			y = fit
		}
	}
	if x != e.x || y != e.y || (n < 2 && note != e.note) {
		e.x, e.y, e.note = x, y, note
		e.layer.Invalidate()
	}
}

// Hold keeps the axes from narrowing while on: Set then widens them when
// the data leaves them and keeps them otherwise, however little of them
// the data fills. A scene holds the axes while the user drags, so that
// they stand still under the moving curves and are rendered again only
// when the data outgrows them. Turning Hold off fits the axes to the data
// again.
func (e *ErrorPlot) Hold(on bool) {
	if on == e.hold {
		return
	}
	e.hold = on
	if !on {
		e.Set(e.series...)
	}
}

// Series returns the series given to the last Set.
func (e *ErrorPlot) Series() []Series { return e.series }

// positive reports whether v is positive and finite.
func positive(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

// axes builds the plot the layer renders: the axes, their ticks and the
// legend, without the curves; or, with fewer than two points to show, a
// note that says why.
func (e *ErrorPlot) axes() *plot.Plot {
	p := NewPlot()
	// As many labels as the layer's place has room for.
	e.labels = tickLabels(e.layer.rect, e.layer.scale)
	xd, yd := plotkit.Decades{Labels: e.labels[0]}, plotkit.Decades{Labels: e.labels[1]}
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, xd
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Handler = powerText{}
	}
	p.X.Label.Text, p.Y.Label.Text = "step size h", "error"
	p.X.Min, p.X.Max = e.x.Min, e.x.Max
	if e.y.Max > e.y.Min {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, yd
		p.Y.Min, p.Y.Max = e.y.Min, e.y.Max
		p.Add(plotter.NewGrid())
		for _, s := range e.series {
			if s.Name != "" {
				p.Legend.Add(s.Name, &plotter.Line{LineStyle: draw.LineStyle{Color: s.Color, Width: vg.Points(2)}})
			}
		}
		ref := draw.LineStyle{Color: Th().Muted, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(4)}}
		p.Legend.Add(fmt.Sprintf("slope %g", e.slope), &plotter.Line{LineStyle: ref})
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.TextStyle.Font = p.X.Tick.Label.Font
	} else {
		p.Y.Min, p.Y.Max = 0, 1
		mid := plotter.XY{X: math.Sqrt(e.x.Min * e.x.Max), Y: 0.5}
		l, _ := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{mid}, Labels: []string{e.note}})
		l.TextStyle[0].XAlign, l.TextStyle[0].YAlign = draw.XCenter, draw.YCenter
		l.TextStyle[0].Color = Th().Muted
		p.Add(l)
	}
	if e.decorate != nil {
		e.decorate(p)
	}
	return p
}

// Invalidate marks the plot's axes as changed, for a decoration that reads
// the caller's state: the next Prepare or Draw renders them again.
func (e *ErrorPlot) Invalidate() { e.layer.Invalidate() }

// Prepare places the plot at r (screen pixels, scale device pixels per
// logical pixel), and again if its axes changed or r has room for more or
// fewer labels than they have; the next Draw renders them. Call it from
// Update, after Set.
func (e *ErrorPlot) Prepare(r image.Rectangle, scale float64) {
	if !r.Empty() && tickLabels(r, scale) != e.labels {
		e.layer.Invalidate()
	}
	e.layer.Prepare(r, scale)
}

// tickLabels returns how many labels the x and y axes of a plot at r
// (scale device pixels per logical pixel) have room for: "1e-12" is about
// 40 pixels wide with its space, and a line of them 30 high. With no place
// on screen (an exported plot), 0 each, the default.
func tickLabels(r image.Rectangle, scale float64) [2]int {
	if r.Empty() || scale <= 0 {
		return [2]int{}
	}
	return [2]int{
		min(6, max(2, int(float64(r.Dx())/scale-90)/48)),
		min(6, max(2, int(float64(r.Dy())/scale-80)/30)),
	}
}

// Renders returns how many times the axes have been rendered.
func (e *ErrorPlot) Renders() int { return e.layer.Renders() }

// Rect returns the rectangle the plot occupies, in screen pixels.
func (e *ErrorPlot) Rect() image.Rectangle { return e.layer.Rect() }

// Geometry returns where the plot's data area is and the ranges it shows.
func (e *ErrorPlot) Geometry() Geometry { return e.layer.Geometry() }

// Draw draws the axes, then the series and the reference line over them.
func (e *ErrorPlot) Draw(dst *ebiten.Image) {
	l := e.layer
	l.Draw(dst)
	if !(e.y.Max > e.y.Min) || l.img == nil || l.rect.Empty() {
		return
	}
	sc := l.scale
	clip := dst.SubImage(l.DataArea()).(*ebiten.Image)
	// The reference line first, under the curves it is compared with.
	if mid := e.mid; mid[0] > 0 {
		ref := func(h float64) (float64, float64) { return l.ToScreen(h, mid[1]*math.Pow(h/mid[0], e.slope)) }
		x0, y0 := ref(e.x.Min)
		x1, y1 := ref(e.x.Max)
		dashed(clip, x0, y0, x1, y1, 1.2*sc, 5*sc, 4*sc, Th().Muted)
	}
	for _, s := range e.series {
		// A point that log axes cannot show breaks the curve.
		at := func(i int) (float64, float64) {
			if !positive(s.H[i]) || !positive(s.Err[i]) {
				return math.NaN(), math.NaN()
			}
			return l.ToScreen(s.H[i], s.Err[i])
		}
		Polyline(clip, len(s.H), at, 2*sc, s.Color)
		if s.Dots {
			Discs(clip, len(s.H), at, 2.5*sc, s.Color)
		}
	}
}

// dashed draws a dashed segment from (x0, y0) to (x1, y1): dashes of length
// on, gaps of length off, in pixels. Only the part of the segment within
// dst's bounds (with a margin) is drawn, so that a reference line running
// far off the plot costs nothing.
func dashed(dst *ebiten.Image, x0, y0, x1, y1, width, on, off float64, clr color.Color) {
	n := math.Hypot(x1-x0, y1-y0)
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return
	}
	ux, uy := (x1-x0)/n, (y1-y0)/n
	b := dst.Bounds()
	// The part of the segment inside the bounds, by the slab method.
	lo, hi := 0.0, n
	clipAxis := func(p, u, min, max float64) {
		if u == 0 {
			if p < min || p > max {
				lo, hi = 1, 0
			}
			return
		}
		t0, t1 := (min-p)/u, (max-p)/u
		if t0 > t1 {
			t0, t1 = t1, t0
		}
		lo, hi = math.Max(lo, t0), math.Min(hi, t1)
	}
	clipAxis(x0, ux, float64(b.Min.X)-on, float64(b.Max.X)+on)
	clipAxis(y0, uy, float64(b.Min.Y)-on, float64(b.Max.Y)+on)
	// Start on the dash pattern's grid, so that dashes stay put as the
	// visible part changes. The dashes are one polyline, broken between
	// them: three points a dash, the third NaN.
	period := on + off
	start := math.Floor(lo/period) * period
	dashes := max(0, int(math.Ceil((hi-start)/period)))
	Polyline(dst, 3*dashes, func(i int) (float64, float64) {
		t := start + float64(i/3)*period
		switch i % 3 {
		case 0:
			return x0 + ux*t, y0 + uy*t
		case 1:
			e := math.Min(t+on, n)
			return x0 + ux*e, y0 + uy*e
		}
		return math.NaN(), math.NaN() // the gap before the next dash
	}, width, clr)
}
