//go:build display && unix && pixels

package scenes

import (
	"fmt"
	"image"
	"net/url"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// TestDragDrawsPart drags each lesson's point as the drag benchmarks do,
// on a laptop's screen, an embedded iframe's (800×500) and a phone's, and
// checks that every frame of the drag draws again only the part of the
// screen the drag changes, that such a frame is the frame the manager
// draws whole for the same state, pixel for pixel but for the GPU's
// rounding (see differ), and that the drag does change the picture. A key
// that turns the step mid-drag gets a whole frame.
func TestDragDrawsPart(t *testing.T) {
	for _, d := range dragBenches {
		for _, size := range []image.Point{{1280, 800}, {800, 500}, {390, 844}} {
			t.Run(fmt.Sprintf("%s/%dx%d", d.name, size.X, size.Y), func(t *testing.T) {
				// Without the steps' questions: on a small screen a
				// question takes the place of the pictures.
				q := url.Values{"scene": {d.id}, "quiz": {"off"}}
				for k, v := range d.q {
					q[k] = v
				}
				m := NewManager(q)
				m.Layout(size.X, size.Y)
				screen, whole := ebiten.NewImage(size.X, size.Y), ebiten.NewImage(size.X, size.Y)
				defer screen.Deallocate()
				defer whole.Deallocate()
				var p viz.Pointer
				var keys []ebiten.Key
				tick := func() {
					t.Helper()
					err := m.update(func(in *viz.Input) {
						in.Width, in.Height, in.Scale = m.w, m.h, m.scale
						in.Pointer, in.Pressed, in.Repeated = p, keys, keys
					})
					if err != nil {
						t.Fatal(err)
					}
				}
				tick()
				m.Draw(screen)
				before := pixelsOf(screen)
				path := d.path(t, m.scene.State())
				x, y := path(0)
				p = viz.Pointer{X: x, Y: y, Down: true, Pressed: true}
				tick()
				m.Draw(screen)
				for i := 1; i <= 30; i++ {
					x, y = path(i * 7)
					p = viz.Pointer{X: x, Y: y, Down: true}
					for range 1 + i%3 { // the browser runs one to three ticks a frame
						tick()
					}
					parts := m.perf.parts
					m.Draw(screen)
					if m.perf.parts != parts+1 {
						t.Fatalf("frame %d of the drag, at (%.0f, %.0f), drew the whole screen", i, x, y)
					}
					m.Draw(whole) // no tick since: drawn whole
					if m.perf.parts != parts+1 {
						t.Fatal("a frame without a tick drew only part of the screen")
					}
					if n, r := differ(pixelsOf(screen), pixelsOf(whole), size.X); n > 4 {
						t.Fatalf("frame %d of the drag, at (%.0f, %.0f): %d pixels differ from the whole frame's, within %v", i, x, y, n, r)
					}
				}
				if n, _ := differ(before, pixelsOf(screen), size.X); n < 200 {
					t.Errorf("the drag changed %d pixels of the picture, want at least 200", n)
				}
				st := m.scene.(interface{ frameOf() *lesson }).frameOf()
				step := st.step
				keys = []ebiten.Key{ebiten.KeyPageDown}
				parts := m.perf.parts
				tick()
				keys = nil
				m.Draw(screen)
				if m.perf.parts != parts || (st.step == step && step < len(st.steps)-1) {
					t.Errorf("PageDown during the drag: step %d → %d, part frames %d → %d; want the next step, drawn whole", step, st.step, parts, m.perf.parts)
				}
			})
		}
	}
}

// pixelsOf returns img's pixels.
func pixelsOf(img *ebiten.Image) []byte {
	b := img.Bounds()
	pix := make([]byte, 4*b.Dx()*b.Dy())
	img.ReadPixels(pix)
	return pix
}

// differ returns how many pixels of two pictures of width w differ by
// more than 2 levels in a channel, and the rectangle that holds them.
// The same frame drawn whole twice, into images at different places in
// Ebiten's atlases, differs by the GPU's rounding: by a level or two where
// a line's texture is filtered, and in a pixel or two where a polyline's
// segments meet (TestDragDrawsPart allows 4).
func differ(a, b []byte, w int) (n int, r image.Rectangle) {
	for i := 0; i < len(a); i += 4 {
		far := false
		for c := i; c < i+4; c++ {
			far = far || max(a[c], b[c])-min(a[c], b[c]) > 2
		}
		if far {
			n++
			x, y := i/4%w, i/4/w
			r = r.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	return n, r
}

// TestPlayDrawsPart plays the backprop lesson's backward sweep, as e2e's
// BenchmarkBackpropPlay does, with nothing else happening, and checks that
// a frame between two steps draws again only part of the screen, pixel for
// pixel (see differ) the frame the manager draws whole for the same
// state; that so does a frame in which the step turned, where the step's
// text is in the panel under the body and the new text leaves the graph
// where it was, and that such a frame is drawn whole where the text is on
// a sheet of its own; and that the sweep does move through the graph.
func TestPlayDrawsPart(t *testing.T) {
	for _, size := range []image.Point{{1280, 800}, {800, 500}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.X, size.Y), func(t *testing.T) {
			// From the backward sweep's second step: its first asks a question,
			// which a small screen shows in place of the graph.
			m := NewManager(url.Values{"scene": {"backprop"}, "f": {bpBenchF}, "at": {bpBenchAt}, "step": {"31"}})
			m.Layout(size.X, size.Y)
			screen, whole := ebiten.NewImage(size.X, size.Y), ebiten.NewImage(size.X, size.Y)
			defer screen.Deallocate()
			defer whole.Deallocate()
			s := m.scene.(*backprop)
			if s.net == nil || len(s.net.G.Nodes()) != 30 {
				t.Fatalf("the lesson has no graph of 30 nodes: %v", s.err)
			}
			keyTick(t, m)
			m.Draw(screen)
			for _, k := range []ebiten.Key{ebiten.KeyBracketRight, ebiten.KeySpace} { // 4 steps a second, and play
				keyTick(t, m, k)
				m.Draw(screen)
			}
			if !s.tl.Playing() {
				t.Fatal("Space did not play the sweep")
			}
			start := s.step
			before := pixelsOf(screen)
			wholes, parts, turns := 0, 0, 0
			for i := 1; i <= 60; i++ {
				step, graph := s.step, s.graph
				for range 1 + i%3 { // the browser runs one to three ticks a frame
					keyTick(t, m)
				}
				p := m.perf.parts
				m.Draw(screen)
				turned := s.step != step
				switch {
				case m.perf.parts == p:
					wholes++
					if !turned && i > 1 {
						t.Errorf("frame %d, at step %d, drew the whole screen though the step did not turn", i, s.step)
					}
					if turned && !s.compact && s.graph == graph {
						t.Errorf("frame %d turned the step from %d to %d and drew the whole screen, though the step's text is in the panel and the graph stayed at %v", i, step, s.step, graph)
					}
					continue
				case turned && s.compact:
					t.Fatalf("frame %d turned the step from %d to %d and drew only part of the screen, though the step's text is on a sheet", i, step, s.step)
				case turned:
					turns++
				}
				parts++
				m.Draw(whole) // no tick since: drawn whole
				if n, r := differ(pixelsOf(screen), pixelsOf(whole), size.X); n > 4 {
					t.Fatalf("frame %d, at step %d: %d pixels differ from the whole frame's, within %v", i, s.step, n, r)
				}
			}
			if s.compact {
				if s.step-start < 5 || parts < 20 || wholes < 5 {
					t.Errorf("the sweep went from step %d to %d in %d whole frames and %d part frames; want at least 5 steps, 5 whole frames and 20 part frames", start, s.step, wholes, parts)
				}
			} else if s.step-start < 5 || parts < 20 || turns < 3 {
				t.Errorf("the sweep went from step %d to %d in %d whole frames and %d part frames, %d of them turning the step; want at least 5 steps, 20 part frames, 3 of them turning the step", start, s.step, wholes, parts, turns)
			}
			if n, _ := differ(before, pixelsOf(screen), size.X); n < 200 {
				t.Errorf("the sweep changed %d pixels of the picture, want at least 200", n)
			}
		})
	}
}

// TestFieldsAfterFirstFrame: the page is given the text fields only in the
// tick after the first frame, which draws the fields' text itself (the
// page's work on its inputs would delay that frame); from that tick on the
// page's inputs show the text, and the frame differs from the first only
// where the fields' text was.
func TestFieldsAfterFirstFrame(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}})
	var views []FieldView
	calls := 0
	m.OnFields = func(v []FieldView) { views, calls = v, calls+1 }
	m.Layout(1280, 800)
	screen := ebiten.NewImage(1280, 800)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if calls != 0 {
		t.Fatalf("OnFields was called %d times before the first frame, want none", calls)
	}
	m.Draw(screen)
	first := pixelsOf(screen)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(views) != 2 {
		t.Fatalf("after the first frame OnFields was called %d times with %d fields, want once with f and g", calls, len(views))
	}
	m.Draw(screen)
	n, where := differ(first, pixelsOf(screen), 1280)
	var text image.Rectangle
	for _, v := range views {
		text = text.Union(image.Rect(int(v.Rect[0]), int(v.Rect[1]), int(v.Rect[2]), int(v.Rect[3])))
	}
	if n < 100 || !where.In(text) {
		t.Errorf("the first two frames differ in %d pixels, in %v; want the fields' text, in %v, drawn in the first frame only", n, where, text)
	}
}

