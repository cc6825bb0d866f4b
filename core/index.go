package core

// indexMap lists positions in a tensor: the m-th is where entry m of
// another tensor comes from (gather) or goes to (scatterAdd). It is the whole
// content of the operations that only move or sum entries.
type indexMap interface {
	// gather sets dst[m] to src at the m-th position.
	gather(dst, src []float64)
	// scatterAdd adds src[m] to dst at the m-th position.
	scatterAdd(dst, src []float64)
	// size returns the number of positions.
	size() int
}

// strided is the index map whose m-th position is base + Σₖ iₖ·stride[k],
// where i is the multi-index of m in shape: the map of a transpose
// (permuted strides), a broadcast (zero strides), a slice or index (an
// offset), the windows of a convolution, the entries of one operand of a
// concatenation, and the sum of a reduction. It takes no memory per entry.
type strided struct {
	shape  Shape
	base   int
	stride []int
}

// rows calls fn for each run of positions along the last axis: the first
// entry number m, the first position, the count and the step.
func (s strided) rows(fn func(m, off, n, step int)) {
	r := len(s.shape)
	if r == 0 {
		fn(0, s.base, 1, 0)
		return
	}
	n, step := s.shape[r-1], s.stride[r-1]
	pos := make([]int, r-1)
	off := s.base
	for m := 0; m < s.shape.Size(); m += n {
		fn(m, off, n, step)
		for k := r - 2; k >= 0; k-- {
			pos[k]++
			off += s.stride[k]
			if pos[k] < s.shape[k] {
				break
			}
			off -= s.stride[k] * s.shape[k]
			pos[k] = 0
		}
	}
}

func (s strided) size() int { return s.shape.Size() }

func (s strided) gather(dst, src []float64) {
	s.rows(func(m, off, n, step int) {
		for j := range dst[m : m+n] {
			dst[m+j] = src[off]
			off += step
		}
	})
}

func (s strided) scatterAdd(dst, src []float64) {
	s.rows(func(m, off, n, step int) {
		for _, v := range src[m : m+n] {
			dst[off] += v
			off += step
		}
	})
}

// list is the index map of explicit positions, for data-dependent maps such
// as the position of each maximum.
type list []int

func (l list) size() int { return len(l) }

func (l list) gather(dst, src []float64) {
	for m, i := range l {
		dst[m] = src[i]
	}
}

func (l list) scatterAdd(dst, src []float64) {
	for m, i := range l {
		dst[i] += src[m]
	}
}

// broadcastIndex returns the gather index map that broadcasts a tensor of
// shape from to shape to, which must be a broadcast of from.
func broadcastIndex(from, to Shape) strided {
	st := make([]int, len(to))
	fst := from.strides()
	off := len(to) - len(from)
	for i, d := range from {
		if d != 1 {
			st[off+i] = fst[i]
		}
	}
	return strided{shape: to, stride: st}
}

// transposeIndex returns the shape of a tensor of shape s with its axes
// permuted by perm (axis k of the result is axis perm[k] of s) and the gather
// index map that does it. An empty perm reverses the axes. transposeIndex
// panics with an Error if perm is not a permutation of s's axes.
func transposeIndex(s Shape, perm []int) (Shape, strided) {
	if len(perm) == 0 {
		perm = make([]int, len(s))
		for i := range perm {
			perm[i] = len(s) - 1 - i
		}
	}
	if len(perm) != len(s) {
		errorf("transpose", "permutation %v for shape %v of rank %d", perm, s, len(s))
	}
	seen := make([]bool, len(s))
	out := make(Shape, len(s))
	st := make([]int, len(s))
	sst := s.strides()
	for k, p := range perm {
		if p < 0 || p >= len(s) || seen[p] {
			errorf("transpose", "%v is not a permutation of the axes of shape %v", perm, s)
		}
		seen[p] = true
		out[k] = s[p]
		st[k] = sst[p]
	}
	return out, strided{shape: out, stride: st}
}

// reduceIndex returns the shape of a tensor of shape s with the marked axes
// summed out, and the scatter index map from each entry of s to its entry of
// the result.
func reduceIndex(s Shape, reduced []bool) (Shape, strided) {
	out := Shape{}
	for i, d := range s {
		if !reduced[i] {
			out = append(out, d)
		}
	}
	ost := out.strides()
	st := make([]int, len(s))
	k := 0
	for i := range s {
		if !reduced[i] {
			st[i] = ost[k]
			k++
		}
	}
	return out, strided{shape: s, stride: st}
}

// gatherTensor returns the tensor of the given shape gathered from t by idx.
func gatherTensor(t *Tensor, idx indexMap, shape Shape) *Tensor {
	out := &Tensor{shape: shape, data: make([]float64, shape.Size())}
	idx.gather(out.data, t.data)
	return out
}
