package scenes

import (
	"fmt"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// jacMatrixStep is the Jacobian lesson's first step: J at x₀ as a grid of
// numbers, its entries' names beside it, and det J as the scale of areas.
var jacMatrixStep = jacobianStep{
	step: step{"The Jacobian", "f takes N numbers to M numbers. Its derivative at x₀ is the M×N matrix J = ∂f/∂x, whose entry in row i, " +
		"column j is the partial derivative of output i by input j: ‖f(x₀+h) − f(x₀) − J h‖ / ‖h‖ → 0 as h → 0.\n" +
		"For M = N = 2, |det J| is how much f scales small areas near x₀ (volumes, for N = 3 and more), a negative det J turning them over. Drag x₀ or press the arrow keys; type your own f.\n" +
		"In the source: J is written ∂f/∂y; the variable is x."},
	slider:   true,
	sheets:   (*jacobian).matrixSheets,
	layout:   (*jacobian).layoutMatrix,
	texts:    (*jacobian).matrixWords,
	formula:  (*jacobian).namesTeX,
	draw:     (*jacobian).drawMatrix,
	describe: (*jacobian).describeMatrix,
}

// matrixSheets arranges J's caption over the names of its entries and
// the grid of their values, and the texts under them, or beside them on a
// short screen. The names go over the grid when the two do not fit side
// by side.
func (s *jacobian) matrixSheets(fit jacFit, sc float64) jacArrange {
	w, px := s.matrixWords(), jacTextPx*sc
	least, pref := texSize(s.namesTeX(), fit.w, sc)
	cell := numberCell(sc, s.nums.Jac)
	return func(k float64) []sheet {
		names := layout.Leaf(&s.at.tex, least, pref)
		grid := gridLeaf(&s.at.grid, s.nums.Jac, cell, k, sc)
		pair := layout.Row(jacGap*sc, names, grid, layout.Space(layout.Size{}, layout.Size{}).Grow(1))
		if least.W+jacGap*sc+grid.MinSize().W > fit.w {
			pair = layout.Column(4*sc, names, grid)
		}
		head := textLeaf(&s.at.head[0], w.head[0], px, fit.w, fit.w)
		body := numbersLeaf(&s.at.body, w.body, px, 240*sc, 460*sc)
		if fit.short && !fit.narrow {
			return []sheet{{"Matrix", layout.Row(16*sc, layout.Column(jacGap*sc, head, pair), body)}}
		}
		return []sheet{{"Matrix", layout.Column(jacGap*sc, head, pair, body)}}
	}
}

// layoutMatrix prepares the grid of J where the sheet put it.
func (s *jacobian) layoutMatrix(sc float64) {
	if !s.at.grid.Empty() {
		s.jgrid.Prepare(s.at.grid, sc)
	}
}

// matrixWords are J's caption, what its columns mean, and det J.
func (s *jacobian) matrixWords() jacWords {
	return jacWords{
		head: [3]string{fmt.Sprintf("J = ∂f/∂x at x₀, an M×N = %d×%d matrix", len(s.outs), len(s.x0))},
		body: "Column j holds the velocity of f(x₀) as input j alone moves.\n\n" + s.detText(),
	}
}

// namesTeX is J by its entries' names, ∂fᵢ/∂xⱼ, to stand left of the grid
// of their values; for a large J, its entry in row i and column j. It is
// one part: it does not break.
func (s *jacobian) namesTeX() []string {
	if len(s.outs) > 4 || len(s.coords) > 4 {
		return []string{`J_{ij} = \frac{\partial f_i}{\partial x_j}:`}
	}
	rows := make([]string, len(s.outs))
	for i, fi := range s.outs {
		cols := make([]string, len(s.coords))
		for j, xj := range s.coords {
			cols[j] = `\partial ` + fi + `/\partial ` + xj
		}
		rows[i] = strings.Join(cols, " & ")
	}
	return []string{`\frac{\partial f}{\partial x} = \begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix} =`}
}

// detText describes det J as the scale of areas, when J is square.
func (s *jacobian) detText() string {
	n := s.nums
	if len(s.outs) != len(s.x0) {
		return fmt.Sprintf("J is %d×%d, not square: it has no determinant.", len(s.outs), len(s.x0))
	}
	t := core.Sprintf("det J = %.5g: f scales small areas by |det J|", n.Det)
	if n.Det < 0 {
		t += " and turns them over"
	}
	if s.planes {
		t += core.Sprintf(". The square's image has %.4g times its area (negative if turned over), which tends to det J as the square shrinks.", n.AreaRatio)
	}
	return t
}

// drawMatrix draws J's caption, its grid with the names of its entries on
// its left (or over it), and the texts.
func (s *jacobian) drawMatrix(screen *ebiten.Image) {
	t := &s.texts
	drawAt(screen, &t.head[0], s.at.head[0])
	drawAt(screen, &t.body, s.at.body)
	if s.at.grid.Empty() {
		return
	}
	s.jgrid.Draw(screen)
	r, gb := s.at.tex, s.jgrid.Bounds()
	w, asc, desc := s.formula[0].Metrics()
	x, y := float64(r.Min.X), float64(r.Min.Y)+(float64(r.Dy())-asc-desc)/2
	if r.Max.Y <= s.at.grid.Min.Y {
		s.formula[0].Draw(screen, x, y) // over the grid
		return
	}
	// Left of the grid, next to it, and level with its middle.
	x = math.Max(x, float64(gb.Min.X)-w-jacGap*s.scale)
	s.formula[0].Draw(screen, x, float64(gb.Min.Y+gb.Max.Y)/2-(asc+desc)/2)
}

// describeMatrix gives x₀, f(x₀), J's rows and, when J is square, its
// determinant.
func (s *jacobian) describeMatrix() string {
	n := s.nums
	d := fmt.Sprintf("At x₀ = %s, f(x₀) = %s. The Jacobian's rows are %s.", model.VecText(s.x0), model.VecText(n.Y), rowsText(n.Jac))
	if len(s.outs) == len(s.x0) {
		d += core.Sprintf(" Its determinant is %.6g.", n.Det)
	}
	return d
}
