package viz

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// Faces are cached by pixel size: each keeps its glyph images, so asking
// for the same size twice must give the same face.
var (
	facesMu sync.Mutex
	faces   = map[float64]*rasterFace{}
)

// sansFace returns a Liberation Sans face of the given pixel size. It
// reuses the fonts gonum/plot already links, so drawing text adds no font
// bytes to the binary.
func sansFace(px float64) *rasterFace {
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[px]; ok {
		return f
	}
	// At 72 dpi one point is one pixel.
	fc := font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(px))
	f := newRasterFace(mathtex.DoubleBar(fc.FontFace(72)))
	faces[px] = f
	return f
}

// symbolFaces are the faces of the formulas' symbol subset, by pixel size.
var symbolFaces = map[float64]*rasterFace{}

// textFace returns the font DrawText uses at the given pixel size:
// Liberation Sans with the formulas' symbol subset for the runes it lacks
// (∇, ℝ, ∘, ⊙, …).
func textFace(px float64) textFont {
	main := sansFace(px)
	facesMu.Lock()
	defer facesMu.Unlock()
	f, ok := symbolFaces[px]
	if !ok {
		f = newRasterFace(mathtex.SymbolFace(px))
		symbolFaces[px] = f
	}
	return textFont{main: main, fallback: f}
}

// DrawText draws s with its top-left corner at (x, y) in pixels, in
// Liberation Sans, and the runes it lacks in the formulas' symbol font.
// Lines are separated by '\n' and spaced 1.3 times the font size apart.
func DrawText(dst *ebiten.Image, s string, px, x, y float64, clr color.Color) {
	w, h := MeasureText(s, px)
	if rec.on(dst) {
		rec.add(DrawnText, "", s, x, y, x+w, y+h, px)
	}
	// A glyph may reach a little past the measured box: an italic's
	// lean, a descent deeper than the font's.
	m := math.Ceil(px / 2)
	if !visible(dst, image.Rect(int(math.Floor(x-m)), int(math.Floor(y-m)), int(math.Ceil(x+w+m)), int(math.Ceil(y+h+m)))) {
		return
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	textFace(px).draw(dst, s, 1.3*px, op)
}

// MeasureText returns the width and height in pixels that DrawText would
// cover for s at the given font size. It remembers the sizes of the last
// texts it measured: layouts ask for the same labels' sizes every frame.
func MeasureText(s string, px float64) (w, h float64) {
	k := measureKey{s, px}
	measuredMu.Lock()
	m, ok := measured[k]
	measuredMu.Unlock()
	if ok {
		return m[0], m[1]
	}
	w, h = textFace(px).measure(s, 1.3*px)
	measuredMu.Lock()
	if len(measured) >= maxMeasured {
		clear(measured)
	}
	measured[k] = [2]float64{w, h}
	measuredMu.Unlock()
	return w, h
}

// measured holds MeasureText's results, up to maxMeasured of them; when it
// is full it starts again, which costs one measure a text.
var (
	measuredMu sync.Mutex
	measured   = map[measureKey][2]float64{}
)

type measureKey struct {
	s  string
	px float64
}

const maxMeasured = 4096

// WrapText breaks the lines of s at spaces so that each is at most width
// pixels wide in DrawText's font at size px. A word wider than width on its
// own keeps a line to itself. The line breaks s already has are kept, and
// a line that fits is kept as it is, its runs of spaces too.
func WrapText(s string, px, width float64) string {
	t := textFace(px)
	var b strings.Builder
	for i, para := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if w, _ := MeasureText(para, px); w <= width {
			b.WriteString(para) // as it is, its spaces kept
			continue
		}
		// The line's width is kept as it grows, a word at a time, not
		// measured again whole for each word. last is nil while the
		// paragraph has no word yet.
		var w fixed.Int26_6
		var last *rasterFace
		var lastRune rune
		for _, word := range strings.Fields(para) {
			if last != nil {
				sw, sf, sr := t.extend(w, last, lastRune, " ")
				ww, wf, wr := t.extend(sw, sf, sr, word)
				if fixedToFloat(ww) <= width {
					b.WriteByte(' ')
					b.WriteString(word)
					w, last, lastRune = ww, wf, wr
					continue
				}
				b.WriteByte('\n')
			}
			b.WriteString(word)
			w, last, lastRune = t.extend(0, nil, 0, word)
		}
	}
	return b.String()
}

// Label is text drawn once into cached images, a line each, drawn again
// only when its text, size or colour changes, and then only the lines that
// changed: text that stays put costs one image copy a line a frame instead
// of a layout of every glyph, and a paragraph whose numbers change redraws
// only their lines.
type Label struct {
	s       string
	px      float64
	clr     color.Color
	set     bool // whether Set was called
	lines   []labelLine
	renders int
}

// labelLine is a line of a Label and its cached image.
type labelLine struct {
	s     string
	img   *ebiten.Image
	w, h  int  // the text's size within img
	stale bool // whether img does not show s yet
}