// idleRun drives a manager on a screen of size as the browser does when
// nobody touches it: first frames after whatever act does in a tick of its
// own, then n ticks each followed by a frame, with no input at all. It
// returns how many of the n frames were drawn (not idle), and fails unless
// the screen then shows, pixel for pixel (see differ), the frame the
// manager draws whole for the same state: a frame left undrawn while
// something changed would leave the screen stale.
func idleRun(t *testing.T, m *Manager, size image.Point, n int, act func(in *viz.Input)) (drawn int) {
	t.Helper()
	m.Layout(size.X, size.Y)
	screen, whole := ebiten.NewImage(size.X, size.Y), ebiten.NewImage(size.X, size.Y)
	defer screen.Deallocate()
	defer whole.Deallocate()
	tick := func(act func(in *viz.Input)) { t.Helper(); tickWith(t, m, act) }
	tick(nil)
	m.Draw(screen)
	if act != nil {
		tick(act)
		m.Draw(screen)
	}
	for range n {
		tick(nil)
		idles := m.perf.idles
		m.Draw(screen)
		if m.perf.idles == idles {
			drawn++
		}
	}
	m.Draw(whole) // another image: drawn whole
	if d, r := differ(pixelsOf(screen), pixelsOf(whole), size.X); d > 4 {
		t.Fatalf("after %d idle ticks (%d frames drawn), %d pixels of the screen differ from the whole frame's, within %v", n, drawn, d, r)
	}
	return drawn
}

