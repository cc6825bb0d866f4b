package scenes

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/jacobianlab/jacobianlab/viz"
)

// How the page asks a lesson to look, for a course site that embeds it:
// the page's keys embed, hide, lock and theme. Like motion and parent,
// they belong to the page rather than to a lesson: the manager reads them
// (readView), keeps them whatever the lesson (addPageKeys), and hands the
// lesson what it hides and whether its functions are locked (frameView).

// hidePart is a part of the screen the page's hide key can hide.
type hidePart uint8

const (
	hideTabs    hidePart = 1 << iota // the tab bar of lessons
	hideTitle                        // the lesson's title
	hideFields                       // the typed functions' fields
	hideSteps                        // the step panel: the step's text and Previous and Next
	hideNumbers                      // the sheet or panel of numbers
)

// hideName is a part the hide key names, and its name.
type hideName struct {
	name string
	part hidePart
}

// hideNames are the hide key's parts, in the order the address writes
// them.
var hideNames = []hideName{{"tabs", hideTabs}, {"title", hideTitle}, {"fields", hideFields}, {"steps", hideSteps}, {"numbers", hideNumbers}}

// String returns the parts of h as the hide key writes them, comma
// separated.
func (h hidePart) String() string {
	var names []string
	for _, n := range hideNames {
		if h&n.part != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ",")
}

// frameView is what the page asks of a lesson's frame: the parts it
// hides, whether its functions are locked, and the width in screen pixels
// the manager's buttons take at the top right of its area when there is
// no tab bar to hold them (0 when there is).
type frameView struct {
	hide   hidePart
	lock   bool
	corner int
}

// viewer is a scene whose frame the page can change (a lesson).
type viewer interface{ setView(v frameView) }

// themeNames are the theme key's values, the default first.
var themeNames = []string{"light", "dark", "projector"}

// readView reads the page's keys embed, hide, lock and theme of q and
// returns a notice for each value that is not one; a bad value counts as
// the key's default.
func (m *Manager) readView(q url.Values) string {
	var notices []string
	flag := func(key, does string) bool {
		switch v := strings.TrimSpace(q.Get(key)); v {
		case "", "0":
			return false
		case "1":
			return true
		default:
			notices = append(notices, fmt.Sprintf("%s=%q is neither 1 nor 0: %s=1 %s; showing it as usual.", key, shorten(v), key, does))
			return false
		}
	}
	m.embed = flag("embed", "shows the lesson alone, without the tabs of the others")
	m.lock = flag("lock", "keeps the functions as they are")
	m.hide = 0
	var unknown []string
	for _, part := range strings.Split(q.Get("hide"), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := slices.IndexFunc(hideNames, func(n hideName) bool { return n.name == strings.ToLower(part) })
		if i < 0 {
			unknown = append(unknown, fmt.Sprintf("%q", shorten(part)))
			continue
		}
		m.hide |= hideNames[i].part
	}
	if len(unknown) > 0 {
		notices = append(notices, fmt.Sprintf("hide= has %s, which is not a part of the screen (tabs, title, fields, steps, numbers): it is shown.", strings.Join(unknown, ", ")))
	}
	m.theme = strings.ToLower(strings.TrimSpace(q.Get("theme")))
	if m.theme != "" && !slices.Contains(themeNames, m.theme) {
		notices = append(notices, fmt.Sprintf("theme=%q is not a theme (light, dark, projector); showing the default.", shorten(m.theme)))
		m.theme = ""
	}
	m.setTheme(m.themeName())
	return joinNotices(notices...)
}

// addViewKeys adds the keys embed, hide, lock and theme to q where they
// differ from their defaults.
func (m *Manager) addViewKeys(q url.Values) {
	if m.embed {
		q.Set("embed", "1")
	}
	if m.hide != 0 {
		q.Set("hide", m.hide.String())
	}
	if m.lock {
		q.Set("lock", "1")
	}
	if m.theme != "" {
		q.Set("theme", m.theme)
	}
}

// SetSystemDark says whether the reader's system asks for a dark colour
// scheme (the browser's prefers-color-scheme): without a theme key, the
// lesson is drawn in the dark theme then. It is safe to call from any
// goroutine.
func (m *Manager) SetSystemDark(on bool) { m.systemDark.Store(on) }

// themeName returns the name of the theme to draw in: the theme key's,
// or without one, dark when the reader's system asks for it, else light.
func (m *Manager) themeName() string {
	switch {
	case m.theme != "":
		return m.theme
	case m.systemDark.Load():
		return "dark"
	}
	return themeNames[0]
}

// setTheme draws everything in the theme called name from the next frame
// on, at its zoom, and makes the manager lay out and draw again what it
// keeps.
func (m *Manager) setTheme(name string) {
	m.shown = name
	th := viz.Themes[name]
	viz.SetTheme(th)
	m.zoom = th.Zoom
	m.scale = m.dpr * m.zoom
	m.bannerKey, m.help.laid, m.bar.laid = bannerKey{}, helpKey{}, barKey{}
}

// barHidden reports whether the tab bar is hidden: in embed mode, or by
// hide=tabs.
func (m *Manager) barHidden() bool { return m.embed || m.hide&hideTabs != 0 }

// barH returns the height in screen pixels of the tab bar, 0 when it is
// hidden.
func (m *Manager) barH() float64 {
	if m.barHidden() {
		return 0
	}
	return tabHeight * m.scale
}

// view returns what the current lesson's frame is asked for.
func (m *Manager) view() frameView {
	v := frameView{hide: m.hide, lock: m.lock}
	if m.barHidden() {
		_, buttons, _ := m.barRow() // Share and Keys, left to right
		v.corner = m.w - buttons[0].Min.X + int(8*m.scale)
	}
	return v
}

// setView implements viewer for a lesson.
func (l *lesson) setView(v frameView) {
	if v != l.view {
		l.view = v
		l.relayout()
	}
	for _, f := range l.fields {
		f.text.ReadOnly = v.lock
	}
}

// hides reports whether the page hides part p of the lesson.
func (l *lesson) hides(p hidePart) bool { return l.view.hide&p != 0 }
