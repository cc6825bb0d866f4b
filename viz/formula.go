package viz

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	xfont "golang.org/x/image/font"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// Formula is a formula laid out and drawn into a cached image. Its nodes
// are built and parsed from LaTeX by package mathtex, which also lays them
// out; Formula draws the layout with Ebiten.
//
// Set and SetTeX lay it out again only when the formula, its size or its
// colour changed, so a scene may call them every tick with live numbers;
// Draw draws it into the image when it changed since the last Draw (at
// most once a frame however many ticks changed it) and otherwise only
// copies the image. The zero value is an empty formula in Th().Text.
type Formula struct {
	key, scratch []byte // the drawn formula's key, and a buffer for the next
	px           float64
	clr          color.RGBA
	hasClr       bool
	tex          string // the TeX source of the drawn formula, if set by SetTeX

	layout  *mathtex.Layout // the layout: laidTeX's for SetTeX, shared and never changed
	own     bool            // whether layout is the formula's own (Set), which Set reuses
	ink     image.Rectangle // the image's pixels relative to the origin
	img     *ebiten.Image   // backing store, at least as large as ink
	view    *ebiten.Image   // the part of img in use
	laid    bool            // whether a formula is laid out
	stale   bool            // whether img does not show the layout yet
	renders int
}

// Set sets the formula to n at px pixels (device pixels: scale it by
// Input.Scale) and lays it out if it differs from the one set before. Set
// panics if px is not positive.
func (f *Formula) Set(n mathtex.Node, px float64) {
	f.scratch = mathtex.AppendKey(f.scratch[:0], n)
	f.tex = ""
	if f.laid && px == f.px && bytes.Equal(f.scratch, f.key) {
		return
	}
	if !f.own {
		f.layout, f.own = new(mathtex.Layout), true
	}
	f.layout.Set(n, px)
	f.key, f.scratch = f.scratch, f.key
	f.px = px
	f.laid, f.stale = true, true
}

// SetTeX sets the formula to the LaTeX source src (see mathtex.TeX) at px
// pixels and lays it out if src or px changed. If src does not parse,
// SetTeX returns the error and leaves the formula as it was. SetTeX panics
// if px is not positive, as mathtex.Layout.Set does.
func (f *Formula) SetTeX(src string, px float64) error {
	if f.laid && src == f.tex && px == f.px {
		return nil
	}
	n, l, err := layTeX(src, px)
	if err != nil {
		return err
	}
	f.key = mathtex.AppendKey(f.key[:0], n)
	f.layout, f.own, f.px, f.tex = l, false, px, src
	f.laid, f.stale = true, true
	return nil
}

// MeasureTeX returns the width, and the height above and depth below the
// baseline, in pixels, of the LaTeX source src at px pixels, as a Formula
// set to it has them, or the error if src does not parse. Like
// MeasureText, it remembers the last formulas it measured: layouts ask
// for the same formulas' sizes at every size of the screen. MeasureTeX
// panics if px is not positive, as mathtex.Layout.Set does.
func MeasureTeX(src string, px float64) (width, ascent, descent float64, err error) {
	k := measureKey{src, px}
	measuredMu.Lock()
	m, ok := measuredTeX[k]
	measuredMu.Unlock()
	if !ok {
		_, l, err := layTeX(src, px)
		m.err = err
		if err == nil {
			m.w, m.asc, m.desc = l.Metrics()
		}
		measuredMu.Lock()
		if len(measuredTeX) >= maxMeasured {
			clear(measuredTeX)
		}
		measuredTeX[k] = m
		measuredMu.Unlock()
	}
	return m.w, m.asc, m.desc, m.err
}

// measuredTeX holds MeasureTeX's results, up to maxMeasured of them, under
// measuredMu.
var measuredTeX = map[measureKey]texMeasure{}

// laidTeX holds the layouts of the last formulas MeasureTeX and SetTeX
// laid out, under measuredMu, next the one to replace: a formula whose
// numbers change every frame is first measured, to fit it to its panel,
// and then set, and both take the same layout. A layout is not changed
// once made, so formulas share them.
var (
	laidTeX  [16]laidFormula
	laidNext int
)

