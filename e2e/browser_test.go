//go:build e2e && !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// The browser tests drive the real page (web/, built by make) in headless
// Chromium, served by the real handler of the serve command.

// webDir is the built web app; make test builds it before running go test.
var webDir = filepath.Join(root, "web")

// The page size every browser test uses, in CSS pixels.
const pageW, pageH = 1100, 720

// toPx maps data coordinates to pixels of a screenshot taken at scale
// device pixels per CSS pixel.
func toPx(g viz.Geometry, x, y, scale float64) (px, py float64) {
	px = g.Left + (x-g.XMin)/(g.XMax-g.XMin)*(g.Right-g.Left)
	py = g.Bottom - (y-g.YMin)/(g.YMax-g.YMin)*(g.Bottom-g.Top)
	return px * scale, py * scale
}

// requireWeb fails the test when the web app has not been built.
func requireWeb(t testing.TB, dir string) {
	t.Helper()
	for _, f := range []string{"index.html", "loader.js", "wasm_exec.js", "jacobianlab.wasm"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("the web app is not built (%v): run the tests with make test", err)
		}
	}
}

// newBrowser starts headless Chromium with a fresh profile and returns a
// context for one tab. The flags keep Chromium off the network; extra
// adds to them.
func newBrowser(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("Chromium is not installed (%v): run the tests with make test", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.WindowSize(pageW, pageH),
	)
	opts = append(opts, extra...)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancel2)
	// Long enough for the gallery's longest lesson on a loaded machine,
	// where the app draws a few frames a second.
	ctx, cancel3 := context.WithTimeout(ctx, 6*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(pageW, pageH)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// openPage navigates to url and waits until window.jacobianlab.ready or the
// page reports a failure, and then for two more animation frames: the app
// hands the page its text fields in the tick after its first frame.
func openPage(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.jacobianlab && (window.jacobianlab.ready === true || !!window.jacobianlab.failure)`, time.Minute)
	failure := evalJS[string](t, ctx, `window.jacobianlab.failure || ""`)
	if failure != "" {
		t.Fatalf("the page failed to start: %s", failure)
	}
	evalJS[bool](t, ctx, `window.__framesAfterReady = 0, requestAnimationFrame(() => requestAnimationFrame(() => window.__framesAfterReady = 2)), true`)
	waitJS(t, ctx, `window.__framesAfterReady === 2`, 10*time.Second)
}

// waitJS polls the expression until it is true.
func waitJS(t testing.TB, ctx context.Context, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if evalJS[bool](t, ctx, "!!("+expr+")") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, expr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func evalJS[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// pressKey presses and releases a key, holding it long enough for the app
// to see it: a press and release within one tick would go unnoticed, as
// they would for a person.
func pressKey(t testing.TB, ctx context.Context, key string, code int64) {
	t.Helper()
	holdKey(t, ctx, key, code, 150*time.Millisecond)
}

// holdKey presses and releases a key, waiting hold after each.
func holdKey(t testing.TB, ctx context.Context, key string, code int64, hold time.Duration) {
	t.Helper()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: key, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
		time.Sleep(hold)
	}
}

// stateAs returns window.jacobianlab.state() decoded into a T, the part of
// it a test reads.
func stateAs[T any](t testing.TB, ctx context.Context) T {
	t.Helper()
	raw := evalJS[string](t, ctx, `JSON.stringify(window.jacobianlab.state())`)
	var s T
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		t.Fatalf("state() is not the expected JSON: %v\n%s", err, raw)
	}
	return s
}

// pageState returns the part of state() the scalar scene tests read.
func pageState(t testing.TB, ctx context.Context) scenes.ScalarState {
	t.Helper()
	return stateAs[scenes.ScalarState](t, ctx)
}

func screenshot(t testing.TB, ctx context.Context, name string) image.Image {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, name, buf)
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// saveArtifact keeps a screenshot in out/ for people to look at (the README
// screenshot comes from here).
func saveArtifact(t testing.TB, name string, data []byte) {
	t.Helper()
	out := filepath.Join(root, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Colours the checks look for; they equal viz.Light's.
var (
	curveColor   = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	tangentColor = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	errorColor   = color.RGBA{0xb0, 0x1c, 0x1c, 0xff}
)

// checkScalarPixels asserts that the screenshot shows f and its tangent at
// st.X0 where st.Plot says the plot is.
func checkScalarPixels(t *testing.T, img image.Image, st scenes.ScalarState, scale float64, f func(float64) float64) {
	t.Helper()
	g := st.Plot
	if g.Right-g.Left < 200 || g.Bottom-g.Top < 150 {
		t.Fatalf("plot area too small: %+v", g)
	}
	// The curve: sampled across the whole window, away from the point where
	// the tangent covers it.
	const samples = 40
	missing := 0
	for i := range samples {
		x := g.XMin + (float64(i)+0.5)/samples*(g.XMax-g.XMin)
		y := f(x)
		if y < g.YMin || y > g.YMax {
			continue
		}
		px, py := toPx(g, x, y, scale)
		// Where the tangent or the point covers the curve, it cannot show.
		_, ty := toPx(g, x, float64(st.F)+float64(st.DFDX)*(x-st.X0), scale)
		if math.Abs(ty-py) < 6*scale || math.Abs(x-st.X0) < 0.3 {
			continue
		}
		if !viztest.Near(img, px, py, curveColor, int(3*scale), 40) {
			missing++
			t.Logf("curve colour missing at x=%.3f (pixel %.0f,%.0f)", x, px, py)
		}
	}
	if missing > 0 {
		t.Errorf("the curve is missing at %d of the %d sample points", missing, samples)
	}
	// The tangent: at points on the line that fall inside the plot.
	found, tried := 0, 0
	for _, dx := range []float64{-1.5, -1, -0.6, 0.6, 1, 1.5} {
		x := st.X0 + dx
		y := float64(st.F) + float64(st.DFDX)*dx
		if x < g.XMin || x > g.XMax || y < g.YMin || y > g.YMax {
			continue
		}
		tried++
		px, py := toPx(g, x, y, scale)
		if viztest.Near(img, px, py, tangentColor, int(3*scale), 40) {
			found++
		} else {
			var col []color.Color
			for d := -6; d <= 6; d++ {
				col = append(col, img.At(int(px), int(py)+d))
			}
			t.Logf("tangent colour missing at x=%.3f (pixel %.1f,%.1f); column: %v", x, px, py, col)
		}
	}
	if tried == 0 || found != tried {
		t.Errorf("the tangent line is drawn at %d of %d points checked", found, tried)
	}
	// The picture is not one flat colour.
	if viztest.Uniform(img, img.Bounds()) {
		t.Error("the screenshot is a single colour")
	}
}

func TestBrowserScalar(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	openPage(t, ctx, base+"/?scene=scalar")

	st := pageState(t, ctx)
	if st.Scene != "scalar" || st.Error != nil {
		t.Fatalf("state() = scene %q, error %v; want scalar, null", st.Scene, st.Error)
	}
	checkDerivative := func(st scenes.ScalarState) {
		t.Helper()
		if d := math.Abs(float64(st.DFDX) - math.Cos(st.X0)); d > 1e-12 {
			t.Errorf("dfdx = %v at x0 = %v, want cos(x0) = %v (diff %g)", float64(st.DFDX), st.X0, math.Cos(st.X0), d)
		}
		if d := math.Abs(float64(st.F) - math.Sin(st.X0)); d > 1e-12 {
			t.Errorf("f = %v at x0 = %v, want sin(x0) = %v", float64(st.F), st.X0, math.Sin(st.X0))
		}
	}
	checkDerivative(st)
	checkScalarPixels(t, screenshot(t, ctx, "scalar.png"), st, 1, math.Sin)
	// The loader asks for a canvas without multisampling or depth (see
	// loader.js);
	// getContext returns the app's own context, so these are its attributes.
	attrs := evalJS[map[string]any](t, ctx, `(() => {
		const c = document.querySelector("canvas");
		const gl = c && c.getContext("webgl2");
		return gl ? gl.getContextAttributes() : {};
	})()`)
	if attrs["antialias"] != false || attrs["depth"] != false || attrs["stencil"] != true || attrs["premultipliedAlpha"] != true {
		t.Errorf("the canvas's WebGL attributes are %v, want antialias and depth false, and Ebiten's stencil and premultipliedAlpha kept", attrs)
	}

	// The keyboard moves the point right.
	pressKey(t, ctx, "ArrowRight", 39)
	waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().x0 > %v", st.X0), 5*time.Second)
	moved := pageState(t, ctx)
	checkDerivative(moved)

	// Dragging the mouse across the plot drags the point along.
	g := moved.Plot
	sx, sy := toPx(g, moved.X0, float64(moved.F), 1)
	tx, _ := toPx(g, -2, 0, 1)
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	drag := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, sx, sy),
		chromedp.MouseEvent(chromedp.MousePressed, sx, sy, held, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 10; i++ {
		x := sx + (tx-sx)*float64(i)/10
		drag = append(drag, chromedp.MouseEvent(chromedp.MouseMoved, x, sy, held))
	}
	for _, ev := range drag {
		if err := chromedp.Do(ctx, ev, chromedp.Sleep(20*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	waitJS(t, ctx, "Math.abs(window.jacobianlab.state().x0 + 2) < 0.05", 5*time.Second)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, tx, sy, chromedp.ButtonLeft, chromedp.ClickCount(1))); err != nil {
		t.Fatal(err)
	}
	dragged := pageState(t, ctx)
	checkDerivative(dragged)
	checkScalarPixels(t, screenshot(t, ctx, "scalar-dragged.png"), dragged, 1, math.Sin)

	// A touch drag moves it too.
	tsx, tsy := toPx(g, dragged.X0, float64(dragged.F), 1)
	ttx, _ := toPx(g, 2, 0, 1)
	touch := func(typ input.DispatchTouchEventType, x, y float64) error {
		id := 1.0
		pts := []*input.TouchPoint{{X: x, Y: y, ID: &id}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			pts = []*input.TouchPoint{}
		}
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts}); err != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond)
		return nil
	}
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := touch(input.DispatchTouchEventTypeTouchStart, tsx, tsy); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		if err := touch(input.DispatchTouchEventTypeTouchMove, tsx+(ttx-tsx)*float64(i)/10, tsy); err != nil {
			t.Fatal(err)
		}
	}
	waitJS(t, ctx, "Math.abs(window.jacobianlab.state().x0 - 2) < 0.05", 5*time.Second)
	if err := touch(input.DispatchTouchEventTypeTouchEnd, ttx, tsy); err != nil {
		t.Fatal(err)
	}
	checkDerivative(pageState(t, ctx))

	// Typing a function: a tap on the f field focuses its input, text
	// typed goes in at the cursor (after "sin(x)"), and the lesson studies
	// the new function.
	r := fieldRect(t, ctx, "f")
	if err := touch(input.DispatchTouchEventTypeTouchStart, r[2]-10, (r[1]+r[3])/2); err != nil {
		t.Fatal(err)
	}
	if err := touch(input.DispatchTouchEventTypeTouchEnd, r[2]-10, (r[1]+r[3])/2); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.activeElement.id === "field-f"`, 5*time.Second)
	evalJS[bool](t, ctx, `document.activeElement.setSelectionRange(6, 6), true`)
	typeText(t, ctx, "*x")
	waitJS(t, ctx, `window.jacobianlab.state().expr !== "sin(x)"`, 5*time.Second)
	typed := pageState(t, ctx)
	x := typed.X0
	if want := math.Cos(x)*x + math.Sin(x); typed.Error != nil || math.Abs(float64(typed.DFDX)-want) > 1e-12 {
		t.Errorf("after pasting *x: error %v, dfdx %v at x0 %v, want %v", typed.Error, float64(typed.DFDX), x, want)
	}
}

