package mathtex

import (
	"math"
	"strconv"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
)

// The formulas draw with Liberation Serif, which gonum/plot already links,
// and fall back per rune to a subset of DejaVu Serif (about 3 kB) holding
// the math symbols Liberation lacks. Regenerate the subset after adding a
// symbol that no face has (TestMathGlyphs says which):
//
//go:generate go run mathfont_gen.go ∇⊤ℝℕℤ∓⋅∘⊙⊗⊕∝↦⇒∈∉⊂⊆⟨⟩⁰⁹⁺⁻₊₋

// fontStyle is the Liberation Serif style a run of a formula is set in.
type fontStyle uint8

const (
	styleRoman fontStyle = iota
	styleItalic
	styleBold
	styleBoldItalic
)

// glyphFace is one font at one pixel size, with the metrics of the glyphs
// laid out so far.
type glyphFace struct {
	f      xfont.Face
	glyphs map[rune]glyphMetrics
}

// glyphMetrics is a glyph's advance and its outline's bounds, in pixels
// from its origin on the baseline (y down).
type glyphMetrics struct {
	adv                    float64
	minX, minY, maxX, maxY float64
	ok                     bool // the font has the glyph
}

// glyph returns the metrics of r, caching them.
func (g *glyphFace) glyph(r rune) glyphMetrics {
	if m, ok := g.glyphs[r]; ok {
		return m
	}
	b, adv, ok := g.f.GlyphBounds(r)
	m := glyphMetrics{
		adv:  fixedToFloat(adv),
		minX: fixedToFloat(b.Min.X), minY: fixedToFloat(b.Min.Y), maxX: fixedToFloat(b.Max.X), maxY: fixedToFloat(b.Max.Y),
		ok: ok,
	}
	g.glyphs[r] = m
	return m
}

// fixedToFloat converts a 26.6 fixed-point number of pixels to a float.
func fixedToFloat(v fixed.Int26_6) float64 { return float64(v) / 64 }

// mathFace is a formula's font at one size and style: Liberation Serif and
// the symbol fallback.
type mathFace struct {
	main, fallback *glyphFace
}

// pick returns the face that draws r: the main face if it has the glyph,
// else the fallback if it has it, else the main face.
func (m *mathFace) pick(r rune) *glyphFace {
	if m.main.glyph(r).ok || !m.fallback.glyph(r).ok {
		return m.main
	}
	return m.fallback
}

var (
	mathMu    sync.Mutex
	mathFaces = map[mathFaceKey]*mathFace{}
)

// symbolFont returns the parsed symbol subset and the ratio of Liberation
// Serif's cap height to its cap height, the scale at which its symbols
// match the letters around them.
var symbolFont = sync.OnceValues(func() (*sfnt.Font, float64) {
	f, err := sfnt.Parse([]byte(mathTTF))
	if err != nil {
		panic("mathtex: the math font does not parse: " + err.Error())
	}
	return f, capHeightEm(liberationSerif(styleRoman)) / capHeightEm(f)
})

type mathFaceKey struct {
	style fontStyle
	px    float64
}

// liberationSerif returns the Liberation Serif font of a style, parsed
// once by gonum/plot.
func liberationSerif(s fontStyle) *sfnt.Font {
	want := font.Font{Typeface: "Liberation", Variant: "Serif"}
	if s == styleItalic || s == styleBoldItalic {
		want.Style = xfont.StyleItalic
	}
	if s == styleBold || s == styleBoldItalic {
		want.Weight = xfont.WeightBold
	}
	for _, f := range liberation.Collection() {
		if f.Font == want {
			return f.Face
		}
	}
	panic("mathtex: gonum/plot has no Liberation Serif of style " + strconv.Itoa(int(s)))
}

// newFace returns a face of f at px pixels.
func newFace(f *sfnt.Font, px float64) xfont.Face {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: xfont.HintingNone})
	if err != nil {
		panic("mathtex: " + err.Error())
	}
	return face
}

// newGlyphFace returns a face of f at px pixels, measuring its glyphs.
func newGlyphFace(f *sfnt.Font, px float64) *glyphFace {
	return &glyphFace{f: newFace(f, px), glyphs: map[rune]glyphMetrics{}}
}

// SymbolFace returns a new face of the formulas' symbol font, the DejaVu
// Serif subset that holds the math symbols Liberation lacks (∇ ℝ ∘ ⊙ ⊗ …),
// sized to go with Liberation's letters of px pixels: a fallback for text
// set in Liberation.
func SymbolFace(px float64) xfont.Face {
	sf, scale := symbolFont()
	return newFace(sf, px*scale)
}

// getMathFace returns the formula font of style s at px pixels.
func getMathFace(s fontStyle, px float64) *mathFace {
	mathMu.Lock()
	defer mathMu.Unlock()
	key := mathFaceKey{s, px}
	if m, ok := mathFaces[key]; ok {
		return m
	}
	sf, scale := symbolFont()
	main := newGlyphFace(liberationSerif(s), px)
	main.f = DoubleBar(main.f)
	m := &mathFace{
		main:     main,
		fallback: newGlyphFace(sf, px*scale),
	}
	mathFaces[key] = m
	return m
}

// capHeightEm returns the cap height of f in ems.
func capHeightEm(f *sfnt.Font) float64 {
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm())
	m, err := f.Metrics(&buf, upem, xfont.HintingNone)
	if err != nil {
		panic("mathtex: " + err.Error())
	}
	return math.Abs(float64(m.CapHeight)) / float64(upem)
}
