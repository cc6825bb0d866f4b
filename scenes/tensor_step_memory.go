package scenes

import (
	"fmt"
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// tensorMemoryStep is the tensor lesson's fourth step: the memory ∂y/∂x
// would take beside x, y and the VJP, on a meter with core's limit, and
// ∂L/∂x by one backward sweep however large ∂y/∂x is.
var tensorMemoryStep = tensorStep{
	step: step{"Too big to store", "∂y/∂x has as many entries as x and y together multiply to: for x W with x of N×D and y of N×M, N·M·N·D.\n" +
		"Raise the sizes (N = 64, D = M = 1024 is a small layer): past core's limit the Jacobian is refused before any memory\n" +
		"is taken, and ∂L/∂x still comes from one backward sweep (the VJP), the way deep-learning libraries do it."},
	layout: func(s *tensor, sc float64) {
		if s.nums.Err != nil {
			return
		}
		l, r := s.left, s.right
		capH := int(tensorCaption * sc)
		s.meter = image.Rect(l.Min.X, l.Min.Y+capH, l.Max.X, l.Min.Y+capH+int(4*34*sc))
		if s.nums.VJP != nil {
			top := r.Min.Y + int(170*sc)
			s.vjpGrid.Prepare(image.Rect(r.Min.X, top, r.Min.X+int(200*sc), min(r.Max.Y, top+int(180*sc))), sc)
		}
	},
	formula: (*tensor).vjpTeX,
	texts:   (*tensor).memoryTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		sc := s.scale
		t := &s.texts
		rx, ry := float64(s.right.Min.X), float64(s.right.Min.Y)
		s.drawMeter(screen)
		t.body.Draw(screen, float64(s.left.Min.X), float64(s.meter.Max.Y)+8*sc)
		_, asc, desc := s.formula.Metrics()
		fh := asc + desc
		s.formula.Draw(screen, rx, ry)
		t.side.Draw(screen, rx, ry+fh+8*sc)
		s.vjpGrid.Draw(screen)
	},
	describe: func(s *tensor) string {
		n := s.nums
		d := ""
		for _, r := range n.MemoryRows() {
			d += fmt.Sprintf(" %s: %d entries, %s.", r.Name, r.Entries, core.FormatBytes(8*float64(r.Entries)))
		}
		if n.Guard != nil {
			d += " core refuses the full Jacobian: " + n.Guard.Error()
		}
		return d
	},
}

// memoryTexts are the step's texts: the meter's caption and rows, whether
// core builds ∂y/∂x under them, and ∂L/∂x by the VJP on the side.
func (s *tensor) memoryTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	w := tensorWords{caption: "Memory as float64, on a log scale; the red line is core's limit"}
	for k, row := range n.MemoryRows() {
		w.bars[k] = fmt.Sprintf("%s: %d entries, %s", row.Name, row.Entries, core.FormatBytes(8*float64(row.Entries)))
	}
	guard := core.DefaultMaxEntries
	var body string
	if n.Guard != nil {
		body = fmt.Sprintf("Not built: %d entries would need %s,\nmore than core's limit of %d entries (%s).\ncore refuses before allocating anything. Its message:\n%s",
			n.JacLen(), core.FormatBytes(8*float64(n.JacLen())), guard, core.FormatBytes(8*float64(guard)), n.Guard.Error())
	} else {
		body = fmt.Sprintf("Within core's limit of %d entries (%s).", guard, core.FormatBytes(8*float64(guard)))
		if n.Jac == nil {
			body += "\n" + n.Why
		}
	}
	w.body = viz.WrapText(body, tensorText*s.scale, float64(s.left.Dx()))
	w.side = fmt.Sprintf("∂L/∂%s for L = Σ G * y, by one VJP in %s:\nshape %s, the size of %s itself.\n%s\nIts top-left corner:", xn, durationText(n.VJPMs), model.DimsText(n.VJP.Shape()), xn, s.agreement())
	return w
}

// drawMeter draws the memory meter: a bar per row on a logarithmic scale
// of bytes from 1 B to 1 PiB, with core's limit marked.
func (s *tensor) drawMeter(screen *ebiten.Image) {
	sc := s.scale
	m := s.meter
	rowH := float64(m.Dy()) / 4
	full := math.Log2(1 << 50)
	at := func(bytes float64) float64 {
		return float64(m.Min.X) + float64(m.Dx())*math.Max(0, math.Log2(math.Max(bytes, 1)))/full
	}
	for k, row := range s.nums.MemoryRows() {
		y := float64(m.Min.Y) + float64(k)*rowH
		clr := viz.Light.Curve
		if k == 0 {
			clr = viz.Light.Tangent
			if s.nums.Guard != nil {
				clr = viz.Light.Error
			}
		}
		x1 := at(8 * float64(row.Entries))
		viz.FillRectF(screen, float64(m.Min.X), y+20*sc, x1-float64(m.Min.X), 8*sc, clr)
		s.texts.bars[k].Draw(screen, float64(m.Min.X), y)
	}
	gx := at(8 * float64(core.DefaultMaxEntries))
	viz.Line(screen, gx, float64(m.Min.Y), gx, float64(m.Max.Y), 2*sc, viz.Light.Error)
}
