// Package graphlayout lays out a computation graph, left to right or top
// to bottom, in the layered style of Sugiyama, Tagawa and Toda: layers by
// longest path from the inputs, a dummy vertex wherever an edge crosses a
// layer, crossings reduced by barycentre sweeps, and each layer's boxes
// placed as near their neighbours as their order and spacing allow. It is pure logic: nothing
// here draws, and it imports no Ebiten, so its tests need no display. The
// graph view of package viz draws what it computes.
package graphlayout

import (
	"fmt"
	"slices"

	"github.com/jacobianlab/jacobianlab/core"
)

// Node is a node of a graph to lay out: the nodes its inputs come
// from and the size of its box.
type Node struct {
	// Inputs holds the positions, in the slice given to Layered, of the
	// nodes whose values this node takes, in order. Each comes before the
	// node itself; a node may be taken more than once.
	Inputs []int
	// W and H are the width and height of the node's box.
	W, H float64
	// Late places a node without inputs in the layer just before its first
	// consumer instead of the first layer: for the constants of a function,
	// which are not its inputs and would otherwise send long edges across
	// the picture.
	Late bool
}

// Settings are the spacings of a layout. A nil *Settings means
// the defaults: the zero value of each field.
type Settings struct {
	// LayerGap is the horizontal space between layers; zero means 40.
	LayerGap float64
	// NodeGap is the vertical space between boxes in a layer; zero means
	// 16. Edges passing through a layer are NodeGap/2 apart.
	NodeGap float64
	// Sweeps is the largest number of down-and-up pairs of barycentre
	// sweeps, which stop early once a pair leaves as many crossings as
	// before; zero means 8.
	Sweeps int
	// Vertical lays the graph out from top to bottom instead: the layers
	// are rows, LayerGap apart, their boxes NodeGap apart side by side,
	// and an edge runs from the middle of the source's bottom side to a
	// port on the target's top side, the ports in input order from the
	// left. Everything said of left and right, x and width, is then said
	// of top and bottom, y and height.
	Vertical bool
}

// Layout is where Layered places the nodes and edges of a graph,
// with the origin at the top left and y growing down.
type Layout struct {
	// Nodes holds the placement of each node, in the order given.
	Nodes []Placed
	// Edges holds an edge for each input of each node: the inputs of node
	// 0 in order, then those of node 1, and so on.
	Edges []Edge
	// W and H are the size of the bounding box of all nodes.
	W, H float64
	// Layers is the number of layers.
	Layers int
	// Crossings is the number of points where two edges cross, all
	// between adjacent layers.
	Crossings int

	first []int // the position in Edges of each node's first input
}

// Placed is a node's box and place in the layering.
type Placed struct {
	X, Y, W, H float64 // the box: top-left corner and size
	Layer      int     // the column, counting from 0 at the left
	Order      int     // the position in the layer from the top, counting dummy vertices
}

// Edge is the route of an edge: a polyline from the middle of the
// right side of the source's box to a port on the left side of the
// target's box. The ports of a node's inputs are spread evenly down its
// left side, in order.
type Edge struct {
	From, To int // node positions
	Slot     int // which input of To the edge is
	Points   []Point
}

// Point is a point of a layout.
type Point struct{ X, Y float64 }

// Edge returns the edge that brings input slot of node to.
func (l *Layout) Edge(to, slot int) Edge {
	return l.Edges[l.first[to]+slot]
}

// Nodes returns the nodes of g to lay out, one for each node of
// g.Nodes() in order, with their inputs, constants Late, and the box of
// each given by size.
func Nodes(g *core.Graph, size func(n *core.Node) (w, h float64)) []Node {
	nodes := g.Nodes()
	out := make([]Node, len(nodes))
	for i, n := range nodes {
		ln := &out[i]
		ln.W, ln.H = size(n)
		ln.Late = n.Op() == "const"
		ln.Inputs = make([]int, len(n.Inputs()))
		for k, in := range n.Inputs() {
			ln.Inputs[k] = g.Index(in)
		}
	}
	return out
}

