package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// secret is the content of a file just outside the served directory, which
// no request may reveal.
const secret = "TOP SECRET: not for the web"

// site holds the contents of the test site that newSite builds.
type site struct {
	dir     string // The served directory.
	js      []byte // app.js, from testdata/serve/sample.js.
	jsBr    []byte // app.js.br, from testdata/serve/sample.js.br.
	jsGz    []byte // app.js.gz, gzip-compressed here.
	wasm    []byte // jacobianlab.wasm.
	wasmGz  []byte // jacobianlab.wasm.gz; there is no .br copy.
	outside string // The directory that holds dir and the secret file.
}

// newSite builds a served directory in a temporary directory: the files of
// the web app, precompressed copies, dotfiles, a directory without an index
// and symbolic links that lead out of it, with a secret file beside it.
func newSite(t *testing.T) *site {
	t.Helper()
	outside := t.TempDir()
	dir := filepath.Join(outside, "web")
	s := &site{dir: dir, outside: outside}
	var err error
	if s.js, err = os.ReadFile(filepath.Join("testdata", "serve", "sample.js")); err != nil {
		t.Fatal(err)
	}
	if s.jsBr, err = os.ReadFile(filepath.Join("testdata", "serve", "sample.js.br")); err != nil {
		t.Fatal(err)
	}
	s.jsGz = gzipped(t, s.js)
	// The first bytes of a WebAssembly module: magic number and version.
	s.wasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{0}, 1000)...)
	s.wasmGz = gzipped(t, s.wasm)

	files := map[string][]byte{
		"index.html":            []byte("<!doctype html><title>Jacobian Lab</title>"),
		"app.js":                s.js,
		"app.js.br":             s.jsBr,
		"app.js.gz":             s.jsGz,
		"jacobianlab.wasm":      s.wasm,
		"jacobianlab.wasm.gz":   s.wasmGz,
		"style.css":             []byte("body { margin: 0 }"),
		"logo.png":              []byte("\x89PNG\r\n\x1a\n"),
		"arrow.svg":             []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		"gallery.json":          []byte(`{"items": []}`),
		"notes.TXT":             []byte("upper-case extension"),
		"blob.bin":              []byte("<html><script>alert(1)</script>"),
		"sub/index.html":        []byte("<!doctype html><title>sub</title>"),
		"nolist/listed.txt":     []byte("a file in a directory without index.html"),
		".env":                  []byte(secret),
		".hidden/file.txt":      []byte(secret),
		"sub/.git/config":       []byte(secret),
		"sub/.well-known/x":     []byte(secret),
		"fakeindex/index.html/": nil, // A directory named index.html.
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Give every precompressed copy the modification time of its original,
	// truncated to the second as the brotli command leaves it.
	for _, name := range []string{"app.js", "jacobianlab.wasm"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".br", ".gz"} {
			err := os.Chtimes(filepath.Join(dir, name+ext), time.Time{}, fi.ModTime().Truncate(time.Second))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
	}

	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"escape":          filepath.Join("..", "secret"),        // A relative link out of dir.
		"abs":             filepath.Join(outside, "secret"),     // An absolute link.
		"updir":           "..",                                 // A link to dir's parent.
		"sub/escape.html": filepath.Join("..", "..", "secret"),  // A link out of dir from below.
		"inside.js":       "app.js",                             // A link that stays inside.
		"outandin.js":     filepath.Join("..", "web", "app.js"), // Leaves dir, comes back.
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	return s
}

