//go:build display

package viz

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

func TestColorMap(t *testing.T) {
	m := CoolWarm
	if got := m.At(0, 1); got != Light.Panel {
		t.Errorf("At(0) = %v, want the panel colour %v", got, Light.Panel)
	}
	if got := m.At(math.Copysign(0, -1), 1); got != Light.Panel {
		t.Errorf("At(-0) = %v, want the panel colour %v", got, Light.Panel)
	}
	if got := m.At(math.NaN(), 1); got != Light.Muted {
		t.Errorf("At(NaN) = %v, want the muted colour %v", got, Light.Muted)
	}
	// Every non-zero value has its sign's hue, however small: blue below
	// zero, red above, and none is the zero colour.
	for _, v := range []float64{1e-300, 1e-9, 0.01, 0.3, 1, 5, math.Inf(1)} {
		pos, neg := m.At(v, 1), m.At(-v, 1)
		if pos == m.Zero || neg == m.Zero {
			t.Errorf("±%g drawn as zero", v)
		}
		if pos.R <= pos.B {
			t.Errorf("At(%g) = %v is not red", v, pos)
		}
		if neg.B <= neg.R {
			t.Errorf("At(%g) = %v is not blue", -v, neg)
		}
	}
	// The scale is symmetric: ±v are equally light, and darker the
	// farther from zero; values beyond the scale saturate.
	prev := 1.0
	for _, v := range []float64{0.1, 0.25, 0.5, 0.75, 1} {
		lp, ln := luminance(m.At(v, 1)), luminance(m.At(-v, 1))
		// Moreland's map is symmetric in lightness; 0.01 allows for 8-bit
		// rounding.
		if math.Abs(lp-ln) > 0.01 {
			t.Errorf("luminance at ±%g: %.3f and %.3f differ", v, lp, ln)
		}
		if lp >= prev {
			t.Errorf("luminance at %g = %.3f not below %.3f nearer zero", v, lp, prev)
		}
		prev = lp
	}
	if m.At(3, 2) != m.At(2, 2) || m.At(-7, 2) != m.At(-2, 2) {
		t.Error("values beyond the scale are not saturated")
	}
	if m.At(1, 2) != m.At(0.5, 1) {
		t.Error("the colour does not depend on v/scale only")
	}
	// A scale that is not positive counts as 1.
	if m.At(0.5, 0) != m.At(0.5, 1) || m.At(0.5, math.NaN()) != m.At(0.5, 1) {
		t.Error("a zero or NaN scale does not count as 1")
	}
}

// drawGrid prepares g in r at scale 1 and draws it onto a background of the
// theme's colour, returning the pixels.
func drawGrid(g *Grid, r image.Rectangle) *image.RGBA {
	g.Prepare(r, 1)
	img := ebiten.NewImage(r.Max.X+10, r.Max.Y+10)
	img.Fill(Light.Background)
	g.Draw(img)
	return pixels(img)
}

// corner returns a pixel near the top-left corner of the cell r, away from
// the lines and the number.
func corner(img *image.RGBA, r image.Rectangle) color.Color {
	return img.At(r.Min.X+3, r.Min.Y+3)
}

func TestGridColours(t *testing.T) {
	m := core.New(core.Shape{2, 3}, []float64{
		0, 2, -1,
		0.5, -2, 0,
	})
	g := NewGrid(m)
	img := drawGrid(g, image.Rect(0, 0, 300, 200))
	for i := range 2 {
		for j := range 3 {
			v := m.At(i, j)
			// The scale is the largest magnitude, 2.
			want := CoolWarm.At(v, 2)
			if v == 0 {
				want = Light.Panel
			}
			if got := corner(img, g.CellRect(i, j)); !viztest.Close(got, want, 1) {
				t.Errorf("cell (%d, %d) of %v: colour %v, want %v", i, j, v, got, want)
			}
		}
	}
	// 2 is full red and -2 full blue; -1 is a lighter blue.
	if !viztest.Close(corner(img, g.CellRect(0, 1)), CoolWarm.At(1, 1), 1) ||
		!viztest.Close(corner(img, g.CellRect(1, 1)), CoolWarm.At(-1, 1), 1) {
		t.Error("the largest magnitudes are not drawn in the end colours")
	}

	// NaN has its own colour, and neither NaN nor infinities change the
	// scale.
	m.Data()[0], m.Data()[5] = math.NaN(), math.Inf(-1)
	g.SetTensor(m)
	img = drawGrid(g, image.Rect(0, 0, 300, 200))
	for _, c := range []struct {
		i, j int
		want color.RGBA
	}{
		{0, 0, Light.Muted},
		{1, 2, CoolWarm.At(-1, 1)},
		{0, 2, CoolWarm.At(-1, 2)},
	} {
		if got := corner(img, g.CellRect(c.i, c.j)); !viztest.Close(got, c.want, 1) {
			t.Errorf("cell (%d, %d) of %v: colour %v, want %v", c.i, c.j, m.At(c.i, c.j), got, c.want)
		}
	}

	// A fixed scale changes the colours and re-renders.
	g.SetScale(4)
	img = drawGrid(g, image.Rect(0, 0, 300, 200))
	if got, want := corner(img, g.CellRect(0, 1)), CoolWarm.At(0.5, 1); !viztest.Close(got, want, 1) {
		t.Errorf("2 on the scale 4: colour %v, want %v", got, want)
	}
}

