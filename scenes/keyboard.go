package scenes

import (
	"image"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The keyboard. Every control on the canvas is reached with Tab and
// Shift+Tab, top to bottom: the tab bar (← and → change the lesson), the
// Help button, then the scene's own controls. In the browser the page
// takes Tab from the canvas and asks MoveFocus where it goes: past the
// last control, or before the first, the focus leaves the canvas for the
// page (and the page's inputs of the functions, which come before the
// canvas), so the keys are never trapped in it. The desktop app has
// nothing outside its window, so there Tab goes round from the last
// control to the first.
//
// ? (or the Help button) opens the Help panel (help.go), whose Keys tab
// shows the keys of the lesson on show, which each lesson lists beside
// the code that reads them (Shortcutter); Escape or ? closes it.

// Controller is a scene whose controls take the keyboard focus.
type Controller interface {
	// Controls returns the scene's controls, in focus order.
	Controls() *viz.UI
}

// Controls implements Controller: the lesson's widgets.
func (l *lesson) Controls() *viz.UI { return l.ui }

// Shortcut is a key, or a few, and what it does, for the Help panel's Keys tab.
type Shortcut struct {
	Keys, Does string
}

// Shortcutter is a scene that lists the keys it reads.
type Shortcutter interface {
	// Shortcuts returns the scene's keys, in the order the list shows
	// them; the manager adds the keys every scene shares.
	Shortcuts() []Shortcut
}

// shortcuts returns the frame's keys followed by a lesson's own.
func (l *lesson) shortcuts(own ...Shortcut) []Shortcut {
	return append([]Shortcut{{"PageDown, PageUp", "next or previous step"}}, own...)
}

// sharedShortcuts are the keys of every scene, which the list ends with.
var sharedShortcuts = []Shortcut{
	{"Tab, Shift+Tab", "next or previous control"},
	{"Enter, Space", "press the focused button"},
	{"← →", "change the focused slider, switch or lesson tab"},
	{"Escape", "let go of the focused control"},
	{"?", "open or close this Help panel"},
	{"S", "share: copy a link, embed code or LaTeX, save a picture or a figure"},
}

// WidgetName implements viz.Named for the chain rule's animation.
func (v *chainView) WidgetName() (kind, text string) { return "animation", "" }

// MoveFocus moves the keyboard focus to the next control on the canvas,
// or to the previous one if back is set (from no focus, to the first or
// the last), and reports whether there was one. If there was not, no
// control keeps the focus, and the page moves its own on, out of the
// canvas. It never waits for the game loop: while a tick runs it answers
// false and lets go of the focus at the next tick, so that Tab can always
// leave the canvas.
func (m *Manager) MoveFocus(back bool) (moved bool) {
	if !m.mu.TryLock() {
		m.ClearFocus()
		return false
	}
	defer m.mu.Unlock()
	return m.moveFocus(back)
}

// ClearFocus takes the keyboard focus from every control on the canvas at
// the next tick: the page's focus went elsewhere. It is safe to call from
// any goroutine.
func (m *Manager) ClearFocus() {
	m.reqMu.Lock()
	m.blur, m.enter = true, nil
	m.reqMu.Unlock()
}

// controls returns the current scene's controls, or nil.
func (m *Manager) controls() *viz.UI {
	if c, ok := m.scene.(Controller); ok && m.err == "" {
		return c.Controls()
	}
	return nil
}

// focusChain returns the UIs the focus goes through, in order: the
// manager's own, then the scene's unless the Help panel covers it.
func (m *Manager) focusChain() []*viz.UI {
	if m.share.open {
		return []*viz.UI{m.share.ui} // the menu keeps the focus while it is open
	}
	chain := []*viz.UI{m.ui}
	if c := m.controls(); c != nil && !m.help.open {
		chain = append(chain, c)
	}
	return chain
}

// moveFocus is MoveFocus inside the game loop's lock.
func (m *Manager) moveFocus(back bool) bool {
	chain := m.focusChain()
	i := slices.IndexFunc(chain, func(u *viz.UI) bool { return u.Focused() != nil })
	if i < 0 && back {
		i = len(chain) - 1
	}
	for i = max(i, 0); i >= 0 && i < len(chain); {
		if chain[i].MoveFocus(back) {
			return true
		}
		if back {
			i--
		} else {
			i++
		}
	}
	return false
}

// clearFocus takes the focus from every control.
func (m *Manager) clearFocus() {
	m.ui.Focus(nil)
	if c := m.controls(); c != nil {
		c.Focus(nil)
	}
}

// focused returns the control with the keyboard focus, or nil.
func (m *Manager) focused() viz.Widget {
	for _, u := range m.focusChain() {
		if w := u.Focused(); w != nil {
			return w
		}
	}
	return nil
}

// control names the focused control for state(): its kind and its text,
// as layout() names it, or "" when none has the focus.
func (m *Manager) control() string {
	w := m.focused()
	if w == nil {
		return ""
	}
	kind, text := viz.WidgetName(w)
	if text == "" {
		return kind
	}
	return kind + ": " + text
}

// tabBar is the tab bar as a control: ← and → (Home, End) open the
// previous or next (first, last) lesson; when the lessons are folded into
// a menu, Enter or Space opens and closes it. The pointer is the
// manager's (pickLesson): a press on the bar picks a lesson without
// focusing it.
type tabBar struct {
	m    *Manager
	rect image.Rectangle // the current lesson's tab

	// The bar's layout (Manager.barRow), and what it was laid out for.
	laid        barKey
	tabRects    []image.Rectangle
	buttonRects []image.Rectangle // the bar's buttons' (Manager.barButtons)
	fits        bool

	// titles are the tabs' titles by lesson, and folded the current
	// lesson's on a folded bar: each drawn into an image when it changes,
	// as the bar is drawn every frame.
	titles map[string]*viz.Label
	folded viz.Label
}

// title returns the label that draws the title of the tab of lesson id.
func (b *tabBar) title(id string) *viz.Label {
	if b.titles == nil {
		b.titles = map[string]*viz.Label{}
	}
	l, ok := b.titles[id]
	if !ok {
		l = &viz.Label{}
		b.titles[id] = l
	}
	return l
}

var _ viz.Widget = (*tabBar)(nil)

// Bounds implements viz.Widget.
func (b *tabBar) Bounds() image.Rectangle { return b.rect }

// WidgetName implements viz.Named.
func (b *tabBar) WidgetName() (kind, text string) {
	if e, ok := lookup(b.m.id); ok {
		return "tabs", e.Title
	}
	return "tabs", ""
}

// Update implements viz.Widget.
func (b *tabBar) Update(in *viz.Input, st viz.WidgetState) {
	if !st.Focused {
		return
	}
	m := b.m
	var ids []string
	for t := range m.tabs {
		ids = append(ids, t.ID)
	}
	i := slices.Index(ids, m.id)
	switch {
	case in.Take(ebiten.KeyArrowLeft):
		i--
	case in.Take(ebiten.KeyArrowRight):
		i++
	case in.TakePress(ebiten.KeyHome):
		i = 0
	case in.TakePress(ebiten.KeyEnd):
		i = len(ids) - 1
	case m.folded() && (in.TakePress(ebiten.KeyEnter) || in.TakePress(ebiten.KeySpace)):
		m.menuOpen = !m.menuOpen
	}
	if i = min(max(i, 0), len(ids)-1); i >= 0 && ids[i] != m.id {
		m.pick = ids[i]
	}
}

// Draw implements viz.Widget: the bar, its tabs and the open menu.
func (b *tabBar) Draw(dst *ebiten.Image, _ *viz.Theme, _ viz.WidgetState) {
	b.m.drawTabs(dst)
}

// placeBar places the tab bar's controls: the current lesson's tab, which
// the focus ring goes round, and the Help button at the bar's right end,
// a square "?" on a narrow screen, such as a phone's, which seldom has
// keys and needs the room.
func (m *Manager) placeBar() {
	s := m.scale
	m.keysButton.Label = helpLabel
	if float64(m.w)/s < narrowW || m.barHidden() {
		m.keysButton.Label = "?"
	}
	_, rects, _ := m.barRow()
	for i, b := range m.barButtons() {
		b.Rect = rects[i]
	}
	m.bar.rect = image.Rectangle{}
	if m.barHidden() {
		return // the buttons at its end stay, in the lesson's top corner
	}
	if m.folded() {
		x0, x1 := m.foldedTab()
		m.bar.rect = image.Rect(int(x0), int(2*s), int(x1), int((tabHeight-2)*s))
		return
	}
	for t := range m.tabs {
		if t.ID == m.id {
			m.bar.rect = image.Rect(int(t.x0), int(2*s), int(t.x1), int((tabHeight-2)*s))
		}
	}
}
