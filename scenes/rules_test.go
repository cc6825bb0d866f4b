//go:build display

package scenes

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
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