func TestGridNumbers(t *testing.T) {
	m := core.New(core.Shape{2, 2}, []float64{1, -1, 0.25, 0})
	// Large cells show the numbers: the cell of 1, a light red, holds dark
	// text pixels; small cells are a single colour.
	for _, c := range []struct {
		size    int
		numbers bool
	}{
		{200, true},
		{24, false},
	} {
		g := NewGrid(m)
		img := drawGrid(g, image.Rect(0, 0, c.size, c.size))
		r := g.CellRect(1, 0)
		inner := image.Rect(r.Min.X+1, r.Min.Y+1, r.Max.X-1, r.Max.Y-1)
		if got := viztest.Uniform(img, inner); got == c.numbers {
			t.Errorf("grid of %d pixels, cell of %d: uniform %t, want numbers %t", c.size, r.Dx(), got, c.numbers)
		}
		if c.numbers && viztest.Count(img, inner, Light.Text, 60) == 0 {
			t.Errorf("grid of %d pixels: no dark text in the cell of 0.25", c.size)
		}
		// NumberSize gives the size the numbers are drawn at.
		if px := g.NumberSize(); px != g.numPx || (px > 0) != c.numbers {
			t.Errorf("grid of %d pixels: NumberSize %v, numbers drawn at %v", c.size, px, g.numPx)
		}
	}
}

// TestGridLeastNumber draws cells in which numbers would be 7 to 9
// pixels: by default they are drawn so, and the frame's record gives
// their size, which the layout rules reject; with a least size of
// MinGridPx the cells show their colours only, and the record gives no
// numbers.
func TestGridLeastNumber(t *testing.T) {
	m := core.New(core.Shape{2, 2}, []float64{1, -1, 0.25, 0})
	r := image.Rect(0, 0, 60, 60)
	for _, least := range []float64{0, MinGridPx} {
		g := NewGrid(m)
		g.SetLeastNumber(least)
		screen := ebiten.NewImage(r.Dx(), r.Dy())
		g.Prepare(r, 1)
		BeginFrame(screen, 1)
		g.Draw(screen)
		drawn := EndFrame(nil)
		if len(drawn) != 2 || drawn[1].Kind != DrawnGrid {
			t.Fatalf("least %v: recorded %+v, want the canvas and the grid", least, drawn)
		}
		probs := LayoutProblems(drawn, TouchTarget)
		c := g.CellRect(1, 0) // the cell of 0.25, light red under dark digits
		inner := image.Rect(c.Min.X+1, c.Min.Y+1, c.Max.X-1, c.Max.Y-1)
		plain := viztest.Uniform(pixels(screen), inner)
		if least == 0 {
			if px := drawn[1].Px; px < gridMinNum || px >= MinGridPx || plain || len(probs) != 1 || !strings.Contains(probs[0], "text of") {
				t.Errorf("no least size: numbers of %v px, plain cell %t, problems %q; want numbers of 7 to 9 px, which the rules reject", px, plain, probs)
			}
			continue
		}
		if px := drawn[1].Px; px != 0 || g.NumberSize() != 0 || !plain || len(probs) != 0 {
			t.Errorf("least %v: numbers of %v px (NumberSize %v), plain cell %t, problems %q; want colours only", least, px, g.NumberSize(), plain, probs)
		}
		// As soon as there is room for them, the numbers come back.
		g.Prepare(image.Rect(0, 0, 100, 100), 1)
		if px := g.NumberSize(); px < MinGridPx {
			t.Errorf("least %v in a grid of 100 pixels: numbers of %v px, want at least %v", least, px, MinGridPx)
		}
	}
}

