//go:build display

package viz

import (
	"encoding/json"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/jacobianlab/jacobianlab/viz/plotkit"
)

// The golden images are in testdata/*_golden.png; go test -regen rewrites
// them from the current code.

// sinCurve returns sin at CurveSamples points over x, for FunctionPlot.
func sinCurve(x Range) []float64 {
	ys := x.Samples(CurveSamples)
	for i, v := range ys {
		ys[i] = math.Sin(v)
	}
	return ys
}

// TestRangeSamples: the points are evenly spaced over the range, both ends
// among them.
func TestRangeSamples(t *testing.T) {
	got := Range{-1, 1}.Samples(5)
	if want := []float64{-1, -0.5, 0, 0.5, 1}; !slices.Equal(got, want) {
		t.Errorf("Samples(5) of [-1, 1] = %v, want %v", got, want)
	}
}

// goldenPlots builds one plot of each kind from fixed data.
var goldenPlots = map[string]func() *plot.Plot{
	"function": func() *plot.Plot {
		return FunctionPlot(Range{-2 * math.Pi, 2 * math.Pi}, sinCurve(Range{-2 * math.Pi, 2 * math.Pi}), Range{-1.5, 1.5})
	},
	"heatmap": func() *plot.Plot {
		// f(x, y) = x² + 3y², an elongated bowl.
		return HeatMapPlot(func(x, y float64) float64 { return x*x + 3*y*y }, Range{-2, 2}, Range{-2, 2}, 40, 8)
	},
	"gridmap": func() *plot.Plot {
		// Polar coordinates: (r, θ) ↦ (r cos θ, r sin θ).
		return GridMapPlot(func(r, t float64) (float64, float64) { return r * math.Cos(t), r * math.Sin(t) }, Range{0.5, 1.5}, Range{0, math.Pi}, 7)
	},
	"loglog": func() *plot.Plot {
		// The axes of an ErrorPlot for an error falling as h²; the curve
		// is drawn over them by Ebiten.
		e := NewErrorPlot(2, nil)
		e.Set(quadratic(1))
		return e.axes()
	},
	"bars": func() *plot.Plot {
		// The axes of a Bars chart; the bars are drawn over them by Ebiten.
		b := NewBars(nil)
		b.Set([]float64{1.5, -0.5, 2, 0.25}, []string{"x₁", "x₂", "x₃", "x₄"})
		return b.axes()
	},
}

func TestPlotsGolden(t *testing.T) {
	for name, build := range goldenPlots {
		t.Run(name, func(t *testing.T) {
			cmpimg.CheckPlotApprox(func() {
				if err := Export(build(), 4*vg.Inch, 3*vg.Inch, filepath.Join("testdata", name+".png")); err != nil {
					t.Fatal(err)
				}
			}, t, 0.02, name+".png")
		})
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	p := goldenPlots["function"]()
	for ext, magic := range map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"} {
		path := filepath.Join(dir, "plot"+ext)
		if err := Export(p, 3*vg.Inch, 2*vg.Inch, path); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), magic) {
			t.Errorf("%s starts %q, want %q", ext, data[:min(len(data), 8)], magic)
		}
	}
	if err := Export(p, vg.Inch, vg.Inch, filepath.Join(dir, "plot.gif")); err == nil || !strings.Contains(err.Error(), ".gif") {
		t.Errorf("exporting a .gif: err = %v, want an error naming the format", err)
	}
}

