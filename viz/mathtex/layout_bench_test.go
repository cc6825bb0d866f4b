package mathtex

import "testing"

// jacobianFormula is a 2×2 Jacobian with live numbers, as a scene shows it:
// J = ∂f/∂x = [[cos x₁, v], [0, −sin x₂]] with v the changing entry.
func jacobianFormula(v float64) Node {
	return Row(Ital("J"), Rel("="), Frac(Row(Roman("∂"), Ital("f")), Row(Roman("∂"), Bold("x"))), Rel("="),
		Mat([][]Node{
			{Row(Op("cos"), Sub(Ital("x"), Num("1"))), Numf(v, 4)},
			{Num("0"), Row(Bin("−"), Op("sin"), Sub(Ital("x"), Num("2")))},
		}))
}

// BenchmarkLayout measures laying out the 2×2 Jacobian formula
// (building its nodes included), with the fonts' glyphs already measured.
func BenchmarkLayout(b *testing.B) {
	var l Layout
	l.Set(jacobianFormula(0.5), 24)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Set(jacobianFormula(float64(i%1000)/1000), 24)
	}
	b.ReportMetric(float64(len(l.items)), "items")
}
