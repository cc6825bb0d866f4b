//go:build e2e && !js

package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// TestLoaderCodeCache checks that a second visit runs the code the
// browser compiled on the first, from its cache, instead of compiling the
// app again: the loader hands the server's response itself to the
// compiler (web/loader.js), which Chromium requires before it caches the
// code. The trace of the second load must show V8 reading the module's
// code from the cache (wasm.Deserialize).
func TestLoaderCodeCache(t *testing.T) {
	requireWeb(t, webDir)
	url := servePage(t, webDir) + "/?scene=scalar"
	ctx := newBrowser(t)
	openPage(t, ctx, url)
	time.Sleep(codeCacheWait)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	done := make(chan struct{})
	chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			for _, raw := range e.Value {
				var te struct {
					Name string `json:"name"`
				}
				if json.Unmarshal(raw, &te) == nil {
					names[te.Name] = true
				}
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: []string{"v8.wasm"}}}); err != nil {
		t.Fatal(err)
	}
	openPage(t, ctx, url)
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the trace did not end")
	}
	if !names["wasm.Deserialize"] {
		t.Errorf("the second visit compiled the app again: its trace has no wasm.Deserialize (events: %d kinds)", len(names))
	}
}

// serveWasmAs serves the page's files, and the app's wasm from webDir
// through wasm, which writes the response. It returns the server's URL.
func serveWasmAs(t *testing.T, wasm func(w http.ResponseWriter, data []byte)) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(webDir, "jacobianlab.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(pageWithoutApp(t)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			wasm(w, data)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestLoaderMislabelled checks that the app starts from a server that
// gives its wasm another type than application/wasm, as a misconfigured
// static host does, which the browser's streaming compiler refuses.
func TestLoaderMislabelled(t *testing.T) {
	requireWeb(t, webDir)
	url := serveWasmAs(t, func(w http.ResponseWriter, data []byte) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(data)
	})
	ctx := newBrowser(t)
	openPage(t, ctx, url+"/?scene=scalar")
	if got := evalJS[float64](t, ctx, "window.jacobianlab.timing.downloaded || 0"); got <= 0 {
		t.Errorf("timing.downloaded = %v, want the time the download ended", got)
	}
}

// TestLoaderCutShort checks the message of a download that stops part way:
// the server closes the response early, or the connection breaks.
func TestLoaderCutShort(t *testing.T) {
	requireWeb(t, webDir)
	for _, c := range []struct {
		name string
		send func(w http.ResponseWriter, data []byte)
		want string // in the overlay's text
	}{
		{"short", func(w http.ResponseWriter, data []byte) {
			// The decoded size announced, and a tenth of it sent.
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("X-Decoded-Length", "29000000")
			w.Write(data[:len(data)/10])
		}, "of 29000000 bytes"},
		{"broken", func(w http.ResponseWriter, data []byte) {
			// A Content-Length the connection does not deliver.
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Content-Length", "29000000")
			w.Write(data[:len(data)/10])
			panic(http.ErrAbortHandler)
		}, "stopped after"},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := serveWasmAs(t, c.send)
			ctx := newBrowser(t)
			if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
				t.Fatal(err)
			}
			waitJS(t, ctx, `!document.getElementById("overlay").hidden`, 20*time.Second)
			text := evalJS[string](t, ctx, `document.getElementById("overlay").innerText`)
			if !strings.Contains(text, "could not be downloaded") || !strings.Contains(text, c.want) {
				t.Errorf("overlay text = %q; want the download failure, with %q", text, c.want)
			}
		})
	}
}