// Layered lays out the graph of nodes from left to right. The result
// depends only on the nodes and settings: the same graph always lays out
// the same way. Boxes do not overlap, and no edge passes through a box.
// Layered panics if an input of a node is not an earlier node.
func Layered(nodes []Node, s *Settings) *Layout {
	set := s.orDefault()
	if set.Vertical {
		// The same layout on its side: lay out the boxes turned, and
		// turn the result back.
		nodes = slices.Clone(nodes)
		for i := range nodes {
			nodes[i].W, nodes[i].H = nodes[i].H, nodes[i].W
		}
	}
	lg := newLayering(nodes)
	lg.reduceCrossings(set.Sweeps)
	lg.place(set.NodeGap)
	l := lg.layout(set.LayerGap)
	if set.Vertical {
		l.transpose()
	}
	return l
}

// transpose swaps the layout's x and y, turning a layout from left to
// right into one from top to bottom.
func (l *Layout) transpose() {
	l.W, l.H = l.H, l.W
	for i := range l.Nodes {
		n := &l.Nodes[i]
		n.X, n.Y, n.W, n.H = n.Y, n.X, n.H, n.W
	}
	for _, e := range l.Edges {
		for k := range e.Points {
			p := &e.Points[k]
			p.X, p.Y = p.Y, p.X
		}
	}
}

func (s *Settings) orDefault() Settings {
	var set Settings
	if s != nil {
		set = *s
	}
	if set.LayerGap == 0 {
		set.LayerGap = 40
	}
	if set.NodeGap == 0 {
		set.NodeGap = 16
	}
	if set.Sweeps == 0 {
		set.Sweeps = 8
	}
	return set
}

// layering is a graph in layers, with a dummy vertex wherever an edge
// crosses a layer, so that every segment joins adjacent layers. Vertices
// 0 to len(nodes)-1 are the nodes; the rest are dummies.
type layering struct {
	nodes []Node
	layer []int     // of each vertex
	order [][]int   // the vertices of each layer, top to bottom
	pos   []int     // of each vertex in its layer
	segs  []laySeg  // every segment, by the layer of its left end
	byTop [][]int   // the segments leaving each layer
	in    [][]int   // the segments into each vertex
	out   [][]int   // the segments out of each vertex
	chain [][]int   // the vertices of each edge, source to target
	y     []float64 // the centre of each vertex

	// Scratch space for the sweeps.
	key    []float64
	sorted []layKey
	tmp    []float64
}

// laySeg is a segment of an edge, from vertex u to vertex v in the next
// layer; port is where it meets v, as a fraction of v's height from the top.
type laySeg struct {
	u, v int
	port float64
}

// layKey is a vertex and the key it is sorted by.
type layKey struct {
	key float64
	v   int
}

func newLayering(nodes []Node) *layering {
	n := len(nodes)
	lg := &layering{nodes: nodes, layer: make([]int, n)}
	// Longest path from the nodes without inputs.
	nLayers := 0
	for i, nd := range nodes {
		for _, j := range nd.Inputs {
			if j < 0 || j >= i {
				panic(fmt.Sprintf("viz: Layered: node %d takes node %d, which does not come before it", i, j))
			}
			lg.layer[i] = max(lg.layer[i], lg.layer[j]+1)
		}
		nLayers = max(nLayers, lg.layer[i]+1)
	}
	// Late leaves move right, next to their first consumer; no consumer's
	// layer depends on theirs, since they are in layer 0.
	late := make([]int, n)
	for i := range late {
		late[i] = -1
	}
	for i, nd := range nodes {
		for _, j := range nd.Inputs {
			if nodes[j].Late && len(nodes[j].Inputs) == 0 && (late[j] < 0 || lg.layer[i]-1 < late[j]) {
				late[j] = lg.layer[i] - 1
			}
		}
	}
	for j, l := range late {
		if l >= 0 {
			lg.layer[j] = l
		}
	}

	lg.order = make([][]int, nLayers)
	lg.byTop = make([][]int, nLayers)
	for i := range nodes {
		lg.addVertex(lg.layer[i])
	}
	// Each edge becomes a chain of segments through dummy vertices.
	for i, nd := range nodes {
		for k, j := range nd.Inputs {
			ch := []int{j}
			for l := lg.layer[j] + 1; l < lg.layer[i]; l++ {
				d := lg.addVertex(l)
				lg.addSegment(ch[len(ch)-1], d, 0.5)
				ch = append(ch, d)
			}
			lg.addSegment(ch[len(ch)-1], i, (float64(k)+0.5)/float64(len(nd.Inputs)))
			lg.chain = append(lg.chain, append(ch, i))
		}
	}
	return lg
}

