//go:build e2e && !js

package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/viz"
)

// TestBrowserClipboard selects the tensor lesson's loss field, a text
// field drawn on the canvas, with Ctrl+A, copies it, cuts it and pastes a
// new loss, through the page's clipboard events as the browser fires them
// for the shortcuts. (The functions' fields have HTML inputs over them,
// with the browser's own clipboard.)
func TestBrowserClipboard(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=tensor&step=2&loss=sum(y)*2")
	var field viz.Drawn
	for _, d := range frameItems(t, ctx) {
		if d.ID == "textfield" && !d.HTML {
			field = d
		}
	}
	if field.Text != "sum(y)*2" {
		t.Fatalf("no loss field on the canvas: %+v", field)
	}
	// A click gives the field the focus.
	if err := chromedp.Do(ctx, chromedp.MouseClickXY((field.Rect[0]+field.Rect[2])/2, (field.Rect[1]+field.Rect[3])/2)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.jacobianlab.state().control === "textfield: sum(y)*2"`, 5*time.Second)
	ctrlKey(t, ctx, "a", "KeyA", 65, "")
	// clipboard fires a clipboard event of the given type on the page, as the
	// browser does for Ctrl+C, Ctrl+X and Ctrl+V, and returns the text the
	// page put on the clipboard.
	clipboard := func(typ, text string) string {
		return evalJS[string](t, ctx, `(() => {
			const dt = new DataTransfer();
			if (`+strconv.Quote(text)+` !== "") dt.setData("text/plain", `+strconv.Quote(text)+`);
			document.dispatchEvent(new ClipboardEvent("`+typ+`", {clipboardData: dt, bubbles: true, cancelable: true}));
			return dt.getData("text/plain");
		})()`)
	}
	// Ctrl+C itself: the page must let the browser fire copy (Ebiten
	// would cancel the key), and its handler puts the selection on the
	// clipboard; a listener on window, which the event reaches last, reads
	// it.
	evalJS[bool](t, ctx, `window.addEventListener("copy", e => { window.copied = e.clipboardData.getData("text/plain"); }), true`)
	ctrlKey(t, ctx, "c", "KeyC", 67, "copy")
	if got := evalJS[string](t, ctx, `String(window.copied)`); got != "sum(y)*2" {
		t.Fatalf("Ctrl+C after Ctrl+A put %q on the clipboard, want sum(y)*2", got)
	}
	if got := clipboard("copy", ""); got != "sum(y)*2" {
		t.Fatalf("copy after Ctrl+A put %q on the clipboard, want sum(y)*2", got)
	}
	if expr := evalJS[string](t, ctx, "window.jacobianlab.state().loss.expr"); expr != "sum(y)*2" {
		t.Fatalf("copy changed the loss to %q", expr)
	}
	if got := clipboard("cut", ""); got != "sum(y)*2" {
		t.Fatalf("cut put %q on the clipboard, want sum(y)*2", got)
	}
	// The emptied field does not compile: the lesson keeps its loss and
	// marks the field.
	waitJS(t, ctx, `window.jacobianlab.state().control === "textfield"`, 5*time.Second)
	if expr := evalJS[string](t, ctx, "window.jacobianlab.state().loss.expr"); expr != "sum(y)*2" {
		t.Errorf("after the cut the loss is %q, want the last good one kept", expr)
	}
	if got := clipboard("copy", ""); got != "" {
		t.Errorf("copy with nothing selected put %q on the clipboard", got)
	}
	clipboard("paste", "sum(y * y)")
	waitJS(t, ctx, `window.jacobianlab.state().loss.expr === "sum(y * y)" && window.jacobianlab.state().error === null`, 5*time.Second)
}

// ctrlKey presses Ctrl with a key, as a person would: Ctrl down, the key
// down and up, then Ctrl up, a few ticks apart. A headless browser runs the
// editing command a shortcut means (copy, paste, …) only when told.
func ctrlKey(t *testing.T, ctx context.Context, key, code string, vk int64, command string) {
	t.Helper()
	const ctrl = 2 // the Ctrl modifier bit of DispatchKeyEvent
	var commands []string
	if command != "" {
		commands = []string{command}
	}
	for _, p := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeRawKeyDown, Key: "Control", Code: "ControlLeft", WindowsVirtualKeyCode: 17, Modifiers: ctrl},
		{Type: input.DispatchKeyEventTypeRawKeyDown, Key: key, Code: code, WindowsVirtualKeyCode: vk, Modifiers: ctrl, Commands: commands},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code, WindowsVirtualKeyCode: vk, Modifiers: ctrl},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "Control", Code: "ControlLeft", WindowsVirtualKeyCode: 17},
	} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
	}
}
