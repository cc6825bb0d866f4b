package scenes

import (
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The backprop lesson's side panel: under its tabs, the tab's controls,
// texts, formulas and pictures, in two columns when the panel is wide
// and in one when it is not, scrolled when they are taller than the
// panel. Nothing is drawn in part: a line of text, a formula or a control
// shows when the whole of it is in view.

// bpBlock is a part of the side panel's content: a paragraph, a formula
// (with another beside it when there is room), a row of controls, or a
// picture the lesson draws.
type bpBlock struct {
	text    string
	px      float64 // the paragraph's font size, in logical pixels
	clr     color.Color
	formula *viz.Formula
	beside  *viz.Formula
	tex     [2]string // the formulas' TeX
	ctls    []bpCtl   // a row of controls, wrapped when too wide
	pic     bpPic     // a picture, of height h
	h       float64   // the picture's height, in logical pixels
	after   float64   // the space under the block, in logical pixels
}

// bpCtl is a control of the side panel and its width in logical pixels.
type bpCtl struct {
	rect *image.Rectangle
	w    float64
}

// bpPic is a picture of the side panel.
type bpPic int

const (
	bpNoPic     bpPic = iota
	bpCellsFwd        // the row of ∂L/∂(inputs) forward mode fills
	bpCellsRev        // the row reverse mode fills
	bpLossChart       // L after each descent step
)

// bpItem is a placed piece of the side panel: a line of text, a formula,
// a control or a picture, and its rectangle in the content, whose top
// left is the panel's before scrolling.
type bpItem struct {
	label   *viz.Label
	formula *viz.Formula
	ctl     *image.Rectangle
	pic     bpPic
	x, y    float64
	w, h    float64
}

// bpSide lays out and scrolls the side panel's content.
type bpSide struct {
	items  []bpItem
	lines  []*viz.Label   // the text lines' labels, reused from frame to frame
	pool   []*viz.Formula // the formulas of lines of formulas too wide for a line, reused
	height float64        // the content's height
	scroll float64        // how far the content is scrolled up
	rect   image.Rectangle
	drag   bool    // the pointer went down on the panel and scrolls it
	dragY  float64 // where it was at the last tick
	err    error   // a formula that did not parse, from flow
}

// Sizes of the side panel in logical pixels.
const (
	bpColMin  = 260 // the narrowest column
	bpColGap  = 24  // between two columns
	bpBarW    = 6   // the scroll bar, with its gap
	bpFormula = 13  // the formulas' size
	bpLeast   = 12  // the least a formula shrinks to
)

// place lays out the groups of blocks in r at scale sc, side by side when
// both fit, and keeps the scroll within the new content. The controls'
// heights are ctl. The blocks' formulas must be set at 13 logical pixels:
// place shrinks them to their column.
func (p *bpSide) place(groups [2][]bpBlock, r image.Rectangle, sc, ctl float64) error {
	p.rect, p.err = r, nil
	width := float64(r.Dx())
	p.flow(groups, width, sc, ctl)
	if p.height > float64(r.Dy()) {
		// Room for the scroll bar.
		p.flow(groups, width-bpBarW*sc, sc, ctl)
	}
	p.scrollBy(0)
	return p.err
}

// flow places the groups at the given width.
func (p *bpSide) flow(groups [2][]bpBlock, width, sc, ctl float64) {
	p.items = p.items[:0]
	var used [2]int // the labels and the formulas of the pools taken
	two := len(groups[1]) > 0 && width >= 2*bpColMin*sc+bpColGap*sc &&
		widest(groups[0], sc, ctl) <= (width-bpColGap*sc)/2 && widest(groups[1], sc, ctl) <= (width-bpColGap*sc)/2
	if !two {
		p.height = p.column(append(append([]bpBlock(nil), groups[0]...), groups[1]...), 0, width, sc, ctl, &used)
		return
	}
	w := (width - bpColGap*sc) / 2
	p.height = math.Max(p.column(groups[0], 0, w, sc, ctl, &used), p.column(groups[1], w+bpColGap*sc, w, sc, ctl, &used))
}

// widest returns the width the widest unbreakable part of blocks needs:
// a formula at its least size, a control, or a word.
func widest(blocks []bpBlock, sc, ctl float64) float64 {
	w := 0.0
	for _, b := range blocks {
		for _, f := range []*viz.Formula{b.formula, b.beside} {
			if f != nil {
				fw, _, _ := f.Metrics()
				w = math.Max(w, fw*bpLeast/bpFormula)
			}
		}
		for _, c := range b.ctls {
			w = math.Max(w, c.w*sc)
		}
		for _, word := range strings.Fields(b.text) {
			ww, _ := viz.MeasureText(word, b.px*sc)
			w = math.Max(w, ww)
		}
	}
	return w
}

// column places blocks one below the other from the top of the content,
// x from its left and width wide, and returns the height they take. used
// counts the text lines' labels and the formulas of the pool taken.
func (p *bpSide) column(blocks []bpBlock, x, width, sc, ctl float64, used *[2]int) float64 {
	y := 0.0
	for _, b := range blocks {
		switch {
		case b.text != "":
			px := b.px * sc
			for _, ln := range strings.Split(viz.WrapText(b.text, px, width), "\n") {
				if used[0] == len(p.lines) {
					p.lines = append(p.lines, &viz.Label{})
				}
				l := p.lines[used[0]]
				used[0]++
				l.Set(ln, px, b.clr)
				lw, _ := viz.MeasureText(ln, px)
				p.items = append(p.items, bpItem{label: l, x: x, y: y, w: lw, h: math.Ceil(1.3 * px)})
				y += math.Ceil(1.3 * px)
			}
		case b.formula != nil:
			y = p.formulas(b, x, y, width, sc, &used[1])
		case len(b.ctls) > 0:
			cx := x
			for i, c := range b.ctls {
				w := math.Min(c.w*sc, width)
				if i > 0 && cx+w > x+width {
					cx, y = x, y+ctl+8*sc
				}
				p.items = append(p.items, bpItem{ctl: c.rect, x: cx, y: y, w: w, h: ctl})
				cx += w + 12*sc
			}
			y += ctl
		case b.pic != bpNoPic:
			p.items = append(p.items, bpItem{pic: b.pic, x: x, y: y, w: width, h: b.h * sc})
			y += b.h * sc
		}
		y += b.after * sc
	}
	return y
}

// formulas places a formula block: its formula, and the one beside it on
// the same row when both fit, else under it. Each shrinks to the column's
// width, down to 12 logical pixels; one still too wide breaks into lines
// at its = signs and ⊙ (breakTeX), each line after the first starting
// with its sign. lines
// counts the formulas of the pool taken for lines.
func (p *bpSide) formulas(b bpBlock, x, y, width, sc float64, lines *int) float64 {
	type row struct {
		f    *viz.Formula
		w, h float64
		x    float64 // the indent
	}
	fit := func(f *viz.Formula, tex string, width float64) (w, h float64) {
		if err := fitTeX(f, tex, bpFormula*sc, bpLeast*sc, width); err != nil && p.err == nil {
			p.err = err
		}
		w, asc, desc := f.Metrics()
		return w, asc + desc
	}
	pool := func() *viz.Formula {
		if *lines == len(p.pool) {
			p.pool = append(p.pool, &viz.Formula{})
		}
		*lines++
		return p.pool[*lines-1]
	}
	var rows []row
	for i, f := range []*viz.Formula{b.formula, b.beside} {
		if f == nil {
			continue
		}
		w, h := fit(f, b.tex[i], width)
		parts := breakTeX(b.tex[i])
		if w <= width || len(parts) < 2 {
			rows = append(rows, row{f, w, h, 0})
			continue
		}
		// As many parts on a line as fit; the lines after the first
		// start with their sign and are indented.
		for k := 0; k < len(parts); {
			lf, room, line, dx := pool(), width, parts[k], 0.0
			if k > 0 {
				room, dx = width-16*sc, 16*sc
			}
			w, h := fit(lf, line, room)
			for k++; k < len(parts); k++ {
				next := line + ` ` + parts[k]
				nw, nh := fit(lf, next, room)
				if nw > room {
					w, h = fit(lf, line, room)
					break
				}
				line, w, h = next, nw, nh
			}
			rows = append(rows, row{lf, w, h, dx})
		}
	}
	if len(rows) == 2 && b.beside != nil && rows[1].f == b.beside && rows[0].f == b.formula && rows[0].w+24*sc+rows[1].w <= width {
		p.items = append(p.items, bpItem{formula: rows[0].f, x: x, y: y, w: rows[0].w, h: rows[0].h}, bpItem{formula: rows[1].f, x: x + rows[0].w + 24*sc, y: y, w: rows[1].w, h: rows[1].h})
		return y + math.Max(rows[0].h, rows[1].h) + 6*sc
	}
	for _, r := range rows {
		if r.w == 0 {
			continue
		}
		p.items = append(p.items, bpItem{formula: r.f, x: x + r.x, y: y, w: r.w, h: r.h})
		y += r.h + 6*sc
	}
	return y
}

// breakTeX splits TeX where a line may break: at its = signs and ⊙
// outside braces and environments, the sides of a chain of equalities
// and the factors of an elementwise product, and before a matrix that
// multiplies the matrix or group before it. Each piece but the first
// begins with the sign before it, if any.
func breakTeX(tex string) []string {
	var pieces []string
	depth, env, start := 0, 0, 0
	for i := 0; i < len(tex); i++ {
		switch {
		case tex[i] == '{':
			depth++
		case tex[i] == '}':
			depth--
		case strings.HasPrefix(tex[i:], `\begin`):
			// A matrix that multiplies the one before it.
			if depth == 0 && env == 0 && strings.HasSuffix(strings.TrimSuffix(strings.TrimSpace(tex[start:i]), `\,`), "}") {
				pieces = append(pieces, strings.TrimSpace(tex[start:i]))
				start = i
			}
			env++
		case strings.HasPrefix(tex[i:], `\end`):
			env--
		case depth == 0 && env == 0 && (tex[i] == '=' || strings.HasPrefix(tex[i:], `\odot`)):
			pieces = append(pieces, strings.TrimSpace(tex[start:i]))
			start = i
		}
	}
	return append(pieces, strings.TrimSpace(tex[start:]))
}

// scrollBy scrolls the content up by dy pixels, within its ends, and
// places the controls where they show; it reports whether it moved.
func (p *bpSide) scrollBy(dy float64) bool {
	old := p.scroll
	p.scroll = math.Max(0, math.Min(p.scroll+dy, p.height-float64(p.rect.Dy())))
	for _, it := range p.items {
		if it.ctl != nil {
			*it.ctl = image.Rectangle{}
			if r, ok := p.at(it); ok {
				*it.ctl = r
			}
		}
	}
	return p.scroll != old
}

// at returns an item's rectangle on the screen, and whether all of it is
// in view.
func (p *bpSide) at(it bpItem) (image.Rectangle, bool) {
	x := float64(p.rect.Min.X) + it.x
	y := float64(p.rect.Min.Y) + it.y - math.Round(p.scroll)
	r := image.Rect(int(math.Round(x)), int(math.Round(y)), int(math.Round(x+it.w)), int(math.Round(y+it.h)))
	return r, r.Min.Y >= p.rect.Min.Y && r.Max.Y <= p.rect.Max.Y
}

// update scrolls the panel for one tick: the wheel over it, a drag that
// went down on it (not on a control, whose press the UI took), and ↑ and
// ↓ when keys is set. It reports whether the content moved.
func (p *bpSide) update(in *viz.Input, keys bool) bool {
	if p.rect.Empty() {
		p.drag = false
		return false
	}
	line := math.Ceil(1.3 * bpFormula * in.Scale)
	dy := 0.0
	pt := in.Pointer
	on := image.Pt(int(math.Floor(pt.X)), int(math.Floor(pt.Y))).In(p.rect)
	if on && in.Wheel != 0 {
		dy -= 3 * line * in.Wheel
	}
	if pt.Pressed && on {
		p.drag, p.dragY = true, pt.Y
	}
	if p.drag {
		dy += p.dragY - pt.Y
		p.dragY = pt.Y
	}
	if !pt.Down {
		p.drag = false
	}
	if keys {
		for _, k := range in.Repeated {
			switch k {
			case ebiten.KeyArrowDown:
				dy += line
			case ebiten.KeyArrowUp:
				dy -= line
			}
		}
	}
	return dy != 0 && p.scrollBy(dy)
}

// draw draws the items in view, and a scroll bar when the content is
// taller than the panel; pic draws a picture in its rectangle.
func (p *bpSide) draw(screen *ebiten.Image, sc float64, pic func(bpPic, image.Rectangle)) {
	if p.rect.Empty() {
		return
	}
	for _, it := range p.items {
		r, ok := p.at(it)
		if !ok {
			continue
		}
		switch {
		case it.label != nil:
			it.label.Draw(screen, float64(r.Min.X), float64(r.Min.Y))
		case it.formula != nil:
			it.formula.Draw(screen, float64(r.Min.X), float64(r.Min.Y))
		case it.pic != bpNoPic:
			pic(it.pic, r)
		}
	}
	view := float64(p.rect.Dy())
	if p.height <= view {
		return
	}
	// The bar: the whole content along the panel's right edge, and the
	// part in view darker.
	w := 3 * sc
	x := float64(p.rect.Max.X) - w
	viz.FillRectF(screen, x, float64(p.rect.Min.Y), w, view, viz.Th().Control)
	viz.FillRectF(screen, x, float64(p.rect.Min.Y)+view*p.scroll/p.height, w, view*view/p.height, viz.Th().Border)
}