// gzipped returns data compressed with gzip.
func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gunzipped returns data decompressed with gzip.
func gunzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// newTestHandler returns the handler for dir, closed at the end of the test.
func newTestHandler(t *testing.T, dir string) http.Handler {
	t.Helper()
	h, err := newHandler(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// get returns h's response to a GET request for target with the given
// header lines ("Key: value").
func get(t *testing.T, h http.Handler, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for _, line := range header {
		k, v, _ := strings.Cut(line, ":")
		req.Header.Add(k, strings.TrimSpace(v))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// body returns the body of resp.
func body(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContentType(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	h := newTestHandler(t, s.dir)
	for _, test := range []struct {
		path string
		want string
	}{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/app.js", "text/javascript; charset=utf-8"},
		{"/jacobianlab.wasm", "application/wasm"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/logo.png", "image/png"},
		{"/arrow.svg", "image/svg+xml"},
		{"/gallery.json", "application/json"},
		{"/notes.TXT", "text/plain; charset=utf-8"},
		// Not sniffed: the content looks like HTML.
		{"/blob.bin", "application/octet-stream"},
		// A precompressed copy asked for by name is sent as it is.
		{"/app.js.br", "application/octet-stream"},
	} {
		resp := get(t, h, test.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", test.path, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != test.want {
			t.Errorf("GET %s: Content-Type %q, want %q", test.path, got, test.want)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", test.path, got)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", test.path, got)
		}
	}
	if resp := get(t, h, "/app.js.br"); resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body(t, resp), s.jsBr) {
		t.Errorf("GET /app.js.br: Content-Encoding %q, want none and the file as it is", resp.Header.Get("Content-Encoding"))
	}
}

func TestPrecompressed(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	h := newTestHandler(t, s.dir)
	for _, test := range []struct {
		accept []string // Accept-Encoding header lines.
		want   string   // Content-Encoding.
	}{
		{nil, ""},
		{[]string{""}, ""},
		{[]string{"identity"}, ""},
		{[]string{"deflate"}, ""},
		{[]string{"gzip"}, "gzip"},
		{[]string{"x-gzip"}, "gzip"},
		{[]string{"br"}, "br"},
		{[]string{"BR"}, "br"},
		{[]string{"gzip, deflate, br, zstd"}, "br"},
		{[]string{"gzip;q=1, br;q=1"}, "br"},
		{[]string{"gzip;q=0.5, br;q=0.4"}, "gzip"},
		{[]string{"br;q=0, gzip"}, "gzip"},
		{[]string{"br; q=0.000, gzip"}, "gzip"},
		{[]string{"gzip;q=0, br;q=0"}, ""},
		{[]string{"gzip;Q=0"}, ""},
		{[]string{"br;q=nonsense, gzip;q=0.1"}, "gzip"},
		{[]string{"*"}, "br"},
		{[]string{"*;q=0"}, ""},
		{[]string{"*, br;q=0"}, "gzip"},
		{[]string{"gzip;q=0, *"}, "br"},
		{[]string{"gzip", "br"}, "br"},
		{[]string{"br;q=0", "gzip"}, "gzip"},
	} {
		req := httptest.NewRequest(http.MethodGet, "/app.js", nil)
		for _, v := range test.accept {
			req.Header.Add("Accept-Encoding", v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		resp := rec.Result()
		name := fmt.Sprintf("Accept-Encoding %q", test.accept)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200", name, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Encoding"); got != test.want {
			t.Errorf("%s: Content-Encoding %q, want %q", name, got, test.want)
		}
		if got := resp.Header.Get("Content-Type"); got != "text/javascript; charset=utf-8" {
			t.Errorf("%s: Content-Type %q, want that of app.js", name, got)
		}
		if got := resp.Header.Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
			t.Errorf("%s: Vary %q, want Accept-Encoding", name, got)
		}
		b := body(t, resp)
		if got, want := resp.Header.Get("Content-Length"), fmt.Sprint(len(b)); got != want {
			t.Errorf("%s: Content-Length %s, want %s", name, got, want)
		}
		// web/loader.js counts download progress against the decoded length.
		wantDecoded := fmt.Sprint(len(s.js))
		if test.want == "" {
			wantDecoded = ""
		}
		if got := resp.Header.Get("X-Decoded-Length"); got != wantDecoded {
			t.Errorf("%s: X-Decoded-Length %q, want %q", name, got, wantDecoded)
		}
		var want []byte
		switch test.want {
		case "":
			want = s.js
		case "gzip":
			want = s.jsGz
			if got := gunzipped(t, b); !bytes.Equal(got, s.js) {
				t.Errorf("%s: body does not decompress to app.js", name)
			}
		case "br":
			// There is no brotli decoder in the standard library: the
			// body must be the fixture, which was checked to decompress
			// to sample.js (and is here too, where brotli is installed).
			want = s.jsBr
			checkBrotli(t, b, s.js)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s: body is not that of app.js%s", name, map[string]string{"": "", "gzip": ".gz", "br": ".br"}[test.want])
		}
	}
}

// checkBrotli checks that data decompresses to want with the brotli
// command, if it is installed.
func checkBrotli(t *testing.T, data, want []byte) {
	t.Helper()
	brotli, err := exec.LookPath("brotli")
	if err != nil {
		return
	}
	cmd := exec.Command(brotli, "-dc")
	cmd.Stdin = bytes.NewReader(data)
	got, err := cmd.Output()
	if err != nil {
		t.Errorf("brotli -d: %v", err)
	} else if !bytes.Equal(got, want) {
		t.Errorf("brotli -d gives %q, want %q", got, want)
	}
}

func TestPrecompressedChoice(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	h := newTestHandler(t, s.dir)

	// Without copies there is nothing to vary on.
	resp := get(t, h, "/style.css", "Accept-Encoding: br, gzip")
	if got := resp.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("style.css: Content-Encoding %q, want none", got)
	}
	if got := resp.Header.Get("Vary"); got != "" {
		t.Errorf("style.css: Vary %q, want none", got)
	}

	// Only a gzip copy: br is not available, and the identity response
	// varies too.
	resp = get(t, h, "/jacobianlab.wasm", "Accept-Encoding: br")
	if got := resp.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("wasm for br: Content-Encoding %q, want none", got)
	}
	if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
		t.Errorf("wasm for br: Vary %q, want Accept-Encoding", got)
	}
	if !bytes.Equal(body(t, resp), s.wasm) {
		t.Errorf("wasm for br: body is not the wasm")
	}
	resp = get(t, h, "/jacobianlab.wasm", "Accept-Encoding: br, gzip")
	if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
		t.Errorf("wasm for br, gzip: Content-Encoding %q, want gzip", got)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/wasm" {
		t.Errorf("wasm for br, gzip: Content-Type %q, want application/wasm", got)
	}
	if !bytes.Equal(gunzipped(t, body(t, resp)), s.wasm) {
		t.Errorf("wasm for br, gzip: body does not decompress to the wasm")
	}

	// A copy older than its original, left over from an earlier build, is
	// not sent.
	wasm := filepath.Join(s.dir, "jacobianlab.wasm")
	now := time.Now()
	if err := os.Chtimes(wasm+".gz", time.Time{}, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(wasm, time.Time{}, now); err != nil {
		t.Fatal(err)
	}
	resp = get(t, h, "/jacobianlab.wasm", "Accept-Encoding: gzip")
	if got := resp.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("stale wasm.gz: Content-Encoding %q, want none", got)
	}
	if !bytes.Equal(body(t, resp), s.wasm) {
		t.Errorf("stale wasm.gz: body is not the wasm")
	}

	// An index.html that is a directory is not served.
	if resp := get(t, h, "/fakeindex/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("fakeindex/: status %d, want 404", resp.StatusCode)
	}
}

