package viz

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// The text of the lessons is drawn glyph by glyph from images of the
// glyphs, rasterized once per font, size and subpixel offset and then
// drawn at whole pixels. Ebiten's text/v2 does the same with its GoXFace,
// and this file places and rasterizes the glyphs exactly as it does, pixel
// for pixel; but text/v2 also links text shaping, Unicode line breaking and
// language tags, which the lessons never use and which cost some 90 kB of
// the compressed download.

// rasterFace draws the glyphs of one font face at one size.
type rasterFace struct {
	f               xfont.Face
	ascent, descent float64 // from the top of a line to the baseline, and from it to the bottom, in pixels
	// step is the granularity of a glyph's x in 26.6 fixed point: glyph
	// images are made for 1, 2, 4 or 8 positions within a pixel, more for
	// smaller faces, where a shift of part of a pixel shows more.
	step fixed.Int26_6

	mu     sync.Mutex // guards f, which is not safe for concurrent use, and the maps
	runes  map[rune]runeMetrics
	kerns  map[[2]rune]fixed.Int26_6
	images map[glyphKey]*glyphImage
	swept  int64 // the tick of the last sweep of images
}

// runeMetrics is what a rasterFace remembers of a rune.
type runeMetrics struct {
	adv    fixed.Int26_6
	ok     bool // whether the face has a glyph for the rune
	bounds fixed.Rectangle26_6
}

// glyphKey names a glyph image: a rune, and the fraction of a pixel its
// left edge is drawn at, in 26.6 fixed point.
type glyphKey struct {
	r   rune
	sub fixed.Int26_6
}

// glyphImage is a glyph's coverage (nil for a glyph with no ink), the
// same as a white image for the GPU, made when first drawn there, and the
// tick it was last used at.
type glyphImage struct {
	mask *image.Alpha
	img  *ebiten.Image
	used int64
}

// image returns the glyph as a white image (its coverage in every
// channel, premultiplied), for DrawImage to scale by a colour.
func (g *glyphImage) image() *ebiten.Image {
	if g.img == nil {
		rgba := image.NewRGBA(g.mask.Rect)
		for i, a := range g.mask.Pix {
			rgba.Pix[4*i], rgba.Pix[4*i+1], rgba.Pix[4*i+2], rgba.Pix[4*i+3] = a, a, a, a
		}
		g.img = ebiten.NewImageFromImage(rgba)
	}
	return g.img
}

// newRasterFace returns a rasterFace that draws f.
func newRasterFace(f xfont.Face) *rasterFace {
	m := f.Metrics()
	r := &rasterFace{
		f:       f,
		ascent:  fixedToFloat(m.Ascent),
		descent: fixedToFloat(m.Descent),
		runes:   map[rune]runeMetrics{},
		kerns:   map[[2]rune]fixed.Int26_6{},
		images:  map[glyphKey]*glyphImage{},
	}
	switch h := r.ascent + r.descent; {
	case h < 20:
		r.step = 64 / 8
	case h < 40:
		r.step = 64 / 4
	case h < 80:
		r.step = 64 / 2
	default:
		r.step = 64
	}
	return r
}

// fixedToFloat converts a 26.6 fixed-point number to a float.
func fixedToFloat(v fixed.Int26_6) float64 { return float64(v) / 64 }

// metricsOf returns the metrics of r. f.mu must be held.
func (f *rasterFace) metricsOf(r rune) runeMetrics {
	m, ok := f.runes[r]
	if !ok {
		m.adv, m.ok = f.f.GlyphAdvance(r)
		m.bounds, _, _ = f.f.GlyphBounds(r)
		f.runes[r] = m
	}
	return m
}

// kern returns the kerning between r0 and r1. f.mu must be held.
func (f *rasterFace) kern(r0, r1 rune) fixed.Int26_6 {
	k, ok := f.kerns[[2]rune{r0, r1}]
	if !ok {
		k = f.f.Kern(r0, r1)
		f.kerns[[2]rune{r0, r1}] = k
	}
	return k
}

// has reports whether the face has a glyph for r.
func (f *rasterFace) has(r rune) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.metricsOf(r).ok
}

// advance returns the width of s on one line, in pixels: the advances of
// its runes and the kerning between them.
func (f *rasterFace) advance(s string) float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var x fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			x += f.kern(prev, r)
		}
		x += f.metricsOf(r).adv
		prev = r
	}
	return fixedToFloat(x)
}

// placedGlyph is a rune of a text as it is drawn: the byte offset of the
// rune in the text, its origin on the baseline, and its glyph (whose mask
// is nil for a rune without ink) and where the glyph's top-left corner
// goes.
type placedGlyph struct {
	start   int
	originX float64
	glyph   *glyphImage
	x, y    float64
}

