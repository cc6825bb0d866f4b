package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz/graphlayout"
)

// The graph view's colours come from the theme (Th): boxes are Panel
// (operations), Control (constants) or InputFill (inputs) outlined in
// Border, text is Text and Muted, gradients GradText, edges Muted, and the
// highlights Curve (forward) and Tangent (backward).

// Sizes of the graph view in logical pixels.
const (
	graphFontPx    = 13   // label text, when the graph fits
	graphMinFontPx = 11   // the smallest label text the view shrinks to: below it, the graph pans
	graphMaxFontPx = 26   // the largest label text zooming in goes to
	graphEdgeW     = 1.25 // edge lines
	graphFlowW     = 3    // highlighted edges and the rings around highlighted nodes
	graphMargin    = 6    // around the graph, room for the highlight rings inside the view's frame
	graphFollowPad = 12   // the room Follow keeps between the node and the view's edge
)

// Flow is how a node or an edge of a graph view is highlighted during a
// pass through the graph.
type Flow int

const (
	// FlowNone is no highlight.
	FlowNone Flow = iota
	// FlowForward marks a value flowing forward: computed by a node, or
	// carried by an edge to the node that takes it.
	FlowForward
	// FlowBackward marks a gradient flowing back: a node's cotangent, or
	// its contribution carried back along an edge.
	FlowBackward
)

// color returns the colour of the highlight f.
func (f Flow) color() color.RGBA {
	if f == FlowBackward {
		return Th().Tangent
	}
	return Th().Curve
}

// GraphView draws a core.Graph from left to right, or from top to bottom
// in a rectangle where that shows more of it: a rounded box for each
// node, labelled with its name, operation and shape, its value (or its
// norm, beyond 4 entries), and its gradient once known; an arrow for each
// input of each node, into a port on the node's left (or top) side, in
// input order.
//
// The labels are never smaller than 11 logical pixels in the view as
// fitted: a graph too large for its rectangle at that size shows in part,
// and the user moves it (Update: a drag, the wheel, a pinch; Zoom, Fit).
// While a sweep plays, Follow keeps its current node in view, until the
// user moves the view; Fit fits it again and follows again.
//
// The boxes, edges and labels are drawn into a cached image of the whole
// graph (or, for a graph too large for one image, of a window around the
// view), drawn again only when the layout, the zoom or the scale change,
// or the view moves out of the window; a change of labels (gradients,
// values) draws again only the nodes whose label changed. Panning, and a
// sweep's Follow, only move the image. Highlights (HighlightNode,
// HighlightEdge), which change at each step of a sweep, are drawn on top
// each frame. The cached image is opaque, on the theme's background, and
// replaces the pixels below it: the view lies on the page's background.
type GraphView struct {
	g       *core.Graph
	needs   []bool         // whether each node depends on an input, and so can have a gradient
	uses    []int          // the uses of each node by nodes that need it, as many as its gradient's contributions
	grads   []*core.Tensor // the derivative shown on each node, or nil
	tangent bool           // the derivatives are tangents of forward mode, not gradients
	values  int            // the nodes, in order, whose values are shown
	got, of []int          // contributions to each node's gradient so far, and in all

	rect    image.Rectangle
	fitted  image.Rectangle // the last rectangle the layout was fitted to, not empty
	scale   float64
	stale   bool  // the layout must be done again
	changed []int // the nodes whose labels changed since the last Prepare
	img     *ebiten.Image
	renders int
	// The cache img holds the part area of the graph's pixels, the plane
	// where a point (x, y) of the layout is at (k·x, k·y), as drawn for
	// drawn: a view whose key or visible part differs draws it again.
	area  image.Rectangle
	drawn graphCacheKey

	layout   *graphlayout.Layout
	px       float64 // the label font size, in layout units
	vertical bool    // the layout runs from top to bottom
	// A point (x, y) of the layout is at (ox + k·x, oy + k·y) on the
	// screen. k is 1 as fitted, between kMin (the whole graph in view)
	// and kMax after zooming.
	k, ox, oy  float64
	kMin, kMax float64
	follow     bool // Follow moves the view: the user has not moved it since Fit
	current    int  // the node Follow keeps in view, or -1

	drag         bool     // the pointer went down on the view and drags it
	dragX, dragY float64  // where the pointer was at the last tick of the drag
	pinching     bool     // two fingers pinch the view
	pinch        [2]Touch // where they were at the last tick

	arranged map[graphArrangeKey]graphArranged // arrange's results for this graph

	nodeFlows []nodeFlow
	edgeFlows []edgeFlow
}

// graphCacheKey is what a GraphView's cached picture depends on besides
// its labels and the part of the graph it holds.
type graphCacheKey struct {
	layout   *graphlayout.Layout
	k, scale float64
	theme    *Theme
}

// graphCacheMin and graphCacheMax bound the side of the cached picture in
// pixels: a graph wider or taller than max(graphCacheMin, twice the view)
// is cached in a window of that size around the view, and never beyond
// graphCacheMax, a texture size every GPU supports.
const (
	graphCacheMin = 2048
	graphCacheMax = 4096
)

