package mathtex_test

import (
	"fmt"
	"image/color"
	"log"

	"github.com/jacobianlab/jacobianlab/viz/mathtex"
)

// printLayout prints a layout's box and its items, in pixels rounded to
// tenths: what a drawing of the formula needs.
func printLayout(l *mathtex.Layout) {
	w, asc, desc := l.Metrics()
	fmt.Printf("box %.1f wide, %.1f up, %.1f down\n", w, asc, desc)
	for _, it := range l.Items() {
		switch it.Kind {
		case mathtex.GlyphsItem:
			fmt.Printf("glyphs %q at (%.1f, %.1f)", it.Text, it.X, it.Y)
			if it.Colored {
				fmt.Printf(" in %v", it.Color)
			}
			fmt.Println()
		case mathtex.RuleItem:
			fmt.Printf("rule %.1f × %.1f at (%.1f, %.1f)\n", it.W, it.H, it.X, it.Y)
		case mathtex.DelimItem:
			fmt.Printf("delimiter %c %.1f × %.1f at (%.1f, %.1f)\n", it.Shape, it.W, it.H, it.X, it.Y)
		}
	}
}

func ExampleTeX() {
	n, err := mathtex.TeX(`\frac{\partial f}{\partial x} = \cos x`)
	if err != nil {
		log.Fatal(err)
	}
	var l mathtex.Layout
	l.Set(n, 20)
	printLayout(&l)
	// Output:
	// box 84.8 wide, 28.8 up, 14.0 down
	// glyphs "∂" at (4.1, -14.4)
	// glyphs "f" at (13.9, -14.4)
	// glyphs "∂" at (2.4, 13.7)
	// glyphs "x" at (12.3, 13.7)
	// rule 21.2 × 1.0 at (1.2, -7.1)
	// glyphs "=" at (29.1, 0.0)
	// glyphs "cos" at (46.0, 0.0)
	// glyphs "x" at (75.9, 0.0)
}

func ExampleTeX_error() {
	_, err := mathtex.TeX(`\frac{1}`)
	fmt.Println(err)
	// Output:
	// mathtex: TeX: missing argument at byte 8 of "\\frac{1}"
}

func ExampleLayout() {
	// The Jacobian of (x, y) ↦ (x y, sin x) at a point where y is a live
	// number, picked out in orange.
	orange := color.RGBA{R: 0xd5, G: 0x5e, A: 0xff}
	y := 0.75
	n := mathtex.Row(mathtex.Ital("J"), mathtex.Rel("="), mathtex.Mat([][]mathtex.Node{
		{mathtex.Colored(orange, mathtex.Numf(y, 2)), mathtex.Ital("x")},
		{mathtex.Row(mathtex.Op("cos"), mathtex.Ital("x")), mathtex.Num("0")},
	}))
	var l mathtex.Layout
	l.Set(n, 20)
	printLayout(&l)
	// Output:
	// box 118.9 wide, 35.1 up, 21.9 down
	// glyphs "J" at (0.0, 0.0)
	// glyphs "=" at (15.2, 0.0)
	// glyphs "0.75" at (43.0, -16.1) in {213 94 0 255}
	// glyphs "x" at (100.5, -16.1)
	// glyphs "cos" at (41.0, 11.9)
	// glyphs "x" at (71.0, 11.9)
	// glyphs "0" at (99.9, 11.9)
	// delimiter [ 7.0 × 57.0 at (32.0, -35.1)
	// delimiter ] 7.0 × 57.0 at (111.9, -35.1)
}

func ExampleAppendKey() {
	// A live number changes a formula's key only when the digits shown
	// change, and so does whatever is cached by the key.
	key := func(v float64) string {
		return string(mathtex.AppendKey(nil, mathtex.Row(mathtex.Ital("y"), mathtex.Rel("="), mathtex.Numf(v, 2))))
	}
	fmt.Println(key(0.751) == key(0.749))
	fmt.Println(key(0.751) == key(0.76))
	// Output:
	// true
	// false
}
