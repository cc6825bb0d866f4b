package scenes

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// jacLinearStep is the Jacobian lesson's second step: the linear
// approximation f(x₀ + h) ≈ f(x₀) + J h for the step h to the square's
// corner, with the planes the square's image and the parallelogram
// magnified, and the error against ‖h‖ on a log–log plot.
var jacLinearStep = jacobianStep{
	step: step{"Linear approximation", "Near x₀, f(x₀ + h) ≈ f(x₀) + J h, with J = ∂f/∂x (not ∂f/∂y) and h a vector of N numbers, not a matrix.\n" +
		"For N = M = 2, shrink the square (+ or the slider): its curved image and the parallelogram merge.\n" +
		"The error ‖f(x₀+h) − f(x₀) − J h‖ falls like ‖h‖²: slope 2 on the log–log plot."},
	errors:   true,
	slider:   true,
	sheets:   (*jacobian).linearSheets,
	layout:   (*jacobian).layoutLinear,
	texts:    (*jacobian).linearWords,
	formula:  (*jacobian).linearTeX,
	draw:     (*jacobian).drawLinear,
	describe: (*jacobian).describeLinear,
}

// linearSheets arranges, with the planes, the zoom box under its caption
// with the numbers beside it; then the formula and the error plot. On a
// short screen the error plot has a sheet of its own, and the caption, the
// numbers and the formula go beside the zoom box, as high as the room.
func (s *jacobian) linearSheets(fit jacFit, sc float64) jacArrange {
	w, px := s.linearWords(), jacTextPx*sc
	// On a short screen the zoom box is as high as the room, and the texts
	// beside it as wide as the rest.
	side, room := math.Min(200*sc, fit.h), fit.w
	if fit.short && !fit.narrow {
		room -= side + 16*sc
	}
	least, pref := numbersTeXSize(s.linearTeX(), room, sc)
	return func(k float64) []sheet {
		tex := layout.Leaf(&s.at.tex, least, pref)
		errs := layout.Leaf(&s.at.err, layout.Size{W: 260 * sc * k, H: 140 * sc * k}, layout.Size{W: 420 * sc, H: 260 * sc}).Grow(1)
		switch {
		case !s.planes && fit.short && !fit.narrow:
			body := numbersLeaf(&s.at.body, w.body, px, 160*sc, 360*sc)
			return []sheet{{"Error", layout.Row(16*sc, layout.Column(jacGap*sc, tex, body), errs)}}
		case !s.planes:
			body := numbersLeaf(&s.at.body, w.body, px, 160*sc, 360*sc)
			return []sheet{{"Error", layout.Column(jacGap*sc, tex, body, errs)}}
		case fit.short && fit.narrow:
			// A small phone: the numbers beside the zoom box, and the
			// error plot on its own sheet.
			head := textLeaf(&s.at.head[0], w.head[0], px, fit.w, fit.w)
			zoom := layout.Leaf(&s.at.zoom, layout.Size{W: 110 * sc * k, H: 110 * sc * k}, layout.Size{W: 160 * sc, H: 160 * sc})
			body := numbersLeaf(&s.at.body, w.body, px, 160*sc, 240*sc)
			return []sheet{{"Zoom", layout.Column(jacGap*sc, head, layout.Row(12*sc, zoom, body), tex)}, {"Error", errs}}
		case fit.short:
			zs := math.Max(110*sc*k, side)
			zoom := layout.Leaf(&s.at.zoom, layout.Size{W: zs, H: zs}, layout.Size{W: zs, H: zs})
			head := textLeaf(&s.at.head[0], w.head[0], px, room, room)
			body := numbersLeaf(&s.at.body, w.body, px, math.Max(160*sc, room), room)
			return []sheet{{"Zoom", layout.Row(16*sc, zoom, layout.Column(jacGap*sc, head, body, tex))}, {"Error", errs}}
		}
		head := textLeaf(&s.at.head[0], w.head[0], px, fit.w, fit.w)
		// The numbers narrow enough for the zoom box to have its size.
		zoom := layout.Leaf(&s.at.zoom, layout.Size{W: 110 * sc * k, H: 110 * sc * k}, layout.Size{W: 200 * sc, H: 200 * sc})
		body := numbersLeaf(&s.at.body, w.body, px, 160*sc, 240*sc)
		return []sheet{{"Error", layout.Column(jacGap*sc, head, layout.Row(12*sc, zoom, body), tex, errs)}}
	}
}

// layoutLinear makes the zoom box square, at the top left of its place,
// and prepares the error plot where the sheet put it.
func (s *jacobian) layoutLinear(sc float64) {
	z := s.at.zoom
	side := min(z.Dx(), z.Dy())
	s.at.zoom = image.Rect(z.Min.X, z.Min.Y, z.Min.X+side, z.Min.Y+side)
	s.errPlot.Prepare(s.at.err, sc)
}

// linearWords are the zoom box's caption, with the planes, and the error
// of the linear approximation.
func (s *jacobian) linearWords() jacWords {
	w := jacWords{body: s.linearText()}
	if s.planes {
		w.head[0] = "The square and its image, magnified"
	}
	return w
}

// cornerStep is the step h from x₀ to the square's upper right corner: the
// square's half-side along every coordinate.
func (s *jacobian) cornerStep() []float64 {
	h := make([]float64, len(s.x0))
	for j := range h {
		h[j] = s.half()
	}
	return h
}

