package core_test

import (
	"fmt"

	"github.com/jacobianlab/jacobianlab/core"
)

// The Jacobian of y = tanh(W·x) with respect to W and x. Its shape is the
// shape of y followed by the shape of the input.
func ExampleJacobian() {
	f := func(in []*core.Node) *core.Node { return core.Tanh(core.MatMul(in[0], in[1])) }
	W := core.New(core.Shape{2, 2}, []float64{1, 0, 0, 2})
	x := core.New(core.Shape{2}, []float64{0, 0.5})
	y, jac, err := core.Jacobian(f, []*core.Tensor{W, x}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("y =", y)
	fmt.Println("∂y/∂x =")
	fmt.Println(jac[1])
	fmt.Println("∂y/∂W has shape", jac[0].Shape())
	// Output:
	// y = [       0 0.761594]
	// ∂y/∂x =
	// [[       1        0]
	//  [       0 0.839949]]
	// ∂y/∂W has shape [2 2 2]
}

// A Jacobian–vector product pushes a tangent through f without forming the
// Jacobian: here the directional derivative of f(x) = x² along v.
func ExampleJVP() {
	f := func(in []*core.Node) *core.Node { return core.Mul(in[0], in[0]) }
	x := core.New(core.Shape{3}, []float64{1, 2, 3})
	v := core.New(core.Shape{3}, []float64{1, 0, -1})
	y, yDot, err := core.JVP(f, []*core.Tensor{x}, []*core.Tensor{v}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("y =", y)
	fmt.Println("J·v =", yDot)
	// Output:
	// y = [1 4 9]
	// J·v = [ 2  0 -6]
}

// The vector–Jacobian product of y = x·W with respect to x is ȳ·Wᵀ, the
// closed form practitioners write by hand instead of the N·M·N·D entries of
// the generalized Jacobian.
func ExampleVJP() {
	f := func(in []*core.Node) *core.Node { return core.MatMul(in[0], in[1]) }
	x := core.New(core.Shape{1, 2}, []float64{1, 2})
	W := core.New(core.Shape{2, 3}, []float64{1, 0, 2, 0, 1, 3})
	_, pullback, err := core.VJP(f, []*core.Tensor{x, W}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	yBar := core.New(core.Shape{1, 3}, []float64{1, 1, 1})
	xBar, _ := pullback(yBar)
	fmt.Println("x̄ = ȳ·Wᵀ =", xBar[0])
	fmt.Println("W̄ = xᵀ·ȳ =")
	fmt.Println(xBar[1])
	// Output:
	// x̄ = ȳ·Wᵀ = [[3 4]]
	// W̄ = xᵀ·ȳ =
	// [[1 1 1]
	//  [2 2 2]]
}

// A shape error comes back from the transform as a core.Error naming both
// shapes.
func ExampleTrace_error() {
	f := func(in []*core.Node) *core.Node { return core.Add(in[0], in[1]) }
	_, err := core.Trace(f, []*core.Tensor{core.Zeros(2, 3), core.Zeros(4)}, nil)
	fmt.Println(err)
	// Output:
	// core: add: shapes [2 3] and [4] do not broadcast
}

// A traced graph lists its nodes in topological order, ready to draw.
func ExampleTrace() {
	f := func(in []*core.Node) *core.Node {
		return core.Sum(core.Tanh(core.Add(core.MatMul(in[0], in[1]), in[2])))
	}
	x := []*core.Tensor{core.Zeros(4, 3), core.Zeros(3), core.Zeros(4)}
	g, err := core.Trace(f, x, &core.Settings{Names: []string{"W", "x", "b"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, n := range g.Nodes() {
		fmt.Println(i, n)
	}
	// Output:
	// 0 input W [4 3]
	// 1 input x [3]
	// 2 input b [4]
	// 3 matmul [4]
	// 4 add [4]
	// 5 tanh [4]
	// 6 sum []
}

// The backward pass of x·sin x at x = 1, one node at a time: each step
// passes a node's cotangent to its inputs, and x, used twice, receives both:
// sin 1 from the product, then 1·cos 1 through sin.
func ExampleGraph_Backward() {
	f := func(in []*core.Node) *core.Node { return core.Mul(core.Sin(in[0]), in[0]) } // x·sin x
	g, _ := core.Trace(f, []*core.Tensor{core.Scalar(1)}, nil)
	b, _ := g.Backward(nil)
	for !b.Done() {
		n := g.Nodes()[b.Next()]
		b.Step()
		fmt.Printf("stepped %-5s x̄ = %v\n", n.Op(), b.Grad(0))
	}
	// Output:
	// stepped mul   x̄ = 0.841471
	// stepped sin   x̄ = 1.38177
	// stepped input x̄ = 1.38177
}

// Contract is the generalized matrix product: here the contraction of a
// 2×3×2 tensor with a 3×2 matrix over both of the matrix's axes.
func ExampleContract() {
	a := core.New(core.Shape{2, 3, 2}, []float64{1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2})
	b := core.New(core.Shape{3, 2}, []float64{1, 2, 3, 4, 5, 6})
	fmt.Println(core.Contract(a, b, []int{1, 2}, []int{0, 1}))
	// Output:
	// [16 32]
}

// A contraction's plan lists its multiply-adds in order, for an animation.
func ExampleContractPlan() {
	p := core.ContractPlan(core.Shape{2, 2}, core.Shape{2}, []int{1}, []int{0})
	for i := range p.Len() {
		s := p.At(i)
		fmt.Printf("y%v += A%v·x%v\n", core.Shape{2}.Unravel(s.Out), core.Shape{2, 2}.Unravel(s.A), core.Shape{2}.Unravel(s.B))
	}
	// Output:
	// y[0] += A[0 0]·x[0]
	// y[0] += A[0 1]·x[1]
	// y[1] += A[1 0]·x[0]
	// y[1] += A[1 1]·x[1]
}

// The Hessian of f(x, y) = x²y, for the quadratic approximation.
func ExampleHessian() {
	f := func(in []*core.Node) *core.Node { return core.Mul(core.Mul(in[0], in[0]), in[1]) }
	h, err := core.Hessian(f, []*core.Tensor{core.Scalar(3), core.Scalar(2)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h[0][0], h[0][1])
	fmt.Println(h[1][0], h[1][1])
	// Output:
	// 4 6
	// 6 0
}

// A Jacobian over the limit is refused before it is allocated; the error
// says what it would cost and what to use instead.
func ExampleSizeError() {
	f := func(in []*core.Node) *core.Node { return core.Exp(in[0]) }
	_, _, err := core.Jacobian(f, []*core.Tensor{core.Zeros(64, 128)}, nil)
	fmt.Println(err)
	// Output:
	// core: the Jacobian of shape [64 128 64 128] would have 67108864 entries (512 MiB), more than the limit of 16777216 (128 MiB): use JVP or VJP instead, which never store it
}
