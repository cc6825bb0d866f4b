package scenes

import (
	"fmt"
	"image"
	"net/url"
	"slices"
	"strings"

	"github.com/jacobianlab/jacobianlab/viz"
)

// The page around the canvas. Besides the fields (fields.go) and the
// description, the manager tells the web page the lesson's title, the
// height the lesson would like and where the mouse wheel goes to the app
// (OnPage), and takes from it the keys a host page sets (Apply) and the
// reader's wish for reduced motion (SetReducedMotion). It also reads the
// page's keys that are its own rather than a lesson's: motion and parent.

// Page is what the web page around the canvas is told of what is on show.
type Page struct {
	// Lesson is the title of the lesson on show, for the canvas's name.
	Lesson string `json:"lesson"`
	// Height is the height in CSS pixels the lesson would like at the
	// canvas's width, the tab bar included (see lesson_height.go), or 0
	// when the scene has no wish.
	Height int `json:"height"`
	// Wheel lists the places on the canvas that take the mouse wheel.
	Wheel []WheelArea `json:"wheel"`
}

// WheelArea is a place on the canvas that takes the mouse wheel: a view
// that zooms, or a panel that scrolls. In a page embedded in another, the
// wheel elsewhere scrolls the host page.
type WheelArea struct {
	// Rect is [x0, y0, x1, y1] in CSS pixels from the canvas's top-left.
	Rect [4]float64 `json:"rect"`
	// Zoom says the wheel zooms there. In an embedded page it does so
	// only after a press on the place, as a map does, so that the wheel
	// scrolling the host page is not caught on the way.
	Zoom bool `json:"zoom,omitempty"`
	// Up and Down say which ways a panel can scroll: the wheel goes to
	// it only that way, and to the host page at its ends.
	Up   bool `json:"up,omitempty"`
	Down bool `json:"down,omitempty"`
}

// wheelPlace is a scene's place that takes the wheel, in screen pixels.
type wheelPlace struct {
	rect           image.Rectangle
	zoom, up, down bool
}

// wheeler is a scene with places that take the mouse wheel.
type wheeler interface {
	// wheelPlaces appends the places on show that take the wheel to dst.
	wheelPlaces(dst []wheelPlace) []wheelPlace
}

// wheelPlaces implements wheeler for a lesson: the step's text on its
// sheet, when its lines scroll.
func (l *lesson) wheelPlaces(dst []wheelPlace) []wheelPlace {
	return scrollPlace(dst, &l.textScroll)
}

// wheelPlaces implements wheeler for the gradient lesson: its numbers,
// when they scroll, and the frame's.
func (s *gradient) wheelPlaces(dst []wheelPlace) []wheelPlace {
	return scrollPlace(s.lesson.wheelPlaces(dst), &s.scroll)
}

// scrollPlace appends sc's rectangle to dst when its rows scroll, with the
// ways they can go.
func scrollPlace(dst []wheelPlace, sc *viz.Scroll) []wheelPlace {
	if sc.Scrolls() {
		up, down := sc.Ways()
		dst = append(dst, wheelPlace{rect: sc.Rect, up: up, down: down})
	}
	return dst
}

// heightWanter is a scene that would like a height at its width.
type heightWanter interface {
	// wantedHeight returns the height in screen pixels the scene would
	// like at the width of its area, from the area's top.
	wantedHeight() int
}

// cssRect returns r, in screen pixels at scale s, in CSS pixels.
func cssRect(r image.Rectangle, s float64) [4]float64 {
	return [4]float64{float64(r.Min.X) / s, float64(r.Min.Y) / s, float64(r.Max.X) / s, float64(r.Max.Y) / s}
}

// heightSlack is how much less height, in CSS pixels, a lesson asks for
// at the same width before the page is told.
const heightSlack = 32

