//go:build e2e && !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// typeText types s into the focused element as an input method or a
// dictation would, with CDP's Input.insertText.
func typeText(t testing.TB, ctx context.Context, s string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: s}); err != nil {
		t.Fatal(err)
	}
}

// shiftKey is the Shift modifier bit of DispatchKeyEvent.
const shiftKey = 8

// tab presses Tab, or Shift+Tab with back, and waits a few ticks.
func tab(t testing.TB, ctx context.Context, back bool) {
	t.Helper()
	var mods int64
	if back {
		mods = shiftKey
	}
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "Tab", Code: "Tab", WindowsVirtualKeyCode: 9, NativeVirtualKeyCode: 9, Modifiers: mods}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(80 * time.Millisecond)
	}
}

// tabTo presses Tab until the control named c, as state().control names
// it, has the focus.
func tabTo(t testing.TB, ctx context.Context, c string) {
	t.Helper()
	for range 20 {
		tab(t, ctx, false)
		if evalJS[string](t, ctx, `window.jacobianlab.state().control || ""`) == c {
			return
		}
	}
	t.Fatalf("Tab never reached %q", c)
}

// fieldRect returns the rectangle of the page's input for field id, in
// CSS pixels.
func fieldRect(t testing.TB, ctx context.Context, id string) [4]float64 {
	t.Helper()
	r := evalJS[[]float64](t, ctx, `(() => { const r = document.getElementById("field-`+id+`").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
	return [4]float64{r[0], r[1], r[2], r[3]}
}

// drawnFields returns layout()'s text fields.
func drawnFields(t testing.TB, ctx context.Context) []viz.Drawn {
	t.Helper()
	var fields []viz.Drawn
	for _, d := range frameItems(t, ctx) {
		if d.ID == "textfield" {
			fields = append(fields, d)
		}
	}
	return fields
}

// TestBrowserFieldInputs checks the HTML inputs over the scalar lesson's
// fields: their attributes, their place over the drawn boxes (which
// layout() marks html), typing into them with Input.insertText, and a
// mistake's underline drawn by the canvas under the right characters of
// the input's own text, at 1280×800 and on a phone at 390×844, scale 3.
func TestBrowserFieldInputs(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	for _, v := range []galleryView{{1280, 800, false}, {390, 844, true}} {
		t.Run(v.String(), func(t *testing.T) {
			openPage(t, ctx, base+"/?scene=scalar")
			resize(t, ctx, v)
			scale := 1.0
			if v.mobile {
				scale = 3 // resize's device scale
			}
			waitJS(t, ctx, `document.getElementById("field-f") && document.getElementById("field-g")`, 10*time.Second)
			attrs := evalJS[map[string]string](t, ctx, `(() => {
				const f = document.getElementById("field-f"), a = {};
				for (const k of ["aria-label", "autocapitalize", "autocorrect", "spellcheck", "inputmode", "type"]) a[k] = f.getAttribute(k);
				a.value = f.value;
				a.before = String(!!(f.compareDocumentPosition(document.querySelector("canvas")) & Node.DOCUMENT_POSITION_FOLLOWING));
				return a;
			})()`)
			want := map[string]string{"aria-label": "f(x) =", "autocapitalize": "off", "autocorrect": "off", "spellcheck": "false",
				"inputmode": "text", "type": "text", "value": "sin(x)", "before": "true"}
			for k, w := range want {
				if attrs[k] != w {
					t.Errorf("the f input's %s is %q, want %q", k, attrs[k], w)
				}
			}
			drawn := drawnFields(t, ctx)
			if len(drawn) != 2 {
				t.Fatalf("layout() has %d text fields, want 2", len(drawn))
			}
			for i, id := range []string{"f", "g"} {
				r := fieldRect(t, ctx, id)
				for k := range r {
					if math.Abs(r[k]-drawn[i].Rect[k]) > 1 {
						t.Errorf("the %s input is at %v, its drawn box at %v", id, r, drawn[i].Rect)
						break
					}
				}
				if !drawn[i].HTML {
					t.Errorf("layout() does not mark the %s field html: %+v", id, drawn[i])
				}
			}

			// Typing: focus the input, select its text and type over it.
			r := fieldRect(t, ctx, "f")
			if err := chromedp.Do(ctx, chromedp.MouseClickXY((r[0]+r[2])/2, (r[1]+r[3])/2)); err != nil {
				t.Fatal(err)
			}
			waitJS(t, ctx, `document.activeElement.id === "field-f"`, 5*time.Second)
			evalJS[bool](t, ctx, `document.activeElement.select(), true`)
			typeText(t, ctx, "x^2 + 1")
			waitJS(t, ctx, `window.jacobianlab.state().expr === "x^2 + 1"`, 5*time.Second)
			st := pageState(t, ctx)
			if want := 2 * st.X0; st.Error != nil || math.Abs(float64(st.DFDX)-want) > 1e-9 {
				t.Errorf("after typing x^2 + 1: error %v, dfdx %v, want %v", st.Error, float64(st.DFDX), want)
			}

			// A mistake: the state says so, and the canvas underlines the
			// unknown name under the input's own text.
			const bad = "sin(x) + foo(x)"
			evalJS[bool](t, ctx, `document.activeElement.select(), true`)
			typeText(t, ctx, bad)
			waitJS(t, ctx, `window.jacobianlab.state().error !== null && document.getElementById("field-f").getAttribute("aria-invalid") === "true"`, 5*time.Second)
			if st := pageState(t, ctx); st.Expr != "x^2 + 1" || !strings.Contains(*st.Error, "foo") {
				t.Errorf("after typing %s: expr %q, error %v; want the last good function kept and an error naming foo", bad, st.Expr, *st.Error)
			}
			if msg := evalJS[string](t, ctx, `document.getElementById("field-f-error").textContent`); !strings.Contains(msg, "foo") {
				t.Errorf("the input's description is %q, want the error", msg)
			}
			checkUnderline(t, ctx, v, scale, bad, strings.Index(bad, "foo"))
			// A mistake at the end of a text longer than the input: the
			// input scrolls, and the underline follows it.
			long := strings.Repeat("sin(x) + ", 12) + "bar(x)"
			evalJS[bool](t, ctx, `document.activeElement.select(), true`)
			typeText(t, ctx, long)
			waitJS(t, ctx, `window.jacobianlab.state().error.includes("bar") && document.getElementById("field-f").scrollLeft > 0`, 5*time.Second)
			checkUnderline(t, ctx, v, scale, long, strings.Index(long, "bar"))

			// A text too long for a function is refused, and the input
			// shows the function kept.
			// (The input held that function already: wait for the message,
			// which the next tick gives.)
			evalJS[bool](t, ctx, `window.jacobianlab.setField("f", "x+".repeat(100000) + "x"), true`)
			limit := fmt.Sprintf("at most %d", scenes.FieldTextLimit)
			waitJS(t, ctx, `document.getElementById("field-f-error").textContent.includes(`+strconv.Quote(limit)+`)`, 5*time.Second)
			if v := evalJS[string](t, ctx, `document.getElementById("field-f").value`); v != long {
				t.Errorf("after a text too long: the input holds %d bytes, want the function kept (%d bytes)", len(v), len(long))
			}
		})
	}
}

// TestBrowserLossInput checks the tensor lesson's loss, a field of its
// chain rule's step: an HTML input over its drawn box like the functions',
// where typing sets the loss, a loss that is not one number is refused with
// its message on the input, and the input hides on the other steps.
func TestBrowserLossInput(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=tensor&step=2&loss=sum(y)*2")
	waitJS(t, ctx, `(f => f && !f.hidden)(document.getElementById("field-loss"))`, 10*time.Second)
	if got := evalJS[[]string](t, ctx, `(f => [f.value, f.getAttribute("aria-label")])(document.getElementById("field-loss"))`); got[0] != "sum(y)*2" || got[1] != "L(y) =" {
		t.Fatalf("the loss input holds %q with label %q, want sum(y)*2 and L(y) =", got[0], got[1])
	}
	var drawn viz.Drawn
	for _, d := range drawnFields(t, ctx) {
		if d.Text == "sum(y)*2" {
			drawn = d
		}
	}
	r := fieldRect(t, ctx, "loss")
	for k := range r {
		if math.Abs(r[k]-drawn.Rect[k]) > 1 || !drawn.HTML {
			t.Fatalf("the loss input is at %v, its drawn box %+v (want the same place, marked html)", r, drawn)
		}
	}

	if err := chromedp.Do(ctx, chromedp.MouseClickXY((r[0]+r[2])/2, (r[1]+r[3])/2)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.activeElement.id === "field-loss"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.activeElement.select(), true`)
	typeText(t, ctx, "sum(y * y)")
	waitJS(t, ctx, `window.jacobianlab.state().loss.expr === "sum(y * y)" && window.jacobianlab.state().error === null`, 5*time.Second)

	// A tensor is not a loss: the input says why, and the loss is kept.
	evalJS[bool](t, ctx, `document.activeElement.select(), true`)
	typeText(t, ctx, "y * 2")
	waitJS(t, ctx, `document.getElementById("field-loss").getAttribute("aria-invalid") === "true"`, 5*time.Second)
	if msg := evalJS[string](t, ctx, `document.getElementById("field-loss-error").textContent`); !strings.Contains(msg, "one number") {
		t.Errorf("the loss input's description is %q, want why y * 2 is no loss", msg)
	}
	if expr := evalJS[string](t, ctx, `window.jacobianlab.state().loss.expr`); expr != "sum(y * y)" {
		t.Errorf("after a bad loss the loss is %q, want sum(y * y) kept", expr)
	}

	// Another step has no loss field: its input hides.
	evalJS[bool](t, ctx, `document.querySelector("canvas").focus(), true`)
	pressKey(t, ctx, "PageUp", 33)
	waitJS(t, ctx, `window.jacobianlab.state().step === 1 && document.getElementById("field-loss").hidden`, 5*time.Second)
}

