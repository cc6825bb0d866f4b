//go:build display

package scenes

import (
	"bytes"
	"encoding/xml"
	"image"
	"net/url"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// fakeSharer records what the Share menu gives it.
type fakeSharer struct {
	copied map[string]string // by what
	saved  map[string][]byte // by name
}

func (f *fakeSharer) Address(q string) string { return "https://lab.example/app/?" + q }
func (f *fakeSharer) Copy(what, text string) string {
	f.copied[what] = text
	return ""
}
func (f *fakeSharer) Save(name, _ string, data []byte) string {
	f.saved[name] = data
	return ""
}

// TestShareMenu opens the Share menu with S and with a click, walks it
// with the arrows, closes it with Escape, and checks what each item
// gives the host: the link, the embed code, the figure as SVG and the
// formulas on show as LaTeX.
func TestShareMenu(t *testing.T) {
	m := NewManager(url.Values{"scene": {"scalar"}, "f": {"x^2"}, "at": {"x = 1.5"}, "parent": {"https://host.example"}})
	fs := &fakeSharer{copied: map[string]string{}, saved: map[string][]byte{}}
	m.Share = fs
	var views []FieldView
	m.OnFields = func(v []FieldView) { views = v }
	m.Layout(1280, 800)
	if err := m.Update(); err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImage(1280, 800)
	m.Draw(screen)
	tick := func(in viz.Input) {
		in.Scale, in.Width, in.Height = 1, 1280, 800
		m.in = in
		m.updateControls()
	}
	key := func(k ebiten.Key) { tick(viz.Input{Repeated: []ebiten.Key{k}, Pressed: []ebiten.Key{k}}) }
	click := func(r image.Rectangle) {
		c := r.Min.Add(r.Max).Div(2)
		tick(viz.Input{Pointer: viz.Pointer{X: float64(c.X), Y: float64(c.Y), Down: true, Pressed: true}})
		tick(viz.Input{Pointer: viz.Pointer{X: float64(c.X), Y: float64(c.Y), Released: true}})
	}

	tick(viz.Input{Chars: []rune{'s'}})
	if !m.share.open || control(t, m) != "button: Copy link" {
		t.Fatalf("after S: menu open %v, focus %q; want it open on Copy link", m.share.open, control(t, m))
	}
	if err := m.Update(); err != nil { // a tick in which nothing happens
		t.Fatal(err)
	}
	if len(views) != 2 || !views[0].Hidden || !views[1].Hidden {
		t.Errorf("with the menu open the page's inputs are %+v, want them hidden: they would show over the menu", views)
	}
	for _, r := range m.share.items {
		if r.Rect.Dy() < 44 || !r.Rect.In(image.Rect(0, 0, 1280, 800)) || !r.Rect.In(m.share.rect) {
			t.Errorf("item %q at %v: want 44 pixels high, in the menu %v and the screen", r.Label, r.Rect, m.share.rect)
		}
	}
	key(ebiten.KeyArrowDown)
	if c := control(t, m); c != "button: Copy embed code" {
		t.Fatalf("after ↓ the focus is on %q", c)
	}
	key(ebiten.KeyArrowUp)
	key(ebiten.KeyArrowUp) // round to the last
	if c := control(t, m); c != "button: Copy LaTeX" {
		t.Errorf("after ↓ ↑ ↑ the focus is on %q, want Copy LaTeX", c)
	}
	key(ebiten.KeyEscape)
	if m.share.open || control(t, m) != "button: Share" {
		t.Fatalf("after Escape: menu open %v, focus %q; want it closed, the focus on Share", m.share.open, control(t, m))
	}

	// Enter on the Share button opens the menu; ↓ and Enter copy the
	// embed code.
	key(ebiten.KeyEnter)
	key(ebiten.KeyArrowDown)
	key(ebiten.KeyEnter)
	embed := fs.copied["embed code"]
	for _, want := range []string{`<iframe src="https://lab.example/app/?`, `embed=1`, `title="Jacobian Lab: Scalar derivative"`,
		`loading="lazy"`, `allow="fullscreen"`, `aspect-ratio:1280/800`, `at=x+%3D+1.5`} {
		if !strings.Contains(embed, want) {
			t.Errorf("the embed code %q lacks %q", embed, want)
		}
	}
	if strings.Contains(embed, "parent") {
		t.Errorf("the embed code %q keeps this page's parent", embed)
	}
	if m.share.open {
		t.Error("the menu stays open after an item")
	}

	// By the pointer: the link, the figure and the picture.
	click(m.shareButton.Rect)
	click(m.share.items[shareLink].Rect)
	if l := fs.copied["link"]; !strings.HasPrefix(l, "https://lab.example/app/?") || !strings.Contains(l, "scene=scalar") || !strings.Contains(l, "parent=") || strings.Contains(l, "embed") {
		t.Errorf("the link is %q", l)
	}
	click(m.shareButton.Rect)
	click(m.share.items[shareSVG].Rect)
	svg := fs.saved["jacobianlab-scalar.svg"]
	if err := xml.Unmarshal(svg, new(struct{})); err != nil || !bytes.Contains(svg, []byte("<path")) {
		t.Errorf("the saved SVG (%d bytes) does not parse or has no path: %v", len(svg), err)
	}
	click(m.shareButton.Rect)
	click(m.share.items[shareTeX].Rect)
	if tex := fs.copied["LaTeX"]; !strings.Contains(tex, `\frac{f(x_0+h) - f(x_0)}{h}`) || !strings.Contains(tex, "2.25") {
		t.Errorf("the LaTeX %q is not the first step's formula with f(x₀) = 2.25", tex)
	}
	click(m.shareButton.Rect)
	click(m.share.items[sharePicture].Rect)
	if !m.share.picture {
		t.Error("Save picture does not ask the next frame for a picture") // the browser test saves one
	}
	m.share.picture = false

	// A press on the Share button closes the open menu.
	click(m.shareButton.Rect)
	click(m.shareButton.Rect)
	if m.share.open {
		t.Error("a second press on the Share button leaves the menu open")
	}

	// A press beside the open menu closes it, and does not reach the lesson.
	click(m.shareButton.Rect)
	tick(viz.Input{Pointer: viz.Pointer{X: 100, Y: 400, Down: true, Pressed: true}})
	if m.share.open || m.in.Pointer.Pressed {
		t.Errorf("a press beside the menu: open %v, press passed on %v", m.share.open, m.in.Pointer.Pressed)
	}
}

// TestShareMenuFitsSmallScreens checks the Share button and the menu at
// 320×480: both inside the screen, the button beside the folded bar, and
// every item a finger's press high.
func TestShareMenuFitsSmallScreens(t *testing.T) {
	for _, size := range []image.Point{{320, 480}, {390, 844}, {800, 500}} {
		m := NewManager(url.Values{"scene": {"scalar"}}) // the longest title, which the folded bar shows
		m.Layout(size.X, size.Y)
		if err := m.Update(); err != nil {
			t.Fatal(err)
		}
		m.toggleShare()
		m.placeShare()
		screen := image.Rect(0, 0, size.X, size.Y)
		if !m.shareButton.Rect.In(screen) || m.shareButton.Rect.Overlaps(m.keysButton.Rect) || m.shareButton.Rect.Dy() < 44 {
			t.Errorf("%v: the Share button at %v, Keys at %v", size, m.shareButton.Rect, m.keysButton.Rect)
		}
		if m.folded() {
			if _, x1 := m.foldedTab(); x1 > float64(m.shareButton.Rect.Min.X) {
				t.Errorf("%v: the folded bar's button ends at %v, over the Share button at %v", size, x1, m.shareButton.Rect)
			}
		}
		if !m.share.rect.In(screen) {
			t.Errorf("%v: the menu at %v leaves the screen", size, m.share.rect)
		}
		for _, b := range m.share.items {
			if b.Rect.Dy() < 44 || b.Rect.Dx() < 160 {
				t.Errorf("%v: item %q is %v", size, b.Label, b.Rect)
			}
		}
	}
}
