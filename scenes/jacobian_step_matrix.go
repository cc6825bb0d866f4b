package scenes

import (
	"fmt"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/model"
)

// jacMatrixStep is the Jacobian lesson's first step: J at x₀ as a grid of
// numbers, its entries' names beside it, and det J as the scale of areas.
var jacMatrixStep = jacobianStep{
	step: step{"The Jacobian", "f takes N numbers to M numbers. Its derivative at x₀ is the M×N matrix J = ∂f/∂x, whose entry in row i,\n" +
		"column j is the partial derivative of output i by input j: ‖f(x₀+h) − f(x₀) − J h‖ / ‖h‖ → 0 as h → 0.\n" +
		"(The text writes ∂f/∂y; the variable is x.) For M = N, det J is how f scales small areas near x₀."},
	layout:   (*jacobian).layoutMatrix,
	texts:    (*jacobian).matrixWords,
	formula:  (*jacobian).namesTeX,
	draw:     (*jacobian).drawMatrix,
	describe: (*jacobian).describeMatrix,
}

// layoutMatrix places the grid of J in the right half of r, below its
// caption, and the square's slider at the bottom.
func (s *jacobian) layoutMatrix(r image.Rectangle, sc float64) {
	if s.planes {
		s.size.Rect = image.Rect(r.Min.X, r.Max.Y-int(44*sc), r.Min.X+r.Dx()*60/100, r.Max.Y)
	}
	capH := int(jacCaption * sc)
	s.jgrid.Prepare(image.Rect(r.Min.X+r.Dx()/2, r.Min.Y+capH, r.Max.X, r.Min.Y+capH+r.Dy()*45/100), sc)
}

// matrixWords are J's caption, what its columns mean, and det J.
func (s *jacobian) matrixWords() jacWords {
	return jacWords{
		head: [3]string{fmt.Sprintf("J = ∂f/∂x at x₀, an M×N = %d×%d matrix", len(s.outs), len(s.x0))},
		body: "Column j holds the velocity of f(x₀) as input j alone moves.\n\n" + s.detText(),
	}
}

// namesTeX is J by its entries' names, ∂fᵢ/∂xⱼ, to stand left of the grid
// of their values; for a large J, its entry in row i and column j.
func (s *jacobian) namesTeX() string {
	if len(s.outs) > 4 || len(s.coords) > 4 {
		return `J_{ij} = \frac{\partial f_i}{\partial x_j}:`
	}
	rows := make([]string, len(s.outs))
	for i, fi := range s.outs {
		cols := make([]string, len(s.coords))
		for j, xj := range s.coords {
			cols[j] = `\partial ` + fi + `/\partial ` + xj
		}
		rows[i] = strings.Join(cols, " & ")
	}
	return `\frac{\partial f}{\partial x} = \begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix} =`
}

// detText describes det J as the scale of areas, when J is square.
func (s *jacobian) detText() string {
	n := s.nums
	if len(s.outs) != len(s.x0) {
		return fmt.Sprintf("J is %d×%d, not square: it has no determinant.", len(s.outs), len(s.x0))
	}
	t := fmt.Sprintf("det J = %.5g: f scales small areas by |det J|", n.Det)
	if n.Det < 0 {
		t += " and turns them over"
	}
	if s.planes {
		t += fmt.Sprintf(".\nThe square's image has %.4g times its area (negative if\nturned over), which tends to det J as the square shrinks.", n.AreaRatio)
	}
	return t
}

// drawMatrix draws J's caption, its grid with the names of its entries on
// the left, and the texts below.
func (s *jacobian) drawMatrix(screen *ebiten.Image) {
	sc := s.scale
	r := s.right
	t := &s.texts
	t.head[0].Draw(screen, float64(r.Min.X), float64(r.Min.Y))
	s.jgrid.Draw(screen)
	gb := s.jgrid.Bounds()
	w, asc, desc := s.formula.Metrics()
	s.formula.Draw(screen, float64(gb.Min.X)-w-8*sc, float64(gb.Min.Y+gb.Max.Y)/2-(asc+desc)/2)
	t.body.Draw(screen, float64(r.Min.X), float64(gb.Max.Y)+12*sc)
}

// describeMatrix gives x₀, f(x₀), J's rows and, when J is square, its
// determinant.
func (s *jacobian) describeMatrix() string {
	n := s.nums
	d := fmt.Sprintf("At x₀ = %s, f(x₀) = %s. The Jacobian's rows are %s.", model.VecText(s.x0), model.VecText(n.Y), rowsText(n.Jac))
	if len(s.outs) == len(s.x0) {
		d += fmt.Sprintf(" Its determinant is %.6g.", n.Det)
	}
	return d
}