func TestPlotLayer(t *testing.T) {
	l := NewPlotLayer(goldenPlots["loglog"])
	screen := ebiten.NewImage(640, 480)
	r := image.Rect(10, 20, 610, 420)
	l.Prepare(r, 1)
	// Prepare places the plot, which is enough for its geometry, and
	// leaves the pixels to Draw.
	if l.Places() != 1 || l.Renders() != 0 {
		t.Fatalf("after the first Prepare: placed %d times, rendered %d times; want 1 and 0", l.Places(), l.Renders())
	}
	if da := l.DataArea(); !da.In(r) || da.Dx() < 100 {
		t.Fatalf("data area %v after the first Prepare, want one inside %v", da, r)
	}
	l.Draw(screen)
	if l.Renders() != 1 {
		t.Fatalf("renders = %d after the first Draw", l.Renders())
	}
	// Nothing changed: no render.
	for range 5 {
		l.Prepare(r, 1)
		l.Draw(screen)
	}
	if l.Places() != 1 || l.Renders() != 1 {
		t.Errorf("placed %d and rendered %d times after frames with nothing changed, want 1 and 1", l.Places(), l.Renders())
	}
	for _, change := range []func(){
		func() { l.Invalidate(); l.Prepare(r, 1) },
		func() { l.Prepare(r.Add(image.Pt(1, 0)), 1) },
		func() { l.Prepare(r.Add(image.Pt(1, 0)), 2) },
	} {
		change()
		l.Draw(screen)
	}
	if l.Renders() != 4 {
		t.Errorf("renders = %d, want 4 (invalidated, moved, rescaled)", l.Renders())
	}
	// A plot placed and then invalidated in the same frame, as a lesson's
	// first frame places its plots before it sets their data, is rendered
	// once, by Draw.
	l.Invalidate()
	l.Prepare(r, 1)
	l.Invalidate()
	l.Draw(screen)
	if l.Renders() != 5 {
		t.Errorf("renders = %d after a frame that placed the plot and invalidated it, want 5: one render", l.Renders())
	}

	// On log axes, screen ↔ data round-trips, and a decade is a fixed
	// distance.
	da := l.DataArea()
	if !da.In(l.Rect().Add(image.Pt(0, 0))) || da.Dx() < 100 {
		t.Fatalf("data area %v not inside the layer %v", da, l.Rect())
	}
	for _, x := range []float64{1e-3, 1e-2, 0.1, 0.5} {
		sx, sy := l.ToScreen(x, 1e-4)
		gx, gy := l.FromScreen(sx, sy)
		if math.Abs(gx-x)/x > 1e-12 || math.Abs(gy-1e-4)/1e-4 > 1e-12 {
			t.Errorf("round trip of (%g, 1e-4) gives (%g, %g)", x, gx, gy)
		}
	}
	a, _ := l.ToScreen(1e-3, 1)
	b, _ := l.ToScreen(1e-2, 1)
	c, _ := l.ToScreen(1e-1, 1)
	if math.Abs((b-a)-(c-b)) > 1e-9 {
		t.Errorf("decades are %v and %v pixels wide", b-a, c-b)
	}
}

