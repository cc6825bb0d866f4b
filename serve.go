// Command jacobianlab serves Jacobian Lab, a visualizer that teaches the
// derivatives of tensors, to a web browser.
//
// Usage:
//
//	jacobianlab [serve] [-addr 127.0.0.1:8080] [-dir web] [-allow-host names] [-frame-ancestors sources]
//	jacobianlab dist [-dir web] [-out dist] [-frame-ancestors sources]
//
// The serve subcommand, which also runs when no subcommand is given, serves the
// files of the web app in -dir over HTTP at -addr. It prints
//
//	Jacobian Lab: serving DIR at http://ADDR/
//
// once it is listening, with the address it is bound to (so -addr 127.0.0.1:0
// shows the port the system chose), and it stops cleanly on an interrupt
// (Ctrl-C) or SIGTERM.
//
// The server answers GET and HEAD requests for the regular files inside
// -dir, and nothing else (405 Method Not Allowed, OPTIONS * too). Bound to
// a loopback address, as by default, it answers only requests whose Host
// is localhost, that address, or a name given to -allow-host, and refuses
// others with 421 Misdirected Request, so that a web page cannot read the
// served folder through DNS rebinding. It gives each file type that the app uses an
// explicit Content-Type, answers a request for a directory with the
// directory's index.html, and refuses (404 Not Found) directory listings,
// names with a path element that starts with a dot, and any name that would
// leave -dir, whether through "..", percent-encoded slashes or symbolic
// links. When a file X has a precompressed copy X.br or X.gz beside it, a
// client that accepts that encoding receives the copy with Content-Encoding
// br or gzip, preferring br, and with the size of X in an X-Decoded-Length
// header, for the loader's progress bar. Every response asks the client to
// revalidate (Cache-Control: no-cache), since the WebAssembly binary changes
// between builds, unless the folder says otherwise: when -dir has a
// _headers file, as the folder that jacobianlab dist writes does, the
// responses carry the headers it gives their paths, in the format of
// Netlify and Cloudflare Pages (see headers.go), over the defaults above;
// the _headers file itself is not served. -frame-ancestors adds a
// frame-ancestors directive to the Content-Security-Policy of every
// response (or makes it the policy, without one), so that only those
// sources may embed the app; by default any page may.
//
// The dist subcommand writes the web app as a folder that any static host
// serves as it is; see dist.go.
//
// Exit status: 0 on success, 1 on a runtime error (for example an address in
// use or a missing -dir), 2 on a usage error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A subcommand is an entry of the jacobianlab command table.
type subcommand struct {
	// run runs the subcommand with the arguments that follow its name,
	// writing its output to stdout and its diagnostics to stderr, and
	// returns the exit status: 0 on success, 1 on a runtime error, 2 on
	// a usage error.
	run func(args []string, stdout, stderr io.Writer) int

	// synopsis is the subcommand's usage line without the program name,
	// as the top-level usage message lists it.
	synopsis string
}

// commands is the table of jacobianlab subcommands, by name. Other files of
// the package may add their subcommands to it from an init function.
var commands = map[string]subcommand{
	"serve":    {run: runServe, synopsis: serveSynopsis},
	"jacobian": {run: runJacobian, synopsis: jacobianSynopsis},
	"jvp":      {run: runJVP, synopsis: jvpSynopsis},
	"vjp":      {run: runVJP, synopsis: vjpSynopsis},
}

// defaultCommand is the subcommand that runs when jacobianlab is given no
// arguments.
const defaultCommand = "serve"

// main runs the jacobianlab command and exits with its status.
func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args, the command-line arguments without the program
// name, to the subcommand they name and returns the exit status. With no
// arguments it runs the default subcommand; with -h it prints the usage
// message on stdout and returns 0; with an unknown subcommand it prints the
// usage message on stderr and returns 2. A subcommand that panics, a bug
// of ours, ends with the panic and its stack on stderr and the status 1,
// a failed command's, rather than with Go's crash.
func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "jacobianlab: internal error, a bug to report with this message: %v\n%s", r, debug.Stack())
			status = 1
		}
	}()
	if len(args) == 0 {
		return commands[defaultCommand].run(nil, stdout, stderr)
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help":
		usage(stdout)
		return 0
	default:
		cmd, ok := commands[name]
		if !ok {
			fmt.Fprintf(stderr, "jacobianlab: unknown command %q\n", name)
			usage(stderr)
			return 2
		}
		return cmd.run(args[1:], stdout, stderr)
	}
}