// addVertex appends a vertex at the bottom of layer l and returns it.
func (lg *layering) addVertex(l int) int {
	v := len(lg.pos)
	if v >= len(lg.nodes) {
		lg.layer = append(lg.layer, l)
	}
	lg.pos = append(lg.pos, len(lg.order[l]))
	lg.order[l] = append(lg.order[l], v)
	lg.in = append(lg.in, nil)
	lg.out = append(lg.out, nil)
	return v
}

func (lg *layering) addSegment(u, v int, port float64) {
	s := len(lg.segs)
	lg.segs = append(lg.segs, laySeg{u: u, v: v, port: port})
	lg.byTop[lg.layer[u]] = append(lg.byTop[lg.layer[u]], s)
	lg.out[u] = append(lg.out[u], s)
	lg.in[v] = append(lg.in[v], s)
}

// height returns the height of vertex v's box, 0 for a dummy.
func (lg *layering) height(v int) float64 {
	if v < len(lg.nodes) {
		return lg.nodes[v].H
	}
	return 0
}

// crossings returns the number of pairs of segments that cross.
func (lg *layering) crossings() int {
	c := 0
	for l, segs := range lg.byTop {
		// Two segments cross when their order at the top and at the
		// bottom differ: list the bottom ends in the order of the top
		// ones, and count the inversions.
		n := len(segs)
		lg.tmp = slices.Grow(lg.tmp[:0], 2*n)
		for _, u := range lg.order[l] {
			first := len(lg.tmp)
			for _, s := range lg.out[u] {
				sg := lg.segs[s]
				lg.tmp = append(lg.tmp, float64(lg.pos[sg.v])+sg.port)
			}
			slices.Sort(lg.tmp[first:])
		}
		c += countInversions(lg.tmp[:n], lg.tmp[n:2*n])
	}
	return c
}

// sign returns -1, 0 or 1 as x is negative, zero or positive: a comparison
// of layout keys, which are never NaN.
func sign(x float64) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// countInversions sorts a and returns the number of pairs i < j with
// a[i] > a[j]. tmp must be as long as a.
func countInversions(a, tmp []float64) int {
	if len(a) < 2 {
		return 0
	}
	m := len(a) / 2
	c := countInversions(a[:m], tmp[:m]) + countInversions(a[m:], tmp[m:])
	i, j, k := 0, m, 0
	for i < m && j < len(a) {
		if a[j] < a[i] {
			c += m - i
			tmp[k] = a[j]
			j++
		} else {
			tmp[k] = a[i]
			i++
		}
		k++
	}
	k += copy(tmp[k:], a[i:m])
	copy(tmp[k:], a[j:])
	copy(a, tmp[:len(a)])
	return c
}

// reduceCrossings reorders the layers by sweeps of barycentres: down the
// layers, each vertex goes to the mean position of its left neighbours;
// up, of its right neighbours (at their ports). It keeps the order with
// the fewest crossings seen, and stops after sweeps pairs of sweeps, or
// as soon as a pair finds no better order.
func (lg *layering) reduceCrossings(sweeps int) {
	best := lg.crossings()
	saved := make([][]int, len(lg.order))
	for l, vs := range lg.order {
		saved[l] = slices.Clone(vs)
	}
	keep := func() {
		if c := lg.crossings(); c < best {
			best = c
			for l, vs := range lg.order {
				copy(saved[l], vs)
			}
		}
	}
	for range sweeps {
		before := best
		for l := 1; l < len(lg.order); l++ {
			lg.sortLayer(l, true)
		}
		keep()
		for l := len(lg.order) - 2; l >= 0; l-- {
			lg.sortLayer(l, false)
		}
		keep()
		if best == 0 || best == before {
			break
		}
	}
	for l, vs := range saved {
		copy(lg.order[l], vs)
		for p, v := range vs {
			lg.pos[v] = p
		}
	}
}

