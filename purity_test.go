package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPurePackagesNeedNoDisplay checks that the packages meant to be
// tested without a display (the command, whose export draws figures, the
// mathematics, the lessons' models and figures, the formula setter and
// the layouts) import no Ebiten, directly or not:
// Ebiten needs an X display even to start, and plain go test must pass
// on a machine without one.
func TestPurePackagesNeedNoDisplay(t *testing.T) {
	for _, pkg := range []string{".", "./core", "./core/expr", "./scenes/model", "./scenes/figure", "./viz/plotkit", "./viz/mathtex", "./viz/layout", "./viz/graphlayout"} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/hajimehoshi/ebiten") {
				t.Errorf("%s imports %s", pkg, dep)
				break
			}
		}
	}
}