// checkUnderline takes a screenshot and checks that the canvas's error
// underline lies under the character at byte offset at of text, as the
// browser lays the input's text out (its font, padding and scroll), and
// that the input's text is drawn there: the underline and the text agree.
func checkUnderline(t *testing.T, ctx context.Context, v galleryView, scale float64, text string, at int) {
	t.Helper()
	time.Sleep(100 * time.Millisecond) // a frame with the mark
	// Where the browser puts the character: its input's left, padding and
	// scroll, and the width of the text before it in the input's font.
	span, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(async () => {
		const f = document.getElementById("field-f"), cs = getComputedStyle(f);
		const font = cs.fontSize + " " + cs.fontFamily;
		await document.fonts.load(font);
		const g = document.createElement("canvas").getContext("2d");
		g.font = font;
		const r = f.getBoundingClientRect(), left = r.left + parseFloat(cs.paddingLeft) - f.scrollLeft;
		const t = `+strconv.Quote(text)+`;
		return [left + g.measureText(t.slice(0, `+strconv.Itoa(at)+`)).width, left + g.measureText(t.slice(0, `+strconv.Itoa(at+1)+`)).width, r.top, r.bottom, r.left, r.right];
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	shot := screenshot(t, ctx, fmt.Sprintf("field-error-%dx%d-%d.png", v.w, v.h, at))
	// The underline: the error colour inside the box, clear of its
	// outline (also red), in device pixels.
	box := image.Rect(int((span[4]+3)*scale), int((span[2]+3)*scale), int((span[5]-3)*scale), int((span[3]-3)*scale))
	minX, maxX, maxY := math.MaxInt, math.MinInt, 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			if viztest.Close(shot.At(x, y), errorColor, 30) {
				minX, maxX, maxY = min(minX, x), max(maxX, x), max(maxY, y)
			}
		}
	}
	x0, x1 := span[0]*scale, span[1]*scale
	t.Logf("underline at x %d–%d (device px), the input's character at %.1f–%.1f", minX, maxX+1, x0, x1)
	if minX > maxX {
		t.Fatal("no underline under the input")
	}
	if tol := 1.5 * scale; math.Abs(float64(minX)-x0) > tol || math.Abs(float64(maxX+1)-x1) > tol {
		t.Errorf("the underline spans x %d–%d, the input's %q at %.1f–%.1f (device pixels)", minX, maxX+1, text[at:at+1], x0, x1)
	}
	// The input draws the character above the underline.
	ink := image.Rect(int(x0), int(span[2]*scale), int(x1)+1, maxY-int(2*scale))
	if n := viztest.Count(shot, ink, textColor, 90); n < int(4*scale*scale) {
		t.Errorf("%d pixels of text above the underline in %v, want the input's character there", n, ink)
	}
}

