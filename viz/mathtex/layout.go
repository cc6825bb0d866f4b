package mathtex

import (
	"image/color"
	"math"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
)

// The layout follows TeX's rules for math (The TeXbook, appendix G) in a
// simplified form; the constants named after TeX's font parameters are in
// ems of the current size.
const (
	sup1, sup2   = 0.413, 0.363 // superscript shift in display and text style
	sub1, sub2   = 0.15, 0.247  // subscript shift alone and below a superscript
	supDrop      = 0.386        // superscript shift below the top of a non-character base, in script ems
	subDrop      = 0.05         // subscript shift below the bottom of a non-character base, in script ems
	scriptSpace  = 0.05         // space after a script
	num1, denom1 = 0.677, 0.686 // fraction shifts in display style
	num2, denom2 = 0.394, 0.345 // fraction shifts in text style
	nullDelim    = 0.12         // space either side of a fraction
	bigOpScale   = 1.4          // size of a big operator in display style
	bigOpSpace1  = 0.111        // min gap above a big operator
	bigOpSpace2  = 0.167        // min gap below a big operator
	bigOpSpace3  = 0.2          // min distance from the operator to the upper limit's baseline
	bigOpSpace4  = 0.6          // min distance from the operator to the lower limit's baseline
	bigOpSpace5  = 0.1          // space above and below the limits
	matColSep    = 1.0          // space between matrix columns
	matRowSep    = 0.25         // space between matrix rows
	strutAsc     = 0.8          // least height of a matrix row
	strutDesc    = 0.35         // least depth of a matrix row
	delimExtra   = 0.15         // how far sized delimiters reach past their content
	delimGap     = 0.1          // space between a sized delimiter and its content
)

// levelScale is the size of text, script and script-script style
// relative to the formula's size.
var levelScale = [3]float64{1, 0.7, 0.5}

// mathStyle is the style a node is laid out in.
type mathStyle struct {
	px      float64 // the formula's size in pixels
	level   int     // 0 text, 1 script, 2 script-script
	display bool    // fractions keep their size, limits go above and below
	clr     color.RGBA
	colored bool // clr is set; otherwise the formula's colour
}

// em returns the style's font size in pixels.
func (s mathStyle) em() float64 { return s.px * levelScale[s.level] }

// script returns the style of scripts and limits.
func (s mathStyle) script() mathStyle {
	s.level = min(s.level+1, 2)
	s.display = false
	return s
}

// fraction returns the style of a fraction's parts: text style in a
// display, one level smaller otherwise.
func (s mathStyle) fraction() mathStyle {
	if s.display {
		s.display = false
		return s
	}
	return s.script()
}

// face returns the font of the style.
func (s mathStyle) face(f fontStyle) *mathFace { return getMathFace(f, s.em()) }

// mathMetrics are a size's font-wide dimensions, in pixels.
type mathMetrics struct {
	xHeight float64 // height of an x
	axis    float64 // height of the math axis (the middle of a minus sign), where fraction bars go
	rule    float64 // thickness of fraction bars, the minus sign's
}

// metrics returns the font-wide dimensions of the style.
func (s mathStyle) metrics() mathMetrics {
	g := s.face(styleRoman).main
	x, minus := g.glyph('x'), g.glyph('−')
	return mathMetrics{
		xHeight: -x.minY,
		axis:    -(minus.minY + minus.maxY) / 2,
		rule:    minus.maxY - minus.minY,
	}
}

// mathBox is a laid-out node: its advance width, its height above and
// depth below the baseline (of its ink; y grows down in items), and the
// items it draws, l.items[first:last], placed relative to its origin on
// the baseline.
type mathBox struct {
	w, asc, desc float64
	first, last  int
	italic       float64 // how far the last glyph's ink leans past w, for a superscript
}

// ItemKind says what an Item draws.
type ItemKind uint8

