//go:build e2e && !js

package e2e

import (
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// TestBrowserEmbedKeys sets the page's keys embed, hide, lock and theme on
// one page through window.jacobianlab.set, as a host page would: each
// hidden part is absent from layout() while the rest obeys the layout
// rules, each theme shows in the pixels (and without a theme key the
// system's dark scheme does), and with lock=1 the page's input
// of the function is read-only while a drag still moves the point.
func TestBrowserEmbedKeys(t *testing.T) {
	requireWeb(t, webDir)
	base := servePage(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, base+"/?scene=scalar")
	set := func(keys map[string]string) {
		t.Helper()
		b, _ := json.Marshal(keys)
		evalJS[bool](t, ctx, fmt.Sprintf(`window.setDone = false, window.jacobianlab.set(%s, () => { window.setDone = true })`, b))
		waitJS(t, ctx, `window.setDone`, 20*time.Second)
	}
	// Each case hides what layout() lists as a kind or id, with a text
	// that starts with text; the plot hidden with the numbers is the
	// error plot, in the right half.
	for _, c := range []struct{ key, value, kind, text string }{
		{"embed", "1", "tabs", ""},
		{"hide", "tabs", "tabs", ""},
		{"hide", "title", viz.DrawnText, "The scalar derivative"},
		{"hide", "fields", "textfield", ""},
		{"hide", "steps", viz.DrawnText, "Step 1 of"},
		{"hide", "steps", "button", "Next →"},
		{"hide", "numbers", viz.DrawnPlot, ""},
	} {
		keys := map[string]string{"embed": "0", "hide": ""}
		keys[c.key] = c.value
		set(keys)
		where := c.key + "=" + c.value
		if st := stateAs[scenes.State](t, ctx); st.Notice != "" || (c.key == "hide" && st.Hide != c.value) || (c.key == "embed") != st.Embed {
			t.Errorf("%s: state() has notice %q, hide %q, embed %v", where, st.Notice, st.Hide, st.Embed)
		}
		items := frameLayout(t, ctx)
		for _, d := range items {
			if (d.Kind == c.kind || d.ID == c.kind) && strings.HasPrefix(d.Text, c.text) && (c.kind != viz.DrawnPlot || d.Rect[0] > pageW/2) {
				t.Errorf("%s: layout() still has %+v", where, d)
			}
		}
		for _, p := range layoutProblems(items, false) {
			t.Errorf("%s: %s", where, p)
		}
		if c.value == "fields" && evalJS[bool](t, ctx, `[...document.querySelectorAll("#fields input")].some((i) => !i.hidden)`) {
			t.Errorf("%s: a page input of a function is on show", where)
		}
	}
	waitJS(t, ctx, `new URLSearchParams(location.search).get("hide") === "numbers"`, 10*time.Second)

	// Each theme: at (4, 60) CSS pixels is the page's background under
	// the tab bar, but in projector, whose larger bar covers it.
	set(map[string]string{"hide": ""})
	for _, c := range []struct {
		theme string
		want  color.RGBA
	}{{"dark", viz.Dark.Background}, {"projector", viz.Projector.Panel}, {"light", viz.Light.Background}} {
		set(map[string]string{"theme": c.theme})
		frameLayout(t, ctx)
		img := screenshot(t, ctx, "theme-"+c.theme+".png")
		if got := img.At(4, 60); !viztest.Close(got, c.want, 2) {
			t.Errorf("theme=%s: the pixel at (4, 60) is %v, want %v", c.theme, got, c.want)
		}
		if st := stateAs[scenes.State](t, ctx); st.Theme != c.theme {
			t.Errorf("theme=%s: state() has theme %q", c.theme, st.Theme)
		}
	}

	// Without a theme key, the reader's system's dark scheme.
	f := []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: f}); err != nil {
		t.Fatal(err)
	}
	set(map[string]string{"theme": ""})
	waitJS(t, ctx, `window.jacobianlab.state().theme === "dark"`, 10*time.Second)
	frameLayout(t, ctx)
	if got := screenshot(t, ctx, "theme-system-dark.png").At(4, 60); !viztest.Close(got, viz.Dark.Background, 2) {
		t.Errorf("no theme key, a dark system: the pixel at (4, 60) is %v, want %v", got, viz.Dark.Background)
	}
	if evalJS[bool](t, ctx, `new URLSearchParams(location.search).has("theme")`) {
		t.Error("no theme key, a dark system: the address has a theme")
	}

	// lock=1: the input is read-only, and typing through the page's API
	// changes nothing; the point still follows a drag.
	set(map[string]string{"lock": "1"})
	waitJS(t, ctx, `document.querySelector("#fields input").readOnly`, 10*time.Second)
	evalJS[bool](t, ctx, `window.jacobianlab.setField("f", "x^3", true), true`)
	frameLayout(t, ctx)
	st := pageState(t, ctx)
	if st.Expr != "sin(x)" || !st.Lock {
		t.Errorf("lock=1: after typing x^3 f is %q, lock %v; want sin(x) kept", st.Expr, st.Lock)
	}
	x0 := st.X0
	px, py := toPx(st.Plot, -2, math.Sin(x0), 1)
	sx, sy := toPx(st.Plot, x0, math.Sin(x0), 1)
	dragWithMouse(t, ctx, sx, sy, px, py)
	waitJS(t, ctx, `Math.abs(window.jacobianlab.state().x0 + 2) < 0.1`, 10*time.Second)
}