// A grid whose cells are as CellFor says shows its numbers at least as
// large as asked.
func TestGridCellFor(t *testing.T) {
	for _, data := range [][]float64{{1, -1, 0.25, 0}, {-0.00046, 0.0021, 12345, 0.0961, -0.481}} {
		for _, px := range []float64{10, 12, 14} {
			cell := int(CellFor(data, px))
			g := NewGrid(core.New(core.Shape{len(data)}, data))
			drawGrid(g, image.Rect(0, 0, len(data)*cell+1, 200))
			if got := g.CellRect(0).Dx() - 1; got != cell {
				t.Fatalf("%v: cells of %d pixels, want CellFor's %d", data, got, cell)
			}
			if g.numPx < px {
				t.Errorf("%v in cells of %d pixels: numbers of %v pixels, want at least %v", data, cell, g.numPx, px)
			}
		}
	}
}

func TestGridHighlight(t *testing.T) {
	green := color.RGBA{0x00, 0xc0, 0x00, 0xff} // in neither the map nor the theme
	m := core.New(core.Shape{3, 3}, []float64{1, -2, 3, -4, 5, -6, 7, -8, 9})
	g := NewGrid(m)
	g.SetHighlights(Highlight{Index: []int{1, 0}, Free: []int{1}, Color: green})
	img := drawGrid(g, image.Rect(0, 0, 300, 300))
	// A row's band without the lines it shares with its neighbours, on
	// which the frame of a neighbour lies.
	band := func(i int) image.Rectangle {
		r := g.CellRect(i, 0).Union(g.CellRect(i, 2))
		return image.Rect(r.Min.X, r.Min.Y+1, r.Max.X, r.Max.Y-1)
	}
	for i := range 3 {
		n := viztest.Count(img, band(i), green, 10)
		if (n > 0) != (i == 1) {
			t.Errorf("row %d has %d highlight pixels", i, n)
		}
	}
	// The frame joins into one outline: no highlight between the cells
	// of the row, halfway down.
	r := g.CellRect(1, 1)
	mid := image.Rect(r.Min.X, (r.Min.Y+r.Max.Y)/2, r.Max.X, (r.Min.Y+r.Max.Y)/2+1)
	if n := viztest.Count(img, mid, green, 10); n != 0 {
		t.Errorf("highlight inside the row's outline: %d pixels across the middle cell", n)
	}

	// The frame of a whole vector joins into one outline across its cells,
	// drawn as a row or, set vertical after the highlight, as a column.
	v := NewGrid(core.New(core.Shape{4}, []float64{1, 2, 3, 4}))
	v.SetHighlights(Highlight{Index: []int{0}, Free: []int{0}, Color: green})
	for _, vertical := range []bool{false, true} {
		v.SetVertical(vertical)
		img := drawGrid(v, image.Rect(0, 0, 300, 300))
		a, b := v.CellRect(1), v.CellRect(2)
		// The line between cells 1 and 2, and a pixel either side of it,
		// away from the outline.
		between := image.Rect(b.Min.X-1, a.Min.Y+8, b.Min.X+2, a.Max.Y-8)
		if vertical {
			between = image.Rect(a.Min.X+8, b.Min.Y-1, a.Max.X-8, b.Min.Y+2)
		}
		if n := viztest.Count(img, between, green, 10); n != 0 {
			t.Errorf("vertical %t: %d highlight pixels between cells 1 and 2", vertical, n)
		}
		if n := viztest.Count(img, a.Union(b), green, 10); n == 0 {
			t.Errorf("vertical %t: no outline", vertical)
		}
	}

	// A fibre along axis 0 of a rank-3 tensor crosses the blocks: cell
	// (b, 1, 2) of every block b is framed, and nothing else.
	t3 := core.Zeros(3, 2, 3)
	g = NewGrid(t3)
	g.SetHighlights(Highlight{Index: []int{2, 1, 2}, Free: []int{0}, Color: green})
	img = drawGrid(g, image.Rect(0, 0, 500, 200))
	total := viztest.Count(img, img.Bounds(), green, 10)
	inFibre := 0
	for b := range 3 {
		n := viztest.Count(img, g.CellRect(b, 1, 2), green, 10)
		if n == 0 {
			t.Errorf("cell (%d, 1, 2) of the fibre not framed", b)
		}
		inFibre += n
	}
	if total != inFibre {
		t.Errorf("%d highlight pixels outside the fibre", total-inFibre)
	}

	if !panics(func() { g.SetHighlights(Highlight{Index: []int{0, 0}}) }) {
		t.Error("SetHighlights did not panic on an index of the wrong rank")
	}
	if !panics(func() { g.SetHighlights(Highlight{Index: []int{0, 0, 0}, Free: []int{3}}) }) {
		t.Error("SetHighlights did not panic on an axis out of range")
	}
}