// TestIdleFramesKeepPixels checks that a lesson left alone stops drawing
// (Manager.Draw draws nothing when nothing changed, and Ebiten then stops
// presenting) on every step of every lesson, and on a phone's screen too,
// and that what changes on its own, with no input, is still drawn: a
// text field's blinking cursor, an animation that plays, and the tensor
// lesson's numbers, which wait for the shapes to settle. After each run
// the screen must show what a whole frame of the same state shows.
func TestIdleFramesKeepPixels(t *testing.T) {
	const n = 40
	for _, id := range []string{"scalar", "gradient", "jacobian", "tensor", "backprop"} {
		steps := len(NewManager(url.Values{"scene": {id}}).scene.(interface{ frameOf() *lesson }).frameOf().steps)
		for step := range steps {
			sizes := []image.Point{{1280, 800}}
			if step == 0 {
				sizes = append(sizes, image.Pt(390, 844))
			}
			for _, size := range sizes {
				t.Run(fmt.Sprintf("%s/step%d/%dx%d", id, step, size.X, size.Y), func(t *testing.T) {
					m := NewManager(url.Values{"scene": {id}, "step": {fmt.Sprint(step)}})
					if drawn := idleRun(t, m, size, n, nil); drawn > 0 {
						t.Errorf("%d of %d frames without input were drawn, want none", drawn, n)
					}
				})
			}
		}
	}
	t.Run("blinking cursor", func(t *testing.T) {
		m := NewManager(url.Values{"scene": {"scalar"}})
		l := m.scene.(interface{ frameOf() *lesson }).frameOf()
		click := func(in *viz.Input) { // on the first field, laid out by the first frame
			r := l.fields[0].text.Rect
			in.Pointer = viz.Pointer{X: float64(r.Min.X + 8), Y: float64(r.Min.Y+r.Max.Y) / 2, Down: true, Pressed: true}
		}
		// The cursor hides and shows every 30 ticks: 2 frames in 70 ticks.
		if drawn := idleRun(t, m, image.Pt(1280, 800), 70, click); drawn < 2 || drawn > 4 {
			t.Errorf("%d of 70 frames with a blinking cursor were drawn, want 2 to 4", drawn)
		}
		if l.ui.Focused() != l.fields[0].text {
			t.Error("the click did not focus the field")
		}
	})
	t.Run("animation playing", func(t *testing.T) {
		m := NewManager(url.Values{"scene": {"jacobian"}, "step": {"2"}})
		space := func(in *viz.Input) {
			in.Pressed, in.Repeated = []ebiten.Key{ebiten.KeySpace}, []ebiten.Key{ebiten.KeySpace}
		}
		if drawn := idleRun(t, m, image.Pt(1280, 800), n, space); drawn < n {
			t.Errorf("%d of %d frames of a playing animation were drawn, want all", drawn, n)
		}
		if !m.scene.(*jacobian).anim.Timeline.Playing() {
			t.Error("Space did not play the animation")
		}
	})
	t.Run("resized between ticks", func(t *testing.T) {
		// Ebiten may draw a frame of the new size before the tick that
		// lays the lesson out for it: the frame after that tick is drawn.
		m := NewManager(url.Values{"scene": {"scalar"}})
		idleRun(t, m, image.Pt(1280, 800), 3, nil)
		screen, whole := ebiten.NewImage(800, 500), ebiten.NewImage(800, 500)
		defer screen.Deallocate()
		defer whole.Deallocate()
		m.Layout(800, 500)
		m.Draw(screen)
		for range 3 {
			tickWith(t, m, nil)
			m.Draw(screen)
		}
		m.Draw(whole)
		if d, r := differ(pixelsOf(screen), pixelsOf(whole), 800); d > 4 {
			t.Errorf("after the resize, %d pixels of the screen differ from the whole frame's, within %v", d, r)
		}
	})
	t.Run("tensor shapes settling", func(t *testing.T) {
		m := NewManager(url.Values{"scene": {"tensor"}, "item": {"matmul"}})
		s := m.scene.(*tensor)
		grow := func(in *viz.Input) {
			s.sliders[0].Value++ // as a key on the slider would
			in.Pressed = []ebiten.Key{ebiten.KeyShift}
		}
		if drawn := idleRun(t, m, image.Pt(1280, 800), n, grow); drawn == 0 || drawn == n {
			t.Errorf("%d of %d frames after a change of shape were drawn, want some and not all", drawn, n)
		}
		if s.pending >= 0 {
			t.Error("the numbers did not follow the new shape")
		}
	})
}