// TestPrecompressedHTTP checks the headers of precompressed responses as a
// client receives them, and range and conditional requests for them.
func TestPrecompressedHTTP(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	srv := httptest.NewServer(newTestHandler(t, s.dir))
	defer srv.Close()
	// A client that neither asks for nor decodes gzip by itself.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	do := func(header ...string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/app.js", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range header {
			k, v, _ := strings.Cut(line, ":")
			req.Header.Add(k, strings.TrimSpace(v))
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp, body(t, resp)
	}

	resp, b := do("Accept-Encoding: gzip, br")
	if resp.Header.Get("Content-Encoding") != "br" || resp.ContentLength != int64(len(s.jsBr)) || !bytes.Equal(b, s.jsBr) {
		t.Errorf("br: Content-Encoding %q, Content-Length %d, want br and %d", resp.Header.Get("Content-Encoding"), resp.ContentLength, len(s.jsBr))
	}
	brTag := resp.Header.Get("ETag")
	resp, b = do("Accept-Encoding: gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.ContentLength != int64(len(s.jsGz)) || !bytes.Equal(gunzipped(t, b), s.js) {
		t.Errorf("gzip: Content-Encoding %q, Content-Length %d, want gzip and %d", resp.Header.Get("Content-Encoding"), resp.ContentLength, len(s.jsGz))
	}
	gzTag := resp.Header.Get("ETag")
	resp, b = do()
	if resp.Header.Get("Content-Encoding") != "" || resp.ContentLength != int64(len(s.js)) || !bytes.Equal(b, s.js) {
		t.Errorf("identity: Content-Encoding %q, Content-Length %d, want none and %d", resp.Header.Get("Content-Encoding"), resp.ContentLength, len(s.js))
	}
	idTag := resp.Header.Get("ETag")
	if brTag == "" || brTag == gzTag || brTag == idTag || gzTag == idTag {
		t.Errorf("ETags %q (br), %q (gzip), %q (identity): want three different ones", brTag, gzTag, idTag)
	}

	// A range of the br representation is a range of the .br bytes.
	resp, b = do("Accept-Encoding: br", "Range: bytes=4-9")
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Encoding") != "br" || !bytes.Equal(b, s.jsBr[4:10]) {
		t.Errorf("range of br: status %d, Content-Encoding %q, body %q; want 206, br, %q", resp.StatusCode, resp.Header.Get("Content-Encoding"), b, s.jsBr[4:10])
	}
	if got := resp.Header.Get("X-Decoded-Length"); got != "" {
		t.Errorf("range of br: X-Decoded-Length %q, want none", got)
	}
	// An unsatisfiable range is an error, without the encoding.
	resp, _ = do("Accept-Encoding: br", "Range: bytes=100000-")
	if resp.StatusCode != http.StatusRequestedRangeNotSatisfiable || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("bad range of br: status %d, Content-Encoding %q; want 416 and none", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	// A failed precondition is an error with an empty body.
	resp, b = do("Accept-Encoding: br", "If-Match: \"nope\"")
	if resp.StatusCode != http.StatusPreconditionFailed || len(b) != 0 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("If-Match mismatch: status %d, Content-Encoding %q, body %q; want 412, none, empty", resp.StatusCode, resp.Header.Get("Content-Encoding"), b)
	}
	// An If-Range that names another representation gets it whole.
	resp, b = do("Accept-Encoding: br", "Range: bytes=4-9", "If-Range: "+gzTag)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(b, s.jsBr) {
		t.Errorf("If-Range of gzip for br: status %d, want 200 and the whole .br", resp.StatusCode)
	}
	// Revalidation.
	resp, _ = do("Accept-Encoding: br", "If-None-Match: "+brTag)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match br ETag: status %d, want 304", resp.StatusCode)
	}
	if resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("304: Vary %q, Cache-Control %q; want Accept-Encoding, no-cache", resp.Header.Get("Vary"), resp.Header.Get("Cache-Control"))
	}
	resp, _ = do("Accept-Encoding: gzip", "If-None-Match: "+brTag)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match br ETag for gzip: status %d, want 200", resp.StatusCode)
	}

	req, err := http.NewRequest(http.MethodHead, srv.URL+"/app.js", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "br")
	head, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	head.Body.Close()
	if head.StatusCode != http.StatusOK || head.ContentLength != int64(len(s.jsBr)) || head.Header.Get("Content-Encoding") != "br" {
		t.Errorf("HEAD br: status %d, Content-Length %d, Content-Encoding %q; want 200, %d, br", head.StatusCode, head.ContentLength, head.Header.Get("Content-Encoding"), len(s.jsBr))
	}
}

