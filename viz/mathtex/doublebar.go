package mathtex

import (
	"image"
	"image/draw"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// DoubleBar returns f drawing ‖, the double bar of a norm, as ||: two of
// its own vertical bars side by side, which reach from below the baseline
// to above the capitals, as a norm's bars do in print, with the space of
// two bars between them. Liberation draws ‖ as two strokes standing on
// the baseline as high as an l and a fraction of a pixel apart at a
// label's size, so that ‖h‖ read as "llhll", and in a formula as one
// thick bar, an absolute value. The double bar has the advance of two
// bars, in its measure as in its drawing. The formulas' Liberation Serif
// faces draw it so, and package viz's text and plot labels.
func DoubleBar(f xfont.Face) xfont.Face { return doubleBar{f} }

// doubleBar is the face DoubleBar returns.
type doubleBar struct{ xfont.Face }

// GlyphAdvance implements font.Face.
func (f doubleBar) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	if r == '‖' {
		if adv, ok := f.Face.GlyphAdvance('|'); ok {
			return 2 * adv, true
		}
	}
	return f.Face.GlyphAdvance(r)
}

// GlyphBounds implements font.Face.
func (f doubleBar) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	if r == '‖' {
		if b, adv, ok := f.Face.GlyphBounds('|'); ok {
			b.Max.X += adv
			return b, 2 * adv, true
		}
	}
	return f.Face.GlyphBounds(r)
}

// Glyph implements font.Face: ‖ is a | and another one bar's advance on.
func (f doubleBar) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	adv, barOK := f.Face.GlyphAdvance('|')
	if r != '‖' || !barOK {
		return f.Face.Glyph(dot, r)
	}
	// The face may reuse its mask at the next call: the first bar is
	// copied out before the second is drawn.
	r1, m1, p1, _, ok1 := f.Face.Glyph(dot, '|')
	if !ok1 {
		return f.Face.Glyph(dot, r)
	}
	first := image.NewAlpha(r1)
	draw.Draw(first, r1, m1, p1, draw.Src)
	second := dot
	second.X += adv
	r2, m2, p2, _, ok2 := f.Face.Glyph(second, '|')
	if !ok2 {
		return f.Face.Glyph(dot, r)
	}
	both := image.NewAlpha(r1.Union(r2))
	draw.DrawMask(both, r1, image.Opaque, image.Point{}, first, r1.Min, draw.Over)
	draw.DrawMask(both, r2, image.Opaque, image.Point{}, m2, p2, draw.Over)
	return both.Rect, both, both.Rect.Min, 2 * adv, true
}
