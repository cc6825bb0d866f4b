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
	"github.com/jacobianlab/jacobianlab/viz/graphlayout"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// traceTanh returns the graph of L = sum(h·h), h = tanh(W·x + b), with W
// 2×2 and x, b of 2 entries: nodes W, x, b, matmul, add, h, mul, L.
func traceTanh(t *testing.T) *core.Graph {
	t.Helper()
	f := func(x []*core.Node) *core.Node {
		h := core.Tanh(core.Add(core.MatMul(x[0], x[1]), x[2])).Named("h")
		return core.Sum(core.Mul(h, h)).Named("L")
	}
	in := []*core.Tensor{
		core.New(core.Shape{2, 2}, []float64{0.5, -1, 2, 0.25}),
		core.New(core.Shape{2}, []float64{1, 2}),
		core.New(core.Shape{2}, []float64{0.1, -0.2}),
	}
	g, err := core.Trace(f, in, &core.Settings{Names: []string{"W", "x", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// graphScreenBox returns node i's box on the screen.
func graphScreenBox(v *GraphView, i int) (x0, y0, x1, y1 float64) {
	p := v.Layout().Nodes[i]
	x0, y0 = v.ToScreen(p.X, p.Y)
	x1, y1 = v.ToScreen(p.X+p.W, p.Y+p.H)
	return x0, y0, x1, y1
}

// inset returns the box shrunk by d on every side, as pixels.
func inset(x0, y0, x1, y1, d float64) image.Rectangle {
	return image.Rect(int(math.Ceil(x0+d)), int(math.Ceil(y0+d)), int(x1-d), int(y1-d))
}

// edgeSamples returns points on the line of each segment of e on the
// screen, away from its joints and arrow head.
func edgeSamples(v *GraphView, e graphlayout.Edge) [][2]float64 {
	var out [][2]float64
	for k := 1; k < len(e.Points); k++ {
		x0, y0 := v.ToScreen(e.Points[k-1].X, e.Points[k-1].Y)
		x1, y1 := v.ToScreen(e.Points[k].X, e.Points[k].Y)
		if math.Hypot(x1-x0, y1-y0) < 8 {
			continue
		}
		// The last segment ends in the arrow head: sample before it.
		t := 0.5
		if k == len(e.Points)-1 {
			t = 0.3
		}
		out = append(out, [2]float64{x0 + t*(x1-x0), y0 + t*(y1-y0)})
	}
	return out
}

// drawView prepares v in r and draws it on a 1200×400 image of the theme's
// background, returned as pixels.
func drawView(v *GraphView, r image.Rectangle) *image.RGBA {
	dst := ebiten.NewImage(1200, 400)
	dst.Fill(Light.Background)
	v.Prepare(r, 1)
	v.Draw(dst)
	return pixels(dst)
}

func TestGraphViewPixels(t *testing.T) {
	g := traceTanh(t)
	v := NewGraphView(g)
	r := image.Rect(10, 20, 1190, 380)
	got := drawView(v, r)
	if v.Renders() != 1 {
		t.Errorf("%d renders after the first Prepare, want 1", v.Renders())
	}
	const tol = 12 // antialiasing and blending leave colours a little off
	for i, n := range g.Nodes() {
		x0, y0, x1, y1 := graphScreenBox(v, i)
		if x0 < float64(r.Min.X) || y0 < float64(r.Min.Y) || x1 > float64(r.Max.X) || y1 > float64(r.Max.Y) {
			t.Errorf("node %v at (%v, %v)–(%v, %v) is outside %v", n, x0, y0, x1, y1, r)
		}
		// Inside the border, most of the box is its fill; the rest is
		// its label, with dark text.
		in := inset(x0, y0, x1, y1, 3)
		area := in.Dx() * in.Dy()
		if c := viztest.Count(got, in, graphFill(n), tol); c < area/2 {
			t.Errorf("node %v: %d of %d pixels of its fill %v", n, c, area, graphFill(n))
		}
		if c := viztest.Count(got, in, Light.Text, 60); c == 0 {
			t.Errorf("node %v: no label text", n)
		}
		// The border is drawn around it.
		if !viztest.Near(got, (x0+x1)/2, y0+0.5, Light.Border, 1, 30) {
			t.Errorf("node %v: no border at the top", n)
		}
	}
	for _, e := range v.Layout().Edges {
		for _, p := range edgeSamples(v, e) {
			if !viztest.Near(got, p[0], p[1], Light.Muted, 1, 60) {
				t.Errorf("edge %d→%d: no line at (%.1f, %.1f)", e.From, e.To, p[0], p[1])
			}
		}
		// The arrow head fills the end of the edge, where the line
		// has stopped.
		n := len(e.Points)
		tx, ty := v.ToScreen(e.Points[n-1].X, e.Points[n-1].Y)
		bx, by := v.ToScreen(e.Points[n-2].X, e.Points[n-2].Y)
		d := math.Hypot(tx-bx, ty-by)
		head := 0.6 * v.px * v.k
		hx, hy := tx-0.3*head*(tx-bx)/d, ty-0.3*head*(ty-by)/d
		if !viztest.Near(got, hx, hy, Light.Muted, 1, 60) {
			t.Errorf("edge %d→%d: no arrow head at (%.1f, %.1f)", e.From, e.To, hx, hy)
		}
	}
	// Nothing is highlighted, and no gradient is known.
	for _, c := range []color.RGBA{FlowForward.color(), FlowBackward.color(), Th().GradText} {
		if n := viztest.Count(got, got.Bounds(), c, 40); n != 0 {
			t.Errorf("%d pixels of %v with nothing highlighted", n, c)
		}
	}
	// Outside r nothing is drawn.
	if !viztest.Uniform(got, image.Rect(0, 0, 1200, r.Min.Y)) || !viztest.Uniform(got, image.Rect(0, r.Max.Y, 1200, 400)) {
		t.Error("the view draws outside its rectangle")
	}
}

func TestGraphViewHighlights(t *testing.T) {
	g := traceTanh(t)
	v := NewGraphView(g)
	r := image.Rect(10, 20, 1190, 380)
	drawView(v, r)
	const add, h = 4, 5 // positions of add and h = tanh in g.Nodes()

	// The tanh node computing its value from add: the node and the edge
	// light up in the forward colour, and only there.
	v.HighlightNode(h, FlowForward)
	v.HighlightEdge(h, 0, FlowForward)
	got := drawView(v, r)
	fwd, back := FlowForward.color(), FlowBackward.color()
	x0, y0, x1, y1 := graphScreenBox(v, h)
	fw := graphFlowW * v.scale
	ring := inset(x0, y0, x1, y1, -fw-1)
	for _, p := range [][2]float64{{(x0 + x1) / 2, y0 - fw/2}, {(x0 + x1) / 2, y1 + fw/2}, {x0 - fw/2, (y0 + y1) / 2}, {x1 + fw/2, (y0 + y1) / 2}} {
		if !viztest.Near(got, p[0], p[1], fwd, 1, 20) {
			t.Errorf("forward node: no ring at (%.1f, %.1f)", p[0], p[1])
		}
	}
	e := v.Layout().Edge(h, 0)
	for _, p := range edgeSamples(v, e) {
		if !viztest.Near(got, p[0], p[1], fwd, 1, 20) {
			t.Errorf("forward edge: not highlighted at (%.1f, %.1f)", p[0], p[1])
		}
	}
	ex0, ey0 := v.ToScreen(e.Points[0].X, min(e.Points[0].Y, e.Points[len(e.Points)-1].Y))
	ex1, ey1 := v.ToScreen(e.Points[len(e.Points)-1].X, max(e.Points[0].Y, e.Points[len(e.Points)-1].Y))
	edgeBox := inset(ex0, ey0, ex1, ey1, -2*fw)
	if n, in := viztest.Count(got, got.Bounds(), fwd, 40), viztest.Count(got, ring.Union(edgeBox), fwd, 40); n == 0 || n != in {
		t.Errorf("forward colour: %d pixels, %d of them on the node and edge", n, in)
	}
	if n := viztest.Count(got, got.Bounds(), back, 40); n != 0 {
		t.Errorf("%d pixels of the backward colour in a forward step", n)
	}

	// The gradient flowing back from h to add replaces the highlights.
	v.ClearHighlights()
	v.HighlightNode(add, FlowBackward)
	v.HighlightEdge(h, 0, FlowBackward)
	got = drawView(v, r)
	if n := viztest.Count(got, got.Bounds(), fwd, 40); n != 0 {
		t.Errorf("%d pixels of the forward colour in a backward step", n)
	}
	x0, y0, x1, y1 = graphScreenBox(v, add)
	if !viztest.Near(got, (x0+x1)/2, y0-fw/2, back, 1, 20) {
		t.Error("backward node: no ring")
	}
	for _, p := range edgeSamples(v, e) {
		if !viztest.Near(got, p[0], p[1], back, 1, 20) {
			t.Errorf("backward edge: not highlighted at (%.1f, %.1f)", p[0], p[1])
		}
	}
	// Removing a highlight by FlowNone, then the rest.
	v.HighlightNode(add, FlowNone)
	got = drawView(v, r)
	if viztest.Near(got, (x0+x1)/2, y0-fw/2, back, 1, 40) {
		t.Error("backward node still ringed after FlowNone")
	}
	v.ClearHighlights()
	got = drawView(v, r)
	if n := viztest.Count(got, got.Bounds(), back, 40); n != 0 {
		t.Errorf("%d pixels of the backward colour after ClearHighlights", n)
	}
	// Highlights are drawn each frame on the cached picture.
	if v.Renders() != 1 {
		t.Errorf("%d renders, want 1: highlights must not redraw the picture", v.Renders())
	}
}

func TestGraphViewGrads(t *testing.T) {
	g := traceTanh(t)
	v := NewGraphView(g)
	r := image.Rect(10, 20, 1190, 380)
	drawView(v, r)
	b, err := g.Backward(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The output's gradient, 1, is known before the first step.
	L := len(g.Nodes()) - 1
	gradOf := func(got *image.RGBA, i int) int {
		x0, y0, x1, y1 := graphScreenBox(v, i)
		return viztest.Count(got, inset(x0, y0, x1, y1, 2), Th().GradText, 40)
	}
	got := drawView(v, r)
	if gradOf(got, L) != 0 {
		t.Error("a gradient is shown before SetGrads")
	}
	v.SetGrads(b)
	got = drawView(v, r)
	if v.Renders() != 2 {
		t.Errorf("%d renders after SetGrads, want 2", v.Renders())
	}
	if gradOf(got, L) == 0 {
		t.Error("the output's gradient is not shown")
	}
	if gradOf(got, L-1) != 0 {
		t.Error("a gradient is shown on a node the pass has not reached")
	}
	// Nothing changed: no render.
	v.SetGrads(b)
	drawView(v, r)
	if v.Renders() != 2 {
		t.Errorf("%d renders after SetGrads with no new gradient, want 2", v.Renders())
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	v.SetGrads(b)
	got = drawView(v, r)
	for i, n := range g.Nodes() {
		if c := gradOf(got, i); (c > 0) != (b.Grad(i) != nil) {
			t.Errorf("node %v: %d pixels of gradient text, gradient %v", n, c, b.Grad(i))
		}
	}
	// Drawing the changed nodes again gives the picture a whole render
	// gives.
	w := NewGraphView(g)
	w.SetGrads(b)
	// (Blending in other batches may round antialiased pixels of the
	// edges by one level.)
	want := drawView(w, r)
	if n := viztest.Differ(want, got, 1); n != 0 {
		t.Errorf("the nodes drawn again differ from a whole render in %d pixels", n)
	}
	// The boxes kept their places: gradients do not move the layout.
	before := v.Layout()
	v.SetGrads(nil)
	drawView(v, r)
	if v.Layout() != before {
		t.Error("SetGrads laid the graph out again")
	}
	// A new rectangle does.
	drawView(v, image.Rect(0, 0, 500, 300))
	if v.Layout() == before || v.Renders() != 5 {
		t.Errorf("a new rectangle: %d renders, want 5, and a new layout", v.Renders())
	}
}

func TestGraphViewNodeAt(t *testing.T) {
	g := traceTanh(t)
	v := NewGraphView(g)
	if v.NodeAt(100, 100) != -1 {
		t.Error("NodeAt before Prepare is not -1")
	}
	v.Prepare(image.Rect(100, 50, 1180, 410), 1)
	for i := range g.Nodes() {
		x0, y0, x1, y1 := graphScreenBox(v, i)
		for _, p := range [][2]float64{{(x0 + x1) / 2, (y0 + y1) / 2}, {x0 + 1, y0 + 1}, {x1 - 1, y1 - 1}} {
			if got := v.NodeAt(p[0], p[1]); got != i {
				t.Errorf("NodeAt(%v, %v) = %d, want %d", p[0], p[1], got, i)
			}
		}
		if got := v.NodeAt(x0-2, (y0+y1)/2); got != -1 {
			t.Errorf("NodeAt just left of node %d = %d, want -1", i, got)
		}
	}
	if got := v.NodeAt(101, 51); got != -1 {
		t.Errorf("NodeAt in the corner = %d, want -1", got)
	}
}

// sines returns the graph of a chain of n sines, about 1100 pixels wide
// and 80 high in labels of 13 pixels for n = 10.
func sines(t *testing.T, n int) *core.Graph {
	t.Helper()
	g, err := core.Trace(func(x []*core.Node) *core.Node {
		y := x[0]
		for range n {
			y = core.Sin(y)
		}
		return y
	}, []*core.Tensor{core.Scalar(1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// inView reports whether node i's box is inside the view's rectangle.
func inView(v *GraphView, i int) bool {
	x0, y0, x1, y1 := graphScreenBox(v, i)
	r := v.rect
	return x0 >= float64(r.Min.X) && y0 >= float64(r.Min.Y) && x1 <= float64(r.Max.X) && y1 <= float64(r.Max.Y)
}

func TestGraphViewFit(t *testing.T) {
	g := sines(t, 10)
	for _, test := range []struct {
		r        image.Rectangle
		scale    float64
		px       float64 // the label size in device pixels, 0 for between the least and the most
		whole    bool    // whether the whole graph is in view
		vertical bool
	}{
		{image.Rect(0, 0, 1400, 120), 1, graphFontPx, true, false},
		{image.Rect(0, 0, 2800, 240), 2, 2 * graphFontPx, true, false},
		{image.Rect(0, 0, 1250, 120), 1, 0, true, false},
		// Too small at 11 pixels: the labels stay at 11, and the view
		// shows the start of the graph, across, or down in a tall
		// rectangle.
		{image.Rect(0, 0, 400, 120), 1, graphMinFontPx, false, false},
		{image.Rect(0, 0, 800, 240), 2, 2 * graphMinFontPx, false, false},
		{image.Rect(0, 0, 200, 600), 1, graphMinFontPx, false, true},
		{image.Rect(0, 0, 200, 1200), 1, graphFontPx, true, true},
	} {
		v := NewGraphView(g)
		v.Prepare(test.r, test.scale)
		if (test.px == 0 && (v.px <= graphMinFontPx || v.px >= graphFontPx)) || (test.px != 0 && v.px != test.px) || v.k != 1 || v.vertical != test.vertical {
			t.Errorf("%v at scale %v: font %v, scale %v, vertical %t; want font %v, 1, %t", test.r, test.scale, v.px, v.k, v.vertical, test.px, test.vertical)
		}
		if px := v.LabelPx(); px < graphMinFontPx*test.scale {
			t.Errorf("%v at scale %v: labels of %v device pixels", test.r, test.scale, px)
		}
		whole := true
		for i := range g.Nodes() {
			whole = whole && inView(v, i)
		}
		if whole != test.whole || !inView(v, 0) {
			t.Errorf("%v: the whole graph in view %t, want %t; its input in view %t", test.r, whole, test.whole, inView(v, 0))
		}
		if !test.whole {
			continue
		}
		// The picture is centred, to the pixel: it is drawn at whole
		// pixels.
		minX, maxX := math.Inf(1), math.Inf(-1)
		for i := range g.Nodes() {
			x0, _, x1, _ := graphScreenBox(v, i)
			minX, maxX = min(minX, x0), max(maxX, x1)
		}
		if d := minX - (float64(test.r.Max.X) - maxX); math.Abs(d/2) > 0.5 {
			t.Errorf("%v: the graph is %v off centre", test.r, d/2)
		}
	}
}

// TestGraphViewZoomPan checks the view's moves: zoom within its limits
// about a fixed point, pans that stop at the graph's ends, and the
// pointer's drag, wheel and pinch in Update.
func TestGraphViewZoomPan(t *testing.T) {
	g := sines(t, 10)
	v := NewGraphView(g)
	r := image.Rect(100, 50, 500, 170)
	v.Prepare(r, 1)
	// Zooming keeps the point under the pointer in place, along the
	// axis the graph overflows; along the other it stays centred.
	lx, ly := 300.0, 20.0
	sx, _ := v.ToScreen(lx, ly)
	v.Zoom(1.5, sx, 110)
	if gx, _ := v.ToScreen(lx, ly); math.Abs(gx-sx) > 1e-9 || v.k != 1.5 {
		t.Errorf("zoom by 1.5 at x = %v: the point went to %v, scale %v", sx, gx, v.k)
	}
	// Out as far as it goes: the whole graph in view; in: labels of 26.
	v.ZoomCentre(1e-3)
	for i := range g.Nodes() {
		if !inView(v, i) {
			t.Errorf("zoomed out: node %d out of view", i)
		}
	}
	v.ZoomCentre(1e3)
	if px := v.px * v.k; px != graphMaxFontPx {
		t.Errorf("zoomed in: labels of %v pixels, want %v", px, graphMaxFontPx)
	}
	// Pans stop with the graph's end at the view's margin.
	v.Fit()
	if !v.Following() || v.k != 1 {
		t.Error("Fit does not fit and follow")
	}
	v.Pan(-1e4, 0)
	last := len(g.Nodes()) - 1
	if x0, _, x1, _ := graphScreenBox(v, last); !inView(v, last) || math.Abs(x1-float64(r.Max.X)+graphMargin) > 1 || v.Following() {
		t.Errorf("panned to the end: the last node at %v–%v in %v, following %t", x0, x1, r, v.Following())
	}
	v.Pan(1e4, 1e4)
	if x0, y0, _, _ := graphScreenBox(v, 0); math.Abs(x0-float64(r.Min.X)-graphMargin) > 1 {
		t.Errorf("panned to the start: the input at (%v, %v)", x0, y0)
	}

	// A drag that goes down on the view pans it by as much as the
	// pointer moved; one that goes down elsewhere does not.
	v.Fit()
	x0, _, _, _ := graphScreenBox(v, 0)
	in := &Input{Pointer: Pointer{X: 300, Y: 100, Down: true, Pressed: true}}
	v.Update(in)
	in.Pointer = Pointer{X: 260, Y: 100, Down: true}
	v.Update(in)
	in.Pointer = Pointer{X: 260, Y: 100, Released: true}
	v.Update(in)
	in.Pointer = Pointer{X: 200, Y: 100}
	v.Update(in)
	if x, _, _, _ := graphScreenBox(v, 0); math.Abs(x-(x0-40)) > 1e-9 || v.Following() {
		t.Errorf("a drag of 40 pixels left moved the graph from %v to %v, following %t", x0, x, v.Following())
	}
	v.Fit()
	in.Pointer = Pointer{X: 20, Y: 20, Down: true, Pressed: true}
	v.Update(in)
	in.Pointer = Pointer{X: 300, Y: 100, Down: true}
	v.Update(in)
	if x, _, _, _ := graphScreenBox(v, 0); x != x0 {
		t.Error("a drag from outside the view moved it")
	}

	// The wheel zooms about the pointer, over the view only.
	v.Fit()
	in = &Input{Pointer: Pointer{X: 300, Y: 100}, Wheel: 2}
	v.Update(in)
	if want := graphWheelZoom * graphWheelZoom; math.Abs(v.k-want) > 1e-12 {
		t.Errorf("two notches of the wheel: scale %v, want %v", v.k, want)
	}
	in.Pointer.X = 20
	v.Update(in)
	if want := graphWheelZoom * graphWheelZoom; math.Abs(v.k-want) > 1e-12 {
		t.Errorf("the wheel outside the view zoomed it to %v", v.k)
	}

	// Two fingers moving apart zoom in about their middle.
	v.Fit()
	pinch := func(d float64) {
		v.Update(&Input{Touches: []Touch{{ID: 1, X: 300 - d, Y: 100}, {ID: 2, X: 300 + d, Y: 100}}})
	}
	pinch(20)
	pinch(30)
	if math.Abs(v.k-1.5) > 1e-12 {
		t.Errorf("fingers from 40 to 60 pixels apart: scale %v, want 1.5", v.k)
	}
}

// TestGraphViewFollow checks that the view keeps the followed node in
// view, stops following when the user pans it, and follows again after
// Fit.
func TestGraphViewFollow(t *testing.T) {
	g := sines(t, 10)
	v := NewGraphView(g)
	v.Prepare(image.Rect(0, 0, 400, 120), 1)
	renders := v.Renders()
	last := len(g.Nodes()) - 1
	if inView(v, last) {
		t.Fatal("the last node is in view from the start")
	}
	for i := range g.Nodes() {
		v.Follow(i)
		v.Prepare(image.Rect(0, 0, 400, 120), 1)
		if !inView(v, i) {
			t.Errorf("following node %d: not in view", i)
		}
	}
	if v.Renders() != renders {
		t.Errorf("following drew the picture again %d times: it only moves it", v.Renders()-renders)
	}
	// The view does not move while the followed node is in it.
	ox := v.ox
	v.Follow(last)
	if v.ox != ox {
		t.Error("following a node in view moved the view")
	}
	// Once the user pans, Follow leaves the view alone, until Fit.
	v.Pan(1e4, 0)
	ox = v.ox
	v.Follow(last)
	if v.ox != ox || v.Following() {
		t.Error("the view followed after the user panned it")
	}
	// A view resized, or hidden and shown again, that keeps its layout
	// keeps its zoom and what the user left in it.
	v.ZoomCentre(1.2)
	k, l := v.k, v.Layout()
	x0, _, _, _ := graphScreenBox(v, 0)
	v.Prepare(image.Rect(0, 0, 0, 0), 1)
	v.Prepare(image.Rect(0, 10, 400, 140), 1)
	if x, y, _, _ := graphScreenBox(v, 0); v.Layout() != l || v.k != k || x != x0 || v.Following() {
		t.Errorf("resized: layout kept %t, scale %v (was %v), the input at x %v, y %v (was %v), following %t", v.Layout() == l, v.k, k, x, y, x0, v.Following())
	}
	v.Fit()
	if !inView(v, last) {
		t.Error("Fit does not follow the node again")
	}
	// A new graph starts fitted and following.
	v.Pan(-50, 0)
	v.SetGraph(g)
	if !v.Following() {
		t.Error("a new graph does not follow")
	}
}

// TestGraphViewArrangedOnce checks that a view given back a rectangle it
// had (as a lesson's text beside it changes its height at each step)
// takes the layout it made for it, without laying the graph out again.
func TestGraphViewArrangedOnce(t *testing.T) {
	g := sines(t, 10)
	v := NewGraphView(g)
	wide, narrow := image.Rect(0, 0, 1400, 120), image.Rect(0, 0, 1250, 120)
	v.Prepare(wide, 1)
	first, px := v.Layout(), v.px
	v.Prepare(narrow, 1)
	if v.Layout() == first || v.px == px {
		t.Fatalf("the narrower rectangle kept the layout at %v pixels", px)
	}
	v.Prepare(wide, 1)
	if v.Layout() != first || v.px != px {
		t.Errorf("back in the first rectangle: a new layout at %v pixels, want the first, at %v", v.px, px)
	}
	v.SetGraph(g)
	v.Prepare(wide, 1)
	if v.Layout() == first {
		t.Error("a new graph kept the old graph's layout")
	}
}

// TestGraphViewMoves checks that moving the view draws its cached picture
// where a view drawn afresh there draws it, and draws the picture again
// only when the view leaves the part of a large graph it holds: a graph
// of 11 nodes, which the cache holds whole, and one of 201, which it holds
// in windows of 2048 pixels, panned along in steps of 300 pixels.
func TestGraphViewMoves(t *testing.T) {
	r := image.Rect(100, 100, 700, 220)
	for _, test := range []struct {
		n       int // sines
		renders int // whole renders after the first, at most
	}{
		{10, 0},
		{200, 8},
	} {
		g := sines(t, test.n)
		v := NewGraphView(g)
		drawView(v, r)
		renders := v.Renders()
		for step := range 12 {
			v.Pan(-300, 13)
			got := drawView(v, r)
			// A view drawn afresh, fitted and moved as far.
			w := NewGraphView(g)
			w.Prepare(r, 1)
			w.Pan(v.ox-w.ox, v.oy-w.oy)
			if w.ox != v.ox || w.oy != v.oy {
				t.Fatalf("%d nodes, step %d: the fresh view is at (%v, %v), want (%v, %v)", len(g.Nodes()), step, w.ox, w.oy, v.ox, v.oy)
			}
			want := drawView(w, r)
			if n := viztest.Differ(got, want, 1); n != 0 {
				t.Errorf("%d nodes, step %d: the moved picture differs from a fresh one in %d pixels", len(g.Nodes()), step, n)
			}
		}
		if n := v.Renders() - renders; n > test.renders {
			t.Errorf("%d nodes: %d renders while panning, want at most %d", len(g.Nodes()), n, test.renders)
		}
	}
}

// TestGraphViewClipped checks that a graph larger than its view draws
// nothing outside it, highlights of nodes out of view included, and that
// NodeAt finds no node there.
func TestGraphViewClipped(t *testing.T) {
	g := sines(t, 10)
	v := NewGraphView(g)
	r := image.Rect(100, 100, 500, 220)
	last := len(g.Nodes()) - 1
	v.HighlightNode(last, FlowBackward)
	v.HighlightEdge(last, 0, FlowBackward)
	got := drawView(v, r)
	if inView(v, last) {
		t.Fatal("the last node is in view")
	}
	for _, out := range []image.Rectangle{image.Rect(0, 0, 1200, 100), image.Rect(0, 220, 1200, 400), image.Rect(0, 0, 100, 400), image.Rect(500, 0, 1200, 400)} {
		if !viztest.Uniform(got, out) {
			t.Errorf("the view draws in %v, outside %v", out, r)
		}
	}
	x0, y0, x1, y1 := graphScreenBox(v, last)
	if i := v.NodeAt((x0+x1)/2, (y0+y1)/2); i != -1 {
		t.Errorf("NodeAt outside the view = %d, want -1", i)
	}
}

func TestGraphViewEmpty(t *testing.T) {
	v := NewGraphView(nil)
	dst := ebiten.NewImage(64, 64)
	dst.Fill(Light.Background)
	v.Prepare(image.Rect(0, 0, 64, 64), 1)
	v.Draw(dst)
	v.SetGrads(nil)
	if got := pixels(dst); !viztest.Uniform(got, got.Bounds()) || v.NodeAt(32, 32) != -1 || v.Renders() != 0 {
		t.Error("an empty view draws or finds a node")
	}
	// A graph set later is drawn; setting it back to nil stops drawing.
	v.SetGraph(traceTanh(t))
	v.Prepare(image.Rect(0, 0, 64, 64), 1)
	if v.Renders() != 1 || v.NodeAt(32, 32) == -1 && v.Layout() == nil {
		t.Error("a graph set on an empty view is not laid out")
	}
	for _, f := range []func(){
		func() { v.HighlightNode(8, FlowForward) },
		func() { v.HighlightEdge(0, 0, FlowForward) },
		func() { v.HighlightEdge(3, 2, FlowForward) },
	} {
		func() {
			defer func() {
				if r, ok := recover().(string); !ok || !strings.HasPrefix(r, "viz: ") {
					t.Errorf("highlighting what is not there: panic %v, want a viz: message", r)
				}
			}()
			f()
		}()
	}
}

func TestGraphLabel(t *testing.T) {
	g := traceTanh(t)
	nodes := g.Nodes()
	text := func(lines []graphLine) []string {
		var out []string
		for _, l := range lines {
			out = append(out, l.text)
		}
		return out
	}
	b, err := g.Backward(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		i    int
		want []string
	}{
		{0, []string{"W  2×2", "[0.5 −1; 2 0.25]", "grad [−0.383 −0.765; 0.0773 0.155]"}},
		{3, []string{"matmul  2", "[−1.5 2.5]", "grad [−0.383 0.0773]"}},
		{5, []string{"h = tanh  2", "[−0.885 0.98]", "grad [−1.77 1.96]"}},
		{7, []string{"L = sum  scalar", "1.74", "grad 1"}},
	} {
		if got := text(graphLabel(nodes[test.i], b.Grad(test.i), graphNote{value: true, needs: true})); !slices.Equal(got, test.want) {
			t.Errorf("label of %v: %q, want %q", nodes[test.i], got, test.want)
		}
	}
	// Constants are titled by their operation; a gradient not yet known
	// leaves its line empty; a node that depends on no input has none.
	c := core.Const(core.New(core.Shape{1, 5}, nil))
	if got, want := text(graphLabel(c, nil, graphNote{value: true})), []string{"const  1×5", "‖value‖ 0"}; !slices.Equal(got, want) {
		t.Errorf("label of a constant of 5 entries: %q, want %q", got, want)
	}
	if got, want := text(graphLabel(nodes[3], nil, graphNote{value: true, needs: true})), []string{"matmul  2", "[−1.5 2.5]", ""}; !slices.Equal(got, want) {
		t.Errorf("label before the gradient: %q, want %q", got, want)
	}
	// A gradient of many entries is shown by its norm.
	big := core.New(core.Shape{2, 3}, []float64{3, 0, 0, 0, 0, 4})
	if got := text(graphLabel(c, big, graphNote{value: true, needs: true})); got[len(got)-1] != "‖grad‖ 5" {
		t.Errorf("gradient of 6 entries: %q, want ‖grad‖ 5", got[len(got)-1])
	}
	for x, want := range map[float64]string{
		0: "0", 1: "1", -0.38312: "−0.383", 1234.5: "1.23×10³", 1.5e-7: "1.5×10⁻⁷", -2e10: "−2×10¹⁰",
	} {
		if got := graphNum(x); got != want {
			t.Errorf("graphNum(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestGraphViewValuesAndParts(t *testing.T) {
	g := traceTanh(t)
	nodes := g.Nodes()
	text := func(i int, v *GraphView) []string {
		var out []string
		for _, l := range graphLabel(nodes[i], v.grads[i], v.note(i, false)) {
			out = append(out, l.text)
		}
		return out
	}
	v := NewGraphView(g)
	v.Prepare(image.Rect(0, 0, 1200, 400), 1)
	renders := v.Renders()
	// Only the first two nodes' values are known: the others' lines are
	// empty, and only the nodes that changed are drawn again.
	v.ShowValues(2)
	if got := text(1, v); got[1] == "" {
		t.Errorf("node 1's value is hidden: %q", got)
	}
	if got := text(3, v); got[1] != "" {
		t.Errorf("node 3's value is shown before the forward sweep reaches it: %q", got)
	}
	if len(v.changed) != len(nodes)-2 {
		t.Errorf("%d nodes to draw again, want %d", len(v.changed), len(nodes)-2)
	}
	v.Prepare(image.Rect(0, 0, 1200, 400), 1)
	if v.Renders() != renders+1 {
		t.Errorf("%d renders after ShowValues, want %d", v.Renders(), renders+1)
	}
	// Tangents and gradients, and the contributions added so far.
	ts := make([]*core.Tensor, len(nodes))
	ts[3] = core.New(core.Shape{2}, []float64{1, -2})
	v.SetDerivatives(ts, true)
	if got := text(3, v); got[2] != "ẏ [1 −2]" {
		t.Errorf("tangent line %q, want ẏ [1 −2]", got[2])
	}
	v.SetDerivatives(ts, false)
	got, of := make([]int, len(nodes)), make([]int, len(nodes))
	got[3], of[3] = 1, 2
	v.SetParts(got, of)
	if got := text(3, v); got[2] != "grad [1 −2] (1 of 2 added)" {
		t.Errorf("gradient line %q, want grad [1 −2] (1 of 2 added)", got[2])
	}
	defer func() {
		if recover() == nil {
			t.Error("SetDerivatives with too few tensors does not panic")
		}
	}()
	v.SetDerivatives(ts[:2], false)
}

// TestGraphViewLabelRoom checks that a box has room for its gradient at
// the labels' size, with the count of contributions of a value used
// twice: nothing is drawn smaller than the labels.
func TestGraphViewLabelRoom(t *testing.T) {
	g := traceTanh(t)
	v := NewGraphView(g)
	v.Prepare(image.Rect(0, 0, 1200, 400), 1)
	const h = 5 // tanh, used twice by the product
	b, err := g.Backward(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	got, of := make([]int, len(g.Nodes())), make([]int, len(g.Nodes()))
	got[h], of[h] = 2, 2
	v.SetGrads(b)
	v.SetParts(got, of)
	lines := graphLabel(g.Nodes()[h], v.grads[h], v.note(h, false))
	if last := lines[len(lines)-1].text; !strings.HasSuffix(last, "(2 of 2 added)") {
		t.Fatalf("h's gradient line %q", last)
	}
	px := v.LabelPx()
	padX, _ := graphPad(px)
	for _, ln := range lines {
		w, _ := MeasureText(ln.text, px)
		if box := v.Layout().Nodes[h].W * v.k; w+2*padX > box+1 {
			t.Errorf("%q needs %v pixels at %v, the box has %v", ln.text, w+2*padX, px, box)
		}
	}
}

// TestGraphViewTheme checks that the cached picture, which is opaque on
// the theme's background, is drawn again in a new theme: after a switch
// to the dark theme the view's empty parts are the dark background and
// the edges the dark theme's colour, not the light ones.
func TestGraphViewTheme(t *testing.T) {
	defer SetTheme(Th())
	SetTheme(&Light)
	g := traceTanh(t)
	v := NewGraphView(g)
	r := image.Rect(10, 20, 1190, 380)
	drawView(v, r)
	SetTheme(&Dark)
	dst := ebiten.NewImage(1200, 400)
	dst.Fill(Dark.Background)
	v.Prepare(r, 1)
	v.Draw(dst)
	got := pixels(dst)
	if v.Renders() != 2 {
		t.Errorf("%d renders after the switch, want 2", v.Renders())
	}
	inside := r.Inset(2)
	if n := viztest.Count(got, inside, Light.Background, 0); n != 0 {
		t.Errorf("%d pixels of the light background inside the view after the switch to the dark theme", n)
	}
	if n := viztest.Count(got, inside, Dark.Background, 0); n < inside.Dx()*inside.Dy()/2 {
		t.Errorf("only %d pixels of the dark background inside the view", n)
	}
	e := v.Layout().Edges[0]
	for _, p := range edgeSamples(v, e) {
		if !viztest.Near(got, p[0], p[1], Dark.Muted, 1, 60) {
			t.Errorf("edge %d→%d: no line in the dark theme's colour at (%.1f, %.1f)", e.From, e.To, p[0], p[1])
		}
	}
}