// graphArrangeKey is what GraphView.arrange's result depends on besides
// the graph.
type graphArrangeKey struct {
	vertical      bool
	rw, rh, scale float64
}

// graphArranged is a result of GraphView.arrange.
type graphArranged struct {
	layout *graphlayout.Layout
	px     float64
}

// graphArrangedMax bounds the results of arrange a GraphView keeps: a
// lesson whose text changes with its steps gives its view a few heights
// in turn.
const graphArrangedMax = 16

type nodeFlow struct {
	node int
	f    Flow
}

type edgeFlow struct {
	to, slot int
	f        Flow
}

// NewGraphView returns a view of g, which may be nil for an empty view.
func NewGraphView(g *core.Graph) *GraphView {
	v := &GraphView{follow: true, current: -1}
	v.SetGraph(g)
	return v
}

// SetGraph replaces the view's graph by g, which may be nil, and clears the
// gradients and highlights.
func (v *GraphView) SetGraph(g *core.Graph) {
	v.g, v.layout = g, nil
	clear(v.arranged)
	v.stale, v.changed, v.drawn = true, v.changed[:0], graphCacheKey{}
	v.follow, v.current = true, -1
	v.nodeFlows, v.edgeFlows = v.nodeFlows[:0], v.edgeFlows[:0]
	if g == nil {
		v.needs, v.uses, v.grads = nil, nil, nil
		return
	}
	nodes := g.Nodes()
	v.needs, v.uses = make([]bool, len(nodes)), make([]int, len(nodes))
	v.grads = make([]*core.Tensor, len(nodes))
	v.got, v.of = make([]int, len(nodes)), make([]int, len(nodes))
	v.values, v.tangent = len(nodes), false
	for i, n := range nodes {
		v.needs[i] = n.Op() == "input"
		for _, in := range n.Inputs() {
			v.needs[i] = v.needs[i] || v.needs[g.Index(in)]
		}
		for _, in := range n.Inputs() {
			if v.needs[i] {
				v.uses[g.Index(in)]++
			}
		}
	}
}

// SetGrads shows on each node its gradient so far in the backward pass b,
// which must be a pass of the view's graph; a nil b clears the gradients.
// Call it after each Step: the next Prepare draws again the nodes whose
// gradient changed, and nothing else.
func (v *GraphView) SetGrads(b *core.Backward) {
	for i := range v.grads {
		var t *core.Tensor
		if b != nil {
			t = b.Grad(i)
		}
		v.setDeriv(i, t, false)
	}
}

// SetDerivatives shows ts[i] on node i: its gradient (cotangent) so far,
// or with tangent set its tangent in forward mode; a nil ts or entry shows
// none. Like SetGrads, it draws again only the nodes whose label changed.
// SetDerivatives panics if ts is not nil and has not one entry per node.
func (v *GraphView) SetDerivatives(ts []*core.Tensor, tangent bool) {
	if ts != nil && len(ts) != len(v.grads) {
		panic(fmt.Sprintf("viz: SetDerivatives: %d tensors for %d nodes", len(ts), len(v.grads)))
	}
	for i := range v.grads {
		var t *core.Tensor
		if ts != nil {
			t = ts[i]
		}
		v.setDeriv(i, t, tangent)
	}
	v.tangent = tangent
}

// setDeriv sets the derivative shown on node i, marking it changed.
func (v *GraphView) setDeriv(i int, t *core.Tensor, tangent bool) {
	if t != v.grads[i] || tangent != v.tangent {
		v.grads[i] = t
		v.changed = append(v.changed, i)
	}
}

// ShowValues shows the values of the first n nodes of the graph's Nodes,
// those a forward pass in that order has computed, and hides the others'.
// A new graph shows every value.
func (v *GraphView) ShowValues(n int) {
	n = max(0, min(n, len(v.grads)))
	for i := min(n, v.values); i < max(n, v.values); i++ {
		v.changed = append(v.changed, i)
	}
	v.values = n
}

// SetParts shows, on each node whose gradient is a sum of several
// contributions (a value used more than once), how many of them have been
// added so far: got[i] of of[i]. Nil slices show none.
// SetParts panics if a slice is not nil and has not one entry per node.
func (v *GraphView) SetParts(got, of []int) {
	for i := range v.got {
		g, o := 0, 0
		if got != nil {
			g, o = got[i], of[i]
		}
		if g != v.got[i] || o != v.of[i] {
			v.got[i], v.of[i] = g, o
			v.changed = append(v.changed, i)
		}
	}
}

// HighlightNode highlights node i, a position in the graph's Nodes, with
// f; FlowNone removes its highlight. HighlightNode panics if there is no
// node i.
func (v *GraphView) HighlightNode(i int, f Flow) {
	if i < 0 || i >= len(v.needs) {
		panic(fmt.Sprintf("viz: HighlightNode: no node %d in a graph of %d", i, len(v.needs)))
	}
	v.nodeFlows = slices.DeleteFunc(v.nodeFlows, func(nf nodeFlow) bool { return nf.node == i })
	if f != FlowNone {
		v.nodeFlows = append(v.nodeFlows, nodeFlow{node: i, f: f})
	}
}

