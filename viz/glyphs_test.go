//go:build display

package viz

import (
	"fmt"
	"image/color"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// goxFace returns text/v2's face for Liberation Sans at px: the reference
// the tests hold the glyph drawing of glyphs.go against.
func goxFace(px float64) *text.GoXFace { return text.NewGoXFace(sansFace(px).f) }

// glyphTexts are texts for the comparisons with text/v2: kerned pairs,
// runes of the symbol fallback among Liberation's, line breaks of every
// kind, an empty line, a trailing break, a rune no face has and bytes that
// are not UTF-8.
var glyphTexts = []string{
	"AVATAR Ta To Wo yv 1.25",
	"∇f(x₀) · h = 0.84 ∘ g ⊙ ℝ²",
	"first line\nsecond, longer line\n\nafter an empty one\n",
	"a\r\nb\rc\vd\fe\u0085f\u2028g\u2029h",
	"∂L/∂W₁ ∈ ℝ^{2×3} \u4e00 \xff\xfe end",
}

// TestGlyphsMatchTextV2 draws, measures and places texts as DrawText,
// MeasureText and the text field do, and as text/v2 does with the faces
// the app used to give it (Liberation Sans with the symbol subset as a
// fallback, in a MultiFace): pixel for pixel, and to the last bit of every
// position, they must agree. The sizes take each of text/v2's subpixel
// granularities (1/8, 1/4, 1/2 and 1 pixel, from the smallest faces to the
// largest), and the origins fall between pixels.
func TestGlyphsMatchTextV2(t *testing.T) {
	for _, px := range []float64{11, 13.5, 16, 24, 37, 56, 90} {
		ref, err := text.NewMultiFace(goxFace(px), text.NewGoXFace(mathtex.SymbolFace(px)))
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range glyphTexts {
			name := fmt.Sprintf("%gpx/text%d", px, i)
			for _, at := range [][2]float64{{3, 2}, {10.3, 7.6}, {-0.7, 4.49}} {
				got := ebiten.NewImage(int(40*px), int(8*px))
				want := ebiten.NewImage(int(40*px), int(8*px))
				got.Fill(color.White)
				want.Fill(color.White)
				clr := color.RGBA{0x20, 0x40, 0x80, 0xff}
				DrawText(got, s, px, at[0], at[1], clr)
				op := &text.DrawOptions{}
				op.GeoM.Translate(at[0], at[1])
				op.ColorScale.ScaleWithColor(clr)
				op.LineSpacing = 1.3 * px
				text.Draw(want, s, ref, op)
				g, w := pixels(got), pixels(want)
				diff := 0
				for k := range g.Pix {
					if g.Pix[k] != w.Pix[k] {
						diff++
					}
				}
				if diff != 0 {
					t.Errorf("%s at %v: %d bytes of pixels differ from text/v2's", name, at, diff)
				}
			}

			gw, gh := MeasureText(s, px)
			ww, wh := text.Measure(s, ref, 1.3*px)
			if gw != ww || gh != wh {
				t.Errorf("%s: MeasureText = %v × %v, text/v2 measures %v × %v", name, gw, gh, ww, wh)
			}
			if got, want := textFace(px).advance(s), text.Advance(s, ref); got != want {
				t.Errorf("%s: advance %v, text/v2's %v", name, got, want)
			}

			got := textFace(px).appendGlyphs(nil, s, 1.3*px)
			want := text.AppendGlyphs(nil, s, ref, &text.LayoutOptions{LineSpacing: 1.3 * px})
			if len(got) != len(want) {
				t.Errorf("%s: %d glyphs, text/v2 has %d", name, len(got), len(want))
				continue
			}
			for k, g := range got {
				w := want[k]
				if g.start != w.StartIndexInBytes || g.originX != w.OriginX || g.x != w.X || g.y != w.Y || (g.glyph.mask == nil) != (w.Image == nil) {
					t.Errorf("%s: glyph %d at byte %d, origin x %v, image at (%v, %v), with image %v; text/v2: byte %d, %v, (%v, %v), %v",
						name, k, g.start, g.originX, g.x, g.y, g.glyph.mask != nil, w.StartIndexInBytes, w.OriginX, w.X, w.Y, w.Image != nil)
				}
			}
		}
	}
}

// TestFormulaFaceMatchesTextV2 draws a line in one face without a
// fallback, as the formulas draw their runs, and with text/v2's GoXFace of
// the same face: the pixels must agree.
func TestFormulaFaceMatchesTextV2(t *testing.T) {
	const px = 21
	xf := mathtex.SymbolFace(px)
	for _, s := range []string{"∇⊤ℝ∘⊙⟨⟩", "x ∈ ℝ", ""} {
		got := ebiten.NewImage(300, 60)
		want := ebiten.NewImage(300, 60)
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(5.5, 9.25)
		textFont{main: getFormulaFace(xf).f}.draw(got, s, 0, op)
		top := &text.DrawOptions{}
		top.GeoM.Translate(5.5, 9.25)
		text.Draw(want, s, text.NewGoXFace(xf), top)
		g, w := pixels(got), pixels(want)
		for k := range g.Pix {
			if g.Pix[k] != w.Pix[k] {
				t.Errorf("%q: pixels differ from text/v2's, the first at byte %d", s, k)
				break
			}
		}
	}
}