// usage writes the top-level usage message, listing the subcommands in
// name order, to w.
func usage(w io.Writer) {
	fmt.Fprintf(w, "Usage:\n\n")
	for _, name := range slices.Sorted(maps.Keys(commands)) {
		fmt.Fprintf(w, "\tjacobianlab %s\n", commands[name].synopsis)
	}
	fmt.Fprintf(w, "\nWith no arguments, jacobianlab runs %q.\n", defaultCommand)
	fmt.Fprintf(w, "Run \"jacobianlab COMMAND -h\" for the flags of a command.\n")
}

// frameAncestorsUsage is the usage of the -frame-ancestors flag of serve
// and dist.
const frameAncestorsUsage = "only these `sources` may embed the app, such as \"'self' https://course.example\" (by default any page may)"

// serveSynopsis is the usage line of the serve subcommand.
const serveSynopsis = "serve [-addr 127.0.0.1:8080] [-dir web] [-allow-host names] [-frame-ancestors sources]"

// runServe runs the serve subcommand: it parses args, serves until it
// receives an interrupt or SIGTERM, and returns the exit status.
func runServe(args []string, stdout, stderr io.Writer) int {
	c := newCommandFlags("serve", serveSynopsis, "Serve the Jacobian Lab web app.")
	addr := c.set.String("addr", "127.0.0.1:8080", "listen on `host:port` (port 0 picks a free port)")
	dir := c.set.String("dir", "web", "serve the files of `directory`")
	allow := c.set.String("allow-host", "", "on a loopback address, also answer requests for these host `names`, comma-separated (localhost and the address itself are always answered)")
	var ancestors sources
	c.set.Var(&ancestors, "frame-ancestors", frameAncestorsUsage)
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, a second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	var hosts []string
	if *allow != "" {
		hosts = strings.Split(*allow, ",")
	}
	if err := serve(ctx, *addr, *dir, hosts, ancestors.s, stdout); err != nil {
		fmt.Fprintf(stderr, "jacobianlab serve: %v\n", err)
		return 1
	}
	return 0
}

// Server timeouts. writeTimeout bounds a whole response, so it must allow
// the largest file, the ~25 MB WebAssembly binary, to reach a slow client:
// 25 MB in 5 minutes is about 85 kB/s.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 5 * time.Minute
	idleTimeout       = 2 * time.Minute

	// shutdownTimeout is how long serve waits for responses in progress
	// once asked to stop, before it closes their connections.
	shutdownTimeout = 5 * time.Second
)

// newServer returns an HTTP server with handler h and the server timeouts
// set.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10, // Requests here are small GETs.
		// OPTIONS * reaches the handler, which refuses it as any method
		// other than GET and HEAD, instead of net/http's 200.
		DisableGeneralOptionsHandler: true,
	}
}