// HighlightEdge highlights with f the edge that brings input slot of node
// to; FlowNone removes its highlight. HighlightEdge panics if node to has
// no such input.
func (v *GraphView) HighlightEdge(to, slot int, f Flow) {
	if to < 0 || to >= len(v.needs) || slot < 0 || slot >= len(v.g.Nodes()[to].Inputs()) {
		panic(fmt.Sprintf("viz: HighlightEdge: node %d has no input %d", to, slot))
	}
	v.edgeFlows = slices.DeleteFunc(v.edgeFlows, func(ef edgeFlow) bool { return ef.to == to && ef.slot == slot })
	if f != FlowNone {
		v.edgeFlows = append(v.edgeFlows, edgeFlow{to: to, slot: slot, f: f})
	}
}

// ClearHighlights removes every highlight.
func (v *GraphView) ClearHighlights() {
	v.nodeFlows, v.edgeFlows = v.nodeFlows[:0], v.edgeFlows[:0]
}

// Renders returns how many times the picture has been drawn into the
// cache, in whole or (after SetGrads) the changed nodes only.
func (v *GraphView) Renders() int { return v.renders }

// Layout returns the layout of the graph as of the last Prepare, nil
// before the first; ToScreen places it on the screen.
func (v *GraphView) Layout() *graphlayout.Layout { return v.layout }

// ToScreen maps a point of the layout to screen pixels.
func (v *GraphView) ToScreen(x, y float64) (sx, sy float64) {
	ox, oy := v.origin()
	return ox + v.k*x, oy + v.k*y
}

// origin returns where the layout's origin is drawn on the screen: (ox,
// oy) rounded to whole pixels, so that the cached picture is drawn
// pixel for pixel wherever the view moves it.
func (v *GraphView) origin() (x, y float64) {
	return math.Round(v.ox), math.Round(v.oy)
}

// NodeAt returns the position in the graph's Nodes of the node whose box
// holds the screen point (x, y), or -1 if there is none or the point is
// outside the view.
func (v *GraphView) NodeAt(x, y float64) int {
	if v.layout == nil || !image.Pt(int(math.Floor(x)), int(math.Floor(y))).In(v.rect) {
		return -1
	}
	for i, n := range v.layout.Nodes {
		x0, y0 := v.ToScreen(n.X, n.Y)
		x1, y1 := v.ToScreen(n.X+n.W, n.Y+n.H)
		if x >= x0 && x < x1 && y >= y0 && y < y1 {
			return i
		}
	}
	return -1
}

// Prepare places the view at r (screen pixels, scale device pixels per
// logical pixel), laying the graph out and drawing it into the cache if
// anything it depends on changed. Call it from Update, before NodeAt,
// Layout or ToScreen.
//
// A new rectangle or scale fits the view again (Fit): the graph is laid
// out across or down, whichever shows more of it, with labels of 13
// logical pixels, or smaller down to 11 for it to fit, and centred in r;
// if it does not fit at 11, it shows from its start, and Follow, Zoom and
// the user's moves (Update) show the rest.
func (v *GraphView) Prepare(r image.Rectangle, scale float64) {
	if r != v.rect || scale != v.scale {
		v.rect, v.scale, v.stale = r, scale, true
	}
	if v.g == nil || r.Empty() {
		return
	}
	if v.stale {
		v.fit()
		v.stale = false
	}
	switch {
	case v.img == nil || v.drawn != (graphCacheKey{v.layout, v.k, v.scale, Th()}) || !v.visible().Intersect(v.graphPixels()).In(v.area):
		v.render()
	case len(v.changed) > 0:
		// Only labels changed: draw those nodes again, each once.
		slices.Sort(v.changed)
		v.changed = slices.Compact(v.changed)
		for _, i := range v.changed {
			v.drawNode(i)
		}
	default:
		return
	}
	v.changed = v.changed[:0]
	v.renders++
}

// fit lays the graph out at the largest font size, down to the least,
// that fits the rectangle, across or down, and sets the view to show it
// whole, or its start; the view follows again. A view resized (or shown
// again) that keeps its layout keeps its zoom and what it showed.
func (v *GraphView) fit() {
	rw, rh := v.room()
	h, hPx := v.arrange(false, rw, rh)
	d, dPx := v.arrange(true, rw, rh)
	// Across when it fits, else down when that shows clearly more of the
	// graph, in the fraction of its area in view.
	shown := func(l *graphlayout.Layout) float64 { return min(1, rw/l.W) * min(1, rh/l.H) }
	l, px, vertical := h, hPx, false
	if !(h.W <= rw && h.H <= rh) && shown(d) > 1.2*shown(h) {
		l, px, vertical = d, dPx, true
	}
	keep := v.layout != nil && px == v.px && vertical == v.vertical
	if keep {
		l = v.layout
	}
	old := v.fitted
	v.layout, v.px, v.vertical, v.fitted = l, px, vertical, v.rect
	v.kMin = min(1, rw/l.W, rh/l.H)
	v.kMax = graphMaxFontPx * v.scale / px
	if !keep {
		v.Fit()
		return
	}
	v.k = min(max(v.k, v.kMin), v.kMax)
	v.ox += float64(v.rect.Min.X - old.Min.X)
	v.oy += float64(v.rect.Min.Y - old.Min.Y)
	v.clamp()
	v.Follow(v.current)
}

