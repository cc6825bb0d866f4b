package main

import (
	"bytes"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeFiles writes files, by slash-separated names, into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The names that dist gives the files of newDistSource, from the first 12
// hexadecimal digits of their SHA-256 (as sha256sum prints it).
const (
	hashedApp    = "app.ba7816bf8f01.js"           // "abc"
	hashedStyle  = "style.997faceca260.css"        // "body { margin: 0 }"
	hashedLoader = "loader.0cf67fc72b3c.js"        // "load"
	hashedEmbed  = "embed.8a1eed22144c.js"         // "embed"
	hashedWasm   = "jacobianlab.336154bf67f7.wasm" // "wasm"
)

// distIndex is the index.html of newDistSource, with references of every
// kind: quoted both ways, with a query and a fragment, absolute, to a page,
// to a folder, and a file name in an attribute that is no reference.
const distIndex = `<!doctype html>
<link rel="stylesheet" href="style.css">
<script src='app.js?v=1#top'></script>
<script src="loader.js" data-wasm="jacobianlab.wasm"></script>
<a href="https://example.com/app.js">x</a> <a href="/app.js">x</a> <a href="#top">x</a>
<a href="examples/course.html">x</a> <img alt="app.js" src="data:image/png;base64,AA==">
`

// distCourse is examples/course.html of newDistSource, a page in a
// subfolder that names files above it.
const distCourse = `<script src="../embed.js"></script>
<iframe src="../index.html?scene=scalar"></iframe><a href="../">x</a><script SRC = "../app.js"></script>
`

// newDistSource returns a built web app in a temporary directory: two
// pages, the files they name, the wasm with a brotli copy as new as it
// and a gzip copy older, a file no page names, and a hidden page.
func newDistSource(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"index.html":           distIndex,
		"examples/course.html": distCourse,
		"style.css":            "body { margin: 0 }",
		"app.js":               "abc",
		"loader.js":            "load",
		"embed.js":             "embed",
		"jacobianlab.wasm":     "wasm",
		"jacobianlab.wasm.br":  "wasm, in brotli",
		"jacobianlab.wasm.gz":  "wasm, in gzip, from an earlier build",
		"screenshot.png":       "not named by any page",
		".hidden/page.html":    `<script src="../app.js"></script>`,
		"examples/.draft.html": `<script src="../missing.js"></script>`,
		"examples/notes.txt":   "not named by any page",
		"jacobianlab.wasm.tmp": "a compression cut short",
	})
	wasm := filepath.Join(dir, "jacobianlab.wasm")
	now := time.Now()
	for name, mod := range map[string]time.Time{
		wasm:         now,
		wasm + ".br": now.Truncate(time.Second), // as brotli leaves it
		wasm + ".gz": now.Add(-time.Minute),
	} {
		if err := os.Chtimes(name, time.Time{}, mod); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readTree returns the regular files under dir by slash-separated name.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteDist(t *testing.T) {
	t.Parallel()
	src := newDistSource(t)
	out := filepath.Join(t.TempDir(), "dist")
	files, err := writeDist(src, out, "")
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)

	wantIndex := `<!doctype html>
<link rel="stylesheet" href="` + hashedStyle + `">
<script src='` + hashedApp + `?v=1#top'></script>
<script src="` + hashedLoader + `" data-wasm="` + hashedWasm + `"></script>
<a href="https://example.com/app.js">x</a> <a href="/app.js">x</a> <a href="#top">x</a>
<a href="examples/course.html">x</a> <img alt="app.js" src="data:image/png;base64,AA==">
`
	wantCourse := `<script src="../` + hashedEmbed + `"></script>
<iframe src="../index.html?scene=scalar"></iframe><a href="../">x</a><script SRC = "../` + hashedApp + `"></script>
`
	want := map[string]string{
		"index.html":           wantIndex,
		"examples/course.html": wantCourse,
		hashedStyle:            "body { margin: 0 }",
		hashedApp:              "abc",
		hashedLoader:           "load",
		hashedEmbed:            "embed",
		hashedWasm:             "wasm",
		hashedWasm + ".br":     "wasm, in brotli", // the gzip copy is older than the wasm
		"embed.js":             "embed",           // linked to by other sites
		headersFile:            got[headersFile],  // checked below
	}
	if !reflect.DeepEqual(got, want) {
		for name := range mapUnion(got, want) {
			if got[name] != want[name] {
				t.Errorf("%s:\n got %q\nwant %q", name, got[name], want[name])
			}
		}
	}
	var names []string
	for _, f := range files {
		names = append(names, f.name)
		if int(f.size) != len(got[f.name]) {
			t.Errorf("writeDist reports %s of %d bytes; it has %d", f.name, f.size, len(got[f.name]))
		}
	}
	if wantNames := slices.Sorted(maps.Keys(want)); !slices.Equal(names, wantNames) {
		t.Errorf("writeDist reports writing %q, want %q", names, wantNames)
	}

	rules, err := parseHeaders(strings.NewReader(got[headersFile]))
	if err != nil {
		t.Fatalf("the _headers written do not parse: %v\n%s", err, got[headersFile])
	}
	const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'"
	for _, test := range []struct {
		path  string
		cache string
		cors  bool
	}{
		{"/", "no-cache", false},
		{"/index.html", "no-cache", false},
		{"/examples/course.html", "no-cache", false},
		{"/embed.js", "no-cache", false},
		{"/" + hashedWasm, "public, max-age=31536000, immutable", true},
		{"/" + hashedWasm + ".br", "public, max-age=31536000, immutable", true},
		{"/" + hashedApp, "public, max-age=31536000, immutable", true},
		{"/" + hashedEmbed, "public, max-age=31536000, immutable", true},
		{"/" + hashedStyle, "public, max-age=31536000, immutable", true},
	} {
		h := headersFor(rules, test.path)
		if got := h.Get("Content-Security-Policy"); got != csp {
			t.Errorf("%s: Content-Security-Policy %q, want %q", test.path, got, csp)
		}
		if got := h.Get("Cache-Control"); got != test.cache {
			t.Errorf("%s: Cache-Control %q, want %q", test.path, got, test.cache)
		}
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q, want nosniff", test.path, got)
		}
		if got, want := h.Get("Access-Control-Allow-Origin"), map[bool]string{true: "*"}[test.cors]; got != want {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want %q", test.path, got, want)
		}
		if got := h.Get("Access-Control-Expose-Headers"); test.cors && got != "Content-Encoding, X-Decoded-Length" {
			t.Errorf("%s: Access-Control-Expose-Headers %q, want the loader's two", test.path, got)
		}
	}

	// A second build into the same folder is refused, and leaves it as
	// it was.
	if _, err := writeDist(src, out, ""); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("writeDist into a full folder: %v, want an error saying it is not empty", err)
	}
	if again := readTree(t, out); !reflect.DeepEqual(again, got) {
		t.Error("writeDist into a full folder changed it")
	}

	// -frame-ancestors restricts who may embed the pages.
	out2 := filepath.Join(t.TempDir(), "dist")
	if _, err := writeDist(src, out2, "'self' https://course.example"); err != nil {
		t.Fatal(err)
	}
	rules, err = parseHeaders(strings.NewReader(readTree(t, out2)[headersFile]))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := headersFor(rules, "/").Get("Content-Security-Policy"), csp+"; frame-ancestors 'self' https://course.example"; got != want {
		t.Errorf("with frame ancestors: Content-Security-Policy %q, want %q", got, want)
	}
}

