//go:build display

package scenes

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// TestScenesDrawThroughViz checks that no file of the lessons draws with
// Ebiten's vector package directly: shapes come from viz (Line, Polyline,
// Arrow, Polygon, FillRect, StrokeRect, Rule), so that how a shape is drawn
// is decided, and batched, in one place.
func TestScenesDrawThroughViz(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "github.com/hajimehoshi/ebiten/v2/vector" {
				t.Errorf("%s imports %s: draw with viz instead", name, path)
			}
		}
	}
}

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
