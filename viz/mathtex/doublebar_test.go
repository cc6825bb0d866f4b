package mathtex

import "testing"

// TestFormulaDoubleBar checks that a formula's ‖ in Liberation Serif
// reaches as high and as low as its |, and keeps its advance and the
// horizontal extent of its ink.
func TestFormulaDoubleBar(t *testing.T) {
	for _, s := range []fontStyle{styleRoman, styleItalic} {
		f := getMathFace(s, 16).main
		norm, bar := f.glyph('‖'), f.glyph('|')
		if !norm.ok || norm.minY != bar.minY || norm.maxY != bar.maxY {
			t.Errorf("style %d: ‖ spans %v to %v, | %v to %v: want the same", s, norm.minY, norm.maxY, bar.minY, bar.maxY)
		}
		plain := newGlyphFace(liberationSerif(s), 16).glyph('‖')
		if norm.adv != plain.adv || norm.minX != plain.minX || norm.maxX != plain.maxX {
			t.Errorf("style %d: ‖ advances %v with ink from %v to %v, want Liberation's %v, %v to %v", s, norm.adv, norm.minX, norm.maxX, plain.adv, plain.minX, plain.maxX)
		}
	}
}
