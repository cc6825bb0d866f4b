package viz

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
)

// Grid draws a tensor as square cells coloured by CoolWarm, with the values
// printed in them when the cells are large enough for numbers of a least
// size (SetLeastNumber), and as colours only otherwise. A scalar is one cell, a
// vector a row of cells (or a column), a matrix a grid of rows and columns,
// and a tensor of higher rank a grid of matrix blocks, labelled with their
// leading indices: the last leading axis runs across, the one before it
// down, and so on, the gaps between blocks widening with each level.
//
// The cells are rendered into a cached image by Prepare, again only when the
// tensor, the colour scale, the rectangle or the device scale change; Draw
// composites the cache and draws the highlights on top, which is cheap
// enough for every frame. A grid can show only a prefix of its entries in
// row-major order (SetFilled), the rest looking empty, as a contraction
// fills in its result.
type Grid struct {
	t        *core.Tensor
	scale    float64 // the colour scale set by SetScale, 0 for automatic
	vertical bool

	filled int     // entries shown, in row-major order
	fade   float64 // opacity of the last entry shown
	hl     []hlCells
	numPx  float64 // the font size of the numbers in cells, 0 if none
	least  float64 // the least font size of the numbers, logical pixels; 0 for gridMinNum

	batches [3]quadBatch // buffers of the fills, numbers and frames

	rect    image.Rectangle // where the grid may go, in screen pixels
	pxScale float64         // device pixels per logical pixel
	dirty   bool            // whether the layout is out of date
	laid    bool            // whether there is a layout
	stale   bool            // whether full does not show the layout and data yet
	renders int
	lay     gridLayout

	// full holds every cell with its colour and number, empty every cell
	// empty; both hold the labels. empty is made only once a prefix is
	// shown.
	full, empty *ebiten.Image
	emptyValid  bool
}

// Highlight marks entries of a Grid's tensor with a frame of its colour: the
// entry at Index or, with Free axes, every entry that agrees with Index on
// the other axes, whatever Index holds on the free ones. For a matrix, Free
// {1} marks row Index[0] and Free {0} column Index[1]; in general one free
// axis marks a fibre and several a slice. Frames of neighbouring marked
// cells in a block join into one outline.
type Highlight struct {
	Index []int
	Free  []int
	Color color.RGBA
}

// hlCells is a Highlight resolved to the flat positions it marks.
type hlCells struct {
	flat  []int
	free  []bool // per axis, whether it is free
	color color.RGBA
}

// gridLayout places the cells of a tensor of a given shape in a rectangle.
// Positions are in pixels from the top-left of the grid's images.
type gridLayout struct {
	shape      core.Shape
	rows, cols int // cells per block
	// rowAxis is the axis whose index picks the row of a cell in its block
	// and colAxis the one that picks the column; -1 for none.
	rowAxis, colAxis int
	lead             []int  // the leading axes' dimensions: a block per multi-index
	down             []bool // per leading axis, whether its blocks stack down
	stride           []int  // per leading axis, the pitch of its blocks
	inner            []int  // per leading axis, the extent of one of its blocks
	gap              int    // between blocks of the innermost leading axes

	cell, line int // the cell pitch, and the width of the lines between cells
	labelH     int // the band for a block's label above its cells
	left, top  int // the margins for the row and column numbers
	w, h       int
	x, y       int // the grid's top-left on the screen
	labelPx    float64

	rowNumbers, colNumbers, blockLabels bool
}

// Sizes in logical pixels.
const (
	gridMaxCell = 64 // the largest cell
	gridGap     = 10 // between matrix blocks
	gridLabelPx = 11 // block labels and row and column numbers
	gridPad     = 4  // between a label and what it labels
	gridNumPx   = 16 // the largest numbers in cells
	gridMinNum  = 7  // the smallest
)

// gridLine is the colour of the lines between cells.
var gridLine = color.RGBA{0xd9, 0xdd, 0xe2, 0xff}