// pageWithoutApp returns a copy of the web page without the app's wasm.
func pageWithoutApp(t testing.TB) string {
	t.Helper()
	requireWeb(t, webDir)
	dir := t.TempDir()
	for _, f := range []string{"index.html", "loader.js", "controls.js", "style.css", "wasm_exec.js"} {
		data, err := os.ReadFile(filepath.Join(webDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildTestWeb builds the app with the testhooks tag into a copy of the web
// directory and returns it.
func buildTestWeb(t testing.TB) string {
	t.Helper()
	dir := pageWithoutApp(t)
	goBuild(t, "the test app", []string{"GOOS=js", "GOARCH=wasm"}, "-tags", "testhooks", "-o", filepath.Join(dir, "jacobianlab.wasm"), "./wasm")
	return dir
}

func TestBrowserPanicRecovery(t *testing.T) {
	dir := buildTestWeb(t)
	base := servePage(t, dir)
	ctx := newBrowser(t)

	for _, mode := range []string{"update", "draw"} {
		t.Run(mode, func(t *testing.T) {
			openPage(t, ctx, base+"/?scene=panic&mode="+mode)
			waitJS(t, ctx, `window.jacobianlab.state().error !== null`, 10*time.Second)
			st := pageState(t, ctx)
			want := "test panic in " + strings.ToUpper(mode[:1]) + mode[1:]
			if st.Scene != "panic" || st.Error == nil || !strings.Contains(*st.Error, want) {
				t.Fatalf("state() = scene %q, error %v; want panic, an error with %q", st.Scene, st.Error, want)
			}
			// The message is on the canvas: the error banner's colour
			// covers a real area.
			shot := screenshot(t, ctx, "panic-"+mode+".png")
			if n := viztest.Count(shot, shot.Bounds(), errorColor, 24); n < 2000 {
				t.Errorf("the error banner covers %d pixels, want at least 2000", n)
			}
			// The app still runs: another scene opens and works.
			// Through the tab bar after one failure, through the page API
			// after the other.
			if mode == "update" {
				if err := chromedp.Do(ctx, chromedp.MouseClickXY(30, 20)); err != nil {
					t.Fatal(err)
				}
			} else {
				evalJS[bool](t, ctx, `window.jacobianlab.setScene("scalar"), true`)
			}
			waitJS(t, ctx, `window.jacobianlab.state().scene === "scalar"`, 5*time.Second)
			st = pageState(t, ctx)
			if st.Error != nil || math.Abs(float64(st.DFDX)-math.Cos(st.X0)) > 1e-12 {
				t.Errorf("after switching: error %v, dfdx %v at x0 %v", st.Error, float64(st.DFDX), st.X0)
			}
			pressKey(t, ctx, "ArrowLeft", 37)
			waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().x0 < %v", st.X0), 5*time.Second)
		})
	}

	t.Run("exit", func(t *testing.T) {
		// A panic nobody can recover ends the program: the page must say so.
		openPage(t, ctx, base+"/?scene=panic&mode=exit")
		waitJS(t, ctx, `!document.getElementById("overlay").hidden`, 10*time.Second)
		text := evalJS[string](t, ctx, `document.getElementById("overlay").innerText`)
		if !strings.Contains(text, "stopped") || !strings.Contains(text, "Reload") {
			t.Errorf("overlay text = %q", text)
		}
	})
}

func TestBrowserBadScene(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=no-such-scene")
	st := pageState(t, ctx)
	if st.Scene != "scalar" || st.Error != nil || !strings.Contains(st.Notice, "no-such-scene") {
		t.Errorf("state() = %+v; want the scalar scene with a notice naming no-such-scene", st)
	}
}

func TestBrowserDownloadFailure(t *testing.T) {
	// A copy of the page without the wasm: the download fails with 404.
	dir := pageWithoutApp(t)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(servePage(t, dir)+"/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `!document.getElementById("overlay").hidden`, 10*time.Second)
	text := evalJS[string](t, ctx, `document.getElementById("overlay").innerText`)
	if !strings.Contains(text, "could not be downloaded") || !strings.Contains(text, "404") {
		t.Errorf("overlay text = %q; want the download failure with the status", text)
	}
}

// TestBrowserScalarLesson opens the scalar lesson on a typed function from
// the URL, deep-linked to a step, and checks its numbers, its steps and its
// picture.
func TestBrowserScalarLesson(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	q := url.Values{"scene": {"scalar"}, "f": {"x^3 - 2*x"}, "at": {"x = 0.5"}, "g": {"y^2"}, "step": {"1"}}
	openPage(t, ctx, servePage(t, webDir)+"/?"+q.Encode())

	var st scenes.ScalarState
	read := func() {
		t.Helper()
		raw := evalJS[string](t, ctx, `JSON.stringify(window.jacobianlab.state())`)
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			t.Fatalf("state(): %v\n%s", err, raw)
		}
	}
	read()
	f := func(x float64) float64 { return x*x*x - 2*x }
	df := func(x float64) float64 { return 3*x*x - 2 }
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.17g, want %.17g", name, got, want)
		}
	}
	if st.Error != nil || st.Function == nil || st.Expr != "x^3 - 2*x" || st.Step != 1 {
		t.Fatalf("state: error %v, function %+v, step %d; want the typed function at step 1", st.Error, st.Function, st.Step)
	}
	near("x0", st.X0, 0.5)
	near("f", float64(st.F), f(0.5))
	near("dfdx", float64(st.DFDX), df(0.5))
	near("secant", float64(st.Secant), (f(0.5+st.H)-f(0.5))/st.H)
	if len(st.Jacobians) != 1 || st.Jacobians[0].Wrt != "x" || len(st.Jacobians[0].Data) != 1 {
		t.Fatalf("jacobians = %+v, want one for x", st.Jacobians)
	}
	near("jacobians[0]", st.Jacobians[0].Data[0], df(0.5))
	checkScalarPixels(t, screenshot(t, ctx, "scalar-lesson.png"), st, 1, f)

	// The next step is the chain rule: z = g(f(x)) = f(x)², dz/dx = 2 f f′.
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, `window.jacobianlab.state().step === 2`, 5*time.Second)
	pressKey(t, ctx, "ArrowRight", 39)
	waitJS(t, ctx, `window.jacobianlab.state().x0 > 0.5`, 5*time.Second)
	read()
	x := st.X0
	near("chain.dydx", float64(st.Chain.DYDX), df(x))
	near("chain.dzdy", float64(st.Chain.DZDY), 2*f(x))
	near("chain.product", float64(st.Chain.Product), 2*f(x)*df(x))
	near("chain.dzdx", float64(st.Chain.DZDX), 2*f(x)*df(x))
}
