// Package plotkit holds the parts of the app's gonum/plot figures that
// need no display: their type, functions of two variables sampled on a
// grid for heat maps and contours, and log axes marked by decades and
// labelled 10ᵏ. Package viz draws its plots on the screen with them, and
// package scenes/figure its figures into files. It imports no Ebiten.
package plotkit

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Style sets p's titles, axis labels and tick labels in the app's
// sans-serif type, at sizes that read on a screen and on a slide.
func Style(p *plot.Plot) {
	sans := font.Font{Typeface: "Liberation", Variant: "Sans"}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans
		a.Label.TextStyle.Font.Size = vg.Points(14)
		a.Tick.Label.Font = sans
		a.Tick.Label.Font.Size = vg.Points(12)
	}
	p.Title.TextStyle.Font = sans
	p.Title.TextStyle.Font.Size = vg.Points(15)
}

// Grid is a function of two variables sampled on an n×n grid: a
// plotter.GridXYZ.
type Grid struct {
	x, y []float64
	z    *mat.Dense
}

// Sample samples f on n×n points spread evenly over [x0, x1] × [y0, y1].
func Sample(f func(x, y float64) float64, x0, x1, y0, y1 float64, n int) Grid {
	g := Grid{x: make([]float64, n), y: make([]float64, n), z: mat.NewDense(n, n, nil)}
	floats.Span(g.x, x0, x1)
	floats.Span(g.y, y0, y1)
	for r, yv := range g.y {
		for c, xv := range g.x {
			g.z.Set(r, c, f(xv, yv))
		}
	}
	return g
}

// Dims implements plotter.GridXYZ.
func (g Grid) Dims() (c, r int) { return len(g.x), len(g.y) }

// Z implements plotter.GridXYZ.
func (g Grid) Z(c, r int) float64 { return g.z.At(r, c) }

// X implements plotter.GridXYZ.
func (g Grid) X(c int) float64 { return g.x[c] }

// Y implements plotter.GridXYZ.
func (g Grid) Y(r int) float64 { return g.y[r] }

// Range returns the least and the greatest finite sample, or, when they
// are equal or there is none, a range around them: a colour map needs a
// range that is not empty.
func (g Grid) Range() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range g.z.RawMatrix().Data {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !(hi > lo) { // constant or empty: any non-empty range will do
		lo, hi = lo-1, lo+1
		if math.IsInf(lo, 0) {
			lo, hi = -1, 1
		}
	}
	return lo, hi
}

// Levels returns n contour levels spread evenly inside (lo, hi).
func Levels(lo, hi float64, n int) []float64 {
	lv := make([]float64, n)
	step := (hi - lo) / float64(n+1)
	for i := range lv {
		lv[i] = lo + step*float64(i+1)
	}
	return lv
}
