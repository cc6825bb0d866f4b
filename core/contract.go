package core

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// contraction is a checked pairing of axes of two shapes: the shapes, the
// paired (contracted) axes, the free axes of each in order, and the result
// shape, which is the free axes of a followed by the free axes of b. As a
// matrix product it is an m×k matrix times a k×n matrix.
type contraction struct {
	a, b         Shape
	axesA, axesB []int
	freeA, freeB []int
	out          Shape
	m, n, k      int
}

// newContraction checks that axesA of a and axesB of b pair up (same count,
// no repeats, equal dimensions) and returns the contraction. Negative axes
// count from the end. newContraction panics with an Error for op otherwise.
func newContraction(op string, a, b Shape, axesA, axesB []int) *contraction {
	if len(axesA) != len(axesB) {
		errorf(op, "shapes %v and %v: %d axes %v paired with %d axes %v", a, b, len(axesA), axesA, len(axesB), axesB)
	}
	c := &contraction{a: a, b: b, axesA: make([]int, len(axesA)), axesB: make([]int, len(axesB)), m: 1, n: 1, k: 1}
	inA := make([]bool, len(a))
	inB := make([]bool, len(b))
	for i := range axesA {
		pa, pb := normAxis(op, axesA[i], len(a)), normAxis(op, axesB[i], len(b))
		if inA[pa] || inB[pb] {
			errorf(op, "shapes %v and %v: axes %v and %v repeat an axis", a, b, axesA, axesB)
		}
		if a[pa] != b[pb] {
			errorf(op, "shapes %v and %v: axis %d of the first (%d) does not match axis %d of the second (%d)", a, b, pa, a[pa], pb, b[pb])
		}
		inA[pa], inB[pb] = true, true
		c.axesA[i], c.axesB[i] = pa, pb
		c.k = mulSat(c.k, a[pa])
	}
	for i, d := range a {
		if !inA[i] {
			c.freeA = append(c.freeA, i)
			c.out = append(c.out, d)
			c.m = mulSat(c.m, d)
		}
	}
	for i, d := range b {
		if !inB[i] {
			c.freeB = append(c.freeB, i)
			c.out = append(c.out, d)
			c.n = mulSat(c.n, d)
		}
	}
	if c.out == nil {
		c.out = Shape{}
	}
	if len(c.out) > MaxRank {
		errorf(op, "shapes %v and %v: the result would have rank %d, more than %d", a, b, len(c.out), MaxRank)
	}
	return c
}

// Contract returns the contraction of a and b over the paired axes, the
// tensordot of NumPy:
//
//	out[i, j] = Σₖ a[i, k] b[k, j]
//
// where k runs over the multi-indices of the paired axes (axis axesA[p] of a
// is summed against axis axesB[p] of b), i over the remaining (free) axes of
// a and j over the free axes of b. The result's axes are the free axes of a
// followed by the free axes of b. With a and b matrices and the axes [1] and
// [0], it is the matrix product. Negative axes count from the end.
//
// Contract is computed as one matrix product by gonum's BLAS, copying an
// operand only if its axes cannot be viewed as a matrix. Contract panics with
// an Error if the axes do not pair up.
func Contract(a, b *Tensor, axesA, axesB []int) *Tensor {
	var dst Tensor
	ContractTo(&dst, a, b, axesA, axesB)
	return &dst
}

// ContractTo computes the contraction of a and b over the paired axes, as
// Contract does, and stores it in dst. If dst is the zero Tensor it takes the
// right shape; otherwise it must have the shape of the result, and must not
// share data with a or b. ContractTo panics with an Error otherwise.
func ContractTo(dst, a, b *Tensor, axesA, axesB []int) {
	c := newContraction("Contract", a.shape, b.shape, axesA, axesB)
	switch {
	case dst.data == nil:
		*dst = Tensor{shape: c.out, data: make([]float64, c.out.Size())}
	case !dst.shape.Equal(c.out):
		errorf("Contract", "destination of shape %v for the result of shape %v", dst.shape, c.out)
	}
	c.compute(dst.data, a.data, b.data)
}

