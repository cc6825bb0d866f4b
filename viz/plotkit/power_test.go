package plotkit

import (
	"slices"
	"testing"
)

// A log axis labels at most about as many decades as it is asked to, so a
// short axis keeps its labels apart; its ticks stay on every decade.
func TestDecadesLabels(t *testing.T) {
	for _, n := range []int{0, 2, 3, 6} {
		ticks := Decades{Labels: n}.Ticks(1e-12, 1)
		labelled, want := 0, n
		if want == 0 {
			want = 6
		}
		for _, tk := range ticks {
			if tk.Label != "" {
				labelled++
			}
		}
		if labelled > want+1 || labelled < 2 || len(ticks) < 13 {
			t.Errorf("labels %d: %d labelled of %d ticks, want at most %d labelled and a tick a decade", n, labelled, len(ticks), want+1)
		}
	}
}

// decadeLabels returns the labels of Decades' ticks from lo to hi.
func decadeLabels(lo, hi float64) []string {
	var labels []string
	for _, tk := range (Decades{}).Ticks(lo, hi) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	return labels
}

// TestDecadesRound: when a log axis labels every few decades, it labels
// those whose exponent is a multiple of the stride, so that 1 is among
// them whenever it is on the axis.
func TestDecadesRound(t *testing.T) {
	if labels, want := decadeLabels(1e-19, 10), []string{"10⁻¹⁶", "10⁻¹²", "10⁻⁸", "10⁻⁴", "1"}; !slices.Equal(labels, want) {
		t.Errorf("labels from 10⁻¹⁹ to 10: %q, want %q", labels, want)
	}
}

// TestPower: a log axis labels its decades 10ᵏ with superscript digits,
// which PowerText draws as a base and a raised exponent in plain digits;
// other labels it leaves to text.Plain.
func TestPower(t *testing.T) {
	if labels, want := decadeLabels(1e-3, 10), []string{"10⁻³", "10⁻²", "10⁻¹", "1", "10¹"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	for txt, want := range map[string]string{"10⁻¹²": "10 −12", "10⁰": "10 0", "0.5": "", "10": "", "100": ""} {
		base, exp, ok := Power(txt)
		if got := base + " " + exp; ok != (want != "") || ok && got != want {
			t.Errorf("Power(%q) = %q, %v; want %q", txt, got, ok, want)
		}
	}
}
