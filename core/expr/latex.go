package expr

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/jacobianlab/jacobianlab/core"
)

// LaTeX returns n as LaTeX math-mode source, for slides and export:
//
//	tanh(W @ x + b)   \tanh\left(W x + b\right)
//	-x^2 / 2          \frac{-x^{2}}{2}
//	sigmoid(x) * y    \sigma\left(x\right) \cdot y
//	[[1, 2], [3, 4]]  \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}
//
// Elementwise * is \cdot, @ is juxtaposition, dot(a, b) is ⟨a, b⟩ and
// transpose(x) is x^⊤. A literal of scalars is a column vector, a literal
// of literals a matrix whose entries may themselves be matrices (a block
// layout). Names such as x1, W_out and alpha become x_{1},
// W_{\mathrm{out}} and \alpha.
func LaTeX(n Node) string {
	var t texWriter
	t.node(n, precSum)
	return t.String()
}

// texWriter writes LaTeX with the fewest \left( \right) pairs that keep
// the tree.
type texWriter struct{ strings.Builder }

// texPrec returns how tightly n binds once written as LaTeX: a fraction
// and a transpose are atoms except as the base of a power.
func texPrec(n Node) int {
	switch n := n.(type) {
	case *Binary:
		if n.Op == Div {
			return precPow
		}
	case *Call:
		if n.Fn == "transpose" {
			return precPow
		}
	case *Number:
		if strings.ContainsRune(formatNumber(n.Value), 'e') {
			return precTerm // written with \times 10^{…}
		}
	}
	return prec(n)
}

// node writes n, in parentheses if it binds looser than need.
func (t *texWriter) node(n Node, need int) {
	if texPrec(n) < need {
		t.WriteString(`\left(`)
		defer t.WriteString(`\right)`)
	}
	switch n := n.(type) {
	case *Number:
		t.WriteString(texNumber(formatNumber(n.Value)))
	case *Name:
		t.WriteString(texName(n.Name))
	case *Const:
		if n.Name == "pi" {
			t.WriteString(`\pi`)
		} else {
			t.WriteString(n.Name)
		}
	case *Neg:
		t.WriteString("-")
		t.node(n.X, precPow)
	case *Binary:
		t.binary(n)
	case *Call:
		t.call(n)
	case *List:
		t.WriteString(`\begin{bmatrix} `)
		t.rows(n)
		t.WriteString(` \end{bmatrix}`)
	}
}

// binary writes x op y.
func (t *texWriter) binary(n *Binary) {
	left, right := operandPrecs(n.Op)
	switch n.Op {
	case Div:
		t.WriteString(`\frac{`)
		t.node(n.X, precSum)
		t.WriteString(`}{`)
		t.node(n.Y, precSum)
		t.WriteString(`}`)
		return
	case Pow:
		t.node(n.X, left)
		t.WriteString(`^{`)
		t.node(n.Y, precSum)
		t.WriteString(`}`)
		return
	}
	if _, neg := n.Y.(*Neg); neg {
		right = precPow // a \cdot \left(-b\right), not a \cdot -b
	}
	t.node(n.X, left)
	switch n.Op {
	case Mul:
		t.WriteString(` \cdot `)
	case MatMul:
		t.WriteString(` `)
	default:
		t.WriteString(" " + n.Op.String() + " ")
	}
	t.node(n.Y, right)
}

// call writes a function call.
func (t *texWriter) call(n *Call) {
	switch n.Fn {
	case "sqrt":
		t.WriteString(`\sqrt{`)
		t.node(n.Args[0], precSum)
		t.WriteString(`}`)
	case "abs":
		t.WriteString(`\left|`)
		t.node(n.Args[0], precSum)
		t.WriteString(`\right|`)
	case "transpose":
		t.node(n.Args[0], precAtom)
		t.WriteString(`^{\top}`)
	case "dot":
		t.WriteString(`\left\langle `)
		t.args(n.Args)
		t.WriteString(` \right\rangle`)
	default:
		f, _ := lookupFunc(n.Fn)
		t.WriteString(f.tex + `\left(`)
		t.args(n.Args)
		t.WriteString(`\right)`)
	}
}

// args writes ns separated by commas.
func (t *texWriter) args(ns []Node) {
	for i, n := range ns {
		if i > 0 {
			t.WriteString(", ")
		}
		t.node(n, precSum)
	}
}

// rows writes the body of a bmatrix for l: a row per entry when the
// entries are literals (a matrix), otherwise one entry per row (a column).
func (t *texWriter) rows(l *List) {
	for i, e := range l.Elems {
		if i > 0 {
			t.WriteString(` \\ `)
		}
		row, ok := e.(*List)
		if !ok || !allLists(l.Elems) {
			t.node(e, precSum)
			continue
		}
		for j, x := range row.Elems {
			if j > 0 {
				t.WriteString(` & `)
			}
			t.node(x, precSum)
		}
	}
}

// allLists reports whether every node of ns is a literal.
func allLists(ns []Node) bool {
	for _, n := range ns {
		if _, ok := n.(*List); !ok {
			return false
		}
	}
	return true
}

// texNumber writes a number formatted by strconv, with \times 10^{k} in
// place of an exponent.
func texNumber(s string) string {
	mant, exp, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	exp = strings.TrimLeft(exp, "+-0")
	if mant == "1" {
		return `10^{` + sign + exp + `}`
	}
	return mant + ` \times 10^{` + sign + exp + `}`
}

