package mathtex

import "testing"

// TestFormulaDoubleBar checks that a formula's ‖ in Liberation Serif is
// two of its |: as high and as low, and as wide as two.
func TestFormulaDoubleBar(t *testing.T) {
	for _, s := range []fontStyle{styleRoman, styleItalic} {
		f := getMathFace(s, 13).main
		norm, bar := f.glyph('‖'), f.glyph('|')
		if !norm.ok || norm.minY != bar.minY || norm.maxY != bar.maxY {
			t.Errorf("style %d: ‖ spans %v to %v, | %v to %v: want the same", s, norm.minY, norm.maxY, bar.minY, bar.maxY)
		}
		if norm.adv != 2*bar.adv || norm.minX != bar.minX || norm.maxX != bar.maxX+bar.adv {
			t.Errorf("style %d: ‖ advances %v with ink from %v to %v, want two |: %v, %v to %v", s, norm.adv, norm.minX, norm.maxX, 2*bar.adv, bar.minX, bar.maxX+bar.adv)
		}
	}
}
