package model

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/jacobianlab/jacobianlab/core"
)

// bpForm is the closed form of the VJP of one input of an operation: TeX
// with placeholders #0, #1, … for its operands, which args names: "g" the
// node's cotangent G = ∂L/∂y, "y" its value, "a" and "b" its first and second
// inputs, "x" the input of the form itself. The contribution is summed
// over the leading axes its input lacks (an operand repeated by
// broadcasting); the lesson writes that sum around the form.
type bpForm struct {
	tex  string
	args string
}

// BPRule is the VJP rule of an operation: in words, with ∂L/∂ for the
// cotangents, and its closed forms, one per input (one for all inputs if
// there is only one).
type BPRule struct {
	Text  string
	forms []bpForm
}

// bpRules are the VJP rules of every operation an expression's graph can
// hold, by the operation's name. Operations of one kind share a rule,
// with y the node's value and x (or a and b) its inputs.
var bpRules = map[string]BPRule{
	"add":       {"y = a + b:  ∂L/∂a = ∂L/∂y,  ∂L/∂b = ∂L/∂y", []bpForm{{"#0", "g"}}},
	"sub":       {"y = a − b:  ∂L/∂a = ∂L/∂y,  ∂L/∂b = −∂L/∂y", []bpForm{{"#0", "g"}, {"-#0", "g"}}},
	"mul":       {"y = a ⊙ b:  ∂L/∂a = ∂L/∂y ⊙ b,  ∂L/∂b = ∂L/∂y ⊙ a", []bpForm{{`#0 \odot #1`, "gb"}, {`#0 \odot #1`, "ga"}}},
	"div":       {"y = a / b:  ∂L/∂a = ∂L/∂y / b,  ∂L/∂b = −∂L/∂y ⊙ y / b", []bpForm{{`\frac{#0}{#1}`, "gb"}, {`-#0 \odot \frac{#1}{#2}`, "gyb"}}},
	"pow":       {"y = a^b:  ∂L/∂a = ∂L/∂y ⊙ b a^(b−1),  ∂L/∂b = ∂L/∂y ⊙ y log a", []bpForm{{`#0 \odot #1\,#2^{#1 - 1}`, "gba"}, {`#0 \odot #1 \log #2`, "gya"}}},
	"neg":       {"y = −x:  ∂L/∂x = −∂L/∂y", []bpForm{{"-#0", "g"}}},
	"exp":       {"y = exp x:  ∂L/∂x = ∂L/∂y ⊙ y", []bpForm{{`#0 \odot #1`, "gy"}}},
	"log":       {"y = log x:  ∂L/∂x = ∂L/∂y / x", []bpForm{{`\frac{#0}{#1}`, "gx"}}},
	"sqrt":      {"y = √x:  ∂L/∂x = ∂L/∂y / (2y)", []bpForm{{`\frac{#0}{2\,#1}`, "gy"}}},
	"abs":       {"y = |x|:  ∂L/∂x = ∂L/∂y ⊙ sign(x)  (0 at x = 0)", []bpForm{{`#0 \odot \operatorname{sign}(#1)`, "gx"}}},
	"sin":       {"y = sin x:  ∂L/∂x = ∂L/∂y ⊙ cos x", []bpForm{{`#0 \odot \cos #1`, "gx"}}},
	"cos":       {"y = cos x:  ∂L/∂x = −∂L/∂y ⊙ sin x", []bpForm{{`-#0 \odot \sin #1`, "gx"}}},
	"tan":       {"y = tan x:  ∂L/∂x = ∂L/∂y ⊙ (1 + y²)", []bpForm{{`#0 \odot (1 + #1^{2})`, "gy"}}},
	"tanh":      {"y = tanh x:  ∂L/∂x = ∂L/∂y ⊙ (1 − y²)", []bpForm{{`#0 \odot (1 - #1^{2})`, "gy"}}},
	"sigmoid":   {"y = σ(x):  ∂L/∂x = ∂L/∂y ⊙ y ⊙ (1 − y)", []bpForm{{`#0 \odot #1 \odot (1 - #1)`, "gy"}}},
	"relu":      {"y = relu x:  ∂L/∂x = ∂L/∂y ⊙ [x > 0]  (0 at x = 0)", []bpForm{{`#0 \odot [#1 > 0]`, "gx"}}},
	"softplus":  {"y = softplus x:  ∂L/∂x = ∂L/∂y ⊙ σ(x)", []bpForm{{`#0 \odot \sigma(#1)`, "gx"}}},
	"reshape":   {"y = x with another shape:  ∂L/∂x = ∂L/∂y reshaped to x's shape", []bpForm{{`\operatorname{reshape}(#0)`, "g"}}},
	"transpose": {"y = xᵀ:  ∂L/∂x = (∂L/∂y)ᵀ", []bpForm{{`#0^{\top}`, "g"}}},
	"broadcast": {"y = x repeated along new axes:  ∂L/∂x = ∂L/∂y summed along them", []bpForm{{`\operatorname{sum}(#0)`, "g"}}},
	"sum":       {"y = Σ x:  ∂L/∂x = ∂L/∂y copied to every entry that was summed", []bpForm{{`\operatorname{repeat}(#0)`, "g"}}},
	"max":       {"y = max x:  ∂L/∂x = ∂L/∂y at the (first) largest entry, 0 elsewhere", []bpForm{{`#0 \text{ at the argmax}`, "g"}}},
	"windows":   {"y = the windows of x:  ∂L/∂x = each window's ∂L/∂y added back where it came from", []bpForm{{`\operatorname{overlap\,add}(#0)`, "g"}}},
	"slice":     {"y = a slice of x:  ∂L/∂x = ∂L/∂y in the slice, 0 elsewhere", []bpForm{{`\operatorname{pad}(#0)`, "g"}}},
	"index":     {"y = x at one index:  ∂L/∂x = ∂L/∂y at that index, 0 elsewhere", []bpForm{{`\operatorname{pad}(#0)`, "g"}}},
	"concat":    {"y = [a, b, …] joined:  ∂L/∂a, ∂L/∂b, … = the blocks of ∂L/∂y they fill", []bpForm{{`\operatorname{block}(#0)`, "g"}}},
	// A product C = A B contracting A's last axis with B's first, the @
	// of the expressions (and of conv1d's kernel).
	"tensordot": {"C = A B:  ∂L/∂A = ∂L/∂C Bᵀ,  ∂L/∂B = Aᵀ ∂L/∂C", []bpForm{{`#0\,#1^{\top}`, "gb"}, {`#0^{\top}#1`, "ag"}}},
	// dot(a, b), every axis contracted: a scalar.
	"dot": {"c = dot(a, b) = a · b, a sum of products:  ∂L/∂a = (∂L/∂c) b,  ∂L/∂b = (∂L/∂c) a", []bpForm{{`#0\,#1`, "gb"}, {`#0\,#1`, "ga"}}},
}

