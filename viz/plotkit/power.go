package plotkit

import (
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/jacobianlab/jacobianlab/core"
)

// Decades marks the powers of ten on a log axis, labelled 10ᵏ (for an
// axis whose tick labels PowerText draws), with minor ticks at 2…9 times
// them when the axis spans few decades. It labels at most about Labels of
// them (six when zero), so that a short axis keeps its labels apart: every
// decade, or every second, third, … counted from 1 = 10⁰.
type Decades struct{ Labels int }

// Ticks implements plot.Ticker.
func (d Decades) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi >= lo && !math.IsInf(hi, 0)) {
		return nil // not a range a log axis can have
	}
	n := d.Labels
	if n <= 0 {
		n = 6
	}
	k0, k1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	every := max(1, (k1-k0+n-1)/n)
	var ticks []plot.Tick
	for k := k0; k <= k1; k++ {
		v := math.Pow(10, float64(k))
		if v >= lo && v <= hi {
			t := plot.Tick{Value: v}
			if k%every == 0 { // 1, 10⁻⁴, 10⁻⁸, …: round decades, 1 among them
				t.Label = "10" + core.Superscript(k) // drawn by PowerText
				if k == 0 {
					t.Label = "1"
				}
			}
			ticks = append(ticks, t)
		}
		for m := 2; every == 1 && m <= 9; m++ {
			if mv := float64(m) * v; mv >= lo && mv <= hi {
				ticks = append(ticks, plot.Tick{Value: mv})
			}
		}
	}
	return ticks
}

// PowerText is the text handler of a log axis's tick labels: a power of
// ten written 10⁻³, base and superscript digits, is drawn as 10 with its
// exponent smaller and raised, in the plot's own font, which lacks some
// superscript digits and the superscript minus; any other label is drawn
// as the embedded text.Plain draws it.
type PowerText struct{ text.Plain }

// Sizes of a power's exponent: its font against the base's, and how far
// its baseline is raised, in the base's font sizes.
const (
	powerSize  = 0.7
	powerRaise = 0.45
)

// Power splits a power of ten written 10⁻³ into its base and its exponent
// in plain digits, with a true minus: "10", "−3".
func Power(txt string) (base, exp string, ok bool) {
	base, sup, ok := strings.Cut(txt, "10")
	if !ok || base != "" || sup == "" {
		return "", "", false
	}
	var b strings.Builder
	for _, r := range sup {
		switch d := slices.Index(superDigits, r); {
		case r == '⁻':
			b.WriteRune('−')
		case d >= 0:
			b.WriteRune('0' + rune(d))
		default:
			return "", "", false
		}
	}
	return "10", b.String(), true
}

// superDigits are the superscript digits, 0 to 9.
var superDigits = []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")

// Box implements text.Handler.
func (h PowerText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	base, exp, ok := Power(txt)
	if !ok {
		return h.Plain.Box(txt, fnt)
	}
	face := h.Fonts.Lookup(fnt, fnt.Size)
	small := h.Fonts.Lookup(fnt, fnt.Size*powerSize)
	ext := face.Extents()
	return face.Width(base) + small.Width(exp), ext.Ascent + powerRaise*fnt.Size*(1-powerSize), ext.Descent
}

// Draw implements text.Handler.
func (h PowerText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	base, exp, ok := Power(txt)
	if !ok || sty.Rotation != 0 {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	size := sty.Font.Size
	face := h.Fonts.Lookup(sty.Font, size)
	small := h.Fonts.Lookup(sty.Font, size*powerSize)
	w, ht := sty.Width(txt), sty.Height(txt)
	c.SetColor(sty.Color)
	// As text.Plain places a line of text.
	x := pt.X + vg.Length(sty.XAlign)*w
	y := pt.Y + ht*vg.Length(sty.YAlign) - face.Extents().Ascent + size
	c.FillString(face, vg.Point{X: x, Y: y}, base)
	c.FillString(small, vg.Point{X: x + face.Width(base), Y: y + powerRaise*size}, exp)
}
