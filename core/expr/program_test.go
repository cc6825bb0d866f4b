package expr

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
)

func mustCompile(t testing.TB, src, values string) *Program {
	t.Helper()
	p, err := Compile(src, values)
	if err != nil {
		t.Fatalf("Compile(%q, %q): %v", src, values, err)
	}
	return p
}

// sameTensor reports whether t has the given shape and entries, each
// within tol (absolute or relative), NaN matching NaN.
func sameTensor(t *core.Tensor, shape []int, data []float64, tol float64) bool {
	if !t.Shape().Equal(shape) || t.Len() != len(data) {
		return false
	}
	for i, v := range t.Data() {
		if !(math.IsNaN(v) && math.IsNaN(data[i])) && !scalar.EqualWithinAbsOrRel(v, data[i], tol, tol) {
			return false
		}
	}
	return true
}

func TestEval(t *testing.T) {
	// tol is for values that pass through transcendental functions; the
	// others are exact.
	const tol = 1e-14
	for _, tc := range []struct {
		src, values string
		shape       []int
		data        []float64
	}{
		{"x * y", "x = [1, 2]; y = 0.5", []int{2}, []float64{0.5, 1}},
		{"-x^2", "x = 3", []int{}, []float64{-9}},
		{"(-x)^2", "x = 3", []int{}, []float64{9}},
		{"2^3^2", "", []int{}, []float64{512}},
		{"(2^3)^2", "", []int{}, []float64{64}},
		{"a - b - c", "a = 10; b = 3; c = 2", []int{}, []float64{5}},
		{"a / b / c", "a = 12; b = 3; c = 2", []int{}, []float64{2}},
		{"1 + 2 * 3 - 4 / 2", "", []int{}, []float64{5}},
		{"W @ x", "W = [[1, 2], [3, 4]]; x = [1, 1]", []int{2}, []float64{3, 7}},
		{"x @ W", "W = [[1, 2], [3, 4]]; x = [1, 1]", []int{2}, []float64{4, 6}},
		{"W @ W", "W = [[1, 2], [3, 4]]", []int{2, 2}, []float64{7, 10, 15, 22}},
		{"x @ x", "x = [1, 2, 3]", []int{}, []float64{14}},
		// @ contracts the last axis of A with the first of B: [1 2] @ [2 1 2] is [1 1 2].
		{"A @ B", "A = [[1, 1]]; B = [[[1, 2]], [[3, 4]]]", []int{1, 1, 2}, []float64{4, 6}},
		{"2 * W @ x", "W = [[1, 2], [3, 4]]; x = [1, 1]", []int{2}, []float64{6, 14}},
		{"sum(W)", "W = [[1, 2], [3, 4]]", []int{}, []float64{10}},
		{"sum(W, 0)", "W = [[1, 2], [3, 4]]", []int{2}, []float64{4, 6}},
		{"sum(W, -1)", "W = [[1, 2], [3, 4]]", []int{2}, []float64{3, 7}},
		{"mean(W)", "W = [[1, 2], [3, 4]]", []int{}, []float64{2.5}},
		{"mean(W, 1)", "W = [[1, 2], [3, 4]]", []int{2}, []float64{1.5, 3.5}},
		{"max(W)", "W = [[1, 5], [3, 4]]", []int{}, []float64{5}},
		{"max(W, 1)", "W = [[1, 5], [3, 4]]", []int{2}, []float64{5, 4}},
		// softmax([0, log 3]) = [1, 3]/4.
		{"softmax(x)", "x = [0, log(3)]", []int{2}, []float64{0.25, 0.75}},
		{"softmax(W)", "W = [[0, log(3)], [1, 1]]", []int{2, 2}, []float64{0.25, 0.75, 0.5, 0.5}},
		{"logsumexp(x)", "x = [0, log(3)]", []int{}, []float64{math.Log(4)}},
		{"logsumexp(W, 0)", "W = [[0, 0], [log(3), 0]]", []int{2}, []float64{math.Log(4), math.Log(2)}},
		{"dot(a, b)", "a = [1, 2, 3]; b = [4, 5, 6]", []int{}, []float64{32}},
		{"dot(A, A)", "A = [[1, 2], [3, 4]]", []int{}, []float64{30}},
		{"transpose(W)", "W = [[1, 2], [3, 4]]", []int{2, 2}, []float64{1, 3, 2, 4}},
		{"reshape(x, 2, 3)", "x = [1, 2, 3, 4, 5, 6]", []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{"reshape(W, 4)", "W = [[1, 2], [3, 4]]", []int{4}, []float64{1, 2, 3, 4}},
		// mse([1, 2], [2, 4]) = (1 + 4)/2.
		{"mse(a, b)", "a = [1, 2]; b = [2, 4]", []int{}, []float64{2.5}},
		// The valid cross-correlation: y[i] = x[i] - x[i+1].
		{"conv1d(x, k)", "x = [1, 2, 4, 8]; k = [1, -1]", []int{3}, []float64{-1, -2, -4}},
		{"[x*y, sin(x) + y]", "x = 0; y = 2", []int{2}, []float64{0, 2}},
		{"[x, y]", "x = [1, 2]; y = [3, 4]", []int{2, 2}, []float64{1, 2, 3, 4}},
		{"[[x, 1], [2, -x]]", "x = 5", []int{2, 2}, []float64{5, 1, 2, -5}},
		{"[[1, 2], [3, 4]] @ x", "x = [1, 0]", []int{2}, []float64{1, 3}},
		{"[-1, -pi, --2]", "", []int{3}, []float64{-1, -math.Pi, 2}},
		{"x + [[10], [20]]", "x = [1, 2, 3]", []int{2, 3}, []float64{11, 12, 13, 21, 22, 23}},
		{"sigmoid(x)", "x = 0", []int{}, []float64{0.5}},
		{"relu(x)", "x = [-1, 2]", []int{2}, []float64{0, 2}},
		{"softplus(x)", "x = 0", []int{}, []float64{math.Ln2}},
		{"tanh(x)", "x = [0, 1]", []int{2}, []float64{0, math.Tanh(1)}},
		{"abs(x)", "x = [-2, 3]", []int{2}, []float64{2, 3}},
		{"sqrt(x)", "x = [4, 9]", []int{2}, []float64{2, 3}},
		{"exp(x)", "x = [0, 1]", []int{2}, []float64{1, math.E}},
		{"log(e^x)", "x = 3", []int{}, []float64{3}},
		{"cos(pi * x)", "x = [0, 1]", []int{2}, []float64{1, -1}},
		{"tan(x)", "x = pi/4", []int{}, []float64{1}},
		{"pi * r^2", "r = 2", []int{}, []float64{4 * math.Pi}},
		{"1 / x", "x = [2, 4]", []int{2}, []float64{0.5, 0.25}},
		{"x", "x = -pi/4", []int{}, []float64{-math.Pi / 4}},
		{"x", "x = [[1e-3, 2.5], [-0, 1e2]]", []int{2, 2}, []float64{0.001, 2.5, 0, 100}},
		{"log(x)", "x = [-1, 0]", []int{2}, []float64{math.NaN(), math.Inf(-1)}},
		{"2", "x = 1", []int{}, []float64{2}},
	} {
		p := mustCompile(t, tc.src, tc.values)
		if got := p.Value(); !sameTensor(got, tc.shape, tc.data, tol) {
			t.Errorf("%s at %s = %v of shape %v, want %v of shape %v", tc.src, tc.values, got, got.Shape(), tc.data, tc.shape)
		}
	}
}

func TestJacobiansAt(t *testing.T) {
	// f = x*y has ∂f/∂x = y and ∂f/∂y = x, here at x = 3, y = -2.
	p := mustCompile(t, "x * y", "x = 1; y = 1")
	x := []*core.Tensor{core.Scalar(3), core.Scalar(-2)}
	y, jac, err := p.JacobiansAt(x, core.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if !sameTensor(y, nil, []float64{-6}, 0) || !sameTensor(jac[0], nil, []float64{-2}, 0) || !sameTensor(jac[1], nil, []float64{3}, 0) {
		t.Errorf("at (3, -2): f = %v, ∂f/∂x = %v, ∂f/∂y = %v; want -6, -2, 3", y, jac[0], jac[1])
	}
	if x[0].Data()[0] != 3 || x[1].Data()[0] != -2 || p.Value().Data()[0] != 1 {
		t.Error("JacobiansAt changed its arguments or the Program")
	}
}

func TestProgramInputs(t *testing.T) {
	p := mustCompile(t, "tanh(W @ x + b) * pi + sum(x)", "b = [0, 1]; x = [1, 2, 3]; W = [[1, 0, 0], [0, 1, 0]]; unused = 7")
	if got := fmt.Sprint(p.Names()); got != "[W x b]" {
		t.Errorf("Names() = %s, want [W x b]", got)
	}
	wantShapes := []core.Shape{{2, 3}, {3}, {2}}
	for i, x := range p.Inputs() {
		if !x.Shape().Equal(wantShapes[i]) {
			t.Errorf("input %d has shape %v, want %v", i, x.Shape(), wantShapes[i])
		}
	}
	// The graph keeps the names the user typed.
	var names []string
	for _, n := range p.Graph().Inputs() {
		names = append(names, n.Name())
	}
	if got := fmt.Sprint(names); got != "[W x b]" {
		t.Errorf("graph inputs named %s, want [W x b]", got)
	}
	hasPi := false
	for _, n := range p.Graph().Nodes() {
		hasPi = hasPi || n.Op() == "const" && n.Name() == "pi"
	}
	if !hasPi {
		t.Error("no constant node named pi in the graph")
	}
	if p.Source() != "tanh(W @ x + b) * pi + sum(x)" || p.Tree().String() != "tanh(W @ x + b) * pi + sum(x)" {
		t.Errorf("Source() = %q, Tree() = %v", p.Source(), p.Tree())
	}

	r := p.Result()
	if r.Expr != p.Source() || len(r.Inputs) != 3 || r.Inputs[1].Name != "x" ||
		fmt.Sprint(r.Inputs[1].Shape, r.Inputs[1].Data) != "[3] [1 2 3]" || fmt.Sprint(r.Value.Shape) != "[2]" {
		t.Errorf("Result() = %+v", r)
	}
}

func TestCompileLimits(t *testing.T) {
	// x has 2⁶ entries, y 2⁴ and z 2¹⁶, so the tensors below have 2¹⁶,
	// then 2²⁴, 2³², 65·2¹⁶, 2¹⁰·65473 and 2²⁴ entries: under and over
	// MaxEntries = 2²².
	const (
		x = "[1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, " +
			"1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]"
		y      = "[1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]"
		z      = "reshape(reshape(" + x + ", 64, 1, 1) * reshape(" + x + ", 64, 1) * " + y + ", 65536)"
		values = "x = " + x + "; y = " + y + "; z = " + z
	)
	for _, tc := range []struct {
		name, src string
		at        func(src string) int // where the error must point; nil for no error
	}{
		{"under the limit", "reshape(y, 16, 1, 1) * reshape(x, 64, 1) * x", nil},
		{"broadcast over the limit", "reshape(x, 64, 1, 1, 1) * reshape(x, 64, 1, 1) * reshape(x, 64, 1) * x",
			func(src string) int { return strings.LastIndex(src, "*") }},
		{"huge broadcast", "reshape(z, 65536, 1) * z", func(src string) int { return strings.Index(src, "*") }},
		{"literal over the limit", "sum(z) + sum([" + strings.Repeat("z, ", 64) + "z])",
			func(src string) int { return strings.Index(src, "[") }},
		// The output has 16·65473 entries; conv1d's windows 64 times more.
		{"conv1d windows over the limit", "conv1d(reshape(y, 16, 1) * z, x)", func(string) int { return 0 }},
		{"contraction over the limit", "sin(reshape(x, 64, 1, 1, 1) * reshape(x, 64, 1, 1) * reshape(x, 64, 1) @ reshape(x, 1, 64))",
			func(src string) int { return strings.Index(src, "@") }},
	} {
		_, err := Compile(tc.src, values)
		checkSizeError(t, tc.name, err, tc.src, "expression", tc.at)
	}
	// z has 2¹⁶ entries (512 KiB) and each + of z + z + … makes one more
	// tensor of as many: with z's own, 63 of them fill a budget of 32
	// MiB, and the 64th, the last + of 65 terms, does not fit.
	sum := func(terms int) string { return "sum(" + strings.Repeat("z + ", terms-1) + "z)" }
	small := Budget{MaxBytes: 32 << 20}
	if _, err := small.Compile(sum(64), values); !errors.As(err, new(*core.BudgetError)) {
		t.Errorf("64 terms: error %v, want the sum over the budget", err)
	}
	if _, err := small.Compile(sum(63), values); err != nil {
		t.Errorf("63 terms: %v", err)
	}
	src := sum(65)
	_, err := small.Compile(src, values)
	at := strings.LastIndex(src, "+")
	var e *Error
	var be *core.BudgetError
	if !errors.As(err, &e) || e.Class != ClassSize || e.Offset != at || !errors.As(err, &be) || be.Work || be.Limit != 32<<20 {
		t.Errorf("65 terms: error %v, want class size at byte %d over the memory budget", err, at)
	}

	// Values obey the same limit, though core holds constants only to
	// core.DefaultMaxEntries: 2¹⁶·5·16 entries.
	const big = "v = reshape(" + z + ", 65536, 1, 1) * [" + y + ", " + y + ", " + y + ", " + y + ", " + y + "]"
	_, err = Compile("v", big)
	checkSizeError(t, "values", err, big, "values", func(src string) int { return strings.LastIndex(src, "*") })
}

// checkSizeError checks that err is nil if at is, and otherwise a
// ClassSize *Error at byte at(text) of the source that wraps a
// *core.SizeError.
func checkSizeError(t *testing.T, name string, err error, text, source string, at func(string) int) {
	t.Helper()
	if at == nil {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		return
	}
	var e *Error
	var se *core.SizeError
	if !errors.As(err, &e) || e.Class != ClassSize || e.Source != source || e.Offset != at(text) || !errors.As(err, &se) {
		t.Errorf("%s: error %v, want class size in the %s at byte %d wrapping a *core.SizeError", name, err, source, at(text))
	}
}

// fdCase is an expression, values, and the Jacobians' tolerance against
// central differences.
type fdCase struct {
	src, values string
	tol         float64
}

// fdCases avoid the kinks of relu, abs and max, and keep arguments where
// the functions are smooth.
var fdCases = []fdCase{
	{"tanh(W @ x + b)", "W = [[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]; x = [1, 2, -1]; b = [0.1, -0.1]", 1e-8},
	{"sum(x^2) / 2", "x = [1, -2, 3]", 1e-8},
	{"softmax(x)", "x = [0.5, -1, 2]", 1e-8},
	{"softmax(W)", "W = [[0.5, -1, 2], [0, 1, 0.25]]", 1e-8},
	{"logsumexp(W, 1)", "W = [[0.5, -1, 2], [0, 1, 0.25]]", 1e-8},
	{"mse(W @ x, y)", "W = [[1, 2], [3, 4], [5, 6]]; x = [0.5, -0.5]; y = [1, 0, -1]", 1e-7},
	{"conv1d(x, k)", "x = [1, -2, 3, 0.5, 2]; k = [0.5, -1, 2]", 1e-8},
	{"[x*y, sin(x) + y]", "x = 0.7; y = -1.3", 1e-8},
	{"transpose(W) @ v", "W = [[1, 2, 3], [4, 5, 6]]; v = [0.5, -1]", 1e-8},
	{"reshape(W, 3, 2) @ x", "W = [[1, 2, 3], [4, 5, 6]]; x = [0.25, -0.5]", 1e-8},
	{"dot(a, b) * a", "a = [1, 2, 3]; b = [-1, 0.5, 2]", 1e-7},
	{"sigmoid(x) * softplus(x) / (1 + x^2)", "x = [-1.5, 0.3, 2]", 1e-8},
	{"exp(-x^2) * cos(pi * x)", "x = [0.1, 0.7, -1.2]", 1e-8},
	{"sqrt(abs(x) + 1) + log(x^2 + 1)", "x = [-0.8, 1.5]", 1e-8},
	{"max(W, 0) * mean(W)", "W = [[1, -2, 3], [4, 5, -6]]", 1e-8},
	{"relu(x) + tan(x / 4)", "x = [-1, 2, 0.5]", 1e-8},
	{"x^y", "x = [1.5, 2]; y = 0.7", 1e-8},
	{"2^x - e^-x", "x = [0.5, -1]", 1e-8},
	{"[[x, 2*x], [x^2, 1]]", "x = 1.5", 1e-8},
	{"A @ B", "A = [[1, 2], [3, 4]]; B = [[[1, 0], [0, 1]], [[0.5, 2], [1, -1]]]", 1e-8},
	{"sum(W, 0) - max(W, 1) @ W", "W = [[1, 2, 3], [6, 5, 4]]", 1e-8},
	{"logsumexp(x) - log(sum(exp(x)))", "x = [1, 2, 3]", 1e-7},
}

func TestJacobiansFiniteDifferences(t *testing.T) {
	for _, tc := range fdCases {
		p := mustCompile(t, tc.src, tc.values)
		want := fdJacobians(t, p)
		for _, mode := range []core.Mode{core.Auto, core.Forward, core.Reverse} {
			jac, err := p.Jacobians(mode)
			if err != nil {
				t.Fatalf("%s: Jacobians(%v): %v", tc.src, mode, err)
			}
			for i, j := range jac {
				shape := append(p.Value().Shape(), p.Inputs()[i].Shape()...)
				if !sameTensor(j, shape, want[i], tc.tol) {
					t.Errorf("%s at %s: ∂/∂%s (%v) =\n%v\nwant shape %v and finite differences\n%v",
						tc.src, tc.values, p.Names()[i], mode, j, shape, want[i])
				}
			}
		}
	}
}

// fdJacobians returns the Jacobians of p with respect to each input, in
// row-major order, by central differences.
func fdJacobians(t *testing.T, p *Program) [][]float64 {
	t.Helper()
	out := make([][]float64, len(p.Inputs()))
	for i, xi := range p.Inputs() {
		f := func(y, v []float64) {
			x := append([]*core.Tensor(nil), p.Inputs()...)
			x[i] = core.New(xi.Shape(), append([]float64(nil), v...))
			val, err := core.Eval(p.Func(), x, p.Settings(core.Auto))
			if err != nil {
				t.Fatal(err)
			}
			copy(y, val.Data())
		}
		dst := mat.NewDense(p.Value().Len(), xi.Len(), nil)
		fd.Jacobian(dst, f, append([]float64(nil), xi.Data()...), &fd.JacobianSettings{Formula: fd.Central})
		out[i] = dst.RawMatrix().Data
	}
	return out
}

func TestJVPAndVJP(t *testing.T) {
	// Tangents and cotangents of ones, checked against the Jacobians:
	// JVP(v) = Σᵢ Jᵢ·vᵢ and VJP(u)ᵢ = u·Jᵢ, contracting over all axes.
	const tol = 1e-12
	for _, tc := range fdCases {
		p := mustCompile(t, tc.src, tc.values)
		jac, err := p.Jacobians(core.Auto)
		if err != nil {
			t.Fatal(err)
		}
		var tangents []string
		for i, x := range p.Inputs() {
			tangents = append(tangents, p.Names()[i]+" = "+onesText(x.Shape()))
		}
		yDot, err := p.JVP(strings.Join(tangents, "; "))
		if err != nil {
			t.Fatalf("%s: JVP: %v", tc.src, err)
		}
		want := make([]float64, p.Value().Len())
		for i, j := range jac {
			for r := range want {
				for _, v := range j.Data()[r*p.Inputs()[i].Len() : (r+1)*p.Inputs()[i].Len()] {
					want[r] += v
				}
			}
		}
		if !sameTensor(yDot, p.Value().Shape(), want, tol) {
			t.Errorf("%s: JVP of ones = %v, want %v", tc.src, yDot, want)
		}

		xBar, err := p.VJP(onesText(p.Value().Shape()))
		if err != nil {
			t.Fatalf("%s: VJP: %v", tc.src, err)
		}
		for i, j := range jac {
			n := p.Inputs()[i].Len()
			want := make([]float64, n)
			for k, v := range j.Data() {
				want[k%n] += v
			}
			if !sameTensor(xBar[i], p.Inputs()[i].Shape(), want, tol) {
				t.Errorf("%s: VJP of ones wrt %s = %v, want %v", tc.src, p.Names()[i], xBar[i], want)
			}
		}
	}
}

// onesText returns a literal of ones of the given shape, as values text.
func onesText(shape core.Shape) string {
	if len(shape) == 0 {
		return "1"
	}
	inner := onesText(shape[1:])
	return "[" + strings.TrimSuffix(strings.Repeat(inner+", ", shape[0]), ", ") + "]"
}

func TestJVPAndVJPErrors(t *testing.T) {
	p := mustCompile(t, "W @ x", "W = [[1, 2], [3, 4]]; x = [1, 1]")
	for _, tc := range []struct {
		name   string
		run    func() error
		source string
		class  Class
		offset int
	}{
		{"tangent of the wrong shape", func() error { _, err := p.JVP("W = [[0, 0], [0, 0]]; x = [1, 2, 3]"); return err }, "tangent", ClassShape, 26},
		{"missing tangent", func() error { _, err := p.JVP("W = [[0, 0], [0, 0]]"); return err }, "expression", ClassNoValue, 4},
		{"bad tangent text", func() error { _, err := p.JVP("W = [[0, 0], [0, 0]]; x = [1 2]"); return err }, "tangent", ClassOperator, 29},
		{"cotangent of the wrong shape", func() error { _, err := p.VJP(" [1, 2, 3]"); return err }, "cotangent", ClassShape, 1},
		{"cotangent with a name", func() error { _, err := p.VJP("[x, 1]"); return err }, "cotangent", ClassValues, 1},
		{"bad cotangent", func() error { _, err := p.VJP("[1, 2"); return err }, "cotangent", ClassBracket, 0},
		{"cotangent with a bad shape inside", func() error { _, err := p.VJP("[1, 2] + [1, 2, 3]"); return err }, "cotangent", ClassShape, 7},
	} {
		var e *Error
		if err := tc.run(); !errors.As(err, &e) || e.Source != tc.source || e.Class != tc.class || e.Offset != tc.offset {
			t.Errorf("%s: error %v, want class %v in the %s at byte %d", tc.name, err, tc.class, tc.source, tc.offset)
		}
	}
}

func TestJacobianMemoryGuard(t *testing.T) {
	// x has 4097 entries, so ∂(2x)/∂x has 4097² > core.DefaultMaxEntries.
	const n = 4097
	p := mustCompile(t, "2 * x", "x = ["+strings.Repeat("0, ", n-1)+"0]")
	_, err := p.Jacobians(core.Auto)
	var se *core.SizeError
	if !errors.As(err, &se) || se.Entries() != n*n {
		t.Fatalf("Jacobians: error %v, want a *core.SizeError of %d entries", err, n*n)
	}
}

// isWorkBudget reports whether err is core's refusal of work over the
// budget.
func isWorkBudget(err error) bool {
	var be *core.BudgetError
	return errors.As(err, &be) && be.Work
}

func TestJacobianWork(t *testing.T) {
	// With x of 1024 entries, the graph holds 2²⁰-entry products, and
	// the Jacobian of the [1024] value needs 1024 sweeps in either mode,
	// each of about 3·2²⁰ entries at 8 multiply-adds: 2.6·10¹⁰, over the
	// default budget of 2³².
	values := "x = [" + strings.Repeat("0.5, ", 1023) + "1]"
	p := mustCompile(t, "sum(tanh(reshape(x, 1024, 1) * x), 0)", values)
	for _, mode := range []core.Mode{core.Auto, core.Forward, core.Reverse} {
		if _, err := p.Jacobians(mode); !isWorkBudget(err) {
			t.Errorf("Jacobians(%v): error %v, want a work *core.BudgetError", mode, err)
		}
	}
	if _, _, err := p.JacobiansAt(p.Inputs(), core.Reverse); !isWorkBudget(err) {
		t.Errorf("JacobiansAt: error %v, want a work *core.BudgetError", err)
	}
	// One sweep is enough for the gradient of a scalar.
	p = mustCompile(t, "sum(tanh(reshape(x, 1024, 1) * x))", values)
	if _, err := p.Jacobians(core.Auto); err != nil {
		t.Errorf("gradient: %v", err)
	}
	if _, err := p.Jacobians(core.Forward); !isWorkBudget(err) {
		t.Errorf("gradient in forward mode: error %v, want a work *core.BudgetError", err)
	}
}

func FuzzEval(f *testing.F) {
	for _, tc := range fdCases {
		f.Add(tc.src, tc.values)
	}
	for _, tc := range findings {
		f.Add(tc.src, tc.values)
	}
	// The fourth finding: a Jacobian of 2²⁴ entries, 400 MB as JSON.
	f.Add("softmax(x)", ones("x", 4096))
	for _, s := range [][2]string{
		{"x + y", "x = [1, 2]; y = [1, 2, 3]"}, {"[x, [1, 2]]", "x = 1"}, {"x", ""}, {"log(x)", "x = -1"},
		{"x / 0", "x = [0, 1]"}, {"reshape(x, 2)", "x = [[1, 2]]"}, {"sum(x, 5)", "x = 1"}, {"2^3^2", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, src, values string) {
		p, err := Compile(src, values)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q, %q): %v is a %T, want *Error", src, values, err, err)
			}
			text := src
			if e.Source == "values" {
				text = values
			}
			checkError(t, err, text)
			return
		}
		// The printed expression computes the same value.
		q, err := Compile(p.Tree().String(), values)
		if len(p.Tree().String()) > MaxLen {
			return // the spaces around operators may lengthen a text at the limit
		}
		if err != nil {
			t.Fatalf("Compile(%q), printed from %q: %v", p.Tree(), src, err)
		}
		if !sameTensor(q.Value(), p.Value().Shape(), p.Value().Data(), 0) {
			t.Fatalf("%q = %v but its print %q = %v", src, p.Value(), p.Tree(), q.Value())
		}
		// Small Jacobians are computed without error, in every mode.
		n := p.Value().Len()
		for _, x := range p.Inputs() {
			n += x.Len()
		}
		if n <= 64 {
			for _, mode := range []core.Mode{core.Forward, core.Reverse} {
				if _, err := p.Jacobians(mode); err != nil {
					t.Fatalf("%q at %q: Jacobians(%v): %v", src, values, mode, err)
				}
			}
		}
	})
}

