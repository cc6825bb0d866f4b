package expr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sexpr writes n fully parenthesized in prefix form, with no positions:
// (- (^ x 2)) for -x^2. Two trees are the same tree when their sexprs are
// equal.
func sexpr(n Node) string {
	switch n := n.(type) {
	case *Number:
		return formatNumber(n.Value)
	case *Name:
		return n.Name
	case *Const:
		return "const:" + n.Name
	case *Neg:
		return "(neg " + sexpr(n.X) + ")"
	case *Binary:
		return "(" + n.Op.String() + " " + sexpr(n.X) + " " + sexpr(n.Y) + ")"
	case *Call:
		parts := []string{n.Fn}
		for _, a := range n.Args {
			parts = append(parts, sexpr(a))
		}
		return "(" + strings.Join(parts, " ") + ")"
	case *List:
		parts := []string{"list"}
		for _, e := range n.Elems {
			parts = append(parts, sexpr(e))
		}
		return "(" + strings.Join(parts, " ") + ")"
	}
	panic(fmt.Sprintf("sexpr: unknown node %T", n))
}

func mustParse(t testing.TB, src string) Node {
	t.Helper()
	n, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return n
}

func TestParseTree(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		// Precedence and associativity.
		{"-x^2", "(neg (^ x 2))"},
		{"a - b - c", "(- (- a b) c)"},
		{"2^3^2", "(^ 2 (^ 3 2))"},
		{"(2^3)^2", "(^ (^ 2 3) 2)"},
		{"a / b / c", "(/ (/ a b) c)"},
		{"a + b * c", "(+ a (* b c))"},
		{"a * b + c", "(+ (* a b) c)"},
		{"W @ x + b", "(+ (@ W x) b)"},
		{"W @ x * 2", "(* (@ W x) 2)"},
		{"2 * W @ x", "(@ (* 2 W) x)"},
		{"A @ B @ C", "(@ (@ A B) C)"},
		{"-a * b", "(* (neg a) b)"},
		{"a * -b", "(* a (neg b))"},
		{"a - -b", "(- a (neg b))"},
		{"--x", "(neg (neg x))"},
		{"2^-x", "(^ 2 (neg x))"},
		{"2^-x^2", "(^ 2 (neg (^ x 2)))"},
		{"-2^-3^-4", "(neg (^ 2 (neg (^ 3 (neg 4)))))"},
		{"(-x)^2", "(^ (neg x) 2)"},
		{"x^2^-1 * y", "(* (^ x (^ 2 (neg 1))) y)"},
		{"((x))", "x"},
		// Numbers and constants.
		{"0.5", "0.5"},
		{".5 + 5.", "(+ 0.5 5)"},
		{"1e-3", "0.001"},
		{"2E+2", "200"},
		{"pi * e", "(* const:pi const:e)"},
		{"pie + e1", "(+ pie e1)"},
		// Calls and literals.
		{"sin(x)", "(sin x)"},
		{"sum(x, -1)", "(sum x (neg 1))"},
		{"reshape(x, 2, 3)", "(reshape x 2 3)"},
		{"tanh(W @ x + b)", "(tanh (+ (@ W x) b))"},
		{"dot(a, b) + mse(a, b)", "(+ (dot a b) (mse a b))"},
		{"[x*y, sin(x) + y]", "(list (* x y) (+ (sin x) y))"},
		{"[[1, 2], [3, 4]]", "(list (list 1 2) (list 3 4))"},
		{"[x, [1, 2]]", "(list x (list 1 2))"},
		{"[1]^2", "(^ (list 1) 2)"},
		{" \tx\n+\r\ny ", "(+ x y)"},
	} {
		n := mustParse(t, tc.src)
		if got := sexpr(n); got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.src, got, tc.want)
		}
	}
}

func TestParsePositions(t *testing.T) {
	const src = "a + sin(b) * [c, 2]^-d"
	//           0123456789012345678901
	n := mustParse(t, src)
	sum := n.(*Binary)
	prod := sum.Y.(*Binary)
	call := prod.X.(*Call)
	pow := prod.Y.(*Binary)
	list := pow.X.(*List)
	neg := pow.Y.(*Neg)
	for _, tc := range []struct {
		what      string
		got, want int
	}{
		{"sum.OpPos", sum.OpPos, 2},
		{"sum.Pos", sum.Pos(), 0},
		{"prod.OpPos", prod.OpPos, 11},
		{"prod.Pos", prod.Pos(), 4},
		{"call.FnPos", call.FnPos, 4},
		{"call.Rparen", call.Rparen, 9},
		{"call arg", call.Args[0].Pos(), 8},
		{"pow.OpPos", pow.OpPos, 19},
		{"list.Lbrack", list.Lbrack, 13},
		{"list.Rbrack", list.Rbrack, 18},
		{"number", list.Elems[1].Pos(), 17},
		{"neg.OpPos", neg.OpPos, 20},
		{"neg.X", neg.X.Pos(), 21},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %d, want %d", tc.what, tc.got, tc.want)
		}
	}
}