// appendLine appends to dst the glyphs of line with the origin of its
// first rune at (x, y), the line's bytes starting at byte index of the
// text.
func (f *rasterFace) appendLine(dst []placedGlyph, line string, index int, x, y float64) []placedGlyph {
	f.mu.Lock()
	defer f.mu.Unlock()
	ox := fixed.Int26_6(x * 64)
	oy := fixed.Int26_6(y*64) &^ 63
	prev := rune(-1)
	var adv fixed.Int26_6 // from the first rune's origin to this one's
	for i, r := range line {
		m := f.metricsOf(r)
		if prev >= 0 {
			adv += f.kern(prev, r)
		}
		at := ox + adv
		// The image is drawn at whole pixels, from the x rounded down to a
		// multiple of step (towards zero, as text/v2 does).
		gx := at / f.step * f.step
		b := m.bounds
		g := placedGlyph{
			start:   index + i,
			originX: fixedToFloat(at),
			glyph:   f.glyph(r, (gx+b.Min.X)&63, b),
			x:       float64((gx + b.Min.X).Floor()),
			y:       float64((oy + b.Min.Y).Floor()),
		}
		dst = append(dst, g)
		adv += m.adv
		prev = r
	}
	return dst
}

// glyphSweep is the number of glyph images per subpixel position past
// which a face forgets the images it has not drawn for a second.
const glyphSweep = 128

// glyph returns the glyph of r drawn sub (in 26.6 fixed point) right of a
// pixel's left edge, b being its bounds. f.mu must be held.
func (f *rasterFace) glyph(r rune, sub fixed.Int26_6, b fixed.Rectangle26_6) *glyphImage {
	now := ebiten.Tick()
	k := glyphKey{r, sub}
	if g, ok := f.images[k]; ok {
		g.used = now
		return g
	}
	g := &glyphImage{used: now}
	if w, h := (b.Max.X - b.Min.X).Ceil(), (b.Max.Y - b.Min.Y).Ceil(); w > 0 && h > 0 {
		// A pixel more each way, for the ink of a glyph drawn part of a
		// pixel right of or below its bounds' corner.
		g.mask = image.NewAlpha(image.Rect(0, 0, w+1, h+1))
		dr, mask, mp, _, _ := f.f.Glyph(fixed.Point26_6{X: sub - b.Min.X, Y: b.Min.Y&63 - b.Min.Y}, r)
		copyMask(g.mask, dr, mask, mp)
	}
	f.images[k] = g
	if f.swept < now && len(f.images) > glyphSweep*int(64/f.step) {
		for k, g := range f.images {
			if g.mask != nil && g.used < now-60 {
				delete(f.images, k)
			}
		}
	}
	f.swept = now
	return g
}

// copyMask draws mask, from mp on, into the rectangle r of dst, which holds
// no ink yet, as draw.DrawMask would draw it in opaque ink: for the usual
// *image.Alpha mask by copying its rows, which DrawMask, having no fast
// path for an *image.Alpha destination, does a pixel at a time.
func copyMask(dst *image.Alpha, r image.Rectangle, mask image.Image, mp image.Point) {
	m, ok := mask.(*image.Alpha)
	if !ok {
		draw.DrawMask(dst, r, image.Opaque, image.Point{}, mask, mp, draw.Over)
		return
	}
	d := mp.Sub(r.Min) // a point p of dst takes the mask's p+d
	r = r.Intersect(dst.Rect).Intersect(m.Rect.Sub(d))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(dst.Pix[dst.PixOffset(r.Min.X, y):dst.PixOffset(r.Max.X, y)], m.Pix[m.PixOffset(r.Min.X+d.X, y+d.Y):])
	}
}

// textFont draws text in a main face and the runes the main face lacks in
// a fallback face, if it has one.
type textFont struct {
	main, fallback *rasterFace
}

// metrics returns the ascent and descent of a line, the larger of the
// faces'.
func (t textFont) metrics() (ascent, descent float64) {
	ascent, descent = t.main.ascent, t.main.descent
	if t.fallback != nil {
		ascent, descent = max(ascent, t.fallback.ascent), max(descent, t.fallback.descent)
	}
	return ascent, descent
}

// runs calls f with each run of s, a line, that one face draws: the
// fallback draws the runes the main face lacks. A run is the byte range
// [i, j) of s.
func (t textFont) runs(s string, f func(face *rasterFace, i, j int)) {
	var face *rasterFace
	start := 0
	for i, r := range s {
		next := t.main
		if t.fallback != nil && !t.main.has(r) {
			next = t.fallback
		}
		if next != face && i > 0 {
			f(face, start, i)
			start = i
		}
		face = next
	}
	if face != nil {
		f(face, start, len(s))
	}
}