// laidFormula is the TeX source src parsed into n and laid out at px into l.
type laidFormula struct {
	src string
	px  float64
	n   mathtex.Node
	l   *mathtex.Layout
}

// layTeX returns src parsed and laid out at px pixels, from laidTeX or
// made and kept there; a source laid out at another size is not parsed
// again.
func layTeX(src string, px float64) (mathtex.Node, *mathtex.Layout, error) {
	var n mathtex.Node
	measuredMu.Lock()
	for _, e := range laidTeX {
		if e.l != nil && e.src == src {
			if e.px == px {
				measuredMu.Unlock()
				return e.n, e.l, nil
			}
			n = e.n
		}
	}
	measuredMu.Unlock()
	if n == nil {
		var err error
		if n, err = mathtex.TeX(src); err != nil {
			return nil, nil, err
		}
	}
	l := new(mathtex.Layout)
	l.Set(n, px)
	measuredMu.Lock()
	laidTeX[laidNext] = laidFormula{src, px, n, l}
	laidNext = (laidNext + 1) % len(laidTeX)
	measuredMu.Unlock()
	return n, l, nil
}

type texMeasure struct {
	w, asc, desc float64
	err          error
}

// SetColor sets the colour of the parts of the formula that are not
// mathtex.Colored; the next Draw draws the formula again if it changed.
func (f *Formula) SetColor(clr color.Color) {
	c := color.RGBAModel.Convert(clr).(color.RGBA)
	if f.hasClr && c == f.clr {
		return
	}
	f.clr, f.hasClr = c, true
	f.stale = f.laid
}

// color returns the formula's colour.
func (f *Formula) color() color.RGBA {
	if !f.hasClr {
		return Th().Text
	}
	return f.clr
}

// render draws the laid-out formula into the cached image. Like a label's
// lines (see Label.renderLine), it is drawn on the CPU and its pixels written
// in one go: a draw call for each glyph, and the vector package's fill of
// a sized delimiter, which compiles its shaders the first time, cost more.
func (f *Formula) render() {
	f.ink = layoutInk(f.layout)
	iw, ih := max(f.ink.Dx(), 1), max(f.ink.Dy(), 1)
	if f.img == nil || f.img.Bounds().Dx() < iw || f.img.Bounds().Dy() < ih {
		if f.img != nil {
			f.img.Deallocate()
		}
		// Room to grow, so that a number gaining a digit reuses the
		// image.
		f.img = ebiten.NewImage(iw+iw/4, ih+ih/8)
	}
	f.view = f.img.SubImage(image.Rect(0, 0, iw, ih)).(*ebiten.Image)
	writeRaster(f.img, iw, ih, func(dst *image.RGBA) { drawLayout(dst, f.layout, -f.ink.Min.X, -f.ink.Min.Y, f.color()) })
	f.stale = false
	f.renders++
}

// Px returns the formula's font size in pixels, as last set.
func (f *Formula) Px() float64 { return f.px }

// Metrics returns the formula's width and its height above and depth
// below the baseline, in pixels. Ink may reach a little past the box
// (an italic f leans out of it).
func (f *Formula) Metrics() (width, ascent, descent float64) {
	if f.layout == nil {
		return 0, 0, 0
	}
	return f.layout.Metrics()
}

// Renders returns how many times the formula has been drawn into its
// image.
func (f *Formula) Renders() int { return f.renders }

