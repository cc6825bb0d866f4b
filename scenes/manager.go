package scenes

import (
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"log"
	"math"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// Manager runs the registered scenes. It implements ebiten.Game.
//
// The browser bridge calls State, Drawn, Request, Perf, ResetPerf,
// SetField, ScrollField, MoveFocus and ClearFocus from JS callbacks; none
// of them blocks on the game loop.
type Manager struct {
	mu     sync.Mutex
	id     string
	query  url.Values
	scene  Scene
	err    string // the current scene's failure, shown instead of it
	notice string // a problem with the page's parameters
	in     viz.Input
	w, h   int
	scale  float64 // screen pixels per CSS pixel the app draws at: dpr × zoom
	dpr    float64 // the device's screen pixels per CSS pixel
	zoom   float64 // how much larger than the device's scale the theme draws (viz.Theme.Zoom)

	// OnLink, if set, is called from Update when the link to what is on
	// show changes: the scene switched, or a scene that implements Linker
	// changed its keys. The argument is the URL query, "scene=…&…"; the
	// browser puts it in the page's address, so that the address bar, a
	// bookmark or an iframe's src opens the same view.
	OnLink func(query string)
	link   string // the last query given to OnLink
	// OnDescribe, if set, is called from Update when the description of
	// what is on show changes (see Describer), with its paragraphs; the
	// browser puts them in a live region for screen readers. It is not
	// called while the pointer is held, so that a drag is described once,
	// where it ends.
	OnDescribe  func(paragraphs []string)
	description []string // the last paragraphs given to OnDescribe
	ticks       int      // Updates since the scene was built
	hostTold    bool     // whether updateHost has run since the first frame
	// OnFirstFrame, if set, is called once, after the first Draw.
	OnFirstFrame func()
	drawn        bool
	// OnFields, if set, is called from Update when the current scene's
	// text fields change (fields.go); the page then lays an HTML input
	// over each, and the fields draw only their boxes and error marks.
	// It is first called in the tick after the first frame, which the
	// fields draw whole, so that the page's work on its inputs does not
	// delay the lesson's first picture.
	OnFields   func(fields []FieldView)
	pageFields bool        // whether the page lays its inputs over the fields: from the tick after the first frame on
	fieldViews []FieldView // the last views given to OnFields, as the page has them
	fieldBuf   []FieldView // this tick's views
	// OnPage, if set, is called from Update when what the page is told
	// of what is on show changes (page.go): the lesson's title, the
	// height it would like, and where the wheel goes to the app.
	OnPage    func(Page)
	page      Page         // the last Page given to OnPage
	pageW     int          // the screen's width then
	pageWheel []WheelArea  // this tick's wheel areas
	wheelBuf  []wheelPlace // this tick's places, from the scene
	focusSaid string       // the focused control, as the description's last paragraph says it

	// The page's own keys (page.go).
	motionOff     bool        // motion=off: whatever plays jumps from step to step
	systemReduced atomic.Bool // the reader's system asks for reduced motion
	parentKey     string      // parent=, as the address keeps it
	parent        string      // the host origin allowed to send messages: "*" any, "" none
	embed         bool        // embed=1: the lesson alone, without the tab bar (view.go)
	hide          hidePart    // hide=: the parts of the screen not shown
	lock          bool        // lock=1: the functions cannot be edited
	theme         string      // theme=: the theme's name, "" when the address has none
	shown         string      // the theme drawn in: theme, or the system's (SetSystemDark)
	systemDark    atomic.Bool // the reader's system asks for a dark colour scheme

	// What the page asked for outside the game loop, for the next tick.
	reqMu   sync.Mutex
	request string               // scene id
	edits   map[string]fieldEdit // texts typed, by field id
	scrolls map[string]float64   // inputs scrolled, by field id
	blur    bool                 // the page's focus left the canvas
	applies []keysApply          // keys a host page set (Apply)
	enter   *bool                // the page's focus came into the canvas, backwards if true (EnterFocus)

	// The manager's own controls (keyboard.go): the tab bar and the Help
	// button, which opens the Help panel (help.go), and the panel's tabs.
	ui         *viz.UI
	bar        *tabBar
	keysButton *viz.Button
	pick       string // a lesson the tab bar picked from the keyboard
	help       helpPanel

	// Share, if set, carries out the Share menu's actions (share.go),
	// which the Share button beside the Help button opens.
	Share       Sharer
	shareButton *viz.Button
	share       shareMenu

	last      atomic.Pointer[[]byte] // the last state snapshot
	perf      perf
	menuOpen  bool        // whether the folded tab bar's lesson menu is open
	layout    []viz.Drawn // what the last frame drew, for Drawn
	spare     []viz.Drawn // buffers for a part's frame (drawPart)
	part      []viz.Drawn
	sceneEnd  int                    // where the scene's entries in layout end
	lastDrawn atomic.Pointer[[]byte] // the last answer of Drawn

	// What the next frame must draw again (see Draw): damage holds the
	// parts of the screen that the ticks since the last frame changed,
	// when each of them changed no more than a part (see damager), and
	// is the empty rectangle when the whole frame must be drawn; ticked says a tick ran since the last frame. drawnKey is
	// what the last whole frame was drawn for. changed says a tick since
	// the last frame may have changed the picture (see update), drawnOn
	// which image the last frame was drawn on, and tickKey what the last
	// tick that changed it left the frame's key at.
	damage   image.Rectangle
	ticked   bool
	drawnKey frameKey
	changed  bool
	drawnOn  *ebiten.Image
	tickKey  frameKey

	// The banner's text, wrapped and measured for the message, font size
	// and width in bannerKey: once a message, not every frame.
	banner    viz.Label
	bannerKey bannerKey
	bannerH   float64
}

// bannerKey is what the banner's wrapped text depends on.
type bannerKey struct {
	msg       string
	px, width float64
}

// NewManager returns a manager showing the scene q["scene"] (the default
// scene when it is empty or unknown), built from q.
func NewManager(q url.Values) *Manager {
	m := &Manager{scale: 1, dpr: 1, zoom: 1, keysButton: &viz.Button{Label: helpLabel}, help: newHelpPanel(), shareButton: &viz.Button{Label: shareLabel}, share: newShareMenu()}
	m.bar = &tabBar{m: m}
	m.ui = viz.NewUI(m.bar, m.shareButton, m.keysButton, m.help.tabs)
	notice := joinNotices(m.readMotion(q), m.readParent(q), m.readView(q))
	m.switchTo(q.Get("scene"), q)
	m.notice = joinNotices(m.notice, notice)
	return m
}

// switchTo replaces the current scene. An unknown id falls back to the first
// registered scene with a notice.
func (m *Manager) switchTo(id string, q url.Values) {
	m.notice, m.err = "", ""
	e, ok := lookup(id)
	if !ok {
		if id != "" {
			names := make([]string, 0, len(registry))
			for _, e := range registry {
				if !e.Hidden {
					names = append(names, e.ID)
				}
			}
			m.notice = fmt.Sprintf("There is no scene %q (scenes: %v); showing %q.", id, names, registry[0].ID)
		}
		e = registry[0]
	}
	m.id, m.query, m.scene, m.ticks = e.ID, q, nil, 0
	m.guard(func() { m.scene = e.New(q) })
	m.fields() // under the page's inputs from its first tick
}

// Linker is a scene that can say which URL keys reproduce what it shows,
// the scene key aside: its functions, its point, its step, ….
type Linker interface {
	Link() url.Values
}

// Describer is a scene that can say in words what it shows, for screen
// readers: the canvas itself is opaque to them.
type Describer interface {
	// Describe returns paragraphs of plain text: the first says what the
	// scene is and where its walk-through stands, the others its numbers.
	// A reader announces the paragraphs that changed.
	Describe() []string
}

// hostEvery is how many ticks apart the manager asks a scene for its link
// and its description: the page follows a drag a few times a second.
const hostEvery = 20

// updateHost calls OnLink and OnDescribe when the link to what is on show
// or its description has changed. switched says the scene was switched this
// tick: a scene that is not a Linker is linked by its id alone, and only
// then; one that is not a Describer is described by its title.
//
// The first frame comes first: the page hears of the link and the
// description at the first tick after it. Neither is on the canvas, and
// putting them in the page (a history entry replaced, the live region's
// paragraphs) takes the browser time that the first frame would wait for.
func (m *Manager) updateHost(switched bool) {
	if !m.drawn {
		return
	}
	if m.hostTold && !switched && m.ticks%hostEvery != 1 {
		return
	}
	m.hostTold = true
	ok := m.err == ""
	if _, linker := m.scene.(Linker); m.OnLink != nil && (switched || linker && ok) {
		if link := m.address().Encode(); link != m.link {
			m.link = link
			m.OnLink(link)
		}
	}
	if m.OnDescribe != nil && !m.in.Pointer.Down {
		var d []string
		if s, is := m.scene.(Describer); is && ok {
			m.guard(func() { d = s.Describe() })
		} else if e, found := lookup(m.id); found {
			d = []string{e.Title}
		}
		if m.err != "" {
			d = []string{m.err}
		}
		if !slices.Equal(d, m.description) {
			m.description = d
			m.OnDescribe(m.withFocus(d))
		}
	}
}

// guard runs f and turns a panic into the current scene's error.
func (m *Manager) guard(f func()) {
	defer func() {
		if r := recover(); r != nil {
			m.err = fmt.Sprintf("The scene %q stopped with an internal error: %v", m.id, r)
			log.Printf("jacobianlab: panic in scene %q: %v\n%s", m.id, r, debug.Stack())
		}
	}()
	f()
}

// noticer is a scene with a problem in the page's parameters to report.
type noticer interface{ Notice() string }

// sceneNotice returns the manager's notice and the scene's, in one.
func (m *Manager) sceneNotice() string {
	if n, ok := m.scene.(noticer); ok && m.err == "" {
		return joinNotices(m.notice, n.Notice())
	}
	return m.notice
}

// Request asks the manager to switch to the scene id at the next tick. It is
// safe to call from any goroutine.
func (m *Manager) Request(id string) {
	m.reqMu.Lock()
	m.request = id
	m.reqMu.Unlock()
}

// tabHeight is the tab bar's height in logical pixels: its controls are
// 44 high, as a finger needs.
const tabHeight = 48

// Update implements ebiten.Game.
func (m *Manager) Update() error {
	return m.update(func(in *viz.Input) { in.Read(m.w, m.h, m.scale) })
}

// update runs a tick with the user's input as read reads it into the
// manager's Input: Ebiten's, or in tests their own.
func (m *Manager) update(read func(*viz.Input)) error {
	start := time.Now()
	viz.BeginTick()
	m.reqMu.Lock()
	req, edits, scrolls, blur, applies, enter := m.request, m.edits, m.scrolls, m.blur, m.applies, m.enter
	m.request, m.edits, m.scrolls, m.blur, m.applies, m.enter = "", nil, nil, false, nil, nil
	m.reqMu.Unlock()
	defer func() { // after the lock below is let go: done may read State
		for _, a := range applies {
			if a.done != nil {
				a.done()
			}
		}
	}()
	m.mu.Lock()
	defer m.mu.Unlock()

	switched := req != "" || len(applies) > 0
	if req != "" {
		m.switchTo(req, url.Values{"scene": {req}})
	}
	for _, a := range applies {
		m.apply(a.keys)
	}

	if name := m.themeName(); name != m.shown {
		m.setTheme(name)
		m.apply(url.Values{}) // the lesson built again, in the new colours
		switched = true
	}
	read(&m.in)
	m.pageFields = m.OnFields != nil && m.drawn
	held, still := m.in.Held(), m.in.Still()
	m.in.ReducedMotion = m.reducedMotion()
	m.in.Area = image.Rect(0, int(m.barH()), m.w, m.h)
	m.applyEdits(edits, scrolls)
	if blur {
		m.clearFocus()
		m.share.open = false
	}
	if enter != nil {
		m.enterFocus(*enter)
	}
	switched = m.updateControls() || switched

	var err error
	if m.scene != nil && m.err == "" {
		in := &m.in
		if m.help.open || m.share.open {
			// The Help panel or the Share menu covers the scene: it
			// gets no keys and no pointer.
			in = &viz.Input{Width: m.in.Width, Height: m.in.Height, Scale: m.in.Scale, Area: m.in.Area, ReducedMotion: m.in.ReducedMotion}
		}
		c := m.controls()
		var had viz.Widget
		if c != nil {
			had = c.Focused()
		}
		m.guard(func() {
			if v, ok := m.scene.(viewer); ok {
				v.setView(m.view())
			}
			m.scene.Layout(in.Area, in.Scale)
			err = m.scene.Update(in)
			m.scene.Layout(in.Area, in.Scale)
		})
		if c != nil && c.Focused() != nil && c.Focused() != had {
			m.ui.Focus(nil) // a scene's control took the focus
		}
		m.followSource()
	}
	quiet := (held || still) && !switched && len(edits) == 0 && len(scrolls) == 0 && !blur && enter == nil && err == nil
	m.noteDamage(quiet)
	// The tick changed the picture unless it was idle: no input at all,
	// nothing held, nothing from the page, nothing that plays or blinks
	// (viz.Animate), and the same screen, focus and notices as the last
	// tick that changed it (the frame's key).
	if k := m.frameKey(); !quiet || !m.in.Idle() || viz.Animated() || k != m.tickKey {
		m.changed, m.tickKey = true, k
	}
	if errors.Is(err, ebiten.Termination) {
		return err
	}
	if err != nil {
		m.err = err.Error()
	}
	m.layoutHelp()
	m.ticks++
	m.updateHost(switched)
	m.describeFocus()
	m.updateFields()
	m.updatePage()
	m.perf.tick(time.Since(start))
	return nil
}

// updateControls runs the manager's own controls for a tick, before the
// scene's: Tab (which only the desktop app sees: the page takes it), the
// Help panel, the tab bar and its menu. It reports whether the scene
// switched.
func (m *Manager) updateControls() (switched bool) {
	in := &m.in
	if in.Take(ebiten.KeyTab) && !m.moveFocus(in.Shift) {
		m.moveFocus(in.Shift) // round from the last control to the first
	}
	m.placeBar()
	m.updateShare()
	if (m.help.open || m.menuOpen) && in.TakePress(ebiten.KeyEscape) {
		m.help.open, m.menuOpen = false, false
	}
	// ? shows or hides the keys: as typed, whatever the keyboard's
	// layout, and not while a text field on the canvas takes the typing.
	if _, typing := m.focused().(*viz.TextField); !typing && slices.Contains(in.Chars, '?') {
		in.Chars = slices.DeleteFunc(in.Chars, func(r rune) bool { return r == '?' })
		m.toggleHelp()
	}
	if id := m.pickLesson(); id != "" && id != m.id {
		m.switchTo(id, url.Values{"scene": {id}})
		switched = true
	}
	m.placeBar()
	had := m.ui.Focused()
	m.ui.Update(in)
	if f := m.ui.Focused(); f != nil && f != had {
		if c := m.controls(); c != nil {
			c.Focus(nil) // the manager's control took the focus
		}
	}
	if m.keysButton.Clicked() {
		m.toggleHelp()
	}
	if m.shareButton.Clicked() {
		m.toggleShare()
	}
	if m.help.open && in.Pointer.Pressed && !image.Pt(int(in.Pointer.X), int(in.Pointer.Y)).In(m.help.rect) {
		m.help.open = false // a press beside the panel closes it
		in.Pointer.Pressed = false
	}
	m.updateHelp(in)
	if m.pick != "" {
		m.switchTo(m.pick, url.Values{"scene": {m.pick}})
		m.pick, switched = "", true
		m.placeBar()
	}
	return switched
}

// damager is a scene that knows what part of the screen a tick changes.
// While the pointer that went down in that part is held, Damage returns
// it: a tick that only moves the pointer changes nothing of the scene's
// outside it. A scene whose pictures play may return the part that plays
// after a tick in which nothing happened and nothing else changed since
// the tick before. Otherwise Damage returns the empty rectangle. It is
// called after every tick.
type damager interface{ Damage() image.Rectangle }

// noteDamage records, after a tick, what the next frame must draw again:
// the parts of the screen the scene changed (a drag, or what plays) in the
// ticks since the last frame, when each was quiet (the pointer held and
// moved, or nothing at all happened: no key, no wheel, no message from the
// page, nothing switched) and changed only a part, or else the whole
// screen. The scene is asked every tick, quiet or not, so that it can
// compare each tick with the one before.
func (m *Manager) noteDamage(quiet bool) {
	var d image.Rectangle
	if dm, ok := m.scene.(damager); ok {
		d = dm.Damage()
	}
	if !quiet || m.err != "" || m.help.open || m.share.open || m.menuOpen {
		d = image.Rectangle{}
	}
	if m.ticked {
		if m.damage.Empty() {
			d = image.Rectangle{} // an earlier tick changed the whole
		} else if !d.Empty() {
			d = d.Union(m.damage)
		}
	}
	m.damage, m.ticked = d, true
}

// frameKey is what a whole frame is drawn for besides the scene: a frame
// may draw only the damaged part of the screen when its key is the last
// whole frame's.
type frameKey struct {
	w, h              int
	scale             float64
	theme             *viz.Theme
	err, notice       string
	focus             viz.Widget // the manager's control with the focus
	help, menu, share bool
	pageFields        bool // the page's inputs cover the fields' text
	reduced           bool // the reader asked for less motion
}

func (m *Manager) frameKey() frameKey {
	return frameKey{w: m.w, h: m.h, scale: m.scale, theme: viz.Th(), err: m.err, notice: m.sceneNotice(),
		focus: m.ui.Focused(), help: m.help.open, menu: m.menuOpen, share: m.share.open || m.share.picture, pageFields: m.pageFields,
		reduced: m.in.ReducedMotion}
}

// Draw implements ebiten.Game. The screen keeps its pixels from frame to
// frame (ebiten.SetScreenClearedEveryFrame(false)), so while a drag
// changes only part of it (see damager), Draw draws only that part
// again: the scene draws as ever, into a sub-image the GPU clips to, and
// the rest of the screen, with the tab bar, is left as it was. When
// nothing changed since the last frame drawn on the same screen (every
// tick since was idle: see update), Draw draws nothing, and Ebiten,
// seeing the screen unchanged, stops presenting it: an idle lesson costs
// little CPU and almost no GPU time. Every other frame is drawn whole.
func (m *Manager) Draw(screen *ebiten.Image) {
	start := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()

	key, part, changed := m.frameKey(), m.damage, m.changed
	m.damage, m.ticked = image.Rectangle{}, false
	if m.drawn && !changed && key == m.drawnKey && screen == m.drawnOn {
		m.perf.idle()
		return
	}
	defer func() { m.perf.frame(time.Since(start)) }()
	m.changed, m.drawnOn = false, screen
	if m.drawn && !part.Empty() && key == m.drawnKey && m.drawPart(screen, part) {
		return
	}
	m.drawnKey = key
	viz.FillOpaque(screen, viz.Th().Background)
	viz.BeginFrame(screen, m.dpr)
	defer func() { m.layout = viz.EndFrame(m.layout[:0]) }()
	m.drawScene(screen)
	m.sceneEnd = viz.Recorded()
	m.drawHelp(screen)
	m.ui.Draw(screen) // the tab bar, its buttons, the Help panel's tabs and their focus ring
	m.drawShare(screen)
	switch notice := m.sceneNotice(); {
	case m.err != "":
		m.drawBanner(screen, m.err+"\nChoose a scene above to go on, or reload the page.", viz.Th().Error)
	case notice != "":
		m.drawBanner(screen, notice, viz.Th().Accent)
	}
	m.savePicture(screen)
	if !m.drawn {
		m.drawn = true
		if m.OnFirstFrame != nil {
			m.OnFirstFrame()
		}
	}
}

// drawScene prepares the scene's frame and draws it into dst, unless the
// scene failed.
func (m *Manager) drawScene(dst *ebiten.Image) {
	if m.scene != nil && m.err == "" {
		var err error
		m.guard(func() { err = m.scene.Prepare() })
		if err != nil {
			m.err = err.Error()
		}
	}
	if m.scene != nil && m.err == "" {
		m.guard(func() { m.scene.Draw(dst) })
	}
}

// drawPart draws the frame again in r only, over the last frame, and
// reports whether it could: when the scene fails, the whole frame must
// show the error. What the frame drew (Drawn) is the scene's entries
// from this frame with the manager's from the last whole one.
func (m *Manager) drawPart(screen *ebiten.Image, r image.Rectangle) bool {
	dst := screen.SubImage(r).(*ebiten.Image)
	viz.FillOpaque(dst, viz.Th().Background)
	viz.BeginFrame(dst, m.dpr)
	m.drawScene(dst)
	m.part = viz.EndFrame(m.part[:0])
	if m.err != "" {
		return false
	}
	out := append(append(append(m.spare[:0], m.layout[0]), m.part[1:]...), m.layout[m.sceneEnd:]...)
	m.spare, m.layout, m.sceneEnd = m.layout, out, len(m.part)
	m.perf.parts++
	return true
}

// DrawFinalScreen implements ebiten.FinalScreenDrawer. It copies the
// frame to the window as Ebiten's default does, but replacing the window's
// pixels rather than blending over them: Draw fills every pixel of the
// frame with an opaque colour, so the picture is the same, and a GPU
// emulated in software does less work (see viz.FillOpaque).
func (m *Manager) DrawFinalScreen(screen ebiten.FinalScreen, offscreen *ebiten.Image, geoM ebiten.GeoM) {
	op := &ebiten.DrawImageOptions{GeoM: geoM, Blend: ebiten.BlendCopy}
	if s := geoM.Element(0, 0); s != math.Floor(s) {
		op.Filter = ebiten.FilterLinear
	}
	screen.DrawImage(offscreen, op)
}

// Layout implements ebiten.Game. The screen has one pixel per device pixel,
// so lines and text stay sharp on HiDPI displays.
func (m *Manager) Layout(outsideWidth, outsideHeight int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if s <= 0 {
		s = 1
	}
	m.dpr, m.scale = s, s*m.zoom
	m.w, m.h = int(float64(outsideWidth)*s), int(float64(outsideHeight)*s)
	return m.w, m.h
}

// tab is a visible scene's tab and its x extent in screen pixels.
type tab struct {
	Entry
	x0, x1 float64
}

// tabs yields the tabs of the visible scenes, left to right, where the
// bar's row puts them (barRow).
func (m *Manager) tabs(yield func(tab) bool) {
	rects, _, _ := m.barRow()
	i := 0
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		if !yield(tab{e, float64(rects[i].Min.X), float64(rects[i].Max.X)}) {
			return
		}
		i++
	}
}

