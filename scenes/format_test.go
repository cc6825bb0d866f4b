//go:build display

package scenes

import "testing"

// TestLiveFormula sets a formula that parses and one that does not: the
// good one is shown, and the error is kept for the next Update, once.
func TestLiveFormula(t *testing.T) {
	var f liveFormula
	f.setTeX(`\frac{a}{b} = 0.5`, 18)
	if err := f.takeErr(); err != nil {
		t.Fatalf("a good formula gave %v", err)
	}
	w, _, _ := f.Metrics()
	f.setTeX(`\frac{a}{b`, 18)
	if err := f.takeErr(); err == nil {
		t.Error("an unclosed brace gave no error")
	}
	if err := f.takeErr(); err != nil {
		t.Errorf("the error was reported twice: %v", err)
	}
	if w2, _, _ := f.Metrics(); w2 != w {
		t.Errorf("the bad source replaced the shown formula (width %g, was %g)", w2, w)
	}
}
