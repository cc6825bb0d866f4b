// Package layout arranges rectangles: rows, columns and stacks of boxes
// with minimum and preferred sizes, fitted to the area they are given, as
// the lessons arrange their pictures, numbers and controls. It computes
// image.Rectangles and draws nothing, so its tests need no display.
//
// A lesson describes its arrangement once as a tree of nodes, then calls
// Place with the area it has: each leaf writes its rectangle where it was
// told to. Along a row's or a column's axis every child gets its minimum
// first, then the space left goes towards the preferred sizes, then to the
// children that grow, by their weights; across the axis every child fills
// the row or the column, up to its maximum if it has one. When even the
// minimums do not fit, every child gets less than its minimum, in
// proportion to it, and Fits reports false: the caller picks a smaller
// arrangement.
package layout

import (
	"image"
	"math"
)

// Size is a width and a height in pixels.
type Size struct{ W, H float64 }

// kind is what a Node is.
type kind uint8

const (
	leaf kind = iota
	row
	column
	stack
)

// A Node is a part of an arrangement: a leaf that receives a rectangle, or
// a row, a column or a stack of nodes.
type Node struct {
	kind     kind
	dst      *image.Rectangle
	min      Size
	pref     Size
	max      Size // 0: no maximum
	grow     float64
	gap      float64
	pad      float64
	children []*Node
	hidden   bool
}

// Leaf returns a node whose rectangle is written to dst by Place. Its
// minimum and preferred sizes are min and pref (a preferred size below the
// minimum counts as the minimum).
func Leaf(dst *image.Rectangle, min, pref Size) *Node {
	return &Node{kind: leaf, dst: dst, min: min, pref: pref}
}

// Space returns an empty leaf: room of the given sizes between nodes.
func Space(min, pref Size) *Node { return &Node{kind: leaf, min: min, pref: pref} }

// Row returns a node that places children side by side, left to right,
// gap pixels apart.
func Row(gap float64, children ...*Node) *Node {
	return &Node{kind: row, gap: gap, children: children}
}

// Column returns a node that places children one below the other, top to
// bottom, gap pixels apart.
func Column(gap float64, children ...*Node) *Node {
	return &Node{kind: column, gap: gap, children: children}
}

// Stack returns a node that gives every child the same rectangle, one
// over the other.
func Stack(children ...*Node) *Node { return &Node{kind: stack, children: children} }

// Grow sets the node's weight in the space left over along its parent's
// axis once every child has its preferred size, and returns n.
func (n *Node) Grow(w float64) *Node { n.grow = w; return n }

// Max sets the largest size the node takes (0 for no limit in a
// direction), and returns n. A node held below the space it is given sits
// at the start of it.
func (n *Node) Max(s Size) *Node { n.max = s; return n }

// Pad sets a margin of p pixels on every side of the node, and returns n.
func (n *Node) Pad(p float64) *Node { n.pad = p; return n }

// Hide takes the node out of the arrangement when hidden is true: it takes
// no room, its gaps go, and its leaves get empty rectangles. It returns n.
func (n *Node) Hide(hidden bool) *Node { n.hidden = hidden; return n }

// visible returns the children that are not hidden.
func (n *Node) visible() []*Node {
	v := make([]*Node, 0, len(n.children))
	for _, c := range n.children {
		if !c.hidden {
			v = append(v, c)
		}
	}
	return v
}

// sizes returns the node's minimum and preferred sizes, margins included.
func (n *Node) sizes() (min, pref Size) {
	switch n.kind {
	case leaf:
		min, pref = n.min, n.pref
	case row, column, stack:
		// Sizes along the axis add up, gaps between; across it the
		// largest counts. A column is a row turned a quarter.
		turn := func(s Size) Size {
			if n.kind == column {
				return Size{s.H, s.W}
			}
			return s
		}
		for i, c := range n.visible() {
			cm, cp := c.sizes()
			cm, cp = turn(cm), turn(cp)
			if n.kind == stack {
				min.W, pref.W = math.Max(min.W, cm.W), math.Max(pref.W, cp.W)
			} else {
				min.W += cm.W
				pref.W += cp.W
				if i > 0 {
					min.W += n.gap
					pref.W += n.gap
				}
			}
			min.H, pref.H = math.Max(min.H, cm.H), math.Max(pref.H, cp.H)
		}
		min, pref = turn(min), turn(pref)
	}
	pref.W, pref.H = math.Max(pref.W, min.W), math.Max(pref.H, min.H)
	if n.max.W > 0 {
		min.W, pref.W = math.Min(min.W, n.max.W), math.Min(pref.W, n.max.W)
	}
	if n.max.H > 0 {
		min.H, pref.H = math.Min(min.H, n.max.H), math.Min(pref.H, n.max.H)
	}
	p := 2 * n.pad
	return Size{min.W + p, min.H + p}, Size{pref.W + p, pref.H + p}
}