// barButtons returns the buttons at the tab bar's right end, left to
// right.
func (m *Manager) barButtons() []*viz.Button {
	return []*viz.Button{m.shareButton, m.keysButton}
}

// barRow lays the tab bar out (package layout): the buttons (barButtons)
// at its right end, 4 pixels apart, and the tabs from its left, each as
// wide as its title and a margin, 4 pixels apart; fits reports whether
// the tabs fit beside the buttons, and buttons are the buttons' places.
// The layout is kept until the width, the scale or the buttons' labels
// change.
func (m *Manager) barRow() (tabs []image.Rectangle, buttons []image.Rectangle, fits bool) {
	var labels []string
	for _, b := range m.barButtons() {
		labels = append(labels, b.Label)
	}
	k := barKey{m.w, m.scale, strings.Join(labels, "\x00")}
	if m.bar.laid == k && m.bar.tabRects != nil {
		return m.bar.tabRects, m.bar.buttonRects, m.bar.fits
	}
	s := m.scale
	h := (tabHeight - 4) * s
	size := func(text string, least float64) layout.Size {
		w, _ := viz.MeasureText(text, 15*s)
		return layout.Size{W: max(w+24*s, least), H: h}
	}
	r := image.Rect(int(8*s), int(2*s), m.w-int(8*s), int((tabHeight-2)*s))
	buttons = make([]image.Rectangle, len(labels))
	group := []*layout.Node{layout.Space(layout.Size{}, layout.Size{}).Grow(1)}
	for i, l := range labels {
		group = append(group, layout.Leaf(&buttons[i], size(l, h), size(l, h)))
	}
	layout.Row(4*s, group...).Place(r)
	var leaves []*layout.Node
	rects := make([]image.Rectangle, 0, len(registry))
	for _, e := range registry {
		if !e.Hidden {
			rects = append(rects, image.Rectangle{})
		}
	}
	i := 0
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		sz := size(e.Title, 0)
		leaves = append(leaves, layout.Leaf(&rects[i], sz, sz))
		i++
	}
	row := layout.Row(4*s, append(leaves, layout.Space(layout.Size{}, layout.Size{}).Grow(1))...)
	left := image.Rect(r.Min.X, r.Min.Y, buttons[0].Min.X-int(8*s), r.Max.Y)
	fits = row.Fits(left)
	row.Place(left)
	m.bar.laid, m.bar.tabRects, m.bar.buttonRects, m.bar.fits = k, rects, buttons, fits
	return rects, buttons, fits
}

