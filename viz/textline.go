package viz

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// A Label draws its lines on the CPU (drawLine) into one buffer a line,
// which it copies into the line's image: the same glyphs at the same
// places as DrawText, which text/v2 draws from an Ebiten image of each
// glyph at each subpixel offset it meets. Making those images, rather
// than drawing the glyphs, was most of the time a lesson's first frame
// spent on its text, in the browser. MeasureText measures with the same
// faces (measure), as text.Measure would, without splitting the text by
// Unicode's line breaking rules a rune at a time.

// lineFace is a font drawLine draws with, at one size, and the masks of
// the glyphs it has drawn.
type lineFace struct {
	f xfont.Face
	// variants is how many subpixel offsets a glyph is drawn at, as
	// text/v2 chooses them for a face of this size.
	variants int
	masks    map[glyphKey]*image.Alpha // nil for a glyph with no pixels
}

// glyphKey is a glyph at a subpixel offset.
type glyphKey struct {
	r  rune
	dx fixed.Int26_6
}

// lineFaces are DrawText's faces as drawLine draws with them, at one
// size: Liberation Sans, then the symbol font for the runes it lacks.
type lineFaces struct {
	faces           [2]*lineFace
	ascent, descent fixed.Int26_6 // the greatest of the faces'
}

var (
	linesMu sync.Mutex // guards lineFacesBySize, lineBuf and the faces' masks
	// lineFacesBySize holds the faces drawLine and measure have used,
	// by pixel size.
	lineFacesBySize = map[float64]*lineFaces{}
	lineBuf         []byte // the pixels drawLine last drew into, reused
)

// newLineFace returns a lineFace of f.
func newLineFace(f xfont.Face) *lineFace {
	m := f.Metrics()
	// text/v2's glyphVariationCount, from the face's height.
	n, s := 1, float64(m.Ascent+m.Descent)/64
	switch {
	case s < 20:
		n = 8
	case s < 40:
		n = 4
	case s < 80:
		n = 2
	}
	return &lineFace{f: f, variants: n, masks: map[glyphKey]*image.Alpha{}}
}

// lineFacesAt returns the faces drawLine and measure use at px pixels.
// Its caller holds linesMu.
func lineFacesAt(px float64) *lineFaces {
	if lf, ok := lineFacesBySize[px]; ok {
		return lf
	}
	// Faces of their own, as Face and textFace make them: a face holds
	// buffers, and text/v2 draws with those.
	main := font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(px))
	lf := &lineFaces{faces: [2]*lineFace{newLineFace(main.FontFace(72)), newLineFace(mathtex.SymbolFace(px))}}
	for _, f := range lf.faces {
		m := f.f.Metrics()
		lf.ascent, lf.descent = max(lf.ascent, m.Ascent), max(lf.descent, m.Descent)
	}
	lineFacesBySize[px] = lf
	return lf
}

// layOut calls glyph for each rune of the line s, if glyph is not nil,
// with the face it is drawn in and its origin, as DrawText lays the line
// out from 0: each rune in the first face that has it (the last face if
// none has), kerned against the rune before it in the same face. It
// returns the line's advance. Its caller holds linesMu.
func (lf *lineFaces) layOut(s string, glyph func(f *lineFace, r rune, x fixed.Int26_6)) fixed.Int26_6 {
	var x fixed.Int26_6 // the origin of the rune
	prev, prevFace := rune(-1), -1
	for _, r := range s {
		fi := len(lf.faces) - 1
		for i, f := range lf.faces[:fi] {
			if _, ok := f.f.GlyphAdvance(r); ok {
				fi = i
				break
			}
		}
		f := lf.faces[fi]
		if fi == prevFace {
			x += f.f.Kern(prev, r)
		}
		if glyph != nil {
			glyph(f, r, x)
		}
		a, _ := f.f.GlyphAdvance(r)
		x += a
		prev, prevFace = r, fi
	}
	return x
}