// panics reports whether fn panics.
func panics(fn func()) (p bool) {
	defer func() { p = recover() != nil }()
	fn()
	return false
}

func TestGridHit(t *testing.T) {
	for _, c := range []struct {
		shape    core.Shape
		vertical bool
	}{
		{core.Shape{}, false},
		{core.Shape{5}, false},
		{core.Shape{5}, true},
		{core.Shape{3, 4}, false},
		{core.Shape{2, 3, 4}, false},
		{core.Shape{2, 3, 4}, true},
		{core.Shape{2, 3, 2, 2}, false},
		{core.Shape{2, 2, 2, 2, 3}, false},
		{core.Shape{64, 64}, false},
	} {
		g := NewGrid(core.New(c.shape, nil))
		g.SetVertical(c.vertical)
		g.Prepare(image.Rect(20, 30, 620, 430), 1)
		cells := map[image.Rectangle]bool{}
		for p := range c.shape.Size() {
			idx := c.shape.Unravel(p)
			r := g.CellRect(idx...)
			if !r.In(g.Bounds()) {
				t.Errorf("shape %v: cell %v at %v outside the grid %v", c.shape, idx, r, g.Bounds())
			}
			if cells[r] {
				t.Errorf("shape %v: cell %v at %v overlaps another", c.shape, idx, r)
			}
			cells[r] = true
			// Every pixel of the cell but the shared line on its right
			// and bottom hits it.
			for _, pt := range []image.Point{r.Min, r.Max.Sub(image.Pt(2, 2)), r.Min.Add(r.Max).Div(2)} {
				got, ok := g.Hit(float64(pt.X)+0.5, float64(pt.Y)+0.5)
				if !ok || !slices.Equal(got, idx) {
					t.Errorf("shape %v: Hit(%v) = %v, %t, want %v", c.shape, pt, got, ok, idx)
				}
			}
		}
		if _, ok := g.Hit(10, 10); ok {
			t.Errorf("shape %v: a point outside the grid hits", c.shape)
		}
	}

	// The gaps between blocks and the blocks' labels hit nothing.
	g := NewGrid(core.Zeros(2, 2, 3, 3))
	g.Prepare(image.Rect(0, 0, 600, 400), 1)
	a, b := g.CellRect(0, 0, 0, 2), g.CellRect(0, 1, 0, 0)
	if b.Min.X-a.Max.X < 4 {
		t.Fatalf("blocks across are %d pixels apart", b.Min.X-a.Max.X)
	}
	if _, ok := g.Hit(float64(a.Max.X+b.Min.X)/2, float64(a.Min.Y+2)); ok {
		t.Error("the gap between blocks across hits")
	}
	c, d := g.CellRect(0, 0, 2, 0), g.CellRect(1, 0, 0, 0)
	if d.Min.Y <= c.Max.Y || d.Min.X != c.Min.X {
		t.Fatalf("block (1, 0) at %v is not below block (0, 0) ending at %v", d, c)
	}
	if _, ok := g.Hit(float64(d.Min.X+2), float64(d.Min.Y-3)); ok {
		t.Error("the label above a block hits")
	}
}

func TestGridLayout(t *testing.T) {
	// A vector is a row, or a column when vertical.
	g := NewGrid(core.Zeros(4))
	g.Prepare(image.Rect(0, 0, 400, 400), 1)
	if a, b := g.CellRect(0), g.CellRect(1); a.Min.Y != b.Min.Y || b.Min.X <= a.Min.X {
		t.Errorf("vector cells at %v and %v are not a row", a, b)
	}
	g.SetVertical(true)
	g.Prepare(image.Rect(0, 0, 400, 400), 1)
	if a, b := g.CellRect(0), g.CellRect(1); a.Min.X != b.Min.X || b.Min.Y <= a.Min.Y {
		t.Errorf("vertical vector cells at %v and %v are not a column", a, b)
	}
	// Cells are square and never larger than the maximum.
	if r := g.CellRect(0); r.Dx() != r.Dy() || r.Dx() > gridMaxCell+1 {
		t.Errorf("cell %v is not square or too large", r)
	}
	// The grid fits in its rectangle, centred.
	g = NewGrid(core.Zeros(2, 3, 4, 5))
	r := image.Rect(10, 20, 510, 320)
	g.Prepare(r, 1)
	if b := g.Bounds(); !b.In(r) || math.Abs(float64(b.Min.X-r.Min.X-(r.Max.X-b.Max.X))) > 1 {
		t.Errorf("grid at %v not centred in %v", b, r)
	}
	// Block labels name the leading indices.
	if got := blockLabel(core.Shape{2, 3, 4, 5}, core.Shape{2, 3, 4, 5}.Ravel(1, 2, 0, 0)); got != "[2,3,:,:]" {
		t.Errorf("block label %q, want [2,3,:,:]", got)
	}
}