// TestPlotLayerDrawsThePlot renders each kind of plot with a PlotLayer, at
// scale 1 and 2, and compares its pixels with the plot drawn by gonum/plot
// on a vgimg canvas of the same size, a heat map with gonum/plot's own
// HeatMap and Contour: the layer's quicker ways of drawing (the background
// filled at once, the canvas's pixels reused, a heat map resampled by the
// layer, contour lines traced once) must not show. A channel may differ by
// 2 of 255: the heat map's resampling rounds in another order, and a
// contour line's points, scaled from a unit square, round otherwise and
// may cover a pixel a little more or less.
func TestPlotLayerDrawsThePlot(t *testing.T) {
	const tol = 2
	dark := func(build func() *plot.Plot) func() *plot.Plot {
		return func() *plot.Plot {
			p := build()
			p.BackgroundColor = Dark.Panel
			return p
		}
	}
	bowl := func(x, y float64) float64 { return x*x + 3*y*y } // goldenPlots' heat map
	// log(xy) is not a number where xy < 0: blank quadrants, and cells
	// blended with blanks along their edges.
	holes := func(x, y float64) float64 { return math.Log(x * y) }
	square := Range{-2, 2}
	type test struct{ build, want func() *plot.Plot }
	tests := map[string]test{
		"heatmap": {goldenPlots["heatmap"], func() *plot.Plot { return gonumHeatMap(bowl, square, square, 40, 8) }},
		"heatmap with holes on dark": {
			dark(func() *plot.Plot { return HeatMapPlot(holes, square, square, 40, 3) }),
			dark(func() *plot.Plot { return gonumHeatMap(holes, square, square, 40, 3) }),
		},
		"function on dark": {dark(goldenPlots["function"]), dark(goldenPlots["function"])},
	}
	for name, build := range goldenPlots {
		if _, ok := tests[name]; !ok {
			tests[name] = test{build, build}
		}
	}
	screen := ebiten.NewImage(640, 480)
	for name, test := range tests {
		l := NewPlotLayer(test.build)
		// Two sizes, the second smaller, and the first again, as a
		// resize does: the reused pixels must not show the last render.
		for _, c := range []struct {
			r  image.Rectangle
			sc float64
		}{{image.Rect(5, 7, 405, 307), 1}, {image.Rect(0, 0, 230, 170), 1}, {image.Rect(3, 0, 603, 451), 2}, {image.Rect(5, 7, 405, 307), 1}} {
			l.Prepare(c.r, c.sc)
			l.Draw(screen)
			got := pixels(l.img)
			dpi := int(72 * c.sc)
			inch := func(px int) vg.Length { return vg.Length(px) * vg.Inch / vg.Length(dpi) }
			ref := vgimg.NewWith(vgimg.UseWH(inch(c.r.Dx()), inch(c.r.Dy())), vgimg.UseDPI(dpi))
			test.want().Draw(draw.New(ref))
			want := ref.Image().(*image.RGBA)
			if got.Rect.Size() != want.Rect.Size() {
				t.Fatalf("%s at %v×%g: the layer's image is %v, gonum/plot's %v", name, c.r, c.sc, got.Rect.Size(), want.Rect.Size())
			}
			bad, first := 0, image.Point{-1, -1}
			for y := range want.Rect.Dy() {
				for x := range want.Rect.Dx() {
					if !near(got.RGBAAt(x, y), want.RGBAAt(x, y), tol) {
						if bad == 0 {
							first = image.Pt(x, y)
						}
						bad++
					}
				}
			}
			if bad > 0 {
				t.Errorf("%s at %v×%g: %d pixels differ from gonum/plot's by more than %d, the first at %v: %v, want %v",
					name, c.r, c.sc, bad, tol, first, got.RGBAAt(first.X, first.Y), want.RGBAAt(first.X, first.Y))
			}
		}
	}
}

