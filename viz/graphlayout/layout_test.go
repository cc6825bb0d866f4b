package graphlayout

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// layBox returns a node of the default test size taking the given inputs.
func layBox(inputs ...int) Node { return Node{Inputs: inputs, W: 60, H: 30} }

// layerOf returns the layer of each node.
func layerOf(l *Layout) []int {
	out := make([]int, len(l.Nodes))
	for i, n := range l.Nodes {
		out[i] = n.Layer
	}
	return out
}

func TestLayoutGraphKnown(t *testing.T) {
	for _, test := range []struct {
		name      string
		nodes     []Node
		layers    []int
		crossings int
		// above lists pairs of nodes in a layer, the first above the
		// second.
		above [][2]int
	}{
		{
			name:   "chain",
			nodes:  []Node{layBox(), layBox(0), layBox(1)},
			layers: []int{0, 1, 2},
		},
		{
			// a feeds b and c, which d adds: b, d's first input, is
			// on top.
			name:   "diamond",
			nodes:  []Node{layBox(), layBox(0), layBox(0), layBox(1, 2)},
			layers: []int{0, 1, 1, 2},
			above:  [][2]int{{1, 2}},
		},
		{
			name:   "diamond, second input first",
			nodes:  []Node{layBox(), layBox(0), layBox(0), layBox(2, 1)},
			layers: []int{0, 1, 1, 2},
			above:  [][2]int{{2, 1}},
		},
		{
			// x·x: two edges from x into the two ports of the product.
			name:   "value used twice by one node",
			nodes:  []Node{layBox(), layBox(0, 0)},
			layers: []int{0, 1},
		},
		{
			// sin(x)·x: the edge from x to the product crosses layer 1.
			name:   "value used at two depths",
			nodes:  []Node{layBox(), layBox(0), layBox(1, 0)},
			layers: []int{0, 1, 2},
		},
		{
			// Three inputs feeding three nodes in reverse order: 3
			// crossings in the given order, none once the targets are
			// reversed.
			name:   "reversed",
			nodes:  []Node{layBox(), layBox(), layBox(), layBox(2), layBox(1), layBox(0)},
			layers: []int{0, 0, 0, 1, 1, 1},
			above:  [][2]int{{5, 4}, {4, 3}},
		},
		{
			// Both of a and b feed both of c and d: one crossing
			// cannot be avoided.
			name:      "complete bipartite",
			nodes:     []Node{layBox(), layBox(), layBox(0, 1), layBox(0, 1)},
			layers:    []int{0, 0, 1, 1},
			crossings: 1,
		},
		{
			// A Late constant sits next to its consumer, an ordinary
			// leaf in layer 0. Node 2 is the first input of both 4 and
			// 6, whose second inputs come from above or below it: one
			// crossing.
			name: "late constant",
			nodes: []Node{
				layBox(), layBox(0), layBox(1),
				{W: 60, H: 30, Late: true}, layBox(2, 3),
				layBox(), layBox(2, 5),
			},
			layers:    []int{0, 1, 2, 2, 3, 0, 3},
			crossings: 1,
		},
	} {
		l := Layered(test.nodes, nil)
		if got := layerOf(l); !slices.Equal(got, test.layers) {
			t.Errorf("%s: layers %v, want %v", test.name, got, test.layers)
		}
		if l.Crossings != test.crossings {
			t.Errorf("%s: %d crossings, want %d", test.name, l.Crossings, test.crossings)
		}
		for _, p := range test.above {
			if a, b := l.Nodes[p[0]], l.Nodes[p[1]]; a.Order >= b.Order || a.Y+a.H > b.Y {
				t.Errorf("%s: node %d (order %d, y %v) is not above node %d (order %d, y %v)",
					test.name, p[0], a.Order, a.Y, p[1], b.Order, b.Y)
			}
		}
		checkGraphLayout(t, test.name, test.nodes, l)
	}
}