func TestString(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"-x^2", "-x^2"},
		{"(-x)^2", "(-x)^2"},
		{"-(x^2)", "-x^2"},
		{"-(-x)", "- -x"},
		{"--x", "- -x"},
		{"-(-(-x^2))", "- - -x^2"},
		{"a-b-c", "a - b - c"},
		{"a-(b-c)", "a - (b - c)"},
		{"a+(b+c)", "a + (b + c)"},
		{"(a*b)*c", "a * b * c"},
		{"a*(b/c)", "a * (b / c)"},
		{"2^3^2", "2^3^2"},
		{"(2^3)^2", "(2^3)^2"},
		{"2^(-x)", "2^-x"},
		{"2^(x*y)", "2^(x * y)"},
		{"a*(-b)", "a * -b"},
		{"(-a)*b", "-a * b"},
		{"-(a*b)", "-(a * b)"},
		{"(W@x)*2", "W @ x * 2"},
		{"W@(x*2)", "W @ (x * 2)"},
		{"sin((x))", "sin(x)"},
		{"sum( x ,1 )", "sum(x, 1)"},
		{"[ [1,2] , [3,4] ]", "[[1, 2], [3, 4]]"},
		{"1e-3 + 2.50 + 1e21 + 0.1", "0.001 + 2.5 + 1e+21 + 0.1"},
		{"1e-7", "1e-07"},
		{"pi*e", "pi * e"},
	} {
		n := mustParse(t, tc.src)
		if got := n.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.src, got, tc.want)
		}
		checkRoundTrip(t, tc.src, n)
	}
}

// checkRoundTrip checks that n prints to text that parses to the same
// tree and prints the same again.
func checkRoundTrip(t testing.TB, src string, n Node) {
	t.Helper()
	printed := n.String()
	if len(printed) > MaxLen {
		return // the spaces around operators may lengthen a text at the limit
	}
	back, err := Parse(printed)
	if err != nil {
		t.Fatalf("Parse(%q) printed %q, which does not parse: %v", src, printed, err)
	}
	if got, want := sexpr(back), sexpr(n); got != want {
		t.Fatalf("Parse(%q) printed %q, which parses to %s, want %s", src, printed, got, want)
	}
	if again := back.String(); again != printed {
		t.Fatalf("Parse(%q) printed %q, then %q", src, printed, again)
	}
}