// gonumHeatMap is HeatMapPlot drawn by gonum/plot's own plotters: a
// rasterized plotter.HeatMap, non-finite samples left blank, under a
// plotter.Contour.
func gonumHeatMap(f func(x, y float64) float64, x, y Range, n, levels int) *plot.Plot {
	p := NewPlot()
	g := plotkit.Sample(f, x.Min, x.Max, y.Min, y.Max, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for c := range n {
		for r := range n {
			if v := g.Z(c, r); !math.IsInf(v, 0) && !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(lo)
	cm.SetMax(hi)
	hm := plotter.NewHeatMap(g, cm.Palette(64))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.Transparent
	hm.Rasterized = true
	p.Add(hm)
	lv := make([]float64, levels)
	for i := range lv {
		lv[i] = lo + (hi-lo)*float64(i+1)/float64(levels+1)
	}
	c := plotter.NewContour(g, lv, nil)
	c.LineStyles[0].Color = color.RGBA{0x1b, 0x1f, 0x24, 0x90}
	c.LineStyles[0].Width = vg.Points(0.8)
	p.Add(c)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x.Min, x.Max, y.Min, y.Max
	return p
}

// TestPlotLayerResize: a resize renders the plot again at each new size
// but builds it only once; Invalidate builds it again. An error plot's
// axes are built again when the new size has room for another number of
// labels, and only then.
func TestPlotLayerResize(t *testing.T) {
	// Each Prepare and Draw below is a frame.
	screen := ebiten.NewImage(640, 480)
	builds := 0
	l := NewPlotLayer(func() *plot.Plot {
		builds++
		return goldenPlots["function"]()
	})
	big, small := image.Rect(0, 0, 600, 400), image.Rect(0, 0, 300, 200)
	for _, r := range []image.Rectangle{big, small, big, small} {
		l.Prepare(r, 1)
		l.Draw(screen)
	}
	if l.Renders() != 4 || builds != 1 {
		t.Errorf("four sizes: %d renders, %d builds; want 4 and 1", l.Renders(), builds)
	}
	l.Invalidate()
	l.Prepare(small, 1)
	l.Draw(screen)
	if l.Renders() != 5 || builds != 2 {
		t.Errorf("invalidated: %d renders, %d builds; want 5 and 2", l.Renders(), builds)
	}
	// Hidden, it reports no geometry, as it reports no data area; shown
	// again, the one it has.
	shown := l.Geometry()
	if shown == (Geometry{}) {
		t.Fatal("a plot on show reports the zero geometry")
	}
	l.Prepare(image.Rectangle{}, 1)
	if g, da := l.Geometry(), l.DataArea(); g != (Geometry{}) || !da.Empty() {
		t.Errorf("hidden: geometry %+v, data area %v; want none", g, da)
	}
	l.Prepare(small, 1)
	if g := l.Geometry(); g != shown {
		t.Errorf("shown again: geometry %+v, want %+v", g, shown)
	}

	e := NewErrorPlot(2, nil)
	e.Set(quadratic(1))
	// The labels on the x axis of the plot last built.
	labels := func() int {
		n := 0
		x := e.layer.plot.X
		for _, tk := range x.Tick.Marker.Ticks(x.Min, x.Max) {
			if tk.Label != "" {
				n++
			}
		}
		return n
	}
	e.Prepare(image.Rect(0, 0, 600, 300), 1)
	e.Draw(screen)
	wide := labels()
	e.Prepare(image.Rect(0, 0, 200, 300), 1)
	e.Draw(screen)
	if narrow := labels(); narrow >= wide {
		t.Errorf("%d labels on an x axis 200 pixels wide, %d on one 600 wide; want fewer", narrow, wide)
	}
	n := e.Renders()
	e.Prepare(image.Rect(0, 0, 600, 300), 1)
	e.Draw(screen)
	if got := labels(); got != wide || e.Renders() != n+1 {
		t.Errorf("600 pixels wide again: %d labels, %d renders; want %d and 1", got, e.Renders()-n, wide)
	}
}

// quadratic returns an error series that falls as c·h², for h from 1 to
// 10⁻³·⁵ in half decades.
func quadratic(c float64) Series {
	s := Series{Name: "linear approximation", Color: Light.Curve, Dots: true}
	for k := range 8 {
		h := math.Pow(10, -float64(k)/2)
		s.H, s.Err = append(s.H, h), append(s.Err, c*h*h)
	}
	return s
}

// TestErrorPlotNothingToShow renders error series with fewer than two
// points that log axes can show (a linear function's error is exactly
// zero; an undefined one's is NaN): the plot must render, over the steps'
// range, and say why it is empty, rather than loop over an infinite tick
// range as it once did.
func TestErrorPlotNothingToShow(t *testing.T) {
	h := []float64{1, 0.1, 0.01, 0.001}
	nan := math.NaN()
	for _, c := range []struct {
		name    string
		h, errs []float64
		note    string
	}{
		{"zeros", h, []float64{0, 0, 0, 0}, "the error is 0"},
		{"one point", h, []float64{0, 1e-17, 0, 0}, "the error is 0"},
		{"undefined", h, []float64{nan, nan, nan, nan}, "no finite error"},
		{"no steps", nil, nil, "no finite error"},
		{"never set", nil, nil, "no finite error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := NewErrorPlot(2, nil)
			if c.name != "never set" {
				e.Set(Series{Color: Light.Curve, H: c.h, Err: c.errs})
			}
			done := make(chan error, 1)
			go func() {
				done <- Export(e.axes(), 3*vg.Inch, 2*vg.Inch, filepath.Join(t.TempDir(), "p.png"))
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("rendering an empty log–log plot did not finish")
			}
			p := e.axes()
			if c.h != nil && (p.X.Min != 0.001 || p.X.Max != 1) {
				t.Errorf("x range [%g, %g], want the steps' [0.001, 1]", p.X.Min, p.X.Max)
			}
			if text := plotText(p); !strings.Contains(text, c.note) {
				t.Errorf("the empty plot does not say %q: %q", c.note, text)
			}
			// Drawing it draws the axes and nothing over them.
			screen := ebiten.NewImage(320, 240)
			e.Prepare(image.Rect(0, 0, 320, 240), 1)
			e.Draw(screen)
		})
	}
}

// TestErrorPlotHold moves the data as a drag does while the axes are held:
// they never narrow, widen only when the data leaves them, and fit the data
// again when the hold ends.
func TestErrorPlotHold(t *testing.T) {
	// Each Prepare and Draw below is a frame.
	screen := ebiten.NewImage(640, 480)
	flat := func(c float64) Series { // errors of one size, at the same steps: a narrow fit
		s := quadratic(1)
		for i := range s.Err {
			s.Err[i] = c
		}
		return s
	}
	e := NewErrorPlot(2, nil)
	r := image.Rect(0, 0, 400, 300)
	e.Set(quadratic(0.3)) // y over [1e-9, 10]
	e.Prepare(r, 1)
	e.Draw(screen)
	e.Hold(true)
	renders := e.Renders()
	for _, c := range []float64{1e-3, 1e-6, 1} { // each would shrink unheld axes
		e.Set(flat(c))
		e.Prepare(r, 1)
		e.Draw(screen)
	}
	if g := e.Geometry(); e.Renders() != renders || g.YMin != 1e-9 || g.YMax != 10 {
		t.Errorf("held axes with the data inside: %d renders, y over [%g, %g]; want none, [1e-9, 10]", e.Renders()-renders, g.YMin, g.YMax)
	}
	e.Set(flat(1e3)) // above the top: the axes widen, keeping their bottom
	e.Prepare(r, 1)
	e.Draw(screen)
	if g := e.Geometry(); e.Renders() != renders+1 || g.YMin != 1e-9 || g.YMax < 1e3 {
		t.Errorf("held axes with data above them: %d renders, y over [%g, %g]; want 1, [1e-9, at least 1e3]", e.Renders()-renders, g.YMin, g.YMax)
	}
	e.Set(flat(1e-3))
	e.Prepare(r, 1)
	e.Draw(screen)
	if e.Renders() != renders+1 {
		t.Errorf("held axes rendered again for data inside them")
	}
	e.Hold(false) // the drag ends: the axes fit the last data
	e.Prepare(r, 1)
	e.Draw(screen)
	if g := e.Geometry(); e.Renders() != renders+2 || g.YMin < 1e-5 || g.YMax > 1e-2 {
		t.Errorf("after the hold: %d renders, y over [%g, %g]; want 2, within [1e-5, 1e-2]", e.Renders()-renders, g.YMin, g.YMax)
	}
}

// TestErrorPlot draws an error series over its axes and checks the curve
// by pixels, then moves the data as a drag does: the axes are rendered
// again only when the data leaves their range or fills little of it.
func TestErrorPlot(t *testing.T) {
	// Each Prepare and Draw below is a frame.
	screen := ebiten.NewImage(640, 480)
	e := NewErrorPlot(2, func(p *plot.Plot) { p.Title.Text = "error" })
	r := image.Rect(0, 0, 400, 300)
	e.Set(quadratic(0.3))
	e.Prepare(r, 1)
	e.Draw(screen)
	g := e.Geometry()
	if math.Abs(g.YMin/1e-9-1) > 1e-12 || math.Abs(g.YMax/10-1) > 1e-12 {
		t.Errorf("y range [%g, %g], want the data's [3e-8, 0.3] in whole decades with one to spare: [1e-9, 10]", g.YMin, g.YMax)
	}
	e.Draw(screen)
	px := pixels(screen)
	// Along the curve the pixels are the curve's colour; the reference
	// line is dashed and grey.
	curve := 0
	for k := range 7 {
		h := math.Pow(10, -(float64(k)+0.5)/2) // between two points
		x, y := e.layer.ToScreen(h, 0.3*h*h)
		if near(px.RGBAAt(int(x), int(y)), Light.Curve, 60) {
			curve++
		}
	}
	if curve < 6 {
		t.Errorf("the curve's colour at %d of 7 points along it, want at least 6", curve)
	}
	renders := e.Renders()
	for _, c := range []float64{0.5, 0.1, 0.05} { // within [1e-9, 10]
		e.Set(quadratic(c))
		e.Prepare(r, 1)
		e.Draw(screen)
	}
	if e.Renders() != renders {
		t.Errorf("data moving within the axes rendered them %d times, want 0", e.Renders()-renders)
	}
	e.Set(quadratic(1e3)) // above the top
	e.Prepare(r, 1)
	e.Draw(screen)
	if g := e.Geometry(); e.Renders() != renders+1 || g.YMax < 1e3 {
		t.Errorf("data above the axes: %d renders, y up to %g; want 1 render and y up to at least 1e3", e.Renders()-renders, g.YMax)
	}
	e.Set(quadratic(1e-6)) // far below: the axes shrink to it
	e.Prepare(r, 1)
	e.Draw(screen)
	if g := e.Geometry(); e.Renders() != renders+2 || g.YMax > 1e-5 {
		t.Errorf("data far below the axes' top: %d renders, y up to %g; want 2 and at most 1e-5", e.Renders()-renders, g.YMax)
	}

	// An error falling with slope 1: the dashed slope-2 line goes through
	// its middle point and leaves it on both sides.
	lin := Series{Color: Light.Curve}
	for k := range 9 {
		h := math.Pow(10, -float64(k)/2)
		lin.H, lin.Err = append(lin.H, h), append(lin.Err, 0.1*h)
	}
	e.Set(lin)
	e.Prepare(r, 1)
	e.Draw(screen)
	screen.Clear()
	e.Draw(screen)
	px = pixels(screen)
	mid := [2]float64{lin.H[4], lin.Err[4]}
	for _, h0 := range []float64{mid[0] * 4, mid[0] / 4} {
		// Points along the line over a tenth of a decade each way, which
		// spans several dashes and gaps.
		dash := 0
		for k := -20; k <= 20; k++ {
			h := h0 * math.Pow(10, float64(k)/200)
			x, y := e.layer.ToScreen(h, mid[1]*(h/mid[0])*(h/mid[0]))
			// The pixel or a neighbour: a thin, steep antialiased line
			// may miss the pixel the point rounds to.
			on := false
			for dx := -1; dx <= 1; dx++ {
				for dy := -1; dy <= 1; dy++ {
					on = on || near(px.RGBAAt(int(math.Round(x))+dx, int(math.Round(y))+dy), Light.Muted, 70)
				}
			}
			if on {
				dash++
			}
		}
		if dash < 5 {
			t.Errorf("%d of 41 points along the reference line near h = %g are its grey, want dashes", dash, h0)
		}
	}
}

// near reports whether c is within tol of want in every channel.
func near(c, want color.RGBA, tol int) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B)
}

