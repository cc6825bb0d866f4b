package expr

import (
	"math"

	"github.com/jacobianlab/jacobianlab/core"
)

// funcInfo describes one function of the language: how it may be called,
// how LaTeX names it and which operations of core compute it.
type funcInfo struct {
	minArgs, maxArgs int // maxArgs < 0: no maximum
	// intFrom is the index of the first integer-literal argument (an axis
	// or a size); 0 when every argument is a tensor.
	intFrom int
	// tex is the LaTeX operator for the function-call layout.
	tex string
	// needs says in words what the arguments must be, for a refusal of
	// core that would otherwise repeat their shapes; "" to use core's
	// reason.
	needs string
	// build applies the function to the tensor arguments x and the
	// integer arguments ints, panicking as core's operations do.
	build func(x []*core.Node, ints []int) *core.Node
	// pointwise says that the function is computed entry by entry, each
	// entry of its value from the same entry of its argument alone.
	pointwise bool
}

// funcs lists the functions of the language. The order is the order
// suggestions are tried in and the order of FuncNames.
var funcs = []struct {
	name string
	funcInfo
}{
	{"sin", elementwise(`\sin`, core.Sin)},
	{"cos", elementwise(`\cos`, core.Cos)},
	{"tan", elementwise(`\tan`, core.Tan)},
	{"exp", elementwise(`\exp`, core.Exp)},
	{"log", elementwise(`\log`, core.Log)},
	{"sqrt", elementwise(``, core.Sqrt)},
	{"abs", elementwise(``, core.Abs)},
	{"tanh", elementwise(`\tanh`, core.Tanh)},
	{"sigmoid", elementwise(`\sigma`, core.Sigmoid)},
	{"relu", elementwise(`\operatorname{relu}`, core.ReLU)},
	{"softplus", elementwise(`\operatorname{softplus}`, core.Softplus)},
	{"sum", reduction(`\operatorname{sum}`, core.Sum)},
	{"mean", reduction(`\operatorname{mean}`, core.Mean)},
	{"max", reduction(`\max`, core.Max)},
	{"softmax", funcInfo{1, 1, 0, `\operatorname{softmax}`, "", func(x []*core.Node, _ []int) *core.Node {
		return core.Softmax(x[0], -1)
	}, false}},
	{"logsumexp", reduction(`\operatorname{logsumexp}`, core.LogSumExp)},
	{"dot", funcInfo{2, 2, 0, ``, "the two must have the same shape", func(x []*core.Node, _ []int) *core.Node {
		return core.Tensordot(x[0], x[1], allAxes(x[0]), allAxes(x[1]))
	}, false}},
	{"transpose", funcInfo{1, 1, 0, ``, "", func(x []*core.Node, _ []int) *core.Node {
		return core.Transpose(x[0])
	}, false}},
	{"reshape", funcInfo{2, -1, 1, `\operatorname{reshape}`, "", func(x []*core.Node, dims []int) *core.Node {
		return core.Reshape(x[0], dims...)
	}, false}},
	{"mse", funcInfo{2, 2, 0, `\operatorname{mse}`, "they do not broadcast", func(x []*core.Node, _ []int) *core.Node {
		return core.MSE(x[0], x[1])
	}, false}},
	{"conv1d", funcInfo{2, 2, 0, `\operatorname{conv1d}`, "the kernel must be a vector no longer than the last axis of the input", func(x []*core.Node, _ []int) *core.Node {
		return core.Conv1D(x[0], x[1])
	}, false}},
}

// elementwise describes a function of one tensor computed entry by entry.
func elementwise(tex string, f func(*core.Node) *core.Node) funcInfo {
	return funcInfo{1, 1, 0, tex, "", func(x []*core.Node, _ []int) *core.Node { return f(x[0]) }, true}
}

// reduction describes a function of one tensor over all its axes, or over
// the axis given as a second argument.
func reduction(tex string, f func(*core.Node, ...int) *core.Node) funcInfo {
	return funcInfo{1, 2, 1, tex, "", func(x []*core.Node, axes []int) *core.Node { return f(x[0], axes...) }, false}
}

// allAxes returns 0, 1, …, up to the rank of x.
func allAxes(x *core.Node) []int {
	axes := make([]int, x.Shape().Rank())
	for i := range axes {
		axes[i] = i
	}
	return axes
}

// constants are the named constants of the language.
var constants = map[string]float64{"pi": math.Pi, "e": math.E}

// lookupFunc returns the description of the function called name.
func lookupFunc(name string) (funcInfo, bool) {
	for _, f := range funcs {
		if f.name == name {
			return f.funcInfo, true
		}
	}
	return funcInfo{}, false
}

// FuncNames returns the names of the language's functions.
func FuncNames() []string {
	names := make([]string, len(funcs))
	for i, f := range funcs {
		names[i] = f.name
	}
	return names
}

// reservedNames returns the function names followed by the constants: the
// names that cannot be inputs, and the candidates for "did you mean".
func reservedNames() []string {
	return append(FuncNames(), "pi", "e")
}

// maxIntArg bounds integer arguments: no axis or size needs more.
const maxIntArg = MaxEntries

// intArg returns the value of an integer-literal argument: a Number with
// an integral value, or the Neg of one, of magnitude at most maxIntArg.
// tooBig reports a whole number of larger magnitude.
func intArg(n Node) (v int, ok, tooBig bool) {
	sign := 1
	if neg, isNeg := n.(*Neg); isNeg {
		sign, n = -1, neg.X
	}
	num, isNum := n.(*Number)
	switch {
	case !isNum || num.Value != math.Trunc(num.Value):
		return 0, false, false
	case num.Value > maxIntArg:
		return 0, false, true
	}
	return sign * int(num.Value), true, false
}

// scalarLeaf returns the value of n if n is a number or a constant,
// negated any number of times.
func scalarLeaf(n Node) (float64, bool) {
	switch n := n.(type) {
	case *Number:
		return n.Value, true
	case *Const:
		return constants[n.Name], true
	case *Neg:
		v, ok := scalarLeaf(n.X)
		return -v, ok
	}
	return 0, false
}
