//go:build e2e && gallery && !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
)

var galleryViews = []galleryView{
	{1920, 1080, false}, {1280, 800, false}, {1024, 768, false}, {800, 500, false},
	{600, 800, false}, {390, 844, true}, {844, 390, true},
}

// galleryLessons are the lessons and their number of steps.
var galleryLessons = []struct {
	id    string
	steps int
}{{"scalar", 3}, {"gradient", 3}, {"jacobian", 3}, {"tensor", 5}, {"backprop", 31}}

// TestBrowserLayoutGallery opens every lesson once and shows it at every
// size of galleryViews and at every step, resized and stepped in place:
// each frame keeps the layout rules (layoutProblems) and has no error. It
// writes the screenshots to out/gallery/ with an index.html that shows
// them side by side, for a person to look at (the backprop lesson's 31
// steps are checked, and three of them kept as pictures).
func TestBrowserLayoutGallery(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	dir := filepath.Join(root, "out", "gallery")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var index strings.Builder
	index.WriteString("<!doctype html><meta charset=utf-8><title>Jacobian Lab at every size</title>\n" +
		"<style>body{font:14px sans-serif} figure{display:inline-block;vertical-align:top;margin:8px} img{max-height:420px;border:1px solid #ccc}</style>\n")
	for _, l := range galleryLessons {
		openPage(t, ctx, base+"/?scene="+l.id)
		fmt.Fprintf(&index, "<h2>%s</h2>\n", html.EscapeString(l.id))
		for _, v := range galleryViews {
			resize(t, ctx, v)
			for k := range l.steps {
				goToStep(t, ctx, k)
				name := fmt.Sprintf("%s-%dx%d-step%d", l.id, v.w, v.h, k+1)
				items := frameLayout(t, ctx)
				for _, p := range layoutProblems(items) {
					t.Errorf("%s: %s", name, p)
				}
				if st := stateAs[scenes.State](t, ctx); st.Error != nil {
					t.Errorf("%s: error %q", name, *st.Error)
				}
				if l.steps > 5 && k != 0 && k != l.steps/2 && k != l.steps-1 {
					continue
				}
				buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&index, "<figure><img src=%q alt=%q><figcaption>%s</figcaption></figure>\n", name+".png", name, name)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goToStep presses PageDown or PageUp until the lesson is at step k.
func goToStep(t testing.TB, ctx context.Context, k int) {
	t.Helper()
	for range 64 {
		cur := stateAs[scenes.LessonState](t, ctx).Step
		if cur == k {
			return
		}
		key, code := "PageDown", int64(34)
		if cur > k {
			key, code = "PageUp", 33
		}
		tap(t, ctx, key, code)
	}
	t.Fatalf("could not reach step %d", k)
}

// tap presses and releases a key, each held for a few ticks.
func tap(t testing.TB, ctx context.Context, key string, code int64) {
	t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: key, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// frameLayout waits for two more frames and returns what the last drew.
func frameLayout(t testing.TB, ctx context.Context) []viz.Drawn {
	t.Helper()
	time.Sleep(80 * time.Millisecond)
	raw := evalJS[string](t, ctx, `JSON.stringify(window.jacobianlab.layout())`)
	var items []viz.Drawn
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatal(err)
	}
	return items
}
