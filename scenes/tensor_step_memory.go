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
// would take beside x, y and the VJP, on a meter with the app's limit, and
// ∂L/∂x by one backward sweep however large ∂y/∂x is.
var tensorMemoryStep = tensorStep{
	step: step{"Too big to store", "∂y/∂x has an entry for every pair of an entry of y and an entry of x: N·M·N·D for x W. " +
		"Press the real layer switch (N = 64, D = M = 4096), or drag the sizes up: past the app's limit the Jacobian is refused before any memory " +
		"is taken, while ∂L/∂x still comes from one backward sweep, the VJP, as in deep-learning libraries."},
	picture: "Bars", numbers: "Math", extra: "Limit",
	arrange: func(s *tensor, f tensorFit) (picture, numbers, extra *layout.Node) {
		sc, t, w := f.sc, &s.texts, &s.words
		// The meter under its caption, and the real layer's switch over
		// whether core builds ∂y/∂x: under them, beside them on a wide
		// body, or on a sheet of its own on a small phone. Then ∂L/∂x by the
		// VJP: its formula, how it was taken, and its corner.
		grid := func(w float64) *layout.Node { return s.gridNode(s.vjpGrid, f, f.size(100, 60), w) }
		real := func(w float64) *layout.Node {
			tw, _ := viz.MeasureText(s.real.Label, 15*sc)
			least := math.Min(w, tw+60*sc)
			return layout.Leaf(&s.real.Rect, layout.Size{W: least, H: f.ctl}, layout.Size{W: least, H: f.ctl})
		}
		if f.row {
			pw := f.beside(f.pw)
			picture = f.line(f.column(t.caption.node(w.caption, pw, sc), s.barNodes(f, 4, pw, 9)), f.column(real(f.tw), t.body.node(w.body, f.tw, sc)))
			return picture, f.line(f.column(s.formulaNode(f, f.tw), t.side.node(w.side, f.tw, sc)), grid(f.beside(f.nw))), nil
		}
		numbers = f.column(s.formulaNode(f, f.nw), t.side.node(w.side, f.nw, sc), grid(f.nw))
		if f.tiny {
			picture = f.column(t.caption.node(w.caption, f.pw, sc), s.barNodes(f, 4, f.pw, 9))
			return picture, numbers, f.column(real(f.pw), t.body.node(w.body, f.pw, sc))
		}
		picture = f.column(real(f.pw), t.caption.node(w.caption, f.pw, sc), s.barNodes(f, 4, f.pw, 9))
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
		if s.real.On {
			return nil // the real layer's sizes are given, with its counts
		}
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
		q.reason = fmt.Sprintf("∂y/∂%s has an entry ∂y[i]/∂%s[j] for every pair of an entry of y and an entry of %s: %d × %d = %d, %s as float64.",
			n.XName(), n.XName(), n.XName(), ny, nx, nx*ny, core.FormatBytes(8*float64(nx*ny)))
		return q
	},
	describe: func(s *tensor) string {
		d := ""
		if s.real.On {
			d = " " + s.realLayerText() + "."
		}
		for _, r := range s.memoryRows() {
			d += " " + rowText(r) + "."
		}
		if n := s.nums; n.Guard != nil && !s.real.On {
			d += " The app refuses the full Jacobian: " + n.Guard.Error()
		}
		return d
	},
}

// realLayerText names the real layer's sizes.
func (s *tensor) realLayerText() string {
	l := model.RealLayer
	return fmt.Sprintf("The real layer: y = x W with x %d×%d and W %d×%d, counted from the sizes", l.N, l.D, l.D, l.M)
}

// memoryRows are the meter's rows: the real layer's when it is on, or
// else the function's.
func (s *tensor) memoryRows() [4]model.TensorRow {
	if s.real.On {
		return model.RealLayerRows()
	}
	return s.nums.MemoryRows()
}

// rowText writes a row of the meter: its entries, and their memory as
// float32 and as float64.
func rowText(r model.TensorRow) string {
	f32, f64 := r.Bytes()
	return fmt.Sprintf("%s: %s entries, %s as float32, %s as float64", r.Name, core.FormatCount(float64(r.Entries)), core.FormatBytes(f32), core.FormatBytes(f64))
}

// memoryTexts are the step's texts: the meter's caption and rows, whether
// core builds ∂y/∂x under them (for the real layer, what it would take),
// and ∂L/∂x by the VJP on the side.
func (s *tensor) memoryTexts() tensorWords {
	n := s.nums
	xn := n.XName()
	w := tensorWords{caption: "Memory on a log scale, each row's upper bar as float32, lower as float64; the red line is the app's limit"}
	for k, row := range s.memoryRows() {
		w.bars[k] = rowText(row)
	}
	if s.asking() {
		// The meter is not drawn: its first bar would give the answer.
		w.bars[0], w.body = s.memoryRows()[0].Name+": ? entries", quizHidden
		return w
	}
	limit := core.DefaultMaxEntries
	switch {
	case s.real.On:
		l := model.RealLayer
		jac := s.memoryRows()[0]
		w.caption = s.realLayerText() + ". " + w.caption
		w.body = fmt.Sprintf("∂y/∂x has N·M·N·D = %d·%d·%d·%d = 2³⁶ entries, %s times the app's limit of %d: far more than any computer's memory. "+
			"This page does not build this layer (W alone takes %s), but ∂L/∂x = G Wᵀ is one matrix product of %d·%d·%d multiply–adds, its result shaped like x.",
			l.N, l.M, l.N, l.D, core.FormatCount(float64(jac.Entries)/float64(limit)), limit, core.FormatBytes(8*float64(l.D*l.M)), l.N, l.M, l.D)
	case n.Guard != nil:
		w.body = "Not built: the app refuses it before taking any memory, saying:\n" + n.Guard.Error()
	default:
		w.body = fmt.Sprintf("Within the app's limit of %d entries (%s as float64).", limit, core.FormatBytes(8*float64(limit)))
		if n.Jac == nil {
			w.body += " " + n.Why
		}
	}
	if s.real.On {
		w.side = "For the function studied, at its own sizes: "
	}
	w.side += fmt.Sprintf("∂L/∂%s for L = Σ G ⊙ y by one VJP, in %s: shaped %s like %s. %s Its top-left corner:", xn, durationText(n.VJPMs), model.DimsText(n.VJP.Shape()), xn, s.agreement())
	return w
}

// drawMeter draws the memory meter: a bar per row on a logarithmic scale
// of bytes from 1 B to 1 PiB, float32's over float64's, with the app's limit
// marked across the rows.
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
	for k, row := range s.memoryRows() {
		clr := viz.Th().Curve
		if k == 0 {
			clr = viz.Th().Tangent
			if s.nums.Guard != nil || s.real.On {
				clr = viz.Th().Error
			}
		}
		r := s.barRects[k]
		f32, f64 := row.Bytes()
		x0, y0, h := float64(r.Min.X), float64(r.Min.Y), float64(r.Dy())
		viz.FillRectF(screen, x0, y0, at(f32)-x0, h/2-sc/2, clr)
		viz.FillRectF(screen, x0, y0+h/2+sc/2, at(f64)-x0, h/2-sc/2, clr)
	}
	gx := at(8 * float64(core.DefaultMaxEntries))
	viz.Line(screen, gx, float64(s.texts.bars[0].rect.Min.Y), gx, float64(s.barRects[3].Max.Y), 2*sc, viz.Th().Error)
}
