package core

import (
	"math"
	"testing"
)

func TestPlainNotation(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{Sprintf("%.2g", 6.87e10), "6.9 × 10¹⁰"},
		{Sprintf("%.3g", 1.5e-7), "1.5 × 10⁻⁷"},
		{Sprintf("%.6g", 0.25), "0.25"},
		{Sprintf("%v and %d", 1e21, 3), "1 × 10²¹ and 3"},
		{Sprintf("%e", 12.5), "1.250000 × 10¹"},
		{Sprintf("[%-10g]", 1e-9), "[1 × 10⁻⁹  ]"},
		{Sprintf("[%8g]", 0.5), "[     0.5]"},
		{Sprintf("%+.3g", -2e-5), "-2 × 10⁻⁵"},
		{Sprintf("%.3g", math.NaN()), "NaN"},
		{Sprintf("%.3g", math.Inf(1)), "+Inf"},
		{TeXSprintf("%.2g", 6.87e10), `6.9 \times 10^{10}`},
		{Float(2.5e-12, 3), "2.5 × 10⁻¹²"},
		{Float(-1234.5, 6), "-1234.5"},
		{"10" + Superscript(-30), "10⁻³⁰"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