// updatePage calls OnPage when what the page is told changed.
func (m *Manager) updatePage() {
	if m.OnPage == nil {
		return
	}
	p := Page{Wheel: m.pageWheel[:0]}
	if e, ok := lookup(m.id); ok {
		p.Lesson = e.Title
	}
	if m.err == "" {
		if w, ok := m.scene.(heightWanter); ok {
			if h := w.wantedHeight(); h > 0 {
				p.Height = int(float64(m.in.Area.Min.Y+h)/m.dpr + 0.999)
			}
		}
		if w, ok := m.scene.(wheeler); ok {
			m.wheelBuf = w.wheelPlaces(m.wheelBuf[:0])
			for _, wp := range m.wheelBuf {
				p.Wheel = append(p.Wheel, WheelArea{Rect: cssRect(wp.rect, m.dpr), Zoom: wp.zoom, Up: wp.up, Down: wp.down})
			}
		}
	}
	m.pageWheel = p.Wheel
	if p.Lesson == m.page.Lesson && m.w == m.pageW && p.Height < m.page.Height && m.page.Height-p.Height < heightSlack {
		// A lesson laid out at the height it asked for may ask for a
		// little less; a host that follows would go back and forth.
		p.Height = m.page.Height
	}
	m.pageW = m.w
	if p.Lesson == m.page.Lesson && p.Height == m.page.Height && slices.Equal(p.Wheel, m.page.Wheel) {
		return
	}
	p.Wheel = slices.Clone(p.Wheel)
	m.page = p
	m.OnPage(p)
}

// addPageKeys adds the keys that belong to the page rather than to a
// lesson to q, the address of what is on show, where they differ from
// their defaults: the address keeps them whatever the lesson shows.
func (m *Manager) addPageKeys(q url.Values) {
	if m.motionOff {
		q.Set("motion", "off")
	}
	if m.parentKey != "" {
		q.Set("parent", m.parentKey)
	}
	m.addViewKeys(q)
}

// readMotion reads the motion key of q and returns a notice when its
// value is not one.
func (m *Manager) readMotion(q url.Values) string {
	switch v := strings.TrimSpace(q.Get("motion")); v {
	case "", "on":
		m.motionOff = false
	case "off":
		m.motionOff = true
	default:
		m.motionOff = false
		return fmt.Sprintf("motion=%q is not a setting: motion=off makes whatever plays jump from step to step; playing as usual.", shorten(v))
	}
	return ""
}

// maxParent is the longest parent= value read: an origin is short.
const maxParent = 256

// readParent reads the parent key of q, the origin of the only host page
// allowed to send the lesson messages, and returns a notice when its value
// is not an origin. A bad value allows no host page at all: the page
// asked for a restriction, and gets the strictest.
func (m *Manager) readParent(q url.Values) string {
	v := strings.TrimSpace(q.Get("parent"))
	m.parentKey, m.parent = "", "*"
	if v == "" {
		return ""
	}
	origin, ok := webOrigin(v)
	if !ok || len(v) > maxParent {
		// The address keeps the bad value, so that the page opened
		// again from it (a reload) trusts no host either.
		m.parentKey, m.parent = v[:min(len(v), maxParent+1)], ""
		return fmt.Sprintf("parent=%q is not the origin of a web page, such as https://courses.example.org: no host page can send this lesson messages.", shorten(v))
	}
	m.parentKey, m.parent = origin, origin
	return ""
}

// webOrigin returns the origin s names, as a browser writes it (lower
// case, without the scheme's default port), and whether s is an http or
// https origin: a scheme and a host, with nothing after but a slash.
func webOrigin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" || (u.Path != "" && u.Path != "/") ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	def := map[string]string{"http": "80", "https": "443"}[scheme]
	if def == "" || u.Hostname() == "" {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 address
	}
	if p := u.Port(); p != "" && p != def {
		host += ":" + p
	}
	return scheme + "://" + host, true
}

// shorten returns s, cut to 40 characters with an ellipsis if longer, for
// a notice that quotes a value.
func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Parent returns the origin of the host page allowed to send the lesson
// messages, as the page's parent= key says: "*" for any when the page has
// no such key, and "" for none when its value is not an origin. It does
// not change once the manager is made.
func (m *Manager) Parent() string { return m.parent }

// keysApply is a host page's keys queued for the next tick, and what to
// call once they are applied.
type keysApply struct {
	keys url.Values
	done func()
}

