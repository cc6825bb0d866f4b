package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExportFigures checks that jacobianlab export writes each format: an
// SVG that parses as XML and has paths and text, a PDF of one page, a PNG
// of the size asked for with the curve drawn in the curve's colour, and
// LaTeX with the numbers at x₀.
func TestExportFigures(t *testing.T) {
	c := buildCLI(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }

	c.ok("export", "-scene", "scalar", "-f", "sin(x)", "-at", "x = 1", "-o", out("f.svg"))
	svg, err := os.ReadFile(out("f.svg"))
	if err != nil {
		t.Fatal(err)
	}
	elems := map[string]int{}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			elems[s.Name.Local]++
		}
	}
	if elems["svg"] != 1 || elems["path"] < 10 || elems["text"] < 5 {
		t.Errorf("the SVG has %d svg, %d path and %d text elements, want 1, ≥ 10 and ≥ 5", elems["svg"], elems["path"], elems["text"])
	}

	for _, scene := range []string{"scalar", "gradient", "jacobian", "tensor", "backprop"} {
		c.ok("export", "-scene", scene, "-o", out(scene+".pdf"))
		pdf, err := os.ReadFile(out(scene + ".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("%s.pdf starts with %q, not %%PDF-", scene, pdf[:min(8, len(pdf))])
		}
		if n := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf, -1)); n != 1 {
			t.Errorf("%s.pdf has %d pages, want 1", scene, n)
		}
	}

	c.ok("export", "-query", "scene=scalar&f=x^2&at=x%3D1", "-size", "300x200", "-o", out("f.png"))
	fp, err := os.Open(out("f.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer fp.Close()
	img, err := png.Decode(fp)
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 533 {
		t.Errorf("the PNG is %v, want 800×533 (300×200 points at 192 dpi)", b.Size())
	}
	curve, tangent := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case near(r, 0x00) && near(g, 0x72) && near(bl, 0xb2):
				curve++
			case near(r, 0xd5) && near(g, 0x5e) && near(bl, 0x00):
				tangent++
			}
		}
	}
	if curve < 500 || tangent < 300 {
		t.Errorf("the PNG has %d pixels of the curve's colour and %d of the tangent's, want ≥ 500 and ≥ 300", curve, tangent)
	}

	c.ok("export", "-scene", "scalar", "-f", "x^2", "-at", "x = 3", "-o", out("f.tex"))
	tex, err := os.ReadFile(out("f.tex"))
	if err != nil {
		t.Fatal(err)
	}
	if s := string(tex); !strings.Contains(s, "f(x_0) = 9") || !strings.Contains(s, "f'(x_0) = 6") {
		t.Errorf("f.tex = %q, want f(x₀) = 9 and f′(x₀) = 6", s)
	}
	c.ok("export", "-scene", "jacobian", "-o", out("j.tex"))
	if tex, _ := os.ReadFile(out("j.tex")); !strings.Contains(string(tex), `\det J = 1.5`) {
		t.Errorf("j.tex = %q, want det J = 1.5 (r at the default)", tex)
	}
}

// near reports whether a 16-bit colour channel is within 24 of the 8-bit
// value v: the edges of a line blend with the background.
func near(c uint32, v uint32) bool {
	d := int(c>>8) - int(v)
	return d >= -24 && d <= 24
}

// TestExportErrors checks export's usage errors (status 2) and its
// errors of the function (status 1), each with a message, and that a
// failed export writes no file.
func TestExportErrors(t *testing.T) {
	c := buildCLI(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args   []string
		status int
		msg    string
	}{
		{[]string{"-scene", "scalar"}, 2, "-o is required"},
		{[]string{"-scene", "scalar", "-o", "x.gif"}, 2, ".svg, .pdf, .png or .tex"},
		{[]string{"-scene", "nope", "-o", "x.svg"}, 2, `no lesson "nope"`},
		{[]string{"-scene", "scalar", "-step", "-1", "-o", "x.svg"}, 2, "not a whole number"},
		{[]string{"-scene", "scalar", "-size", "5x5", "-o", "x.svg"}, 2, "-size"},
		{[]string{"-scene", "scalar", "-size", "99999x300", "-o", "x.svg"}, 2, "-size"},
		{[]string{"-query", "%zz", "-o", "x.svg"}, 2, "not a query string"},
		{[]string{"-scene", "scalar", "-scene", "gradient", "-o", "x.svg"}, 2, "given twice"},
		{[]string{"-scene", "scalar", "-f", "sin(", "-o", "x.svg"}, 1, "jacobianlab export:"},
		{[]string{"-scene", "scalar", "-f", "x + y", "-o", "x.svg"}, 1, "one number"},
		{[]string{"-scene", "gradient", "-f", "sin(x)", "-o", "x.svg"}, 1, "2 to 8 numbers"},
		{[]string{"-scene", "scalar", "-o", filepath.Join(dir, "no", "such", "x.svg")}, 1, "jacobianlab export:"},
	} {
		_, stderr, status := c.run(append([]string{"export"}, tc.args...)...)
		if status != tc.status || !strings.Contains(stderr, tc.msg) {
			t.Errorf("export %q: status %d, stderr %q; want %d and %q", tc.args, status, stderr, tc.status, tc.msg)
		}
	}
	if _, err := os.Stat("x.svg"); err == nil {
		os.Remove("x.svg")
		t.Error("a failed export wrote x.svg")
	}
}
