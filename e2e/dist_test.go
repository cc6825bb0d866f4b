//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
)

// The tests of the deployable build: what make dist writes, served by a
// plain static server and by jacobianlab serve, in a page of its own and
// in a sandboxed iframe of a course page on another site.

// dist is the deployable folder, written once for all the tests.
var dist struct {
	once sync.Once
	dir  string
	err  error
}

// distDir returns a deployable folder written by jacobianlab dist from the
// web app in web/, as make dist writes it, but with the compressed copies
// web/ holds (make test's are made at fast levels): the tests need no
// release compression.
func distDir(t testing.TB) string {
	t.Helper()
	requireWeb(t, webDir)
	bin := command(t)
	dist.once.Do(func() {
		dist.dir = filepath.Join(built.dir, "dist")
		out, err := exec.Command(bin, "dist", "-dir", webDir, "-out", dist.dir).CombinedOutput()
		if err != nil {
			dist.err = fmt.Errorf("jacobianlab dist: %v\n%s", err, out)
		}
	})
	if dist.err != nil {
		t.Fatal(dist.err)
	}
	return dist.dir
}

// distWasm returns the name of the wasm in the deployable folder dir,
// named by its content.
func distWasm(t testing.TB, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "jacobianlab.*.wasm"))
	if err != nil || len(names) != 1 {
		t.Fatalf("the deployable folder has %q as its wasm (%v), want one jacobianlab.HASH.wasm", names, err)
	}
	return filepath.Base(names[0])
}

// servePlain serves dir with Go's http.FileServer, a static server that
// sends no header of the folder's _headers and no precompressed copy, and
// returns its URL. The server is stopped when the test ends.
func servePlain(t testing.TB, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// httpGet returns the response to a GET request for url with the given
// Accept-Encoding, its body read and closed.
func httpGet(t testing.TB, url, acceptEncoding string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", acceptEncoding)
	// A transport of its own, which leaves the body encoded as it came.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp, b.String()
}

// TestDistPlainServer serves the deployable folder with a static server
// that knows nothing of it: the page names its files by content, and it
// loads and reaches ready.
func TestDistPlainServer(t *testing.T) {
	dir := distDir(t)
	wasm := distWasm(t, dir)
	base := servePlain(t, dir)
	_, html := httpGet(t, base+"/", "")
	for _, want := range []string{`data-wasm="` + wasm + `"`, `src="loader.`, `src="wasm_exec.`, `src="controls.`, `href="style.`} {
		if !strings.Contains(html, want) {
			t.Errorf("dist's index.html has no %s:\n%s", want, html)
		}
	}
	for _, plain := range []string{`"jacobianlab.wasm"`, `"loader.js"`, `"wasm_exec.js"`, `"controls.js"`, `"style.css"`} {
		if strings.Contains(html, plain) {
			t.Errorf("dist's index.html still names %s:\n%s", plain, html)
		}
	}

	ctx := newBrowser(t)
	openPage(t, ctx, base+"/?scene=scalar")
	st := stateAs[scenes.LessonState](t, ctx)
	if st.Scene != "scalar" || st.Error != nil {
		t.Errorf("state() = scene %q, error %v; want scalar, null", st.Scene, deref(st.Error))
	}
	if got := evalJS[bool](t, ctx, fmt.Sprintf(`performance.getEntriesByType("resource").some(e => e.name.endsWith("/%s"))`, wasm)); !got {
		t.Errorf("the page did not download %s", wasm)
	}
}

// TestDistServe serves the deployable folder with jacobianlab serve: it
// sends the folder's _headers (the policy, immutable caching, CORS on the
// files named by content), and the page reaches ready under the policy
// without a violation.
func TestDistServe(t *testing.T) {
	dir := distDir(t)
	wasm := distWasm(t, dir)
	base := servePage(t, dir)
	const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'"
	for _, test := range []struct {
		path, accept, cache, cors, encoding string
	}{
		{"/", "gzip, br", "no-cache", "", ""},
		{"/index.html", "gzip, br", "no-cache", "", ""},
		{"/" + wasm, "gzip, deflate, br", "public, max-age=31536000, immutable", "*", "br"},
		{"/" + wasm, "gzip", "public, max-age=31536000, immutable", "*", "gzip"},
		{"/" + wasm, "", "public, max-age=31536000, immutable", "*", ""},
	} {
		resp, _ := httpGet(t, base+test.path, test.accept)
		name := fmt.Sprintf("GET %s (Accept-Encoding %q)", test.path, test.accept)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", name, resp.StatusCode)
		}
		for k, want := range map[string]string{
			"Content-Security-Policy":     csp,
			"Cache-Control":               test.cache,
			"Access-Control-Allow-Origin": test.cors,
			"Content-Encoding":            test.encoding,
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s: %s %q, want %q", name, k, got, want)
			}
		}
	}

	ctx := newBrowser(t)
	violations := watchViolations(t, ctx)
	openPage(t, ctx, base+"/?scene=scalar")
	// A few frames more, and the page's inputs over the fields, which
	// controls.js places with styles.
	waitJS(t, ctx, `document.getElementById("field-f") !== null`, 10*time.Second)
	pressKey(t, ctx, "ArrowRight", 39)
	if got := evalJS[string](t, ctx, `getComputedStyle(document.getElementById("fields")).position`); got != "fixed" {
		t.Errorf("#fields is positioned %q, want fixed: style.css did not apply", got)
	}
	if v := violations(); len(v) > 0 {
		t.Errorf("the page broke its Content-Security-Policy:\n%s", strings.Join(v, "\n"))
	}
}

