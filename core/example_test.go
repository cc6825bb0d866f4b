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