// greek are the names written as Greek letters.
var greek = map[string]bool{
	"alpha": true, "beta": true, "gamma": true, "delta": true, "epsilon": true,
	"zeta": true, "eta": true, "theta": true, "iota": true, "kappa": true,
	"lambda": true, "mu": true, "nu": true, "xi": true, "rho": true,
	"sigma": true, "tau": true, "phi": true, "chi": true, "psi": true,
	"omega": true, "Gamma": true, "Delta": true, "Theta": true, "Lambda": true,
	"Sigma": true, "Phi": true, "Psi": true, "Omega": true,
}

// texName writes an input's name: one letter as is, a Greek letter's name
// as the letter, a trailing number or the part after the first underscore
// as a subscript, and any other word upright.
func texName(name string) string {
	if head, sub, ok := strings.Cut(name, "_"); ok && head != "" && sub != "" {
		return texName(head) + `_{` + texName(sub) + `}`
	}
	if i := strings.IndexFunc(name, unicode.IsDigit); i > 0 && strings.TrimLeftFunc(name[i:], unicode.IsDigit) == "" {
		return texName(name[:i]) + `_{` + name[i:] + `}`
	}
	switch {
	case len(name) == 1 || strings.TrimLeftFunc(name, unicode.IsDigit) == "":
		return name
	case greek[name]:
		return `\` + name
	}
	return `\mathrm{` + strings.ReplaceAll(name, "_", `\_`) + `}`
}

// LaTeX returns the expression and the given Jacobians, one per input in
// order (as Jacobians returns them), as LaTeX, one display per line:
//
//	f(W, x) = \tanh\left(W x\right)
//	\frac{\partial f}{\partial W} = \begin{bmatrix} … \end{bmatrix}
//
// A Jacobian of rank 2 or less is one bmatrix: the gradient of a scalar
// is a row, the derivative with respect to a scalar a column. A larger one
// is a block layout: a bmatrix indexed by the value's entries whose
// entries are bmatrices shaped like the input. Entries have 6 significant
// digits.
func (p *Program) LaTeX(jacobians []*core.Tensor) string {
	var b strings.Builder
	b.WriteString("f")
	if len(p.names) > 0 {
		tex := make([]string, len(p.names))
		for i, name := range p.names {
			tex[i] = texName(name)
		}
		b.WriteString(`\left(` + strings.Join(tex, ", ") + `\right)`)
	}
	b.WriteString(" = " + LaTeX(p.tree) + "\n")
	valueRank := p.Value().Rank()
	for i, j := range jacobians {
		b.WriteString(`\frac{\partial f}{\partial ` + texName(p.names[i]) + `} = `)
		b.WriteString(texJacobian(j, valueRank))
		b.WriteString("\n")
	}
	return b.String()
}

// LaTeXLen returns the length in bytes of p.LaTeX(jacobians) without
// writing it, as JSONLen does for JSON: about exact if it is at most stop
// (the Jacobians' entries each take their own length and a separator of
// three bytes, " & "), and otherwise an estimate over stop.
func (p *Program) LaTeXLen(jacobians []*core.Tensor, stop int) int {
	data := make([][]float64, len(jacobians))
	for i, j := range jacobians {
		data[i] = j.Data()
	}
	fixed := len(p.LaTeX(nil)) + len(jacobians)*len(`\frac{\partial f}{\partial x} = \begin{bmatrix}\end{bmatrix}`+"\n")
	return dataLen(fixed, stop, func(v float64) int { return len(texEntry(v)) + 3 }, data...)
}

// texJacobian writes a Jacobian whose first valueRank axes index the
// value (see Program.LaTeX).
func texJacobian(j *core.Tensor, valueRank int) string {
	shape, data := j.Shape(), j.Data()
	entry := func(i int) string { return texEntry(data[i]) }
	if shape.Rank() <= 2 {
		return texTensor(shape, entry, valueRank == 0)
	}
	outer, inner := shape[:valueRank], shape[valueRank:]
	n := inner.Size()
	return texTensor(outer, func(i int) string {
		return texTensor(inner, func(k int) string { return entry(i*n + k) }, true)
	}, false)
}

// texTensor writes a tensor of the given shape whose entry at row-major
// position i is entry(i): a scalar as its entry, a vector as a column (or
// a row if row), a matrix as a bmatrix, and a tensor of higher rank as a
// column of the blocks along its first axis.
func texTensor(shape core.Shape, entry func(i int) string, row bool) string {
	var rows []string
	switch shape.Rank() {
	case 0:
		return entry(0)
	case 1:
		cells := make([]string, shape[0])
		for i := range cells {
			cells[i] = entry(i)
		}
		if row {
			rows = []string{strings.Join(cells, " & ")}
		} else {
			rows = cells
		}
	case 2:
		for r := range shape[0] {
			cells := make([]string, shape[1])
			for c := range cells {
				cells[c] = entry(r*shape[1] + c)
			}
			rows = append(rows, strings.Join(cells, " & "))
		}
	default:
		n := shape[1:].Size()
		for r := range shape[0] {
			rows = append(rows, texTensor(shape[1:], func(i int) string { return entry(r*n + i) }, row))
		}
	}
	return `\begin{bmatrix} ` + strings.Join(rows, ` \\ `) + ` \end{bmatrix}`
}

// texEntry writes an entry of a tensor with 6 significant digits.
func texEntry(v float64) string {
	switch {
	case math.IsNaN(v):
		return `\mathrm{NaN}`
	case math.IsInf(v, 1):
		return `\infty`
	case math.IsInf(v, -1):
		return `-\infty`
	}
	return texNumber(strconv.FormatFloat(v, 'g', 6, 64))
}