// hostGuard returns h behind a check of the Host of each request when
// addr, the address the server listens on, is a loopback address: a
// request for any host but localhost, addr's own IP and the names in allow
// is refused with 421 Misdirected Request. A web page on another site
// cannot then read the served files through DNS rebinding (a name of its
// own that it points at 127.0.0.1), which matters when -dir is a folder of
// the user's. On other addresses the server is meant to be reached by
// other names, and h is returned as it is.
func hostGuard(h http.Handler, addr net.Addr, allow []string) http.Handler {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return h
	}
	hosts := map[string]bool{"localhost": true, tcp.IP.String(): true}
	for _, a := range allow {
		hosts[strings.ToLower(a)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
		if !hosts[host] {
			http.Error(w, "421 misdirected request: this server answers only for localhost and its own address (see -allow-host)", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// serve serves the files of dir over HTTP at addr until ctx is done, then
// shuts the server down, waiting up to shutdownTimeout for responses in
// progress. On a loopback address it answers only requests for localhost,
// the address itself and the names in allow (see hostGuard). With
// frameAncestors not empty, only those sources may embed the pages (see
// the package documentation). Once listening, it writes
//
//	Jacobian Lab: serving DIR at http://ADDR/
//
// to stdout, where ADDR is the address the listener is bound to. serve
// returns nil after a clean shutdown, and an error if dir cannot be served,
// addr cannot be listened on, the server fails, or responses were cut off
// at shutdown.
func serve(ctx context.Context, addr, dir string, allow []string, frameAncestors string, stdout io.Writer) error {
	h, err := newHandler(dir)
	if err != nil {
		return err
	}
	defer h.Close()
	h.frameAncestors = frameAncestors

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	srv := newServer(hostGuard(h, ln.Addr(), allow))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "Jacobian Lab: serving %s at http://%s/\n", dir, ln.Addr())

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// A fileServer is an http.Handler that serves the regular files of a
// directory, confined to it by an os.Root. See the package documentation
// for what it serves and what it refuses.
type fileServer struct {
	root *os.Root

	// rules are the rules of the directory's _headers file, if it has one.
	rules []headerRule

	// frameAncestors, if not empty, are the sources that may embed the
	// pages, added to the Content-Security-Policy of every response.
	frameAncestors string
}

var (
	_ http.Handler = (*fileServer)(nil)
	_ io.Closer    = (*fileServer)(nil)
)

// newHandler returns a handler that serves the files of dir, with the
// headers of its _headers file if it has one. It returns an error if dir
// cannot be opened or its _headers file cannot be read. The caller must
// Close it when done.
func newHandler(dir string) (*fileServer, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	h := &fileServer{root: root}
	f, err := root.Open(headersFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return h, nil
	case err != nil:
		root.Close()
		return nil, err
	}
	defer f.Close()
	if h.rules, err = parseHeaders(f); err != nil {
		root.Close()
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return h, nil
}

// Close releases the directory that h serves.
func (h *fileServer) Close() error {
	return h.root.Close()
}

// indexFile is the file served for a request for a directory.
const indexFile = "index.html"

// ServeHTTP serves the file that r's URL path names, answering GET and HEAD
// requests only.
func (h *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, isDir, ok := fileName(r.URL)
	if !ok || name == headersFile {
		http.NotFound(w, r)
		return
	}
	fi, err := h.root.Stat(name)
	switch {
	case err != nil:
		http.NotFound(w, r)
		return
	case fi.IsDir():
		// A directory is served by its index file, at the directory's URL
		// with a trailing slash so that relative links resolve inside it.
		name = path.Join(name, indexFile)
		if fi, err = h.root.Stat(name); err != nil || !fi.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
		if !isDir {
			redirectToDir(w, r)
			return
		}
	case !fi.Mode().IsRegular() || isDir:
		http.NotFound(w, r)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", "no-cache")
	for k, v := range headersFor(h.rules, r.URL.Path) {
		hdr[k] = v
	}
	if csp := withFrameAncestors(hdr.Get("Content-Security-Policy"), h.frameAncestors); csp != "" {
		hdr.Set("Content-Security-Policy", csp)
	}
	served, coding, hasVariants := h.pick(name, fi, r.Header.Values("Accept-Encoding"))
	if hasVariants {
		hdr.Add("Vary", "Accept-Encoding")
	}
	f, err := h.root.Open(served)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	sent, err := f.Stat()
	if err != nil || !sent.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	// A strong validator of the representation sent, so that conditional
	// and If-Range requests never mix bytes of different encodings.
	etag := fmt.Sprintf("%x-%x", sent.ModTime().UnixNano(), sent.Size())
	if coding != "" {
		etag += "-" + coding
		w = &encodedWriter{ResponseWriter: w, coding: coding, decodedLength: fi.Size()}
	}
	hdr.Set("ETag", `"`+etag+`"`)
	http.ServeContent(w, r, name, sent.ModTime(), f)
}

// decodedLengthHeader is the response header that gives the length of a
// whole precompressed file once decoded, the size of its original. The
// web app's loader (web/loader.js) shows download progress with it, since
// a browser's fetch yields decoded bytes while Content-Length counts
// encoded ones.
const decodedLengthHeader = "X-Decoded-Length"

// An encodedWriter is an http.ResponseWriter that adds a Content-Encoding
// header to the 200 and 206 responses written through it, and to the 200
// responses the decodedLengthHeader. Setting the headers only as the status
// is written lets http.ServeContent, which leaves out Content-Length when
// it sees a Content-Encoding, give responses of precompressed files their
// Content-Length, and keeps the headers off its error responses.
type encodedWriter struct {
	http.ResponseWriter
	coding        string // The Content-Encoding.
	decodedLength int64  // The size of the original file.
	wroteHeader   bool
}

// WriteHeader writes the response header with status code, adding the
// Content-Encoding if code is 200 or 206 and the decoded length if code is
// 200.
func (w *encodedWriter) WriteHeader(code int) {
	if !w.wroteHeader && (code == http.StatusOK || code == http.StatusPartialContent) {
		w.Header().Set("Content-Encoding", w.coding)
		if code == http.StatusOK {
			w.Header().Set(decodedLengthHeader, strconv.FormatInt(w.decodedLength, 10))
		}
	}
	w.wroteHeader = true
	w.ResponseWriter.WriteHeader(code)
}

// Write writes p to the response body, writing a 200 header first if no
// header has been written.
func (w *encodedWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap returns the underlying ResponseWriter, for http.ResponseController.
func (w *encodedWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}

// fileName returns the name, relative to the served directory, of the file
// that u's path names, and whether the path ends in a slash. It reports
// false for a path that must not be served: one that is not absolute, has
// an empty, "." or ".." element or an element that starts with a dot,
// contains a backslash or NUL, or encodes a slash or backslash as %2F or
// %5C.
func fileName(u *url.URL) (name string, isDir, ok bool) {
	raw := strings.ToLower(u.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return "", false, false
	}
	p, found := strings.CutPrefix(u.Path, "/")
	if !found || strings.ContainsAny(p, "\\\x00") {
		return "", false, false
	}
	if p == "" {
		return ".", true, true
	}
	p, isDir = strings.CutSuffix(p, "/")
	if !fs.ValidPath(p) {
		return "", false, false
	}
	for elem := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", false, false
		}
	}
	return p, isDir, true
}

// redirectToDir redirects r to its URL path with a slash appended,
// keeping its query.
func redirectToDir(w http.ResponseWriter, r *http.Request) {
	target := "./" + path.Base(r.URL.EscapedPath()) + "/"
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusMovedPermanently)
}

// An encoding is a content coding that a file may be stored precompressed
// in, beside the original, under the original's name with ext appended.
type encoding struct {
	coding string // The Content-Encoding token.
	ext    string
}

// encodings lists the precompressed encodings in order of preference.
var encodings = []encoding{
	{coding: "br", ext: ".br"},
	{coding: "gzip", ext: ".gz"},
}

// freshVariant reports whether the regular file name of root, whose file
// info is fi, has a copy precompressed in enc that may stand for it: a
// regular file no older than name, so that a copy left over from an
// earlier build is never used. The comparison is to the second, because
// compressors such as brotli copy the original's modification time
// truncated to the second.
func freshVariant(root *os.Root, name string, fi fs.FileInfo, enc encoding) bool {
	vi, err := root.Stat(name + enc.ext)
	return err == nil && vi.Mode().IsRegular() && !vi.ModTime().Before(fi.ModTime().Truncate(time.Second))
}

// pick chooses what to send for the regular file name, whose file info is
// fi, to a client whose Accept-Encoding header has the values accept. It
// returns the name of the file to send and its content coding, "" for name
// itself, and whether name has any precompressed copy that is fresh (see
// freshVariant). Among the copies the client accepts, pick takes the one
// with the highest quality value, the first in encodings on a tie.
func (h *fileServer) pick(name string, fi fs.FileInfo, accept []string) (served, coding string, hasVariants bool) {
	served = name
	best := 0.0
	for _, enc := range encodings {
		if !freshVariant(h.root, name, fi, enc) {
			continue
		}
		hasVariants = true
		if q := quality(accept, enc.coding); q > best {
			best, served, coding = q, name+enc.ext, enc.coding
		}
	}
	return served, coding, hasVariants
}

// quality returns the quality value in [0, 1] that the Accept-Encoding
// header values accept give to content coding, following RFC 9110 section
// 12.5.3: an entry for the coding itself (or x-gzip for gzip) takes
// precedence over "*", a missing q parameter means 1, and a coding that no
// entry names, or a malformed entry, gets 0.
func quality(accept []string, coding string) float64 {
	q, wildcard := -1.0, -1.0
	for _, v := range accept {
		for entry := range strings.SplitSeq(v, ",") {
			tok, params, _ := strings.Cut(entry, ";")
			tok = strings.ToLower(strings.TrimSpace(tok))
			if tok != coding && tok != "*" && !(coding == "gzip" && tok == "x-gzip") {
				continue
			}
			eq := parseQ(params)
			if tok == "*" {
				wildcard = max(wildcard, eq)
			} else {
				q = max(q, eq)
			}
		}
	}
	switch {
	case q >= 0:
		return q
	case wildcard >= 0:
		return wildcard
	default:
		return 0
	}
}

// parseQ returns the q parameter among the Accept-Encoding entry parameters
// params (the text after the coding's first ';'): 1 if there is none and 0
// if it is malformed.
func parseQ(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

// contentTypes gives the Content-Type of the files the web app is made of,
// by lower-case file name extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// contentType returns the Content-Type of the file name: from contentTypes,
// or application/octet-stream for any other extension, so that the type
// never depends on the system's MIME tables or on sniffing the content.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}
