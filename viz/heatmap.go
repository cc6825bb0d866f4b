package viz

import (
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// heatMap draws a heat map as one image of its cells, a pixel a cell,
// stretched over the cells' extent and smoothed between their centres, as
// plotter.HeatMap does when it is Rasterized. On a PlotLayer's canvas it
// resamples the cells into the canvas's pixels itself, several times as
// fast as gg's general affine transform of an image, which the layer would
// otherwise pay at every new size; elsewhere (an exported file) gonum/plot
// draws the image.
type heatMap struct {
	*plotter.Image               // the cells over their extent, as gonum/plot draws them
	cells          *image.RGBA64 // a pixel a cell, the top row the largest y
}

// newHeatMap returns the heat map of g's values in the colours of pal,
// which spans lo to hi (lo < hi); a value outside them, or not a number,
// is left transparent.
func newHeatMap(g plotter.GridXYZ, pal palette.Palette, lo, hi float64) heatMap {
	cols, rows := g.Dims()
	cells := image.NewRGBA64(image.Rect(0, 0, cols, rows))
	colors := pal.Colors()
	ps := float64(len(colors)-1) / (hi - lo)
	for c := range cols {
		for r := range rows {
			if v := g.Z(c, r); v >= lo && v <= hi {
				cells.Set(c, rows-r-1, colors[int((v-lo)*ps+0.5)])
			}
		}
	}
	// The cells' extent: half a cell beyond the outer samples.
	xmin, xmax, ymin, ymax := (&plotter.HeatMap{GridXYZ: g}).DataRange()
	return heatMap{Image: plotter.NewImage(cells, xmin, ymin, xmax, ymax), cells: cells}
}

// Plot implements plot.Plotter.
func (h heatMap) Plot(c draw.Canvas, p *plot.Plot) {
	lc, ok := layerOf(c.Canvas)
	_, xLinear := p.X.Scale.(plot.LinearScale)
	_, yLinear := p.Y.Scale.(plot.LinearScale)
	if !ok || !xLinear || !yLinear {
		h.Image.Plot(c, p)
		return
	}
	trX, trY := p.Transforms(&c)
	xmin, xmax, ymin, ymax := h.DataRange()
	lc.resample(h.cells, trX(xmin), trY(ymin), trX(xmax), trY(ymax))
}

// GlyphBoxes implements plot.GlyphBoxer: plotter.HeatMap's boxes, 5
// points each way around every cell's centre, which keep the cells clear
// of the axes; only the outer ones count, so only the corners are given.
func (h heatMap) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	xmin, xmax, ymin, ymax := h.DataRange()
	cols, rows := h.cells.Rect.Dx(), h.cells.Rect.Dy()
	dx, dy := (xmax-xmin)/float64(cols)/2, (ymax-ymin)/float64(rows)/2
	box := vg.Rectangle{Min: vg.Point{X: -5, Y: -5}, Max: vg.Point{X: 5, Y: 5}}
	var b []plot.GlyphBox
	for _, x := range []float64{xmin + dx, xmax - dx} {
		for _, y := range []float64{ymin + dy, ymax - dy} {
			b = append(b, plot.GlyphBox{X: p.X.Norm(x), Y: p.Y.Norm(y), Rectangle: box})
		}
	}
	return b
}

// contourLines draws a plotter.Contour's lines, traced once: the first
// Plot records them over a unit square, in the plot's normalized
// coordinates, and every Plot draws the recording stretched over its data
// area, instead of tracing them again at each render (a PlotLayer renders
// its plot again at every new size). It has no glyph boxes: the heat
// map's, around the same grid, keep the axes further away than its would.
type contourLines struct {
	contour *plotter.Contour
	traced  *recorder.Canvas // the lines over the unit square
	axes    [4]float64       // the axes' ranges they were traced for
}

// Plot implements plot.Plotter.
func (l *contourLines) Plot(c draw.Canvas, p *plot.Plot) {
	axes := [4]float64{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}
	if l.traced == nil || axes != l.axes {
		l.traced, l.axes = &recorder.Canvas{}, axes
		l.contour.Plot(draw.Canvas{Canvas: l.traced, Rectangle: vg.Rectangle{Max: vg.Point{X: 1, Y: 1}}}, p)
	}
	w, h := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	for _, a := range l.traced.Actions {
		s, ok := a.(*recorder.Stroke)
		if !ok {
			a.ApplyTo(c) // the lines' style
			continue
		}
		// Contour lines are straight segments: only their points move.
		path := make(vg.Path, len(s.Path))
		for i, pc := range s.Path {
			pc.Pos = vg.Point{X: c.Min.X + pc.Pos.X*w, Y: c.Min.Y + pc.Pos.Y*h}
			path[i] = pc
		}
		c.Stroke(path)
	}
}

