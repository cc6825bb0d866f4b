//go:build display

package scenes

import (
	"encoding/json"
	"errors"
	"image"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// faulty is a scene that fails on demand.
type faulty struct {
	panicNow bool
	err      error
	prepErr  error
	ticks    int
	prepared int // frames prepared
	drawn    int // frames drawn, each after its preparation
}

func (f *faulty) Update(*viz.Input) error {
	f.ticks++
	if f.panicNow {
		panic("boom")
	}
	return f.err
}
func (f *faulty) Layout(image.Rectangle, float64) {}
func (f *faulty) Prepare() error {
	f.prepared++
	return f.prepErr
}
func (f *faulty) Draw(*ebiten.Image) {
	if f.prepared != f.drawn+1 {
		panic("drawn without its preparation")
	}
	f.drawn++
}

// faultyState is the test scene's state().
type faultyState struct {
	State
	Ticks int `json:"ticks"`
}

func (f *faulty) State() Stater { return &faultyState{Ticks: f.ticks} }

var theFaulty = &faulty{}

func init() {
	Register(Entry{ID: "faulty-test", Title: "faulty", Hidden: true, New: func(url.Values) Scene { return theFaulty }})
}

func state(t *testing.T, m *Manager) map[string]any {
	t.Helper()
	var st map[string]any
	if err := json.Unmarshal(m.State(), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestManagerRecoversPanics(t *testing.T) {
	*theFaulty = faulty{}
	m := NewManager(url.Values{"scene": {"faulty-test"}})
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if st := state(t, m); st["scene"] != "faulty-test" || st["error"] != nil || st["ticks"] != 1.0 {
		t.Fatalf("state after one tick = %v", st)
	}

	theFaulty.panicNow = true
	if err := m.Update(); err != nil {
		t.Fatalf("Update returned %v after a panic; want nil, the game goes on", err)
	}
	st := state(t, m)
	msg, _ := st["error"].(string)
	if !strings.Contains(msg, "boom") || !strings.Contains(msg, "faulty-test") {
		t.Fatalf("error = %q; want the panic's message and the scene", msg)
	}
	// The broken scene is not run again.
	ticks := theFaulty.ticks
	for range 3 {
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
	}
	if theFaulty.ticks != ticks {
		t.Errorf("the broken scene ran %d more ticks", theFaulty.ticks-ticks)
	}

	// Switching scenes clears the error.
	m.Request("scalar")
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if st := state(t, m); st["scene"] != "scalar" || st["error"] != nil {
		t.Fatalf("after switching: %v", st)
	}
}

func TestManagerErrors(t *testing.T) {
	*theFaulty = faulty{err: errors.New("the function has no value at x = 0")}
	m := NewManager(url.Values{"scene": {"faulty-test"}})
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if st := state(t, m); st["error"] != "the function has no value at x = 0" {
		t.Errorf("error = %v; want the scene's error", st["error"])
	}

	// Termination ends the game instead of showing an error.
	*theFaulty = faulty{err: ebiten.Termination}
	m = NewManager(url.Values{"scene": {"faulty-test"}})
	if err := m.Update(); !errors.Is(err, ebiten.Termination) {
		t.Errorf("Update = %v, want ebiten.Termination", err)
	}
}

func TestManagerUnknownScene(t *testing.T) {
	m := NewManager(url.Values{"scene": {"nope"}})
	st := state(t, m)
	notice, _ := st["notice"].(string)
	if st["scene"] != registry[0].ID || st["error"] != nil || !strings.Contains(notice, `"nope"`) {
		t.Errorf("state = %v; want the first scene with a notice naming nope", st)
	}
	if strings.Contains(notice, "faulty-test") {
		t.Errorf("notice %q lists a hidden scene", notice)
	}
	if st := state(t, NewManager(url.Values{})); st["notice"] != nil {
		t.Errorf("no scene asked for, but notice = %v", st["notice"])
	}
}

// linking is a scene that implements Linker with a key the test sets.
type linking struct {
	faulty
	v string
}

func (l *linking) Link() url.Values { return url.Values{"v": {l.v}} }

var theLinking = &linking{}

func init() {
	Register(Entry{ID: "linking-test", Title: "linking", Hidden: true, New: func(url.Values) Scene { return theLinking }})
}

func TestManagerLink(t *testing.T) {
	*theLinking = linking{v: "1"}
	m := NewManager(url.Values{"scene": {"linking-test"}})
	var links []string
	m.OnLink = func(q string) { links = append(links, q) }
	tick := func(n int) {
		t.Helper()
		for range n {
			if err := m.Update(); err != nil {
				t.Fatal(err)
			}
		}
	}
	tick(1)
	if len(links) != 0 {
		t.Fatalf("links before the first frame = %q, want none: the frame comes first", links)
	}
	m.Layout(400, 300)
	m.Draw(ebiten.NewImage(400, 300))
	tick(1)
	if want := []string{"scene=linking-test&v=1"}; !slices.Equal(links, want) {
		t.Fatalf("links at the tick after the first frame = %q, want %q", links, want)
	}
	// The same link is not given again; a changed one is, within
	// hostEvery ticks.
	tick(2 * hostEvery)
	if len(links) != 1 {
		t.Fatalf("links with nothing changed = %q, want one", links)
	}
	theLinking.v = "2 & 3"
	tick(hostEvery)
	if want := "scene=linking-test&v=2+%26+3"; len(links) != 2 || links[1] != want {
		t.Fatalf("links after the scene's keys changed = %q, want a second, %q", links, want)
	}
	// A scene that is not a Linker is linked by its id when switched to,
	// and only then.
	*theFaulty = faulty{}
	m.Request("faulty-test")
	tick(2 * hostEvery)
	if want := "scene=faulty-test"; len(links) != 3 || links[2] != want {
		t.Fatalf("links after switching to a scene that is not a Linker = %q, want a third, %q", links, want)
	}
	// A failed scene keeps the link it had.
	theFaulty.panicNow = true
	tick(2 * hostEvery)
	if len(links) != 3 {
		t.Errorf("links after the scene failed = %q, want no more", links)
	}
}

// TestManagerBanner draws a long notice on a narrow screen for a few
// frames: it is wrapped to the screen's width, and wrapped and drawn into
// its label once, not every frame.
func TestManagerBanner(t *testing.T) {
	m := NewManager(url.Values{"scene": {"nope"}, "f": {"sin(x"}, "at": {"x = [1, 2"}})
	m.Layout(500, 400)
	screen := ebiten.NewImage(500, 400)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		m.Draw(screen)
	}
	lines := strings.Split(m.banner.Text(), "\n")
	if len(lines) < 2 {
		t.Errorf("the notice %q is on %d line on a 500-pixel screen, want it wrapped", m.bannerKey.msg, len(lines))
	}
	for _, l := range lines {
		if w, _ := viz.MeasureText(l, m.bannerKey.px); w > m.bannerKey.width {
			t.Errorf("banner line %q is %g pixels wide, more than %g", l, w, m.bannerKey.width)
		}
	}
	if m.banner.Renders() != len(lines) {
		t.Errorf("three frames drew the banner's %d lines %d times, want once each", len(lines), m.banner.Renders())
	}
}

// TestManagerFramePhase checks the frame of the Scene contract: several
// ticks, then one preparation and one draw a frame; an error of the
// preparation is shown in that same frame, and that frame draws nothing of
// the scene.
func TestManagerFramePhase(t *testing.T) {
	*theFaulty = faulty{}
	m := NewManager(url.Values{"scene": {"faulty-test"}})
	m.Layout(400, 300)
	screen := ebiten.NewImage(400, 300)
	for range 3 {
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
	}
	m.Draw(screen)
	if f := theFaulty; f.ticks != 3 || f.prepared != 1 || f.drawn != 1 {
		t.Fatalf("three ticks and a frame: %d ticks, %d preparations, %d draws", f.ticks, f.prepared, f.drawn)
	}
	// A key that changes the scene, so that the next frame is drawn.
	theFaulty.prepErr = errors.New("a formula that does not parse")
	if err := m.update(func(in *viz.Input) { in.Pressed = []ebiten.Key{ebiten.KeyA} }); err != nil {
		t.Fatal(err)
	}
	m.Draw(screen)
	if st := state(t, m); st["error"] != "a formula that does not parse" {
		t.Errorf("state after a failed preparation = %v", st)
	}
	if f := theFaulty; f.ticks != 4 || f.prepared != 2 || f.drawn != 1 {
		t.Errorf("a failed preparation was drawn: %d preparations, %d draws", f.prepared, f.drawn)
	}
}

// frame runs one frame of s after its ticks, as the manager does: Prepare,
// then Draw, failing t if the preparation fails.
func frame(t testing.TB, s Scene, screen *ebiten.Image) {
	t.Helper()
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	s.Draw(screen)
}

// tick runs one tick of s with in, as the manager does: Layout in the input's
// area, Update, and Layout again for what the tick changed.
func tick(s Scene, in *viz.Input) error {
	s.Layout(in.Area, in.Scale)
	err := s.Update(in)
	s.Layout(in.Area, in.Scale)
	return err
}

// TestTabsFoldIntoAMenu: on a wide screen a press on a tab picks its
// lesson; on a phone the tabs fold into the current lesson's name, a press
// on it opens a menu with a row a lesson, and a press on a row picks that
// lesson, the press going to the menu and not to the lesson under it.
func TestTabsFoldIntoAMenu(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	press := func(x, y float64) string {
		m.in.Pointer = viz.Pointer{X: x, Y: y, Down: true, Pressed: true}
		return m.pickLesson()
	}
	m.Layout(1280, 800)
	if m.folded() {
		t.Fatal("the tabs fold at 1280 pixels")
	}
	var second tab
	i := 0
	for tb := range m.tabs {
		if i == 1 {
			second = tb
		}
		i++
	}
	if got := press((second.x0+second.x1)/2, 20); got != second.ID {
		t.Errorf("a press on the second tab picked %q, want %q", got, second.ID)
	}
	if k := m.keysButton; k.Label != helpLabel {
		t.Errorf("at 1280 pixels the Keys button says %q, want %q", k.Label, helpLabel)
	}
	m.Layout(390, 844)
	if !m.folded() {
		t.Fatal("the tabs do not fold at 390 pixels")
	}
	m.placeBar()
	if k := m.keysButton; k.Label != "?" || k.Rect.Dx() < touchH || k.Rect.Dy() < touchH {
		t.Errorf("on a phone the Keys button says %q at %v, want ? at least %d pixels a side", k.Label, k.Rect, touchH)
	}
	if got := press(200, 20); got != "" || !m.menuOpen {
		t.Fatalf("a press on the folded bar picked %q, menu open %v; want the menu", got, m.menuOpen)
	}
	_, y0, _, y1 := m.menuRow(1)
	if got := press(100, (y0+y1)/2); got != second.ID || m.menuOpen {
		t.Errorf("a press on the menu's second row picked %q, menu open %v; want %q and a closed menu", got, m.menuOpen, second.ID)
	}
	if m.in.Pointer.Pressed {
		t.Error("the press on the menu reached the lesson")
	}
	if got := press(100, 600); got != "" || m.menuOpen {
		t.Errorf("a press below the bar with the menu closed picked %q, opened %v", got, m.menuOpen)
	}
}

// tickWith runs a tick of m with no input but what act sets.
func tickWith(tb testing.TB, m *Manager, act func(in *viz.Input)) {
	tb.Helper()
	err := m.update(func(in *viz.Input) {
		*in = viz.Input{Width: m.w, Height: m.h, Scale: m.scale}
		if act != nil {
			act(in)
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// keyTick runs a tick of m in which keys are pressed, and repeated.
func keyTick(tb testing.TB, m *Manager, keys ...ebiten.Key) {
	tb.Helper()
	tickWith(tb, m, func(in *viz.Input) { in.Pressed, in.Repeated = keys, keys })
}