// NewGrid returns a grid showing t, which may be nil for none. t is not
// copied: after changing its entries call SetTensor again.
func NewGrid(t *core.Tensor) *Grid {
	g := &Grid{}
	g.SetTensor(t)
	return g
}

// SetTensor replaces the tensor shown, or tells the grid its entries
// changed: the cells are rendered again at the next Prepare. All entries are
// shown (see SetFilled); the highlights are kept if the shape is unchanged.
func (g *Grid) SetTensor(t *core.Tensor) {
	if t != nil && g.t != nil && !t.Shape().Equal(g.t.Shape()) {
		g.hl = g.hl[:0]
	}
	g.t, g.dirty = t, true
	g.filled, g.fade = math.MaxInt, 1
}

// Tensor returns the tensor shown.
func (g *Grid) Tensor() *core.Tensor { return g.t }

// SetScale sets the magnitude drawn in the colour map's end colours: v is
// drawn in the colour of v/scale. A scale of 0 (the default) is the largest
// finite magnitude of the entries. A fixed scale keeps colours comparable
// between tensors, or steady while a result fills in.
func (g *Grid) SetScale(scale float64) {
	if scale != g.scale {
		g.scale, g.dirty = scale, true
	}
}

// SetVertical sets whether a vector is drawn as a column rather than a row,
// and the blocks of the innermost leading axis are stacked down rather than
// across (and so on, alternating, for the outer ones).
func (g *Grid) SetVertical(vertical bool) {
	if vertical != g.vertical {
		g.vertical, g.dirty = vertical, true
	}
}

// SetLeastNumber sets the least font size, in logical pixels, of the
// numbers in the cells: cells too small for numbers that large show their
// colours only. A size of 0 (the default) or under 7 counts as 7.
func (g *Grid) SetLeastNumber(px float64) {
	if px != g.least {
		g.least, g.dirty = px, true
	}
}

// SetFilled shows only the first n entries in row-major order, the last of
// them at opacity fade (for a fade-in, 1 otherwise); the others are drawn
// empty. n ≥ Len shows every entry.
func (g *Grid) SetFilled(n int, fade float64) {
	g.filled, g.fade = max(0, n), math.Max(0, math.Min(1, fade))
}

// SetHighlights replaces the highlights, drawn in order on top of the cells.
// SetHighlights panics if the grid has no tensor, an index does not fit the
// tensor's shape or a free axis is out of range.
func (g *Grid) SetHighlights(hs ...Highlight) {
	for len(g.hl) < len(hs) {
		g.hl = append(g.hl, hlCells{})
	}
	g.hl = g.hl[:len(hs)]
	if len(hs) == 0 {
		return
	}
	if g.t == nil {
		panic("viz: highlights on a grid without a tensor")
	}
	shape := g.t.Shape()
	r := len(shape)
	for n, h := range hs {
		shape.Ravel(h.Index...) // checks the index
		c := &g.hl[n]
		c.color = h.Color
		c.free = append(c.free[:0], make([]bool, r)...)
		for _, a := range h.Free {
			if a < 0 || a >= r {
				panic("viz: highlight axis " + strconv.Itoa(a) + " out of range for shape " + shape.String())
			}
			c.free[a] = true
		}
		c.flat = c.flat[:0]
		// Count through the free axes like an odometer.
		idx := append([]int(nil), h.Index...)
		for _, a := range h.Free {
			idx[a] = 0
		}
		for {
			c.flat = append(c.flat, shape.Ravel(idx...))
			k := len(h.Free) - 1
			for ; k >= 0; k-- {
				a := h.Free[k]
				if idx[a]++; idx[a] < shape[a] {
					break
				}
				idx[a] = 0
			}
			if k < 0 {
				break
			}
		}
	}
}

// Invalidate marks the cells as changed: the next Draw renders them again.
func (g *Grid) Invalidate() { g.dirty = true }

