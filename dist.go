package main

// The dist subcommand: the web app as a folder that any static host serves
// as it is.
//
//	jacobianlab dist [-dir web] [-out dist] [-frame-ancestors sources]
//
// dist copies the HTML pages of -dir (index.html and any other, in
// subfolders too) to -out under their own names, and every file that a page
// names in a src, href or data-wasm attribute under a name made from its
// content, such as jacobianlab.3f2a9c0d41b7.wasm, rewriting the pages to
// match. A file's precompressed copies (X.br, X.gz) go with it, when they
// are as new as it (jacobianlab dist compresses nothing itself: make dist
// compresses the wasm before). The files other sites link to by name
// (stableFiles) are copied under their own names too. Beside them it writes
// a _headers file (see headers.go): the Content-Security-Policy for every
// file, Cache-Control: no-cache for the pages and the files kept by name,
// and for the files named by content a year's immutable caching and
// Access-Control-Allow-Origin: *, so that a sandboxed iframe, whose origin
// is opaque, can still download the app. -frame-ancestors adds a
// frame-ancestors directive to the policy.
//
// Only the pages are rewritten: a file named by content must not name
// another file (the loader learns the wasm's name from the data-wasm
// attribute of its script tag, in the page). References that are absolute
// (with a scheme, or starting with /) are left as they are.
//
// -out must be empty or not exist, so that no file of an earlier build
// stays behind (make dist removes it first).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
)

func init() {
	commands["dist"] = subcommand{run: runDist, synopsis: distSynopsis}
}

// distSynopsis is the usage line of the dist subcommand.
const distSynopsis = "dist [-dir web] [-out dist] [-frame-ancestors sources]"

// runDist runs the dist subcommand.
func runDist(args []string, stdout, stderr io.Writer) int {
	c := newCommandFlags("dist", distSynopsis, "Write the web app as a folder that any static host serves as it is:\n"+
		"its files under names made from their content, and a _headers file.")
	dir := c.set.String("dir", "web", "the web app's `directory`, built")
	out := c.set.String("out", "dist", "write the deployable folder to `directory`, which must be empty or not exist")
	var ancestors sources
	c.set.Var(&ancestors, "frame-ancestors", frameAncestorsUsage)
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	files, err := writeDist(*dir, *out, ancestors.s)
	if err != nil {
		fmt.Fprintf(stderr, "jacobianlab dist: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "jacobianlab dist: wrote %s from %s:\n", *out, *dir)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %-40s %10s\n", f.name, core.FormatBytes(float64(f.size)))
	}
	return 0
}

// stableFiles are the files, at the top of the web app, that other sites
// link to by name (a course page's script tag): when present, dist copies
// them under their own names as well, revalidated on every use.
var stableFiles = []string{"embed.js"}

// hashLen is the number of hexadecimal digits of SHA-256 in the name of a
// file named by its content: 48 bits, so that two builds of a file
// practically never share a name.
const hashLen = 12

// immutable is the Cache-Control of the files named by their content,
// which never change: a year, without revalidation.
const immutable = "public, max-age=31536000, immutable"

// refAttr matches an attribute of an HTML tag that may name a file of the
// app: src, href or data-wasm, with its value in double or single quotes.
var refAttr = regexp.MustCompile(`(?i)\s(?:src|href|data-wasm)\s*=\s*(?:"([^"]*)"|'([^']*)')`)

// A distFile is a file that writeDist wrote, by its name in the folder
// and its size.
type distFile struct {
	name string
	size int64
}

// writeDist writes the deployable folder out from the web app in src, as
// the dist subcommand describes, with sources, if not empty, as the
// policy's frame-ancestors. It returns the files it wrote, in name order.
func writeDist(src, out, sources string) ([]distFile, error) {
	in, err := os.OpenRoot(src)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	pages, err := htmlPages(in.FS())
	if err != nil {
		return nil, err
	}
	if !slices.Contains(pages, indexFile) {
		return nil, fmt.Errorf("%s has no %s: build the web app first (make web)", src, indexFile)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(out); err != nil {
		return nil, err
	} else if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: remove it, or name another folder with -out", out)
	}
	dst, err := os.OpenRoot(out)
	if err != nil {
		return nil, err
	}
	defer dst.Close()

	var files []distFile
	write := func(name string, data []byte) error {
		if err := dst.MkdirAll(path.Dir(name), 0o755); err != nil {
			return err
		}
		files = append(files, distFile{name, int64(len(data))})
		return dst.WriteFile(name, data, 0o644)
	}
	assets := map[string]asset{} // by the file's name in src
	for _, page := range pages {
		data, err := in.ReadFile(page)
		if err != nil {
			return nil, err
		}
		if data, err = rewriteRefs(in, page, data, assets); err != nil {
			return nil, err
		}
		if err := write(page, data); err != nil {
			return nil, err
		}
	}
	var immutables []string
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		names, err := writeAsset(in, name, assets[name], write)
		if err != nil {
			return nil, err
		}
		immutables = append(immutables, names...)
	}
	var stable []string
	for _, name := range stableFiles {
		data, err := in.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		if err := write(name, data); err != nil {
			return nil, err
		}
		stable = append(stable, name)
	}

	var hdr bytes.Buffer
	comment := []string{
		"The HTTP headers of this folder, written by jacobianlab dist, in the format",
		"that Netlify and Cloudflare Pages read; jacobianlab serve -dir reads it too.",
	}
	if err := writeHeaders(&hdr, comment, distHeaders(pages, stable, immutables, sources)); err != nil {
		return nil, err
	}
	if err := write(headersFile, hdr.Bytes()); err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b distFile) int { return strings.Compare(a.name, b.name) })
	return files, nil
}