const (
	GlyphsItem ItemKind = iota // Text in Face, its origin (X, Y) on the baseline
	RuleItem                   // a filled rectangle at (X, Y) of size W × H
	DelimItem                  // the delimiter or radical Shape in the box at (X, Y) of size W × H
	DotsItem                   // three discs of radius LW from (X, Y), a step (W, H) apart
)

// An Item is one thing a laid-out formula draws, placed relative to the
// formula's origin on its baseline, y growing down; its Kind says which
// fields it uses.
type Item struct {
	Kind    ItemKind
	X, Y    float64
	W, H    float64
	Text    string     // glyphs: the text
	Face    xfont.Face // glyphs: the face that has every glyph of Text
	Ink     [4]float64 // glyphs: their outlines' bounds from the origin: min x, min y, max x, max y
	Shape   rune       // delimiter: one of ( ) [ ] | ‖ ⟨ ⟩ √
	LW      float64    // delimiter: stroke width; dots: radius
	Em      float64    // delimiter: the font size
	Color   color.RGBA // the item's own colour, if Colored is set
	Colored bool       // whether the item is inside a Colored node; if not, it takes the formula's colour
}

// A Layout is a formula laid out: the items it draws and its box. The
// zero value is an empty formula.
type Layout struct {
	items []Item
	box   mathBox
}

// Set lays n out at px pixels in display style in place of what l held,
// reusing l's storage. Set panics if px is not positive.
func (l *Layout) Set(n Node, px float64) {
	if !(px > 0) {
		panic("mathtex: formula size is not positive")
	}
	l.items = l.items[:0]
	l.box = n.layout(l, mathStyle{px: px, display: true})
}

// Items returns what the formula draws, in order. The slice is l's own,
// valid until the next Set.
func (l *Layout) Items() []Item { return l.items }

// Metrics returns the formula's width and its height above and depth
// below the baseline, in pixels. Ink may reach a little past the box (an
// italic f leans out of it).
func (l *Layout) Metrics() (width, ascent, descent float64) {
	return l.box.w, l.box.asc, l.box.desc
}

// add appends an item in the colour of s.
func (l *Layout) add(s mathStyle, it Item) {
	it.Color, it.Colored = s.clr, s.colored
	l.items = append(l.items, it)
}

// shift moves the items of b by (dx, dy).
func (l *Layout) shift(b mathBox, dx, dy float64) {
	for i := b.first; i < b.last; i++ {
		l.items[i].X += dx
		l.items[i].Y += dy
	}
}

// begin returns an empty box at the end of the item list.
func (l *Layout) begin() mathBox { return mathBox{first: len(l.items), last: len(l.items)} }

// text lays out str in mf, each rune in the face that has its glyph: an
// item per stretch of runes in the same face.
func (l *Layout) text(s mathStyle, str string, mf *mathFace) mathBox {
	b := l.begin()
	var (
		x     float64
		prev  rune
		cur   *glyphFace
		last  glyphMetrics
		start int // where the current item's text starts in str
	)
	for i := 0; i < len(str); {
		r, n := utf8.DecodeRuneInString(str[i:])
		g := mf.pick(r)
		m := g.glyph(r)
		if g != cur {
			cur, start = g, i
			l.add(s, Item{Kind: GlyphsItem, X: x, Face: g.f, Ink: [4]float64{m.minX, m.minY, m.maxX, m.maxY}})
		} else {
			x += fixedToFloat(g.f.Kern(prev, r))
		}
		i += n
		it := &l.items[len(l.items)-1]
		it.Text = str[start:i]
		dx := x - it.X
		it.Ink = [4]float64{
			math.Min(it.Ink[0], dx+m.minX), math.Min(it.Ink[1], m.minY),
			math.Max(it.Ink[2], dx+m.maxX), math.Max(it.Ink[3], m.maxY),
		}
		b.asc = math.Max(b.asc, -m.minY)
		b.desc = math.Max(b.desc, m.maxY)
		x += m.adv
		prev, last = r, m
	}
	b.w = x
	b.last = len(l.items)
	b.italic = math.Max(0, last.maxX-last.adv)
	return b
}