// room returns the size of the view inside its margin.
func (v *GraphView) room() (w, h float64) {
	m := graphMargin * v.scale
	return max(1, float64(v.rect.Dx())-2*m), max(1, float64(v.rect.Dy())-2*m)
}

// arrange lays the graph out across or down at the largest font size,
// from 13 logical pixels down to 11, at which it fits in rw×rh, or at 11,
// and returns the layout and the font size. It keeps its results for the
// graph: a view whose height changes with the text beside it comes back
// to the same few rooms.
func (v *GraphView) arrange(vertical bool, rw, rh float64) (*graphlayout.Layout, float64) {
	key := graphArrangeKey{vertical, rw, rh, v.scale}
	if a, ok := v.arranged[key]; ok {
		return a.layout, a.px
	}
	l, px := v.arrangeAt(vertical, rw, rh)
	if v.arranged == nil || len(v.arranged) >= graphArrangedMax {
		v.arranged = map[graphArrangeKey]graphArranged{}
	}
	v.arranged[key] = graphArranged{l, px}
	return l, px
}

// arrangeAt is arrange without its memory.
func (v *GraphView) arrangeAt(vertical bool, rw, rh float64) (*graphlayout.Layout, float64) {
	px := graphFontPx * v.scale
	minPx := graphMinFontPx * v.scale
	var l *graphlayout.Layout
	// Shrinking the font shrinks the layout about as much, but not
	// exactly (text is hinted, widths have minimums): a few tries.
	for range 3 {
		nodes := graphlayout.Nodes(v.g, func(n *core.Node) (w, h float64) {
			return graphBoxSize(graphLabel(n, nil, v.note(v.g.Index(n), true)), px)
		})
		if vertical {
			// Down the screen, each input sits beside the node that
			// first takes it, not in a row of all the inputs as wide
			// as the screen.
			for i := range nodes {
				nodes[i].Late = nodes[i].Late || len(nodes[i].Inputs) == 0
			}
		}
		l = graphlayout.Layered(nodes, &graphlayout.Settings{LayerGap: 2.5 * px, NodeGap: px, Vertical: vertical})
		k := min(rw/l.W, rh/l.H)
		if k >= 1 || px <= minPx {
			break
		}
		// Half-pixel steps keep the cache of faces small.
		px = max(minPx, math.Floor(2*px*k)/2)
	}
	return l, px
}

// Fit shows the graph at the size Prepare fitted it to, whole or from its
// start, and makes the view follow the node given to Follow again.
func (v *GraphView) Fit() {
	v.follow = true
	if v.layout == nil {
		return
	}
	v.k = 1
	m := graphMargin * v.scale
	v.ox, v.oy = float64(v.rect.Min.X)+m, float64(v.rect.Min.Y)+m
	v.clamp()
	v.Follow(v.current)
}

// Following reports whether the view follows the node given to Follow:
// it does until the user moves it, and again after Fit.
func (v *GraphView) Following() bool { return v.follow }

// Follow keeps node i (a position in the graph's Nodes) in view while the
// view follows: when it is not in view, the view centres it. A negative i
// follows no node.
func (v *GraphView) Follow(i int) {
	v.current = i
	if !v.follow || i < 0 || v.layout == nil || i >= len(v.layout.Nodes) {
		return
	}
	p := v.layout.Nodes[i]
	x0, y0 := v.ToScreen(p.X, p.Y)
	x1, y1 := v.ToScreen(p.X+p.W, p.Y+p.H)
	pad := graphFollowPad * v.scale
	r := v.rect
	if x0 < float64(r.Min.X)+pad || x1 > float64(r.Max.X)-pad {
		v.ox += float64(r.Min.X+r.Max.X)/2 - (x0+x1)/2
	}
	if y0 < float64(r.Min.Y)+pad || y1 > float64(r.Max.Y)-pad {
		v.oy += float64(r.Min.Y+r.Max.Y)/2 - (y0+y1)/2
	}
	v.clamp()
}

// Zoom scales the view by f about the screen point (x, y), within the
// zoom from the whole graph in view to labels of 26 logical pixels. It
// does not stop the view following.
func (v *GraphView) Zoom(f, x, y float64) {
	if v.layout == nil || f <= 0 {
		return
	}
	k := min(max(v.k*f, v.kMin), v.kMax)
	if k == v.k {
		return
	}
	v.ox = x - (x-v.ox)*k/v.k
	v.oy = y - (y-v.oy)*k/v.k
	v.k = k
	v.clamp()
}

// ZoomCentre is Zoom about the middle of the view.
func (v *GraphView) ZoomCentre(f float64) {
	r := v.rect
	v.Zoom(f, float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2)
}

// Pan moves the graph by (dx, dy) screen pixels, as far as it goes, and
// stops the view following.
func (v *GraphView) Pan(dx, dy float64) {
	v.follow = false
	if v.layout == nil {
		return
	}
	v.ox, v.oy = v.ox+dx, v.oy+dy
	v.clamp()
}