func TestDirectory(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	h := newTestHandler(t, s.dir)
	for _, test := range []struct {
		path     string
		status   int
		body     string // A part of the body.
		location string
	}{
		{"/", http.StatusOK, "<title>Jacobian Lab</title>", ""},
		{"/sub/", http.StatusOK, "<title>sub</title>", ""},
		{"/sub/index.html", http.StatusOK, "<title>sub</title>", ""},
		{"/sub", http.StatusMovedPermanently, "", "./sub/"},
		{"/sub?scene=jacobian", http.StatusMovedPermanently, "", "./sub/?scene=jacobian"},
		{"/nolist/", http.StatusNotFound, "", ""},
		{"/nolist", http.StatusNotFound, "", ""},
		{"/nolist/listed.txt", http.StatusOK, "without index.html", ""},
		{"/app.js/", http.StatusNotFound, "", ""},
		{"/missing.js", http.StatusNotFound, "", ""},
	} {
		resp := get(t, h, test.path)
		b := string(body(t, resp))
		if resp.StatusCode != test.status {
			t.Errorf("GET %s: status %d, want %d", test.path, resp.StatusCode, test.status)
		}
		if !strings.Contains(b, test.body) {
			t.Errorf("GET %s: body %q, want it to contain %q", test.path, b, test.body)
		}
		if got := resp.Header.Get("Location"); got != test.location {
			t.Errorf("GET %s: Location %q, want %q", test.path, got, test.location)
		}
		if test.status != http.StatusOK && strings.Contains(b, "listed.txt") {
			t.Errorf("GET %s: body %q lists a directory", test.path, b)
		}
	}
}