// MinSize returns the smallest area the arrangement fits in.
func (n *Node) MinSize() Size { m, _ := n.sizes(); return m }

// PrefSize returns the area the arrangement would like.
func (n *Node) PrefSize() Size { _, p := n.sizes(); return p }

// Fits reports whether the arrangement's minimum fits in r.
func (n *Node) Fits(r image.Rectangle) bool {
	m := n.MinSize()
	return m.W <= float64(r.Dx())+0.5 && m.H <= float64(r.Dy())+0.5
}

// Place fits the arrangement into r and writes every leaf's rectangle.
func (n *Node) Place(r image.Rectangle) {
	n.place(float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y))
}

// place fits the node into the rectangle (x0, y0)–(x1, y1).
func (n *Node) place(x0, y0, x1, y1 float64) {
	if n.hidden {
		n.clear()
		return
	}
	x0, y0, x1, y1 = x0+n.pad, y0+n.pad, x1-n.pad, y1-n.pad
	if n.max.W > 0 && x1-x0 > n.max.W {
		x1 = x0 + n.max.W
	}
	if n.max.H > 0 && y1-y0 > n.max.H {
		y1 = y0 + n.max.H
	}
	x1, y1 = math.Max(x0, x1), math.Max(y0, y1)
	switch n.kind {
	case leaf:
		if n.dst != nil {
			*n.dst = image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1)))
		}
	case stack:
		for _, c := range n.children {
			c.place(x0, y0, x1, y1)
		}
	case row, column:
		vis := n.visible()
		for _, c := range n.children {
			if c.hidden {
				c.clear()
			}
		}
		total := x1 - x0
		if n.kind == column {
			total = y1 - y0
		}
		lengths := n.distribute(vis, total-n.gap*float64(max(0, len(vis)-1)))
		at := x0
		if n.kind == column {
			at = y0
		}
		for i, c := range vis {
			if n.kind == row {
				c.place(at, y0, at+lengths[i], y1)
			} else {
				c.place(x0, at, x1, at+lengths[i])
			}
			at += lengths[i] + n.gap
		}
	}
}

// distribute shares room along the node's axis among its visible children:
// minimums first, then towards the preferred sizes, then by weight.
func (n *Node) distribute(vis []*Node, room float64) []float64 {
	mins, prefs := make([]float64, len(vis)), make([]float64, len(vis))
	var sumMin, sumPref, sumGrow float64
	for i, c := range vis {
		m, p := c.sizes()
		if n.kind == row {
			mins[i], prefs[i] = m.W, p.W
		} else {
			mins[i], prefs[i] = m.H, p.H
		}
		sumMin += mins[i]
		sumPref += prefs[i]
		sumGrow += c.grow
	}
	out := make([]float64, len(vis))
	switch {
	case room <= sumMin:
		// Too little room: everything shrinks below its minimum, in
		// proportion to it.
		for i := range vis {
			if sumMin > 0 {
				out[i] = math.Max(0, room) * mins[i] / sumMin
			}
		}
	case room <= sumPref:
		t := (room - sumMin) / (sumPref - sumMin)
		for i := range vis {
			out[i] = mins[i] + t*(prefs[i]-mins[i])
		}
	default:
		left := room - sumPref
		for i, c := range vis {
			out[i] = prefs[i]
			if sumGrow > 0 {
				out[i] += left * c.grow / sumGrow
			}
		}
	}
	return out
}

// clear gives every leaf under n an empty rectangle.
func (n *Node) clear() {
	if n.dst != nil {
		*n.dst = image.Rectangle{}
	}
	for _, c := range n.children {
		c.clear()
	}
}
