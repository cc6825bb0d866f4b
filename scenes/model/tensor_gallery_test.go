package model

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// texIndex is an index's name in a subscript: a letter, perhaps primed.
var texIndex = regexp.MustCompile(`[A-Za-z]'?`)

// texSum is a sum over an index, which binds it.
var texSum = regexp.MustCompile(`\\sum_\{([^}]*)\}`)

// TestGalleryVJPIndices holds each gallery item's VJP formula to its
// entry formula: a formula of one entry of ∂L/∂x is written at x's
// indices, the entry formula's (jNames), and every other index in it is
// summed over; and ∂L/∂x from the closed form (vjp), the chain rule's sum
// Σᵢ Gᵢ ∂yᵢ/∂xⱼ over the entry formula, and core's VJP agree.
func TestGalleryVJPIndices(t *testing.T) {
	for _, it := range TensorGallery {
		bound := map[string]bool{}
		for _, m := range texSum.FindAllStringSubmatch(it.VJPTeX, -1) {
			bound[m[1]] = true
		}
		var free []string
		for _, g := range subscripts.FindAllStringSubmatch(texSum.ReplaceAllString(it.VJPTeX, ""), -1) {
			for _, name := range texIndex.FindAllString(g[1], -1) {
				if !bound[name] && !slices.Contains(free, name) {
					free = append(free, name)
				}
			}
		}
		switch {
		case len(free) == 0 && it.VJPAt != nil:
			t.Errorf("%s: %s is the whole of ∂L/∂x, but VJPAt names the indices %v", it.Key, it.VJPTeX, it.VJPAt)
		case len(free) > 0 && !slices.Equal(it.VJPAt, it.jNames):
			t.Errorf("%s: %s is one entry of ∂L/∂x, written at %v; want x's indices %v", it.Key, it.VJPTeX, it.VJPAt, it.jNames)
		}
		for _, name := range free {
			if !slices.Contains(it.jNames, name) {
				t.Errorf("%s: %s uses the index %s, neither x's (%v) nor summed over", it.Key, it.VJPTeX, name, it.jNames)
			}
		}

		n := galleryNums(t, it.Key, it.Defs)
		ys, xs := n.Y.Shape(), n.X().Shape()
		for j := range n.X().Len() {
			sum := 0.0
			for i := range n.Y.Len() {
				sum += n.G.Data()[i] * it.Entry(n.Named, n.Y, ys.Unravel(i), xs.Unravel(j))
			}
			closed, vjp := n.Closed.Data()[j], n.VJP.Data()[j]
			if math.Abs(sum-closed) > 1e-12 || math.Abs(sum-vjp) > 1e-12 {
				t.Errorf("%s: entry %v of ∂L/∂x: the chain rule's sum %v, the closed form %v, core's VJP %v", it.Key, xs.Unravel(j), sum, closed, vjp)
			}
		}
	}
	if !strings.Contains(TensorGallery[2].VJPTeX, "G_{n' d'}") {
		t.Errorf("softmax's VJP %s: want it written at x's indices n′, d′", TensorGallery[2].VJPTeX)
	}
}
