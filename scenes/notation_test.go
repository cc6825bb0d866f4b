//go:build display

package scenes

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The forms no text, formula or description may use: the notation card
// (help_text.go) says what the lessons write instead.
var (
	// e-notation, 6.9e+10, and with a typographic minus.
	eNotation = regexp.MustCompile(`\d[eE][+\-−]?\d`)
	// An ASCII subscript in a plain text, y_i or G_k: TeX's belong to
	// formulas.
	asciiSub = regexp.MustCompile(`\b[A-Za-zα-ω]_[A-Za-z0-9{]`)
	// Subscript letters that neither Liberation Sans nor the symbol font
	// has (ᵢ they have): a multi-index is written y[i] in a text.
	noGlyph = regexp.MustCompile(`[ⱼₖₘₙₗₜₚₕₛ]`)
	// Byte units other than B, KiB, MiB, GiB, TiB.
	badUnit = regexp.MustCompile(`\d\s*(kB|KB|MB|GB|TB|kiB|Kib)\b|(?i)\b(kilo|mega|giga|tera)bytes?\b`)
	// The app's own package, libraries and a cotangent's bar, which the
	// lessons do not name.
	internal = regexp.MustCompile(`\bcore('s)?\b|gonum|JAX|jacrev|jacfwd|ȳ|\\bar\{`)
	// A product written with *.
	star = regexp.MustCompile(`\S\s*\*\s*\S`)
	// An elementwise product written with · or \cdot: an entry's name
	// on both sides with the same indices, or "elementwise" beside it.
	dotElementwise = regexp.MustCompile(`(?i)elementwise[^.;:]*(·|\\cdot)|(·|\\cdot)[^.;:]*elementwise`)
	// A multiplication of whole tensors with · in a TeX source:
	// ... \cdot f'(x) or \cdot (1 - y^2), the derivative of an
	// elementwise function, which is ⊙.
	dotDerivative = regexp.MustCompile(`(\\cdot|·)\s*\(?\s*(f'|f′|\\sigma'|1 - |1 − |\\operatorname\{sech\}|\\tanh'|\\mathbb\{1\})`)
)

// notationProblems returns what in text breaks the notation, text being
// a plain text unless tex; typed is the functions' sources, which are in
// the expression syntax (where * is a product) and left alone.
func notationProblems(text string, tex bool, typed []string) []string {
	for _, src := range typed {
		if src != "" {
			text = strings.ReplaceAll(text, src, "")
		}
	}
	var probs []string
	if strings.Contains(strings.ToLower(text), "the text writes") {
		probs = append(probs, "“the text writes”: name the source in an In the source note")
	}
	if internal.MatchString(text) {
		probs = append(probs, "an internal or library name "+internal.FindString(text))
	}
	if eNotation.MatchString(text) {
		probs = append(probs, "e-notation "+eNotation.FindString(text))
	}
	if !tex && asciiSub.MatchString(text) {
		probs = append(probs, "an ASCII subscript "+asciiSub.FindString(text))
	}
	if noGlyph.MatchString(text) {
		probs = append(probs, "a subscript letter the fonts lack: "+noGlyph.FindString(text))
	}
	if badUnit.MatchString(text) {
		probs = append(probs, "a unit other than B, KiB, MiB, GiB: "+badUnit.FindString(text))
	}
	if star.MatchString(text) {
		probs = append(probs, "* as a product: "+star.FindString(text))
	}
	if dotElementwise.MatchString(text) || dotDerivative.MatchString(text) {
		probs = append(probs, "· for an elementwise product, which is ⊙")
	}
	return probs
}

// TestNotationProblems checks the scan on forms it must find and forms
// it must let pass.
func TestNotationProblems(t *testing.T) {
	for _, c := range []struct {
		text string
		tex  bool
		bad  bool
	}{
		{"(The text writes ∂f/∂y.)", false, true},
		{"L = 6.9e+10", false, true},
		{"a bound of 1e−6", false, true},
		{"6.9 × 10¹⁰ entries", false, false},
		{"the entries y_i of y", false, true},
		{`\frac{\partial f}{\partial x_i}`, true, false},
		{"512 GB of memory", false, true},
		{"512 GiB of memory", false, false},
		{"x * w + b", false, true},
		{"core's VJP", false, true},
		{"∂yᵢ/∂xⱼ", false, true},
		{"∂y[i]/∂x[j]", false, false},
		{`\bar{W}_{1} = G`, true, true},
		{"elementwise: G · f′(x)", false, true},
		{`\bar{x} = G \cdot (1 - y^2)`, true, true},
		{`G \odot (1 - y^2)`, true, false},
		{"∇f · h, a sum of products", false, false},
	} {
		if got := len(notationProblems(c.text, c.tex, nil)) > 0; got != c.bad {
			t.Errorf("%q: found problems %v, want %v", c.text, got, c.bad)
		}
	}
}

// TestNotationScan opens every lesson at every step, the tensor lesson
// also with each item of its gallery and with the real layer, and scans
// every text and formula a frame draws, every widget's name, each step's
// title and text and the live region's description for the forms the
// notation forbids (notationProblems).
func TestNotationScan(t *testing.T) {
	type page struct {
		id string
		q  url.Values
	}
	var pages []page
	for _, e := range registry {
		if e.Hidden {
			continue
		}
		pages = append(pages, page{e.ID, url.Values{}})
		if e.ID == "tensor" {
			for _, it := range model.TensorGallery {
				pages = append(pages, page{e.ID, url.Values{"item": {it.Key}}})
			}
			pages = append(pages, page{e.ID, url.Values{"layer": {"real"}}})
		}
	}
	seen := map[string]bool{}
	report := func(where, text string, tex bool, typed []string) {
		for _, p := range notationProblems(text, tex, typed) {
			if k := p + "\x00" + text; !seen[k] {
				seen[k] = true
				t.Errorf("%s: %s in %q", where, p, text)
			}
		}
	}
	for _, p := range pages {
		s0 := p.q.Encode()
		first, ok := newScene(p.id, p.q).(interface{ frameOf() *lesson })
		if !ok {
			continue
		}
		for i := range first.frameOf().steps {
			q := url.Values{"step": {strconv.Itoa(i)}, "quiz": {"off"}}
			for k, v := range p.q {
				q[k] = v
			}
			s := newScene(p.id, q)
			l := s.(interface{ frameOf() *lesson }).frameOf()
			var typed []string
			for _, f := range l.fields {
				typed = append(typed, f.fn.Prog.Source(), f.text.Text())
			}
			if ts, ok := s.(*tensor); ok {
				tick(s, screenInput(1280, 800))
				typed = append(typed, ts.nums.LossSrc) // the loss, typed or not, in the expression syntax
			}
			where := fmt.Sprintf("%s %s step %d", p.id, s0, i)
			st := l.steps[l.step]
			report(where+" title", st.title, false, typed)
			report(where+" text", st.text, false, typed)
			for _, d := range drawnFrame(t, s, 1280, 800) {
				switch d.Kind {
				case viz.DrawnText, viz.DrawnWidget:
					report(where+" drawn", d.Text, false, typed)
				case viz.DrawnFormula:
					report(where+" formula", d.Text, true, typed)
				}
			}
			for _, para := range s.(Describer).Describe() {
				report(where+" description", para, false, typed)
			}
		}
	}
}

// newScene returns a new scene of the lesson id from the query q.
func newScene(id string, q url.Values) Scene {
	e, _ := lookup(id)
	return e.New(q)
}