// barKey is what the tab bar's layout depends on.
type barKey struct {
	w       int
	scale   float64
	buttons string // the labels of the bar's buttons
}

func (m *Manager) tabAt(px float64) string {
	for t := range m.tabs {
		if px >= t.x0 && px < t.x1 {
			return t.ID
		}
	}
	return ""
}

// folded reports whether the tabs do not fit across the screen beside the
// Help button: the bar then shows the current lesson as a button that
// opens a menu of them all, a row each.
func (m *Manager) folded() bool {
	_, _, fits := m.barRow()
	return !fits
}

// foldedTitle returns the title the folded bar shows: the current
// lesson's.
func (m *Manager) foldedTitle() string {
	if e, ok := lookup(m.id); ok && !e.Hidden {
		return e.Title
	}
	return "Lessons"
}

// foldedTab returns the x extent of the folded bar's button: the title
// and its chevron.
func (m *Manager) foldedTab() (x0, x1 float64) {
	s := m.scale
	w, _ := viz.MeasureText(m.foldedTitle(), 15*s)
	return 12 * s, 12*s + w + 40*s
}

// menuRow returns the rectangle of row i of the open lesson menu.
func (m *Manager) menuRow(i int) (x0, y0, x1, y1 float64) {
	s := m.scale
	h := menuRowH * s
	x0, y0 = 0, tabHeight*s+float64(i)*h
	return x0, y0, math.Min(float64(m.w), 320*s), y0 + h
}

