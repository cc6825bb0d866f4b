package model

import (
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestBackpropRulesCoverCore checks that the backprop lesson has a closed
// form for every operation core can put in a graph (core.OpNames, which
// core's own test keeps in step with its operations), so that a new
// operation cannot reach the lesson without its rule.
func TestBackpropRulesCoverCore(t *testing.T) {
	for _, name := range core.OpNames() {
		key := name
		switch name {
		case "input", "const":
			continue
		case "matmul": // filed as a tensordot, or a dot when every axis is summed
			key = "tensordot"
		}
		if _, ok := bpRules[key]; !ok {
			t.Errorf("core's operation %q has no rule in bpRules", name)
		}
	}
	if _, ok := bpRules["dot"]; !ok {
		t.Error("no rule for a contraction of every axis (dot)")
	}
}
