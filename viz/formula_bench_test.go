//go:build display

package viz

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// jacobianFormula is a 2×2 Jacobian with live numbers, as a scene shows it:
// J = ∂f/∂x = [[cos x₁, v], [0, −sin x₂]] with v the changing entry.
func jacobianFormula(v float64) mathtex.Node {
	return mathtex.Row(mathtex.Ital("J"), mathtex.Rel("="),
		mathtex.Frac(mathtex.Row(mathtex.Roman("∂"), mathtex.Ital("f")), mathtex.Row(mathtex.Roman("∂"), mathtex.Bold("x"))), mathtex.Rel("="),
		mathtex.Mat([][]mathtex.Node{
			{mathtex.Row(mathtex.Op("cos"), mathtex.Sub(mathtex.Ital("x"), mathtex.Num("1"))), mathtex.Numf(v, 4)},
			{mathtex.Num("0"), mathtex.Row(mathtex.Bin("−"), mathtex.Op("sin"), mathtex.Sub(mathtex.Ital("x"), mathtex.Num("2")))},
		}))
}

// BenchmarkFormulaRender measures what a live number costs when it
// changes: building, keying, laying out and drawing the 2×2 Jacobian
// formula into its cached image, every frame a new number, and drawing the
// image (ms/render is the CPU time; see timeFrames).
func BenchmarkFormulaRender(b *testing.B) {
	dst := ebiten.NewImage(320, 240)
	defer dst.Deallocate()
	var f Formula
	i := 0
	timeFrames(b, dst, "ms/render", func() {
		i++
		f.Set(jacobianFormula(float64(i%1000)/1000), 24)
		f.Draw(dst, 10, 10) // renders the new number
	})
	if f.Renders() != i {
		b.Errorf("%d renders for %d new numbers", f.Renders(), i)
	}
}

// BenchmarkFormulaDraw measures a steady frame: the scene sets the same
// formula again and draws the cached image.
func BenchmarkFormulaDraw(b *testing.B) {
	dst := ebiten.NewImage(320, 240)
	defer dst.Deallocate()
	var f Formula
	f.Set(jacobianFormula(0.5), 24)
	f.Draw(dst, 10, 10) // the first render
	before := f.Renders()
	timeFrames(b, dst, "ms/frame", func() {
		f.Set(jacobianFormula(0.5), 24)
		f.Draw(dst, 10, 10)
	})
	b.ReportMetric(float64(f.Renders()-before)/float64(b.N), "renders/op")
}