// Renders returns how many times the cells have been rendered.
func (g *Grid) Renders() int { return g.renders }

// Prepare places the grid in r (screen pixels, scale device pixels per
// logical pixel), centred at the largest cell size that fits, and lays it
// out again if anything it depends on changed. Call it from Update, after
// the tensor and SetFilled for the tick. The cells are drawn into their
// cache at Draw, once a frame however many ticks changed them.
func (g *Grid) Prepare(r image.Rectangle, scale float64) {
	if r.Empty() || g.t == nil {
		return
	}
	if g.dirty || r != g.rect || scale != g.pxScale || !g.laid {
		g.rect, g.pxScale, g.dirty, g.laid, g.stale = r, scale, false, true, true
		g.lay = layoutGrid(g.t.Shape(), g.vertical, r, scale)
	}
}

// sync draws the caches that are out of date: the full one after a new
// layout or data, the empty one once a prefix is shown.
func (g *Grid) sync() {
	if g.stale {
		g.render()
		g.stale = false
	}
	if g.filled < g.t.Len() && !g.emptyValid {
		g.empty = g.cache(g.empty)
		g.drawCells(g.empty, nil)
		g.emptyValid = true
	}
}

// Bounds returns the rectangle the grid covers on the screen, labels
// included.
func (g *Grid) Bounds() image.Rectangle {
	l := &g.lay
	return image.Rect(l.x, l.y, l.x+l.w, l.y+l.h)
}

// CellRect returns the rectangle of the entry at idx on the screen, with
// the lines around it. CellRect panics if idx does not fit the tensor's
// shape.
func (g *Grid) CellRect(idx ...int) image.Rectangle {
	return g.lay.cellRect(g.t.Shape().Ravel(idx...)).Add(image.Pt(g.lay.x, g.lay.y))
}

// Hit returns the multi-index of the entry whose cell holds the screen
// point (x, y), or false if the point is on no cell.
func (g *Grid) Hit(x, y float64) (idx []int, ok bool) {
	if g.t == nil || !g.laid {
		return nil, false
	}
	p, ok := g.lay.hit(int(math.Floor(x))-g.lay.x, int(math.Floor(y))-g.lay.y)
	if !ok {
		return nil, false
	}
	return g.lay.shape.Unravel(p), true
}

// Draw draws the grid as of the last Prepare onto dst, with the entries
// not yet filled empty and the highlights on top.
func (g *Grid) Draw(dst *ebiten.Image) {
	if !g.laid || g.t == nil {
		return
	}
	g.sync() // before the record, which takes the size of the numbers
	if rec.on(dst) {
		b := g.Bounds()
		rec.add(DrawnGrid, "", "", float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y), g.numPx)
	}
	l := &g.lay
	n := g.lay.shape.Size()
	if g.filled >= n {
		g.drawRegion(dst, g.full, g.full.Bounds(), 1)
	} else {
		if g.empty != nil {
			g.drawRegion(dst, g.empty, g.empty.Bounds(), 1)
		}
		if g.filled > 0 {
			g.drawPrefix(dst, g.filled-1)
			g.drawRegion(dst, g.full, l.cellRect(g.filled-1), g.fade)
		}
	}

	fw := max(1, min(int(math.Round(float64(l.cell)/8)), int(math.Ceil(3*g.pxScale))))
	// The frames are one batch, in a buffer kept for the next frame.
	hb := &g.batches[2]
	fill := func(x, y, w, h int, clr color.RGBA) { hb.fill(l.x+x, l.y+y, w, h, clr) }
	for _, h := range g.hl {
		// Frames join across the cells of a free axis.
		rowFree := l.rowAxis >= 0 && h.free[l.rowAxis]
		colFree := l.colAxis >= 0 && h.free[l.colAxis]
		for _, p := range h.flat {
			r := l.cellRect(p)
			q := p % (l.rows * l.cols)
			i, j := q/l.cols, q%l.cols
			w, ht := r.Dx(), r.Dy()
			if !rowFree || i == 0 {
				fill(r.Min.X, r.Min.Y, w, fw, h.color)
			}
			if !rowFree || i == l.rows-1 {
				fill(r.Min.X, r.Max.Y-fw, w, fw, h.color)
			}
			if !colFree || j == 0 {
				fill(r.Min.X, r.Min.Y, fw, ht, h.color)
			}
			if !colFree || j == l.cols-1 {
				fill(r.Max.X-fw, r.Min.Y, fw, ht, h.color)
			}
		}
	}
	hb.draw(dst, whiteTexel(), nil)
}

