package figure

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jacobianlab/jacobianlab/scenes/model"
)

// TestFromQuery builds each lesson's figure at its defaults and for a
// typed function, and checks what it plots and its formula's numbers.
func TestFromQuery(t *testing.T) {
	for _, scene := range Scenes {
		fig, err := FromQuery(url.Values{"scene": {scene}})
		if err != nil {
			t.Fatalf("%s: %v", scene, err)
		}
		if fig.Scene != scene || fig.Title == "" || fig.TeX == "" || len(fig.Plot.Title.Text) == 0 {
			t.Errorf("%s: figure %q, title %q, TeX %q", scene, fig.Scene, fig.Title, fig.TeX)
		}
	}
	fig, err := FromQuery(url.Values{"f": {"x^2"}, "at": {"x = 3"}})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Scene != "scalar" || !strings.Contains(fig.TeX, "f(x_0) = 9") || !strings.Contains(fig.TeX, "f'(x_0) = 6") {
		t.Errorf("x² at 3: scene %q, TeX %q", fig.Scene, fig.TeX)
	}
	fig, err = FromQuery(url.Values{"scene": {"gradient"}, "f": {"x^2 + 3*y^2"}, "at": {"x = 1; y = 1"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fig.TeX, `\begin{pmatrix} 2 \\ 6 \end{pmatrix}`) {
		t.Errorf("the gradient of x² + 3y² at (1, 1): %q", fig.TeX)
	}
	var svg bytes.Buffer
	if err := fig.Write(&svg, SVG, DefaultWidth, DefaultHeight); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(svg.Bytes(), []byte("<path")); n < heatN*heatN/2 {
		t.Errorf("the gradient's figure for two inputs has %d paths, want a heat map's cells, more than %d", n, heatN*heatN/2)
	}
}

// TestTensorItem checks the tensor lesson's figure of a gallery item at
// sizes the keys give: the Jacobian of transpose, a permutation, has one
// 1 a row and exact zeros elsewhere, and its formula gives its shape.
func TestTensorItem(t *testing.T) {
	fig, err := FromQuery(url.Values{"scene": {"tensor"}, "item": {"transpose"}, "N": {"2"}, "M": {"3"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fig.TeX, `\text{shape } 3\times2\times2\times3`) || !strings.Contains(fig.Title, "transpose") {
		t.Errorf("transpose of a 2×3 x: title %q, TeX %q", fig.Title, fig.TeX)
	}
	if got := strings.Count(fig.TeX, " 1 ") + strings.Count(fig.TeX, "{ 1 "); got != 6 {
		t.Errorf("the TeX %q has %d ones, want 6", fig.TeX, got)
	}
	// Over 256 columns: the error of the linear approximation, which a
	// step along the diagonal would see as none for softmax.
	fig, err = FromQuery(url.Values{"scene": {"tensor"}, "item": {"softmax"}, "N": {"2"}, "D": {"200"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fig.Title, "error of the linear approximation") || !strings.Contains(fig.TeX, `2\times200\times2\times200`) {
		t.Errorf("softmax of a 2×200 x: title %q, TeX %q", fig.Title, fig.TeX)
	}
}

// TestFromQueryErrors checks that a lesson without a figure, a function
// that does not compile, and one that does not suit the lesson are
// errors that say so.
func TestFromQueryErrors(t *testing.T) {
	for _, tc := range []struct {
		q    url.Values
		want string
	}{
		{url.Values{"scene": {"nope"}}, `no lesson "nope"`},
		{url.Values{"f": {"sin("}}, ""},
		{url.Values{"f": {"[x, x]"}}, "one number"},
		{url.Values{"scene": {"gradient"}, "f": {"sin(x)"}}, "2 to 8 numbers"},
		{url.Values{"scene": {"backprop"}, "f": {"[z, z]"}}, "needs a scalar loss L"},
		{url.Values{"scene": {"backprop"}, "f": {"[(A)]"}}, "needs a scalar loss L"},
		{url.Values{"scene": {"scalar"}, "f": {"[x]"}}, "one number with a number for a value"},
		{url.Values{"scene": {"jacobian"}, "f": {"sum(x)"}, "at": {"x = [1, 2, 3, 4, 5, 6, 7, 8, 9]"}}, "1 to 8 numbers"},
		{url.Values{"f": {"log(x)"}, "at": {"x = -1"}}, "cannot be evaluated"},
		{url.Values{"scene": {"tensor"}, "item": {"nope"}}, `no item "nope"`},
		{url.Values{"scene": {"tensor"}, "item": {"softmax"}, "N": {"0"}}, "from 1 to 1024"},
		{url.Values{"scene": {"tensor"}, "item": {"matmul"}, "N": {"1024"}, "D": {"1024"}, "M": {"1024"}}, "1 to 4096 numbers"},
	} {
		if _, err := FromQuery(tc.q); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one with %q", tc.q, err, tc.want)
		}
	}
}

// TestWriteBounds checks that Write refuses a size out of bounds and an
// unknown format, and that a matrix too large for a formula is written
// by its shape.
func TestWriteBounds(t *testing.T) {
	fig, err := FromQuery(url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, size := range [][2]vg.Length{{0, 100}, {MaxSide + 1, 100}, {100, MinSide - 1}} {
		if err := fig.Write(&buf, SVG, size[0], size[1]); err == nil {
			t.Errorf("a %v × %v figure was written", size[0], size[1])
		}
	}
	if err := fig.Write(&buf, "gif", DefaultWidth, DefaultHeight); err == nil || !strings.Contains(err.Error(), "svg, pdf, png, tex") {
		t.Errorf("a gif: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("refused figures wrote %d bytes", buf.Len())
	}
	if got := texMatrix(make([]float64, 9*2), 9, 2); got != `\text{(9 × 2)}` {
		t.Errorf("a 9×2 matrix is written %q", got)
	}
}

// TestTeXPlainNumbers: the formula writes a very small or large number as
// a power of ten, never in e-notation, as the lessons do.
func TestTeXPlainNumbers(t *testing.T) {
	fig, err := FromQuery(url.Values{"scene": {"scalar"}, "f": {"x^3"}, "at": {"x = 0.001"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fig.TeX, `1 \times 10^{-9}`) || strings.Contains(fig.TeX, "e-") {
		t.Errorf("TeX %q, want f(x₀) as 1 \\times 10^{-9} and no e-notation", fig.TeX)
	}
}

// TestFromQueryShapes builds every lesson's figure for functions of each
// shape a person may type, a number or a vector in and out, and writes
// it: each is a figure or an error that says why, never a panic. A map of
// the plane to the plane alone has the jacobian lesson's squares; others,
// ℝ² → ℝ among them, the error of the linear approximation.
func TestFromQueryShapes(t *testing.T) {
	funcs := []string{
		"sin(x)",              // ℝ → ℝ
		"[x, 2*x]",            // ℝ → ℝ²
		"x*y",                 // ℝ² → ℝ
		"[x*y, x + y]",        // ℝ² → ℝ²
		"[x*y, x + y, x - y]", // ℝ² → ℝ³
		"[x + y + z, x*y*z]",  // ℝ³ → ℝ²
		"sum(x^2)",            // a vector in, a number out
		"x^2",                 // a vector in and out, where x is a vector
	}
	for _, scene := range Scenes {
		for _, f := range funcs {
			for _, at := range []string{"", "x = (1, 2)"} {
				q := lessonQuery(scene, f, at)
				fig, err := FromQuery(q)
				if err != nil {
					if err.Error() == "" {
						t.Errorf("%v: an empty error", q)
					}
					continue
				}
				var buf bytes.Buffer
				if err := fig.Write(&buf, PNG, DefaultWidth, DefaultHeight); err != nil || buf.Len() == 0 {
					t.Errorf("%v: writing the PNG: %v (%d bytes)", q, err, buf.Len())
				}
				if scene != "jacobian" {
					continue
				}
				square := strings.Contains(fig.Title, "square")
				if want := f == "[x*y, x + y]"; square != want {
					t.Errorf("%v: the figure %q; want the squares %v", q, fig.Title, want)
				}
			}
		}
	}
}

// TestFromQueryNotFinite builds and writes every lesson's figure for
// functions whose values or derivatives overflow or are not numbers:
// each is a figure or an error that says why, soon. (Given an axis with a
// NaN end, gonum/plot's search for tick marks never ended, and x/0 froze
// the export command and the app's Share menu.)
func TestFromQueryNotFinite(t *testing.T) {
	funcs := []string{"x", "abs(x)", "x/0", "exp(1000*x)", "log(x)", "[1/x, y]", "x*y/0", "tanh(x)*1e308*1e308",
		"sum(x^1000)", "[exp(x)*1e308, y]", "[x*1e-310, y]"}
	ats := []string{"", "x = 0", "x = 1e300", "x = 1e300; y = -1e300", "x = (0, 1e308)", "x = 1e-320"}
	for _, scene := range Scenes {
		for _, f := range funcs {
			for _, at := range ats {
				q := lessonQuery(scene, f, at)
				done := make(chan error, 1)
				go func() {
					defer func() {
						if r := recover(); r != nil {
							done <- fmt.Errorf("panic: %v", r)
						}
					}()
					fig, err := FromQuery(q)
					if err == nil {
						err = fig.Write(io.Discard, PNG, DefaultWidth, DefaultHeight)
					}
					done <- err
				}()
				select {
				case err := <-done:
					if err != nil && (err.Error() == "" || strings.HasPrefix(err.Error(), "panic")) {
						t.Errorf("%v: %q", q, err)
					}
				case <-time.After(30 * time.Second):
					t.Fatalf("%v: no figure nor error after 30 s", q)
				}
			}
		}
	}
	fig, err := FromQuery(url.Values{"f": {"x/0"}})
	if err == nil || !strings.Contains(err.Error(), "not a finite number") {
		t.Errorf("x/0: figure %v, error %v; want the error that f is not finite", fig, err)
	}
}

// TestCheckAxes checks the ranges Write refuses to draw.
func TestCheckAxes(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		log    bool
		ok     bool
	}{
		{-1, 1, false, true},
		{1e300, 1.5e300, false, true},
		{-1e308, 1e308, false, false}, // its width overflows
		{math.NaN(), 1, false, false},
		{0, math.Inf(1), false, true}, // drawn from -1 to 1, as gonum/plot does
		{1e300, 1e300, false, false},  // ±1 leaves it one value
		{1e-3, 10, true, true},
		{0, 10, true, false},
	} {
		p := plot.New()
		p.X.Min, p.X.Max = 0, 1
		p.Y.Min, p.Y.Max = tc.lo, tc.hi
		if tc.log {
			p.Y.Scale = plot.LogScale{}
		}
		err := checkAxes(p)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "y axis")) {
			t.Errorf("y from %g to %g (log %v): %v, want ok %v", tc.lo, tc.hi, tc.log, err, tc.ok)
		}
	}
}

// lessonQuery returns the URL keys of the lesson scene on the function f
// at the values at, or at its default values when at is empty.
func lessonQuery(scene, f, at string) url.Values {
	q := url.Values{"scene": {scene}, "f": {f}}
	if at != "" {
		q.Set("at", at)
	}
	return q
}

// TestFiguresInside draws each lesson's figure at its defaults, and the
// error figure, as PNGs and checks that nothing reaches their edges:
// gonum/plot draws the data area to the canvas's edge, and the error
// figure's legend, at the bottom right, drew its lines past it, as
// gonum/plot measures the legend's ‖ and subscripts narrower than it
// draws them.
func TestFiguresInside(t *testing.T) {
	queries := []url.Values{lessonQuery("jacobian", "x*y", "")}
	for _, scene := range Scenes {
		queries = append(queries, url.Values{"scene": {scene}})
	}
	for _, q := range queries {
		fig, err := FromQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := fig.Write(&buf, PNG, DefaultWidth, DefaultHeight); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		for _, edge := range []image.Rectangle{
			image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+1), image.Rect(b.Min.X, b.Max.Y-1, b.Max.X, b.Max.Y),
			image.Rect(b.Min.X, b.Min.Y, b.Min.X+1, b.Max.Y), image.Rect(b.Max.X-1, b.Min.Y, b.Max.X, b.Max.Y),
		} {
			if p, ok := drawnIn(img, edge); ok {
				t.Errorf("the figure %q draws at its edge, at %v", fig.Title, p)
			}
		}
	}
}

// drawnIn returns the first pixel of img in r that is not white, if any.
func drawnIn(img image.Image, r image.Rectangle) (image.Point, bool) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if cr, cg, cb, _ := img.At(x, y).RGBA(); cr < 0xf000 || cg < 0xf000 || cb < 0xf000 {
				return image.Pt(x, y), true
			}
		}
	}
	return image.Point{}, false
}

// TestErrorFigurePowers: the error figure's log axes write their decades
// as 10 with a raised exponent, as the lessons do, never in e-notation.
func TestErrorFigurePowers(t *testing.T) {
	s := errorFigureSVG(t)
	if strings.Contains(s, "1e-") || !strings.Contains(s, ">−4<") {
		t.Errorf("the error figure's SVG writes e-notation, or no exponent −4 of a decade: %d bytes", len(s))
	}
}

// TestErrorFigureNorms: the error figure's title, legend and axis label
// write the norm ‖h‖ with two bars, ||h||, as the app draws it; Liberation's
// own ‖ reads as "llhll".
func TestErrorFigureNorms(t *testing.T) {
	s := errorFigureSVG(t)
	if strings.Contains(s, "‖") {
		t.Errorf("the error figure's SVG writes ‖ %d times", strings.Count(s, "‖"))
	}
	for _, want := range []string{">||h||<", ">the error of the linear approximation falls as ||h||²<", ">||f(x₀ + h) − f(x₀) − J h||<"} {
		if !strings.Contains(s, want) {
			t.Errorf("the error figure's SVG has no %q", want)
		}
	}
}

// errorFigureSVG returns the SVG of the Jacobian lesson's figure for
// f = x*y, whose value is one number, not a point of the plane: the error
// of the linear approximation, on log–log axes.
func errorFigureSVG(t *testing.T) string {
	t.Helper()
	fig, err := FromQuery(lessonQuery("jacobian", "x*y", ""))
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := fig.Write(&svg, SVG, DefaultWidth, DefaultHeight); err != nil {
		t.Fatal(err)
	}
	return svg.String()
}

// panicky is a plotter that panics when drawn, as a bug in gonum/plot or
// in a plotter of ours would.
type panicky struct{}

func (panicky) Plot(draw.Canvas, *plot.Plot) { panic("a plotter's bug") }

// TestRecovered: a panic while a figure is built or written is an error,
// which the export command prints and the Share menu shows, and nothing
// is written.
func TestRecovered(t *testing.T) {
	fig, err := FromQuery(url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	fig.Plot.Add(panicky{})
	for _, format := range []string{SVG, PDF, PNG} {
		var buf bytes.Buffer
		err := fig.Write(&buf, format, DefaultWidth, DefaultHeight)
		if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "a plotter's bug") {
			t.Errorf("%s: a panicking plotter gave the error %v", format, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: a figure that failed wrote %d bytes", format, buf.Len())
		}
	}

	lessons["panics"] = lessonFigure{constant(model.ScalarDefF), constant(model.ScalarDefAt), model.ScalarInput, func(*model.Function) (*Figure, error) {
		var v []float64
		return &Figure{Title: fmt.Sprint(v[3])}, nil
	}}
	defer delete(lessons, "panics")
	if fig, err := FromQuery(url.Values{"scene": {"panics"}}); fig != nil || err == nil || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("a figure whose build panics: %v, %v", fig, err)
	}
}