func TestDotfiles(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	h := newTestHandler(t, s.dir)
	for _, p := range []string{
		"/.env",
		"/%2eenv",
		"/.hidden/",
		"/.hidden/file.txt",
		"/sub/.git/config",
		"/sub/.well-known/x",
		"/sub/%2Ewell-known/x",
	} {
		resp := get(t, h, p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
		if b := body(t, resp); bytes.Contains(b, []byte(secret)) {
			t.Errorf("GET %s: body %q reveals the secret", p, b)
		}
	}
}

// TestEscape checks that no request reaches a file outside the served
// directory. The requests go over a connection as they are written, since
// an http.Client would clean or re-encode some of them.
func TestEscape(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	srv := httptest.NewServer(newTestHandler(t, s.dir))
	defer srv.Close()
	for _, test := range []struct {
		target string
		status int // 0 for 400 or 404.
	}{
		// Controls: the raw requests work, and links inside are followed.
		{"/sub/index.html", http.StatusOK},
		{"/inside.js", http.StatusOK},

		{"/../secret", 0},
		{"/sub/../../secret", 0},
		{"/%2e%2e/secret", 0},
		{"/%2E%2E/secret", 0},
		{"/%2e%2e%2fsecret", 0},
		{"/..%2fsecret", 0},
		{"/..%2Fsecret", 0},
		{"/sub%2f..%2f..%2fsecret", 0},
		{"/sub%2findex.html", 0}, // An encoded slash is refused even inside.
		{"/..%5csecret", 0},
		{"/..\\secret", 0},
		{"/%2fsecret", 0},
		{"//secret", 0},
		{"/./secret", 0},
		{"/secret%00.html", 0},
		{"/" + strings.TrimPrefix(filepath.ToSlash(filepath.Join(s.outside, "secret")), "/"), 0},
		{"/escape", 0},
		{"/abs", 0},
		{"/updir/secret", 0},
		{"/updir/", 0},
		{"/sub/escape.html", 0},
		{"/outandin.js", 0}, // Links out and back in: os.Root refuses it.
		{"secret", 0},
		{"../secret", 0},
	} {
		status, b := rawGet(t, srv.Listener.Addr().String(), test.target)
		if test.status != 0 && status != test.status {
			t.Errorf("GET %s: status %d, want %d", test.target, status, test.status)
		}
		if test.status == 0 && status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 404 or 400", test.target, status)
		}
		if strings.Contains(b, secret) {
			t.Errorf("GET %s: body %q reveals the secret", test.target, b)
		}
	}
}