// drawPrefix draws the cells of the first n entries from the full cache, a
// rectangle per complete block, one for the complete rows of the next block
// and one for the rest.
func (g *Grid) drawPrefix(dst *ebiten.Image, n int) {
	l := &g.lay
	per := l.rows * l.cols
	region := func(b, r0, r1, c1 int) {
		x, y := l.block(b)
		y += l.labelH
		g.drawRegion(dst, g.full, image.Rect(x, y+r0*l.cell, x+c1*l.cell+l.line, y+r1*l.cell+l.line), 1)
	}
	for b := range n / per {
		region(b, 0, l.rows, l.cols)
	}
	b, rem := n/per, n%per
	if rows := rem / l.cols; rows > 0 {
		region(b, 0, rows, l.cols)
	}
	if cols := rem % l.cols; cols > 0 {
		region(b, rem/l.cols, rem/l.cols+1, cols)
	}
}

// drawRegion draws the part r of the cache src at its place on dst with the
// given opacity.
func (g *Grid) drawRegion(dst, src *ebiten.Image, r image.Rectangle, alpha float64) {
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(g.lay.x+r.Min.X), float64(g.lay.y+r.Min.Y))
	op.ColorScale.ScaleAlpha(float32(alpha))
	dst.DrawImage(src.SubImage(r).(*ebiten.Image), op)
}

// cache returns img cleared if it has the layout's size, or a new image of
// that size.
func (g *Grid) cache(img *ebiten.Image) *ebiten.Image {
	w, h := max(1, min(g.lay.w, g.rect.Dx())), max(1, min(g.lay.h, g.rect.Dy()))
	if img != nil && img.Bounds().Dx() == w && img.Bounds().Dy() == h {
		img.Clear()
		return img
	}
	if img != nil {
		img.Deallocate()
	}
	// Off the texture atlas: a cache is large, and drawn to again on every
	// render, which would move it out of the atlas and back.
	return ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
}

// render draws the cells with their values into the full cache, and marks
// the empty cache stale.
func (g *Grid) render() {
	g.full = g.cache(g.full)
	g.drawCells(g.full, g.t.Data())
	g.emptyValid = false
	g.renders++
}

// drawCells draws the labels and the cells into img: coloured by the
// entries of data, with their values if they fit, or empty if data is nil.
// Each of the fills, the numbers and the labels is one batch of quads.
func (g *Grid) drawCells(img *ebiten.Image, data []float64) {
	l := &g.lay
	scale := g.scale
	if scale == 0 {
		for _, v := range data {
			// NaN compares false, and infinities would wash out the rest.
			if a := math.Abs(v); a > scale && !math.IsInf(a, 1) {
				scale = a
			}
		}
	}
	inside := l.cell - l.line
	texts, font := g.numbers(data)
	if data != nil {
		g.numPx = 0
		if font != nil {
			g.numPx = font.px
		}
	}
	fills, nums := &g.batches[0], &g.batches[1]
	per := l.rows * l.cols
	for b := range l.shape.Size() / per {
		bx, by := l.block(b)
		by += l.labelH
		if l.line > 0 {
			fills.fill(bx, by, l.cols*l.cell+l.line, l.rows*l.cell+l.line, gridLine)
		}
		for q := range per {
			x, y := bx+q%l.cols*l.cell+l.line, by+q/l.cols*l.cell+l.line
			if data == nil {
				fills.fill(x, y, inside, inside, Th().Panel)
				continue
			}
			v := data[b*per+q]
			c := CoolWarm.At(v, scale)
			fills.fill(x, y, inside, inside, c)
			if texts == nil {
				continue
			}
			// The cells' colours are the same in every theme: dark text
			// on a light cell, white on a dark one.
			tc := Light.Text
			switch {
			case v == 0:
				tc = Th().Muted
			case luminance(c) < 0.18: // white text has the better contrast
				tc = Light.Panel
			}
			font.centre(nums, texts[b*per+q], image.Rect(x, y, x+inside, y+inside), tc)
		}
	}
	fills.draw(img, whiteTexel(), nil)
	if font != nil {
		nums.draw(img, font.sheet, nil)
	}
	g.drawLabels(img)
}

