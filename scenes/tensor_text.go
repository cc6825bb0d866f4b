package scenes

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The tensor lesson's texts and formulas, written from its numbers.

// intsText writes the numbers joined by sep.
func intsText(v []int, sep string) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}

// multiIndex writes a multi-index as [a,b].
func multiIndex(idx []int) string { return "[" + intsText(idx, ",") + "]" }

// texIndex writes a multi-index as a TeX subscript group: {a,b}.
func texIndex(idx []int) string { return "{" + intsText(idx, ",") + "}" }

// entryTeX is the selected entry: ∂y_i/∂x_j = closed form = value.
func (s *tensor) entryTeX() string {
	i, j := s.selected()
	v := s.nums.jac.Data()[s.sel]
	t := `\frac{\partial y_` + texIndex(i) + `}{\partial ` + s.nums.xName() + `_` + texIndex(j) + `} = `
	if s.item >= 0 {
		it := &tensorGallery[s.item]
		t += it.tex + ` = ` + it.texAt(s.nums.y.Shape(), s.nums.x().Shape(), i, j) + ` = `
	}
	return t + jacTeXNum(v)
}

// chainTeX is the entry of ∂L/∂x being summed, with its last terms.
func (s *tensor) chainTeX() string {
	st := s.anim.Current()
	if st.Index == 0 {
		return `\frac{\partial L}{\partial x} = \sum_{k} G_{k}\,\left(\frac{\partial y}{\partial x}\right)_{k}`
	}
	j := s.anim.Out.Tensor().Shape().Unravel(st.Last.Out)
	return fmt.Sprintf(`\left(\frac{\partial L}{\partial x}\right)_%s = \sum_{k} G_{k}\,\frac{\partial y_{k}}{\partial x_%s} = %s`, texIndex(j), texIndex(j), jacTeXNum(st.Sum))
}

// vjpTeX is the closed form of ∂L/∂x, when the gallery knows it.
func (s *tensor) vjpTeX() string {
	if s.item < 0 {
		return `\frac{\partial L}{\partial x} = G \cdot \frac{\partial y}{\partial x}`
	}
	return `\frac{\partial L}{\partial x} = ` + tensorGallery[s.item].vjpTeX
}

// setTexts sets the texts of the step.
func (s *tensor) setTexts(sc float64) {
	t := &s.texts
	n := s.nums
	fs := 14 * sc
	var caption, body, side, hint string
	var heads [3]string
	var bars [4]string
	clr := viz.Light.Text
	switch {
	case n.err != nil:
		body, clr = "The function cannot be differentiated here:\n"+n.err.Error(), viz.Light.Error
	case s.step == 0:
		caption, body, side = s.jacobianTexts()
	case s.step == 1:
		caption, body, side, heads = s.linearTexts()
	case s.step == 2:
		caption, body, side, heads = s.chainTexts()
		if s.anim != nil {
			hint = "Space: play or pause    F: finish    click the grids, then ← →: step"
		}
	case s.step == 3:
		caption = "Memory as float64, on a log scale; the red line is core's limit"
		for k, row := range s.meterRows() {
			bars[k] = fmt.Sprintf("%s: %d entries, %s", row.name, row.entries, core.FormatBytes(8*float64(row.entries)))
		}
		body, side = s.memoryTexts()
		body = viz.WrapText(body, fs, float64(s.left.Dx()))
	case s.step == 4:
		caption = "Sweeps to build the full Jacobian"
		xn := n.xName()
		bars[0] = fmt.Sprintf("forward: %d JVPs, one per entry of %s: %s", n.x().Len(), xn, durationText(n.fwdMs))
		bars[1] = fmt.Sprintf("reverse: %d VJPs, one per entry of y: %s", n.y.Len(), durationText(n.revMs))
		body, side = s.modeTexts()
	}
	if s.shapeMsg != "" {
		side = s.shapeMsg + "\n\n" + side
	}
	if s.pending >= 0 {
		side = "Computing for the new shapes…\n\n" + side
	}
	s.lossL.Set(tensorLossLabel, 15*sc, viz.Light.Text)
	t.caption.Set(caption, fs, viz.Light.Text)
	t.body.Set(body, fs, clr)
	t.side.Set(side, fs, viz.Light.Text)
	t.hint.Set(hint, 12*sc, viz.Light.Muted)
	for k, h := range heads {
		t.heads[k].Set(h, fs, viz.Light.Text)
	}
	for k, b := range bars {
		t.bars[k].Set(b, fs, viz.Light.Text)
	}
}

