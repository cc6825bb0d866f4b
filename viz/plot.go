package viz

import (
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"
	"sync"

	"git.sr.ht/~sbinet/gg"
	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
	"github.com/jacobianlab/jacobianlab/viz/plotkit"
)

// NewPlot returns an empty plot in the app's style: sans-serif text at
// readable sizes on the theme's panel colour, measured by memoText.
func NewPlot() *plot.Plot {
	p := plot.New()
	p.BackgroundColor = Th().Panel
	plotkit.Style(p)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Color = Th().Text
		a.Tick.Label.Color = Th().Muted
		a.Color, a.Tick.Color = Th().Muted, Th().Muted
		a.Label.TextStyle.Handler, a.Tick.Label.Handler = memoText{}, memoText{}
	}
	p.Title.TextStyle.Color = Th().Text
	p.Legend.TextStyle.Color = Th().Text
	p.Title.TextStyle.Handler, p.Legend.TextStyle.Handler = memoText{}, memoText{}
	return p
}

// memoText is the text handler of the app's plots: gonum/plot's plain
// text in the fonts of font.DefaultCache, with the extents and boxes it
// measures remembered. A plot measures each of its labels several times
// to place its data area and again to draw, and each time gonum/plot's
// font measures the text glyph by glyph from the font's tables.
type memoText struct{}

// plain is the handler memoText remembers the measures of.
var plain = text.Plain{Fonts: font.DefaultCache}

// textMemo holds the measures of memoText and powerText, up to
// maxMeasured boxes; when it is full it starts again, which costs one
// measure a text.
var textMemo = struct {
	sync.Mutex
	extents map[font.Font]font.Extents
	boxes   map[textKey][3]vg.Length
}{extents: map[font.Font]font.Extents{}, boxes: map[textKey][3]vg.Length{}}

// textKey is what a text's box depends on: the text, its font, and
// whether powerText measures it.
type textKey struct {
	txt   string
	fnt   font.Font
	power bool
}

// box returns the box of the text k that measure returns, measuring it
// only the first time.
func box(k textKey, measure func() (width, height, depth vg.Length)) (width, height, depth vg.Length) {
	m := &textMemo
	m.Lock()
	defer m.Unlock()
	b, ok := m.boxes[k]
	if !ok {
		if len(m.boxes) >= maxMeasured {
			clear(m.boxes)
		}
		b[0], b[1], b[2] = measure()
		m.boxes[k] = b
	}
	return b[0], b[1], b[2]
}

// Cache implements text.Handler.
func (memoText) Cache() *font.Cache { return plain.Cache() }

// Lines implements text.Handler.
func (memoText) Lines(txt string) []string { return plain.Lines(txt) }

// Draw implements text.Handler.
func (memoText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	plain.Draw(c, txt, sty, pt)
}

// Extents implements text.Handler.
func (memoText) Extents(fnt font.Font) font.Extents {
	m := &textMemo
	m.Lock()
	defer m.Unlock()
	e, ok := m.extents[fnt]
	if !ok {
		e = plain.Extents(fnt)
		m.extents[fnt] = e
	}
	return e
}

// Box implements text.Handler.
func (memoText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	return box(textKey{txt: txt, fnt: fnt}, func() (vg.Length, vg.Length, vg.Length) { return plain.Box(txt, fnt) })
}

// PlotLayer is a gonum/plot plot rendered into a cached Ebiten image.
//
// The plot is built again only when Invalidate was called, and placed
// again then or when the layer's rectangle or scale changed, as in a
// resize; what moves every frame belongs on top of it, placed with
// ToScreen. ToScreen and FromScreen support linear and logarithmic axes.
//
// Placing the plot (Prepare) works out where its data area falls, which
// measures its labels but draws nothing; its pixels are rendered by the
// next Draw, once a frame at most. So a plot placed and then invalidated
// in the same frame (the first frame of a lesson, whose data comes after
// its layout) is rendered once.
type PlotLayer struct {
	build func() *plot.Plot
	plot  *plot.Plot // what build returned after the last Invalidate

	img     *ebiten.Image
	pix     *image.RGBA     // the last render's pixels, drawn into again at the same size
	rect    image.Rectangle // where the plot goes, in screen pixels
	scale   float64         // device pixels per CSS pixel
	dirty   bool            // invalidated: to be built and placed again
	stale   bool            // placed since the last render: its pixels are to be rendered again
	places  int
	renders int

	// The data area in screen pixels and the axes it shows, recorded at
	// the last placement.
	area   rect64
	xa, ya plot.Axis
}