func (n *mathRun) layout(l *Layout, s mathStyle) mathBox {
	b := l.text(s, n.s, s.face(n.style))
	if n.style != styleItalic && n.style != styleBoldItalic {
		b.italic = 0
	}
	return b
}

// mathSpacing[left][right] is the space between neighbouring atoms of a
// row, in eighteenths of an em: 3 thin, 4 medium, 5 thick. Negative
// spaces are left out in scripts.
var mathSpacing = [7][7]int8{
	//          ord  op  bin  rel open close punct
	clsOrd:   {0, 3, -4, -5, 0, 0, 0},
	clsOp:    {3, 3, 0, -5, 0, 0, 0},
	clsBin:   {-4, -4, 0, 0, -4, 0, 0},
	clsRel:   {-5, -5, 0, 0, -5, 0, 0},
	clsOpen:  {0, 0, 0, 0, 0, 0, 0},
	clsClose: {0, 3, -4, -5, 0, 0, 0},
	clsPunct: {-3, -3, 0, -3, -3, -3, -3},
}

// rowClasses returns the classes of the atoms of a row as TeX spaces
// them: a binary operator with no operand on one side is an ordinary atom.
func rowClasses(n mathRow) []atomClass {
	cs := make([]atomClass, 0, len(n))
	prev := -1 // index of the previous atom
	for i, c := range n {
		k := c.class()
		cs = append(cs, k)
		if k == clsGlue {
			continue
		}
		switch {
		case k == clsBin && (prev < 0 || cs[prev] != clsOrd && cs[prev] != clsClose):
			cs[i] = clsOrd
		case (k == clsRel || k == clsClose || k == clsPunct) && prev >= 0 && cs[prev] == clsBin:
			cs[prev] = clsOrd
		}
		prev = i
	}
	if prev >= 0 && cs[prev] == clsBin {
		cs[prev] = clsOrd
	}
	return cs
}

func (n mathRow) layout(l *Layout, s mathStyle) mathBox {
	cs := rowClasses(n)
	b := l.begin()
	prev := clsGlue
	for i, c := range n {
		if cs[i] != clsGlue {
			if prev != clsGlue {
				sp := mathSpacing[prev][cs[i]]
				if sp > 0 || sp < 0 && s.level == 0 {
					b.w += math.Abs(float64(sp)) / 18 * s.em()
				}
			}
			prev = cs[i]
		}
		// An italic letter's overhang is kept clear of what follows it
		// unless that leans too.
		if r, ok := c.(*mathRun); !ok || r.style != styleItalic && r.style != styleBoldItalic {
			b.w += b.italic
		}
		cb := c.layout(l, s)
		l.shift(cb, b.w, 0)
		b.w += cb.w
		b.asc = math.Max(b.asc, cb.asc)
		b.desc = math.Max(b.desc, cb.desc)
		b.italic = cb.italic
	}
	b.last = len(l.items)
	return b
}

func (n *mathScripts) layout(l *Layout, s mathStyle) mathBox {
	base := n.base.layout(l, s)
	_, char := n.base.(*mathRun)
	return l.attach(s, base, char, n.sub, n.sup)
}

