package main

// The _headers file: the HTTP headers of a deployed folder, by path, in the
// format that Netlify and Cloudflare Pages read. jacobianlab dist writes
// one, and jacobianlab serve sends what the served folder's file says, so
// that the headers have one source wherever dist/ is served from.
//
// The format: a line that starts in the first column is a path pattern,
// and the indented lines under it are the headers of the responses for the
// paths it matches, one "Name: value" a line. A '*' in a pattern (a splat)
// matches any run of characters, slashes included. Lines that start with
// '#' and blank lines are ignored. When several patterns match a path, a
// header that more than one of them gives has their values joined with
// ", ", as Cloudflare Pages does. Netlify's and Cloudflare's other forms
// (placeholders such as :name, absolute URLs, "! Name" to detach a header)
// are refused, so that a file serve reads means the same everywhere.

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strings"
)

// headersFile is the name of the file, at the top of a deployed folder,
// that gives the headers of its responses. Servers read it and never
// serve it.
const headersFile = "_headers"

// contentSecurityPolicy is the Content-Security-Policy of the deployed
// app: its scripts, styles, fonts and WebAssembly come from its own
// origin only, with no inline script, inline event handler or inline
// style; 'wasm-unsafe-eval' lets the page compile the app's WebAssembly.
// It leaves frame-ancestors out, so that any page may embed the app; see
// withFrameAncestors to restrict that.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'"

// A headerField is a header name with its value.
type headerField struct {
	name, value string
}

// A headerRule gives the header fields of the responses for the paths
// that its pattern matches.
type headerRule struct {
	pattern string
	fields  []headerField
}

// parseHeaders reads the rules of a _headers file from r. It returns an
// error, naming the line, for a header outside a rule, a malformed line,
// and the forms of the format it does not support (see above).
func parseHeaders(r io.Reader) ([]headerRule, error) {
	var rules []headerRule
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s, line %d: %s", headersFile, n, fmt.Sprintf(format, args...))
		}
		if trimmed == line {
			switch {
			case !strings.HasPrefix(line, "/"):
				return nil, fail("%q is not a path: a rule's path starts with /", line)
			case strings.ContainsAny(line, ": \t"):
				return nil, fail("%q: placeholders (:name) and spaces in paths are not supported", line)
			}
			rules = append(rules, headerRule{pattern: line})
			continue
		}
		if len(rules) == 0 {
			return nil, fail("the header %q comes before any path", trimmed)
		}
		name, value, ok := strings.Cut(trimmed, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case strings.HasPrefix(trimmed, "!"):
			return nil, fail("detaching a header (%q) is not supported", trimmed)
		case !ok || !validHeaderName(name):
			return nil, fail("%q is not a header: it should read Name: value", trimmed)
		}
		rule := &rules[len(rules)-1]
		rule.fields = append(rule.fields, headerField{textproto.CanonicalMIMEHeaderKey(name), value})
	}
	return rules, sc.Err()
}

// validHeaderName reports whether name is a valid HTTP field name, a
// token of RFC 9110.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// writeHeaders writes rules to w in the format that parseHeaders reads,
// after the comment lines comment (without their "# ").
func writeHeaders(w io.Writer, comment []string, rules []headerRule) error {
	bw := bufio.NewWriter(w)
	for _, c := range comment {
		fmt.Fprintf(bw, "# %s\n", c)
	}
	for _, r := range rules {
		fmt.Fprintf(bw, "%s\n", r.pattern)
		for _, f := range r.fields {
			fmt.Fprintf(bw, "  %s: %s\n", f.name, f.value)
		}
	}
	return bw.Flush()
}

// headersFor returns the header fields that rules give to the path p, the
// values of a header given by several matching rules joined with ", " in
// the rules' order. It returns nil if no rule matches.
func headersFor(rules []headerRule, p string) http.Header {
	var h http.Header
	for _, r := range rules {
		if !matchPattern(r.pattern, p) {
			continue
		}
		if h == nil {
			h = http.Header{}
		}
		for _, f := range r.fields {
			if old := h.Get(f.name); old != "" {
				h.Set(f.name, old+", "+f.value)
			} else {
				h.Set(f.name, f.value)
			}
		}
	}
	return h
}

// matchPattern reports whether the path p matches pattern, in which each
// '*' stands for any run of characters, slashes included.
func matchPattern(pattern, p string) bool {
	parts := strings.Split(pattern, "*")
	last := len(parts) - 1
	if len(parts) == 1 {
		return p == pattern
	}
	if !strings.HasPrefix(p, parts[0]) || !strings.HasSuffix(p[len(parts[0]):], parts[last]) {
		return false
	}
	// The parts between splats, each as early as it can be, in the room
	// between the prefix and the suffix.
	mid := p[len(parts[0]) : len(p)-len(parts[last])]
	for _, part := range parts[1:last] {
		i := strings.Index(mid, part)
		if i < 0 {
			return false
		}
		mid = mid[i+len(part):]
	}
	return true
}

// checkSources checks a -frame-ancestors value: one or more CSP source
// expressions (such as 'self' or https://course.example) separated by
// spaces. It refuses what would end the directive or the header: ';',
// ',' and control characters.
func checkSources(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("no source given: name the sites that may embed the app, such as 'self' https://course.example")
	}
	for _, c := range s {
		if c == ';' || c == ',' || c < ' ' || c == 0x7f {
			return fmt.Errorf("sources are separated by spaces, and may not contain %q", c)
		}
	}
	return nil
}

// withFrameAncestors returns the Content-Security-Policy csp with a
// frame-ancestors directive of sources appended, or the directive alone
// when csp is empty. With no sources it returns csp as it is.
func withFrameAncestors(csp, sources string) string {
	switch {
	case sources == "":
		return csp
	case csp == "":
		return "frame-ancestors " + sources
	default:
		return csp + "; frame-ancestors " + sources
	}
}