// htmlPages returns the names of the HTML pages in fsys, in lexical order,
// leaving out the files and folders whose names start with a dot.
func htmlPages(fsys fs.FS) ([]string, error) {
	var pages []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case name != "." && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.Type().IsRegular() && strings.EqualFold(path.Ext(name), ".html"):
			pages = append(pages, name)
		}
		return nil
	})
	return pages, err
}

// An asset is a file that a page names, with its content and its name
// made from it.
type asset struct {
	name string
	data []byte
}

// rewriteRefs returns the HTML page named page, whose content is data, with
// each relative reference to a file of in that is not a page replaced by
// the file's name made from its content; it adds the files it reads to
// assets, by their names in in. It returns an error for a reference that
// leaves in or names a file that in lacks.
func rewriteRefs(in *os.Root, page string, data []byte, assets map[string]asset) ([]byte, error) {
	var buf bytes.Buffer
	last := 0
	for _, m := range refAttr.FindAllSubmatchIndex(data, -1) {
		start, end := m[2], m[3]
		if start < 0 {
			start, end = m[4], m[5]
		}
		ref := string(data[start:end])
		p := ref // the path, without the query or fragment
		if i := strings.IndexAny(ref, "?#"); i >= 0 {
			p = ref[:i]
		}
		if p == "" || strings.HasPrefix(p, "/") || strings.Contains(strings.Split(p, "/")[0], ":") {
			continue // a fragment, a query, or an absolute reference
		}
		unescaped, err := url.PathUnescape(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a valid reference: %v", page, ref, err)
		}
		name := path.Join(path.Dir(page), unescaped)
		if name == ".." || strings.HasPrefix(name, "../") {
			return nil, fmt.Errorf("%s names %s, which is outside the web app's folder", page, ref)
		}
		fi, err := in.Stat(name)
		switch {
		case err != nil:
			return nil, fmt.Errorf("%s names %s, which is not there (build the web app first: make web): %v", page, ref, err)
		case fi.IsDir() || strings.EqualFold(path.Ext(name), ".html"):
			continue // pages keep their names
		}
		a, ok := assets[name]
		if !ok {
			content, err := in.ReadFile(name)
			if err != nil {
				return nil, err
			}
			a = asset{hashedName(name, content), content}
			assets[name] = a
		}
		buf.Write(data[last:start])
		buf.WriteString(strings.TrimSuffix(p, path.Base(p)) + url.PathEscape(path.Base(a.name)) + ref[len(p):])
		last = end
	}
	buf.Write(data[last:])
	return buf.Bytes(), nil
}

// hashedName returns name with the first hashLen hexadecimal digits of the
// SHA-256 of content before its extension: dir/loader.js becomes
// dir/loader.3f2a9c0d41b7.js.
func hashedName(name string, content []byte) string {
	sum := sha256.Sum256(content)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:hashLen] + ext
}

// writeAsset writes a, the file name of in, with write under its new name,
// and each of the file's precompressed copies that is as new as it (see
// freshVariant) under that name with the copy's extension. It returns the
// names written.
func writeAsset(in *os.Root, name string, a asset, write func(string, []byte) error) ([]string, error) {
	fi, err := in.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := write(a.name, a.data); err != nil {
		return nil, err
	}
	names := []string{a.name}
	for _, enc := range encodings {
		if !freshVariant(in, name, fi, enc) {
			continue
		}
		data, err := in.ReadFile(name + enc.ext)
		if err != nil {
			return nil, err
		}
		if err := write(a.name+enc.ext, data); err != nil {
			return nil, err
		}
		names = append(names, a.name+enc.ext)
	}
	return names, nil
}

// distHeaders returns the rules of the _headers file of a folder with the
// HTML pages pages, the files stable kept by name, and the files
// immutables named by content; sources, if not empty, restricts
// frame-ancestors.
func distHeaders(pages, stable, immutables []string, sources string) []headerRule {
	rules := []headerRule{{pattern: "/*", fields: []headerField{
		{"Content-Security-Policy", withFrameAncestors(contentSecurityPolicy, sources)},
		{"X-Content-Type-Options", "nosniff"},
	}}}
	revalidate := []headerField{{"Cache-Control", "no-cache"}}
	for _, p := range pages {
		if path.Base(p) == indexFile {
			// The folder's own URL serves its index.
			rules = append(rules, headerRule{pattern: "/" + strings.TrimSuffix(p, indexFile), fields: revalidate})
		}
		rules = append(rules, headerRule{pattern: "/" + p, fields: revalidate})
	}
	for _, s := range stable {
		rules = append(rules, headerRule{pattern: "/" + s, fields: revalidate})
	}
	for _, f := range immutables {
		rules = append(rules, headerRule{pattern: "/" + f, fields: []headerField{
			{"Cache-Control", immutable},
			{"Access-Control-Allow-Origin", "*"},
			// For the loader's progress bar, across origins.
			{"Access-Control-Expose-Headers", "Content-Encoding, " + decodedLengthHeader},
		}})
	}
	return rules
}