func TestLayoutGraphRoutes(t *testing.T) {
	// A chain of boxes of one height lays out on a straight line.
	l := Layered([]Node{layBox(), layBox(0), layBox(1)}, nil)
	for _, e := range l.Edges {
		for _, p := range e.Points {
			if p.Y != e.Points[0].Y {
				t.Errorf("chain: edge %d→%d is not horizontal: %v", e.From, e.To, e.Points)
			}
		}
	}

	// A node taking only the second of two stacked nodes sits level
	// with it, not at the top of its layer; a node taking both sits
	// between them.
	centre := func(i int) float64 { return l.Nodes[i].Y + l.Nodes[i].H/2 }
	l = Layered([]Node{layBox(), layBox(), layBox(1)}, nil)
	if centre(2) != centre(1) {
		t.Errorf("node 2 at height %v, its input at %v", centre(2), centre(1))
	}
	l = Layered([]Node{layBox(), layBox(), layBox(0, 1)}, nil)
	if c := centre(2); c <= centre(0) || c >= centre(1) {
		t.Errorf("node 2 at height %v, not between its inputs at %v and %v", c, centre(0), centre(1))
	}

	// x·x: the two edges end at the two ports, a quarter and three
	// quarters down the product's box.
	l = Layered([]Node{layBox(), layBox(0, 0)}, nil)
	n := l.Nodes[1]
	for slot, frac := range []float64{0.25, 0.75} {
		pts := l.Edge(1, slot).Points
		if end := pts[len(pts)-1]; end != (Point{n.X, n.Y + frac*n.H}) {
			t.Errorf("x·x: input %d ends at %v, want (%v, %v)", slot, end, n.X, n.Y+frac*n.H)
		}
	}

	// sin(x)·x: the long edge runs through layer 1 beside sin's box, as
	// a horizontal run across the column.
	l = Layered([]Node{layBox(), {Inputs: []int{0}, W: 100, H: 30}, layBox(1, 0)}, nil)
	e := l.Edge(2, 1)
	sin := l.Nodes[1]
	crossing := 0
	for k := 1; k < len(e.Points); k++ {
		a, b := e.Points[k-1], e.Points[k]
		if a.X == sin.X && b.X == sin.X+sin.W && a.Y == b.Y {
			crossing++
			if a.Y > sin.Y-16 && a.Y < sin.Y+sin.H+16 {
				t.Errorf("sin(x)·x: the long edge passes %v from sin's box %+v", a.Y, sin)
			}
		}
	}
	if crossing != 1 {
		t.Errorf("sin(x)·x: the long edge %v does not cross layer 1 once", e.Points)
	}
}

func TestLayoutGraphCrossingReduction(t *testing.T) {
	// The reversed graph of TestLayoutGraphKnown, with a third layer
	// that mirrors the second: 3 crossings on each side in the given
	// order.
	nodes := []Node{layBox(), layBox(), layBox(), layBox(2), layBox(1), layBox(0), layBox(3), layBox(4), layBox(5)}
	lg := newLayering(nodes)
	if c := lg.crossings(); c != 3 {
		t.Errorf("given order: %d crossings, want 3", c)
	}
	lg.reduceCrossings(4)
	if c := lg.crossings(); c != 0 {
		t.Errorf("after sweeps: %d crossings, want 0", c)
	}
	// More sweeps never leave more crossings than fewer.
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		nodes := randomLayoutGraph(rng, 40)
		prev := math.MaxInt
		for _, sweeps := range []int{0, 1, 2, 4, 8} {
			lg := newLayering(nodes)
			lg.reduceCrossings(sweeps)
			c := lg.crossings()
			if c > prev {
				t.Errorf("%d sweeps leave %d crossings, fewer sweeps %d", sweeps, c, prev)
			}
			prev = c
		}
	}
}

func TestLayoutGraphRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range 50 {
		n := 1 + rng.IntN(80)
		nodes := randomLayoutGraph(rng, n)
		l := Layered(nodes, nil)
		checkGraphLayout(t, "random", nodes, l)
		// The same graph lays out the same way.
		if again := Layered(nodes, nil); !reflect.DeepEqual(l, again) {
			t.Errorf("random graph %d: two layouts differ", i)
		}
	}
}

