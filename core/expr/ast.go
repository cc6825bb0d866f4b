package expr

// Node is a node of a parsed expression. Positions are byte offsets into
// the text that was parsed. Parentheses leave no node: the tree's shape
// records the grouping, and String puts back the parentheses it needs.
type Node interface {
	// Pos returns the byte offset of the node's first byte; for a binary
	// operation, the offset of its left operand.
	Pos() int
	// String returns the node as expression text that parses back to
	// the same tree.
	String() string
	node()
}

// Op is a binary operator.
type Op byte

// The binary operators.
const (
	Add    Op = '+' // elementwise sum, broadcasting
	Sub    Op = '-' // elementwise difference, broadcasting
	Mul    Op = '*' // elementwise product, broadcasting
	Div    Op = '/' // elementwise quotient, broadcasting
	Pow    Op = '^' // elementwise power, broadcasting
	MatMul Op = '@' // contraction of the left's last axis with the right's first
)

// String returns the operator as typed: "+", "-", "*", "/", "^" or "@".
func (o Op) String() string { return string(rune(o)) }

// Number is a numeric literal such as 2, 0.5 or 1e-3. Parse never makes a
// negative Number: -2 is a Neg of the Number 2.
type Number struct {
	ValuePos int
	Value    float64
}

// Name is an input of the expression, named by the user.
type Name struct {
	NamePos int
	Name    string
}

// Const is one of the named constants: "pi" or "e".
type Const struct {
	NamePos int
	Name    string
}

// Neg is unary minus, -X.
type Neg struct {
	OpPos int
	X     Node
}

// Binary is X Op Y.
type Binary struct {
	Op    Op
	OpPos int
	X, Y  Node
}

// Call is Fn(Args...), a call of one of the language's functions. Parse
// checks the number of arguments and that axis and size arguments are
// integer literals (possibly negated).
type Call struct {
	Fn     string
	FnPos  int
	Args   []Node
	Rparen int
}

// List is a tensor literal [Elems...]: its entries are stacked along a new
// leading axis, so [[1, 2], [3, 4]] is a 2×2 matrix and [x*y, sin(x)] a
// vector of two scalars.
type List struct {
	Lbrack int
	Elems  []Node
	Rbrack int
}

// Pos returns the offset of the number's first byte.
func (n *Number) Pos() int { return n.ValuePos }

// Pos returns the offset of the name's first byte.
func (n *Name) Pos() int { return n.NamePos }

// Pos returns the offset of the constant's first byte.
func (n *Const) Pos() int { return n.NamePos }

// Pos returns the offset of the minus sign.
func (n *Neg) Pos() int { return n.OpPos }

// Pos returns the offset of the left operand.
func (n *Binary) Pos() int { return n.X.Pos() }

// Pos returns the offset of the function name.
func (n *Call) Pos() int { return n.FnPos }

// Pos returns the offset of the opening bracket.
func (n *List) Pos() int { return n.Lbrack }

func (*Number) node() {}
func (*Name) node()   {}
func (*Const) node()  {}
func (*Neg) node()    {}
func (*Binary) node() {}
func (*Call) node()   {}
func (*List) node()   {}

// Inputs returns the names of the inputs n uses, in order of first
// appearance in the text (reading left to right), each once.
func Inputs(n Node) []string {
	var names []string
	for _, in := range inputNodes(n) {
		names = append(names, in.Name)
	}
	return names
}

// inputNodes returns the first occurrence of each input of n, in order of
// first appearance.
func inputNodes(n Node) []*Name {
	var names []*Name
	seen := map[string]bool{}
	walk(n, func(n Node) bool {
		if nm, ok := n.(*Name); ok && !seen[nm.Name] {
			seen[nm.Name] = true
			names = append(names, nm)
		}
		return true
	})
	return names
}

// walk calls f for n and, if f returns true, for each node below n, in
// text order.
func walk(n Node, f func(Node) bool) {
	if !f(n) {
		return
	}
	switch n := n.(type) {
	case *Neg:
		walk(n.X, f)
	case *Binary:
		walk(n.X, f)
		walk(n.Y, f)
	case *Call:
		for _, a := range n.Args {
			walk(a, f)
		}
	case *List:
		for _, e := range n.Elems {
			walk(e, f)
		}
	}
}