// Draw draws the formula with the top-left corner of its box at (x, y),
// its baseline at y plus the ascent, rounded to whole pixels, first
// drawing it into its image if it changed.
func (f *Formula) Draw(dst *ebiten.Image, x, y float64) {
	if f.layout == nil {
		return
	}
	w, asc, desc := f.layout.Metrics()
	if rec.on(dst) {
		x0, y0 := math.Round(x), math.Round(y)
		rec.add(DrawnFormula, "", f.tex, x0, y0, x0+w, y0+asc+desc, f.px)
	}
	// Where the layout's origin lands, and what its ink covers there.
	o := image.Pt(int(math.Round(x)), int(math.Round(y+asc)))
	if f.stale {
		if !visible(dst, layoutInk(f.layout).Add(o)) {
			return // drawn into its image when it shows
		}
		f.render()
	}
	if f.view == nil || !visible(dst, f.ink.Add(o)) {
		return
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(o.X+f.ink.Min.X), float64(o.Y+f.ink.Min.Y))
	dst.DrawImage(f.view, op)
}

// formulaFace draws a face of the formulas.
type formulaFace struct {
	f    *rasterFace
	base float64 // the baseline's depth below the top of a line, in whole pixels
}

// The formulas' faces, by the face of package mathtex they draw: each
// keeps its glyph images, so each is made once.
var (
	formulaFacesMu sync.Mutex
	formulaFaces   = map[xfont.Face]formulaFace{}
)

// getFormulaFace returns the face that draws f.
func getFormulaFace(f xfont.Face) formulaFace {
	formulaFacesMu.Lock()
	defer formulaFacesMu.Unlock()
	if ff, ok := formulaFaces[f]; ok {
		return ff
	}
	r := newRasterFace(f)
	ff := formulaFace{f: r, base: math.Floor(r.ascent)}
	formulaFaces[f] = ff
	return ff
}

// layoutInk returns the pixels of l's box and those its items may touch
// when drawn with its origin at a whole pixel, relative to it.
func layoutInk(l *mathtex.Layout) image.Rectangle {
	w, asc, desc := l.Metrics()
	r := image.Rect(0, int(math.Floor(-asc)), int(math.Ceil(w)), int(math.Ceil(desc)))
	items := l.Items()
	for i := range items {
		r = r.Union(itemBounds(&items[i]))
	}
	return r
}

// itemBounds returns the pixels an item may touch, relative to the
// layout's origin at a whole pixel.
func itemBounds(it *mathtex.Item) image.Rectangle {
	fl := func(v float64) int { return int(math.Floor(v)) }
	ce := func(v float64) int { return int(math.Ceil(v)) }
	switch it.Kind {
	case mathtex.GlyphsItem:
		// A glyph's image is drawn from the floor of its bounds, one pixel
		// larger than they are.
		x, y := math.Round(it.X), math.Round(it.Y)
		return image.Rect(fl(x+it.Ink[0])-1, fl(y+it.Ink[1])-1, ce(x+it.Ink[2])+2, ce(y+it.Ink[3])+2)
	case mathtex.RuleItem:
		return pixelRect(it.X, it.Y, it.W, it.H)
	case mathtex.DotsItem:
		m := it.LW + 3 // Dot's texture is its diameter plus 4 pixels
		x0, x1 := math.Min(it.X, it.X+2*it.W), math.Max(it.X, it.X+2*it.W)
		y0, y1 := math.Min(it.Y, it.Y+2*it.H), math.Max(it.Y, it.Y+2*it.H)
		return image.Rect(fl(x0-m), fl(y0-m), ce(x1+m), ce(y1+m))
	}
	m := it.LW + 1
	return image.Rect(fl(it.X-m), fl(it.Y-m), ce(it.X+it.W+m), ce(it.Y+it.H+m))
}

// pixelRect returns the rectangle at (x, y) of size w × h with its edges
// rounded to whole pixels, at least a pixel wide and tall.
func pixelRect(x, y, w, h float64) image.Rectangle {
	x0, y0 := int(math.Round(x)), int(math.Round(y))
	x1, y1 := int(math.Round(x+w)), int(math.Round(y+h))
	return image.Rect(x0, y0, max(x1, x0+1), max(y1, y0+1))
}