func TestNodeString(t *testing.T) {
	for _, tc := range []struct {
		n    Node
		want string
	}{
		{&Number{Value: 2.5}, "2.5"},
		{&Name{Name: "W"}, "W"},
		{&Const{Name: "pi"}, "pi"},
		{&Neg{X: &Name{Name: "x"}}, "-x"},
		{&Binary{Op: Pow, X: &Name{Name: "x"}, Y: &Number{Value: 2}}, "x^2"},
		{&Call{Fn: "sum", Args: []Node{&Name{Name: "x"}, &Number{Value: 0}}}, "sum(x, 0)"},
		{&List{Elems: []Node{&Number{Value: 1}, &Neg{X: &Number{Value: 1}}}}, "[1, -1]"},
	} {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("%T.String() = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestClassString(t *testing.T) {
	for c := Class(1); c < numClasses; c++ {
		if s := c.String(); s == "" || strings.HasPrefix(s, "Class(") {
			t.Errorf("class %d has no name", int(c))
		}
	}
	if got := Class(99).String(); got != "Class(99)" {
		t.Errorf("Class(99).String() = %q", got)
	}
}

func TestInputs(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"tanh(W @ x + b)", []string{"W", "x", "b"}},
		{"x * W - x + pi", []string{"x", "W"}},
		{"-b^a", []string{"b", "a"}},
		{"[y, x] @ [x, y]", []string{"y", "x"}},
		{"sin(pi) + e", nil},
	} {
		got := Inputs(mustParse(t, tc.src))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Inputs(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestParseValues(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"", ""},
		{" ; ;", ""},
		{"x = 0.5", "x=0.5"},
		{"x = 0.5; W = [[1, 2], [3, 4]]; b = [0, 1];", "x=0.5 W=(list (list 1 2) (list 3 4)) b=(list 0 1)"},
		{"t = -pi/4; s = sin(1)", "t=(/ (neg const:pi) 4) s=(sin 1)"},
		{"a=1;;b=2", "a=1 b=2"},
	} {
		as, err := ParseValues(tc.src)
		if err != nil {
			t.Errorf("ParseValues(%q): %v", tc.src, err)
			continue
		}
		var parts []string
		for _, a := range as {
			parts = append(parts, a.Name+"="+sexpr(a.X))
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("ParseValues(%q) = %s, want %s", tc.src, got, tc.want)
		}
	}
	as, err := ParseValues("x = 1; yy = 2")
	if err != nil {
		t.Fatal(err)
	}
	if as[1].NamePos != 7 || as[1].X.Pos() != 12 {
		t.Errorf("yy at %d with value at %d, want 7 and 12", as[1].NamePos, as[1].X.Pos())
	}
}

func TestLaTeX(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"tanh(W @ x + b)", `\tanh\left(W x + b\right)`},
		{"-x^2 / 2", `\frac{-x^{2}}{2}`},
		{"sigmoid(x) * y", `\sigma\left(x\right) \cdot y`},
		{"[[1, 2], [3, 4]]", `\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`},
		{"[x*y, sin(x) + y]", `\begin{bmatrix} x \cdot y \\ \sin\left(x\right) + y \end{bmatrix}`},
		{"[[[1, 2]], [[3, 4]]]", `\begin{bmatrix} \begin{bmatrix} 1 \\ 2 \end{bmatrix} \\ \begin{bmatrix} 3 \\ 4 \end{bmatrix} \end{bmatrix}`},
		{"(a + b) * c", `\left(a + b\right) \cdot c`},
		{"a * -b + -c", `a \cdot \left(-b\right) + \left(-c\right)`},
		{"(a / b)^2", `\left(\frac{a}{b}\right)^{2}`},
		{"2^3^2", `2^{3^{2}}`},
		{"(2^3)^2", `\left(2^{3}\right)^{2}`},
		{"e^(x + 1)", `e^{x + 1}`},
		{"pi * r^2", `\pi \cdot r^{2}`},
		{"sqrt(abs(x))", `\sqrt{\left|x\right|}`},
		{"transpose(W) @ x", `W^{\top} x`},
		{"transpose(A @ B)", `\left(A B\right)^{\top}`},
		{"dot(a, b)", `\left\langle a, b \right\rangle`},
		{"sum(x, 0) + max(x)", `\operatorname{sum}\left(x, 0\right) + \max\left(x\right)`},
		{"1e-7 * x + 2.5e10 + 1e-3", `10^{-7} \cdot x + 2.5 \times 10^{10} + 0.001`},
		{"(1e-7)^2", `\left(10^{-7}\right)^{2}`},
		{"x1 + W_out + alpha + x_1b + rate", `x_{1} + W_{\mathrm{out}} + \alpha + x_{\mathrm{1b}} + \mathrm{rate}`},
		{"theta_2", `\theta_{2}`},
	} {
		if got := LaTeX(mustParse(t, tc.src)); got != tc.want {
			t.Errorf("LaTeX(%q) = %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

func TestErrorText(t *testing.T) {
	_, err := Parse("x + sinn(x)")
	want := "expr: expression, byte 4: unknown function \"sinn\" (did you mean \"sin\"?)\n" +
		"  x + sinn(x)\n" +
		"      ^"
	if err == nil || err.Error() != want {
		t.Fatalf("Parse error:\n%v\nwant:\n%s", err, want)
	}
	var e *Error
	if !errors.As(err, &e) || e.Class != ClassName || e.Offset != 4 || e.Source != "expression" {
		t.Errorf("error %#v, want class name at byte 4 of the expression", e)
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("a+", 100) + "$" + strings.Repeat("+a", 100)
	for _, tc := range []struct {
		text     string
		offset   int
		wantLine string
		wantCol  int
	}{
		{"x + y", 4, "x + y", 4},
		{"x + y", 5, "x + y", 5},
		{"", 0, "", 0},
		// Multi-byte runes before the offset take one column each.
		{"θ × y", 5, "θ × y", 3},
		// Tabs, newlines and invalid bytes become one space each.
		{"x\t+\ny\xff", 5, "x + y ", 5},
		{long, 200, "…" + long[200-36:200+36] + "…", 37},
		{long, 0, long[:72] + "…", 0},
		{long, len(long), "…" + long[len(long)-72:], 73},
	} {
		line, col := excerpt(tc.text, tc.offset)
		if line != tc.wantLine || col != tc.wantCol {
			t.Errorf("excerpt(%q, %d) = %q, %d; want %q, %d", tc.text, tc.offset, line, col, tc.wantLine, tc.wantCol)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"sinn", "sin"},
		{"tahn", "tanh"},
		{"sigmod", "sigmoid"},
		{"softmx", "softmax"},
		{"logsumxp", "logsumexp"},
		{"Sin", "sin"},
		{"pie", "pi"},
		{"tranpsose", "transpose"},
		{"x", ""},   // one letter: no whole-name rewrites
		{"foo", ""}, // nothing close
		{"relux", "relu"},
		{"sin", ""}, // an exact match needs no suggestion
		{"conv2d", "conv1d"},
	} {
		if got := suggest(tc.name, reservedNames()); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"tahn", "tanh", 1}, // one swap
		{"ca", "abc", 3},    // optimal string alignment, not Damerau
		{"sigmod", "sigmoid", 1},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestLimits(t *testing.T) {
	nest := func(depth int) string {
		return strings.Repeat("(", depth) + "x" + strings.Repeat(")", depth)
	}
	literal := func(entries int) string {
		return "[" + strings.Repeat("0,", entries-1) + "0]"
	}
	for _, tc := range []struct {
		name   string
		parse  func(string) error
		src    string
		class  Class // 0: no error
		offset int
	}{
		{"longest expression", parseErr, "x" + strings.Repeat(" ", MaxLen-1), 0, 0},
		{"expression too long", parseErr, "x" + strings.Repeat(" ", MaxLen), ClassLength, MaxLen},
		{"deepest parentheses", parseErr, nest(MaxDepth), 0, 0},
		{"parentheses too deep", parseErr, nest(MaxDepth + 1), ClassDepth, MaxDepth},
		{"brackets and calls too deep", parseErr, strings.Repeat("sin([", MaxDepth/2) + "(x" + strings.Repeat("])", MaxDepth/2) + ")", ClassDepth, 5 * MaxDepth / 2},
		{"long chains do not count", parseErr, strings.Repeat("-x^", MaxLen/4) + "x", 0, 0},
		{"largest literal", valuesErr, "v = " + literal(MaxLiteral), 0, 0},
		{"literal too large", valuesErr, "v = " + literal(MaxLiteral+1), ClassLiteral, 4 + 1 + 2*MaxLiteral},
		{"nested literal too large", valuesErr, "v = [" + literal(MaxLiteral/2) + "," + literal(MaxLiteral/2+1) + "]", ClassLiteral, len("v = [") + len(literal(MaxLiteral/2)) + len(",[") + 2*(MaxLiteral/2)},
		{"literals count apart", valuesErr, "v = " + literal(MaxLiteral) + "; w = " + literal(MaxLiteral), 0, 0},
		{"values too long", valuesErr, "v = 1" + strings.Repeat(" ", MaxValuesLen), ClassLength, MaxValuesLen},
		// Outside literals of numbers, values are limited like an expression.
		{"most operations", valuesErr, "v = " + literal(MaxLiteral) + " * " + strings.Repeat("1+", (MaxLen-4)/2) + "1", 0, 0},
		{"too many operations", valuesErr, "v = " + literal(MaxLiteral) + " * " + strings.Repeat("1+", (MaxLen-2)/2) + "1", ClassLength, 4},
		{"too many operations together", valuesErr, "v = " + strings.Repeat("1+", 1000) + "1; w = " + strings.Repeat("-", MaxLen-2000) + "1",
			ClassLength, 4 + 2001 + len("; w = ")},
		{"a literal with operations", valuesErr, "v = [" + strings.Repeat("sin(1), ", MaxLen/8) + "0]", ClassLength, 4},
	} {
		err := tc.parse(tc.src)
		if tc.class == 0 {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Class != tc.class || e.Offset != tc.offset {
			t.Errorf("%s: error %v, want class %v at byte %d", tc.name, err, tc.class, tc.offset)
		}
	}
}

func parseErr(src string) error {
	_, err := Parse(src)
	return err
}

func valuesErr(src string) error {
	_, err := ParseValues(src)
	return err
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"-x^2", "a - b - c", "2^3^2", "tanh(W @ x + b)", "[x*y, sin(x) + y]",
		"[[1, 2], [3, 4]]", "sum(x, -1) / mean(x)", "reshape(x, 2, 3)", "1e-3 * .5",
		"(x + 1", "x +", "sinn(x)", "[[1,2],[3]]", "x × y", "", "x**2", "\xff",
		"2^-x^-2", "((((x))))", "dot(a, b) - mse(a, b)", "pi(2)", "sum(x, 1.5)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Parse(src)
		if err != nil {
			checkError(t, err, src)
			return
		}
		checkRoundTrip(t, src, n)
		LaTeX(n)
	})
}

// checkError checks that err is an *Error pointing into src, with a class
// and a message.
func checkError(t testing.TB, err error, src string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is a %T, want *Error", err, err)
	}
	if e.Text != src || e.Offset < 0 || e.Offset > len(src) || e.Class <= 0 || e.Class >= numClasses || e.Msg == "" {
		t.Fatalf("bad error for %q: %#v", src, e)
	}
}