func TestGridFilled(t *testing.T) {
	m := core.New(core.Shape{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	g := NewGrid(m)
	g.SetFilled(4, 1)
	img := drawGrid(g, image.Rect(0, 0, 300, 200))
	for p := range 6 {
		idx := m.Shape().Unravel(p)
		r := g.CellRect(idx...)
		inner := image.Rect(r.Min.X+1, r.Min.Y+1, r.Max.X-1, r.Max.Y-1)
		got := corner(img, r)
		if p < 4 {
			if want := CoolWarm.At(m.Data()[p], 6); !viztest.Close(got, want, 1) {
				t.Errorf("filled entry %v: colour %v, want %v", idx, got, want)
			}
			continue
		}
		if !viztest.Close(got, Light.Panel, 1) || !viztest.Uniform(img, inner) {
			t.Errorf("entry %v not filled yet is not empty", idx)
		}
	}
	// The last entry shown fades in: at opacity 0.5 its colour is halfway
	// from empty.
	g.SetFilled(4, 0.5)
	img = drawGrid(g, image.Rect(0, 0, 300, 200))
	c := CoolWarm.At(4, 6)
	half := color.RGBA{uint8((int(c.R) + 0xff) / 2), uint8((int(c.G) + 0xff) / 2), uint8((int(c.B) + 0xff) / 2), 0xff}
	if got := corner(img, g.CellRect(1, 0)); !viztest.Close(got, half, 2) {
		t.Errorf("entry fading in at 0.5: colour %v, want %v", got, half)
	}
}

// TestGridCache checks that the cells are drawn into their cache only when
// something they show changed, at Draw, and once however many ticks (each
// a Prepare) changed them before it.
func TestGridCache(t *testing.T) {
	m := core.New(core.Shape{3, 3}, nil)
	g := NewGrid(m)
	r := image.Rect(0, 0, 200, 200)
	dst := ebiten.NewImage(300, 200)
	defer dst.Deallocate()
	frame := func() { g.Prepare(r, 1); g.Draw(dst) }
	frame()
	frame()
	g.SetHighlights(Highlight{Index: []int{1, 1}, Color: Light.Tangent})
	g.SetFilled(3, 1)
	frame()
	if g.Renders() != 1 {
		t.Errorf("%d renders without a change, want 1", g.Renders())
	}
	for i, change := range []func(){
		func() { m.Set(1, 0, 0); g.SetTensor(m) },
		func() { r = image.Rect(0, 0, 300, 200) },
		func() { g.SetScale(2) },
		func() { g.SetVertical(true) },
		g.Invalidate,
	} {
		change()
		frame()
		if g.Renders() != i+2 {
			t.Errorf("change %d: %d renders, want %d", i, g.Renders(), i+2)
		}
	}
	// Three ticks change the data before a frame: drawn once.
	for range 3 {
		g.SetTensor(m)
		g.Prepare(r, 1)
	}
	if g.Renders() != 6 {
		t.Errorf("before the frame: %d renders, want 6", g.Renders())
	}
	g.Draw(dst)
	if g.Renders() != 7 {
		t.Errorf("three changes in a frame: %d renders, want 7", g.Renders())
	}
	// The new value shows after SetTensor, on the scale 2.
	img := drawGrid(g, r)
	if got, want := corner(img, g.CellRect(0, 0)), CoolWarm.At(1, 2); !viztest.Close(got, want, 1) {
		t.Errorf("changed entry drawn %v, want %v", got, want)
	}
}

func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		v      float64
		digits int
		want   string
	}{
		{0, 3, "0"},
		{math.Copysign(0, -1), 3, "0"},
		{0.125, 3, "0.125"},
		{-3.14159, 2, "-3.1"},
		{123456, 2, "1.2×10⁵"},
		{-0.000012345, 3, "-1.23×10⁻⁵"},
		{math.Inf(1), 3, "∞"},
		{math.Inf(-1), 3, "-∞"},
		{math.NaN(), 3, "NaN"},
	} {
		if got := formatValue(c.v, c.digits); got != c.want {
			t.Errorf("formatValue(%g, %d) = %q, want %q", c.v, c.digits, got, c.want)
		}
	}
}