// compute stores the contraction of a and b in dst.
func (c *contraction) compute(dst, a, b []float64) {
	am, tA := matrixView(c.a, a, c.freeA, c.axesA)
	bm, tB := matrixView(c.b, b, c.axesB, c.freeB)
	gemm(tA, tB, c.m, c.n, c.k, am, bm, dst)
}

// matrixView returns the data of a tensor of shape s viewed as the matrix
// whose rows run over the axes rows and columns over the axes cols: the data
// itself if s's axes are in that order, the data as the transposed matrix if
// they are in the order cols, rows, and otherwise a permuted copy.
func matrixView(s Shape, data []float64, rows, cols []int) ([]float64, bool) {
	order := append(append([]int(nil), rows...), cols...)
	if isIdentity(order) {
		return data, false
	}
	if isIdentity(append(append([]int(nil), cols...), rows...)) {
		return data, true
	}
	_, idx := transposeIndex(s, order)
	out := make([]float64, len(data))
	idx.gather(out, data)
	return out, false
}

// isIdentity reports whether perm is 0, 1, 2, ….
func isIdentity(perm []int) bool {
	for i, p := range perm {
		if p != i {
			return false
		}
	}
	return true
}

// parallelGemm is the size m·n of a product from which gonum's Dgemm works
// in parallel: four blocks of 64×64.
const parallelGemm = 4 * 64 * 64

// gemm stores in c the m×n product op(a)·op(b), where op(a) is the m×k
// matrix a, or the transpose of the k×m matrix a if tA; likewise op(b) is k×n.
// A product with a single row or column is a matrix–vector product.
func gemm(tA, tB bool, m, n, k int, a, b, c []float64) {
	impl := blas64.Implementation()
	switch {
	case n == 1: // c = op(a)·b, b a vector of k entries either way
		if tA {
			impl.Dgemv(blas.Trans, k, m, 1, a, m, b, 1, 0, c, 1)
		} else {
			impl.Dgemv(blas.NoTrans, m, k, 1, a, k, b, 1, 0, c, 1)
		}
	case m == 1: // cᵀ = op(b)ᵀ·aᵀ, a a vector of k entries either way
		if tB {
			impl.Dgemv(blas.NoTrans, n, k, 1, b, k, a, 1, 0, c, 1)
		} else {
			impl.Dgemv(blas.Trans, k, n, 1, b, n, a, 1, 0, c, 1)
		}
	default:
		if tA && m*n >= parallelGemm {
			// Once gonum's Dgemm works in parallel blocks, its kernel for
			// a transposed left operand (the weights' gradient Xᵀ·G of a
			// layer) is several times slower than the plain one: measured,
			// 256×128×64 took 1.41 ms as it is and 0.36 ms with this
			// transposed copy. Below that size the copy costs more than it
			// saves.
			var t mat.Dense
			t.CloneFrom(mat.NewDense(k, m, a[:k*m]).T())
			a, tA = t.RawMatrix().Data, false
		}
		ta, lda := blas.NoTrans, k
		if tA {
			ta, lda = blas.Trans, m
		}
		tb, ldb := blas.NoTrans, n
		if tB {
			tb, ldb = blas.Trans, k
		}
		impl.Dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, n)
	}
}

