package mathtex

import (
	"strconv"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// TestTeX checks that TeX source and the builders make the same formula.
func TestTeX(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Node
	}{
		{`x`, Ital("x")},
		{`f'(x_0) = 0.5403`, Row(Ital("f"), Roman("′"), Open("("), Sub(Ital("x"), Roman("0")), Close(")"), Rel("="), Roman("0.5403"))},
		{`\frac{\partial f}{\partial x}`, Frac(Row(Roman("∂"), Ital("f")), Row(Roman("∂"), Ital("x")))},
		{`\dfrac{1}{2}`, DFrac(Roman("1"), Roman("2"))},
		{`a - b`, Row(Ital("a"), Bin("−"), Ital("b"))},
		{`x^{-1}`, Sup(Ital("x"), Row(Bin("−"), Roman("1")))},
		{`x_i^2`, SubSup(Ital("x"), Ital("i"), Roman("2"))},
		{`\nabla f \circ g`, Row(Roman("∇"), Ital("f"), Bin("∘"), Ital("g"))},
		{`∇f ∘ g`, Row(Roman("∇"), Ital("f"), Bin("∘"), Ital("g"))},
		{`a \odot b \cdot c \times d`, Row(Ital("a"), Bin("⊙"), Ital("b"), Bin("⋅"), Ital("c"), Bin("×"), Ital("d"))},
		{`\alpha\beta`, Ital("αβ")},
		{`xy`, Ital("xy")},
		{`12.5`, Roman("12.5")},
		{`\mathbf{W} x`, Row(Bold("W"), Ital("x"))},
		{`\mathrm{d}x`, Row(Roman("d"), Ital("x"))},
		{`\operatorname{relu}(x)`, Row(Op("relu"), Open("("), Ital("x"), Close(")"))},
		{`\sin x`, Row(Op("sin"), Ital("x"))},
		{`\mathbb{R}^{n}`, Sup(Roman("ℝ"), Ital("n"))},
		{`\sqrt{x}`, Sqrt(Ital("x"))},
		{`\left( x \right)`, Paren(Ital("x"))},
		{`\left\langle a, b \right\rangle`, Delim('⟨', '⟩', Row(Ital("a"), Punct(","), Ital("b")))},
		{`\left\| x \right.`, Delim('‖', 0, Ital("x"))},
		{`\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`, Mat([][]Node{{Roman("1"), Roman("2")}, {Roman("3"), Roman("4")}})},
		{`\begin{bmatrix} a \\ b \\ \end{bmatrix}`, Col(Ital("a"), Ital("b"))},
		{`\begin{pmatrix} a \end{pmatrix}`, &mathMatrix{left: '(', right: ')', cells: [][]Node{{Ital("a")}}}},
		{`\sum_{i=1}^{n} x_i`, Row(BigOp("∑", Row(Ital("i"), Rel("="), Roman("1")), Ital("n")), Sub(Ital("x"), Ital("i")))},
		{`\hat{y}`, Accent('ˆ', Ital("y"))},
		{`a \cdots b`, Row(Ital("a"), Dots('⋯'), Ital("b"))},
		{`a\,b\quad c`, Row(Ital("a"), Space(3.0/18), Ital("b"), Space(1), Ital("c"))},
		{`\{x\}`, Row(Open("{"), Ital("x"), Close("}"))},
	} {
		got, err := TeX(tc.src)
		if err != nil {
			t.Errorf("TeX(%q): %v", tc.src, err)
			continue
		}
		if g, w := string(got.key(nil)), string(tc.want.key(nil)); g != w {
			t.Errorf("TeX(%q) =\n%s\nwant\n%s", tc.src, g, w)
		}
	}
}

func TestTeXErrors(t *testing.T) {
	for _, tc := range []struct {
		src, msg string
		at       int
	}{
		{`\frac{a}`, "missing argument", 8},
		{`x^`, "missing argument", 2},
		{`x^^2`, "missing argument", 2},
		{`x^1^2`, "double ^", 5},
		{`\left( x`, `missing \right`, 8},
		{`\left\{ x \right\}`, `unknown delimiter \{`, 5},
		{`\foo + 1`, `unknown command \foo`, 0},
		{`a } b`, `unexpected }`, 2},
		{`a \right)`, `unexpected \right`, 2},
		{`a \\ b`, `unexpected \\`, 2},
		{`\begin{foo} a \end{foo}`, "unknown environment foo", 11},
		{`\begin{bmatrix} a & b \end{pmatrix}`, `missing \end{bmatrix}`, 22},
		{`{x`, "missing }", 2},
	} {
		_, err := TeX(tc.src)
		if err == nil {
			t.Errorf("TeX(%q) = nil error, want %q", tc.src, tc.msg)
			continue
		}
		at := " at byte " + strconv.Itoa(tc.at) + " "
		if e := err.Error(); !strings.HasPrefix(e, "mathtex: TeX: "+tc.msg) || !strings.Contains(e, at) {
			t.Errorf("TeX(%q) error %q, want %q%s", tc.src, err, tc.msg, at)
		}
	}
}

// TestExpr checks that the LaTeX of every kind of expression, and of
// programs with their Jacobians, is read by TeX.
func TestExpr(t *testing.T) {
	srcs := []string{
		"tanh(W @ x + b)", "sum(x^2) / 2", "[x*y, sin(x) + y]", "-x^2", "2^3^2",
		"(a - b) * -c", "x / (y / z)", "sqrt(x + 1) * abs(y)", "dot(a, b) + transpose(W) @ x",
		"x1 * W_out + alpha * theta2", "1e-7 * x + 1.5e10 + pi * e", "[[1, 2], [3, 4]] @ x",
		"sum(x, 0) + mean(x, -1) + max(x) + logsumexp(x)", "softmax(x)", "reshape(x, 2, 3)",
		"mse(a, b) + conv1d(x, k)", "sigmoid(x) + relu(x) + softplus(x) + exp(log(x))",
	}
	// Every function of the language, called with whichever arguments
	// it takes.
	for _, name := range expr.FuncNames() {
		for _, args := range []string{"x", "x, y", "x, 1", "x, 2, 3"} {
			if _, err := expr.Parse(name + "(" + args + ")"); err == nil {
				srcs = append(srcs, name+"("+args+")")
				break
			}
		}
	}
	for _, src := range srcs {
		n, err := expr.Parse(src)
		if err != nil {
			t.Fatalf("expr.Parse(%q): %v", src, err)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("Expr(%q) panicked: %v (LaTeX %s)", src, r, expr.LaTeX(n))
				}
			}()
			Expr(n)
		}()
	}
	for _, tc := range []struct{ src, values string }{
		{"W @ x", "W = [[1, 2], [3, 4]]; x = [1, 2]"},
		{"[sqrt(x), -sqrt(x)]", "x = 0"},
		{"sqrt(x) + 1e-7 * y1", "x = -1; y1 = 0"},
		{"sum(T)", "T = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]"},
	} {
		p, err := expr.Compile(tc.src, tc.values)
		if err != nil {
			t.Fatal(err)
		}
		jac, err := p.Jacobians(core.Auto)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(p.LaTeX(jac)), "\n") {
			if _, err := TeX(line); err != nil {
				t.Errorf("%s at %s: %v", tc.src, tc.values, err)
			}
		}
	}
}