// checkGraphLayout checks the invariants of every layout of nodes: layers by
// longest path, boxes of the given sizes that do not overlap and lie in
// the bounding box, edges from the source's right side to the target's
// port that enter no other box.
func checkGraphLayout(t *testing.T, name string, nodes []Node, l *Layout) {
	t.Helper()
	const eps = 1e-9
	if len(l.Nodes) != len(nodes) {
		t.Fatalf("%s: %d placed nodes for %d", name, len(l.Nodes), len(nodes))
	}
	nEdges := 0
	for i, nd := range nodes {
		p := l.Nodes[i]
		if p.W != nd.W || p.H != nd.H {
			t.Errorf("%s: node %d is %v×%v, want %v×%v", name, i, p.W, p.H, nd.W, nd.H)
		}
		if p.X < -eps || p.Y < -eps || p.X+p.W > l.W+eps || p.Y+p.H > l.H+eps {
			t.Errorf("%s: node %d at %+v is outside %v×%v", name, i, p, l.W, l.H)
		}
		want := 0
		for _, j := range nd.Inputs {
			want = max(want, l.Nodes[j].Layer+1)
		}
		if nd.Late && len(nd.Inputs) == 0 {
			want = p.Layer // checked by the edges below
		}
		if p.Layer != want {
			t.Errorf("%s: node %d in layer %d, want %d", name, i, p.Layer, want)
		}
		for j := range i {
			q := l.Nodes[j]
			if p.X < q.X+q.W && q.X < p.X+p.W && p.Y < q.Y+q.H && q.Y < p.Y+p.H {
				t.Errorf("%s: nodes %d %+v and %d %+v overlap", name, i, p, j, q)
			}
		}
		nEdges += len(nd.Inputs)
	}
	if len(l.Edges) != nEdges {
		t.Fatalf("%s: %d edges, want %d", name, len(l.Edges), nEdges)
	}
	for i, nd := range nodes {
		for slot, j := range nd.Inputs {
			e := l.Edge(i, slot)
			if e.From != j || e.To != i || e.Slot != slot {
				t.Errorf("%s: Edge(%d, %d) is %d→%d input %d", name, i, slot, e.From, e.To, e.Slot)
				continue
			}
			src, dst := l.Nodes[j], l.Nodes[i]
			if src.Layer >= dst.Layer {
				t.Errorf("%s: edge %d→%d goes from layer %d to %d", name, j, i, src.Layer, dst.Layer)
			}
			first, last := e.Points[0], e.Points[len(e.Points)-1]
			port := dst.Y + (float64(slot)+0.5)/float64(len(nd.Inputs))*dst.H
			if first != (Point{src.X + src.W, src.Y + src.H/2}) || math.Abs(last.X-dst.X) > eps || math.Abs(last.Y-port) > eps {
				t.Errorf("%s: edge %d→%d runs from %v to %v", name, j, i, first, last)
			}
			for k := 1; k < len(e.Points); k++ {
				a, b := e.Points[k-1], e.Points[k]
				if b.X <= a.X {
					t.Errorf("%s: edge %d→%d turns back at %v", name, j, i, b)
				}
				for m, q := range l.Nodes {
					if m != i && m != j && segmentEntersBox(a, b, q) {
						t.Errorf("%s: edge %d→%d enters node %d", name, j, i, m)
					}
				}
			}
		}
	}
}

// segmentEntersBox reports whether the segment from a to b passes through
// the inside of p's box, by clipping it to the box (Liang–Barsky).
func segmentEntersBox(a, b Point, p Placed) bool {
	const eps = 1e-6
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, c := range [][2]float64{
		{-dx, a.X - (p.X + eps)}, {dx, (p.X + p.W - eps) - a.X},
		{-dy, a.Y - (p.Y + eps)}, {dy, (p.Y + p.H - eps) - a.Y},
	} {
		q, r := c[0], c[1]
		if q == 0 {
			if r < 0 {
				return false
			}
			continue
		}
		u := r / q
		if q < 0 {
			t0 = max(t0, u)
		} else {
			t1 = min(t1, u)
		}
	}
	return t0 < t1
}

func TestLayoutGraphPanics(t *testing.T) {
	defer func() {
		r := recover()
		if s, ok := r.(string); !ok || !strings.HasPrefix(s, "viz: ") {
			t.Errorf("a node taking a later node: panic %v, want a viz: message", r)
		}
	}()
	Layered([]Node{layBox(1), layBox()}, nil)
}