// layerOf returns the layer's canvas that c draws on, if it is one:
// gonum/plot wraps the canvas it is given in draw.Canvases.
func layerOf(c vg.Canvas) (*layerCanvas, bool) {
	for {
		switch v := c.(type) {
		case *layerCanvas:
			return v, true
		case draw.Canvas:
			c = v.Canvas
		default:
			return nil, false
		}
	}
}

// resample draws src stretched over the rectangle from (x0, y0) to
// (x1, y1) of the canvas, with bilinear interpolation between the centres
// of its pixels, over what is there: as gg draws an image with a scale
// (x/image/draw's BiLinear.Transform with the Over operator), the pixels
// whose centres fall in the rectangle, each the blend of the four source
// pixels around the point it maps to, clamped at the edges.
func (lc *layerCanvas) resample(src *image.RGBA64, x0, y0, x1, y1 vg.Length) {
	dst := lc.pix
	dpi := lc.DPI()
	h := float64(dst.Rect.Dy())
	// The rectangle in pixels, y down.
	left, top := x0.Dots(dpi), h-y1.Dots(dpi)
	w, ht := (x1 - x0).Dots(dpi), (y1 - y0).Dots(dpi)
	cols, rows := src.Rect.Dx(), src.Rect.Dy()
	if !(w > 0 && ht > 0) || cols == 0 || rows == 0 {
		return
	}
	// taps maps pixel i's centre to the source pixels on either side of
	// it along an axis of n pixels starting at o, scaled by n/span: ok is
	// false when the centre falls outside the source.
	type tap struct {
		i0, i1 int
		f      float64 // the weight of i1
		ok     bool
	}
	taps := func(i int, o, span float64, n int) tap {
		s := (float64(i) + 0.5 - o) * float64(n) / span
		if s < 0 || s >= float64(n) {
			return tap{}
		}
		s -= 0.5
		i0 := int(math.Floor(s))
		t := tap{i0: i0, i1: i0 + 1, f: s - float64(i0), ok: true}
		switch {
		case t.i0 < 0:
			t = tap{ok: true}
		case t.i1 >= n:
			t = tap{i0: n - 1, i1: n - 1, ok: true}
		}
		return t
	}
	bounds := dst.Rect
	xs := make([]tap, 0, int(w)+2)
	xFirst := max(bounds.Min.X, int(math.Floor(left))-1)
	for x := xFirst; x < min(bounds.Max.X, int(math.Ceil(left+w))+1); x++ {
		xs = append(xs, taps(x, left, w, cols))
	}
	// A row of the source blended between two rows, in 16-bit channels.
	row := make([][4]float64, cols)
	for y := max(bounds.Min.Y, int(math.Floor(top))-1); y < min(bounds.Max.Y, int(math.Ceil(top+ht))+1); y++ {
		ty := taps(y, top, ht, rows)
		if !ty.ok {
			continue
		}
		for c := range cols {
			p0, p1 := src.RGBA64At(c, ty.i0), src.RGBA64At(c, ty.i1)
			row[c] = [4]float64{
				(1-ty.f)*float64(p0.R) + ty.f*float64(p1.R),
				(1-ty.f)*float64(p0.G) + ty.f*float64(p1.G),
				(1-ty.f)*float64(p0.B) + ty.f*float64(p1.B),
				(1-ty.f)*float64(p0.A) + ty.f*float64(p1.A),
			}
		}
		pix := dst.Pix[dst.PixOffset(xFirst, y):]
		for k, tx := range xs {
			if !tx.ok {
				continue
			}
			a, b, f := &row[tx.i0], &row[tx.i1], tx.f
			p := pix[4*k : 4*k+4 : 4*k+4]
			alpha := uint32(a[3] + f*(b[3]-a[3]))
			if alpha == 0xffff {
				p[0] = uint8(uint32(a[0]+f*(b[0]-a[0])) >> 8)
				p[1] = uint8(uint32(a[1]+f*(b[1]-a[1])) >> 8)
				p[2] = uint8(uint32(a[2]+f*(b[2]-a[2])) >> 8)
				p[3] = 0xff
				continue
			}
			keep := (0xffff - alpha) * 0x101
			for c := range 3 {
				p[c] = uint8((uint32(p[c])*keep/0xffff + uint32(a[c]+f*(b[c]-a[c]))) >> 8)
			}
			p[3] = uint8((uint32(p[3])*keep/0xffff + alpha) >> 8)
		}
	}
}
