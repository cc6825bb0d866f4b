package scenes

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// How the tensor lesson fits its body on the screen. Its sheets are the
// function (the gallery and the sizes), the step's picture and the step's
// numbers: side by side in three columns on a large screen, one at a time
// on a smaller one. One at a time on a wide body, a sheet puts its texts
// beside its picture or plot; on a small phone the texts are smaller, the
// item is picked on a slider beside the sizes, and a step may have a
// sheet more. Every text is wrapped to a width known when the sheets are
// made, so that its height is known too.

// tensorFit is how the body fits the screen, sizes in device pixels.
type tensorFit struct {
	sc   float64
	side bool    // the sheets side by side
	tiny bool    // a small phone
	row  bool    // one sheet at a time on a wide body: a sheet's parts side by side
	ctl  float64 // the height of a control
	text float64 // the size of the texts in CSS pixels: smaller on a small phone
	// The widths of the function's, the picture's and the numbers'
	// columns, each the body's when the sheets show one at a time, and of
	// a text beside a picture or a plot.
	fw, pw, nw, tw float64
}

// Sizes in CSS pixels.
const (
	tensorSideW     = 1000 // the least area for the sheets side by side
	tensorSideH     = 620
	tensorTinyH     = 600  // a narrow screen below this height is a small phone
	tensorFnW       = 220  // the function's column
	tensorPictureW  = 1100 // the widest picture's column
	tensorSliderW   = 140  // the least width of a size slider: 14 stops
	tensorGap       = 12   // between the parts of a sheet
	tensorGridNum   = 10   // the least size of a grid's numbers
	tensorSwatch    = 2    // the least pitch of the Jacobian's cells in colours only
	tensorWidgetNum = 12   // of the contraction's, a widget's text
)

// fitFor returns how the body fits the lesson's area at scale sc.
func (s *tensor) fitFor(sc float64) tensorFit {
	a := s.area
	w, h := float64(a.Dx())/sc, float64(a.Dy())/sc
	gap := tensorGap * sc
	f := tensorFit{sc: sc, ctl: controlH * sc, text: tensorText}
	if s.narrow || h < shortH { // as the frame's controls
		f.ctl = touchH * sc
	}
	body := float64(a.Dx()) - 2*gap // the frame pads the sheets by 12
	if w >= tensorSideW && h >= tensorSideH {
		f.side = true
		f.fw = tensorFnW * sc
		f.nw = math.Min(math.Max(0.4*(body-f.fw-2*gap), 340*sc), 600*sc)
		// The rest to the picture, up to a width beyond which the numbers
		// would stand too far from it: then the room left is on the right.
		f.pw = math.Min(body-f.fw-f.nw-2*gap, tensorPictureW*sc)
		return f
	}
	f.fw, f.pw, f.nw = body, body, body
	f.tiny = s.narrow && h < tensorTinyH
	if f.tiny {
		f.text = 12
	}
	f.row = !s.narrow && w > h
	f.tw = math.Min(math.Max(0.42*body, 260*sc), 440*sc)
	return f
}

// size returns w×h CSS pixels in device pixels.
func (f tensorFit) size(w, h float64) layout.Size { return layout.Size{W: w * f.sc, H: h * f.sc} }

// beside returns the width left to a picture or a plot with a text of
// width f.tw beside it in a column of width w.
func (f tensorFit) beside(w float64) float64 { return w - f.tw - tensorGap*f.sc }

// column returns a column of the nodes that are not nil, tensorGap apart,
// or nil for none.
func (f tensorFit) column(nodes ...*layout.Node) *layout.Node {
	return f.group(layout.Column, nodes)
}

// line returns a row of the nodes that are not nil, tensorGap apart, or
// nil for none.
func (f tensorFit) line(nodes ...*layout.Node) *layout.Node {
	return f.group(layout.Row, nodes)
}

