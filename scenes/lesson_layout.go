package scenes

import (
	"fmt"
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// How a lesson fits its screen. The frame puts the title and the typed
// functions at the top, the step panel (the step's title and text, the
// Previous and Next buttons) at the bottom, and the lesson's body between
// them. The body is made of sheets, each an arrangement of the lesson's
// pictures, numbers and controls with minimum and preferred sizes
// (package layout): side by side when they fit, as on a laptop; one at a
// time behind a switch when they do not, as on a phone, where a lesson may
// show other sheets (its apart: a picture a sheet where it stacked them).
// When even one sheet does not fit above the step panel, the step's text
// becomes a sheet too, and the switch and the buttons share one bar at the
// bottom (compact). Every size here is in CSS pixels, times the scale.

// sheet is a part of a lesson's body that the frame can show beside the
// others or alone.
type sheet struct {
	name string       // its name on the switch
	node *layout.Node // its arrangement
}

// layoutKey is what a lesson's geometry depends on: the area, the scale,
// the step, the sheet shown, and a count of the changes the lesson made
// to what it shows (relayout).
type layoutKey struct {
	area  image.Rectangle
	scale float64
	step  int
	sheet int
	gen   int
}

// Sizes in CSS pixels.
const (
	framePad    = 16              // the margin of the header's and the step panel's texts
	titlePx     = 20              // the title, on a large screen
	titleNarrow = 17              // the title, on a narrow one
	fieldPx     = 16              // a field's label
	stepHeadPx  = 16              // the step's title
	stepTextPx  = 15              // the step's text
	hintPx      = 12              // the keys' hint
	controlH    = 36              // a button's or a field's height
	touchH      = viz.TouchTarget // the same on a small screen, where fingers press them
	buttonW     = 120
	narrowW     = 640 // below this width the screen is narrow
	shortH      = 600 // below this height it is short
	minBodyH    = 220 // the least height of the body before the header folds into the text's sheet
)

// layout lays out the frame in a at scale s, when the area, the scale,
// the step or the sheet shown changed, or relayout was called, since the
// last time, and reports whether it did: a scene's Layout then places
// whatever its sheets do not. It calls the lesson's arrange for the
// sheets, and places them in the body.
func (l *lesson) layout(a image.Rectangle, s float64) bool {
	errs := l.watchErrors()
	k := layoutKey{area: a, scale: s, step: l.step, sheet: l.switcher.Selected, gen: l.gen}
	if k == l.laid {
		return false
	}
	l.laid = k
	l.scale, l.area = s, a
	wCSS, hCSS := float64(a.Dx())/s, float64(a.Dy())/s
	l.narrow = wCSS < narrowW
	ctl := l.controlHeight()
	pad := framePad * s
	width := float64(a.Dx()) - 2*pad

	// The header: the title and the fields.
	y := l.placeHeader(a.Min.X, a.Min.Y, a.Dx())
	l.header = image.Rect(a.Min.X, a.Min.Y, a.Max.X, y)

	// The step panel, its text wrapped beside the buttons, or under them on
	// a narrow screen.
	bw, bh, gap := int(buttonW*s), int(float64(ctl)*s), int(12*s)
	textW := width - float64(2*bw+2*gap)
	if l.narrow {
		textW = width
	}
	st := l.steps[l.step]
	head := fmt.Sprintf("Step %d of %d · %s", l.step+1, len(l.steps), st.title)
	l.headL.Set(viz.WrapText(head, stepHeadPx*s, textW), stepHeadPx*s, viz.Th().Accent)
	l.textL.Set(viz.WrapText(st.text, stepTextPx*s, textW), stepTextPx*s, viz.Th().Text)
	_, hh := viz.MeasureText(l.headL.Text(), stepHeadPx*s)
	_, tth := viz.MeasureText(l.textL.Text(), stepTextPx*s)
	textH := int(12*s + hh + 8*s + tth + 12*s)
	// While an animation moves through the steps, the text keeps the
	// room the steps it took before needed (steady): the body does not
	// move up and down, nor change its arrangement, from one step to the
	// next. The step it started from does not count.
	last := l.lastText
	if l.steady && last.steady && last.area == a && last.scale == s {
		textH = max(textH, last.h)
	}
	l.lastText = textAt{area: a, scale: s, steady: l.steady, h: textH}
	if l.quiz.q != nil {
		// The question under the text.
		textH += l.quizHeight(textW, bh) + int(quizGap*s)
	}
	l.hint = !l.narrow && hCSS >= shortH
	side := bh + 2*gap
	if l.hint {
		side += int(8*s + 1.3*hintPx*s)
	}
	note := 0 // the source button's row
	if l.hasSource() {
		note = bh + gap
	}
	ph := max(textH, side+note)
	if l.narrow {
		ph = textH + bh + gap + note
	}
	if l.hides(hideSteps) {
		ph, l.hint = 0, false
	}

	// The body, with its sheets side by side, or one at a time.
	var all *layout.Node
	var nodes []*layout.Node
	var names []string
	var chosen []sheet
	choose := func(body image.Rectangle) {
		chosen = l.dropNumbers(l.arrange(s))
		all = layout.Row(12*s, nodesOf(chosen)...).Pad(12 * s)
		if l.apart != nil && !all.Fits(body) {
			chosen = l.dropNumbers(l.apart(s))
		}
		nodes = nodesOf(chosen)
		names = make([]string, len(chosen))
		for i, sh := range chosen {
			names[i] = sh.name
		}
	}
	body := image.Rect(a.Min.X, y, a.Max.X, a.Max.Y-ph)
	choose(body)
	l.want = y - a.Min.Y + l.bodyWanted(all, chosen) + ph
	// The switch at the top of the body, when the sheets take turns there.
	l.switcher.Options = names
	_, srows := l.switchSize(width)
	swH := srows*bh + gap
	one := func(r image.Rectangle) bool {
		for _, n := range nodes {
			if !layout.Column(0, n).Pad(12 * s).Fits(r) {
				return false
			}
		}
		return true
	}
	l.compact, l.folded = false, false
	switch {
	case all.Fits(body):
		l.setSheets(nil)
	case one(image.Rect(body.Min.X, body.Min.Y+swH, body.Max.X, body.Max.Y)):
		l.setSheets(names)
	default:
		l.compact = true
	}
	if l.compact {
		// One bar at the bottom: the switch, then the buttons; on two rows
		// when they do not fit on one, and no room for the keys' hint.
		l.hint = false
		bar := func() int {
			// The sheet that holds the folded header says so when a
			// field on it has an error: the function from a link may
			// have been refused, and the pictures show the last one.
			mark := func(name string) string {
				if l.folded && errs {
					return name + " (error)"
				}
				return name
			}
			switch {
			case l.hides(hideSteps) && l.folded:
				l.setSheets(append(names, mark("Function"))) // the header's sheet
			case l.hides(hideSteps):
				l.setSheets(names)
			case l.quiz.q != nil:
				l.setSheets(append(names, "Question", mark("Text")))
			default:
				l.setSheets(append(names, mark("Text")))
			}
			sw, rows := l.switchSize(width)
			h := gap + rows*bh + gap
			if !l.hides(hideSteps) && (rows > 1 || sw+float64(2*bw+2*gap) > width) {
				h += bh + gap // the buttons under the switch
			}
			return h
		}
		ph = bar()
		// On a small phone the header would leave the pictures a sliver:
		// it goes to the text's sheet, and the sheets are arranged again
		// for the room that frees.
		// Without the step's text, the header goes to a sheet of its own
		// as soon as the pictures do not fit under it.
		if a.Max.Y-ph-y < int(minBodyH*s) || l.hides(hideSteps) && !one(image.Rect(a.Min.X, y, a.Max.X, a.Max.Y-ph)) {
			l.folded = true
			y = a.Min.Y + l.cornerH()
			l.header = image.Rect(a.Min.X, y, a.Max.X, y)
			choose(image.Rect(a.Min.X, y, a.Max.X, a.Max.Y-ph))
			ph = bar()
		}
	}
	l.panel = image.Rect(a.Min.X, a.Max.Y-ph, a.Max.X, a.Max.Y)
	l.body = image.Rect(a.Min.X, y, a.Max.X, l.panel.Min.Y)

	// The buttons: right of the text, under it on a narrow screen, or in
	// the bar.
	pr := l.panel
	switch {
	case l.compact:
		l.next.Rect = image.Rect(pr.Max.X-int(pad)-bw, pr.Max.Y-gap-bh, pr.Max.X-int(pad), pr.Max.Y-gap)
	case l.narrow:
		w := (pr.Dx() - int(2*pad) - gap) / 2
		l.next.Rect = image.Rect(pr.Max.X-int(pad)-w, pr.Max.Y-gap-bh, pr.Max.X-int(pad), pr.Max.Y-gap)
		bw = w
	default:
		l.next.Rect = image.Rect(pr.Max.X-int(pad)-bw, pr.Min.Y+gap, pr.Max.X-int(pad), pr.Min.Y+gap+bh)
	}
	l.prev.Rect = l.next.Rect.Sub(image.Pt(bw+gap, 0))
	if l.hides(hideSteps) {
		l.prev.Rect, l.next.Rect = image.Rectangle{}, image.Rectangle{}
	}
	l.textAt = image.Pt(pr.Min.X+int(pad), pr.Min.Y+int(12*s))
	// The source button: under the step buttons, above them on a narrow
	// screen, or at the foot of the text's sheet (placeText).
	l.source.Rect = image.Rectangle{}
	switch {
	case note == 0 || l.compact:
	case l.narrow:
		l.source.Rect = image.Rect(l.prev.Rect.Min.X, l.prev.Rect.Min.Y-gap-bh, l.next.Rect.Max.X, l.prev.Rect.Min.Y-gap)
	default:
		l.source.Rect = image.Rect(l.prev.Rect.Min.X, l.prev.Rect.Max.Y+gap, l.next.Rect.Max.X, l.prev.Rect.Max.Y+gap+bh)
	}

	// The question, under the step's text, or on a sheet of its own.
	l.quiz.shown = false
	for _, w := range l.quiz.widgets() {
		w.(*viz.Button).Rect = image.Rectangle{}
	}
	if l.quiz.q != nil && !l.compact && !l.hides(hideSteps) {
		_, hh := viz.MeasureText(l.headL.Text(), stepHeadPx*s)
		_, tth := viz.MeasureText(l.textL.Text(), stepTextPx*s)
		l.placeQuiz(image.Pt(l.textAt.X, l.textAt.Y+int(hh+8*s+tth+quizGap*s)), textW, bh, true)
		l.quiz.shown = true
	}
	if l.quizSheet() && l.quiz.jump && l.asking() {
		l.switcher.Selected = len(l.sheetNames) - 2
		l.laid.sheet = l.switcher.Selected
	}
	l.quiz.jump = false

	// The sheets.
	l.switcher.Rect = image.Rectangle{}
	l.textScroll.SetRows(nil)
	for _, n := range nodes {
		n.Hide(false)
	}
	for _, n := range l.dropped {
		layout.Column(0, n.Hide(true)).Place(l.body) // empty places for its leaves
	}
	if l.sheetNames == nil {
		all.Place(l.body)
		return true
	}
	sww, srows := l.switchSize(width)
	sw := image.Rect(a.Min.X+int(pad), l.body.Min.Y+gap/2, a.Min.X+int(pad)+int(sww), l.body.Min.Y+gap/2+srows*bh)
	inner := image.Rect(l.body.Min.X, sw.Max.Y, l.body.Max.X, l.body.Max.Y)
	if l.compact {
		sw = image.Rect(pr.Min.X+int(pad), pr.Min.Y+gap, pr.Min.X+int(pad)+int(sww), pr.Min.Y+gap+srows*bh)
		inner = l.body
	}
	l.switcher.Rect = sw
	sel := l.switcher.Selected
	for i, n := range nodes {
		n.Hide(i != sel)
	}
	layout.Column(0, nodes...).Pad(12 * s).Place(inner)
	if l.folded && !l.showText() {
		for _, f := range l.fields {
			f.text.Rect = image.Rectangle{}
		}
	}
	if l.showText() {
		l.placeText(inner, head, st.text)
	}
	if l.showQuiz() {
		l.placeQuiz(image.Pt(inner.Min.X+int(pad), inner.Min.Y+int(12*s)), float64(inner.Dx())-2*pad, bh, true)
		l.quiz.shown = true
	}
	return true
}

// placeHeader lays out the title, wrapped, at the top of the w pixels
// wide strip from (x, y), and the fields under it, two to a row when there
// is room, and returns the y under them.
func (l *lesson) placeHeader(x, y, w int) int {
	s := l.scale
	pad := framePad * s
	tpx := titlePx
	if l.narrow {
		tpx = titleNarrow
	}
	top, corner := y, l.view.corner
	if l.hides(hideTitle) {
		y += int(8 * s)
	} else {
		l.titleL.Set(viz.WrapText(l.title, float64(tpx)*s, float64(w-corner)-2*pad), float64(tpx)*s, viz.Th().Text)
		_, th := viz.MeasureText(l.titleL.Text(), float64(tpx)*s)
		l.titleAt = image.Pt(x+int(pad), y+int(10*s))
		y += int(10*s + th + 8*s)
	}
	if l.hides(hideFields) {
		for _, f := range l.fields {
			f.text.Rect = image.Rectangle{}
		}
		return max(y, top+l.cornerH())
	}
	l.labelW = 0
	for _, f := range l.fields {
		lw, _ := viz.MeasureText(f.label, fieldPx*s)
		l.labelW = math.Max(l.labelW, lw)
	}
	perRow := 1
	if len(l.fields) > 1 && float64(w)/s >= 2*(framePad+l.labelW/s+10+240) {
		perRow = 2
	}
	fh := int(float64(l.controlHeight()) * s)
	colW := (float64(w) - pad) / float64(perRow)
	fy, errRoom := y, 0 // a row's top, and the room its fields' errors take under it
	for i, f := range l.fields {
		if i%perRow == 0 && i > 0 {
			fy, errRoom = fy+fh+errRoom, 0
		}
		fx := float64(x) + pad + float64(i%perRow)*colW
		x0 := int(fx + l.labelW + 10*s)
		right := int(fx + colW - pad) // the column's right edge
		if fy < top+l.cornerH() {
			right = min(right, x+w-corner) // beside the manager's buttons
		}
		x1 := right
		if perRow == 1 && !l.narrow {
			// Not wider than it needs: 60% of the screen.
			x1 = min(right, max(x0+int(200*s), x+w*60/100))
		}
		f.text.Rect = image.Rect(x0, fy, x1, fy+fh)
		// The error wraps within the column, under the box and beyond.
		errRoom = max(errRoom, int(f.text.MessageRoom(s, float64(right-x0))))
	}
	return max(fy+fh+errRoom, top+l.cornerH())
}

// cornerH returns the height in screen pixels of the manager's buttons
// at the top right of the lesson's area, or 0 when they are on the tab
// bar.
func (l *lesson) cornerH() int {
	if l.view.corner == 0 {
		return 0
	}
	return int(tabHeight * l.scale)
}

// dropNumbers returns sheets without the sheets of numbers when the page
// hides them, and keeps those in l.dropped, so that layout can give their
// leaves empty places; a lesson of numbers alone keeps them.
func (l *lesson) dropNumbers(sheets []sheet) []sheet {
	l.dropped = l.dropped[:0]
	if !l.hides(hideNumbers) {
		return sheets
	}
	kept := make([]sheet, 0, len(sheets))
	for _, sh := range sheets {
		if sh.name == "Numbers" || sh.name == "Values" {
			l.dropped = append(l.dropped, sh.node)
		} else {
			kept = append(kept, sh)
		}
	}
	if len(kept) == 0 {
		l.dropped = l.dropped[:0]
		return sheets
	}
	return kept
}

// placeText lays out the step's title head and its text in r, the sheet
// of the step's text, under the header when it is folded there: their
// lines scroll when they do not all fit.
func (l *lesson) placeText(r image.Rectangle, head, text string) {
	s := l.scale
	pad := framePad * s
	y := r.Min.Y + int(12*s)
	if l.folded {
		y = l.placeHeader(r.Min.X, r.Min.Y, r.Dx())
	}
	if l.hides(hideSteps) {
		l.textTops = l.textTops[:0]
		l.textScroll.SetRows(nil)
		return // the header's sheet: the title and the fields alone
	}
	w := float64(r.Dx()) - 2*pad
	l.headL.Set(viz.WrapText(head, stepHeadPx*s, w), stepHeadPx*s, viz.Th().Accent)
	l.textL.Set(viz.WrapText(text, stepTextPx*s, w), stepTextPx*s, viz.Th().Text)
	l.textAt = image.Pt(r.Min.X+int(pad), y)
	// The rows: the head's lines, then the text's, 8 pixels below.
	tops := l.textTops[:0]
	line := func(i int, px float64, from int) int { return from + int(math.Round(float64(i)*1.3*px)) }
	for i := range l.headL.Lines() {
		tops = append(tops, line(i, stepHeadPx*s, y))
	}
	_, hh := viz.MeasureText(l.headL.Text(), stepHeadPx*s)
	ty := y + int(hh+8*s)
	for i := range l.textL.Lines() {
		tops = append(tops, line(i, stepTextPx*s, ty))
	}
	_, th := viz.MeasureText(l.textL.Text(), stepTextPx*s)
	tops = append(tops, ty+int(math.Ceil(th)))
	l.textTops = tops
	bottom := r.Max.Y - int(8*s)
	if l.hasSource() {
		// The source button at the sheet's foot, the text above it.
		bh := int(float64(l.controlHeight()) * s)
		l.source.Rect = image.Rect(l.textAt.X, r.Max.Y-int(8*s)-bh, l.textAt.X+int(min(w, buttonW*2*s)), r.Max.Y-int(8*s))
		bottom = l.source.Rect.Min.Y - int(8*s)
	}
	l.textScroll.Rect = image.Rect(l.textAt.X, y, r.Max.X-int(pad), bottom)
	l.textScroll.SetRows(tops)
}

// controlHeight returns the height in CSS pixels of the lesson's buttons,
// fields and sliders on the area being laid out: touchH on a narrow or
// short screen, where fingers press them, else controlH.
func (l *lesson) controlHeight() int {
	if l.narrow || float64(l.area.Dy())/l.scale < shortH {
		return touchH
	}
	return controlH
}

// switchSize returns the width and the rows of the switch between the
// sheets in at most width pixels: its options in equal widths when they
// fit, or else each as wide as its label, on as many rows as they need.
func (l *lesson) switchSize(width float64) (float64, int) {
	w := l.switcher.Width(l.scale)
	l.switcher.Wrap = w > width
	// Rows measures the labels of the options as they are now, which the
	// switch draws with: they may have changed since its last Update (a
	// question gone with a step the lesson's own keys took).
	rows := l.switcher.Rows(width, l.scale)
	if !l.switcher.Wrap {
		return w, 1
	}
	return width, rows
}

// nodesOf returns the sheets' arrangements.
func nodesOf(sheets []sheet) []*layout.Node {
	nodes := make([]*layout.Node, len(sheets))
	for i, sh := range sheets {
		nodes[i] = sh.node
	}
	return nodes
}

// setSheets puts names on the switch (nil: no switch), keeping the sheet
// shown when it is still there.
func (l *lesson) setSheets(names []string) {
	l.sheetNames = names
	l.switcher.Options = names
	if l.switcher.Selected >= len(names) {
		l.switcher.Selected = 0
	}
	l.laid.sheet = l.switcher.Selected
}

// showText reports whether the step's text is shown in the body: it is a
// sheet of its own, and the one chosen.
func (l *lesson) showText() bool {
	return l.compact && (l.folded || !l.hides(hideSteps)) && l.switcher.Selected == len(l.sheetNames)-1
}

// relayout asks for the lesson to be laid out again at the next Layout:
// what it shows changed its geometry (a new function, new shapes, a view
// that appeared). A new function in a field always does.
func (l *lesson) relayout() { l.gen++ }

// watchErrors lays the lesson out again when a field's error came, went
// or changed since the last layout: the message wraps under its field,
// and a folded header's sheet is named after it. It reports whether a
// field has an error.
func (l *lesson) watchErrors() bool {
	if len(l.errs) != len(l.fields) {
		l.errs = make([]string, len(l.fields))
	}
	has := false
	for i, f := range l.fields {
		_, msg, ok := f.text.Error()
		if !ok {
			msg = ""
		}
		if msg != l.errs[i] {
			l.errs[i] = msg
			l.relayout()
		}
		has = has || ok
	}
	return has
}

// setLabels sets the cached text of the fields' labels and the keys' hint;
// the title and the step's texts are set by layout, which wraps them.
func (l *lesson) setLabels() {
	s := l.scale
	for _, f := range l.fields {
		f.labelL.Set(f.label, fieldPx*s, viz.Th().Text)
	}
	l.hintL.Set("PageDown / PageUp", hintPx*s, viz.Th().Muted)
}

// draw draws the header (title and function labels), the step panel or
// bar, the step's text where it goes, and every widget.
func (l *lesson) draw(screen *ebiten.Image) {
	s := l.scale
	if (!l.folded || l.showText()) && !l.hides(hideTitle) {
		l.titleL.Draw(screen, float64(l.titleAt.X), float64(l.titleAt.Y))
	}
	for _, f := range l.fields {
		r := f.text.Rect
		if r.Empty() {
			continue
		}
		w, h := viz.MeasureText(f.label, fieldPx*s)
		f.labelL.Draw(screen, float64(r.Min.X)-10*s-w, float64(r.Min.Y)+(float64(r.Dy())-h)/2)
	}
	pr := l.panel
	if !pr.Empty() {
		viz.FillRect(screen, pr, viz.Th().Panel)
		viz.Rule(screen, float64(pr.Min.X), float64(pr.Max.X), float64(pr.Min.Y), s, viz.Th().Border)
	}
	switch {
	case l.hides(hideSteps):
	case l.showText():
		// The rows shown, of the head's lines and then the text's.
		lo, hi, up := l.textScroll.Shown()
		nh := l.headL.Lines()
		x, tops := float64(l.textAt.X), l.textTops
		if lo < nh {
			l.headL.DrawLines(screen, x, float64(tops[lo]-up), lo, min(hi, nh))
		}
		if hi > nh {
			from := max(lo, nh)
			l.textL.DrawLines(screen, x, float64(tops[from]-up), from-nh, hi-nh)
		}
		l.textScroll.DrawBar(screen, s)
	case !l.compact:
		_, hh := viz.MeasureText(l.headL.Text(), stepHeadPx*s)
		l.headL.Draw(screen, float64(l.textAt.X), float64(l.textAt.Y))
		l.textL.Draw(screen, float64(l.textAt.X), float64(l.textAt.Y)+hh+8*s)
	}
	if l.hint {
		l.hintL.Draw(screen, float64(l.prev.Rect.Min.X), float64(max(l.prev.Rect.Max.Y, l.source.Rect.Max.Y))+8*s)
	}
	l.drawQuiz(screen)
	l.ui.Draw(screen)
}

// textLeaf returns a leaf for the text s at px pixels, which the lesson
// wraps to the width the leaf gets (viz.WrapText): at least least pixels
// wide, or as wide as its widest word, and as high as its lines at that
// width; it would like to be as wide as its longest line, up to most
// pixels.
func textLeaf(dst *image.Rectangle, s string, px, least, most float64) *layout.Node {
	w, _ := viz.MeasureText(s, px)
	mw, h := viz.MeasureText(viz.WrapText(s, px, math.Min(least, w)), px)
	// A pixel more: the layout rounds the leaf's edges.
	return layout.Leaf(dst, layout.Size{W: math.Ceil(mw) + 1, H: h}, layout.Size{W: math.Ceil(math.Min(w, most)) + 1, H: h})
}

// wrapTo wraps s at px pixels to the width of r, the place a leaf gave
// it, when it is on show.
func wrapTo(s string, px float64, r image.Rectangle) string {
	if r.Empty() {
		return s
	}
	return viz.WrapText(s, px, float64(r.Dx()))
}

// drawAt draws l at the top left of r, the place a leaf gave it, when it
// is on show: a hidden sheet's leaves get empty places.
func drawAt(screen *ebiten.Image, l *viz.Label, r image.Rectangle) {
	if !r.Empty() {
		l.Draw(screen, float64(r.Min.X), float64(r.Min.Y))
	}
}

// fitTeX sets f to the TeX src at px pixels, or smaller, down to least,
// so that it fits in width pixels: a formula scales with its panel.
// It measures the formula with viz.MeasureTeX, so that the formula is set
// once, at the size it is drawn at: setting it at px and then at a smaller
// size would lay it out and draw it again every frame.
func fitTeX(f *viz.Formula, src string, px, least, width float64) error {
	if src != "" && width > 0 {
		w, _, _, err := viz.MeasureTeX(src, px)
		if err != nil {
			return err
		}
		px = shrunk(px, least, w, width)
	}
	return f.SetTeX(src, px)
}

// shrunk returns the size, px or smaller down to least, at which a formula
// w pixels wide at px fits in width pixels.
func shrunk(px, least, w, width float64) float64 {
	if w <= width {
		return px
	}
	return math.Max(least, math.Floor(px*width/w))
}