// ChainRule returns the Jacobian of z with respect to x from the Jacobians
// dzdy = ∂z/∂y, of shape z.Shape() ++ y.Shape(), and dydx = ∂y/∂x, of shape
// y.Shape() ++ x.Shape(), where y has rank rankY:
//
//	(∂z/∂x)[i, j] = Σₖ (∂z/∂y)[i, k] (∂y/∂x)[k, j]
//
// with k running over all multi-indices of y. The result has shape
// z.Shape() ++ x.Shape(). ChainRule panics with an Error if the last rankY
// axes of dzdy do not match the first rankY axes of dydx.
func ChainRule(dzdy, dydx *Tensor, rankY int) *Tensor {
	if rankY < 0 || rankY > dzdy.Rank() || rankY > dydx.Rank() ||
		!dzdy.shape[dzdy.Rank()-rankY:].Equal(dydx.shape[:rankY]) {
		errorf("ChainRule", "Jacobians of shapes %v and %v do not share a y of rank %d", dzdy.shape, dydx.shape, rankY)
	}
	axesZ := make([]int, rankY)
	axesX := make([]int, rankY)
	for i := range rankY {
		axesZ[i] = dzdy.Rank() - rankY + i
		axesX[i] = i
	}
	return Contract(dzdy, dydx, axesZ, axesX)
}

// MulAdd is one step of a contraction: out[Out] += a[A]·b[B], with flat
// row-major positions into the result and the two operands. Shape.Unravel
// turns them into multi-indices.
type MulAdd struct {
	Out, A, B int
}

// Plan is the sequence of multiply-adds a contraction performs, in the order
// of the definition: for each entry of the result in row-major order, for
// each multi-index of the paired axes in row-major order. It is computed on
// demand by At and stores nothing per step, so a plan of a large contraction
// costs no memory.
type Plan struct {
	c                *contraction
	freeDimsA, freeA []int // dimensions and strides in a of a's free axes
	freeDimsB, freeB []int // dimensions and strides in b of b's free axes
	sumDims          []int // dimensions of the paired axes
	sumA, sumB       []int // strides of the paired axes in a and in b
}

// ContractPlan returns the plan of Contract for operands of shapes a and b
// and the paired axes. ContractPlan panics with an Error if the axes do not
// pair up.
func ContractPlan(a, b Shape, axesA, axesB []int) *Plan {
	c := newContraction("ContractPlan", a, b, axesA, axesB)
	p := &Plan{c: c}
	sa, sb := a.strides(), b.strides()
	for _, ax := range c.freeA {
		p.freeDimsA, p.freeA = append(p.freeDimsA, a[ax]), append(p.freeA, sa[ax])
	}
	for _, ax := range c.freeB {
		p.freeDimsB, p.freeB = append(p.freeDimsB, b[ax]), append(p.freeB, sb[ax])
	}
	for i, ax := range c.axesA {
		p.sumDims = append(p.sumDims, a[ax])
		p.sumA, p.sumB = append(p.sumA, sa[ax]), append(p.sumB, sb[c.axesB[i]])
	}
	return p
}

// Len returns the number of multiply-adds: the size of the result times the
// number of multi-indices of the paired axes.
func (p *Plan) Len() int { return p.c.m * p.c.n * p.c.k }

// Shape returns the shape of the result.
func (p *Plan) Shape() Shape { return p.c.out.Clone() }

// At returns the multiply-add number i, counting from 0. At panics with an
// Error if i is out of range.
func (p *Plan) At(i int) MulAdd {
	if i < 0 || i >= p.Len() {
		errorf("ContractPlan", "step %d out of range for a plan of %d steps", i, p.Len())
	}
	out, s := i/p.c.k, i%p.c.k
	ia, ib := out/p.c.n, out%p.c.n
	return MulAdd{
		Out: out,
		A:   offset(ia, p.freeDimsA, p.freeA) + offset(s, p.sumDims, p.sumA),
		B:   offset(ib, p.freeDimsB, p.freeB) + offset(s, p.sumDims, p.sumB),
	}
}

// offset returns Σₖ iₖ·strides[k] for the multi-index i of the row-major
// position flat over dims.
func offset(flat int, dims, strides []int) int {
	off := 0
	for k := len(dims) - 1; k >= 0; k-- {
		off += flat % dims[k] * strides[k]
		flat /= dims[k]
	}
	return off
}