// shapesLine describes the shapes of x, y and ∂y/∂x.
func (s *tensor) shapesLine() string {
	n := s.nums
	xs, ys := n.x().Shape(), n.y.Shape()
	return fmt.Sprintf("%s is %s, y is %s, so ∂y/∂%s is (%s) × (%s): %d entries.", n.xName(), shapeNoun(xs), shapeNoun(ys), n.xName(), dimsText(ys), dimsText(xs), n.y.Len()*n.x().Len())
}

// jacobianTexts are the first step's texts: the caption over the grid, the
// text below it (the selection) and the side text.
func (s *tensor) jacobianTexts() (caption, body, side string) {
	n := s.nums
	side = s.shapesLine()
	if s.item < 0 {
		side += "\nAt " + s.valuesText(120) + "."
	}
	switch {
	case n.jac == nil:
		return "", "", side + fmt.Sprintf("\n\n∂y/∂%s was not built: %s\nLower the sizes to 6 or less to see its blocks.", n.xName(), n.why)
	case n.disp == nil || n.disp.Len() > tensorDrawMax:
		return "", "", side + fmt.Sprintf("\n\n∂y/∂%s is built but not drawn: the grid stops at %d entries\nand at %d axes. Lower the sizes to 6 or less to see its blocks.", n.xName(), tensorDrawMax, core.MaxRank)
	}
	caption = fmt.Sprintf("∂y/∂%s: block [i] holds ∂y_i/∂%s_j for every j", n.xName(), n.xName())
	i, j := s.selected()
	v := n.jac.Data()[s.sel]
	side += fmt.Sprintf("\n\nSelected (counting from 0): i = %s in y, j = %s in %s.\n∂y%s/∂%s%s = %.6g", multiIndex(i), multiIndex(j), n.xName(), multiIndex(i), n.xName(), multiIndex(j), v)
	if s.item >= 0 {
		it := tensorGallery[s.item]
		c := it.entry(n.named, n.y, i, j)
		side += fmt.Sprintf("\nBy hand: %.6g, with %s.", c, it.indexNames())
		if v == 0 {
			side += "\nThis entry is exactly zero: y_i does not depend on that entry of x at all."
		}
	}
	return caption, "", side
}

// valuesText writes the inputs' values as in the values syntax, or only
// their shapes if that would take more than max bytes.
func (s *tensor) valuesText(max int) string {
	p := s.nums.prog
	parts := make([]string, len(p.Names()))
	for i, name := range p.Names() {
		parts[i] = name + " = " + literal(p.Inputs()[i], 6)
	}
	if t := strings.Join(parts, "; "); len(t) <= max {
		return t
	}
	for i, name := range p.Names() {
		parts[i] = name + ", " + shapeWords(p.Inputs()[i].Shape())
	}
	return strings.Join(parts, ", ")
}