// mapUnion returns the set of the keys of a and b.
func mapUnion(a, b map[string]string) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func TestWriteDistErrors(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name  string
		files map[string]string
		want  string // a part of the error
	}{
		{"no index", map[string]string{"other.html": ""}, "has no index.html"},
		{"missing file", map[string]string{"index.html": `<script src="wasm_exec.js"></script>`}, "names wasm_exec.js, which is not there"},
		{"outside", map[string]string{"index.html": `<script src="../app.js"></script>`}, "outside the web app's folder"},
		{"bad escape", map[string]string{"index.html": `<script src="a%zz.js"></script>`}, "not a valid reference"},
	} {
		src := t.TempDir()
		writeFiles(t, src, test.files)
		writeFiles(t, filepath.Dir(src), map[string]string{"app.js": "outside"})
		out := filepath.Join(t.TempDir(), "dist")
		if _, err := writeDist(src, out, ""); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: writeDist: %v, want an error with %q", test.name, err, test.want)
		}
	}
	if _, err := writeDist(filepath.Join(t.TempDir(), "missing"), filepath.Join(t.TempDir(), "dist"), ""); err == nil {
		t.Error("writeDist of a missing folder: no error")
	}
}

func TestHashedName(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		name, content, want string
	}{
		{"app.js", "abc", "app.ba7816bf8f01.js"},
		{"sub/dir/app.js", "abc", "sub/dir/app.ba7816bf8f01.js"},
		{"jacobianlab.wasm", "abc", "jacobianlab.ba7816bf8f01.wasm"},
		{"LICENSE", "abc", "LICENSE.ba7816bf8f01"},
		{"empty.css", "", "empty.e3b0c44298fc.css"}, // SHA-256 of nothing
	} {
		if got := hashedName(test.name, []byte(test.content)); got != test.want {
			t.Errorf("hashedName(%q, %q) = %q, want %q", test.name, test.content, got, test.want)
		}
	}
}