// attach lays out the scripts sub and sup (either may be nil) of the base
// laid out as b; char says whether the base is a run of text, whose
// scripts sit at fixed heights.
func (l *Layout) attach(s mathStyle, b mathBox, char bool, sub, sup Node) mathBox {
	ss := s.script()
	em, sem := s.em(), ss.em()
	met := s.metrics()
	var u, v float64 // superscript shift up, subscript shift down
	if !char {
		u = b.asc - supDrop*sem
		v = b.desc + subDrop*sem
	}
	var supB, subB mathBox
	w := b.w
	if sup != nil {
		supB = sup.layout(l, ss)
		s1 := sup2
		if s.display {
			s1 = sup1
		}
		u = math.Max(u, math.Max(s1*em, supB.desc+met.xHeight/4))
		w = math.Max(w, b.w+b.italic+supB.w)
	}
	if sub != nil {
		subB = sub.layout(l, ss)
		w = math.Max(w, b.w+subB.w)
		if sup == nil {
			v = math.Max(v, math.Max(sub1*em, subB.asc-0.8*met.xHeight))
		} else {
			v = math.Max(v, sub2*em)
			if gap := (u - supB.desc) - (subB.asc - v); gap < 4*met.rule {
				v += 4*met.rule - gap
				if psi := 0.8*met.xHeight - (u - supB.desc); psi > 0 {
					u += psi
					v -= psi
				}
			}
		}
	}
	if sup != nil {
		l.shift(supB, b.w+b.italic, -u)
		b.asc = math.Max(b.asc, u+supB.asc)
	}
	if sub != nil {
		l.shift(subB, b.w, v)
		b.desc = math.Max(b.desc, v+subB.desc)
	}
	b.w = w + scriptSpace*em
	b.italic = 0
	b.last = len(l.items)
	return b
}

func (n *mathFrac) layout(l *Layout, s mathStyle) mathBox {
	s.display = s.display || n.display
	fs := s.fraction()
	em := s.em()
	met := s.metrics()
	b := l.begin()
	num := n.num.layout(l, fs)
	den := n.den.layout(l, fs)
	u, v, clear := num2*em, denom2*em, met.rule
	if s.display {
		u, v, clear = num1*em, denom1*em, 3*met.rule
	}
	u = math.Max(u, met.axis+met.rule/2+clear+num.desc)
	v = math.Max(v, den.asc+clear-met.axis+met.rule/2)
	w := math.Max(num.w, den.w)
	l.shift(num, nullDelim*em+(w-num.w)/2, -u)
	l.shift(den, nullDelim*em+(w-den.w)/2, v)
	l.add(s, Item{Kind: RuleItem, X: nullDelim * em / 2, Y: -met.axis - met.rule/2, W: w + nullDelim*em, H: met.rule})
	b.w = w + 2*nullDelim*em
	b.asc = u + num.asc
	b.desc = v + den.desc
	b.last = len(l.items)
	return b
}

func (n *mathRadical) layout(l *Layout, s mathStyle) mathBox {
	em := s.em()
	met := s.metrics()
	b := l.begin()
	body := n.body.layout(l, s)
	gap := met.rule + met.xHeight/4
	top := body.asc + gap + met.rule // top of the bar above the baseline
	bottom := body.desc + 0.1*em
	sign := 0.5*em + 0.05*(top+bottom) // width of the radical sign
	l.shift(body, sign+0.1*em, 0)
	l.add(s, Item{Kind: DelimItem, Shape: '√', X: 0, Y: -top, W: sign, H: top + bottom, LW: met.rule, Em: em})
	l.add(s, Item{Kind: RuleItem, X: sign, Y: -top, W: body.w + 0.2*em, H: met.rule})
	b.w = sign + body.w + 0.25*em
	b.asc = top
	b.desc = bottom
	b.last = len(l.items)
	return b
}

// delimWidth returns the width of a delimiter drawn h pixels tall.
func delimWidth(d rune, h, em float64) float64 {
	switch d {
	case 0:
		return 0
	case '(', ')', '⟨', '⟩':
		return math.Min(0.3*em+0.08*h, 0.7*em)
	case '[', ']':
		return 0.35 * em
	case '‖':
		return 0.4 * em
	}
	return 0.25 * em // |
}