// linearTexts are the linear approximation's texts.
func (s *tensor) linearTexts() (caption, body, side string, heads [3]string) {
	l := s.lin
	if l.yh == nil {
		return "", "", "y cannot be evaluated at x + h.", heads
	}
	if l.yh.Len() <= tensorDrawMax {
		heads = [3]string{"y(x + h)", "y(x) + (∂y/∂x)·h"}
	}
	side = fmt.Sprintf("h = ‖h‖ u along a fixed random direction u of shape %s.\n(∂y/∂x)·h comes from one JVP, never forming ∂y/∂x.\n‖y(x+h) − y(x) − (∂y/∂x)·h‖ = %.3g", dimsText(s.nums.x().Shape()), l.residual)
	body = fmt.Sprintf("At ‖h‖ = %.3g the two differ by %.3g in all.", s.hSize.Value, l.residual)
	if l.linear {
		body += "\ny is linear (or affine) in x: (∂y/∂x)·h is exactly the change,\nso the residual is zero but for rounding (about 1e-16):\nthe points on the plot are rounding noise, with no slope."
	} else if !math.IsNaN(l.slope) {
		body += fmt.Sprintf("\nThe residual is of order ‖h‖²: the fitted slope is %.2f.\nHalve ‖h‖ and it falls four times.", l.slope)
	}
	return "", body, side, heads
}

// chainTexts are the chain rule's texts.
func (s *tensor) chainTexts() (caption, body, side string, heads [3]string) {
	n := s.nums
	xn := n.xName()
	if s.anim != nil {
		heads = [3]string{"G = ∂L/∂y", "∂y/∂" + xn, "∂L/∂" + xn}
		tl := s.anim.Timeline
		side = fmt.Sprintf("Multiply–add %d of %d. Each entry of ∂L/∂%s takes the same cell\nfrom every block of ∂y/∂%s, weighted by G's entry for that block.\n%s", tl.Index(), tl.Len(), xn, xn, s.anim.Caption())
	} else {
		heads[0] = fmt.Sprintf("∂L/∂%s by the VJP, its top-left corner", xn)
		side = fmt.Sprintf("∂y/∂%s has %d entries, too many to animate (the limit is %d):\nthe numbers come without the picture.", xn, s.jacLen(), tensorDrawMax)
	}
	side += fmt.Sprintf("\n\nL = %s = %.6g at y.\n%s", n.lossSrc, n.loss, s.agreement())
	return "", "", side, heads
}

// agreement compares the contraction, the closed form and the VJP.
func (s *tensor) agreement() string {
	n := s.nums
	var have []string
	if n.contracted != nil {
		have = append(have, "the contraction G·∂y/∂x")
	}
	if n.closed != nil {
		have = append(have, "the closed form")
	}
	have = append(have, "core's VJP (one backward sweep)")
	if len(have) == 1 {
		return "∂L/∂x by core's VJP; no second road to compare it with here."
	}
	return fmt.Sprintf("%s\nagree: they differ by at most %.2g.", strings.Join(have, ",\n"), n.maxDiff)
}

// memoryTexts are the memory step's texts.
func (s *tensor) memoryTexts() (body, side string) {
	n := s.nums
	xn := n.xName()
	guard := core.DefaultMaxEntries
	if n.guard != nil {
		body = fmt.Sprintf("Not built: %d entries would need %s,\nmore than core's limit of %d entries (%s).\ncore refuses before allocating anything. Its message:\n%s",
			s.jacLen(), core.FormatBytes(8*float64(s.jacLen())), guard, core.FormatBytes(8*float64(guard)), n.guard.Error())
	} else {
		body = fmt.Sprintf("Within core's limit of %d entries (%s).", guard, core.FormatBytes(8*float64(guard)))
		if n.jac == nil {
			body += "\n" + n.why
		}
	}
	side = fmt.Sprintf("∂L/∂%s for L = Σ G * y, by one VJP in %s:\nshape %s, the size of %s itself.\n%s\nIts top-left corner:", xn, durationText(n.vjpMs), dimsText(n.vjp.Shape()), xn, s.agreement())
	return body, side
}