// BPRuleOf returns the VJP rule of node n and the key it is filed under:
// a contraction of every axis is a dot product, a matrix product by
// another name is a tensordot.
func BPRuleOf(n *core.Node) (BPRule, string, bool) {
	op := n.Op()
	if op == "tensordot" || op == "matmul" {
		a, b := n.Inputs()[0].Shape(), n.Inputs()[1].Shape()
		switch k := (a.Rank() + b.Rank() - n.Shape().Rank()) / 2; {
		case k == a.Rank() && k == b.Rank() && n.Shape().Rank() == 0 && k > 1:
			op = "dot"
		case k == 1 && !(op == "matmul" && a.Rank() > 2 && b.Rank() > 2):
			op = "tensordot"
		default:
			return BPRule{}, op, false
		}
	}
	r, ok := bpRules[op]
	return r, op, ok
}

// BPTerm is the contribution of one backward step to one input: its
// closed form with the operands' values and the result, from core's VJP
// rule of the node.
type BPTerm struct {
	Slot, Input int            // which input of the node, and its position in the graph
	form        bpForm         // the closed form; tex is "" if the rule is not known
	ops         []*core.Tensor // the operands of the form, in order
	lead        int            // leading axes of the node's shape the input lacks, summed over
	result      *core.Tensor   // G times ∂y/∂input, by core's LocalVJP
}

