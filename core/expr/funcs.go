package expr

import "math"

// funcInfo describes one function of the language: how it may be called
// and how LaTeX names it.
type funcInfo struct {
	minArgs, maxArgs int
	// intFrom is the index of the first integer-literal argument (an axis
	// or a size); 0 when every argument is a tensor.
	intFrom int
	// tex is the LaTeX operator for the function-call layout.
	tex string
}

// funcs lists the functions of the language. The order is the order
// suggestions are tried in and the order of FuncNames.
var funcs = []struct {
	name string
	funcInfo
}{
	{"sin", funcInfo{1, 1, 0, `\sin`}},
	{"cos", funcInfo{1, 1, 0, `\cos`}},
	{"tan", funcInfo{1, 1, 0, `\tan`}},
	{"exp", funcInfo{1, 1, 0, `\exp`}},
	{"log", funcInfo{1, 1, 0, `\log`}},
	{"sqrt", funcInfo{1, 1, 0, `\sqrt`}},
	{"abs", funcInfo{1, 1, 0, ``}},
	{"tanh", funcInfo{1, 1, 0, `\tanh`}},
	{"sigmoid", funcInfo{1, 1, 0, `\sigma`}},
	{"relu", funcInfo{1, 1, 0, `\operatorname{relu}`}},
	{"softplus", funcInfo{1, 1, 0, `\operatorname{softplus}`}},
	{"sum", funcInfo{1, 2, 1, `\operatorname{sum}`}},
	{"mean", funcInfo{1, 2, 1, `\operatorname{mean}`}},
	{"max", funcInfo{1, 2, 1, `\max`}},
	{"softmax", funcInfo{1, 1, 0, `\operatorname{softmax}`}},
	{"logsumexp", funcInfo{1, 2, 1, `\operatorname{logsumexp}`}},
	{"dot", funcInfo{2, 2, 0, ``}},
	{"transpose", funcInfo{1, 1, 0, ``}},
	{"reshape", funcInfo{2, -1, 1, `\operatorname{reshape}`}},
	{"mse", funcInfo{2, 2, 0, `\operatorname{mse}`}},
	{"conv1d", funcInfo{2, 2, 0, `\operatorname{conv1d}`}},
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
func intArg(n Node) (int, bool) {
	sign := 1
	if neg, ok := n.(*Neg); ok {
		sign, n = -1, neg.X
	}
	num, ok := n.(*Number)
	if !ok || num.Value != math.Trunc(num.Value) || num.Value > maxIntArg {
		return 0, false
	}
	return sign * int(num.Value), true
}