// watchViolations starts recording, in the tab of ctx, the reports of
// Content-Security-Policy violations: the securitypolicyviolation events
// of the pages loaded from now on and the console's messages that mention
// the policy. It returns a function that returns those recorded.
func watchViolations(t testing.TB, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var console []string
	err := chromedp.Listen(ctx, func(ev any) {
		var text string
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			text = ev.Entry.Text
		case *runtime.EventConsoleAPICalled:
			for _, a := range ev.Args {
				text += string(a.Value) + " "
			}
		case *runtime.EventExceptionThrown:
			text = ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil {
				text += " " + ex.Description
			}
		}
		if strings.Contains(text, "Content Security Policy") || strings.Contains(text, "Content-Security-Policy") {
			mu.Lock()
			console = append(console, "console: "+text)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	const listen = `document.addEventListener("securitypolicyviolation", (e) => {
		(window.cspViolations = window.cspViolations || []).push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
	});`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: listen}); err != nil {
		t.Fatal(err)
	}
	return func() []string {
		t.Helper()
		events := evalJS[[]string](t, ctx, `window.cspViolations || []`)
		mu.Lock()
		defer mu.Unlock()
		return append(events, console...)
	}
}

// TestDistSandboxed embeds the app in a course page on another site, in an
// iframe sandboxed with allow-scripts alone, whose origin is opaque. Served
// by jacobianlab serve, with CORS on the files named by content, the app
// reaches ready and works; served by a static server without CORS, it
// cannot download the app, and says why: the sandbox, not the connection.
func TestDistSandboxed(t *testing.T) {
	dir := distDir(t)
	ctx := newBrowser(t)
	for _, test := range []struct {
		name  string
		serve func(testing.TB, string) string
	}{
		{"with CORS", servePage},
		{"with CORS, headers not exposed", serveGzipCORS},
		{"without CORS", servePlain},
	} {
		t.Run(test.name, func(t *testing.T) {
			app := test.serve(t, dir) + "/?scene=scalar"
			frame := openSandboxed(t, ctx, app, "allow-scripts")
			waitJS(t, frame, `window.jacobianlab && (window.jacobianlab.ready === true || !!window.jacobianlab.failure)`, time.Minute)
			if origin := evalJS[string](t, frame, `window.origin`); origin != "null" {
				t.Fatalf("the frame's origin is %q, want an opaque one: it is not sandboxed", origin)
			}
			failure := evalJS[string](t, frame, `window.jacobianlab.failure || ""`)
			if test.name == "without CORS" {
				shown := evalJS[string](t, frame, `document.getElementById("overlay").hidden ? "" : document.getElementById("overlay").innerText`)
				if !strings.Contains(shown, "sandboxed") || !strings.Contains(shown, "allow-same-origin") || strings.Contains(shown, "connection") {
					t.Errorf("the page shows %q (failure %q); want the sandbox explained, and no word of the connection", shown, failure)
				}
				return
			}
			if failure != "" {
				t.Fatalf("the sandboxed app failed: %s", failure)
			}
			// The app works: it changes lessons, and the address the page
			// keeps (which the sandbox may refuse to change) breaks
			// nothing.
			checkSwitchesLessons(t, frame)
		})
	}
}

