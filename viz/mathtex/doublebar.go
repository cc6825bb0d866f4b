package mathtex

import (
	"image"
	"image/draw"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// DoubleBar returns f drawing ‖, the double bar of a norm, as two of its
// own vertical bars |, which reach from below the baseline to above the
// capitals, as a norm's bars do in print. Liberation draws ‖ as two
// strokes standing on the baseline as high as an l, so that at a label's
// size ‖h‖ reads as "llhll". The double bar keeps its advance, its
// kerning and the horizontal extent of its ink: text measures as before,
// and only the strokes are longer. The formulas' Liberation Serif faces
// draw it so, and package viz's text and plot labels.
func DoubleBar(f xfont.Face) xfont.Face { return doubleBar{f} }

// doubleBar is the face DoubleBar returns.
type doubleBar struct{ xfont.Face }

// GlyphBounds implements font.Face.
func (f doubleBar) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	b, adv, ok := f.Face.GlyphBounds(r)
	if r != '‖' || !ok {
		return b, adv, ok
	}
	bar, _, barOK := f.Face.GlyphBounds('|')
	if !barOK {
		return b, adv, ok
	}
	b.Min.Y, b.Max.Y = bar.Min.Y, bar.Max.Y
	return b, adv, ok
}

// Glyph implements font.Face: ‖ is a | where the double bar's ink begins
// and another where it ends.
func (f doubleBar) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	b, adv, ok := f.Face.GlyphBounds(r)
	bar, _, barOK := f.Face.GlyphBounds('|')
	if r != '‖' || !ok || !barOK {
		return f.Face.Glyph(dot, r)
	}
	left, right := dot, dot
	left.X += b.Min.X - bar.Min.X
	right.X += b.Max.X - bar.Max.X
	// The face may reuse its mask at the next call: the first bar is
	// copied out before the second is drawn.
	r1, m1, p1, _, ok1 := f.Face.Glyph(left, '|')
	if !ok1 {
		return f.Face.Glyph(dot, r)
	}
	first := image.NewAlpha(r1)
	draw.Draw(first, r1, m1, p1, draw.Src)
	r2, m2, p2, _, ok2 := f.Face.Glyph(right, '|')
	if !ok2 {
		return f.Face.Glyph(dot, r)
	}
	both := image.NewAlpha(r1.Union(r2))
	draw.DrawMask(both, r1, image.Opaque, image.Point{}, first, r1.Min, draw.Over)
	draw.DrawMask(both, r2, image.Opaque, image.Point{}, m2, p2, draw.Over)
	return both.Rect, both, both.Rect.Min, adv, true
}