// sampleHeaders is a _headers file with every form parseHeaders reads.
const sampleHeaders = `# A comment, then a blank line.

/*
  Content-Security-Policy: default-src 'self'
  x-content-type-options:nosniff
/app.*.js
	Cache-Control: public, max-age=31536000, immutable
    # an indented comment
  Access-Control-Allow-Origin: *
/
  Cache-Control: no-cache
/*/deep/*.html
  Cache-Control: no-store
`

func TestParseHeaders(t *testing.T) {
	t.Parallel()
	rules, err := parseHeaders(strings.NewReader(sampleHeaders))
	if err != nil {
		t.Fatal(err)
	}
	want := []headerRule{
		{"/*", []headerField{{"Content-Security-Policy", "default-src 'self'"}, {"X-Content-Type-Options", "nosniff"}}},
		{"/app.*.js", []headerField{{"Cache-Control", "public, max-age=31536000, immutable"}, {"Access-Control-Allow-Origin", "*"}}},
		{"/", []headerField{{"Cache-Control", "no-cache"}}},
		{"/*/deep/*.html", []headerField{{"Cache-Control", "no-store"}}},
	}
	if !reflect.DeepEqual(rules, want) {
		t.Fatalf("parseHeaders:\n got %q\nwant %q", rules, want)
	}
	// What writeHeaders writes, parseHeaders reads back.
	var buf bytes.Buffer
	if err := writeHeaders(&buf, []string{"a comment"}, rules); err != nil {
		t.Fatal(err)
	}
	if again, err := parseHeaders(&buf); err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("parseHeaders(writeHeaders(rules)) = %q, %v; want the rules", again, err)
	}

	for _, test := range []struct {
		path string
		want http.Header
	}{
		{"/", http.Header{"Content-Security-Policy": {"default-src 'self'"}, "X-Content-Type-Options": {"nosniff"}, "Cache-Control": {"no-cache"}}},
		{"/app.0123.js", http.Header{"Content-Security-Policy": {"default-src 'self'"}, "X-Content-Type-Options": {"nosniff"},
			"Cache-Control": {"public, max-age=31536000, immutable"}, "Access-Control-Allow-Origin": {"*"}}},
		{"/app.js", http.Header{"Content-Security-Policy": {"default-src 'self'"}, "X-Content-Type-Options": {"nosniff"}}},
		{"/a/b/deep/c.html", http.Header{"Content-Security-Policy": {"default-src 'self'"}, "X-Content-Type-Options": {"nosniff"}, "Cache-Control": {"no-store"}}},
		{"/x/deep/y/z.html", http.Header{"Content-Security-Policy": {"default-src 'self'"}, "X-Content-Type-Options": {"nosniff"}, "Cache-Control": {"no-store"}}},
		{"/deep/z.html", http.Header{"Content-Security-Policy": {"default-src 'self'"}, "X-Content-Type-Options": {"nosniff"}}},
	} {
		if got := headersFor(want, test.path); !reflect.DeepEqual(got, test.want) {
			t.Errorf("headersFor(%q) = %v, want %v", test.path, got, test.want)
		}
	}
	joined := []headerRule{{"/*", []headerField{{"Cache-Control", "no-cache"}}}, {"/a", []headerField{{"Cache-Control", "no-transform"}}}}
	if got := headersFor(joined, "/a").Get("Cache-Control"); got != "no-cache, no-transform" {
		t.Errorf("two rules' Cache-Control joined: %q, want %q", got, "no-cache, no-transform")
	}
	if got := headersFor(joined[1:], "/b"); got != nil {
		t.Errorf("headersFor a path no rule matches = %v, want nil", got)
	}
}

func TestParseHeadersErrors(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		file, want string
	}{
		{"  Cache-Control: no-cache\n", "line 1: the header \"Cache-Control: no-cache\" comes before any path"},
		{"# comment\nindex.html\n  Cache-Control: no-cache\n", "line 2: \"index.html\" is not a path"},
		{"https://example.com/*\n  Cache-Control: no-cache\n", "line 1: \"https://example.com/*\" is not a path"},
		{"/:name/x\n  Cache-Control: no-cache\n", "line 1: \"/:name/x\": placeholders"},
		{"/\n  Cache-Control no-cache\n", "line 2: \"Cache-Control no-cache\" is not a header"},
		{"/\n  Cache Control: no-cache\n", "line 2: \"Cache Control: no-cache\" is not a header"},
		{"/\n  : no-cache\n", "line 2: \": no-cache\" is not a header"},
		{"/\n  ! Cache-Control\n", "line 2: detaching a header"},
	} {
		if _, err := parseHeaders(strings.NewReader(test.file)); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("parseHeaders(%q): %v, want an error with %q", test.file, err, test.want)
		}
	}
}