type rect64 struct{ x0, y0, x1, y1 float64 }

// NewPlotLayer returns a layer that draws the plot returned by build. build is
// called again at the first placement after Invalidate, so it may read the
// caller's current state; a placement at a new size places the plot it
// built last.
func NewPlotLayer(build func() *plot.Plot) *PlotLayer {
	return &PlotLayer{build: build, dirty: true}
}

// Invalidate marks the plot as changed: the next Prepare or Draw builds it
// and places it again, and the next Draw renders it.
func (l *PlotLayer) Invalidate() { l.dirty = true }

// Renders returns how many times the plot has been rendered.
func (l *PlotLayer) Renders() int { return l.renders }

// Places returns how many times the plot has been placed: built or
// resized, its data area worked out again.
func (l *PlotLayer) Places() int { return l.places }

// Rect returns the rectangle the layer occupies, in screen pixels.
func (l *PlotLayer) Rect() image.Rectangle { return l.rect }

// Prepare places the layer at r (screen pixels, scale device pixels per
// logical pixel) if anything it depends on changed, leaving its pixels to
// the next Draw. Call it from Update, before ToScreen or FromScreen.
func (l *PlotLayer) Prepare(r image.Rectangle, scale float64) {
	if r.Empty() {
		// Hidden: nothing is drawn until it has room again.
		l.rect = r
		return
	}
	if !l.dirty && r == l.rect && scale == l.scale && l.plot != nil {
		return
	}
	l.rect, l.scale = r, scale
	l.place()
}

// dpi returns the resolution the plot is rendered at: fonts and line
// widths scale with the device; at 72 dpi a point is a pixel.
func (l *PlotLayer) dpi() int { return max(1, int(math.Round(72*l.scale))) }

// place builds the plot again if it was invalidated and records where its
// data area falls at the layer's rectangle and scale, and the axes it
// shows, for the render that the next Draw makes.
func (l *PlotLayer) place() {
	if l.dirty || l.plot == nil {
		l.plot, l.dirty = l.build(), false
	}
	p := l.plot
	w, h, dpi := l.rect.Dx(), l.rect.Dy(), l.dpi()
	// The canvas's size as vgimg works it out for w×h pixels at dpi, so
	// that the render's data area is the one placed here.
	size := func(px int) vg.Length { return vg.Length(float64(px)/float64(dpi)) * vg.Inch }
	da := p.DataCanvas(draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: size(w), Y: size(h)}}})
	dots := func(v vg.Length) float64 { return float64(v) * float64(dpi) / 72 }
	ih := float64(h)
	ox, oy := float64(l.rect.Min.X), float64(l.rect.Min.Y)
	l.area = rect64{
		x0: ox + dots(da.Min.X), x1: ox + dots(da.Max.X),
		y0: oy + ih - dots(da.Max.Y), y1: oy + ih - dots(da.Min.Y),
	}
	l.xa, l.ya = p.X, p.Y
	l.stale = true
	l.places++
}

// render draws the placed plot into the layer's image.
func (l *PlotLayer) render() {
	p := l.plot
	w, h := l.rect.Dx(), l.rect.Dy()
	c := l.canvas(w, h, l.dpi(), p.BackgroundColor)
	// The background is filled above, at once, rather than as a path by
	// the rasterizer, which costs as much as the rest of a plot.
	bg := p.BackgroundColor
	p.BackgroundColor = nil
	p.Draw(draw.New(c))
	p.BackgroundColor = bg

	if l.img == nil || l.img.Bounds().Dx() != w || l.img.Bounds().Dy() != h {
		if l.img != nil {
			l.img.Deallocate()
		}
		l.img = ebiten.NewImage(w, h)
	}
	l.img.WritePixels(l.pix.Pix)
	l.stale = false
	l.renders++
}