// menuRowH is the height of a row of the lesson menu in CSS pixels, a
// finger's press.
const menuRowH = 44

// pickLesson applies a press on the tab bar or the lesson menu and
// returns the lesson it picks, if any. A press while the menu is open
// goes to the menu, not to the lesson under it. A press on the bar does
// not give the tab bar the keyboard focus (the arrows go on moving the
// lesson's point); one on the Help button is left to the manager's UI.
func (m *Manager) pickLesson() string {
	p := &m.in.Pointer
	if !p.Pressed {
		return ""
	}
	bar := p.Y < m.barH()
	if m.menuOpen {
		m.menuOpen = false
		i := 0
		picked := ""
		for t := range m.tabs {
			if x0, y0, x1, y1 := m.menuRow(i); p.X >= x0 && p.X < x1 && p.Y >= y0 && p.Y < y1 {
				picked = t.ID
			}
			i++
		}
		p.Pressed = false
		return picked
	}
	if !bar {
		return ""
	}
	for _, b := range m.barButtons() {
		if image.Pt(int(p.X), int(p.Y)).In(viz.HitRect(b.Rect, m.scale)) {
			return ""
		}
	}
	p.Pressed = false
	if m.folded() {
		m.menuOpen = true
		return ""
	}
	return m.tabAt(p.X)
}