// linearTeX is the linear approximation with the numbers at x₀ for the
// step h to the square's corner (or of that size along every coordinate):
// f(x₀ + h) ≈ f(x₀) + J h, written out for up to three inputs and four
// outputs, in two parts: f(x₀ + h), and its approximation.
func (s *jacobian) linearTeX() []string {
	h := s.cornerStep()
	fh, lin, _ := model.JacLinear(s.fn(0), s.x0, s.nums, h)
	if fh == nil || len(s.coords) > 3 || len(s.outs) > 4 {
		return []string{`f(x_0 + h) \approx f(x_0) + J\,h`}
	}
	col := func(v []float64) [][]float64 {
		m := make([][]float64, len(v))
		for i, x := range v {
			m[i] = []float64{x}
		}
		return m
	}
	jm := make([][]float64, len(s.outs))
	for i := range jm {
		jm[i] = s.nums.Jac.Data()[i*len(s.coords) : (i+1)*len(s.coords)]
	}
	return []string{`f(x_0 + h) = ` + jacTeXMatrix(col(fh)), `\approx ` + jacTeXMatrix(col(s.nums.Y)) + ` + ` +
		jacTeXMatrix(jm) + jacTeXMatrix(col(h)) + ` = ` + jacTeXMatrix(col(lin))}
}

// jacTeXMatrix writes m as a bracketed matrix with 4 significant digits.
func jacTeXMatrix(m [][]float64) string {
	rows := make([]string, len(m))
	for i, r := range m {
		cols := make([]string, len(r))
		for j, v := range r {
			cols[j] = jacTeXNum(v)
		}
		rows[i] = strings.Join(cols, " & ")
	}
	return `\begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix}`
}

// linearText is the error of the linear approximation for the step to the
// square's corner and, with the planes, how the square's image compares
// with the parallelogram.
func (s *jacobian) linearText() string {
	h := s.cornerStep()
	fh, _, e := model.JacLinear(s.fn(0), s.x0, s.nums, h)
	t := "f is undefined at x₀ + h"
	if fh != nil {
		t = core.Sprintf("h = %s\n‖f(x₀+h) − f(x₀) − J h‖ = %.3g", model.VecText(h), e)
	}
	if s.planes {
		t += core.Sprintf("\nThe image strays from the parallelogram by %.3g of its size.", s.nums.Gap)
	}
	return t
}

// drawLinear draws, with the planes, the zoom box under its caption and
// the numbers beside it; then the formula, the error plot and, without the
// planes, the numbers.
func (s *jacobian) drawLinear(screen *ebiten.Image) {
	t := &s.texts
	drawAt(screen, &t.head[0], s.at.head[0])
	if !s.at.zoom.Empty() {
		s.drawZoom(screen)
	}
	drawAt(screen, &t.body, s.at.body)
	s.drawFormula(screen)
	s.errPlot.Draw(screen)
}

// drawZoom draws the square's image and its linear approximation magnified
// to fill the zoom box, centred at f(x₀).
func (s *jacobian) drawZoom(screen *ebiten.Image) {
	n := s.nums
	sc := s.scale
	r := s.at.zoom
	viz.FillRect(screen, r, viz.Th().Panel)
	viz.StrokeRect(screen, r, sc, viz.Th().Border)
	var ext float64
	for _, p := range n.Linear {
		ext = math.Max(ext, math.Max(math.Abs(p[0]-n.Y[0]), math.Abs(p[1]-n.Y[1])))
	}
	for _, p := range n.Image {
		if d := math.Max(math.Abs(p[0]-n.Y[0]), math.Abs(p[1]-n.Y[1])); d < 10*ext {
			ext = math.Max(ext, d)
		}
	}
	if !(ext > 0) {
		return
	}
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	k := (float64(min(r.Dx(), r.Dy()))/2 - 10*sc) / ext
	toScreen := func(x, y float64) (float64, float64) { return cx + k*(x-n.Y[0]), cy - k*(y-n.Y[1]) }
	dst := screen.SubImage(r).(*ebiten.Image)
	viz.Polygon(dst, n.Linear, toScreen, 3*sc, viz.Th().Tangent)
	viz.Polygon(dst, n.Image, toScreen, 2*sc, viz.Th().Point)
	viz.Dot(dst, cx, cy, 5*sc, viz.Th().Point)
}

// describeLinear gives f(x₀) and J, the step h from x₀ (to the square's
// corner, with the planes), f there against the linear approximation
// f(x₀) + J h, and the error; with the planes, also how far the square's
// image strays from the parallelogram.
func (s *jacobian) describeLinear() string {
	n, h := s.nums, s.cornerStep()
	fh, lin, e := model.JacLinear(s.fn(0), s.x0, n, h)
	d := fmt.Sprintf("At x₀ = %s, f(x₀) = %s and J's rows are %s. For the step h = %s", model.VecText(s.x0), model.VecText(n.Y), rowsText(n.Jac), model.VecText(h))
	if s.planes {
		d += " to the square's corner"
	}
	if fh == nil {
		return d + ", f is undefined at x₀ + h."
	}
	d += core.Sprintf(", f(x₀ + h) = %s and the linear approximation f(x₀) + J h gives %s, off by %.3g.", model.VecText(fh), model.VecText(lin), e)
	if s.planes {
		d += core.Sprintf(" The square's image strays from the parallelogram by %.3g of its size.", n.Gap)
	}
	return d
}
