package mathtex

import (
	"image"
	"math"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// formulaRunes returns every rune the formulas are meant to draw, with the
// styles it may be drawn in: printable ASCII in every style, the symbols
// of the TeX commands in theirs, and the Unicode scripts and marks the
// builders and TeX produce.
func formulaRunes() map[rune][]fontStyle {
	all := []fontStyle{styleRoman, styleItalic, styleBold, styleBoldItalic}
	m := map[rune][]fontStyle{}
	add := func(s string, styles ...fontStyle) {
		for _, r := range s {
			m[r] = append(m[r], styles...)
		}
	}
	for r := rune('!'); r <= '~'; r++ {
		add(string(r), all...)
	}
	for _, sym := range texSymbols {
		add(sym.s, sym.style)
	}
	for _, s := range texBigOps {
		add(s, styleRoman)
	}
	for _, r := range texAccents {
		add(string(r), styleRoman)
	}
	for _, r := range blackboard {
		add(string(r), styleRoman)
	}
	// Unicode scripts and marks typed into runs, and what TeX and Num make
	// of - and '.
	add("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿᵀ₀₁₂₃₄₅₆₇₈₉₊₋−′", styleRoman, styleItalic)
	return m
}

// TestMathGlyphs checks that every rune a formula may use has a glyph with
// ink in the face that draws it.
func TestMathGlyphs(t *testing.T) {
	const px = 24
	for r, styles := range formulaRunes() {
		for _, s := range styles {
			g := getMathFace(s, px).pick(r)
			if !g.glyph(r).ok {
				t.Errorf("%q (style %d): no face has the glyph; add it to the go:generate line in mathfont.go and run go generate", r, s)
				continue
			}
			dr, mask, mp, _, ok := g.f.Glyph(fixed.P(0, 0), r)
			if !ok || inked(mask, dr, mp) == 0 {
				t.Errorf("%q (style %d): the glyph draws no ink", r, s)
			}
		}
	}
}

// inked returns how many pixels of the glyph mask, drawn at dr from mp,
// have some coverage.
func inked(mask image.Image, dr image.Rectangle, mp image.Point) int {
	n := 0
	for y := range dr.Dy() {
		for x := range dr.Dx() {
			if _, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA(); a > 0 {
				n++
			}
		}
	}
	return n
}

// TestMathFontSubset checks that the DejaVu subset holds only glyphs that
// Liberation Serif lacks, so that it carries no dead weight, and that the
// ones the issue names are among them.
func TestMathFontSubset(t *testing.T) {
	sub, err := sfnt.Parse([]byte(mathTTF))
	if err != nil {
		t.Fatal(err)
	}
	lib := liberationSerif(styleRoman)
	var buf sfnt.Buffer
	var have []rune
	for r := rune(0); r <= 0xffff; r++ {
		if g, err := sub.GlyphIndex(&buf, r); err == nil && g != 0 {
			have = append(have, r)
			if g, err := lib.GlyphIndex(&buf, r); err == nil && g != 0 {
				t.Errorf("the subset holds %q, which Liberation Serif has", r)
			}
		}
	}
	for _, r := range "∇∘⋅⊙⊗∈ℝ" {
		if g, err := sub.GlyphIndex(&buf, r); err != nil || g == 0 {
			t.Errorf("the subset lacks %q", r)
		}
	}
	if len(have) == 0 || len(mathTTF) > 8<<10 {
		t.Errorf("the subset has %d glyphs in %d bytes, want some in at most 8 kB", len(have), len(mathTTF))
	}
}

// TestFallbackScale checks that the fallback's symbols are scaled to the
// letters around them: ∇ (DejaVu) is an upside-down Δ (Liberation) and
// should be about as tall.
func TestFallbackScale(t *testing.T) {
	mf := getMathFace(styleRoman, 40)
	if mf.pick('∇') != mf.fallback || mf.pick('Δ') != mf.main {
		t.Fatal("∇ should come from the fallback and Δ from Liberation")
	}
	nabla, delta := mf.pick('∇').glyph('∇'), mf.pick('Δ').glyph('Δ')
	hn, hd := nabla.maxY-nabla.minY, delta.maxY-delta.minY
	if math.Abs(hn-hd) > 0.1*hd {
		t.Errorf("∇ is %.1f px tall and Δ %.1f px, want within 10%%", hn, hd)
	}
}
