//go:build display

package scenes

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/viz"
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

// TestScenesDrawInTheTheme checks that no file of the lessons names a
// theme's colours directly (viz.Light.Text): they take them from the
// theme drawn in (viz.Th), so that the page's theme key repaints them.
func TestScenesDrawInTheTheme(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "viz" && viz.Themes[strings.ToLower(sel.Sel.Name)] != nil {
				t.Errorf("%s: viz.%s: draw in viz.Th() instead", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}