// numbers returns the values of data as the cells show them, and their
// font, or nil if the cells are too small for them.
func (g *Grid) numbers(data []float64) ([]string, *numberFont) {
	inside := g.lay.cell - g.lay.line
	return cellTexts(data, inside, math.Floor(math.Min(0.4*float64(inside), gridNumPx*g.pxScale)), math.Max(gridMinNum, g.least)*g.pxScale)
}

// NumberSize returns the font size in pixels of the numbers in the cells
// as the last Prepare laid them out, or 0 if the cells are too small for
// numbers, or there is no layout: a scene that needs its numbers of some
// size shows less of its tensor until they are.
func (g *Grid) NumberSize() float64 {
	if !g.laid || g.t == nil {
		return 0
	}
	if _, f := g.numbers(g.t.Data()); f != nil {
		return f.px
	}
	return 0
}

// drawLabels draws the blocks' labels and the row and column numbers.
func (g *Grid) drawLabels(img *ebiten.Image) {
	l := &g.lay
	f := numberFontOf(l.labelPx)
	pad := int(math.Round(gridPad * g.pxScale))
	th := int(math.Ceil(f.height))
	labels := &g.batches[1]
	per := l.rows * l.cols
	for b := range l.shape.Size() / per {
		bx, by := l.block(b)
		if l.blockLabels {
			f.add(labels, blockLabel(l.shape, b*per), float64(bx), float64(by), Th().Muted)
		}
		cy := by + l.labelH
		// The first column and row of blocks are those at the margins.
		if l.rowNumbers && bx == l.left {
			for i := range l.rows {
				s := strconv.Itoa(i + 1)
				f.add(labels, s, float64(l.left-pad)-f.width(s), math.Round(float64(cy+i*l.cell)+(float64(l.cell)-f.height)/2), Th().Muted)
			}
		}
		if l.colNumbers && by == l.top {
			for j := range l.cols {
				f.centre(labels, strconv.Itoa(j+1), image.Rect(bx+j*l.cell, l.top-pad-th, bx+(j+1)*l.cell, l.top-pad), Th().Muted)
			}
		}
	}
	labels.draw(img, f.sheet, nil)
}

// blockLabel returns the label of the block holding the flat position p of
// a tensor of shape s: its leading indices, then ":" for the two axes of the
// matrix, e.g. "[2,1,:,:]".
func blockLabel(s core.Shape, p int) string {
	idx := s.Unravel(p)
	return bracket(idx[:len(idx)-2], ":", ":")
}

// bracket returns the indices, counted from 1 as on every screen of the
// app, and then the extra items in brackets, separated by commas: "[2,1]"
// for the indices 1 and 0, "[2,:,:]"; "" for no items at all.
func bracket(idx []int, extra ...string) string {
	if len(idx)+len(extra) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range idx {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v + 1))
	}
	for i, s := range extra {
		if i > 0 || len(idx) > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	b.WriteByte(']')
	return b.String()
}