// rawGet sends "GET target HTTP/1.1" to addr exactly as written and returns
// the response's status code and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n", target); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, string(body(t, resp))
}

func TestMethods(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, newSite(t).dir)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, "/index.html", nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q; want 405, \"GET, HEAD\"", method, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

func TestServerTimeouts(t *testing.T) {
	t.Parallel()
	srv := newServer(http.NotFoundHandler())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout < srv.ReadHeaderTimeout {
		t.Errorf("ReadHeaderTimeout %v, ReadTimeout %v: want 0 < ReadHeaderTimeout <= ReadTimeout", srv.ReadHeaderTimeout, srv.ReadTimeout)
	}
	if srv.IdleTimeout <= 0 {
		t.Errorf("IdleTimeout %v, want > 0", srv.IdleTimeout)
	}
	// A 25 MB wasm at 100 kB/s, a slow link, takes 250 s.
	if min := 250 * time.Second; srv.WriteTimeout < min {
		t.Errorf("WriteTimeout %v, want at least %v", srv.WriteTimeout, min)
	}
	if srv.MaxHeaderBytes <= 0 {
		t.Errorf("MaxHeaderBytes %d, want > 0", srv.MaxHeaderBytes)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing")
	for _, test := range []struct {
		args       []string
		code       int
		stdout     string // A part of stdout.
		stderr     string // A part of stderr.
		stdoutNone bool   // Whether stdout must be empty.
		stderrNone bool   // Whether stderr must be empty.
	}{
		{args: []string{"-h"}, code: 0, stdout: "jacobianlab serve [-addr", stderrNone: true},
		{args: []string{"--help"}, code: 0, stdout: "jacobianlab serve [-addr", stderrNone: true},
		{args: []string{"bogus"}, code: 2, stderr: `unknown command "bogus"`, stdoutNone: true},
		{args: []string{"bogus"}, code: 2, stderr: "Usage:", stdoutNone: true},
		{args: []string{"-addr", ":0"}, code: 2, stderr: "Usage:", stdoutNone: true},
		{args: []string{"serve", "-h"}, code: 0, stdout: "-addr host:port", stderrNone: true},
		{args: []string{"serve", "-help"}, code: 0, stdout: "-dir directory", stderrNone: true},
		{args: []string{"serve", "-nope"}, code: 2, stderr: "flag provided but not defined: -nope", stdoutNone: true},
		{args: []string{"serve", "-nope"}, code: 2, stderr: "Usage: jacobianlab serve", stdoutNone: true},
		{args: []string{"serve", "extra"}, code: 2, stderr: `unexpected argument "extra"`, stdoutNone: true},
		{args: []string{"serve", "-dir", missing}, code: 1, stderr: "jacobianlab serve: ", stdoutNone: true},
		{args: []string{"serve", "-dir", t.TempDir(), "-addr", "127.0.0.1:http-nope"}, code: 1, stderr: "jacobianlab serve: ", stdoutNone: true},
		{args: []string{"serve", "-frame-ancestors", "'self'; script-src *"}, code: 2, stderr: "for flag -frame-ancestors: sources are separated by spaces", stdoutNone: true},
		{args: []string{"dist", "-h"}, code: 0, stdout: "-frame-ancestors sources", stderrNone: true},
		{args: []string{"dist", "extra"}, code: 2, stderr: `unexpected argument "extra"`, stdoutNone: true},
		{args: []string{"dist", "-out", "a", "-out", "b"}, code: 2, stderr: "-out is given twice", stdoutNone: true},
		{args: []string{"dist", "-frame-ancestors", "a, b"}, code: 2, stderr: "for flag -frame-ancestors: sources are separated by spaces", stdoutNone: true},
		{args: []string{"dist", "-frame-ancestors", ""}, code: 2, stderr: "for flag -frame-ancestors: no source given", stdoutNone: true},
		{args: []string{"dist", "-dir", missing, "-out", filepath.Join(t.TempDir(), "dist")}, code: 1, stderr: "jacobianlab dist: ", stdoutNone: true},
		{args: []string{"dist", "-dir", newDistSource(t), "-out", filepath.Join(t.TempDir(), "dist")}, code: 0, stdout: hashedWasm + " ", stderrNone: true},
	} {
		var stdout, stderr bytes.Buffer
		code := run(test.args, &stdout, &stderr)
		if code != test.code {
			t.Errorf("run(%q) = %d, want %d; stderr:\n%s", test.args, code, test.code, &stderr)
		}
		if !strings.Contains(stdout.String(), test.stdout) || test.stdoutNone && stdout.Len() > 0 {
			t.Errorf("run(%q): stdout %q, want it to contain %q", test.args, &stdout, test.stdout)
		}
		if !strings.Contains(stderr.String(), test.stderr) || test.stderrNone && stderr.Len() > 0 {
			t.Errorf("run(%q): stderr %q, want it to contain %q", test.args, &stderr, test.stderr)
		}
	}
	for name, cmd := range commands {
		if cmd.run == nil || !strings.HasPrefix(cmd.synopsis, name) {
			t.Errorf("commands[%q] = {run: %p, synopsis: %q}: want a run function and a synopsis that starts with the name", name, cmd.run, cmd.synopsis)
		}
	}
}

// TestRunRecovers: a subcommand that panics, as a bug of ours would, ends
// with the status 1 and the panic on stderr, not with a crash of the
// command.
func TestRunRecovers(t *testing.T) {
	const name = "panics"
	commands[name] = subcommand{synopsis: name, run: func([]string, io.Writer, io.Writer) int {
		var m map[string]int
		m["entry"]++ // a nil map: the runtime panics
		return 0
	}}
	t.Cleanup(func() { delete(commands, name) })
	var stdout, stderr bytes.Buffer
	if code := run([]string{name}, &stdout, &stderr); code != 1 {
		t.Errorf("run(%q) = %d, want 1", name, code)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "jacobianlab: internal error") || !strings.Contains(got, "assignment to entry in nil map") || stdout.Len() > 0 {
		t.Errorf("run(%q): stdout %q, stderr %q: want the panic on stderr only", name, &stdout, got)
	}
}

// TestServe runs serve in the test's process: it prints the bound address,
// serves, and returns nil once its context is done.
func TestServe(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, "127.0.0.1:0", s.dir, nil, "", pw)
		pw.Close()
	}()
	url := readURL(t, pr, s.dir)
	go io.Copy(io.Discard, pr)

	resp, err := http.Get(url + "app.js")
	if err != nil {
		t.Fatal(err)
	}
	b := body(t, resp)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Equal(b, s.js) {
		t.Errorf("GET app.js: status %d, want 200 and app.js", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after its context was cancelled, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return within 10 s of its context being cancelled")
	}
	if _, err := http.Get(url); err == nil {
		t.Errorf("GET %s after serve returned: no error", url)
	}
}

func TestServeErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, test := range []struct {
		name, addr, dir string
	}{
		{"missing dir", "127.0.0.1:0", filepath.Join(dir, "missing")},
		{"dir is a file", "127.0.0.1:0", file},
		{"address in use", ln.Addr().String(), dir},
	} {
		var stdout bytes.Buffer
		err := serve(context.Background(), test.addr, test.dir, nil, "", &stdout)
		if err == nil {
			t.Errorf("%s: serve returned nil, want an error", test.name)
		}
		if stdout.Len() > 0 {
			t.Errorf("%s: serve printed %q, want nothing", test.name, &stdout)
		}
	}
}

// readURL reads the line that serve prints once listening, with dir as the
// served directory, from r, checks it, and returns the URL in it. It reads
// r byte by byte, so that nothing after the line is consumed.
func readURL(t *testing.T, r io.Reader, dir string) string {
	t.Helper()
	lines := make(chan string, 1)
	go func() {
		var line []byte
		b := make([]byte, 1)
		for {
			if _, err := r.Read(b); err != nil {
				break
			}
			line = append(line, b[0])
			if b[0] == '\n' {
				break
			}
		}
		lines <- string(line)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(10 * time.Second):
		t.Fatal("no address line within 10 s")
	}
	prefix := fmt.Sprintf("Jacobian Lab: serving %s at http://127.0.0.1:", dir)
	port, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), prefix)
	if !ok || !strings.HasSuffix(port, "/") || port == "0/" {
		t.Fatalf("address line %q, want %q followed by the chosen port and a slash", line, prefix)
	}
	return "http://127.0.0.1:" + port
}