func TestMatchPattern(t *testing.T) {
	t.Parallel()
	for _, test := range []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/", true},
		{"/", "/index.html", false},
		{"/index.html", "/index.html", true},
		{"/*", "/", true},
		{"/*", "/a/b/c", true},
		{"/a/*", "/a/", true},
		{"/a/*", "/a", false},
		{"/*.js", "/x/y.js", true},
		{"/*.js", "/x/y.jsx", false},
		{"/a*b*c", "/abc", true},
		{"/a*b*c", "/a-c-b", false},
		{"/a*b*c", "/abbc", true},
		{"/a*a", "/a", false}, // the prefix and the suffix may not overlap
		{"/*/*", "/x", false},
	} {
		if got := matchPattern(test.pattern, test.path); got != test.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", test.pattern, test.path, got, test.want)
		}
	}
}

// TestServeHeaders checks that the server sends the headers of the
// served folder's _headers file, over its own defaults, does not serve the
// file, adds -frame-ancestors to the policy, and refuses a malformed file.
func TestServeHeaders(t *testing.T) {
	t.Parallel()
	src := newDistSource(t)
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := writeDist(src, out, ""); err != nil {
		t.Fatal(err)
	}
	const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'"
	h := newTestHandler(t, out)
	for _, test := range []struct {
		target, accept string
		cache, cors    string
		encoding       string
	}{
		{"/", "", "no-cache", "", ""},
		{"/index.html", "", "no-cache", "", ""},
		{"/examples/course.html", "", "no-cache", "", ""},
		{"/" + hashedApp, "", "public, max-age=31536000, immutable", "*", ""},
		{"/" + hashedWasm, "br", "public, max-age=31536000, immutable", "*", "br"},
		{"/" + hashedWasm, "gzip", "public, max-age=31536000, immutable", "*", ""},
		{"/screenshot.png", "", "", "", ""}, // not there
	} {
		resp := get(t, h, test.target, "Accept-Encoding: "+test.accept)
		name := test.target + " (" + test.accept + ")"
		if test.cache == "" {
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", name, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200", name, resp.StatusCode)
		}
		for k, want := range map[string]string{
			"Content-Security-Policy":     csp,
			"Cache-Control":               test.cache,
			"Access-Control-Allow-Origin": test.cors,
			"X-Content-Type-Options":      "nosniff",
			"Content-Encoding":            test.encoding,
		} {
			if got := resp.Header.Values(k); want == "" && len(got) > 0 || want != "" && !slices.Equal(got, []string{want}) {
				t.Errorf("%s: %s %q, want %q", name, k, got, want)
			}
		}
	}
	if resp := get(t, h, "/"+headersFile); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /_headers: status %d, want 404", resp.StatusCode)
	}

	// -frame-ancestors, with a _headers file and without.
	restricted := newTestHandler(t, out)
	restricted.(*fileServer).frameAncestors = "'self'"
	if got, want := get(t, restricted, "/").Header.Get("Content-Security-Policy"), csp+"; frame-ancestors 'self'"; got != want {
		t.Errorf("with -frame-ancestors: Content-Security-Policy %q, want %q", got, want)
	}
	plain := newTestHandler(t, src)
	if got := get(t, plain, "/").Header.Values("Content-Security-Policy"); len(got) != 0 {
		t.Errorf("without _headers: Content-Security-Policy %q, want none", got)
	}
	plain.(*fileServer).frameAncestors = "https://course.example"
	if got, want := get(t, plain, "/").Header.Get("Content-Security-Policy"), "frame-ancestors https://course.example"; got != want {
		t.Errorf("without _headers, with -frame-ancestors: Content-Security-Policy %q, want %q", got, want)
	}

	bad := t.TempDir()
	writeFiles(t, bad, map[string]string{headersFile: "  X-Header: 1\n", "index.html": ""})
	if _, err := newHandler(bad); err == nil || !strings.Contains(err.Error(), "_headers, line 1") {
		t.Errorf("newHandler of a folder with a malformed _headers: %v, want an error naming its line", err)
	}
}

func TestCheckSources(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"'self'", "'none'", "'self' https://course.example https://*.lms.example"} {
		if err := checkSources(ok); err != nil {
			t.Errorf("checkSources(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "  ", "'self'; script-src *", "a, b", "a\nb", "a\x7fb"} {
		if err := checkSources(bad); err == nil {
			t.Errorf("checkSources(%q) = nil, want an error", bad)
		}
	}
}
