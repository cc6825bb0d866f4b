package scenes

import (
	"fmt"
	"image"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The Help panel, drawn over the scene: its tabs show the keys of the
// lesson on show (Keys), the notation every lesson writes and a glossary
// of the words they use (Notation), and what the lessons owe to the text
// they teach and where they depart from it (Source). ? or the Help button
// opens and closes it, Escape or a press beside it closes it, and a
// lesson's "In the source" note opens it on the Source tab. Its rows
// scroll when they do not fit: with a drag or the wheel, and with ↑ ↓
// (when the tabs have not the focus), PageUp and PageDown.

// helpLabel is the Help button's label.
const helpLabel = "Help (?)"

// The Help panel's tabs.
const (
	helpKeys = iota
	helpNotation
	helpSource
)

// helpTabs are the tabs' names, in order.
var helpTabs = []string{"Keys", "Notation", "Source"}

// helpPanel is the Help panel.
type helpPanel struct {
	open   bool
	rect   image.Rectangle
	laid   helpKey
	tabs   *viz.Segmented
	title  viz.Label
	rows   []helpRow
	scroll viz.Scroll
	tops   []int   // each row's top, on screen, with none scrolled away
	leftW  float64 // the left column's width
	stack  bool    // whether a row's right text goes under its left one
}

// helpRow is a row of the panel: a key and what it does, a symbol and
// what it means, a word and its definition, or, with no left text, a
// heading or a paragraph across the panel.
type helpRow struct {
	left, right   viz.Label
	heading       bool
	leftH, rightH float64
}

// helpEntry is a row's texts before they are wrapped.
type helpEntry struct {
	left, right string
	heading     bool
}

// helpKey is what the panel's layout depends on.
type helpKey struct {
	area  image.Rectangle
	scale float64
	tab   int
	list  string // the shortcuts, joined
}

// Sizes of the Help panel, in CSS pixels.
const (
	helpPx     = 15  // its text
	helpTitle  = 17  // its title
	helpMaxW   = 620 // its largest width
	helpMargin = 16  // its margin inside and its least distance from the screen's edge
	helpStackW = 400 // below this width inside, a row's two texts stack
)

// newHelpPanel returns the closed panel, its tabs on the Keys tab.
func newHelpPanel() helpPanel {
	return helpPanel{tabs: &viz.Segmented{Options: helpTabs}}
}

// shortcuts returns the keys of the scene on show, then the shared ones.
func (m *Manager) shortcuts() []Shortcut {
	var own []Shortcut
	if s, ok := m.scene.(Shortcutter); ok && m.err == "" {
		m.guard(func() { own = s.Shortcuts() })
	}
	return append(own, sharedShortcuts...)
}

// helpEntries returns the rows of the tab shown.
func (m *Manager) helpEntries(list []Shortcut) []helpEntry {
	var rows []helpEntry
	switch m.help.tabs.Selected {
	case helpKeys:
		for _, sc := range list {
			rows = append(rows, helpEntry{left: sc.Keys, right: sc.Does})
		}
	case helpNotation:
		rows = append(rows, helpEntry{right: "The notation of every lesson", heading: true})
		for _, e := range notationCard {
			rows = append(rows, helpEntry{left: e[0], right: e[1]})
		}
		rows = append(rows, helpEntry{right: "Glossary", heading: true})
		for _, e := range glossary {
			rows = append(rows, helpEntry{left: e[0], right: e[1]})
		}
	case helpSource:
		for _, p := range aboutSource {
			rows = append(rows, helpEntry{right: p})
		}
	}
	return rows
}

// layoutHelp lays the panel out in the scene's area, centred at the top,
// when it is open and what it shows or its room changed.
func (m *Manager) layoutHelp() {
	h := &m.help
	if !h.open {
		h.tabs.Rect = image.Rectangle{}
		return
	}
	list := m.shortcuts()
	var joined strings.Builder
	for _, sc := range list {
		joined.WriteString(sc.Keys + "\x00" + sc.Does + "\x00")
	}
	k := helpKey{area: m.in.Area, scale: m.scale, tab: h.tabs.Selected, list: joined.String()}
	if k == h.laid {
		return
	}
	if k.tab != h.laid.tab {
		h.scroll.Top = 0
	}
	h.laid = k
	s := m.scale
	a := k.area
	pad := helpMargin * s
	w := min(float64(a.Dx())-2*pad, helpMaxW*s)
	inner := w - 2*pad
	x0 := a.Min.X + (a.Dx()-int(w))/2
	y0 := a.Min.Y + int(pad)
	px := helpPx * s
	h.title.Set("Help", helpTitle*s, viz.Th().Text)
	_, th := viz.MeasureText("Help", helpTitle*s)
	ctl := float64(controlH)
	if float64(m.w)/s < narrowW || float64(m.h)/s < shortH {
		ctl = touchH
	}
	ty := y0 + int(pad+th+0.5*pad)
	h.tabs.Rect = image.Rect(x0+int(pad), ty, x0+int(pad+inner), ty+int(ctl*s))

	entries := m.helpEntries(list)
	h.stack = inner < helpStackW*s
	h.leftW = 0
	if !h.stack {
		for _, e := range entries {
			if !e.heading && e.left != "" {
				lw, _ := viz.MeasureText(e.left, px)
				h.leftW = max(h.leftW, lw)
			}
		}
		h.leftW = min(h.leftW, 0.35*inner)
	}
	h.rows = slices.Grow(h.rows[:0], len(entries))[:len(entries)]
	h.tops = h.tops[:0]
	y := float64(h.tabs.Rect.Max.Y) + 0.8*pad
	for i, e := range entries {
		r := &h.rows[i]
		r.heading = e.heading
		rightW := inner
		if e.left != "" && !h.stack {
			rightW = inner - h.leftW - pad
		}
		leftW := h.leftW
		if h.stack {
			leftW = inner
		}
		lt := viz.WrapText(e.left, px, leftW)
		rt := viz.WrapText(e.right, px, rightW)
		clr := viz.Th().Text
		if e.heading {
			clr = viz.Th().Accent
		}
		r.left.Set(lt, px, viz.Th().Accent)
		r.right.Set(rt, px, clr)
		r.leftH, r.rightH = 0, 0
		if e.left != "" {
			_, r.leftH = viz.MeasureText(lt, px)
		}
		_, r.rightH = viz.MeasureText(rt, px)
		h.tops = append(h.tops, int(y))
		if h.stack {
			y += r.leftH + r.rightH + 0.6*px
		} else {
			y += max(r.leftH, r.rightH) + 0.5*px
		}
		if e.heading && i > 0 {
			h.tops[i] += int(0.5 * px)
			y += 0.5 * px
		}
	}
	h.tops = append(h.tops, int(y))
	bottom := min(a.Max.Y-int(pad), int(y+pad))
	h.rect = image.Rect(x0, y0, x0+int(w), bottom)
	h.scroll.Rect = image.Rect(x0+int(pad), h.tabs.Rect.Max.Y+int(0.8*pad), x0+int(pad+inner), bottom-int(0.5*pad))
	h.scroll.SetRows(h.tops)
}

// updateHelp runs the open panel for a tick, after the manager's
// controls: its rows scroll with a drag, the wheel and the keys, and
// another tab lays it out again.
func (m *Manager) updateHelp(in *viz.Input) {
	h := &m.help
	if !h.open {
		return
	}
	if h.tabs.Changed() {
		m.layoutHelp()
	}
	h.scroll.Update(in)
	_, tabsFocused := m.ui.Focused().(*viz.Segmented)
	up, down := h.scroll.Ways()
	switch {
	case down && (in.Take(ebiten.KeyPageDown) || !tabsFocused && in.Take(ebiten.KeyArrowDown)):
		h.scroll.Top++
	case up && (in.Take(ebiten.KeyPageUp) || !tabsFocused && in.Take(ebiten.KeyArrowUp)):
		h.scroll.Top--
	}
}

// drawHelp draws the open panel; the manager's UI draws its tabs.
func (m *Manager) drawHelp(screen *ebiten.Image) {
	h := &m.help
	if !h.open || h.rect.Empty() {
		return
	}
	s := m.scale
	r := h.rect
	viz.FillRect(screen, r, viz.Th().Panel)
	viz.StrokeRect(screen, r, s, viz.Th().Border)
	x, y := float64(r.Min.X), float64(r.Min.Y)
	pad := helpMargin * s
	h.title.Draw(screen, x+pad, y+pad)
	lo, hi, up := h.scroll.Shown()
	for i := lo; i < hi; i++ {
		row := &h.rows[i]
		ry := float64(h.tops[i] - up)
		switch {
		case row.left.Text() == "":
			row.right.Draw(screen, x+pad, ry)
		case h.stack:
			row.left.Draw(screen, x+pad, ry)
			row.right.Draw(screen, x+pad, ry+row.leftH)
		default:
			row.left.Draw(screen, x+pad, ry)
			row.right.Draw(screen, x+2*pad+h.leftW, ry)
		}
	}
	h.scroll.DrawBar(screen, s)
}

// toggleHelp opens the panel, or closes it. The scene's controls let go
// of the focus while it covers them.
func (m *Manager) toggleHelp() {
	m.help.open = !m.help.open
	if c := m.controls(); c != nil && m.help.open {
		c.Focus(nil)
	}
	m.help.laid = helpKey{}
}

// openHelp opens the panel on the given tab.
func (m *Manager) openHelp(tab int) {
	if !m.help.open {
		m.toggleHelp()
	}
	m.help.tabs.Selected = tab
}

// followSource opens the Help panel on the Source tab when the scene's
// source button asked for it in the last Update.
func (m *Manager) followSource() {
	if a, ok := m.scene.(sourceAsker); ok && a.askedSource() {
		m.openHelp(helpSource)
	}
}

// sourceAsker is a scene whose step's note asks for the Source tab.
type sourceAsker interface {
	// askedSource reports whether the note asked for it in the last
	// Update, and forgets it.
	askedSource() bool
}

// OpenHelp opens the Help panel on the tab called tab (Keys, Notation or
// Source, in any case), or returns an error that names the tabs.
func (m *Manager) OpenHelp(tab string) error {
	i := slices.IndexFunc(helpTabs, func(t string) bool { return strings.EqualFold(t, tab) })
	if i < 0 {
		return fmt.Errorf("there is no Help tab %q (tabs: %s)", tab, strings.Join(helpTabs, ", "))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.openHelp(i)
	return nil
}