func (m *Manager) drawTabs(screen *ebiten.Image) {
	s := m.scale
	th := tabHeight * s
	viz.FillRectF(screen, 0, 0, float64(m.w), th, viz.Th().Panel)
	viz.Rule(screen, 0, float64(m.w), th, s, viz.Th().Muted)
	if m.folded() {
		// The current lesson, and a triangle that says a menu opens.
		title := m.foldedTitle()
		w, _ := viz.MeasureText(title, 15*s)
		x0, x1 := m.foldedTab()
		x := x0 + 8*s
		m.bar.folded.Set(title, 15*s, viz.Th().Accent)
		m.bar.folded.Draw(screen, x, 14*s)
		viz.FillRectF(screen, x0, th-3*s, x1-x0, 3*s, viz.Th().Accent)
		tx, ty := x+w+10*s, 21*s // a chevron
		viz.Line(screen, tx, ty, tx+5*s, ty+5*s, 2*s, viz.Th().Accent)
		viz.Line(screen, tx+5*s, ty+5*s, tx+10*s, ty, 2*s, viz.Th().Accent)
		if m.menuOpen {
			m.drawMenu(screen)
		}
		return
	}
	for t := range m.tabs {
		clr := viz.Th().Muted
		if t.ID == m.id {
			clr = viz.Th().Accent
			viz.FillRectF(screen, t.x0, th-3*s, t.x1-t.x0, 3*s, clr)
		}
		l := m.bar.title(t.ID)
		l.Set(t.Title, 15*s, clr)
		l.Draw(screen, t.x0+12*s, 14*s)
	}
}