// textColor is viz.Light.Text, the inputs' colour.
var textColor = viz.Light.Text

// TestBrowserTabOrder walks the scalar lesson's Tab order from the page's
// start (the canvas has the focus, so that the keys work at once, but the
// first Tab goes to the top of the page): the inputs, then every control
// on the canvas (state().control), then out of the page; and back with
// Shift+Tab.
func TestBrowserTabOrder(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=scalar")
	controls := []string{"tabs: Scalar derivative", "button: Share", "button: Help (?)", "slider: h", "button: About the source ›", "button: ← Previous", "button: Next →"}
	walkTabs(t, ctx, "document", "window.jacobianlab", controls)

	// Back from the first control on the canvas: the last input, the
	// first, then out of the page.
	evalJS[bool](t, ctx, `document.getElementById("field-g").focus(), true`)
	tab(t, ctx, false)
	waitJS(t, ctx, `window.jacobianlab.state().control === "tabs: Scalar derivative"`, 5*time.Second)
	for _, id := range []string{"field-g", "field-f", ""} {
		tab(t, ctx, true)
		if got := evalJS[string](t, ctx, `document.activeElement && document.activeElement !== document.body ? document.activeElement.id || document.activeElement.tagName : ""`); got != id {
			t.Fatalf("Shift+Tab: the focus is on %q, want %q", got, id)
		}
		waitJS(t, ctx, `!window.jacobianlab.state().control`, 5*time.Second)
	}
}

