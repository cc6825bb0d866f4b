package viz

import (
	"image/color"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Faces are cached by pixel size: text/v2 keeps a glyph cache per face, so
// asking for the same size twice must give the same face.
var (
	facesMu sync.Mutex
	faces   = map[float64]*text.GoXFace{}
)

// Face returns a Liberation Sans face of the given pixel size. It reuses the
// fonts gonum/plot already links, so drawing text adds no font bytes to the
// binary.
func Face(px float64) *text.GoXFace {
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[px]; ok {
		return f
	}
	// At 72 dpi one point is one pixel.
	fc := font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(px))
	f := text.NewGoXFace(fc.FontFace(72))
	faces[px] = f
	return f
}

// DrawText draws s with its top-left corner at (x, y) in pixels. Lines are
// separated by '\n' and spaced 1.3 times the font size apart.
func DrawText(dst *ebiten.Image, s string, px, x, y float64, clr color.Color) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	op.LineSpacing = 1.3 * px
	text.Draw(dst, s, Face(px), op)
}

// MeasureText returns the width and height in pixels that DrawText would
// cover for s at the given font size.
func MeasureText(s string, px float64) (w, h float64) {
	return text.Measure(s, Face(px), 1.3*px)
}