// Apply applies the page's keys p at the next tick as the address would:
// over the keys of what is on show (with another scene, over none but
// the page's own), the lesson is built again from them, and a bad value
// shows the usual notice. The parent key cannot be changed. After that
// tick, done is called, if not nil, outside the game loop's lock, so
// that it can read State. It is safe to call from any goroutine.
func (m *Manager) Apply(p url.Values, done func()) {
	m.reqMu.Lock()
	m.applies = append(m.applies, keysApply{p, done})
	m.reqMu.Unlock()
}

// apply applies the keys p as Apply says, inside the game loop.
func (m *Manager) apply(p url.Values) {
	q := m.address()
	if id := p.Get("scene"); id != "" && id != m.id {
		q = url.Values{}
		m.addPageKeys(q)
	}
	for k, v := range p {
		if k != "parent" {
			q[k] = v
		}
	}
	notice := joinNotices(m.readMotion(q), m.readView(q))
	m.switchTo(q.Get("scene"), q)
	m.notice = joinNotices(m.notice, notice)
}

// address returns the keys of what is on show: the scene's link, its id
// and the page's own keys.
func (m *Manager) address() url.Values {
	q := url.Values{}
	if l, is := m.scene.(Linker); is && m.err == "" {
		m.guard(func() { q = l.Link() })
	}
	q.Set("scene", m.id)
	m.addPageKeys(q)
	return q
}

// joinNotices joins the notices that are not empty into one.
func joinNotices(notices ...string) string {
	return strings.Join(slices.DeleteFunc(notices, func(s string) bool { return s == "" }), " ")
}

// SetReducedMotion says whether the reader's system asks for reduced
// motion (the browser's prefers-reduced-motion). The page's motion=off
// asks for it whatever the system says. It is safe to call from any
// goroutine.
func (m *Manager) SetReducedMotion(on bool) { m.systemReduced.Store(on) }

// reducedMotion reports whether what plays jumps from step to step.
func (m *Manager) reducedMotion() bool { return m.motionOff || m.systemReduced.Load() }

// EnterFocus gives the keyboard focus to the first control on the canvas,
// or the last with back: the page's focus came into the canvas, forwards
// or backwards. While a tick runs it does so at the next tick, so that the
// focus ring shows as soon as the focus enters. It is safe to call from
// any goroutine.
func (m *Manager) EnterFocus(back bool) {
	if !m.mu.TryLock() {
		m.reqMu.Lock()
		m.enter, m.blur = &back, false
		m.reqMu.Unlock()
		return
	}
	defer m.mu.Unlock()
	m.enterFocus(back)
}

// enterFocus is EnterFocus inside the game loop's lock.
func (m *Manager) enterFocus(back bool) {
	m.clearFocus()
	m.moveFocus(back)
}

// describeFocus tells the page, through the description's last
// paragraph, which control on the canvas has the keyboard focus, when that
// changed: a screen reader announces it.
func (m *Manager) describeFocus() {
	if m.OnDescribe == nil {
		return
	}
	if said := focusPhrase(m.focused()); said != m.focusSaid {
		m.focusSaid = said
		m.OnDescribe(m.withFocus(m.description))
	}
}

// withFocus returns the paragraphs of description d followed by the one
// that names the focused control, if one has the focus: the last, so that
// it comes and goes without the others changing.
func (m *Manager) withFocus(d []string) []string {
	if m.focusSaid == "" {
		return d
	}
	return append(slices.Clip(d), m.focusSaid)
}

// focusPhrase says in words which control w is, for a screen reader: its
// name, what it is and, for those the arrows change, how to use it.
func focusPhrase(w viz.Widget) string {
	if w == nil {
		return ""
	}
	kind, text := viz.WidgetName(w)
	switch kind {
	case "button":
		return text + ", button."
	case "tabs":
		return "Lessons, on " + text + ": ← and → change the lesson."
	case "slider":
		return text + ", slider: ← and → change it."
	case "segmented":
		return "A choice of " + strings.ReplaceAll(text, " | ", ", ") + ": ← and → choose."
	case "toggle":
		return text + ", switch: Space turns it on or off."
	case "textfield":
		return "Text field, holding " + text + "."
	case "animation":
		return "The chain rule's animation: Space plays or pauses it, ← and → step."
	}
	return strings.TrimSpace(kind + " " + text)
}
