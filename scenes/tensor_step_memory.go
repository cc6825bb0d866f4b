package scenes

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// tensorMemoryStep is the tensor lesson's fourth step: the memory ∂y/∂x
// would take beside x, y and the VJP, on a meter with core's limit, and
// ∂L/∂x by one backward sweep however large ∂y/∂x is.
var tensorMemoryStep = tensorStep{
	step: step{"Too big to store", "∂y/∂x has as many entries as y and x multiplied: N·M·N·D for x W. " +
		"Raise the sizes (N = 64, D = M = 1024 is a small layer): past core's limit the Jacobian is refused before any memory " +
		"is taken, while ∂L/∂x still comes from one backward sweep, the VJP, as in deep-learning libraries."},
	picture: "Bars", numbers: "Math", extra: "Limit",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		sc, t, w := f.sc, &s.texts, &s.words
		// The meter under its caption, and whether core builds ∂y/∂x
		// under it: beside them on a wide body, on a sheet of its own on a
		// small phone. Then ∂L/∂x by the VJP: its formula, how it was
		// taken, and its corner.
		grid := func(w float64) *layout.Node { return s.gridNode(s.vjpGrid, f, f.size(100, 60), w) }
		if f.row {
			pw := f.beside(f.pw)
			picture = f.line(f.column(t.caption.node(w.caption, pw, sc), s.barNodes(f, 4, pw, 6)), t.body.node(w.body, f.tw, sc))
			return picture, f.line(f.column(s.formulaNode(f, f.tw), t.side.node(w.side, f.tw, sc)), grid(f.beside(f.nw))), nil
		}
		picture = f.column(t.caption.node(w.caption, f.pw, sc), s.barNodes(f, 4, f.pw, 6))
		numbers = f.column(s.formulaNode(f, f.nw), t.side.node(w.side, f.nw, sc), grid(f.nw))
		if f.tiny {
			return picture, numbers, t.body.node(w.body, f.pw, sc)
		}
		return f.column(picture, t.body.node(w.body, f.pw, sc)), numbers, nil
	},
	place:   func(s *tensor, sc float64) { s.vjpGrid.fit(sc, tensorGridNum, 0) },
	formula: (*tensor).vjpTeX,
	texts:   (*tensor).memoryTexts,
	draw: func(s *tensor, screen *ebiten.Image) {
		s.drawMeter(screen)
		s.vjpGrid.draw(screen)
	},
	ask: func(s *tensor) *question {
		n := s.nums
		nx, ny := n.X().Len(), n.Y.Len()
		right := strconv.Itoa(nx * ny)
		q := &question{id: "tensor-memory-entries",
			prompt: fmt.Sprintf("%s has %d entries and y has %d. How many entries has ∂y/∂%s?", n.XName(), nx, ny, n.XName())}
		for _, c := range []int{nx + ny, nx * ny, nx * ny * ny, max(nx, ny)} {
			if c := strconv.Itoa(c); !slices.Contains(q.choices, c) {
				q.choices = append(q.choices, c)
			}
		}
		q.choices = q.choices[:min(3, len(q.choices))]
		slices.SortFunc(q.choices, func(a, b string) int { return len(a) - len(b) })
		q.answer = slices.Index(q.choices, right)
		q.reason = fmt.Sprintf("∂y/∂%s has an entry ∂yᵢ/∂%sⱼ for every pair of an entry of y and an entry of %s: %d × %d = %d, %s as float64.",
			n.XName(), n.XName(), n.XName(), ny, nx, nx*ny, core.FormatBytes(8*float64(nx*ny)))
		return q
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
	if s.asking() {
		// The meter is not drawn: its first bar would give the answer.
		w.bars[0], w.body = n.MemoryRows()[0].Name+": ? entries", quizHidden
		return w
	}
	if n.Guard != nil {
		w.body = "Not built: core refuses it before taking any memory, saying:\n" + n.Guard.Error()
	} else {
		limit := core.DefaultMaxEntries
		w.body = fmt.Sprintf("Within core's limit of %d entries (%s).", limit, core.FormatBytes(8*float64(limit)))
		if n.Jac == nil {
			w.body += " " + n.Why
		}
	}
	w.side = fmt.Sprintf("∂L/∂%s for L = Σ G * y by one VJP, in %s: shaped %s like %s. %s Its top-left corner:", xn, durationText(n.VJPMs), model.DimsText(n.VJP.Shape()), xn, s.agreement())
	return w
}

// drawMeter draws the memory meter: a bar per row on a logarithmic scale
// of bytes from 1 B to 1 PiB, with core's limit marked across the rows.
func (s *tensor) drawMeter(screen *ebiten.Image) {
	sc := s.scale
	m := s.barRects[0]
	if m.Empty() {
		return
	}
	full := math.Log2(1 << 50)
	at := func(bytes float64) float64 {
		return float64(m.Min.X) + float64(m.Dx())*math.Max(0, math.Log2(math.Max(bytes, 1)))/full
	}
	for k, row := range s.nums.MemoryRows() {
		clr := viz.Light.Curve
		if k == 0 {
			clr = viz.Light.Tangent
			if s.nums.Guard != nil {
				clr = viz.Light.Error
			}
		}
		r := s.barRects[k]
		viz.FillRectF(screen, float64(r.Min.X), float64(r.Min.Y), at(8*float64(row.Entries))-float64(r.Min.X), float64(r.Dy()), clr)
	}
	gx := at(8 * float64(core.DefaultMaxEntries))
	viz.Line(screen, gx, float64(s.texts.bars[0].rect.Min.Y), gx, float64(s.barRects[3].Max.Y), 2*sc, viz.Light.Error)
}