// plotText returns the text drawn when p is drawn on a 3×2 inch canvas.
func plotText(p *plot.Plot) string {
	c := &recorder.Canvas{}
	p.Draw(draw.NewCanvas(c, 3*vg.Inch, 2*vg.Inch))
	var b strings.Builder
	for _, a := range c.Actions {
		if s, ok := a.(*recorder.FillString); ok {
			b.WriteString(s.String + " ")
		}
	}
	return b.String()
}

// TestBars draws a bar chart and checks its bars by pixels, then changes
// the values as a drag does: the axes are rendered again only when the
// values leave their range or shrink to little of it.
func TestBars(t *testing.T) {
	// Each Prepare and Draw below is a frame.
	screen := ebiten.NewImage(640, 480)
	b := NewBars(nil)
	r := image.Rect(0, 0, 400, 300)
	b.Prepare(r, 1) // nothing set yet: empty axes
	b.Draw(screen)
	if b.Renders() != 1 {
		t.Errorf("an empty chart rendered %d times, want 1", b.Renders())
	}
	labels := []string{"a", "b", "c"}
	b.Set([]float64{1, -0.5, 2}, labels)
	b.Prepare(r, 1)
	b.Draw(screen)
	b.Draw(screen)
	px := pixels(screen)
	l := b.layer
	for i, v := range []float64{1, -0.5, 2} {
		x, y := l.ToScreen(float64(i), v/2) // halfway up the bar
		if c := px.RGBAAt(int(x), int(y)); !near(c, Light.Curve, 10) {
			t.Errorf("bar %d: %v halfway up it, want the curve colour", i, c)
		}
		_, y = l.ToScreen(float64(i), v*1.05+0.02) // just beyond its end
		if c := px.RGBAAt(int(x), int(y)); near(c, Light.Curve, 60) {
			t.Errorf("bar %d: the curve colour beyond its end", i)
		}
	}
	n := b.Renders()
	for _, v := range [][]float64{{1.1, -0.4, 1.9}, {0.8, -0.2, 2.1}} {
		b.Set(v, labels)
		b.Prepare(r, 1)
		b.Draw(screen)
	}
	if b.Renders() != n {
		t.Errorf("values moving within the axes rendered them %d times, want 0", b.Renders()-n)
	}
	b.Set([]float64{10, 0, 0}, labels)
	b.Prepare(r, 1)
	b.Draw(screen)
	if g := b.Geometry(); b.Renders() != n+1 || g.YMax < 10 || g.YMin != 0 {
		t.Errorf("values beyond the axes: %d renders, y [%g, %g]; want 1 render, y from 0 to at least 10", b.Renders()-n, g.YMin, g.YMax)
	}
	b.Set([]float64{0.1, 0, 0.2}, labels)
	b.Prepare(r, 1)
	b.Draw(screen)
	if g := b.Geometry(); b.Renders() != n+2 || g.YMax > 1 {
		t.Errorf("values far inside the axes: %d renders, y up to %g; want 2 renders, y up to at most 1", b.Renders()-n, g.YMax)
	}
}

