package viz

import (
	"image/color"
	"math"
	"sync"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
)

// ColorMap colours the entries of a tensor on a scale symmetric around zero:
// a value v is drawn in the colour of v/scale, clamped to [-1, 1], of a
// diverging colour map, one hue for negative values and another for positive
// ones, growing more saturated with |v|. Exact zeros get their own colour,
// so that a sparsity pattern reads at a glance, and so does NaN.
type ColorMap struct {
	// Zero is the colour of exact zeros and NaN the colour of NaN; a zero
	// value (transparent) means the theme's Panel and Muted (Th).
	Zero, NaN color.RGBA

	newMap func() palette.DivergingColorMap
	once   sync.Once
	lut    []color.RGBA // colorSteps colours either side of the middle one
}

// colorSteps is the number of colours a ColorMap tells apart on either side
// of zero: finer than a display's 8-bit channels resolve along the map.
const colorSteps = 128

// CoolWarm is Moreland's smooth blue–red diverging colour map (palette/moreland
// SmoothBlueRed), which stays readable under the common forms of colour
// blindness: negative values are blue, positive values red, and values near
// zero a light grey, distinct from the panel colour of exact zeros (the
// theme's Panel, as NaN is its Muted).
var CoolWarm = NewColorMap(moreland.SmoothBlueRed, color.RGBA{}, color.RGBA{})

// NewColorMap returns a ColorMap that samples the diverging map returned by
// newMap, with the given colours for exact zeros and NaN. newMap is called
// once, the first time the map is used.
func NewColorMap(newMap func() palette.DivergingColorMap, zero, nan color.RGBA) *ColorMap {
	return &ColorMap{Zero: zero, NaN: nan, newMap: newMap}
}

// build samples the diverging map at 2·colorSteps+1 evenly spaced values.
func (m *ColorMap) build() {
	dm := m.newMap()
	dm.SetMin(-1)
	dm.SetMax(1)
	dm.SetConvergePoint(0)
	m.lut = make([]color.RGBA, 2*colorSteps+1)
	for i := range m.lut {
		c, err := dm.At(float64(i-colorSteps) / colorSteps)
		if err != nil {
			// The values are within [Min, Max] by construction.
			panic(err)
		}
		m.lut[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
}

// At returns the colour of v on the scale symmetric around zero in which
// ±scale (and anything beyond) get the map's end colours. A non-zero v gets
// at least the first step of its sign's hue, however small. A scale that is
// not positive and finite counts as 1.
func (m *ColorMap) At(v, scale float64) color.RGBA {
	switch {
	case v == 0 && m.Zero == (color.RGBA{}):
		return Th().Panel
	case v == 0:
		return m.Zero
	case math.IsNaN(v) && m.NaN == (color.RGBA{}):
		return Th().Muted
	case math.IsNaN(v):
		return m.NaN
	}
	m.once.Do(m.build)
	if !(scale > 0) || math.IsInf(scale, 1) {
		scale = 1
	}
	k := int(math.Round(math.Min(1, math.Abs(v)/scale) * colorSteps))
	k = max(1, k)
	if v < 0 {
		k = -k
	}
	return m.lut[colorSteps+k]
}