// Terms returns the contributions of node j, with cotangent yBar, to
// those of its inputs that have gradients.
func (n *BPNet) Terms(j int, yBar *core.Tensor) ([]BPTerm, error) {
	nd := n.G.Nodes()[j]
	xBar, err := nd.LocalVJP(yBar)
	if err != nil {
		return nil, err
	}
	rule, _, known := BPRuleOf(nd)
	var out []BPTerm
	for slot, in := range nd.Inputs() {
		i := n.G.Index(in)
		if !n.Needs[i] {
			continue
		}
		t := BPTerm{Slot: slot, Input: i, result: xBar[slot], lead: nd.Shape().Rank() - in.Shape().Rank()}
		if known {
			t.form = rule.forms[min(slot, len(rule.forms)-1)]
			for _, c := range t.form.args {
				t.ops = append(t.ops, bpOperand(nd, c, slot, yBar))
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// bpOperand returns the operand c of a form (see bpForm) for input slot
// of node nd with cotangent yBar.
func bpOperand(nd *core.Node, c rune, slot int, yBar *core.Tensor) *core.Tensor {
	switch c {
	case 'g':
		return yBar
	case 'y':
		return nd.Value()
	case 'a':
		return nd.Inputs()[0].Value()
	case 'b':
		return nd.Inputs()[1].Value()
	}
	return nd.Inputs()[slot].Value()
}

// bpSymbol returns the TeX of operand c of a form for input slot of nd:
// the name of the node or input it stands for, barred for the cotangent.
func bpSymbol(nd *core.Node, c rune, slot int) string {
	switch c {
	case 'g':
		return BPCotangent(BPTeXName(nd.Name()))
	case 'y':
		return BPTeXName(nd.Name())
	case 'a':
		return BPNodeTeX(nd.Inputs()[0])
	case 'b':
		return BPNodeTeX(nd.Inputs()[1])
	}
	return BPNodeTeX(nd.Inputs()[slot])
}

// BPNodeTeX is the TeX of a node: its name, or its value for a scalar
// constant.
func BPNodeTeX(n *core.Node) string {
	if n.Name() == "" && n.Shape().Rank() == 0 {
		return BPTeXNum(n.Value().Data()[0])
	}
	if n.Name() == "" {
		return `c`
	}
	return BPTeXName(n.Name())
}

// BPTeXName writes a name in TeX: trailing digits (plain or subscript)
// as a subscript, W1 → W_{1}, v₂ → v_{2}.
func BPTeXName(name string) string {
	rs := []rune(name)
	k := len(rs)
	for k > 0 && (unicode.IsDigit(rs[k-1]) || rs[k-1] >= '₀' && rs[k-1] <= '₉') {
		k--
	}
	var base strings.Builder
	for _, r := range rs[:k] {
		if r == '_' {
			base.WriteString(`\_`)
			continue
		}
		base.WriteRune(r)
	}
	if k == len(rs) || k == 0 {
		return base.String() + string(rs[k:])
	}
	var sub strings.Builder
	for _, r := range rs[k:] {
		if r >= '₀' && r <= '₉' {
			r = '0' + r - '₀'
		}
		sub.WriteRune(r)
	}
	return base.String() + `_{` + sub.String() + `}`
}

// BPCotangent writes the cotangent of a name given in TeX, the
// derivative of the loss by it: \partial L/\partial W_{1}.
func BPCotangent(tex string) string {
	return `\partial L/\partial ` + tex
}

// bpFill returns the form's TeX with each placeholder #k replaced by
// arg(k).
func bpFill(tex string, arg func(k int) string) string {
	var b strings.Builder
	for i := 0; i < len(tex); i++ {
		if tex[i] == '#' && i+1 < len(tex) {
			k := int(tex[i+1] - '0')
			b.WriteString(arg(k))
			i++
			continue
		}
		b.WriteByte(tex[i])
	}
	return b.String()
}

// bpMaxShown bounds the entries of a tensor written out in a formula.
const bpMaxShown = 16

// BPShowable reports whether t is small enough to write out: a scalar, a
// vector or a matrix of at most bpMaxShown entries.
func BPShowable(t *core.Tensor) bool { return t.Rank() <= 2 && t.Len() <= bpMaxShown }

// BPTeXTensor writes t as a number, or a bracketed row or matrix, with 3
// significant digits.
func BPTeXTensor(t *core.Tensor) string {
	d := t.Data()
	switch t.Rank() {
	case 0:
		v := BPTeXNum(d[0])
		if d[0] < 0 {
			return `(` + v + `)`
		}
		return v
	case 1:
		return `\begin{bmatrix}` + BPTeXRow(d) + `\end{bmatrix}`
	}
	c := t.Shape()[1]
	rows := make([]string, t.Shape()[0])
	for i := range rows {
		rows[i] = BPTeXRow(d[i*c : (i+1)*c])
	}
	return `\begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix}`
}

// BPTeXRow writes numbers as a row of a TeX matrix.
func BPTeXRow(d []float64) string {
	cols := make([]string, len(d))
	for j, v := range d {
		cols[j] = BPTeXNum(v)
	}
	return strings.Join(cols, " & ")
}

// BPTeXNum writes v with 3 significant digits.
func BPTeXNum(v float64) string { return TeXFloat(v, 3) }

// bpSumLead wraps the TeX of a contribution in the sum over the leading
// axes its input lacks, if any.
func bpSumLead(tex string, lead int) string {
	switch lead {
	case 0:
		return tex
	case 1:
		return `\operatorname{sum}_{0}\left(` + tex + `\right)`
	}
	return fmt.Sprintf(`\operatorname{sum}_{0..%d}\left(`, lead-1) + tex + `\right)`
}

// TeX returns the term's closed form for input slot of node nd: the
// input's cotangent, the form with names, with numbers when all operands
// are small enough, and the result.
func (t BPTerm) TeX(nd *core.Node) string {
	in := nd.Inputs()[t.Slot]
	lhs := BPCotangent(BPNodeTeX(in))
	if t.form.tex == "" {
		return lhs + ` = ` + BPTeXTensor(t.result)
	}
	sym := bpSumLead(bpFill(t.form.tex, func(k int) string { return bpSymbol(nd, rune(t.form.args[k]), t.Slot) }), t.lead)
	s := lhs + ` = ` + sym
	small := BPShowable(t.result)
	for _, o := range t.ops {
		small = small && BPShowable(o)
	}
	if !small {
		return s
	}
	num := bpSumLead(bpFill(t.form.tex, func(k int) string { return BPTeXTensor(t.ops[k]) }), t.lead)
	return s + ` = ` + num + ` = ` + BPTeXTensor(t.result)
}
