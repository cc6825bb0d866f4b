//go:build !js

package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"net/url"
	"os"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	// Before Ebiten's window system: a clear message without a display.
	_ "github.com/jacobianlab/jacobianlab/internal/display"
	"github.com/jacobianlab/jacobianlab/internal/keyflags"
	"github.com/jacobianlab/jacobianlab/scenes"
)

// host is the desktop: the page's URL keys come as flags, and -capture saves
// a frame as PNG and exits (for screenshots, and for the desktop test).
type host struct {
	q       url.Values
	capture string
	state   string
	layout  string
	frames  int
	resize  image.Point // the size to resize the window to halfway, or zero
	help    string      // the Help panel's tab to open, or ""
}

func newHost() (*host, error) {
	fs := flag.NewFlagSet("jacobianlab-desktop", flag.ContinueOnError)
	keys := keyflags.Define(fs)
	capture := fs.String("capture", "", "save the screen as this PNG `file` after -frames frames, then exit")
	state := fs.String("state", "", "with -capture: also write the app's state as JSON to this `file`")
	layout := fs.String("layout", "", "with -capture: also write what the frame drew (window.jacobianlab.layout()) as JSON to this `file`")
	size := fs.String("size", "", "the window's size in pixels, `W×H` or WxH (default 1100x720)")
	resize := fs.String("resize", "", "with -capture: resize the window to `W×H` halfway through the frames, as a person dragging its corner would")
	frames := fs.Int("frames", 30, "with -capture: frames to draw before capturing")
	help := fs.String("help", "", "open the Help panel on this `tab`: keys, notation or source")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	q, err := keys()
	if err != nil {
		return nil, err
	}
	if *frames < 1 {
		return nil, fmt.Errorf("-frames must be at least 1, not %d", *frames)
	}
	h := &host{q: q, capture: *capture, state: *state, layout: *layout, frames: *frames, help: *help}
	if *size != "" {
		w, hh, err := windowSize("-size", *size)
		if err != nil {
			return nil, err
		}
		ebiten.SetWindowSize(w, hh)
	}
	if *resize != "" {
		w, hh, err := windowSize("-resize", *resize)
		if err != nil {
			return nil, err
		}
		h.resize = image.Pt(w, hh)
	}
	return h, nil
}

// windowSize parses a window size flag's value, W×H or WxH.
func windowSize(flag, v string) (w, h int, err error) {
	if n, err := fmt.Sscanf(strings.Replace(v, "×", "x", 1), "%dx%d", &w, &h); n != 2 || err != nil || w < 1 || h < 1 || w > 16384 || h > 16384 {
		return 0, 0, fmt.Errorf("%s %q is not a window size such as 800x500 (1 to 16384 pixels a side)", flag, v)
	}
	return w, h, nil
}

func (h *host) query() url.Values { return h.q }

func (h *host) attach(m *scenes.Manager) ebiten.Game {
	if h.help != "" {
		if err := m.OpenHelp(h.help); err != nil {
			log.Fatalf("-help: %v", err)
		}
	}
	m.Share = desktopSharer{}
	if h.capture == "" {
		return m
	}
	return &capturer{Manager: m, path: h.capture, state: h.state, layout: h.layout, after: h.frames, resize: h.resize}
}

// capturer saves one frame to a PNG file and then ends the game.
type capturer struct {
	*scenes.Manager
	path   string
	state  string
	layout string
	after  int
	resize image.Point
	drawn  int
	done   bool
	err    error
}

func (c *capturer) Update() error {
	if c.done {
		if c.err != nil {
			return c.err
		}
		return ebiten.Termination
	}
	return c.Manager.Update()
}

func (c *capturer) Draw(screen *ebiten.Image) {
	c.Manager.Draw(screen)
	c.drawn++
	if c.drawn == c.after/2 && c.resize != (image.Point{}) {
		ebiten.SetWindowSize(c.resize.X, c.resize.Y)
	}
	if c.drawn < c.after || c.done {
		return
	}
	c.done = true
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	c.err = writePNG(c.path, img)
	if c.err == nil && c.state != "" {
		c.err = os.WriteFile(c.state, c.Manager.State(), 0o644)
	}
	if c.err == nil && c.layout != "" {
		c.err = os.WriteFile(c.layout, c.Manager.Drawn(), 0o644)
	}
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