// drawLine draws the line s at px pixels in clr into dst, as DrawText
// draws it at (0, 0): each glyph at its place rounded as text/v2 rounds
// it. Its caller holds linesMu.
func drawLine(dst *image.RGBA, s string, px float64, clr color.Color) {
	lf := lineFacesAt(px)
	src := image.NewUniform(clr)
	y := lf.ascent &^ 63 // the baseline, on a whole pixel
	lf.layOut(s, func(f *lineFace, r rune, x fixed.Int26_6) { f.draw(dst, src, r, x, y) })
}

// measure returns the width and height DrawText covers with s at px
// pixels, lines lineSpacing apart, as text.Measure measures them: the
// widest line's advance, and the lines' spacing with the faces' greatest
// ascent and descent. Lines end at the line breaks Unicode says must
// break a line, a break at the end of s ending the last.
func measure(s string, px, lineSpacing float64) (w, h float64) {
	if s == "" {
		return 0, 0
	}
	linesMu.Lock()
	defer linesMu.Unlock()
	lf := lineFacesAt(px)
	n := 0
	for rest := s; rest != ""; n++ {
		i := strings.IndexAny(rest, lineBreaks)
		if i < 0 {
			i = len(rest)
		}
		w = max(w, float64(lf.layOut(rest[:i], nil))/64)
		rest = rest[i:]
		switch {
		case strings.HasPrefix(rest, "\r\n"):
			rest = rest[2:]
		case rest != "":
			_, size := utf8.DecodeRuneInString(rest)
			rest = rest[size:]
		}
	}
	return w, float64(n-1)*lineSpacing + float64(lf.ascent+lf.descent)/64
}

// lineBreaks are the runes after which a line must break (Unicode's line
// breaking classes BK, CR, LF and NL), "\r\n" counting as one.
const lineBreaks = "\n\r\v\f\u0085\u2028\u2029"

// draw draws the glyph of r with its origin at (x, y) into dst in the
// colour src: at x rounded down to one of the face's subpixel offsets,
// from the glyph's mask at that offset, made the first time.
func (f *lineFace) draw(dst *image.RGBA, src image.Image, r rune, x, y fixed.Int26_6) {
	step := 64 / fixed.Int26_6(f.variants)
	x = x / step * step
	b, _, _ := f.f.GlyphBounds(r)
	k := glyphKey{r, (x + b.Min.X) & 63}
	mask, ok := f.masks[k]
	if !ok {
		mask = f.mask(r, b, fixed.Point26_6{X: k.dx, Y: (y + b.Min.Y) & 63})
		f.masks[k] = mask
	}
	if mask == nil {
		return
	}
	at := image.Pt((x + b.Min.X).Floor(), (y + b.Min.Y).Floor())
	draw.DrawMask(dst, mask.Rect.Add(at), src, image.Point{}, mask, image.Point{}, draw.Over)
}

// mask returns the coverage of the glyph of r, whose bounds are b, drawn
// at the subpixel offset sub, in an image a pixel wider and higher than
// b, as text/v2 makes a glyph's image; nil for a glyph with no pixels.
func (f *lineFace) mask(r rune, b fixed.Rectangle26_6, sub fixed.Point26_6) *image.Alpha {
	w, h := (b.Max.X - b.Min.X).Ceil(), (b.Max.Y - b.Min.Y).Ceil()
	if w == 0 || h == 0 {
		return nil
	}
	m := image.NewAlpha(image.Rect(0, 0, w+1, h+1))
	d := xfont.Drawer{Dst: m, Src: image.Opaque, Face: f.f, Dot: fixed.Point26_6{X: sub.X - b.Min.X, Y: sub.Y - b.Min.Y}}
	d.DrawString(string(r))
	return m
}

// lineImage returns a transparent w×h image over lineBuf. Its caller
// holds linesMu.
func lineImage(w, h int) *image.RGBA {
	n := 4 * w * h
	if cap(lineBuf) < n {
		lineBuf = make([]byte, n)
	}
	pix := lineBuf[:n]
	clear(pix)
	return &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
}
