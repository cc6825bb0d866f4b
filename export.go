package main

// The export subcommand: a lesson's main figure, for a slide.
//
//	jacobianlab export -scene S [-f EXPR] [-at VALUES] [-step N] [-query 'k=v&…'] [-size WxH] -o FILE
//
// It draws the figure the app's Share menu saves (package scenes/figure)
// for the lesson that the URL keys show, given as flags (-scene, -f, -at,
// -step) or, any of them, through -query, whose keys the flags override.
// The file's extension picks what is written: .svg, .pdf or .png (the
// figure, drawn by gonum/plot's own backends; a PNG at 192 dots per inch)
// or .tex (the lesson's formula with its numbers). -size is the figure's
// size in points (1/72 inch), 72 to 2880 a side.
//
// Exit status: 0 on success; 1 when the function does not compile or
// does not suit the lesson, or the file cannot be written; 2 on a usage
// error: a missing -o, an unknown extension or lesson, a bad step, size or
// query.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/jacobianlab/jacobianlab/internal/keyflags"
	"github.com/jacobianlab/jacobianlab/scenes/figure"
)

const exportSynopsis = "export -scene S [-f EXPR] [-at VALUES] [-step N] [-query KEYS] [-size WxH] -o FILE"

func init() {
	commands["export"] = subcommand{run: runExport, synopsis: exportSynopsis}
}

// maxStep is the largest step the export command takes: more than any
// lesson has.
const maxStep = 99

// runExport runs the export subcommand.
func runExport(args []string, stdout, stderr io.Writer) int {
	c := newCommandFlags("export", exportSynopsis,
		"Write a lesson's main figure as SVG, PDF or PNG, or its formula with numbers as LaTeX (.tex),\n"+
			"for the view that the URL keys give; the extension of -o picks the format.")
	set := c.set
	keys := keyflags.Define(set)
	size := set.String("size", "432x324", "the figure's size in points (1/72 inch), `WxH`")
	out := set.String("o", "", "the output `file`: .svg, .pdf, .png or .tex")
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	if *out == "" {
		return c.usageError(stderr, "-o is required")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if !slices.Contains(figure.Formats, format) {
		return c.usageError(stderr, "-o %q: the file must end in .svg, .pdf, .png or .tex", *out)
	}
	q, err := keys()
	if err != nil {
		return c.usageError(stderr, "%v", err)
	}
	if s := q.Get("scene"); s != "" && !slices.Contains(figure.Scenes, s) {
		return c.usageError(stderr, "there is no lesson %q: the lessons are %s", s, strings.Join(figure.Scenes, ", "))
	}
	if s := q.Get("step"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 0 || n > maxStep {
			return c.usageError(stderr, "the step %q is not a whole number from 0 to %d", s, maxStep)
		}
	}
	var w, h int
	if n, err := fmt.Sscanf(strings.Replace(*size, "×", "x", 1), "%dx%d", &w, &h); n != 2 || err != nil ||
		vg.Points(float64(w)) < figure.MinSide || vg.Points(float64(w)) > figure.MaxSide ||
		vg.Points(float64(h)) < figure.MinSide || vg.Points(float64(h)) > figure.MaxSide {
		return c.usageError(stderr, "-size %q is not a size such as 432x324, %v to %v points a side", *size, float64(figure.MinSide), float64(figure.MaxSide))
	}
	fig, err := figure.FromQuery(q)
	if err != nil {
		fmt.Fprintf(stderr, "jacobianlab export: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, format, vg.Points(float64(w)), vg.Points(float64(h))); err != nil {
		fmt.Fprintf(stderr, "jacobianlab export: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "jacobianlab export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: %s\n", *out, fig.Title)
	return 0
}