// sortLayer orders layer l by the barycentres of the vertices' left (down)
// or right (up) neighbours. A vertex with no such neighbours keeps its
// relative place.
func (lg *layering) sortLayer(l int, down bool) {
	vs := lg.order[l]
	other := l + 1
	if down {
		other = l - 1
	}
	ratio := float64(len(lg.order[other])) / float64(len(vs))
	lg.sorted = lg.sorted[:0]
	for _, v := range vs {
		sum, n := 0.0, 0
		if down {
			for _, s := range lg.in[v] {
				sum += float64(lg.pos[lg.segs[s].u]) + 0.5
				n++
			}
		} else {
			for _, s := range lg.out[v] {
				sg := lg.segs[s]
				sum += float64(lg.pos[sg.v]) + sg.port
				n++
			}
		}
		k := (float64(lg.pos[v]) + 0.5) * ratio
		if n > 0 {
			k = sum / float64(n)
		}
		lg.sorted = append(lg.sorted, layKey{k, v})
	}
	// Ties keep their order: the sort is stable.
	slices.SortFunc(lg.sorted, func(a, b layKey) int {
		if a.key != b.key {
			return sign(a.key - b.key)
		}
		return lg.pos[a.v] - lg.pos[b.v]
	})
	for p, k := range lg.sorted {
		vs[p] = k.v
	}
	for p, v := range vs {
		lg.pos[v] = p
	}
}

// placePasses is the number of down-and-up passes of place.
const placePasses = 4

// place sets the vertical centre of every vertex: each layer is stacked,
// then moved, down the layers and up again, as near as its order and
// spacing allow to where its edges would run straight.
func (lg *layering) place(gap float64) {
	lg.y = make([]float64, len(lg.pos))
	lg.key = make([]float64, len(lg.pos))
	for _, vs := range lg.order {
		y := 0.0
		for i, v := range vs {
			if i > 0 {
				y += lg.sep(vs[i-1], v, gap)
			}
			lg.y[v] = y
		}
	}
	for range placePasses {
		for l := 1; l < len(lg.order); l++ {
			lg.placeLayer(l, true, gap)
		}
		for l := len(lg.order) - 2; l >= 0; l-- {
			lg.placeLayer(l, false, gap)
		}
	}
}

// sep returns the least distance between the centres of vertices a and b
// when they are next to each other in a layer.
func (lg *layering) sep(a, b int, gap float64) float64 {
	if a >= len(lg.nodes) && b >= len(lg.nodes) {
		gap /= 2
	}
	return (lg.height(a)+lg.height(b))/2 + gap
}

// portOffset returns where segment s meets its right end, from the centre
// of that vertex.
func (lg *layering) portOffset(s laySeg) float64 {
	h := lg.height(s.v)
	return (s.port - 0.5) * h
}

