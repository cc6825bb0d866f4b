package scenes

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// gradRow is a line of the numbers: plain text, or a formula in TeX for
// the lines with symbols the text font lacks (∇, ∘) or with fractions.
type gradRow struct {
	tex bool
	src string
	h   float64 // the line's height in logical pixels
}

// The heights of the numbers' lines, in logical pixels: text, a formula,
// and a formula with fractions.
const (
	gradRowText = 19
	gradRowMath = 26
	gradRowFrac = 44
)

// gradText makes a row of plain text.
func gradText(format string, a ...any) gradRow {
	return gradRow{src: fmt.Sprintf(format, a...), h: gradRowText}
}

// gradFormula makes a row of TeX, h logical pixels high.
func gradFormula(h float64, format string, a ...any) gradRow {
	return gradRow{tex: true, src: fmt.Sprintf(format, a...), h: h}
}

// gradVector writes the vector v called name: on the name's line, or, when
// long, on a line of its own below it.
func gradVector(long bool, name string, v []float64) []gradRow {
	if long {
		return []gradRow{gradText("%s =", name), gradText("        %s", model.VecText(v))}
	}
	return []gradRow{gradText("%s = %s", name, model.VecText(v))}
}

// numbers returns the lines of numbers of the current step: f(x₀) and x₀,
// then the step's own.
func (s *gradient) numbers() []gradRow {
	n := s.nums
	if n.Err != nil {
		return []gradRow{gradText("Cannot evaluate here:"), gradText("%s", n.Err.Error())}
	}
	// Long vectors go on a line of their own.
	long := len(s.x0) > 4
	var rows []gradRow
	if long {
		rows = append(rows, gradText("f(x₀) = %.6g", n.F))
		rows = append(rows, gradVector(long, "at x₀", s.x0)...)
	} else {
		rows = append(rows, gradText("f(x₀) = %.6g    at x₀ = %s", n.F, model.VecText(s.x0)))
	}
	return append(rows, gradientSteps[s.step].numbers(s, long)...)
}

// numbersHeight returns the height of the current step's numbers, in
// logical pixels.
func (s *gradient) numbersHeight() float64 {
	h := 0.0
	for _, r := range s.numbers() {
		h += r.h
	}
	return h
}

// setNumbers sets the rows of the current step's numbers, setting the
// formulas, which draw themselves again only when their digits change,
// and the label of ∇f on the heat map.
func (s *gradient) setNumbers() {
	sc := s.scale
	s.rows = s.numbers()
	for len(s.forms) < len(s.rows) {
		s.forms = append(s.forms, &viz.Formula{})
		s.texts = append(s.texts, &viz.Label{})
	}
	for i, r := range s.rows {
		if r.tex && s.forms[i].SetTeX(r.src, 15*sc) != nil {
			s.rows[i].tex = false // shown as its source rather than not at all
		}
		if !s.rows[i].tex {
			s.texts[i].Set(r.src, 14*sc, viz.Light.Text)
		}
	}
	s.label.Set(mathtex.Row(mathtex.Roman("∇"), mathtex.Ital("f")), 16*sc)
}

// drawNumbers draws the rows of numbers down the text area.
func (s *gradient) drawNumbers(screen *ebiten.Image) {
	sc := s.scale
	x, y := float64(s.text.Min.X), float64(s.text.Min.Y)
	for i, r := range s.rows {
		h := r.h * sc
		if r.tex {
			_, asc, desc := s.forms[i].Metrics()
			s.forms[i].Draw(screen, x, y+(h-asc-desc)/2)
		} else {
			s.texts[i].Draw(screen, x, y+(h-14*1.3*sc)/2)
		}
		y += h
	}
}