// TestCommandShutdown builds the jacobianlab command, runs it, and checks
// that it serves and then exits with status 0 soon after an interrupt or
// SIGTERM.
func TestCommandShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	if runtime.GOOS == "windows" {
		t.Skip("cannot send an interrupt on Windows")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "jacobianlab")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s := newSite(t)

	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-dir", s.dir)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill() // In case the test fails before the signal.
			url := readURL(t, stdout, s.dir)
			exited := make(chan error, 1)
			go func() {
				io.Copy(io.Discard, stdout) // Wait must follow the reads.
				exited <- cmd.Wait()
			}()

			resp, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			b := body(t, resp)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "<title>Jacobian Lab</title>") {
				t.Errorf("GET %s: status %d, body %q; want 200 and index.html", url, resp.StatusCode, b)
			}

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("after %v: %v, want exit status 0; stderr:\n%s", sig, err, &stderr)
				}
			case <-time.After(5 * time.Second):
				t.Errorf("still running 5 s after %v", sig)
			}
		})
	}
}

// TestHostGuard checks that a server on a loopback address answers only
// for localhost, its own address and the names given to -allow-host: a
// page on another site that points a name of its own at 127.0.0.1 (DNS
// rebinding) gets 421, not the served files. It also checks that
// OPTIONS * is refused like any method other than GET and HEAD.
func TestHostGuard(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	go func() {
		serve(ctx, "127.0.0.1:0", s.dir, []string{"lab.test", "Course.Example"}, "", pw)
		pw.Close()
	}()
	url := readURL(t, pr, s.dir)
	go io.Copy(io.Discard, pr)
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	_, port, _ := net.SplitHostPort(addr)

	request := func(raw string) string {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, raw); err != nil {
			t.Fatal(err)
		}
		status, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(status)
	}
	for host, want := range map[string]string{
		addr:                   "200",
		"127.0.0.1":            "200",
		"localhost:" + port:    "200",
		"LOCALHOST.:" + port:   "200",
		"lab.test:" + port:     "200",
		"course.example":       "200",
		"evil.example:" + port: "421",
		"127.0.0.2:" + port:    "421",
		"lab.test.evil":        "421",
	} {
		got := request("GET /app.js HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
		if !strings.HasPrefix(got, "HTTP/1.1 "+want) {
			t.Errorf("GET with Host %q: %q, want %s", host, got, want)
		}
	}
	if got := request("GET /app.js HTTP/1.0\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.0 421") {
		t.Errorf("HTTP/1.0 GET without a Host: %q, want 421", got)
	}
	if got := request("OPTIONS * HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 405") {
		t.Errorf("OPTIONS *: %q, want 405", got)
	}

	// Off loopback, the server is meant to be reached by other names.
	h := http.NotFoundHandler()
	wild := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	if got := hostGuard(h, wild, nil); reflect.ValueOf(got).Pointer() != reflect.ValueOf(h).Pointer() {
		t.Errorf("hostGuard on %v wraps the handler", wild)
	}
	rec := httptest.NewRecorder()
	hostGuard(h, &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, nil).ServeHTTP(rec, httptest.NewRequest("GET", "http://[::1]:8080/", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET [::1] on [::1]: status %d, want the handler's 404", rec.Code)
	}
}
