//go:build e2e && !js

package e2e

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
)

// The course-site tests: a host page on one origin embeds lessons served
// from another, as a course site embeds Jacobian Lab, and talks to them
// through the message API (web/messages.js, web/embed.js).

// hostSite serves the example course page (web/examples) and the given
// extra pages from a second server, and returns its address. The app is
// at app (jacobianlab serve on 127.0.0.1); the host is reached as
// localhost, another site, so that Chromium runs the embeds in processes
// of their own, as it does for a real course site. Its pages load
// embed.js from the app, as a course site would.
func hostSite(t *testing.T, app string, pages map[string]string) string {
	t.Helper()
	dir := filepath.Join(webDir, "examples")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		body, ok := pages[name]
		if !ok {
			if !slices.Contains([]string{"course.html", "course.js", "course.css"}, name) {
				http.NotFound(w, r)
				return
			}
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			body = string(b)
		}
		body = strings.ReplaceAll(body, `src="../embed.js"`, `src="`+app+`/embed.js"`)
		switch filepath.Ext(name) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript")
		case ".css":
			w.Header().Set("Content-Type", "text/css")
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// awaitJS evaluates expr in the page, waiting for the promise it returns.
func awaitJS[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// getState reads a lesson's state through the message API: lesson is the
// host page's expression for the object JacobianLab.embed returned.
func getState[T any](t testing.TB, ctx context.Context, lesson string) T {
	t.Helper()
	return awaitJS[T](t, ctx, lesson+`.get()`)
}

// frameOf returns a context for the embed whose address contains part,
// an iframe of another site, which runs as a target of its own.
func frameOf(t testing.TB, ctx context.Context, part string) context.Context {
	t.Helper()
	for range 100 {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.Contains(info.URL, part) {
				fctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				return fctx
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no iframe target with %q in its address", part)
	return nil
}

// wheel turns the mouse wheel by dy pixels (positive: towards the reader,
// which scrolls down) at (x, y), after moving the pointer there.
func wheel(t testing.TB, ctx context.Context, x, y, dy float64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y)); err != nil {
		t.Fatal(err)
	}
	p := wheelParams{Type: input.DispatchMouseEventTypeMouseWheel, X: x, Y: y, DeltaY: dy}
	if _, err := chromedp.Call(ctx, dispatchWheel, p); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
}

// wheelParams are the parameters of Input.dispatchMouseEvent for the
// wheel, with both deltas sent: Chromium wants them, and
// input.DispatchMouseEventParams leaves out a zero.
type wheelParams struct {
	Type   input.DispatchMouseEventType `json:"type"`
	X      float64                      `json:"x"`
	Y      float64                      `json:"y"`
	DeltaX float64                      `json:"deltaX"`
	DeltaY float64                      `json:"deltaY"`
}

// dispatchWheel is Input.dispatchMouseEvent with wheelParams.
var dispatchWheel = cdp.Command[wheelParams, cdp.Empty]{Method: input.CommandDispatchMouseEvent}

// rectOf returns the rectangle of the host page's element for expr, in
// CSS pixels of the viewport.
func rectOf(t testing.TB, ctx context.Context, expr string) [4]float64 {
	t.Helper()
	r := evalJS[[]float64](t, ctx, `(() => { const r = (`+expr+`).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
	return [4]float64{r[0], r[1], r[2], r[3]}
}

const (
	slopeLesson    = `lessons["slope-lesson"]`
	gradientLesson = `lessons["gradient-lesson"]`
)

// TestEmbedCoursePage opens the example course page from a second origin:
// both lessons reach ready; get and set go and come back, through the
// page's own script, which shows the slope the state holds; the lesson
// sends the height it would like and its changes, at most 4 a second
// with the last one sent; malformed and oversized messages are ignored.
func TestEmbedCoursePage(t *testing.T) {
	requireWeb(t, webDir)
	app := servePage(t, webDir)
	host := hostSite(t, app, nil)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(host+"/course.html")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.lessons && Object.keys(lessons).length === 2`, 10*time.Second)
	// The second lesson is below the fold, and loads lazily: scroll to
	// it, and back.
	evalJS[bool](t, ctx, `document.getElementById("gradient-lesson").scrollIntoView(), true`)
	awaitJS[bool](t, ctx, `Promise.race([Promise.all([`+slopeLesson+`.ready, `+gradientLesson+`.ready]).then(() => true),
		new Promise((_, no) => setTimeout(() => no(new Error("not ready within a minute")), 60000))])`)
	evalJS[bool](t, ctx, `window.scrollTo(0, 0), true`)
	waitJS(t, ctx, `document.getElementById("slope").textContent.includes("slope")`, 5*time.Second)
	time.Sleep(500 * time.Millisecond) // a frame drawn since the lesson came back in view
	screenshot(t, ctx, "course.png")
	evalJS[bool](t, ctx, `document.getElementById("gradient-lesson").scrollIntoView(), true`)
	time.Sleep(500 * time.Millisecond)
	screenshot(t, ctx, "course-embed.png")
	evalJS[bool](t, ctx, `window.scrollTo(0, 0), true`)

	// get, and the page's script showing a number from the state.
	st := getState[scenes.ScalarState](t, ctx, slopeLesson)
	if st.Scene != "scalar" || st.Expr != "sin(x)" || st.X0 != 1 {
		t.Fatalf("get: scene %q, f %q, x0 %v; want the page's scalar lesson of sin(x) at 1", st.Scene, st.Expr, st.X0)
	}
	waitJS(t, ctx, `document.getElementById("slope").textContent.includes("0.540")`, 5*time.Second)
	gs := getState[scenes.GradientState](t, ctx, gradientLesson)
	if gs.Scene != "gradient" || gs.Expr != "x^2 + 3*y^2" {
		t.Errorf("get from the second lesson: scene %q, f %q", gs.Scene, gs.Expr)
	}

	// set: the keys applied as an address would, the answer after.
	st = awaitJS[scenes.ScalarState](t, ctx, slopeLesson+`.set({at: "x = 2"})`)
	if st.X0 != 2 || st.Expr != "sin(x)" || math.Abs(float64(st.DFDX)-math.Cos(2)) > 1e-9 {
		t.Errorf("set at = x = 2: x0 %v, f %q, dfdx %v; want 2, sin(x), cos 2", st.X0, st.Expr, float64(st.DFDX))
	}
	waitJS(t, ctx, `document.getElementById("slope").textContent.includes("-0.416")`, 5*time.Second)
	st = awaitJS[scenes.ScalarState](t, ctx, slopeLesson+`.set({f: "x^3", step: 9})`)
	if st.Expr != "x^3" || st.Step != 0 || !strings.Contains(st.Notice, `step="9"`) {
		t.Errorf("set f = x^3, step = 9: f %q, step %d, notice %q; want the function, step 0 and a notice for the step", st.Expr, st.Step, st.Notice)
	}
	if st.X0 != 2 {
		t.Errorf("set f alone moved x0 to %v: the other keys stay as they were", st.X0)
	}
	if st = awaitJS[scenes.ScalarState](t, ctx, slopeLesson+`.set({step: 0})`); st.Notice != "" || st.Expr != "x^3" {
		t.Errorf("set step = 0 after a bad step: notice %q, f %q; want no notice, and x^3 still", st.Notice, st.Expr)
	}
	// A frame out of view does not tick (the browser pauses it), and
	// answers a set when it is back in view.
	evalJS[bool](t, ctx, `document.getElementById("gradient-lesson").scrollIntoView(), true`)
	js := awaitJS[scenes.LessonState](t, ctx, gradientLesson+`.set({scene: "jacobian"})`)
	evalJS[bool](t, ctx, `window.scrollTo(0, 0), true`)
	if js.Scene != "jacobian" || js.Expr == "x^2 + 3*y^2" {
		t.Errorf("set scene = jacobian: scene %q, f %q; want the Jacobian lesson with its own function", js.Scene, js.Expr)
	}

	// size: the height the lesson would like at its width, again when
	// the width changes.
	waitJS(t, ctx, slopeLesson+`.height > 0`, 5*time.Second)
	wide := evalJS[float64](t, ctx, slopeLesson+`.height`)
	evalJS[bool](t, ctx, `window.sizes = []; `+slopeLesson+`.on("size", (h) => sizes.push(h)); `+slopeLesson+`.iframe.style.width = "400px", true`)
	waitJS(t, ctx, `sizes.length > 0`, 5*time.Second)
	narrow := evalJS[float64](t, ctx, slopeLesson+`.height`)
	t.Logf("the scalar lesson would like %v CSS pixels at the page's width, %v at 400", wide, narrow)
	if wide < 300 || wide > 1500 || narrow < 300 || narrow > 3000 || narrow == wide {
		t.Errorf("size: %v pixels wide, %v narrow; want heights a screen or two high, another at another width", wide, narrow)
	}
	evalJS[bool](t, ctx, `sizes.length = 0, `+slopeLesson+`.iframe.style.width = "100%", true`)
	waitJS(t, ctx, `sizes.length > 0`, 5*time.Second)
	// The page's script asked for autoSize: the frame follows.
	if h, want := rectOf(t, ctx, slopeLesson+`.iframe`), evalJS[float64](t, ctx, slopeLesson+`.height`); h[3]-h[1] != want {
		t.Errorf("the frame is %v pixels high, the lesson would like %v", h[3]-h[1], want)
	}

	// change: the reader presses → twelve times in a second and a half
	// in the lesson; the host hears of it at most 4 times a second, and
	// of where it ended.
	frame := rectOf(t, ctx, slopeLesson+`.iframe`)
	// (Headless Chromium gives a frame of another site the keys only
	// once its page has the focus.)
	evalJS[bool](t, ctx, `document.getElementById("guess").focus(), true`)
	time.Sleep(300 * time.Millisecond)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(frame[0]+30, frame[1]+70)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	evalJS[bool](t, ctx, `window.changes = []; `+slopeLesson+`.on("change", (s) => changes.push([performance.now(), s.x0])), true`)
	for range 12 {
		holdKey(t, ctx, "ArrowRight", 39, 60*time.Millisecond)
	}
	time.Sleep(800 * time.Millisecond)
	changes := evalJS[[][2]float64](t, ctx, `changes`)
	end := getState[scenes.ScalarState](t, ctx, slopeLesson)
	t.Logf("changes: %v, x0 at the end %v", changes, end.X0)
	if len(changes) < 3 {
		t.Fatalf("%d changes while the point moved for 1.5 s, want a few", len(changes))
	}
	// The lesson sends them 250 ms apart at least; they arrive a little
	// early or late.
	for i := 1; i < len(changes); i++ {
		if gap := changes[i][0] - changes[i-1][0]; gap < 200 {
			t.Errorf("changes %d and %d came %.0f ms apart: more than 4 a second", i-1, i, gap)
		}
	}
	if n, ms := len(changes), changes[len(changes)-1][0]-changes[0][0]; float64(n-1)/ms*1000 > 4.2 {
		t.Errorf("%d changes in %.0f ms: more than 4 a second", n, ms)
	}
	if last := changes[len(changes)-1][1]; last != end.X0 || end.X0 == 2 {
		t.Errorf("the last change has x0 = %v, the lesson %v: the end of the move was not sent", last, end.X0)
	}

	// Malformed and oversized messages are ignored: no answer comes, and
	// nothing changes; the same set, well formed, would change f.
	evalJS[bool](t, ctx, `(() => {
		window.answers = 0;
		`+slopeLesson+`.on("state", () => answers++);
		const w = `+slopeLesson+`.iframe.contentWindow, o = new URL(`+slopeLesson+`.iframe.src).origin;
		for (const m of [
			{jacobianlab: 1, type: "set", params: "f=x^2"},
			{jacobianlab: 1, type: "set", params: {f: "x^2", pad: "y".repeat(70000)}},
			{jacobianlab: 1, type: "set", params: {f: ["x^2"]}},
			{jacobianlab: 1, type: "set", params: {"f x": "x^2"}},
			{jacobianlab: 2, type: "set", params: {f: "x^2"}},
			{type: "set", params: {f: "x^2"}},
			{jacobianlab: 1, type: "remove"},
			{jacobianlab: 1},
			"get", null, 1, [1, 2],
		]) w.postMessage(m, o);
		return true;
	})()`)
	time.Sleep(time.Second)
	if n := evalJS[int](t, ctx, `answers`); n != 0 {
		t.Errorf("%d answers to malformed or oversized messages, want none", n)
	}
	if st := getState[scenes.ScalarState](t, ctx, slopeLesson); st.Expr != "x^3" {
		t.Errorf("after malformed and oversized messages f is %q, want x^3 still", st.Expr)
	}

	// Tab from the host page's input before the lesson goes through the
	// lesson's inputs and every control on its canvas, with the focus
	// said in the live region, to the host's button after it; Shift+Tab
	// walks back out. (The canvas was clicked above: the focus left it
	// with the window.)
	fctx := frameOf(t, ctx, "scene=scalar")
	evalJS[bool](t, ctx, `document.getElementById("guess").focus(), true`)
	// walk presses Tab, or Shift+Tab with back, until the focus leaves
	// the lesson, and returns where it went in the lesson (the focused
	// element and the control on the canvas) and then in the host page;
	// at each control, the live region's last paragraph must name it.
	walk := func(back bool) (stops []string, host string) {
		for range 30 {
			tab(t, ctx, back)
			// The focus goes into a frame of another process, or out
			// of it, a moment later.
			waitJS(t, ctx, `document.activeElement !== document.body`, 5*time.Second)
			host = evalJS[string](t, ctx, `document.activeElement.id || document.activeElement.tagName`)
			if host != "IFRAME" {
				return stops, host
			}
			inside := evalJS[string](t, fctx, `(document.activeElement.id || document.activeElement.tagName) + " " + (jacobianlab.state().control || "")`)
			stops = append(stops, strings.TrimSpace(inside))
			if c, ok := strings.CutPrefix(inside, "CANVAS "); ok {
				_, name, _ := strings.Cut(c, ": ")
				said := evalJS[string](t, fctx, `document.querySelector("#description p:last-child").textContent`)
				if !strings.Contains(said, strings.ReplaceAll(name, " | ", ", ")) {
					t.Errorf("the focus on %q is said as %q", c, said)
				}
			}
		}
		t.Fatal("the focus never left the lesson")
		return nil, ""
	}
	forth, host := walk(false)
	t.Logf("Tab stops in the lesson: %q", forth)
	if host != "check" {
		t.Errorf("Tab past the lesson: the host's focus is on %q, want its button", host)
	}
	if len(forth) < 6 || forth[0] != "field-f" || forth[1] != "field-g" || forth[2] != "CANVAS tabs: Scalar derivative" || forth[len(forth)-1] != "CANVAS button: Next →" {
		t.Errorf("Tab went through %q in the lesson: want its two inputs, then its controls from the lesson tabs to Next →", forth)
	}
	if label := evalJS[string](t, fctx, `document.querySelector("canvas").getAttribute("aria-label")`); !strings.Contains(label, "Scalar derivative") {
		t.Errorf("the canvas is labelled %q, want the lesson's name", label)
	}
	back, host := walk(true)
	if host != "guess" {
		t.Errorf("Shift+Tab before the lesson: the host's focus is on %q, want its input", host)
	}
	slices.Reverse(back)
	if !slices.Equal(back, forth) {
		t.Errorf("Shift+Tab went through %q, want %q backwards", back, forth)
	}

	// The wheel over the lesson scrolls the host page.
	evalJS[bool](t, ctx, `window.scrollTo(0, 0), true`)
	frame = rectOf(t, ctx, slopeLesson+`.iframe`)
	wheel(t, ctx, (frame[0]+frame[2])/2, (frame[1]+frame[3])/2, 300)
	if y := evalJS[float64](t, ctx, `window.scrollY`); y < 100 {
		t.Errorf("the wheel over the lesson scrolled the host page by %v pixels, want about 300", y)
	}
}

// TestEmbedParent checks the parent= key: a lesson whose key names
// another origin than its host page's answers nothing, and says nothing;
// one without the key, or with its host's origin, answers; a bad value
// gives the usual notice and trusts no host; the address keeps the key,
// as the browser writes an origin.
func TestEmbedParent(t *testing.T) {
	requireWeb(t, webDir)
	app := servePage(t, webDir)
	host := hostSite(t, app, map[string]string{
		"parent.html": `<!doctype html><meta charset=utf-8><title>Three hosts</title>
<div id=mine></div><div id=other></div><div id=bad></div>
<script src="../embed.js"></script><script src="parent.js"></script>`,
		"parent.js": `"use strict";
window.heard = {mine: 0, other: 0, bad: 0};
for (const [id, scene, parent] of [["mine", "scalar", undefined], ["other", "gradient", "https://elsewhere.example"], ["bad", "jacobian", "javascript:alert(1)"]]) {
	const l = window[id] = JacobianLab.embed(document.getElementById(id), {scene, step: id === "mine" ? 1 : 2, parent, aspectRatio: "4 / 1"});
	window.addEventListener("message", (e) => { if (e.source === l.iframe.contentWindow) heard[id]++; });
}`,
	})
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(host+"/parent.html")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.mine`, 10*time.Second)
	awaitJS[bool](t, ctx, `mine.ready.then(() => true)`)
	if st := getState[scenes.ScalarState](t, ctx, `mine`); st.Scene != "scalar" || st.Step != 1 {
		t.Errorf("the lesson with this page's origin as parent: scene %q, step %d", st.Scene, st.Step)
	}
	other, bad := frameOf(t, ctx, "scene=gradient"), frameOf(t, ctx, "scene=jacobian")
	for _, c := range []context.Context{other, bad} {
		waitJS(t, c, `window.jacobianlab && jacobianlab.ready === true`, time.Minute)
	}
	if p := evalJS[string](t, other, `jacobianlab.parent`); p != "https://elsewhere.example" {
		t.Errorf("parent=https://elsewhere.example: the page's parent is %q", p)
	}
	if p, n := evalJS[string](t, bad, `jacobianlab.parent`), evalJS[string](t, bad, `jacobianlab.state().notice || ""`); p != "" || !strings.Contains(n, `parent="javascript:alert(1)"`) {
		t.Errorf("parent=javascript:alert(1): the page's parent is %q, its notice %q; want none and a notice", p, n)
	}
	// Its address keeps the bad value: opened again, it trusts no host.
	waitJS(t, bad, `new URLSearchParams(location.search).get("parent") === "javascript:alert(1)" && location.search.includes("scene=jacobian&step=2")`, 10*time.Second)
	evalJS[bool](t, ctx, `(() => {
		for (const l of [other, bad]) l.iframe.contentWindow.postMessage({jacobianlab: 1, type: "set", params: {step: 0}}, "*");
		for (const l of [other, bad]) l.iframe.contentWindow.postMessage({jacobianlab: 1, type: "get"}, "*");
		return true;
	})()`)
	time.Sleep(1500 * time.Millisecond)
	if h := evalJS[map[string]int](t, ctx, `heard`); h["other"] != 0 || h["bad"] != 0 || h["mine"] == 0 {
		t.Errorf("messages heard from the lessons: %v; want some from mine, none from the others", h)
	}
	for _, c := range []context.Context{other, bad} {
		if s := evalJS[int](t, c, `jacobianlab.state().step`); s != 2 {
			t.Errorf("a host page that parent= does not name set the step to %d", s)
		}
	}

	// The address keeps the key, as the browser writes the origin.
	if err := chromedp.Do(ctx, chromedp.Navigate(app+"/?scene=scalar&parent=HTTPS://Courses.Example.org:443/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.jacobianlab && jacobianlab.ready === true`, time.Minute)
	if p := evalJS[string](t, ctx, `jacobianlab.parent`); p != "https://courses.example.org" {
		t.Errorf("parent=HTTPS://Courses.Example.org:443/ allows %q", p)
	}
	waitJS(t, ctx, `new URLSearchParams(location.search).get("parent") === "https://courses.example.org"`, 10*time.Second)
}

// TestEmbedWheelZoom embeds the backprop lesson in a long host page: the
// wheel over its graph scrolls the host page, and a hint says to click
// first; after a click on the graph, the wheel zooms it, and the host
// page stays put.
func TestEmbedWheelZoom(t *testing.T) {
	requireWeb(t, webDir)
	app := servePage(t, webDir)
	host := hostSite(t, app, map[string]string{
		"wheel.html": `<!doctype html><meta charset=utf-8><title>A long page</title>
<button id=before>Before</button><div id=graph></div><div style="height: 3000px"></div>
<script src="../embed.js"></script><script src="wheel.js"></script>`,
		"wheel.js": `window.lesson = JacobianLab.embed(document.getElementById("graph"), {scene: "backprop", aspectRatio: "1100 / 700"});`,
	})
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(host+"/wheel.html")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.lesson`, 10*time.Second)
	awaitJS[bool](t, ctx, `lesson.ready.then(() => true)`)
	fctx := frameOf(t, ctx, "scene=backprop")
	st := getState[scenes.BackpropState](t, ctx, `lesson`)
	if st.BackpropNumbers == nil || st.Graph == nil {
		t.Fatal("the backprop lesson shows no graph")
	}
	g := st.Graph
	frame := rectOf(t, ctx, `lesson.iframe`)
	x, y := frame[0]+(g.Left+g.Right)/2, frame[1]+(g.Top+g.Bottom)/2
	width := func(st scenes.BackpropState) float64 { b := st.Nodes[0].Box; return b[2] - b[0] }

	wheel(t, ctx, x, y, 300)
	if sy := evalJS[float64](t, ctx, `window.scrollY`); sy < 100 {
		t.Errorf("the wheel over the graph, not clicked, scrolled the host page by %v pixels, want about 300", sy)
	}
	screenshot(t, ctx, "embed-wheel-hint.png")
	if !evalJS[bool](t, fctx, `(h => !!h && h.textContent.includes("click"))(document.querySelector(".wheel-hint"))`) {
		t.Error("no hint over the graph says to click it first")
	}
	if now := getState[scenes.BackpropState](t, ctx, `lesson`); width(now) != width(st) {
		t.Errorf("the wheel zoomed the graph before a click: a node %v wide, was %v", width(now), width(st))
	}

	evalJS[bool](t, ctx, `window.scrollTo(0, 0), document.getElementById("before").focus(), true`)
	time.Sleep(300 * time.Millisecond)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	wheel(t, ctx, x, y, -300)
	if sy := evalJS[float64](t, ctx, `window.scrollY`); sy != 0 {
		t.Errorf("the wheel over the clicked graph scrolled the host page by %v pixels", sy)
	}
	if now := getState[scenes.BackpropState](t, ctx, `lesson`); width(now) <= width(st)*1.2 {
		t.Errorf("the wheel over the clicked graph left a node %v wide, was %v: want it zoomed in", width(now), width(st))
	}
}

// TestReducedMotion: with prefers-reduced-motion: reduce, set after the
// page opened (the app follows the setting as it changes), End in the
// backprop lesson jumps to the last step, with no frame of a step in
// between; without it, End plays the steps through; with motion=off in
// the address, End jumps too, and the address keeps the key.
func TestReducedMotion(t *testing.T) {
	requireWeb(t, webDir)
	base := servePage(t, webDir)
	ctx := newBrowser(t)
	emulate := func(value string) {
		t.Helper()
		f := []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: value}}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: f}); err != nil {
			t.Fatal(err)
		}
	}
	// end presses Home and then End, and returns the step each frame
	// showed from End on, and the number of steps.
	end := func() ([]int, int) {
		t.Helper()
		pressKey(t, ctx, "Home", 36)
		waitJS(t, ctx, `jacobianlab.state().step === 0`, 5*time.Second)
		// Each frame until 20 frames after the last step, or 150.
		evalJS[bool](t, ctx, `window.seen = [], window.done = false, (function frame() {
			const st = jacobianlab.state();
			seen.push(st.step);
			done = seen.length >= 150 || seen.filter((k) => k === st.steps).length > 20;
			if (!done) requestAnimationFrame(frame);
		})(), true`)
		pressKey(t, ctx, "End", 35)
		waitJS(t, ctx, `done`, 30*time.Second)
		return evalJS[[]int](t, ctx, `seen`), evalJS[int](t, ctx, `jacobianlab.state().steps`)
	}
	between := func(seen []int, n int) []int {
		return slices.DeleteFunc(slices.Clone(seen), func(k int) bool { return k == 0 || k == n })
	}

	emulate("no-preference")
	openPage(t, ctx, base+"/?scene=backprop")
	seen, n := end()
	if b := between(seen, n); len(b) == 0 || seen[len(seen)-1] != n {
		t.Fatalf("End without reduced motion showed steps %v of %d: want the steps in between, and the last", seen, n)
	}

	emulate("reduce")
	waitJS(t, ctx, `jacobianlab.state().reducedMotion === true`, 5*time.Second)
	seen, n = end()
	if b := between(seen, n); len(b) > 0 || seen[len(seen)-1] != n {
		t.Errorf("End with reduced motion showed steps %v of %d between the first and the last: want a jump", b, n)
	}

	emulate("no-preference")
	openPage(t, ctx, base+"/?scene=backprop&motion=off")
	if !evalJS[bool](t, ctx, `jacobianlab.state().reducedMotion === true`) {
		t.Fatal("motion=off: the state says motion is not reduced")
	}
	seen, n = end()
	if b := between(seen, n); len(b) > 0 || seen[len(seen)-1] != n {
		t.Errorf("End with motion=off showed steps %v of %d between the first and the last: want a jump", b, n)
	}
	waitJS(t, ctx, `new URLSearchParams(location.search).get("motion") === "off"`, 10*time.Second)
}