// clamp keeps the graph in view: centred along an axis where it fits,
// else covering the view, its ends no further in than the margin.
func (v *GraphView) clamp() {
	m := graphMargin * v.scale
	at := func(o, lo, hi, size float64) float64 {
		if size <= hi-lo-2*m {
			return (lo + hi - size) / 2
		}
		return min(max(o, hi-m-size), lo+m)
	}
	r := v.rect
	v.ox = at(v.ox, float64(r.Min.X), float64(r.Max.X), v.k*v.layout.W)
	v.oy = at(v.oy, float64(r.Min.Y), float64(r.Max.Y), v.k*v.layout.H)
}

// graphWheelZoom is the zoom of a notch of the wheel.
const graphWheelZoom = 1.15

// Update moves the view for one tick of in: a drag that went down on the
// view pans it, the wheel over it zooms about the pointer, and two
// fingers that touch it pinch: apart zooms in, together out, and moving
// both pans. A scene that takes a press on the view for itself (a click
// on a node) clears in.Pointer.Pressed before.
func (v *GraphView) Update(in *Input) {
	if v.layout == nil || v.rect.Empty() {
		v.drag, v.pinching = false, false
		return
	}
	in2 := func(x, y float64) bool { return image.Pt(int(math.Floor(x)), int(math.Floor(y))).In(v.rect) }
	p := in.Pointer
	if in.Wheel != 0 && in2(p.X, p.Y) {
		v.Zoom(math.Pow(graphWheelZoom, in.Wheel), p.X, p.Y)
	}
	if len(in.Touches) >= 2 {
		a, b := in.Touches[0], in.Touches[1]
		mx, my := (a.X+b.X)/2, (a.Y+b.Y)/2
		if v.pinching && v.pinch[0].ID == a.ID && v.pinch[1].ID == b.ID {
			pa, pb := v.pinch[0], v.pinch[1]
			v.Pan(mx-(pa.X+pb.X)/2, my-(pa.Y+pb.Y)/2)
			if d0, d1 := math.Hypot(pb.X-pa.X, pb.Y-pa.Y), math.Hypot(b.X-a.X, b.Y-a.Y); d0 > 0 && d1 > 0 {
				v.Zoom(d1/d0, mx, my)
			}
		}
		v.pinching = v.pinching || v.drag || in2(mx, my)
		v.pinch = [2]Touch{a, b}
		v.drag = false
		return
	}
	v.pinching = false
	if p.Pressed && in2(p.X, p.Y) {
		v.drag, v.dragX, v.dragY = true, p.X, p.Y
	}
	if v.drag && (p.X != v.dragX || p.Y != v.dragY) {
		v.Pan(p.X-v.dragX, p.Y-v.dragY)
		v.dragX, v.dragY = p.X, p.Y
	}
	if !p.Down {
		v.drag = false
	}
}

// LabelPx returns the size of the labels on the screen, in device pixels.
func (v *GraphView) LabelPx() float64 {
	px, _ := v.textSize()
	return px
}

// visible returns the part of the graph's pixels (see GraphView.area) in
// the view.
func (v *GraphView) visible() image.Rectangle {
	ox, oy := v.origin()
	return v.rect.Sub(image.Pt(int(ox), int(oy)))
}

// graphPixels returns the graph's pixels (see GraphView.area) that its
// boxes and edges cover, with a margin for their strokes.
func (v *GraphView) graphPixels() image.Rectangle {
	pad := int(math.Ceil(2*v.scale)) + 2
	return image.Rect(-pad, -pad, int(math.Ceil(v.k*v.layout.W))+pad, int(math.Ceil(v.k*v.layout.H))+pad)
}

// cacheArea returns the part of the graph's pixels to cache: all of it
// along each axis where it is at most max(graphCacheMin, twice the view)
// long, else a window of that length centred on the view, within the
// graph.
func (v *GraphView) cacheArea() image.Rectangle {
	all := v.graphPixels()
	seen := v.visible()
	span := func(lo, hi, seenLo, seenHi int) (int, int) {
		n := min(graphCacheMax, max(graphCacheMin, 2*(seenHi-seenLo)))
		if hi-lo <= n {
			return lo, hi
		}
		a := min(max(lo, (seenLo+seenHi-n)/2), hi-n)
		return a, a + n
	}
	x0, x1 := span(all.Min.X, all.Max.X, seen.Min.X, seen.Max.X)
	y0, y1 := span(all.Min.Y, all.Max.Y, seen.Min.Y, seen.Max.Y)
	return image.Rect(x0, y0, x1, y1)
}

// render draws the edges, boxes and labels of the cached part of the
// graph into the cache.
func (v *GraphView) render() {
	v.area, v.drawn = v.cacheArea(), graphCacheKey{v.layout, v.k, v.scale, Th()}
	w, h := v.area.Dx(), v.area.Dy()
	if v.img == nil || v.img.Bounds().Dx() != w || v.img.Bounds().Dy() != h {
		if v.img != nil {
			v.img.Deallocate()
		}
		v.img = ebiten.NewImage(w, h)
	}
	FillOpaque(v.img, Th().Background)
	ox, oy := -float64(v.area.Min.X), -float64(v.area.Min.Y)
	for _, e := range v.layout.Edges {
		v.drawEdge(v.img, e, ox, oy, graphEdgeW*v.scale, Th().Muted)
	}
	for i := range v.layout.Nodes {
		v.drawNode(i)
	}
}