func (n *mathDelim) layout(l *Layout, s mathStyle) mathBox {
	em := s.em()
	met := s.metrics()
	b := l.begin()
	body := n.body.layout(l, s)
	// The delimiters are centred on the axis, as tall as the content's
	// farther side from it; the font's brackets serve if tall enough.
	half := math.Max(body.asc-met.axis, body.desc+met.axis)
	mf := s.face(styleRoman)
	fits := true
	for _, d := range []rune{n.left, n.right} {
		if d != 0 {
			g := mf.pick(d).glyph(d)
			fits = fits && g.maxY-g.minY >= math.Max(2*half*0.901, 2*half-0.5*em)
		}
	}
	if fits {
		x := 0.0
		if n.left != 0 {
			lb := l.text(s, string(n.left), mf)
			l.shift(body, lb.w, 0)
			x = lb.w
			b.asc, b.desc = lb.asc, lb.desc
		}
		x += body.w
		if n.right != 0 {
			rb := l.text(s, string(n.right), mf)
			l.shift(rb, x, 0)
			x += rb.w
			b.asc, b.desc = math.Max(b.asc, rb.asc), math.Max(b.desc, rb.desc)
		}
		b.w = x
		b.asc = math.Max(b.asc, body.asc)
		b.desc = math.Max(b.desc, body.desc)
		b.last = len(l.items)
		return b
	}
	h := 2*half + 2*delimExtra*em
	top := -met.axis - h/2
	return l.delimit(s, b, body, n.left, n.right, top, h)
}

// delimit places body, whose box is b's, between the delimiters left and
// right drawn from top (y, relative to the baseline) h pixels down.
func (l *Layout) delimit(s mathStyle, b, body mathBox, left, right rune, top, h float64) mathBox {
	em := s.em()
	lw := math.Max(1, 1.2*s.metrics().rule)
	x := 0.0
	if left != 0 {
		w := delimWidth(left, h, em)
		l.add(s, Item{Kind: DelimItem, Shape: left, X: 0, Y: top, W: w, H: h, LW: lw, Em: em})
		x = w + delimGap*em
	}
	l.shift(body, x, 0)
	x += body.w
	if right != 0 {
		w := delimWidth(right, h, em)
		x += delimGap * em
		l.add(s, Item{Kind: DelimItem, Shape: right, X: x, Y: top, W: w, H: h, LW: lw, Em: em})
		x += w
	}
	b.w = x
	b.asc = math.Max(body.asc, -top)
	b.desc = math.Max(body.desc, top+h)
	b.last = len(l.items)
	return b
}

func (n *mathMatrix) layout(l *Layout, s mathStyle) mathBox {
	ts := s
	ts.display = false
	em := s.em()
	met := s.metrics()
	b := l.begin()
	cols := 0
	for _, r := range n.cells {
		cols = max(cols, len(r))
	}
	// Lay out the cells, then place them by column widths and row
	// heights.
	boxes := make([]mathBox, 0, len(n.cells)*cols)
	widths := make([]float64, cols)
	ascs := make([]float64, len(n.cells))
	descs := make([]float64, len(n.cells))
	for i, r := range n.cells {
		ascs[i], descs[i] = strutAsc*em, strutDesc*em
		for j := range cols {
			cb := l.begin()
			if j < len(r) && r[j] != nil {
				cb = r[j].layout(l, ts)
			}
			boxes = append(boxes, cb)
			widths[j] = math.Max(widths[j], cb.w)
			ascs[i] = math.Max(ascs[i], cb.asc)
			descs[i] = math.Max(descs[i], cb.desc)
		}
	}
	h := 0.0
	for i := range ascs {
		h += ascs[i] + descs[i]
	}
	h += matRowSep * em * float64(max(len(ascs)-1, 0))
	if len(ascs) == 0 {
		h = strutAsc * em
	}
	top := -met.axis - h/2
	y := top
	for i := range ascs {
		y += ascs[i]
		x := 0.0
		for j := range cols {
			cb := boxes[i*cols+j]
			l.shift(cb, x+(widths[j]-cb.w)/2, y)
			x += widths[j] + matColSep*em
		}
		y += descs[i] + matRowSep*em
	}
	body := mathBox{first: b.first, last: len(l.items), asc: -top, desc: top + h}
	for _, w := range widths {
		body.w += w + matColSep*em
	}
	body.w = math.Max(0, body.w-matColSep*em)
	return l.delimit(s, b, body, n.left, n.right, top-delimExtra*em, h+2*delimExtra*em)
}