// layerCanvas is the canvas a PlotLayer renders on: a vgimg canvas over
// pixels that a plotter may also write itself (heatMap does). gonum/plot
// transforms the canvas only around rotated text, so that when a plotter
// draws, a point (x, y) of the canvas is the pixel at x, h − y in dots,
// for pixels h high.
type layerCanvas struct {
	*vgimg.Canvas
	pix    *image.RGBA
	ctx    *gg.Context   // the context vgimg draws with, over pix
	colors []color.Color // the colour set, and those Push saved, as vgimg keeps them
}

// SetColor implements vg.Canvas.
func (c *layerCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black // as vgimg
	}
	c.Canvas.SetColor(clr)
	c.colors[len(c.colors)-1] = clr
}

// Push implements vg.Canvas.
func (c *layerCanvas) Push() {
	c.Canvas.Push()
	c.colors = append(c.colors, c.colors[len(c.colors)-1])
}

// Pop implements vg.Canvas.
func (c *layerCanvas) Pop() {
	c.Canvas.Pop()
	c.colors = c.colors[:len(c.colors)-1]
}

// FillString implements vg.Canvas. Text that is neither rotated nor
// scaled, all but a y axis's label, is drawn here glyph by glyph as gg
// draws it for vgimg, with the same glyphs at the same places, but each
// glyph's mask is drawn over the pixels directly: gg resamples it through
// the context's transform, which for a whole-pixel shift changes nothing
// and costs more than rasterizing the glyph. Other text is left to vgimg.
func (c *layerCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	// vgimg's FillString flips the y axis once more for the text, and
	// then gg maps each glyph's pixels through the context's transform:
	// here, only a shift by whole pixels may be left of it.
	c.ctx.Push()
	c.ctx.InvertY()
	ox, oy := c.ctx.TransformPoint(0, 0)
	xx, xy := c.ctx.TransformPoint(1, 0)
	yx, yy := c.ctx.TransformPoint(0, 1)
	c.ctx.Pop()
	if xx != ox+1 || xy != oy || yx != ox || yy != oy+1 || ox != math.Trunc(ox) || oy != math.Trunc(oy) {
		c.Canvas.FillString(f, pt, s)
		return
	}
	dpi := c.DPI()
	face := mathtex.DoubleBar(f.FontFace(dpi))
	defer face.Close()
	_, h := c.Size()
	src := image.NewUniform(c.colors[len(c.colors)-1])
	shift := image.Pt(int(ox), int(oy))
	// gg's fixp: the position rounded to 1/64 pixel.
	fix := func(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * 64)) }
	dot := fixed.Point26_6{X: fix(pt.X.Dots(dpi)), Y: fix(h.Dots(dpi) - pt.Y.Dots(dpi))}
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, r)
		}
		dr, mask, maskp, advance, ok := face.Glyph(dot, r)
		if !ok {
			continue
		}
		imgdraw.DrawMask(c.pix, dr.Add(shift), src, image.Point{}, mask, maskp, imgdraw.Over)
		dot.X += advance
		prev = r
	}
}

// canvas returns a vgimg canvas of w×h pixels at dpi over the layer's
// pixels, filled with bg (white where bg is nil or translucent, as
// vgimg's own canvas). The pixels are those of the last render when the
// size is the same, and gg draws into them without a copy.
func (l *PlotLayer) canvas(w, h, dpi int, bg color.Color) *layerCanvas {
	if l.pix == nil || l.pix.Rect.Dx() != w || l.pix.Rect.Dy() != h {
		l.pix = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	// What vgimg.NewWith does for a canvas of its own, without copying
	// the image into the context.
	ctx := gg.NewContextForRGBA(l.pix)
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(l.pix, ctx), vgimg.UseDPI(dpi)) // filled white
	if bg != nil {
		// White, the light theme's panel, is there already.
		if r, g, b, a := bg.RGBA(); r&g&b&a != 0xffff {
			imgdraw.Draw(l.pix, l.pix.Rect, image.NewUniform(bg), image.Point{}, imgdraw.Over)
		}
	}
	return &layerCanvas{Canvas: c, pix: l.pix, ctx: ctx, colors: []color.Color{color.Black}}
}