// drawLayout draws the items of l into dst with its origin at (ox, oy),
// whole pixels; items without a colour of their own are drawn in clr.
func drawLayout(dst *image.RGBA, l *mathtex.Layout, ox, oy int, clr color.RGBA) {
	fx, fy := float64(ox), float64(oy)
	items := l.Items()
	for i := range items {
		it := &items[i]
		c := clr
		if it.Colored {
			c = it.Color
		}
		switch it.Kind {
		case mathtex.GlyphsItem:
			face := getFormulaFace(it.Face)
			at := image.Pt(ox+int(math.Round(it.X)), oy+int(math.Round(it.Y)-face.base))
			textFont{main: face.f}.raster(dst, it.Text, at, c)
		case mathtex.RuleItem:
			fillRGBA(dst, pixelRect(it.X, it.Y, it.W, it.H).Add(image.Pt(ox, oy)), c)
		case mathtex.DotsItem:
			for k := range 3 {
				rasterDot(dst, fx+it.X+float64(k)*it.W, fy+it.Y+float64(k)*it.H, it.LW, c)
			}
		case mathtex.DelimItem:
			drawDelim(dst, it, image.Pt(ox, oy), c)
		}
	}
}

// fillRGBA draws the rectangle r of dst over in clr.
func fillRGBA(dst *image.RGBA, r image.Rectangle, clr color.RGBA) {
	draw.Draw(dst, r, image.NewUniform(clr), image.Point{}, draw.Over)
}

// drawDelim draws a sized delimiter or a radical sign of a layout whose
// origin is at o in dst.
func drawDelim(dst *image.RGBA, it *mathtex.Item, o image.Point, clr color.RGBA) {
	x, y, w, h, lw := float64(o.X)+it.X, float64(o.Y)+it.Y, it.W, it.H, it.LW
	rect := func(x, y, w, h float64) { fillRGBA(dst, pixelRect(x, y, w, h), clr) }
	// mirror maps an x of a left delimiter to its right twin.
	mirror := func(fx float64) float64 { return fx }
	switch it.Shape {
	case ')', ']', '⟩':
		mirror = func(fx float64) float64 { return w - fx }
	}
	switch it.Shape {
	case '[', ']':
		stem, arm := mirror(0.3*w), mirror(0.85*w)
		rect(x+stem-lw/2, y, lw, h)
		rect(x+math.Min(stem, arm)-lw/2, y, math.Abs(arm-stem)+lw/2, lw)
		rect(x+math.Min(stem, arm)-lw/2, y+h-lw, math.Abs(arm-stem)+lw/2, lw)
		return
	case '|':
		rect(x+w/2-lw/2, y, lw, h)
		return
	case '‖':
		rect(x+0.3*w-lw/2, y, lw, h)
		rect(x+0.7*w-lw/2, y, lw, h)
		return
	}
	p := newPen(dst, itemBounds(it).Add(o))
	switch it.Shape {
	case '(', ')':
		// A crescent between two cubics that meet at the tips: its
		// leftmost points are 0.1 w and 0.1 w + 1.8 lw from the box's
		// side (a cubic with equal end and control xs reaches
		// (2 end + 6 control) / 8 at its middle).
		tip := 0.85 * w
		outer := (8*0.1*w - 2*tip) / 6
		inner := (8*(0.1*w+1.8*lw) - 2*tip) / 6
		p.moveTo(x+mirror(tip), y)
		p.cubeTo(x+mirror(outer), y+0.2*h, x+mirror(outer), y+0.8*h, x+mirror(tip), y+h)
		p.cubeTo(x+mirror(inner), y+0.8*h, x+mirror(inner), y+0.2*h, x+mirror(tip), y)
	case '⟨', '⟩':
		p.stroke(1.3*lw, [2]float64{x + mirror(0.85*w), y}, [2]float64{x + mirror(0.15*w), y + h/2}, [2]float64{x + mirror(0.85*w), y + h})
	case '√':
		em := it.Em
		p.stroke(1.3*lw, [2]float64{x + 0.02*em, y + h - 0.36*em}, [2]float64{x + 0.14*em, y + h - 0.44*em},
			[2]float64{x + 0.38*em, y + h}, [2]float64{x + w, y + lw/2})
	}
	p.fill(clr)
}