func TestProgramLaTeX(t *testing.T) {
	for _, tc := range []struct{ src, values, want string }{
		{"x * y", "x = [1, 2]; y = 0.5", `f\left(x, y\right) = x \cdot y
\frac{\partial f}{\partial x} = \begin{bmatrix} 0.5 & 0 \\ 0 & 0.5 \end{bmatrix}
\frac{\partial f}{\partial y} = \begin{bmatrix} 1 \\ 2 \end{bmatrix}
`},
		// The gradient of a scalar is a row; a scalar derivative a number.
		{"sum(x^2) + t^2", "x = [1, 2]; t = 3", `f\left(x, t\right) = \operatorname{sum}\left(x^{2}\right) + t^{2}
\frac{\partial f}{\partial x} = \begin{bmatrix} 2 & 4 \end{bmatrix}
\frac{\partial f}{\partial t} = 6
`},
		// ∂(W x)ᵢ/∂Wⱼₖ = δᵢⱼ xₖ: a column of two 2×2 blocks.
		{"W @ x", "W = [[1, 2], [3, 4]]; x = [1, 2]", `f\left(W, x\right) = W x
\frac{\partial f}{\partial W} = \begin{bmatrix} \begin{bmatrix} 1 & 2 \\ 0 & 0 \end{bmatrix} \\ \begin{bmatrix} 0 & 0 \\ 1 & 2 \end{bmatrix} \end{bmatrix}
\frac{\partial f}{\partial x} = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}
`},
		// A scalar function of a matrix: the block has the matrix's shape.
		{"sum(W) / 8", "W = [[1, 2], [3, 4]]", `f\left(W\right) = \frac{\operatorname{sum}\left(W\right)}{8}
\frac{\partial f}{\partial W} = \begin{bmatrix} 0.125 & 0.125 \\ 0.125 & 0.125 \end{bmatrix}
`},
		// d sqrt(x)/dx = 1/(2 sqrt(x)) is NaN at -1; 1e-7 has an exponent.
		{"sqrt(x) + 1e-7 * y1", "x = -1; y1 = 0", `f\left(x, y_{1}\right) = \sqrt{x} + 10^{-7} \cdot y_{1}
\frac{\partial f}{\partial x} = \mathrm{NaN}
\frac{\partial f}{\partial y_{1}} = 10^{-7}
`},
		{"2", "", "f = 2\n"},
		// A scalar function of a rank-3 tensor: a column of two 2×2 blocks.
		{"sum(T)", "T = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]", `f\left(T\right) = \operatorname{sum}\left(T\right)
\frac{\partial f}{\partial T} = \begin{bmatrix} \begin{bmatrix} 1 & 1 \\ 1 & 1 \end{bmatrix} \\ \begin{bmatrix} 1 & 1 \\ 1 & 1 \end{bmatrix} \end{bmatrix}
`},
		// d sqrt(x)/dx = 1/(2 sqrt(x)) is infinite at 0.
		{"[sqrt(x), -sqrt(x)]", "x = 0", `f\left(x\right) = \begin{bmatrix} \sqrt{x} \\ -\sqrt{x} \end{bmatrix}
\frac{\partial f}{\partial x} = \begin{bmatrix} \infty \\ -\infty \end{bmatrix}
`},
	} {
		p := mustCompile(t, tc.src, tc.values)
		jac, err := p.Jacobians(core.Auto)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.LaTeX(jac); got != tc.want {
			t.Errorf("LaTeX of %s at %s =\n%s\nwant\n%s", tc.src, tc.values, got, tc.want)
		}
	}
}

func TestCompileTensors(t *testing.T) {
	x := core.New(core.Shape{2, 2}, []float64{1, 2, 3, 4})
	w := core.New(core.Shape{2}, []float64{10, 100})
	p, err := CompileTensors("x @ w + 1", map[string]*core.Tensor{"x": x, "w": w})
	if err != nil {
		t.Fatal(err)
	}
	// [1·10 + 2·100 + 1, 3·10 + 4·100 + 1]
	if got, want := p.Value().Data(), []float64{211, 431}; !slices.Equal(got, want) {
		t.Errorf("value = %v, want %v", got, want)
	}
	var e *Error
	if _, err := CompileTensors("x @ v", map[string]*core.Tensor{"x": x}); !errors.As(err, &e) || e.Class != ClassNoValue || e.Offset != 4 {
		t.Errorf("missing value: err = %v, want a novalue error at byte 4", err)
	}
	if _, err := CompileTensors("x @ w", map[string]*core.Tensor{"x": x, "w": core.Zeros(3)}); !errors.As(err, &e) || e.Class != ClassShape {
		t.Errorf("shapes that do not fit: err = %v, want a shape error", err)
	}
}