// placeLayer moves the vertices of layer l to the positions, in their
// order and no closer than sep, with the least sum of squared distances
// to their targets: the mean of where each of the vertex's segments to
// the left (down) or right (up) layer would be horizontal. A vertex
// without such segments targets where it is, with a small weight.
//
// The constraint y[i+1] ≥ y[i] + sep[i] becomes z[i+1] ≥ z[i] for
// z[i] = y[i] - (sep[0] + … + sep[i-1]), so the positions are the
// isotonic regression of the shifted targets, computed by pooling
// adjacent violators.
func (lg *layering) placeLayer(l int, down bool, gap float64) {
	type pool struct {
		start int
		w, wz float64 // total weight and weighted sum of shifted targets
	}
	vs := lg.order[l]
	pools := make([]pool, 0, len(vs))
	off := lg.key[:len(vs)] // the shift of each vertex
	o := 0.0
	for i, v := range vs {
		if i > 0 {
			o += lg.sep(vs[i-1], v, gap)
		}
		off[i] = o
		sum, n := 0.0, 0
		if down {
			for _, s := range lg.in[v] {
				sum += lg.y[lg.segs[s].u] - lg.portOffset(lg.segs[s])
				n++
			}
		} else {
			for _, s := range lg.out[v] {
				sum += lg.y[lg.segs[s].v] + lg.portOffset(lg.segs[s])
				n++
			}
		}
		p := pool{start: i, w: float64(n), wz: sum - float64(n)*o}
		if n == 0 {
			p.w, p.wz = 0.25, 0.25*(lg.y[v]-o)
		}
		for len(pools) > 0 {
			last := pools[len(pools)-1]
			if last.wz/last.w <= p.wz/p.w {
				break
			}
			p = pool{start: last.start, w: last.w + p.w, wz: last.wz + p.wz}
			pools = pools[:len(pools)-1]
		}
		pools = append(pools, p)
	}
	for k, p := range pools {
		end := len(vs)
		if k+1 < len(pools) {
			end = pools[k+1].start
		}
		for i := p.start; i < end; i++ {
			lg.y[vs[i]] = p.wz/p.w + off[i]
		}
	}
}

// layout returns the boxes and routes of the placed layering, with layers
// layerGap apart.
func (lg *layering) layout(layerGap float64) *Layout {
	nl := len(lg.order)
	colX, colW := make([]float64, nl), make([]float64, nl)
	for i, nd := range lg.nodes {
		colW[lg.layer[i]] = max(colW[lg.layer[i]], nd.W)
	}
	for l := 1; l < nl; l++ {
		colX[l] = colX[l-1] + colW[l-1] + layerGap
	}
	top, bottom := 0.0, 0.0
	for v, y := range lg.y {
		h := lg.height(v)
		if v == 0 {
			top, bottom = y-h/2, y+h/2
		}
		top, bottom = min(top, y-h/2), max(bottom, y+h/2)
	}

	out := &Layout{
		Nodes:     make([]Placed, len(lg.nodes)),
		Edges:     make([]Edge, 0, len(lg.chain)),
		H:         bottom - top,
		Layers:    nl,
		Crossings: lg.crossings(),
		first:     make([]int, len(lg.nodes)),
	}
	if nl > 0 {
		out.W = colX[nl-1] + colW[nl-1]
	}
	for i, nd := range lg.nodes {
		l := lg.layer[i]
		out.Nodes[i] = Placed{
			X: colX[l] + (colW[l]-nd.W)/2, Y: lg.y[i] - nd.H/2 - top, W: nd.W, H: nd.H,
			Layer: l, Order: lg.pos[i],
		}
	}
	k := 0
	for i, nd := range lg.nodes {
		out.first[i] = len(out.Edges)
		for slot, j := range nd.Inputs {
			ch := lg.chain[k]
			k++
			src, dst := out.Nodes[j], out.Nodes[i]
			pts := make([]Point, 0, 2*len(ch))
			add := func(x, y float64) {
				if n := len(pts); n == 0 || pts[n-1] != (Point{x, y}) {
					pts = append(pts, Point{x, y})
				}
			}
			// Out of the source, across its column, through each
			// dummy's column, and into the target's port.
			y := src.Y + src.H/2
			add(src.X+src.W, y)
			add(colX[src.Layer]+colW[src.Layer], y)
			for _, d := range ch[1 : len(ch)-1] {
				l := lg.layer[d]
				add(colX[l], lg.y[d]-top)
				add(colX[l]+colW[l], lg.y[d]-top)
			}
			y = dst.Y + lg.segs[lg.in[i][slot]].port*dst.H
			add(colX[dst.Layer], y)
			add(dst.X, y)
			out.Edges = append(out.Edges, Edge{From: j, To: i, Slot: slot, Points: pts})
		}
	}
	return out
}