// drawNode draws the box and label of node i into the cache, over
// whatever was there.
func (v *GraphView) drawNode(i int) {
	n := v.g.Nodes()[i]
	p := v.layout.Nodes[i]
	ox, oy := -float64(v.area.Min.X), -float64(v.area.Min.Y)
	x0, y0 := math.Round(ox+v.k*p.X), math.Round(oy+v.k*p.Y)
	x1, y1 := math.Round(ox+v.k*(p.X+p.W)), math.Round(oy+v.k*(p.Y+p.H))
	// Edges end at the box, so nothing else is drawn where it is.
	FillOpaque(v.img.SubImage(image.Rect(int(x0), int(y0), int(x1), int(y1))).(*ebiten.Image), Th().Background)

	tp, radius := v.textSize()
	border := max(1, math.Round(v.scale))
	drawRoundRect(v.img, x0, y0, x1-x0, y1-y0, radius, 0, Th().Border)
	drawRoundRect(v.img, x0+border, y0+border, x1-x0-2*border, y1-y0-2*border, max(0, radius-int(border)), 0, graphFill(n))
	padX, padY := graphPad(tp)
	y := y0 + padY
	for _, ln := range graphLabel(n, v.grads[i], v.note(i, false)) {
		lp := tp
		lw, _ := MeasureText(ln.text, lp)
		if room := x1 - x0 - 2*padX; lw > room {
			// A gradient may be wider than the room kept for it: it
			// shrinks, but not below the least size of the labels.
			lp = max(min(tp, graphMinFontPx*v.scale), math.Floor(2*lp*room/lw)/2)
			lw, _ = MeasureText(ln.text, lp)
		}
		DrawText(v.img, ln.text, lp, (x0+x1-lw)/2, y+(1.3*tp-1.3*lp)/2, ln.clr)
		y += 1.3 * tp
	}
}

// textSize returns the size of the labels on the screen, in half-pixel
// steps, and the corner radius of the boxes.
func (v *GraphView) textSize() (px float64, radius int) {
	px = max(1, math.Floor(2*v.px*v.k)/2)
	return px, int(math.Round(0.45 * px))
}

// Draw draws the cached picture onto dst, and the highlights on top.
func (v *GraphView) Draw(dst *ebiten.Image) {
	if v.img == nil || v.layout == nil || v.stale {
		return
	}
	if rec.on(dst) {
		r := v.rect
		px, _ := v.textSize()
		rec.add(DrawnGraph, "", "", float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y), px)
	}
	// The cached picture and the highlights, within the view.
	dst = dst.SubImage(v.rect).(*ebiten.Image)
	ox, oy := v.origin()
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy} // see FillOpaque
	op.GeoM.Translate(ox+float64(v.area.Min.X), oy+float64(v.area.Min.Y))
	dst.DrawImage(v.img, op)
	fw := graphFlowW * v.scale
	for _, ef := range v.edgeFlows {
		v.drawEdge(dst, v.layout.Edge(ef.to, ef.slot), ox, oy, fw, ef.f.color())
	}
	_, radius := v.textSize()
	for _, nf := range v.nodeFlows {
		p := v.layout.Nodes[nf.node]
		x0, y0 := v.ToScreen(p.X, p.Y)
		x1, y1 := v.ToScreen(p.X+p.W, p.Y+p.H)
		x0, y0, x1, y1 = math.Round(x0-fw), math.Round(y0-fw), math.Round(x1+fw), math.Round(y1+fw)
		drawRoundRect(dst, x0, y0, x1-x0, y1-y0, radius+int(math.Round(fw)), int(math.Round(fw)), nf.f.color())
	}
	// The view's frame, over the boxes it cuts.
	t := max(1, math.Round(v.scale))
	x0, y0, w, h := float64(v.rect.Min.X), float64(v.rect.Min.Y), float64(v.rect.Dx()), float64(v.rect.Dy())
	FillRectF(dst, x0, y0, w, t, Th().Border)
	FillRectF(dst, x0, y0+h-t, w, t, Th().Border)
	FillRectF(dst, x0, y0, t, h, Th().Border)
	FillRectF(dst, x0+w-t, y0, t, h, Th().Border)
}

