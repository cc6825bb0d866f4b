//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// typeChar types the character c on the canvas as a key press that
// produces it.
func typeChar(t testing.TB, ctx context.Context, c string, code int64) {
	t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: c, Code: "Key" + strings.ToUpper(c), WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text = c
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// clickButton clicks the button on the canvas labelled label, as
// layout() places it.
func clickButton(t testing.TB, ctx context.Context, label string) {
	t.Helper()
	for _, d := range frameItems(t, ctx) {
		if d.ID == "button" && d.Text == label {
			x, y := (d.Rect[0]+d.Rect[2])/2, (d.Rect[1]+d.Rect[3])/2
			if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no button %q on the canvas", label)
}

// download waits for a file ending in ext to appear, whole, in dir, and
// returns its content.
func download(t testing.TB, dir, ext string) []byte {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(names) > 0 {
			b, err := os.ReadFile(names[0])
			if err == nil && len(b) > 0 {
				return b
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %s download in %s", ext, dir)
	return nil
}

// TestBrowserShareMenu opens the Share menu with S and with a click, and
// checks that "Copy embed code" puts an iframe with a title, lazy loading
// and the canvas's aspect ratio on the clipboard (or, where the page may
// not write it, in the box to copy from), and that "Save figure (SVG)" and
// "Save picture" download an SVG that parses and a PNG of the canvas at
// device resolution; and that where the clipboard is refused the link
// waits in a box on the page, selected.
func TestBrowserShareMenu(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	dir := t.TempDir()
	base := servePage(t, webDir)
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		p := browser.SetPermissionParams{Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted, Origin: base}
		if _, err := chromedp.Call(ctx, browser.SetPermission, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	openPage(t, ctx, base+"/?scene=scalar&f=x%5E2&at=x%3D1.5")
	evalJS[bool](t, ctx, `document.querySelector("canvas").focus(), true`)

	// By the keyboard: S, ↓, Enter.
	typeChar(t, ctx, "s", 83)
	waitJS(t, ctx, `window.jacobianlab.state().control === "button: Copy link"`, 10*time.Second)
	pressKey(t, ctx, "ArrowDown", 40)
	waitJS(t, ctx, `window.jacobianlab.state().control === "button: Copy embed code"`, 10*time.Second)
	pressKey(t, ctx, "Enter", 13)
	waitJS(t, ctx, `(document.getElementById("share-status") || {}).textContent`, 10*time.Second)
	var embed string
	if box := evalJS[bool](t, ctx, `!!document.querySelector("#share-text textarea")`); box {
		embed = evalJS[string](t, ctx, `document.querySelector("#share-text textarea").value`)
		t.Log("the clipboard was refused: the embed code is in the box")
		evalJS[bool](t, ctx, `document.querySelector("#share-text button").click(), true`)
	} else {
		embed = awaitJS[string](t, ctx, `navigator.clipboard.readText()`)
	}
	w, h := evalJS[int](t, ctx, `innerWidth`), evalJS[int](t, ctx, `innerHeight`)
	for _, want := range []string{`<iframe src="` + base + `/?`, `embed=1`, `title="Jacobian Lab: Scalar derivative"`,
		`loading="lazy"`, `allow="fullscreen"`, fmt.Sprintf(`aspect-ratio:%d/%d`, w, h), `at=x+%3D+1.5`} {
		if !strings.Contains(embed, want) {
			t.Errorf("the embed code %q lacks %q", embed, want)
		}
	}
	if st := evalJS[string](t, ctx, `document.getElementById("share-status").getAttribute("role")`); st != "status" {
		t.Errorf("the share status has role %q, want status (a live region)", st)
	}

	// By the pointer: the Share button, then Save figure (SVG).
	clickButton(t, ctx, "Share")
	waitJS(t, ctx, `window.jacobianlab.layout().some(d => d.text === "Save figure (SVG)")`, 10*time.Second)
	clickButton(t, ctx, "Save figure (SVG)")
	svg := download(t, dir, ".svg")
	d := xml.NewDecoder(bytes.NewReader(svg))
	paths := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("the saved SVG does not parse: %v", err)
			}
			break
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "path" {
			paths++
		}
	}
	if paths < 10 {
		t.Errorf("the saved SVG has %d paths", paths)
	}

	clickButton(t, ctx, "Share")
	waitJS(t, ctx, `window.jacobianlab.layout().some(d => d.text === "Save picture")`, 10*time.Second)
	clickButton(t, ctx, "Save picture")
	img, err := png.Decode(bytes.NewReader(download(t, dir, ".png")))
	if err != nil {
		t.Fatalf("the saved picture: %v", err)
	}
	dpr := evalJS[float64](t, ctx, `devicePixelRatio`)
	if b := img.Bounds(); b.Dx() != int(float64(w)*dpr) || b.Dy() != int(float64(h)*dpr) {
		t.Errorf("the picture is %v, want the canvas's %d×%d device pixels", b.Size(), int(float64(w)*dpr), int(float64(h)*dpr))
	}
	if evalJS[bool](t, ctx, `window.jacobianlab.layout().some(d => d.text === "Save picture")`) {
		t.Error("the menu stays open after an item")
	}
	// Where the page may not write the clipboard, the text waits in a box,
	// selected, to be copied by hand.
	p := browser.SetPermissionParams{Permission: &browser.PermissionDescriptor{Name: "clipboard-write"}, Setting: browser.PermissionSettingDenied, Origin: base}
	if _, err := chromedp.Call(ctx, browser.SetPermission, p); err != nil {
		t.Fatal(err)
	}
	clickButton(t, ctx, "Share")
	waitJS(t, ctx, `window.jacobianlab.layout().some(d => d.text === "Copy link")`, 10*time.Second)
	clickButton(t, ctx, "Copy link")
	waitJS(t, ctx, `document.querySelector("#share-text textarea")`, 10*time.Second)
	screenshot(t, ctx, "share-box.png")
	box := evalJS[[]string](t, ctx, `(a => [a.value, String(document.activeElement === a), String(a.selectionEnd - a.selectionStart)])(document.querySelector("#share-text textarea"))`)
	if !strings.HasPrefix(box[0], base+"/?") || !strings.Contains(box[0], "scene=scalar") || box[1] != "true" || box[2] != fmt.Sprint(len(box[0])) {
		t.Errorf("the box to copy from holds %q, focused %s, %s characters selected; want the link, focused and selected", box[0], box[1], box[2])
	}
	pressKey(t, ctx, "Escape", 27)
	waitJS(t, ctx, `!document.getElementById("share-text")`, 10*time.Second)

	clickButton(t, ctx, "Share")
	waitJS(t, ctx, `window.jacobianlab.layout().some(d => d.text === "Copy LaTeX")`, 10*time.Second)
	screenshot(t, ctx, "share-menu.png")
	pressKey(t, ctx, "Escape", 27)
	waitJS(t, ctx, `!window.jacobianlab.layout().some(d => d.text === "Copy LaTeX")`, 10*time.Second)

	// On a phone: every item a finger's press, inside the canvas, and the
	// picture at the phone's three device pixels per CSS pixel.
	resize(t, ctx, galleryView{390, 844, true})
	openPage(t, ctx, base+"/?scene=scalar&f=x%5E2&at=x%3D1.5") // at the phone's device pixel ratio from the start
	evalJS[bool](t, ctx, `document.querySelector("canvas").focus(), true`)
	typeChar(t, ctx, "s", 83)
	waitJS(t, ctx, `window.jacobianlab.layout().some(d => d.text === "Copy LaTeX")`, 10*time.Second)
	screenshot(t, ctx, "share-menu-phone.png")
	n := 0
	for _, d := range frameItems(t, ctx) {
		if d.ID != "button" || !strings.HasPrefix(d.Text, "Copy ") && !strings.HasPrefix(d.Text, "Save ") {
			continue
		}
		n++
		if d.Rect[3]-d.Rect[1] < 44 || d.Rect[0] < 0 || d.Rect[2] > 390 || d.Rect[3] > 844 {
			t.Errorf("on a phone the item %q is at %v: want 44 px high, inside the 390×844 canvas", d.Text, d.Rect)
		}
	}
	if n != 6 {
		t.Errorf("on a phone the menu shows %d items, want 6", n)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	pressKey(t, ctx, "ArrowDown", 40)
	pressKey(t, ctx, "ArrowDown", 40)
	waitJS(t, ctx, `window.jacobianlab.state().control === "button: Save picture"`, 10*time.Second)
	pressKey(t, ctx, "Enter", 13)
	img, err = png.Decode(bytes.NewReader(download(t, dir, ".png")))
	if err != nil {
		t.Fatalf("the phone's picture: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 3*390 || b.Dy() != 3*844 {
		t.Errorf("the phone's picture is %v, want 1170×2532", b.Size())
	}
}