// walkTabs presses Tab from the start of the app's page, which doc and
// api reach, through its inputs and the canvas's controls, and checks
// each stop, until the focus leaves the canvas.
func walkTabs(t *testing.T, ctx context.Context, doc, api string, controls []string) {
	t.Helper()
	active := func() string {
		return evalJS[string](t, ctx, `(d => d.activeElement ? d.activeElement.id || d.activeElement.tagName : "")(`+doc+`)`)
	}
	for _, id := range []string{"field-f", "field-g"} {
		tab(t, ctx, false)
		if got := active(); got != id {
			t.Fatalf("Tab: the focus is on %q, want the input %q", got, id)
		}
	}
	var got []string
	for range 30 {
		tab(t, ctx, false)
		c := evalJS[string](t, ctx, api+`.state().control || ""`)
		if c == "" {
			break
		}
		got = append(got, c)
		if a := active(); a != "CANVAS" {
			t.Fatalf("Tab to %q: the page's focus is on %q, want the canvas", c, a)
		}
	}
	if !slices.Equal(got, controls) {
		t.Fatalf("Tab went through %q on the canvas, want %q", got, controls)
	}
	if got := evalJS[bool](t, ctx, `(d => d.hasFocus() && (d.activeElement.tagName === "CANVAS" || d.activeElement.tagName === "INPUT"))(`+doc+`)`); got {
		t.Errorf("Tab past the last control left the focus on %q", active())
	}
}