// drawEdge draws e as a polyline of the given width, with an arrow head,
// with the layout's origin at (ox, oy) on dst.
func (v *GraphView) drawEdge(dst *ebiten.Image, e graphlayout.Edge, ox, oy, width float64, clr color.Color) {
	pts := e.Points
	n := len(pts)
	at := func(k int) (float64, float64) { return ox + v.k*pts[k].X, oy + v.k*pts[k].Y }
	// The arrow head ends at the box; the line stops inside it.
	tipX, tipY := at(n - 1)
	bx, by := at(n - 2)
	d := math.Hypot(tipX-bx, tipY-by)
	ux, uy := (tipX-bx)/d, (tipY-by)/d
	head := max(3*width, 0.6*v.px*v.k)
	for k := 1; k < n; k++ {
		x0, y0 := at(k - 1)
		x1, y1 := at(k)
		if k == n-1 {
			x1, y1 = tipX-0.7*head*ux, tipY-0.7*head*uy
		}
		Line(dst, x0, y0, x1, y1, width, clr)
		if k > 1 && width >= 2 {
			// Round joins, so that thick polylines have no notches.
			Dot(dst, x0, y0, width/2, clr)
		}
	}
	drawArrowHead(dst, tipX, tipY, ux, uy, head, clr)
}

// graphLine is a line of a node's label.
type graphLine struct {
	text string
	clr  color.RGBA
}

// graphNote is what a node's label shows besides its name, operation and
// shape.
type graphNote struct {
	value   bool // its value is known
	needs   bool // it depends on an input, so it has a derivative line
	tangent bool // the derivative is a tangent, not a gradient
	reserve bool // the derivative line holds a stand-in, for the box's size
	got, of int  // contributions to its gradient added so far, and in all
}

// note returns the label's note for node i; with reserve, for the size of
// its box, with room for the count of its gradient's contributions.
func (v *GraphView) note(i int, reserve bool) graphNote {
	of := v.of[i]
	if reserve {
		of = v.uses[i]
	}
	return graphNote{value: i < v.values || reserve, needs: v.needs[i], tangent: v.tangent, reserve: reserve, got: v.got[i], of: of}
}

// graphLabel returns the lines of the label of node n: its name,
// operation and shape, its value (its norm if it has more than 4
// entries) once known, and, if it depends on an input, its derivative
// grad. With nt.reserve, the value and derivative lines hold stand-ins as
// wide as typical ones, for the size of the box; otherwise they are empty
// until known. A gradient that is a sum of several contributions says how
// many have been added.
func graphLabel(n *core.Node, grad *core.Tensor, nt graphNote) []graphLine {
	title := n.Op()
	if name := n.Name(); name != "" && (title == "input" || title == "const") {
		title = name
	} else if name != "" {
		title = name + " = " + title
	}
	lines := []graphLine{{title + "  " + graphShape(n.Shape()), Th().Text}}
	v := n.Value()
	switch {
	case !nt.value:
		lines = append(lines, graphLine{"", Th().Text})
	case v.Len() <= 4:
		lines = append(lines, graphLine{graphTensor(v, graphNum), Th().Text})
	default:
		lines = append(lines, graphLine{"‖value‖ " + graphNum(graphNorm(v)), Th().Text})
	}
	if !nt.needs {
		return lines
	}
	word, clr := "grad", Th().GradText
	if nt.tangent {
		word, clr = "ẏ", Th().Accent // the tangent, ẏ for a value y
	}
	var g string
	switch {
	case nt.reserve && v.Len() <= 4:
		g = "grad " + graphTensor(v, func(float64) string { return "−0.0000" })
	case nt.reserve:
		g = "‖grad‖ 0.000"
	case grad == nil:
	case grad.Len() <= 4:
		g = word + " " + graphTensor(grad, graphNum)
	default:
		g = "‖" + word + "‖ " + graphNum(graphNorm(grad))
	}
	if g != "" && nt.of > 1 && (nt.reserve || !nt.tangent) {
		g += fmt.Sprintf(" (%d of %d added)", nt.got, nt.of)
	}
	return append(lines, graphLine{g, clr})
}

// graphNorm returns the Euclidean norm of t's entries.
func graphNorm(t *core.Tensor) float64 {
	sum := 0.0
	for _, x := range t.Data() {
		sum += x * x
	}
	return math.Sqrt(sum)
}

// graphPad returns the space between a box's edges and its label, for
// text of size px.
func graphPad(px float64) (x, y float64) { return 0.6 * px, 0.35 * px }

// graphBoxSize returns the size of the box of a label in text of size px.
func graphBoxSize(lines []graphLine, px float64) (w, h float64) {
	padX, padY := graphPad(px)
	w = 3 * px
	for _, ln := range lines {
		lw, _ := MeasureText(ln.text, px)
		w = max(w, lw+2*padX)
	}
	return math.Ceil(w), math.Ceil(float64(len(lines))*1.3*px + 2*padY)
}

// graphFill returns the fill colour of n's box.
func graphFill(n *core.Node) color.RGBA {
	switch n.Op() {
	case "input":
		return Th().InputFill
	case "const":
		return Th().Control
	}
	return Th().Panel
}

// graphShape returns s as "scalar" or its dimensions joined by ×.
func graphShape(s core.Shape) string {
	if len(s) == 0 {
		return "scalar"
	}
	dims := make([]string, len(s))
	for i, d := range s {
		dims[i] = strconv.Itoa(d)
	}
	return strings.Join(dims, "×")
}