// A plot given too little room for a data area still has a geometry that
// JSON can hold: state() reports it.
func TestGeometryOfATinyPlot(t *testing.T) {
	e := NewErrorPlot(2, nil)
	e.Set(Series{Color: Light.Curve, H: []float64{1, 0.1, 0.01}, Err: []float64{1, 0.01, 1e-4}})
	screen := ebiten.NewImage(200, 200)
	for _, r := range []image.Rectangle{image.Rect(0, 0, 40, 20), image.Rect(0, 0, 3, 3)} {
		e.Prepare(r, 1)
		e.Draw(screen)
		if _, err := json.Marshal(e.Geometry()); err != nil {
			t.Errorf("in %v: %v", r, err)
		}
	}
}

// TestPowerLabels: powerText measures a power of ten, drawn as a base
// and a raised exponent, wider than the base alone.
func TestPowerLabels(t *testing.T) {
	fnt := NewPlot().X.Tick.Label.Font
	w, _, _ := powerText{}.Box("10⁻³", fnt)
	w10, _, _ := plain.Box("10", fnt)
	if !(w > w10) {
		t.Errorf("10⁻³ is %v wide, 10 alone %v", w, w10)
	}
}

// TestMemoText: the plots' text handler measures as text.Plain does, the
// first time and from what it remembers; powerText's box of a power,
// which it remembers too, is its own and not text.Plain's.
func TestMemoText(t *testing.T) {
	p := NewPlot()
	for _, fnt := range []font.Font{p.X.Tick.Label.Font, p.X.Label.TextStyle.Font, p.Title.TextStyle.Font} {
		for range 2 {
			if got, want := (memoText{}).Extents(fnt), plain.Extents(fnt); got != want {
				t.Errorf("extents of %v: %v, text.Plain's %v", fnt, got, want)
			}
			for _, txt := range []string{"step size h", "-1.5", "f′(x₀)", ""} {
				w, h, d := memoText{}.Box(txt, fnt)
				pw, ph, pd := plain.Box(txt, fnt)
				if w != pw || h != ph || d != pd {
					t.Errorf("box of %q in %v: %v %v %v, text.Plain's %v %v %v", txt, fnt, w, h, d, pw, ph, pd)
				}
			}
		}
	}
	fnt := p.X.Tick.Label.Font
	pw, _, _ := powerText{}.Box("10⁻³", fnt)
	mw, _, _ := memoText{}.Box("10⁻³", fnt)
	if again, _, _ := (powerText{}).Box("10⁻³", fnt); again != pw || pw == mw {
		t.Errorf("powerText's width of 10⁻³: %v, then %v; text.Plain's %v, which must differ", pw, again, mw)
	}
}

