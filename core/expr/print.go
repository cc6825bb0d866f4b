package expr

import (
	"strconv"
	"strings"
)

// Binding strengths, loosest first, as in the grammar of Parse.
const (
	precSum   = iota + 1 // + -
	precTerm             // * / @
	precUnary            // unary -
	precPow              // ^
	precAtom             // numbers, names, calls, literals
)

// prec returns how tightly n binds.
func prec(n Node) int {
	switch n := n.(type) {
	case *Neg:
		return precUnary
	case *Binary:
		switch n.Op {
		case Add, Sub:
			return precSum
		case Pow:
			return precPow
		}
		return precTerm
	}
	return precAtom
}

// operandPrecs returns the binding strengths the operands of a binary op
// need to print without parentheses: left-associative operators take a
// right operand binding strictly tighter; ^ is right-associative, its base
// must be an atom and its exponent may be a unary minus.
func operandPrecs(op Op) (left, right int) {
	switch op {
	case Add, Sub:
		return precSum, precSum + 1
	case Pow:
		return precAtom, precUnary
	}
	return precTerm, precTerm + 1
}

// printer writes expression text with the fewest parentheses that keep
// the tree.
type printer struct{ strings.Builder }

// node writes n, in parentheses if it binds looser than need.
func (p *printer) node(n Node, need int) {
	if prec(n) < need {
		p.WriteByte('(')
		defer p.WriteByte(')')
	}
	switch n := n.(type) {
	case *Number:
		p.WriteString(formatNumber(n.Value))
	case *Name:
		p.WriteString(n.Name)
	case *Const:
		p.WriteString(n.Name)
	case *Neg:
		p.WriteByte('-')
		if _, ok := n.X.(*Neg); ok {
			p.WriteByte(' ') // - -x: no parentheses, which would count towards MaxDepth
		}
		p.node(n.X, precUnary)
	case *Binary:
		left, right := operandPrecs(n.Op)
		p.node(n.X, left)
		if n.Op == Pow {
			p.WriteByte('^')
		} else {
			p.WriteString(" " + n.Op.String() + " ")
		}
		p.node(n.Y, right)
	case *Call:
		p.WriteString(n.Fn)
		p.WriteByte('(')
		p.list(n.Args)
		p.WriteByte(')')
	case *List:
		p.WriteByte('[')
		p.list(n.Elems)
		p.WriteByte(']')
	}
}

// list writes ns separated by commas.
func (p *printer) list(ns []Node) {
	for i, n := range ns {
		if i > 0 {
			p.WriteString(", ")
		}
		p.node(n, precSum)
	}
}

// formatNumber writes v in the shortest form that parses back to v.
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// format returns n as expression text.
func format(n Node) string {
	var p printer
	p.node(n, precSum)
	return p.String()
}

// String returns the number as Parse reads it back, such as 0.5 or 1e-07.
func (n *Number) String() string { return format(n) }

// String returns the input's name.
func (n *Name) String() string { return format(n) }

// String returns the constant's name.
func (n *Const) String() string { return format(n) }

// String returns -X, with parentheses around X where needed.
func (n *Neg) String() string { return format(n) }

// String returns X op Y, with parentheses where needed.
func (n *Binary) String() string { return format(n) }

// String returns Fn(args…).
func (n *Call) String() string { return format(n) }

// String returns [elems…].
func (n *List) String() string { return format(n) }