// Draw draws the cached plot onto dst, rendering it first if it was
// placed or invalidated since the last render.
func (l *PlotLayer) Draw(dst *ebiten.Image) {
	if l.rect.Empty() {
		return
	}
	if l.dirty {
		// Invalidated since Prepare, by work left to the frame.
		l.place()
	}
	if l.stale {
		l.render()
	}
	if rec.on(dst) {
		r := l.rect
		rec.add(DrawnPlot, "", "", float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y), 0)
	}
	op := &ebiten.DrawImageOptions{}
	if bg := l.plot.BackgroundColor; bg != nil && opaque(bg) {
		// Every pixel of an opaque plot's image is opaque: copying it
		// gives the same picture as drawing it over what is below,
		// without reading that (see FillOpaque).
		op.Blend = ebiten.BlendCopy
	}
	op.GeoM.Translate(float64(l.rect.Min.X), float64(l.rect.Min.Y))
	dst.DrawImage(l.img, op)
}

// DataArea returns the plot's data area in screen pixels, for clipping what
// is drawn on top of the plot.
func (l *PlotLayer) DataArea() image.Rectangle {
	if l.rect.Empty() {
		return image.Rectangle{}
	}
	return image.Rect(int(math.Ceil(l.area.x0)), int(math.Ceil(l.area.y0)), int(l.area.x1), int(l.area.y1))
}

// ToScreen maps data coordinates to screen pixels.
func (l *PlotLayer) ToScreen(x, y float64) (sx, sy float64) {
	sx = l.area.x0 + l.xa.Norm(x)*(l.area.x1-l.area.x0)
	sy = l.area.y1 - l.ya.Norm(y)*(l.area.y1-l.area.y0)
	return sx, sy
}

// FromScreen maps screen pixels to data coordinates.
func (l *PlotLayer) FromScreen(sx, sy float64) (x, y float64) {
	x = denorm(l.xa, (sx-l.area.x0)/(l.area.x1-l.area.x0))
	y = denorm(l.ya, (l.area.y1-sy)/(l.area.y1-l.area.y0))
	return x, y
}

// denorm inverts a.Norm for linear and logarithmic axes.
func denorm(a plot.Axis, t float64) float64 {
	if _, ok := a.Scale.(plot.LogScale); ok {
		return a.Min * math.Pow(a.Max/a.Min, t)
	}
	return a.Min + t*(a.Max-a.Min)
}

// Geometry describes where a plot's data area is on the page, for tests and
// page scripts that need to point at data coordinates.
type Geometry struct {
	// The data area in CSS pixels from the top-left of the canvas.
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
	// The axis ranges it shows.
	XMin float64 `json:"xmin"`
	XMax float64 `json:"xmax"`
	YMin float64 `json:"ymin"`
	YMax float64 `json:"ymax"`
}

// Geometry returns the layer's geometry as of its last placement, or the
// zero Geometry when the layer is hidden (placed in an empty rectangle, as
// a picture on a sheet not on show is) or that placement had no data area
// or no finite axes (a plot given too little room, or no data), which JSON
// could not hold.
func (l *PlotLayer) Geometry() Geometry {
	if l.rect.Empty() {
		return Geometry{}
	}
	s := CSSScale(l.scale)
	if s == 0 {
		s = 1
	}
	g := Geometry{
		Left: l.area.x0 / s, Top: l.area.y0 / s, Right: l.area.x1 / s, Bottom: l.area.y1 / s,
		XMin: l.xa.Min, XMax: l.xa.Max, YMin: l.ya.Min, YMax: l.ya.Max,
	}
	for _, v := range []float64{g.Left, g.Top, g.Right, g.Bottom, g.XMin, g.XMax, g.YMin, g.YMax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Geometry{}
		}
	}
	return g
}