// graphTensor returns t's entries formatted by num: a scalar alone, and
// otherwise in brackets, rows of the last axis separated by semicolons.
func graphTensor(t *core.Tensor, num func(float64) string) string {
	d := t.Data()
	if t.Rank() == 0 {
		return num(d[0])
	}
	row := t.Shape()[t.Rank()-1]
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range d {
		switch {
		case i == 0:
		case i%row == 0:
			b.WriteString("; ")
		default:
			b.WriteByte(' ')
		}
		b.WriteString(num(x))
	}
	b.WriteByte(']')
	return b.String()
}

// graphNum formats x with 3 significant digits, a power of ten closed up
// and a true minus sign: 0.762, −12.5, 1.5×10⁻⁷.
func graphNum(x float64) string {
	return strings.ReplaceAll(formatValue(x, 3), "-", "−")
}

// roundRectKey names a cached rounded-rectangle texture: its corner radius
// and, for an outline, its stroke width (0 for a filled shape).
type roundRectKey struct{ radius, stroke int }

var roundRects = map[roundRectKey]*ebiten.Image{}

// roundRectTexture returns a white rounded rectangle 2·radius+1 texels
// square, antialiased, for drawing as nine slices: the corners as they
// are, the middle row and column stretched.
func roundRectTexture(key roundRectKey) *ebiten.Image {
	if img, ok := roundRects[key]; ok {
		return img
	}
	r := float64(key.radius)
	n := 2*key.radius + 1
	img := whiteTexture(n, n, func(x, y int) float64 {
		// The signed distance from the texel's centre to the outline,
		// negative inside.
		qx := math.Abs(float64(x)+0.5-float64(n)/2) - (float64(n)/2 - r)
		qy := math.Abs(float64(y)+0.5-float64(n)/2) - (float64(n)/2 - r)
		sd := math.Hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - r
		a := clamp01(0.5 - sd)
		if key.stroke > 0 {
			a -= clamp01(0.5 - sd - float64(key.stroke))
		}
		return a
	})
	roundRects[key] = img
	return img
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }

// drawRoundRect draws a rectangle with corners of the given radius at
// (x, y) of size w×h, filled, or outlined inside its edge with the given
// stroke width, in one draw call of nine slices.
func drawRoundRect(dst *ebiten.Image, x, y, w, h float64, radius, stroke int, clr color.Color) {
	radius = max(0, min(radius, int(w/2), int(h/2)))
	if stroke > 0 {
		radius = max(radius, stroke)
	}
	if w <= 0 || h <= 0 {
		return
	}
	tex := roundRectTexture(roundRectKey{radius, stroke})
	r := float64(radius)
	n := float32(2*radius + 1)
	xs := [4]float32{float32(x), float32(x + r), float32(x + w - r), float32(x + w)}
	ys := [4]float32{float32(y), float32(y + r), float32(y + h - r), float32(y + h)}
	ss := [4]float32{0, float32(r), float32(r) + 1, n}
	cr, cg, cb, ca := colorScale(clr)
	var vs [16]ebiten.Vertex
	for j := range 4 {
		for i := range 4 {
			vs[4*j+i] = ebiten.Vertex{DstX: xs[i], DstY: ys[j], SrcX: ss[i], SrcY: ss[j], ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca}
		}
	}
	var is [54]uint16
	k := 0
	for j := range 3 {
		for i := range 3 {
			a := uint16(4*j + i)
			for _, o := range [6]uint16{0, 1, 4, 1, 5, 4} {
				is[k] = a + o
				k++
			}
		}
	}
	op := &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha}
	dst.DrawTriangles(vs[:], is[:], tex, op)
}

// arrowHeads holds a white antialiased arrow head per length in pixels,
// pointing right, its tip at the middle of the right side.
var arrowHeads = map[int]*ebiten.Image{}

// drawArrowHead draws an arrow head of the given length with its tip at
// (x, y), pointing along the unit vector (ux, uy).
func drawArrowHead(dst *ebiten.Image, x, y, ux, uy, length float64, clr color.Color) {
	n := max(2, int(math.Round(length)))
	img, ok := arrowHeads[n]
	if !ok {
		// Coverage of each pixel by the triangle (0, 0), (n, h/2),
		// (0, h), from 4×4 samples.
		w, h := n, max(2, int(math.Round(0.8*float64(n))))
		pix := make([]byte, 4*w*h)
		for py := range h {
			for px := range w {
				in := 0
				for sy := range 4 {
					for sx := range 4 {
						fx := float64(px) + (float64(sx)+0.5)/4
						fy := float64(py) + (float64(sy)+0.5)/4
						if math.Abs(fy-float64(h)/2) <= float64(h)/2*(1-fx/float64(w)) {
							in++
						}
					}
				}
				a := byte(math.Round(255 * float64(in) / 16))
				i := 4 * (py*w + px)
				pix[i], pix[i+1], pix[i+2], pix[i+3] = a, a, a, a
			}
		}
		img = ebiten.NewImage(w, h)
		img.WritePixels(pix)
		arrowHeads[n] = img
	}
	b := img.Bounds()
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Translate(-float64(b.Dx()), -float64(b.Dy())/2)
	op.GeoM.Rotate(math.Atan2(uy, ux))
	op.GeoM.Translate(x, y)
	op.ColorScale.ScaleWithColor(clr)
	dst.DrawImage(img, op)
}