// TestPlotLayerText draws text on a plot layer's canvas and on a vgimg
// canvas of the same size and compares the pixels: the layer draws text
// that is only shifted itself (plain, in a colour set inside a Push and
// after its Pop, at two resolutions), and leaves rotated text to vgimg,
// and every pixel must be the one vgimg draws.
func TestPlotLayerText(t *testing.T) {
	sans := font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Points(13)}
	write := func(c draw.Canvas) {
		plain := draw.TextStyle{Color: Light.Text, Font: sans, Handler: plot.DefaultTextHandler}
		c.FillText(plain, vg.Point{X: 10, Y: 80}, "1e-12 step size h")
		c.Push()
		c.SetColor(Light.Accent)
		moved := plain
		moved.Color = Light.Curve
		moved.XAlign, moved.YAlign = draw.XCenter, draw.YCenter
		c.FillText(moved, vg.Point{X: 90, Y: 50}, "f′(x₀) = 0.540302")
		c.Pop()
		turned := plain
		turned.Rotation = math.Pi / 2
		c.FillText(turned, vg.Point{X: 160, Y: 20}, "error")
		c.FillText(plain, vg.Point{X: 10.3, Y: 12.7}, "after the Pop")
	}
	for _, scale := range []float64{1, 2} {
		l := &PlotLayer{scale: scale}
		w, h := int(200*scale), int(100*scale)
		dpi := l.dpi()
		lc := l.canvas(w, h, dpi, nil)
		write(draw.New(lc))
		got := lc.pix
		ref := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch/vg.Length(dpi), vg.Length(h)*vg.Inch/vg.Length(dpi)), vgimg.UseDPI(dpi))
		write(draw.New(ref))
		want := ref.Image().(*image.RGBA)
		if got.Rect.Size() != want.Rect.Size() {
			t.Fatalf("scale %g: the layer's canvas is %v, vgimg's %v", scale, got.Rect.Size(), want.Rect.Size())
		}
		bad, inked := 0, 0
		for y := range h {
			for x := range w {
				if got.RGBAAt(x, y) != want.RGBAAt(x, y) {
					bad++
				}
				if want.RGBAAt(x, y) != (color.RGBA{255, 255, 255, 255}) {
					inked++
				}
			}
		}
		if bad > 0 || inked < 200 {
			t.Errorf("scale %g: %d pixels differ from vgimg's, of %d that the text inked", scale, bad, inked)
		}
	}
}