// modeTexts are the forward-or-reverse step's texts.
func (s *tensor) modeTexts() (body, side string) {
	n := s.nums
	auto := core.Auto.Pick(n.y.Len(), n.x().Len())
	how := "Measured just now, building the whole Jacobian each way."
	if !n.measured {
		how = "Estimated: one sweep of each kind timed just now, times the number of sweeps."
	}
	body = fmt.Sprintf("%s\n\ncore's Auto mode compares the counts and picks %s mode\n(reverse on a tie).", how, auto)
	side = fmt.Sprintf("The gradient of the loss L needs one VJP only, whatever the sizes:\n%s here, against %s for the whole Jacobian.\n\ncore pushes blocks of basis vectors through each sweep together,\nso for small sizes the times grow more slowly than the counts.",
		durationText(n.vjpMs), durationText(math.Min(n.fwdMs, n.revMs)))
	return body, side
}

// durationText writes a time given in milliseconds in a unit that suits
// it: "0.42 ms", "3.1 s", "12 min", "5.6 h".
func durationText(ms float64) string {
	switch {
	case ms < 1000:
		return strconv.FormatFloat(ms, 'g', 3, 64) + " ms"
	case ms < 60e3:
		return strconv.FormatFloat(ms/1e3, 'g', 3, 64) + " s"
	case ms < 3600e3:
		return strconv.FormatFloat(ms/60e3, 'g', 3, 64) + " min"
	}
	return strconv.FormatFloat(ms/3600e3, 'g', 3, 64) + " h"
}

// Link implements Linker: the gallery's item and its sizes, or a typed
// function by f and at; the loss when it is not the default; the step.
func (s *tensor) Link() url.Values {
	var q url.Values
	if s.item < 0 {
		q = s.link(s.nums.prog.Inputs())
	} else {
		it := tensorGallery[s.item]
		q = url.Values{"item": {it.key}}
		for k, name := range it.dims {
			q.Set(name, strconv.Itoa(s.dims[k]))
		}
		if s.step > 0 {
			q.Set("step", strconv.Itoa(s.step))
		}
	}
	if s.lossSrc != tensorDefLoss {
		q.Set("loss", s.lossSrc)
	}
	return q
}

// Describe implements Describer: the shapes, and the numbers of the step.
func (s *tensor) Describe() []string {
	n := s.nums
	if n.err != nil {
		return s.describe("It cannot be differentiated: " + n.err.Error())
	}
	d := s.shapesLine()
	xn := n.xName()
	switch s.step {
	case 0:
		if n.jac == nil {
			d += " It was not built: " + n.why
			break
		}
		i, j := s.selected()
		d += fmt.Sprintf(" The selected entry, ∂y%s/∂%s%s counting from 0, is %.6g.", multiIndex(i), xn, multiIndex(j), n.jac.Data()[s.sel])
	case 1:
		l := s.lin
		d += fmt.Sprintf(" At ‖h‖ = %.3g, y(x + h) and its linear approximation differ by %.3g.", s.hSize.Value, l.residual)
		if l.linear {
			d += " y is linear in x: the residual is rounding only."
		} else if !math.IsNaN(l.slope) {
			d += fmt.Sprintf(" The residual falls with slope %.2f against ‖h‖ on log–log axes.", l.slope)
		}
	case 2:
		d += fmt.Sprintf(" L = %s = %.6g. ∂L/∂%s by %s", n.lossSrc, n.loss, xn, strings.ReplaceAll(s.agreement(), "\n", " "))
	case 3:
		for _, r := range s.meterRows() {
			d += fmt.Sprintf(" %s: %d entries, %s.", r.name, r.entries, core.FormatBytes(8*float64(r.entries)))
		}
		if n.guard != nil {
			d += " core refuses the full Jacobian: " + n.guard.Error()
		}
	case 4:
		d += fmt.Sprintf(" Building it takes %d JVPs (%s) or %d VJPs (%s); core's Auto mode picks %s.",
			n.x().Len(), durationText(n.fwdMs), n.y.Len(), durationText(n.revMs), core.Auto.Pick(n.y.Len(), n.x().Len()))
	}
	return s.describe(d)
}