func (n *mathBigOp) layout(l *Layout, s mathStyle) mathBox {
	if !s.display {
		b := l.text(s, n.sym, s.face(styleRoman))
		b.italic = 0
		return l.attach(s, b, true, n.lower, n.upper)
	}
	em := s.em()
	met := s.metrics()
	b := l.begin()
	opB := l.text(s, n.sym, getMathFace(styleRoman, bigOpScale*em))
	// Centre the operator on the axis.
	dy := met.axis - (opB.asc-opB.desc)/2
	l.shift(opB, 0, -dy)
	opB.asc += dy
	opB.desc -= dy
	w := opB.w
	ss := s.script()
	var up, lo mathBox
	if n.upper != nil {
		up = n.upper.layout(l, ss)
		w = math.Max(w, up.w)
	}
	if n.lower != nil {
		lo = n.lower.layout(l, ss)
		w = math.Max(w, lo.w)
	}
	l.shift(opB, (w-opB.w)/2, 0)
	b.asc, b.desc = opB.asc, opB.desc
	if n.upper != nil {
		y := opB.asc + math.Max(bigOpSpace1*em, bigOpSpace3*em-up.desc) + up.desc
		l.shift(up, (w-up.w)/2, -y)
		b.asc = y + up.asc + bigOpSpace5*em
	}
	if n.lower != nil {
		y := opB.desc + math.Max(bigOpSpace2*em, bigOpSpace4*em-lo.asc) + lo.asc
		l.shift(lo, (w-lo.w)/2, y)
		b.desc = y + lo.desc + bigOpSpace5*em
	}
	b.w = w
	b.last = len(l.items)
	return b
}

func (n *mathAccent) layout(l *Layout, s mathStyle) mathBox {
	met := s.metrics()
	b := l.begin()
	body := n.body.layout(l, s)
	mark := l.text(s, string(n.mark), s.face(styleRoman))
	// The font places accents over an x; raise the mark by what the body
	// rises above that, and centre it over the body, leaning with an
	// italic body.
	it := l.items[mark.first]
	up := math.Max(0, body.asc-met.xHeight)
	l.shift(mark, (body.w+body.italic)/2-(it.Ink[0]+it.Ink[2])/2, -up)
	b.w = body.w
	b.asc = math.Max(body.asc, up+mark.asc)
	b.desc = body.desc
	b.italic = body.italic
	b.last = len(l.items)
	return b
}

func (n mathDots) layout(l *Layout, s mathStyle) mathBox {
	em := s.em()
	r := math.Max(0.06*em, 0.75)
	b := l.begin()
	it := Item{Kind: DotsItem, LW: r}
	switch rune(n) {
	case '⋮':
		it.X, it.Y, it.H = 0.2*em, -0.1*em-r, -0.3*em
		b.w, b.asc = 0.4*em, 0.7*em+2*r
	case '⋱':
		it.X, it.Y, it.W, it.H = 0.2*em, -0.7*em-r, 0.3*em, 0.3*em
		b.w, b.asc = 1.0*em, 0.7*em+2*r
	default: // ⋯
		it.X, it.Y, it.W = 0.2*em, -s.metrics().axis, 0.3*em
		b.w, b.asc = 1.0*em, s.metrics().axis+r
	}
	l.add(s, it)
	b.last = len(l.items)
	return b
}

func (n mathSpace) layout(l *Layout, s mathStyle) mathBox {
	b := l.begin()
	b.w = float64(n) * s.em()
	return b
}

func (n *mathColored) layout(l *Layout, s mathStyle) mathBox {
	s.clr, s.colored = n.clr, true
	return n.body.layout(l, s)
}