// drawMenu draws the open lesson menu: a row a lesson, under the bar.
func (m *Manager) drawMenu(screen *ebiten.Image) {
	s := m.scale
	i := 0
	for t := range m.tabs {
		x0, y0, x1, y1 := m.menuRow(i)
		bg, fg := viz.Th().Panel, viz.Th().Text
		if t.ID == m.id {
			bg, fg = viz.Th().Accent, viz.Th().AccentText
		}
		viz.FillRectF(screen, x0, y0, x1-x0, y1-y0, bg)
		viz.Rule(screen, x0, x1, y1, s, viz.Th().Border)
		viz.DrawText(screen, t.Title, 15*s, x0+20*s, y0+13*s, fg)
		i++
	}
}

// drawBanner draws msg in a coloured box across the top of the scene area.
func (m *Manager) drawBanner(screen *ebiten.Image, msg string, bg color.RGBA) {
	s := m.scale
	if k := (bannerKey{msg, 15 * s, float64(m.w) - 32*s}); k != m.bannerKey {
		m.bannerKey = k
		wrapped := viz.WrapText(k.msg, k.px, k.width)
		_, m.bannerH = viz.MeasureText(wrapped, k.px)
		m.banner.Set(wrapped, k.px, viz.Th().ErrorText)
	}
	r := m.bannerRect()
	viz.FillRect(screen, r, bg)
	m.banner.Draw(screen, 16*s, float64(r.Min.Y)+8*s)
}