// luminance returns the relative luminance of c, from 0 for black to 1 for
// white: the Rec. 709 weights of its linear sRGB channels.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// cellTexts returns the values of data formatted to fit cells of the given
// inner width, and their font: three significant digits at px0 if they
// fit, or two, at px0 or smaller down to minPx. It returns nil if they do
// not fit at minPx.
func cellTexts(data []float64, width int, px0, minPx float64) ([]string, *numberFont) {
	avail := 0.9 * float64(width)
	if data == nil || px0 < minPx {
		return nil, nil
	}
	texts := make([]string, len(data))
	f := numberFontOf(px0)
	for _, digits := range []int{3, 2} {
		widest, wmax := "", 0.0
		for i, v := range data {
			texts[i] = formatValue(v, digits)
			if w := f.width(texts[i]); w > wmax {
				widest, wmax = texts[i], w
			}
		}
		if wmax <= avail {
			return texts, f
		}
		if digits == 2 {
			// Text widths scale with the font size, up to hinting.
			for px := math.Floor(px0 * avail / wmax); px >= minPx; px-- {
				if f := numberFontOf(px); f.width(widest) <= avail {
					return texts, f
				}
			}
		}
	}
	return nil, nil
}

// CellFor returns the least cell pitch in pixels at which a Grid shows
// every number of values with its digits at least px pixels high (device
// pixels), with two significant digits if three do not fit: a scene gives
// its grids room for their numbers. A pitch above the grid's largest
// cell, 64 logical pixels, is more than it takes.
func CellFor(values []float64, px float64) float64 {
	f := numberFontOf(px)
	w := 0.0
	for _, v := range values {
		w = math.Max(w, f.width(formatValue(v, 2)))
	}
	// The numbers take 0.9 of a cell's inside, and are at most 0.4 of it
	// high; a line separates the cells.
	return math.Ceil(math.Max(px/0.4, w/0.9)) + 1
}

// formatValue formats v for a cell with the given significant digits, with
// a power of ten in plain notation, closed up: "0.125", "-3.1", "1.2×10⁵",
// "NaN", "∞".
func formatValue(v float64, digits int) string {
	switch {
	case v == 0:
		return "0"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	}
	// Without the spaces, as a cell has little room.
	return strings.ReplaceAll(core.Float(v, digits), " ", "")
}

// layoutGrid returns the layout of a tensor of the given shape in r at the
// device scale: the largest cells up to gridMaxCell that fit, with the row
// and column numbers and the block labels if there is room for them.
func layoutGrid(shape core.Shape, vertical bool, r image.Rectangle, scale float64) gridLayout {
	l := gridLayout{shape: shape, rows: 1, cols: 1, rowAxis: -1, colAxis: -1, labelPx: math.Round(gridLabelPx * scale)}
	rank := len(shape)
	switch {
	case rank == 1 && vertical:
		l.rows, l.rowNumbers, l.rowAxis = shape[0], true, 0
	case rank == 1:
		l.cols, l.colNumbers, l.colAxis = shape[0], true, 0
	case rank >= 2:
		l.rows, l.cols = shape[rank-2], shape[rank-1]
		l.rowAxis, l.colAxis = rank-2, rank-1
		l.lead = shape[:rank-2]
		l.rowNumbers, l.colNumbers, l.blockLabels = true, true, rank > 2
	}
	l.down = make([]bool, len(l.lead))
	l.stride = make([]int, len(l.lead))
	l.inner = make([]int, len(l.lead))
	for a := range l.lead {
		l.down[a] = ((len(l.lead)-a)%2 == 0) != vertical
	}
	l.gap = int(math.Round(gridGap * scale))

	f := numberFontOf(l.labelPx)
	th := f.height
	pad := int(math.Round(gridPad * scale))
	colW := f.width(strconv.Itoa(l.cols))
	var labelW float64
	if l.blockLabels {
		widest := make([]int, rank)
		copy(widest, shape)
		for i := range widest {
			widest[i]--
		}
		labelW = f.width(blockLabel(shape, shape.Ravel(widest...)))
	}
	for {
		l.left, l.top, l.labelH = 0, 0, 0
		if l.rowNumbers {
			l.left = int(math.Ceil(f.width(strconv.Itoa(l.rows)))) + 2*pad
		}
		if l.colNumbers {
			l.top = int(math.Ceil(th)) + pad
		}
		if l.blockLabels {
			l.labelH = int(math.Ceil(th)) + pad
		}
		l.fit(r.Dx(), r.Dy(), int(math.Round(gridMaxCell*scale)))
		switch {
		case (l.rowNumbers || l.colNumbers) && (float64(l.cell) < th || float64(l.cell) < colW):
			l.rowNumbers, l.colNumbers = false, false
		case l.blockLabels && float64(l.cols*l.cell) < labelW:
			l.blockLabels = false
		default:
			l.x = r.Min.X + max(0, (r.Dx()-l.w)/2)
			l.y = r.Min.Y + max(0, (r.Dy()-l.h)/2)
			return l
		}
	}
}