// extend returns the width, in 26.6 fixed point, of a line of width w
// whose last rune is r, drawn by the face last (nil for an empty line),
// with s, which holds no line break, added at its end, and the face and
// rune that end it then: the width advance gives the whole line, as the
// advances of its runs of one face, with the kerning within them.
func (t textFont) extend(w fixed.Int26_6, last *rasterFace, r rune, s string) (fixed.Int26_6, *rasterFace, rune) {
	for _, next := range s {
		face := t.main
		if t.fallback != nil && !t.main.has(next) {
			face = t.fallback
		}
		face.mu.Lock()
		if face == last {
			w += face.kern(r, next)
		}
		w += face.metricsOf(next).adv
		face.mu.Unlock()
		last, r = face, next
	}
	return w, last, r
}

// advance returns the width of s, one line, in pixels.
func (t textFont) advance(s string) float64 {
	a := 0.0
	t.runs(s, func(face *rasterFace, i, j int) { a += face.advance(s[i:j]) })
	return a
}

// forEachLine calls f with each line of s, without its line break, and
// with the byte index of its start in s. Lines end at "\n", "\r\n", "\r",
// and the other hard breaks of Unicode (U+000B, U+000C, U+0085, U+2028 and
// U+2029); a break at the end of s does not begin an empty line.
func forEachLine(s string, f func(line string, index int)) {
	index := 0
	for s != "" {
		i := strings.IndexAny(s, "\n\r\v\f\u0085\u2028\u2029")
		if i < 0 {
			f(s, index)
			return
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		if strings.HasPrefix(s[i:], "\r\n") {
			n = 2
		}
		f(s[:i], index)
		// As in text/v2, a break counts one byte in the offsets of the
		// lines after it: right for "\n", the only break the lessons'
		// texts and the one-line text fields hold.
		index += i + 1
		s = s[i+n:]
	}
}

// appendGlyphs appends to dst the glyphs of s with the top-left corner of
// its first line at (0, 0) and the baselines of its lines spacing pixels
// apart.
func (t textFont) appendGlyphs(dst []placedGlyph, s string, spacing float64) []placedGlyph {
	ascent, _ := t.metrics()
	y := 0.0
	forEachLine(s, func(line string, index int) {
		x := 0.0
		t.runs(line, func(face *rasterFace, i, j int) {
			dst = face.appendLine(dst, line[i:j], index+i, x, y+ascent)
			x += face.advance(line[i:j])
		})
		y += spacing
	})
	return dst
}

// raster draws s, one line, with its top-left corner at the pixel at of
// dst in clr, as draw does on the GPU, but on the CPU: without an image on
// the GPU for each glyph, and without a draw call for each.
func (t textFont) raster(dst *image.RGBA, s string, at image.Point, clr color.Color) {
	var buf [64]placedGlyph
	src := image.NewUniform(clr)
	for _, g := range t.appendGlyphs(buf[:0], s, 0) {
		if m := g.glyph.mask; m != nil {
			draw.DrawMask(dst, m.Rect.Add(at.Add(image.Pt(int(g.x), int(g.y)))), src, image.Point{}, m, image.Point{}, draw.Over)
		}
	}
}

// measure returns the width and height of s in pixels, its baselines
// spacing pixels apart: the widest line's advance, and the lines'
// spacing plus the ascent and descent of one line.
func (t textFont) measure(s string, spacing float64) (w, h float64) {
	if s == "" {
		return 0, 0
	}
	lines := 0
	forEachLine(s, func(line string, _ int) {
		w = max(w, t.advance(line))
		lines++
	})
	ascent, descent := t.metrics()
	return w, float64(lines-1)*spacing + ascent + descent
}

// draw draws s with the top-left corner of its first line at (0, 0)
// transformed by op.GeoM, scaled in colour by op.ColorScale, its baselines
// spacing pixels apart.
func (t textFont) draw(dst *ebiten.Image, s string, spacing float64, op *ebiten.DrawImageOptions) {
	var buf [64]placedGlyph
	geoM := op.GeoM
	for _, g := range t.appendGlyphs(buf[:0], s, spacing) {
		if g.glyph.mask == nil {
			continue
		}
		op.GeoM.Reset()
		op.GeoM.Translate(g.x, g.y)
		op.GeoM.Concat(geoM)
		dst.DrawImage(g.glyph.image(), op)
	}
	op.GeoM = geoM
}