// bannerRect returns the rectangle of the banner, as the last frame
// measured its text.
func (m *Manager) bannerRect() image.Rectangle {
	s := m.scale
	y := m.barH() + 8*s
	return image.Rect(int(8*s), int(y), m.w-int(8*s), int(y+m.bannerH+16*s))
}

// Drawn returns, as JSON, what the last frame drew: the canvas, then
// every text, formula, widget, plot, grid and graph, with its rectangle
// and font size in CSS pixels (see viz.Drawn). It is
// window.jacobianlab.layout().
// Like State, it never waits for the game loop: while the loop holds the
// manager, it returns the last answer.
func (m *Manager) Drawn() []byte {
	if !m.mu.TryLock() {
		if b := m.lastDrawn.Load(); b != nil {
			return *b
		}
		return []byte("[]")
	}
	defer m.mu.Unlock()
	b, err := json.Marshal(m.layout)
	if err != nil {
		b = []byte("[]")
	}
	m.lastDrawn.Store(&b)
	return b
}

// State returns the JSON of window.jacobianlab.state(): the scene id, the
// error (or null), and the scene's own fields. It never waits for the game
// loop: while a tick is running it returns the previous snapshot.
func (m *Manager) State() []byte {
	if !m.mu.TryLock() {
		if b := m.last.Load(); b != nil {
			return *b
		}
		return []byte(`{"scene":null,"error":null}`)
	}
	defer m.mu.Unlock()
	var st Stater = &State{}
	if m.scene != nil && m.err == "" {
		m.guard(func() { st = m.scene.State() })
	}
	if m.err != "" { // the scene failed, maybe while reporting its state
		st = &State{Error: &m.err}
	}
	c := st.common()
	c.Scene = m.id
	c.Notice = m.sceneNotice()
	c.Control = m.control()
	c.ReducedMotion = m.reducedMotion()
	c.Embed, c.Hide, c.Lock, c.Theme = m.embed, m.hide.String(), m.lock, m.shown
	b, err := json.Marshal(st)
	if err != nil {
		b, _ = json.Marshal(map[string]any{"scene": m.id, "error": "state: " + err.Error()})
	}
	m.last.Store(&b)
	return b
}