// TestDistScriptsOff embeds the app in an iframe whose sandbox allows no
// scripts, as TinyMCE's editor makes every iframe by default: nothing can
// run, and the page says what the frame needs instead of loading forever.
func TestDistScriptsOff(t *testing.T) {
	app := servePage(t, distDir(t)) + "/?scene=scalar"
	ctx := newBrowser(t) // closed before the server, which then has no connection left to wait for
	frame := openSandboxed(t, ctx, app, "")
	waitJS(t, frame, `document.readyState === "complete"`, 10*time.Second)
	shown := evalJS[string](t, frame, `document.body.innerText`)
	if !strings.Contains(shown, "needs JavaScript") || !strings.Contains(shown, "allow-scripts") || strings.Contains(shown, "Loading") {
		t.Errorf("a frame without scripts shows %q; want the message on allow-scripts, and no loading", shown)
	}
}

// serveGzipCORS serves dir as a static host may: every file readable from
// any origin (Access-Control-Allow-Origin: *) but no response header
// exposed to another origin's scripts, and a file's gzip copy, when it has
// one, with its Content-Length. It returns the server's URL; the server is
// stopped when the test ends. A script of another origin then sees the
// length of the compressed file, and not that it is compressed.
func serveGzipCORS(t testing.TB, dir string) string {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		gz := filepath.Join(dir, filepath.FromSlash(r.URL.Path)+".gz")
		if data, err := os.ReadFile(gz); err == nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Length", fmt.Sprint(len(data)))
			w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// openSandboxed opens, in the tab of ctx, a course page on a site of its
// own (localhost, where the app is on 127.0.0.1) with the app at appURL
// in an iframe with the sandbox attribute sandbox, and returns a context
// for the iframe: Chromium runs a frame of another site in a process of
// its own, a target that chromedp attaches to.
func openSandboxed(t *testing.T, ctx context.Context, appURL, sandbox string) context.Context {
	t.Helper()
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>A course page</title><p>The derivative, embedded:</p>
<iframe sandbox="%s" src="%s" width="900" height="560" title="Jacobian Lab"></iframe>`, sandbox, appURL)
	}))
	t.Cleanup(host.Close)
	hostURL := strings.Replace(host.URL, "127.0.0.1", "localhost", 1)
	if err := chromedp.Do(ctx, chromedp.Navigate(hostURL)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			// The app may have changed its query already.
			if info.Type == "iframe" && strings.HasPrefix(info.URL, strings.Split(appURL, "?")[0]) {
				// Detached at the end, not closed: closing the frame's
				// target would close the page's tab.
				frame, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
				t.Cleanup(cancel)
				return frame
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no iframe target for %s among %d targets", appURL, len(infos))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkSwitchesLessons switches the app in ctx from its lesson to the
// gradient lesson, and checks that it gets there and goes on drawing
// frames, with no error and without stopping.
func checkSwitchesLessons(t testing.TB, ctx context.Context) {
	t.Helper()
	evalJS[bool](t, ctx, `window.jacobianlab.setScene("gradient"), true`)
	waitJS(t, ctx, `window.jacobianlab.state().scene === "gradient"`, 10*time.Second)
	evalJS[bool](t, ctx, "window.jacobianlab.resetPerf(), true")
	// However slow the machine: a stopped app draws none.
	waitJS(t, ctx, `window.jacobianlab.perf().frames >= 5`, 30*time.Second)
	st := stateAs[scenes.LessonState](t, ctx)
	if failure := evalJS[string](t, ctx, `window.jacobianlab.failure || ""`); st.Error != nil || failure != "" {
		t.Errorf("after switching lessons: error %q, failure %q", deref(st.Error), failure)
	}
}

// TestBrowserHistoryRefused opens the app in a browser that refuses to
// change the page's address, as some do in a page whose origin is opaque
// (a sandboxed iframe): history.replaceState throws. The app goes on: it
// starts, changes lessons and draws, without an error.
func TestBrowserHistoryRefused(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	const refuse = `history.replaceState = function () { throw new DOMException("refused in this test", "SecurityError"); };`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: refuse}); err != nil {
		t.Fatal(err)
	}
	openPage(t, ctx, servePage(t, webDir)+"/?scene=scalar")
	checkSwitchesLessons(t, ctx)
	if search := evalJS[string](t, ctx, "location.search"); search != "?scene=scalar" {
		t.Errorf("location.search = %q, want the address as it was", search)
	}
}
