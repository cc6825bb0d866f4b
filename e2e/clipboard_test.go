//go:build e2e && !js

package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestBrowserClipboard selects the scalar lesson's f field with Ctrl+A,
// copies it, cuts it and pastes a new function, through the page's
// clipboard events as the browser fires them for the shortcuts.
func TestBrowserClipboard(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=scalar&f=sin(x)*x")
	pressKey(t, ctx, "Tab", 9) // the f field takes the focus
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
	if got := evalJS[string](t, ctx, `String(window.copied)`); got != "sin(x)*x" {
		t.Fatalf("Ctrl+C after Ctrl+A put %q on the clipboard, want sin(x)*x", got)
	}
	if got := clipboard("copy", ""); got != "sin(x)*x" {
		t.Fatalf("copy after Ctrl+A put %q on the clipboard, want sin(x)*x", got)
	}
	if expr := evalJS[string](t, ctx, "window.jacobianlab.state().expr"); expr != "sin(x)*x" {
		t.Fatalf("copy changed the function to %q", expr)
	}
	if got := clipboard("cut", ""); got != "sin(x)*x" {
		t.Fatalf("cut put %q on the clipboard, want sin(x)*x", got)
	}
	// The emptied field does not compile: the lesson keeps its function
	// and says why.
	waitJS(t, ctx, `window.jacobianlab.state().error !== null`, 5*time.Second)
	if got := clipboard("copy", ""); got != "" {
		t.Errorf("copy with nothing selected put %q on the clipboard", got)
	}
	clipboard("paste", "tanh(x)")
	waitJS(t, ctx, `window.jacobianlab.state().expr === "tanh(x)" && window.jacobianlab.state().error === null`, 5*time.Second)
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