// fit sets the cell pitch to the largest, up to maxCell, at which the grid
// fits in w×h pixels, at least 1, with lines between the cells if the
// cells are at least 6 pixels.
func (l *gridLayout) fit(w, h, maxCell int) {
	// The extents are linear in the cell pitch: so many cells across and
	// down, plus the labels, lines and gaps.
	across, down := l.cols, l.rows
	for a, d := range l.lead {
		if l.down[a] {
			down *= d
		} else {
			across *= d
		}
	}
	for _, line := range []int{1, 0} {
		l.measure(0, line)
		cell := max(1, min(maxCell, (w-l.w)/across, (h-l.h)/down))
		if cell >= 6 || line == 0 {
			l.cell, l.line = cell, line
			l.measure(cell, line)
			return
		}
	}
}

// measure sets the strides and extents of the blocks and the grid's size
// for the given cell pitch and line width.
func (l *gridLayout) measure(cell, line int) {
	ex := l.cols*cell + line
	ey := l.labelH + l.rows*cell + line
	for a := len(l.lead) - 1; a >= 0; a-- {
		level := len(l.lead) - a
		gap := l.gap * ((level + 1) / 2)
		e := &ex
		if l.down[a] {
			e = &ey
		}
		l.inner[a], l.stride[a] = *e, *e+gap
		*e = l.lead[a]*l.stride[a] - gap
	}
	l.w, l.h = l.left+ex, l.top+ey
}

// block returns the top-left corner of block b, the block of the flat
// positions from b·rows·cols on, in the grid's pixels.
func (l *gridLayout) block(b int) (x, y int) {
	x, y = l.left, l.top
	for a := len(l.lead) - 1; a >= 0; a-- {
		k := b % l.lead[a]
		b /= l.lead[a]
		if l.down[a] {
			y += k * l.stride[a]
		} else {
			x += k * l.stride[a]
		}
	}
	return x, y
}

// cellRect returns the rectangle of the cell of the flat position p, with
// the lines around it, in the grid's pixels.
func (l *gridLayout) cellRect(p int) image.Rectangle {
	per := l.rows * l.cols
	x, y := l.block(p / per)
	q := p % per
	x += q % l.cols * l.cell
	y += l.labelH + q/l.cols*l.cell
	return image.Rect(x, y, x+l.cell+l.line, y+l.cell+l.line)
}