func (f tensorFit) group(of func(float64, ...*layout.Node) *layout.Node, nodes []*layout.Node) *layout.Node {
	var kept []*layout.Node
	for _, n := range nodes {
		if n != nil {
			kept = append(kept, n)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return of(tensorGap*f.sc, kept...)
}

// sheets arranges the lesson's body (lesson_layout.go) for the step: the
// function, the step's picture and its numbers, and on a small phone the
// step's extra sheet.
func (s *tensor) sheets(sc float64) []sheet {
	f := s.fitFor(sc)
	s.fit = f
	s.clearRects()
	for _, b := range s.texts.all() {
		b.px = f.text
	}
	s.texts.hint.px = 12
	st := tensorSteps[s.step]
	var pic, nums, extra *layout.Node
	if s.nums.Err != nil {
		pic = s.texts.body.node(s.words.body, f.pw, sc)
	} else {
		pic, nums, extra = st.arrange(s, f)
	}
	if pic == nil {
		pic = layout.Space(layout.Size{}, layout.Size{})
	}
	fn := s.functionNode(f)
	out := []sheet{{st.picture, pic}}
	if s.hides(hideNumbers) {
		nums = nil
	}
	if nums != nil {
		out = append(out, sheet{st.numbers, nums})
	}
	if extra != nil {
		out = append(out, sheet{st.extra, extra})
	}
	if fn == nil {
		return out // a locked function with no news of its shapes: no sheet
	}
	if !f.side {
		// One at a time the picture comes first, the function last.
		return append(out, sheet{"Item", fn})
	}
	fn.Max(layout.Size{W: f.fw})
	pic.Max(layout.Size{W: f.pw})
	if nums != nil {
		nums.Max(layout.Size{W: f.nw})
	}
	return append([]sheet{{"Item", fn}}, out...)
}

// clearRects empties the rectangles of everything the sheets place, for
// those the step does not show.
func (s *tensor) clearRects() {
	for _, r := range []*image.Rectangle{
		&s.gallery.Rect, &s.itemSlider.Rect, &s.hSize.Rect, &s.lossField.Rect, &s.real.Rect, &s.lossAt, &s.view.rect,
		&s.jgrid.rect, &s.vjpGrid.rect, &s.trueGrid.rect, &s.approxGrid.rect, &s.animRect, &s.plotRect, &s.formulaRect,
	} {
		*r = image.Rectangle{}
	}
	for _, sl := range s.sizes {
		sl.Rect = image.Rectangle{}
	}
	for _, b := range s.texts.all() {
		b.rect = image.Rectangle{}
	}
	for k := range s.barRects {
		s.barRects[k] = image.Rectangle{}
	}
}

// setView implements viewer: the loss is locked with the functions.
func (s *tensor) setView(v frameView) {
	s.lesson.setView(v)
	s.lossField.ReadOnly = v.lock
}

// functionNode arranges the function's sheet: the gallery, or on a small
// phone the item's slider, the size sliders, and the news of the shapes.
func (s *tensor) functionNode(f tensorFit) *layout.Node {
	sc, w := f.sc, f.fw
	sliders := s.sliders
	var gallery *layout.Node
	if s.lesson.view.lock {
		// The function cannot change: no gallery, no sizes.
		return f.column(s.texts.news.node(s.words.news, w, sc))
	}
	if f.tiny {
		sliders = append([]*viz.Slider{s.itemSlider}, sliders...)
	} else {
		h := float64(s.gallery.Rows(w, sc)) * f.ctl
		gallery = layout.Leaf(&s.gallery.Rect, layout.Size{W: w, H: h}, layout.Size{W: w, H: h})
	}
	// As many sliders to a row as fit, sharing its width.
	per := max(1, min(len(sliders), int((w+tensorGap*sc)/((tensorSliderW+tensorGap)*sc))))
	var rows []*layout.Node
	for k := 0; k < len(sliders); k += per {
		var row []*layout.Node
		for _, sl := range sliders[k:min(k+per, len(sliders))] {
			row = append(row, layout.Leaf(&sl.Rect, f.size(tensorSliderW, 44), f.size(240, 44)).Grow(1))
		}
		rows = append(rows, f.line(row...))
	}
	return f.column(gallery, f.column(rows...), s.texts.news.node(s.words.news, w, sc))
}

// gridNode returns a leaf for g in a column width pixels wide: as large as
// its tensor's grid at the largest cells, or down to least, at the top left
// of the room it is given; nil when g has no tensor.
func (s *tensor) gridNode(g *tensorGrid, f tensorFit, least layout.Size, width float64) *layout.Node {
	if g.whole == nil {
		return nil
	}
	s.gridProbe.SetTensor(g.whole)
	s.gridProbe.Prepare(image.Rect(0, 0, 1<<20, 1<<20), f.sc)
	b := s.gridProbe.Bounds()
	most := layout.Size{W: math.Min(float64(b.Dx()), width), H: float64(b.Dy())}
	return layout.Leaf(&g.rect, least, most).Max(most)
}

// formulaNode returns a leaf for the step's formula in a column of width w:
// as wide as it is at tensorFormula pixels, at least as wide as at 12
// (fitTeX), as high as it is; nil for none.
func (s *tensor) formulaNode(f tensorFit, w float64) *layout.Node {
	if s.words.tex == "" {
		return nil
	}
	fw, asc, desc, err := viz.MeasureTeX(s.words.tex, tensorFormula*f.sc)
	if err != nil {
		return nil // Prepare reports it
	}
	least := math.Min(w, fw*12/tensorFormula)
	return layout.Leaf(&s.formulaRect, layout.Size{W: least, H: asc + desc}, layout.Size{W: w, H: asc + desc})
}

// tensorBlock is a text of the lesson, wrapped to a width known when the
// sheets are made, in the rectangle they give it.
type tensorBlock struct {
	rect  image.Rectangle
	width float64 // the width it is wrapped to
	px    float64 // its size in CSS pixels, set by the sheets
	label viz.Label
}

// node returns a leaf for text wrapped to width pixels at scale sc, as
// high as its lines, or nil for no text.
func (b *tensorBlock) node(text string, width, sc float64) *layout.Node {
	if text == "" {
		return nil
	}
	h := b.measure(text, width, sc)
	return layout.Leaf(&b.rect, layout.Size{W: b.width, H: h}, layout.Size{W: b.width, H: h})
}

// place puts text, wrapped to width pixels at scale sc, with its top left
// at p, and returns its height.
func (b *tensorBlock) place(text string, p image.Point, width, sc float64) int {
	if text == "" {
		b.rect = image.Rectangle{}
		return 0
	}
	h := int(math.Ceil(b.measure(text, width, sc)))
	b.rect = image.Rect(p.X, p.Y, p.X+int(b.width), p.Y+h)
	return h
}

// measure sets the width the text is wrapped to, and returns its height.
func (b *tensorBlock) measure(text string, width, sc float64) float64 {
	b.width = math.Floor(width)
	_, h := viz.MeasureText(viz.WrapText(text, b.px*sc, b.width), b.px*sc)
	return h
}

// set sets the text to draw, wrapped as node measured it.
func (b *tensorBlock) set(text string, sc float64, clr color.Color) {
	if b.rect.Empty() {
		text = ""
	}
	b.label.Set(viz.WrapText(text, b.px*sc, b.width), b.px*sc, clr)
}

// draw draws the text at the top left of its rectangle.
func (b *tensorBlock) draw(dst *ebiten.Image) {
	if !b.rect.Empty() {
		b.label.Draw(dst, float64(b.rect.Min.X), float64(b.rect.Min.Y))
	}
}

// barNodes returns n rows of a label over a bar thick CSS pixels high, in a
// column width pixels wide: the memory meter's or the modes' bars.
func (s *tensor) barNodes(f tensorFit, n int, width, thick float64) *layout.Node {
	sc := f.sc
	rows := make([]*layout.Node, n)
	bar := layout.Size{W: width, H: thick * sc}
	for k := range rows {
		rows[k] = layout.Leaf(&s.barRects[k], bar, bar)
		if label := s.texts.bars[k].node(s.words.bars[k], width, sc); label != nil {
			rows[k] = layout.Column(2*sc, label, rows[k])
		}
	}
	return layout.Column(6*sc, rows...)
}

// tensorGrid is a grid of the lesson in the rectangle the sheets give it,
// showing its tensor whole, with numbers of a readable size or, when it
// may, as colours only; or else the leading corner of it that the
// rectangle holds with numbers of a readable size.
type tensorGrid struct {
	*viz.Grid
	rect  image.Rectangle
	whole *core.Tensor
	shown core.Shape // the corner shown
	plain bool       // whether it shows its tensor whole in colours, without numbers

	fitted image.Rectangle // the rectangle, tensor and scale of the last fit
	of     *core.Tensor
	sc     float64
}

func newTensorGrid() *tensorGrid { return &tensorGrid{Grid: viz.NewGrid(nil)} }

// set makes t the tensor to show, from the next fit; nil for none.
func (g *tensorGrid) set(t *core.Tensor) { g.whole = t }

// fit shows in the grid's rectangle its whole tensor with numbers of at
// least least CSS pixels, at scale sc; when they do not fit, and swatch
// is not 0, the whole tensor in colours only if its cells are at least
// swatch CSS pixels apart; and otherwise the largest leading corner of
// it whose numbers are least pixels. It reports whether it fitted it
// again: the rectangle, the tensor or the scale changed. A grid that
// cannot show one entry so shows nothing.
func (g *tensorGrid) fit(sc, least, swatch float64) bool {
	if g.rect == g.fitted && g.whole == g.of && sc == g.sc {
		return false
	}
	g.fitted, g.of, g.sc, g.shown, g.plain = g.rect, g.whole, sc, nil, false
	if g.rect.Empty() || g.whole == nil {
		return true
	}
	g.SetLeastNumber(least) // in colours only, no number smaller either
	shape := g.whole.Shape()
	for {
		t := g.whole
		if !shape.Equal(t.Shape()) {
			t = leadingCorner(t, shape)
		}
		g.SetTensor(t)
		g.Prepare(g.rect, sc)
		if g.NumberSize() >= least*sc {
			g.shown = shape
			return true
		}
		if t == g.whole && swatch > 0 && float64(g.CellRect(make([]int, len(shape))...).Dx()) >= swatch*sc {
			g.shown, g.plain = shape, true
			return true
		}
		if shape.Size() == 1 {
			return true
		}
		shape = cutBound(shape, g.Bounds(), g.rect)
	}
}

// cut reports whether the grid shows less than its tensor.
func (g *tensorGrid) cut() bool { return g.shown != nil && !g.shown.Equal(g.whole.Shape()) }

// draw draws the grid when it shows something.
func (g *tensorGrid) draw(dst *ebiten.Image) {
	if g.shown != nil && !g.rect.Empty() {
		g.Draw(dst)
	}
}

// leadingCorner returns the entries of t whose indices are less than
// shape's along every axis.
func leadingCorner(t *core.Tensor, shape core.Shape) *core.Tensor {
	out := core.Zeros(shape...)
	d := out.Data()
	for k := range d {
		d[k] = t.At(shape.Unravel(k)...)
	}
	return out
}

// cutBound returns shape with one axis shortened by one along the
// direction in which a grid of it, covering b, is bound by the rectangle
// r: across when it fills r's width sooner than its height. It shortens a
// leading axis, whose blocks go, before one of a block's.
func cutBound(shape core.Shape, b, r image.Rectangle) core.Shape {
	across := float64(b.Dx())*float64(r.Dy()) >= float64(b.Dy())*float64(r.Dx())
	n := len(shape)
	pick := -1
	better := func(a int) bool { // a leading axis first, then the longest
		if pick < 0 {
			return true
		}
		if lead := a < n-2; lead != (pick < n-2) {
			return lead
		}
		return shape[a] > shape[pick]
	}
	for a := range shape {
		if shape[a] > 1 && gridAcross(a, n) == across && better(a) {
			pick = a
		}
	}
	if pick < 0 { // none left that way: the other
		for a := range shape {
			if shape[a] > 1 && better(a) {
				pick = a
			}
		}
	}
	out := shape.Clone()
	out[pick]--
	return out
}

// gridAcross reports whether axis a of a tensor of rank n runs across a
// grid (viz.Grid), or down: the last across, the one before it down, and
// the leading axes alternating outwards, the innermost across.
func gridAcross(a, n int) bool {
	switch {
	case n == 1 || a == n-1:
		return true
	case a == n-2:
		return false
	}
	return (n-2-a)%2 == 1
}
