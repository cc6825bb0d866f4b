package expr_test

import (
	"encoding/json"
	"fmt"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

func ExampleCompile() {
	p, err := expr.Compile("W @ x + b", "x = [1, 2]; W = [[1, 0], [0, 3]]; b = [0.5, 0]")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("inputs:", p.Names())
	fmt.Println("value:", p.Value())
	jac, err := p.Jacobians(core.Auto)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, j := range jac {
		fmt.Printf("∂f/∂%s: shape %v\n", p.Names()[i], j.Shape())
	}
	yDot, _ := p.JVP("W = [[0, 0], [0, 0]]; x = [1, 0]; b = [0, 0]")
	fmt.Println("jvp:", yDot)
	xBar, _ := p.VJP("[1, 1]")
	fmt.Println("vjp for x:", xBar[1])
	// Output:
	// inputs: [W x b]
	// value: [1.5   6]
	// ∂f/∂W: shape [2 2 2]
	// ∂f/∂x: shape [2 2]
	// ∂f/∂b: shape [2 2]
	// jvp: [1 0]
	// vjp for x: [1 3]
}

func ExampleProgram_Result() {
	p, _ := expr.Compile("x * y", "x = [1, 2]; y = 0.5")
	jac, _ := p.Jacobians(core.Auto)
	r := p.Result()
	r.Jacobians = p.Partials(jac)
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
	// Output:
	// {"expr":"x * y","inputs":[{"name":"x","shape":[2],"data":[1,2]},{"name":"y","shape":[],"data":[0.5]}],"value":{"shape":[2],"data":[0.5,1]},"jacobians":[{"wrt":"x","shape":[2,2],"data":[0.5,0,0,0.5]},{"wrt":"y","shape":[2],"data":[1,2]}]}
}

func ExampleParse() {
	n, _ := expr.Parse("-x^2 / (2*sigma^2)")
	fmt.Println(n)
	fmt.Println(expr.LaTeX(n))
	// Output:
	// -x^2 / (2 * sigma^2)
	// \frac{-x^{2}}{2 \cdot \sigma^{2}}
}

func ExampleError() {
	_, err := expr.Compile("tanh(W @ x)", "W = [[1, 2], [3, 4]]; x = [1, 2, 3]")
	fmt.Println(err)
	// Output:
	// expr: expression, byte 7: '@' cannot combine shapes [2 2] and [3]: the last axis of the left has size 2 but the first axis of the right has size 3
	//   tanh(W @ x)
	//          ^
}