// Set sets the label's text, font size in pixels and colour; the next Draw
// draws the lines that changed into their images (once a frame, however
// many ticks changed them). An image is reused while its line fits, so a
// label whose digits change every tick allocates nothing.
func (l *Label) Set(s string, px float64, clr color.Color) {
	if l.set && s == l.s && px == l.px && clr == l.clr {
		return
	}
	all := !l.set || px != l.px || clr != l.clr
	l.s, l.px, l.clr, l.set = s, px, clr, true
	texts := strings.Split(s, "\n")
	for i := len(texts); i < len(l.lines); i++ {
		if l.lines[i].img != nil {
			l.lines[i].img.Deallocate()
		}
	}
	if len(texts) <= len(l.lines) {
		l.lines = l.lines[:len(texts)]
	} else {
		l.lines = append(l.lines, make([]labelLine, len(texts)-len(l.lines))...)
	}
	for i, t := range texts {
		ln := &l.lines[i]
		if !all && !ln.stale && ln.s == t && (ln.img != nil || ln.w == 0) {
			continue
		}
		w, h := MeasureText(t, px)
		ln.s, ln.stale = t, true
		ln.w, ln.h = int(math.Ceil(w))+1, int(math.Ceil(h))+1
		if t == "" {
			ln.w = 0
		}
	}
}

// renderLine draws the line ln into its image if it changed.
func (l *Label) renderLine(ln *labelLine) {
	if !ln.stale {
		return
	}
	ln.stale = false
	if ln.w == 0 {
		return
	}
	if ln.img == nil || ln.img.Bounds().Dx() < ln.w || ln.img.Bounds().Dy() < ln.h {
		if ln.img != nil {
			ln.img.Deallocate()
		}
		// Room to grow, so that a few more digits do not reallocate.
		ln.img = ebiten.NewImage(ln.w+ln.w/4+8, ln.h+ln.h/4+8)
	}
	// The line is drawn on the CPU and its pixels written in one go:
	// a draw call for each glyph, and an image on the GPU for each
	// glyph first drawn, cost more, the first frame most.
	writeRaster(ln.img, ln.w, ln.h, func(dst *image.RGBA) { textFace(l.px).raster(dst, ln.s, image.Point{}, l.clr) })
	l.renders++
}

// writeRaster draws a w×h picture with draw on the CPU, into transparent
// pixels, and writes it into the top-left w×h pixels of img.
func writeRaster(img *ebiten.Image, w, h int, draw func(dst *image.RGBA)) {
	rasterPix.Lock()
	defer rasterPix.Unlock()
	pix := slices.Grow(rasterPix.b[:0], 4*w*h)[:4*w*h]
	clear(pix)
	draw(&image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)})
	img.SubImage(image.Rect(0, 0, w, h)).(*ebiten.Image).WritePixels(pix)
	rasterPix.b = pix
}

// rasterPix holds the pixels writeRaster draws.
var rasterPix struct {
	sync.Mutex
	b []byte
}

// Draw draws the label with its top-left corner at (x, y), first drawing
// the lines that changed into their images. Lines are 1.3 times the font
// size apart, as DrawText spaces them.
func (l *Label) Draw(dst *ebiten.Image, x, y float64) {
	l.DrawLines(dst, x, y, 0, len(l.lines))
}

// DrawLines draws the label's lines lo to hi (not included) as Draw
// would, with line lo's top at y: a label that scrolls (see Scroll).
func (l *Label) DrawLines(dst *ebiten.Image, x, y float64, lo, hi int) {
	lo, hi = max(0, lo), min(hi, len(l.lines))
	if rec.on(dst) && l.s != "" && lo < hi {
		w, h := 0, 0
		for i, ln := range l.lines[lo:hi] {
			w = max(w, ln.w)
			if ln.w > 0 {
				h = int(math.Round(float64(i)*1.3*l.px)) + ln.h
			}
		}
		text := l.s
		if lo > 0 || hi < len(l.lines) {
			texts := make([]string, 0, hi-lo)
			for _, ln := range l.lines[lo:hi] {
				texts = append(texts, ln.s)
			}
			text = strings.Join(texts, "\n")
		}
		rec.add(DrawnText, "", text, math.Round(x), math.Round(y), math.Round(x)+float64(w), math.Round(y)+float64(h), l.px)
	}
	// A line wholly outside dst is neither drawn nor, if it changed,
	// drawn into its image yet.
	for i := lo; i < hi; i++ {
		ln := &l.lines[i]
		at := image.Pt(int(math.Round(x)), int(math.Round(y+float64(i-lo)*1.3*l.px)))
		if ln.w == 0 || !visible(dst, image.Rect(0, 0, ln.w, ln.h).Add(at)) {
			continue
		}
		l.renderLine(ln)
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(float64(at.X), float64(at.Y))
		dst.DrawImage(ln.img.SubImage(image.Rect(0, 0, ln.w, ln.h)).(*ebiten.Image), op)
	}
}

// visible reports whether r, or the few pixels around it that antialiasing
// or a glyph's overhang may reach, overlaps dst. What does not is left
// undrawn: the frame that draws only part of the screen (scenes.Manager)
// draws into a sub-image, and the GPU would clip all of it, but only after
// the CPU had spent its time on it.
func visible(dst *ebiten.Image, r image.Rectangle) bool {
	return r.Inset(-visibleMargin).Overlaps(dst.Bounds())
}

// visibleMargin is how many pixels around a thing's rectangle visible
// counts as the thing's.
const visibleMargin = 4

// Lines returns how many lines the label has.
func (l *Label) Lines() int { return len(l.lines) }

// Text returns the label's text, as last Set.
func (l *Label) Text() string { return l.s }

// Renders returns how many times a line of the label has been drawn into
// its image.
func (l *Label) Renders() int { return l.renders }