// TestBrowserTabOutOfIframe embeds the app in a host page between two
// buttons: Tab from the first button walks the app and goes on to the
// second, and Shift+Tab from there comes back to the app's last control.
func TestBrowserTabOutOfIframe(t *testing.T) {
	requireWeb(t, webDir)
	dir := t.TempDir()
	linkDir(t, webDir, dir)
	host := `<!doctype html><meta charset=utf-8><title>A course page</title>
<button id=before>Before</button>
<iframe src="index.html?scene=scalar" width=1000 height=640 title="Jacobian Lab"></iframe>
<button id=after>After</button>`
	if err := os.WriteFile(filepath.Join(dir, "host.html"), []byte(host), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(servePage(t, dir)+"/host.html")); err != nil {
		t.Fatal(err)
	}
	const app = `document.querySelector("iframe").contentWindow`
	waitJS(t, ctx, app+`.jacobianlab && `+app+`.jacobianlab.ready === true`, time.Minute)
	evalJS[bool](t, ctx, `document.getElementById("before").focus(), true`)
	walkTabs(t, ctx, app+".document", app+".jacobianlab", []string{"tabs: Scalar derivative", "button: Share", "button: Help (?)", "slider: h", "button: About the source ›", "button: ← Previous", "button: Next →"})
	if got := evalJS[string](t, ctx, `document.activeElement.id`); got != "after" {
		t.Errorf("Tab past the app's last control: the host's focus is on %q, want the button after the iframe", got)
	}
	tab(t, ctx, true)
	waitJS(t, ctx, app+`.jacobianlab.state().control === "button: Next →"`, 5*time.Second)
}

// linkDir links (or copies) the files of src into dst.
func linkDir(t testing.TB, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		if os.Link(from, to) == nil {
			continue
		}
		in, err := os.Open(from)
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(to)
		if err == nil {
			_, err = io.Copy(out, in)
			out.Close()
		}
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserKeysHelp opens and closes the Help panel with ? and
// Escape, and with the Help button.
func TestBrowserKeysHelp(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=scalar")
	shown := func() bool {
		for _, d := range frameItems(t, ctx) {
			if d.Kind == viz.DrawnText && d.Text == "Help" {
				return true
			}
		}
		return false
	}
	waitShown := func(want bool, how string) {
		t.Helper()
		for range 50 {
			if shown() == want {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: the Help panel shown %v, want %v", how, !want, want)
	}
	question := func() {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: "?", Code: "Slash", Text: "?", WindowsVirtualKeyCode: 191, Modifiers: shiftKey}
			if typ == input.DispatchKeyEventTypeKeyUp {
				p.Text = ""
			}
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	question()
	waitShown(true, "?")
	pressKey(t, ctx, "Escape", 27)
	waitShown(false, "Escape")
	question()
	waitShown(true, "? again")
	question()
	waitShown(false, "? to close")

	var button viz.Drawn
	for _, d := range frameItems(t, ctx) {
		if d.ID == "button" && d.Text == "Help (?)" {
			button = d
		}
	}
	click := func() {
		x, y := (button.Rect[0]+button.Rect[2])/2, (button.Rect[1]+button.Rect[3])/2
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatal(err)
		}
	}
	click()
	waitShown(true, "the Help button")
	click()
	waitShown(false, "the Help button again")
}

// frameItems returns what the last frame drew.
func frameItems(t testing.TB, ctx context.Context) []viz.Drawn {
	t.Helper()
	var items []viz.Drawn
	if err := json.Unmarshal([]byte(evalJS[string](t, ctx, `JSON.stringify(window.jacobianlab.layout())`)), &items); err != nil {
		t.Fatal(err)
	}
	return items
}