func TestLayoutNodes(t *testing.T) {
	// tanh(W·x + b) with the sum named h.
	f := func(x []*core.Node) *core.Node {
		return core.Tanh(core.Add(core.MatMul(x[0], x[1]), x[2]).Named("h"))
	}
	in := []*core.Tensor{core.Zeros(2, 3), core.Zeros(3), core.Zeros(2)}
	g, err := core.Trace(f, in, &core.Settings{Names: []string{"W", "x", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	size := func(n *core.Node) (w, h float64) { return float64(10 * len(n.Op())), 20 }
	nodes := Nodes(g, size)
	gn := g.Nodes()
	if len(nodes) != len(gn) {
		t.Fatalf("%d layout nodes for %d graph nodes", len(nodes), len(gn))
	}
	l := Layered(nodes, nil)
	for i, n := range gn {
		if w, _ := size(n); nodes[i].W != w || l.Nodes[i].W != w {
			t.Errorf("node %d (%v) is %v wide, want %v", i, n, l.Nodes[i].W, w)
		}
		if len(nodes[i].Inputs) != len(n.Inputs()) {
			t.Errorf("node %d (%v) has %d inputs, want %d", i, n, len(nodes[i].Inputs), len(n.Inputs()))
			continue
		}
		for k, x := range n.Inputs() {
			if e := l.Edge(i, k); e.From != g.Index(x) || nodes[i].Inputs[k] != g.Index(x) {
				t.Errorf("input %d of node %d (%v) comes from %d, want %d (%v)", k, i, n, e.From, g.Index(x), x)
			}
		}
	}
	// W, x and b are inputs in layer 0, then matmul, add, tanh.
	if got, want := layerOf(l), []int{0, 0, 0, 1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("layers %v, want %v", got, want)
	}
	if l.Crossings != 0 {
		t.Errorf("%d crossings, want 0", l.Crossings)
	}

	// A constant is Late: x² puts the exponent 2 beside x's consumer.
	g, err = core.Trace(func(x []*core.Node) *core.Node {
		return core.Pow(core.Sin(x[0]), core.Const(core.Scalar(2)))
	}, []*core.Tensor{core.Scalar(1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	nodes = Nodes(g, size)
	for i, n := range g.Nodes() {
		if nodes[i].Late != (n.Op() == "const") {
			t.Errorf("%v: Late is %v", n, nodes[i].Late)
		}
	}
	l = Layered(nodes, nil)
	for i, n := range g.Nodes() {
		if n.Op() == "const" && l.Nodes[i].Layer != 1 {
			t.Errorf("the constant of sin(x)^2 is in layer %d, want 1", l.Nodes[i].Layer)
		}
	}
}

// randomLayoutGraph returns a random graph of n nodes: the first tenth
// inputs, then nodes of 1 to 3 inputs taken from any earlier node, with a
// Late constant now and then. Boxes are 30 to 120 wide and 20 to 60 high.
func randomLayoutGraph(rng *rand.Rand, n int) []Node {
	nodes := make([]Node, n)
	for i := range nodes {
		nd := &nodes[i]
		nd.W, nd.H = 30+90*rng.Float64(), 20+40*rng.Float64()
		if i < max(1, n/10) {
			continue
		}
		if rng.IntN(10) == 0 {
			nd.Late = true
			continue
		}
		for range 1 + rng.IntN(3) {
			nd.Inputs = append(nd.Inputs, rng.IntN(i))
		}
	}
	return nodes
}

// TestLayoutGraphVertical checks that a vertical layout is the layout
// from left to right turned on its side: layers are rows from the top,
// and edges run down from the source's bottom into ports along the
// target's top.
func TestLayoutGraphVertical(t *testing.T) {
	// sin(x)·x with boxes wider than high, as labels are.
	nodes := []Node{{W: 80, H: 30}, {Inputs: []int{0}, W: 100, H: 30}, {Inputs: []int{1, 0}, W: 80, H: 30}}
	across := Layered(nodes, nil)
	turned := slices.Clone(nodes)
	for i := range turned {
		turned[i].W, turned[i].H = turned[i].H, turned[i].W
	}
	want := Layered(turned, nil)
	l := Layered(nodes, &Settings{Vertical: true})
	if l.W != want.H || l.H != want.W || l.Layers != want.Layers || l.Crossings != want.Crossings {
		t.Errorf("vertical layout %v×%v, %d layers, %d crossings; want %v×%v, %d, %d", l.W, l.H, l.Layers, l.Crossings, want.H, want.W, want.Layers, want.Crossings)
	}
	for i, n := range l.Nodes {
		if w := want.Nodes[i]; n != (Placed{X: w.Y, Y: w.X, W: w.H, H: w.W, Layer: w.Layer, Order: w.Order}) {
			t.Errorf("node %d at %+v, want %+v turned", i, n, w)
		}
		if n.W != nodes[i].W || n.H != nodes[i].H {
			t.Errorf("node %d is %v×%v, want its own size %v×%v", i, n.W, n.H, nodes[i].W, nodes[i].H)
		}
	}
	// Layers are rows, top to bottom, and do not overlap.
	for i := 1; i < len(l.Nodes); i++ {
		if a, b := l.Nodes[i-1], l.Nodes[i]; b.Y < a.Y+a.H {
			t.Errorf("node %d (row %d) starts at y %v, above the end of node %d at %v", i, b.Layer, b.Y, i-1, a.Y+a.H)
		}
	}
	// Each edge leaves the middle of its source's bottom and ends on its
	// target's top, the ports in input order from the left.
	prod := l.Nodes[2]
	for slot, frac := range []float64{0.25, 0.75} {
		e := l.Edge(2, slot)
		src := l.Nodes[e.From]
		if p := e.Points[0]; p != (Point{src.X + src.W/2, src.Y + src.H}) {
			t.Errorf("input %d leaves at %v, want the middle of node %d's bottom", slot, p, e.From)
		}
		if p := e.Points[len(e.Points)-1]; p != (Point{prod.X + frac*prod.W, prod.Y}) {
			t.Errorf("input %d ends at %v, want (%v, %v)", slot, p, prod.X+frac*prod.W, prod.Y)
		}
	}
	if across.W <= across.H || l.H <= l.W {
		t.Errorf("a chain of 3 is %v×%v across and %v×%v down", across.W, across.H, l.W, l.H)
	}
}
