//go:build display

package viz

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// jacobianFormula is a 2×2 Jacobian with live numbers, as a scene shows it:
// J = ∂f/∂x = [[cos x₁, v], [0, −sin x₂]] with v the changing entry.
func jacobianFormula(v float64) Node {
	return Row(Ital("J"), Rel("="), Frac(Row(Roman("∂"), Ital("f")), Row(Roman("∂"), Bold("x"))), Rel("="),
		Mat([][]Node{
			{Row(Op("cos"), Sub(Ital("x"), Num("1"))), Numf(v, 4)},
			{Num("0"), Row(Bin("−"), Op("sin"), Sub(Ital("x"), Num("2")))},
		}))
}

// BenchmarkFormulaLayout measures laying out the 2×2 Jacobian formula
// (building its nodes included), with the fonts' glyphs already measured.
func BenchmarkFormulaLayout(b *testing.B) {
	var l mathLayout
	layoutFormula(jacobianFormula(0.5), 24, &l)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		layoutFormula(jacobianFormula(float64(i%1000)/1000), 24, &l)
	}
	b.ReportMetric(float64(len(l.items)), "items")
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