// hit returns the flat position of the cell holding the point (x, y) of
// the grid's pixels, or false if there is none.
func (l *gridLayout) hit(x, y int) (int, bool) {
	x, y = x-l.left, y-l.top
	b := 0
	for a, d := range l.lead {
		c := &x
		if l.down[a] {
			c = &y
		}
		if *c < 0 {
			return 0, false
		}
		k := *c / l.stride[a]
		*c -= k * l.stride[a]
		if k >= d || *c >= l.inner[a] {
			return 0, false
		}
		b = b*d + k
	}
	y -= l.labelH
	if x < 0 || y < 0 || x >= l.cols*l.cell+l.line || y >= l.rows*l.cell+l.line {
		return 0, false
	}
	i, j := min(y/l.cell, l.rows-1), min(x/l.cell, l.cols-1)
	return (b*l.rows+i)*l.cols + j, true
}

// numberChars are the characters of formatted numbers and of the grid's
// labels: the characters a numberFont draws.
const numberChars = "0123456789.-e∞Na[],:×⁰¹²³⁴⁵⁶⁷⁸⁹⁻"

// numberFont is a sheet of the glyphs of numberChars at one font size,
// white on transparent, drawn once with DrawText, so that the thousands of
// numbers of a grid draw as the quads of one DrawTriangles32 call rather than
// a text.Draw each, which costs some 10 µs a number. It does not kern, as
// the digits of Liberation Sans do not.
type numberFont struct {
	px     float64
	sheet  *ebiten.Image
	height float64 // the height of a line, as MeasureText gives it
	margin int     // around each glyph, for the parts outside its advance
	slots  []numberSlot
	index  map[rune]int // the slot of each character
}

// numberSlot is a glyph's place in the sheet, its columns [x, x+w), and
// its advance.
type numberSlot struct {
	x, w int
	adv  float64
}

// numberFonts holds the numberFont of each font size made so far.
var numberFonts = map[float64]*numberFont{}

// numberFontOf returns the numberFont of the given pixel size.
func numberFontOf(px float64) *numberFont {
	if f, ok := numberFonts[px]; ok {
		return f
	}
	f := &numberFont{px: px, margin: int(math.Ceil(px / 4)), index: map[rune]int{}}
	_, f.height = MeasureText("0", px)
	x := 0
	for _, r := range numberChars {
		adv, _ := MeasureText(string(r), px)
		w := int(math.Ceil(adv)) + 2*f.margin
		f.index[r] = len(f.slots)
		f.slots = append(f.slots, numberSlot{x: x, w: w, adv: adv})
		x += w
	}
	f.sheet = ebiten.NewImage(x, int(math.Ceil(f.height))+2*f.margin)
	for r, i := range f.index {
		DrawText(f.sheet, string(r), px, float64(f.slots[i].x+f.margin), float64(f.margin), color.White)
	}
	numberFonts[px] = f
	return f
}

// width returns the advance of s, whose characters must be in numberChars.
func (f *numberFont) width(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += f.slots[f.index[r]].adv
	}
	return w
}

// add adds to q the glyphs of s with its top-left corner at (x, y).
func (f *numberFont) add(q *quadBatch, s string, x, y float64, clr color.RGBA) {
	h := f.sheet.Bounds().Dy()
	y = math.Round(y) - float64(f.margin)
	for _, r := range s {
		sl := f.slots[f.index[r]]
		q.add(int(math.Round(x))-f.margin, int(y), sl.w, h, sl.x, 0, sl.w, h, clr)
		x += sl.adv
	}
}

// centre adds to q the glyphs of s centred in r.
func (f *numberFont) centre(q *quadBatch, s string, r image.Rectangle, clr color.RGBA) {
	f.add(q, s, float64(r.Min.X)+(float64(r.Dx())-f.width(s))/2, float64(r.Min.Y)+(float64(r.Dy())-f.height)/2, clr)
}

// whiteImage is a 3×3 white image whose middle texel fills rectangles; the
// others keep linear filtering at its edges white.
var whiteImage *ebiten.Image

// whiteTexel returns whiteImage, made on first use.
func whiteTexel() *ebiten.Image {
	if whiteImage == nil {
		whiteImage = ebiten.NewImage(3, 3)
		whiteImage.Fill(color.White)
	}
	return whiteImage
}
