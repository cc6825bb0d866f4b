package viz

import (
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Faces are cached by pixel size: text/v2 keeps a glyph cache per face, so
// asking for the same size twice must give the same face.
var (
	facesMu sync.Mutex
	faces   = map[float64]*text.GoXFace{}
)

// Face returns a Liberation Sans face of the given pixel size. It reuses the
// fonts gonum/plot already links, so drawing text adds no font bytes to the
// binary.
func Face(px float64) *text.GoXFace {
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[px]; ok {
		return f
	}
	// At 72 dpi one point is one pixel.
	fc := font.DefaultCache.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans"}, vg.Length(px))
	f := text.NewGoXFace(fc.FontFace(72))
	faces[px] = f
	return f
}

// textFaces are the faces DrawText uses, by pixel size: Liberation Sans
// with the formulas' symbol subset for the runes it lacks (∇, ℝ, ∘, ⊙, …).
var textFaces = map[float64]*text.MultiFace{}

// textFace returns the face DrawText uses at the given pixel size.
func textFace(px float64) *text.MultiFace {
	main := Face(px)
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := textFaces[px]; ok {
		return f
	}
	sf, scale := symbolFont()
	f, err := text.NewMultiFace(main, newGlyphFace(sf, px*scale).x)
	if err != nil {
		panic("viz: " + err.Error())
	}
	textFaces[px] = f
	return f
}

// DrawText draws s with its top-left corner at (x, y) in pixels, in
// Liberation Sans, and the runes it lacks in the formulas' symbol font.
// Lines are separated by '\n' and spaced 1.3 times the font size apart.
func DrawText(dst *ebiten.Image, s string, px, x, y float64, clr color.Color) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	op.LineSpacing = 1.3 * px
	text.Draw(dst, s, textFace(px), op)
}

// MeasureText returns the width and height in pixels that DrawText would
// cover for s at the given font size.
func MeasureText(s string, px float64) (w, h float64) {
	return text.Measure(s, textFace(px), 1.3*px)
}

// Label is text drawn once into a cached image, drawn again only when its
// text, size or colour changes: text that stays put costs one image copy a
// frame instead of a layout of every glyph.
type Label struct {
	s       string
	px      float64
	clr     color.Color
	set     bool // whether Set was called
	stale   bool // whether img does not show the text yet
	img     *ebiten.Image
	w, h    int // the text's size within img
	renders int
}

// Set sets the label's text, font size in pixels and colour; the next Draw
// draws it into the label's image if any of them changed (once a frame,
// however many ticks changed it). The image is reused while the text fits,
// so a label whose digits change every tick allocates nothing.
func (l *Label) Set(s string, px float64, clr color.Color) {
	if l.set && s == l.s && px == l.px && clr == l.clr {
		return
	}
	l.s, l.px, l.clr, l.set, l.stale = s, px, clr, true, true
	w, h := MeasureText(s, px)
	l.w, l.h = int(math.Ceil(w))+1, int(math.Ceil(h))+1
}

// render draws the text into the label's image.
func (l *Label) render() {
	if l.img == nil || l.img.Bounds().Dx() < l.w || l.img.Bounds().Dy() < l.h {
		if l.img != nil {
			l.img.Deallocate()
		}
		// Room to grow, so that a few more digits do not reallocate.
		l.img = ebiten.NewImage(l.w+l.w/4+8, l.h+l.h/4+8)
	} else {
		l.img.Clear()
	}
	DrawText(l.img, l.s, l.px, 0, 0, l.clr)
	l.stale = false
	l.renders++
}

// Draw draws the label with its top-left corner at (x, y), first drawing
// the text into its image if it changed.
func (l *Label) Draw(dst *ebiten.Image, x, y float64) {
	if l.stale {
		l.render()
	}
	if l.img == nil {
		return
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(math.Round(x), math.Round(y))
	dst.DrawImage(l.img.SubImage(image.Rect(0, 0, l.w, l.h)).(*ebiten.Image), op)
}

// Renders returns how many times the label has been drawn into its image.
func (l *Label) Renders() int { return l.renders }
