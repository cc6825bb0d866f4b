package scenes

import (
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// How the Jacobian lesson fits its screen: two sheets, the planes (or the
// list of coordinates) and the step's own pictures, each arranged for the
// room it may get (jacFit): its parts one above the other, or side by side
// on a short screen, where a step may split its part in two sheets.

// Sizes in CSS pixels.
const (
	jacTextPx   = 14  // captions, numbers and explanations
	jacCoordsPx = 15  // the list of coordinates
	jacHintPx   = 12  // the chain rule's keys
	jacFormula  = 16  // the formulas, at most
	jacLeastPx  = 12  // and at the least
	jacGap      = 8   // between the parts of a sheet
	jacPlaneW   = 220 // the least width of a plane
	jacPlaneH   = 130 // and its least height
	jacCellPref = 56  // the cell a grid would like
	jacShort    = 300 // the room of a sheet is short below this height
	jacNarrow   = 560 // and narrow below this width

	// The frame's margin around the sheets, and its bar of controls at the
	// bottom of a small screen: a control and its margins.
	jacMargin = 12
	jacBar    = touchH + 2*jacMargin
)

// jacFit is the room a sheet of the lesson may get: the body between the
// header and the bar of controls at the bottom of a small screen (on two
// rows on a narrow one), less its margins. Its shape decides the
// arrangements.
type jacFit struct {
	w, h   float64 // its size in device pixels
	short  bool    // too short for a sheet's parts one above the other: they go side by side
	narrow bool    // too narrow for them side by side
	tall   bool    // taller than wide: the planes go one above the other
}

// fit returns the room a sheet may get, for sheets: the frame has laid out
// the header when it asks for them.
func (s *jacobian) fit(sc float64) jacFit {
	bar := jacBar
	if s.narrow {
		bar = 2*jacBar - jacMargin
	}
	w := float64(s.area.Dx()) - 2*jacMargin*sc
	h := float64(s.area.Max.Y-s.header.Max.Y) - float64(bar+2*jacMargin)*sc
	return jacFit{w: w, h: h, short: h < jacShort*sc, narrow: w < jacNarrow*sc, tall: h > w}
}

// jacArrange arranges sheets with the least sizes of their pictures
// (planes, grids, the zoom box, the error plot) times k; their texts keep
// theirs.
type jacArrange func(k float64) []sheet

// sheets arranges the lesson's body: the planes, or the list of the
// coordinates, and the step's sheets, or why f cannot be evaluated at x₀.
// Every place starts empty: a part that no leaf places is not on show.
func (s *jacobian) sheets(sc float64) []sheet {
	s.at = jacPlaces{}
	s.size.Rect, s.view.rect = image.Rectangle{}, image.Rectangle{}
	fit := s.fit(sc)
	st := jacobianSteps[s.step]
	right := func(float64) []sheet {
		return []sheet{{"Numbers", numbersLeaf(&s.at.body, s.words().body, jacTextPx*sc, 240*sc, 460*sc)}}
	}
	if s.nums.Err == nil {
		right = st.sheets(s, fit, sc)
	}
	sh := append(fit.squeeze(s.pointSheet(st.slider, fit, sc)), fit.squeeze(right)...)
	for i := range sh {
		sh[i].node.Grow(2)
	}
	sh[0].node.Grow(3) // the planes take more of the room left
	return sh
}

// squeeze returns the sheets arrange makes with their pictures at their
// least sizes when the room holds each of them, or else smaller, down to
// a quarter: the texts keep their size.
func (fit jacFit) squeeze(arrange jacArrange) []sheet {
	fits := func(sh []sheet) bool {
		for _, x := range sh {
			if m := x.node.MinSize(); m.W > fit.w+0.5 || m.H > fit.h+0.5 {
				return false
			}
		}
		return true
	}
	if sh := arrange(1); fits(sh) {
		return sh
	}
	lo, hi := 0.25, 1.0
	for range 8 {
		if k := (lo + hi) / 2; fits(arrange(k)) {
			lo = k
		} else {
			hi = k
		}
	}
	return arrange(lo)
}

// pointSheet arranges the planes, with the square's slider when the step
// has it, or the list of the coordinates without them.
func (s *jacobian) pointSheet(slider bool, fit jacFit, sc float64) jacArrange {
	if !s.planes {
		return s.coordsSheet(fit, sc)
	}
	// The planes side by side, or one above the other in a tall room, and
	// the slider under them, or beside them on a short screen. Each plane
	// is at least as wide as the captions on one line, and the captions as
	// high as they are wrapped to the planes' width if the room is
	// narrower.
	px := jacTextPx * sc
	in, out := s.planeCaptions()
	wi, _ := viz.MeasureText(in, px)
	wo, _ := viz.MeasureText(out, px)
	least := math.Max(jacPlaneW*sc, math.Max(wi, wo))
	across := (fit.w - 12*sc) / 2
	if fit.tall {
		across = fit.w
	}
	_, hi := viz.MeasureText(viz.WrapText(in, px, math.Min(least, across)), px)
	_, ho := viz.MeasureText(viz.WrapText(out, px, math.Min(least, across)), px)
	capH := math.Max(hi, ho) + 4*sc
	return func(k float64) []sheet {
		// When the planes take much less than they like, their captions
		// go: their axes name their coordinates.
		plane := func(caption, plot *image.Rectangle) *layout.Node {
			return layout.Column(0,
				layout.Leaf(caption, layout.Size{H: capH}, layout.Size{H: capH}).Hide(k < 0.6),
				layout.Leaf(plot, layout.Size{W: least * k, H: jacPlaneH * sc * k}, layout.Size{W: 340 * sc, H: 400 * sc}).Grow(1),
			).Grow(1)
		}
		planes := layout.Row(12*sc, plane(&s.at.inCap, &s.at.in), plane(&s.at.outCap, &s.at.out))
		if fit.tall {
			planes = layout.Column(12*sc, plane(&s.at.inCap, &s.at.in), plane(&s.at.outCap, &s.at.out))
		}
		if !slider {
			return []sheet{{"Planes", planes}}
		}
		sl := layout.Leaf(&s.size.Rect, layout.Size{W: 200 * sc, H: 44 * sc}, layout.Size{W: 360 * sc, H: 44 * sc}).Max(layout.Size{W: 420 * sc})
		if fit.short && !fit.narrow {
			return []sheet{{"Planes", layout.Row(16*sc, planes.Grow(1), layout.Column(0, sl))}}
		}
		return []sheet{{"Planes", layout.Column(12*sc, planes.Grow(1), sl)}}
	}
}

// coordsSheet arranges the list of x₀ and f(x₀) in columns as high as the
// room, side by side.
func (s *jacobian) coordsSheet(fit jacFit, sc float64) jacArrange {
	px := jacCoordsPx * sc
	_, one := viz.MeasureText("x", px)
	s.at.coordsLines = max(2, 1+int((fit.h-one)/(1.3*px)))
	cols := s.coordsColumns(s.at.coordsLines, true)
	s.at.coords = make([]image.Rectangle, len(cols))
	return func(float64) []sheet {
		nodes := make([]*layout.Node, len(cols))
		for i, c := range cols {
			nodes[i] = textLeaf(&s.at.coords[i], c, px, math.Inf(1), math.Inf(1))
		}
		return []sheet{{"Point", layout.Row(24*sc, nodes...)}}
	}
}

// planeCaptions are the captions of the input and the output planes.
func (s *jacobian) planeCaptions() (in, out string) {
	return "input (" + s.coords[0] + ", " + s.coords[1] + "): drag, or ← → ↑ ↓", "output: the image, and f(x₀) + J h"
}

// gridLeaf returns a leaf for a grid of the matrix t with its row and
// column numbers: with cells of cell pixels (times k) at the least, and
// of jacCellPref if there is room.
func gridLeaf(dst *image.Rectangle, t *core.Tensor, cell, k, sc float64) *layout.Node {
	rows, cols := float64(t.Shape()[0]), float64(t.Shape()[1])
	size := func(cell float64) layout.Size {
		return layout.Size{W: cols*cell + 16*sc, H: rows*cell + 18*sc}
	}
	return layout.Leaf(dst, size(cell*k), size(math.Max(cell, jacCellPref*sc)))
}

// numberCell is the least cell of a grid in which the numbers of all the
// matrices are 12 px high.
func numberCell(sc float64, ms ...*core.Tensor) float64 {
	cell := 0.0
	for _, m := range ms {
		cell = math.Max(cell, viz.CellFor(m.Data(), jacLeastPx*sc))
	}
	return cell
}

// texSize returns the least and the preferred size of a formula in parts
// (TeX) that is to get about room pixels across: if the whole formula fits
// there at jacFormula px, one line of it; otherwise wide enough for its
// widest part at 12 px, and high enough for its parts one under the other,
// or the whole on one line. It would like the whole on one line at
// jacFormula px. setFormula fits it to the size it gets.
func texSize(parts []string, room, sc float64) (least, pref layout.Size) {
	size := func(src string, px float64) (w, h float64) {
		w, asc, desc, err := viz.MeasureTeX(src, px)
		if err != nil {
			return 0, 0
		}
		return w, asc + desc
	}
	pref.W, pref.H = size(strings.Join(parts, " "), jacFormula*sc)
	if pref.W <= room {
		return pref, pref
	}
	for i, p := range parts {
		w, h := size(p, jacLeastPx*sc)
		least.W, least.H = math.Max(least.W, w), least.H+h
		if i > 0 {
			least.H += 4 * sc
		}
	}
	least.H = math.Max(least.H, pref.H)
	pref.H = least.H
	return least, pref
}

// numbersTeXSize is texSize for a formula whose numbers change as x₀
// moves, with a tenth more width for numbers a digit longer: the sheets
// stay as they are while x₀ moves.
func numbersTeXSize(parts []string, room, sc float64) (least, pref layout.Size) {
	least, pref = texSize(parts, room/1.1, sc)
	least.W, pref.W = 1.1*least.W, 1.1*pref.W
	return least, pref
}

// numbersLeaf is textLeaf for a text whose numbers change as x₀ moves,
// with room under it for the lines it would take were it a sixth longer:
// the sheets stay as they are while x₀ moves.
func numbersLeaf(dst *image.Rectangle, s string, px, least, most float64) *layout.Node {
	w, _ := viz.MeasureText(s, px)
	at := math.Min(least, w)
	_, h := viz.MeasureText(viz.WrapText(s, px, at), px)
	_, longer := viz.MeasureText(viz.WrapText(s, px, at*6/7), px)
	more := layout.Size{H: longer - h}
	return layout.Column(0, textLeaf(dst, s, px, least, most), layout.Space(more, more))
}

// setFormula sets the step's formula from its parts, fitted to its
// place: on one line, shrunk to the width down to 12 px, or its first part
// on one line and the rest on the next when that lets it be larger, or
// the one line does not fit even at 12 px.
func (s *jacobian) setFormula(parts []string, sc float64) error {
	w, h := float64(s.at.tex.Dx()), float64(s.at.tex.Dy())
	f := &s.formula
	px, least := jacFormula*sc, jacLeastPx*sc
	// size sets f[i] to src at px, and returns its width and height.
	size := func(i int, src string, px float64) (float64, float64, error) {
		err := f[i].SetTeX(src, px)
		fw, asc, desc := f[i].Metrics()
		return fw, asc + desc, err
	}
	one := strings.Join(parts, " ")
	lines, at := []string{one}, px
	fw, _, err := size(0, one, px)
	if err != nil {
		return err
	}
	if fw > w && w > 0 {
		at = math.Max(least, math.Floor(px*w/fw))
		if len(parts) > 1 {
			// The size at which both lines fit the place.
			two := []string{parts[0], strings.Join(parts[1:], " ")}
			twoPx, high := px, 4*sc
			for i, src := range two {
				lw, lh, err := size(i, src, px)
				if err != nil {
					return err
				}
				twoPx, high = math.Min(twoPx, math.Floor(px*w/lw)), high+lh
			}
			twoPx = math.Max(least, math.Min(twoPx, math.Floor(px*h/high)))
			if twoPx > at || least*fw/px > w {
				lines, at = two, twoPx
			}
		}
	}
	for i := range f {
		src := ""
		if i < len(lines) {
			src = lines[i]
		}
		if _, _, err := size(i, src, at); err != nil {
			return err
		}
	}
	return nil
}

// drawFormula draws the step's formula at the top left of its place, its
// second line under the first.
func (s *jacobian) drawFormula(screen *ebiten.Image) {
	r := s.at.tex
	if r.Empty() {
		return
	}
	x, y := float64(r.Min.X), float64(r.Min.Y)
	for i := range s.formula {
		f := &s.formula[i]
		w, asc, desc := f.Metrics()
		if w > 0 {
			f.Draw(screen, x, y)
		}
		y += asc + desc + 4*s.scale
	}
}
