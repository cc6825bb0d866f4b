package expr

import (
	"fmt"
	"strconv"

	"github.com/jacobianlab/jacobianlab/core"
)

// Limits on what Parse, ParseValues and Compile accept. Each has its own
// error class, and each is checked before the memory it bounds is
// allocated.
const (
	MaxLen       = 4096    // bytes in an expression (ClassLength)
	MaxValuesLen = 1 << 20 // bytes in a values, tangent or cotangent text, of which MaxLen outside literals of numbers (ClassLength)
	MaxDepth     = 64      // brackets and parentheses open at once (ClassDepth)
	MaxLiteral   = 65536   // entries in one literal, nested lists included (ClassLiteral)
	MaxEntries   = 1 << 22 // entries in any tensor an expression makes (ClassSize)
)

// Parse parses an expression. The grammar, loosest binding first:
//
//	expr    = term { ("+" | "-") term }
//	term    = unary { ("*" | "/" | "@") unary }
//	unary   = "-" unary | power
//	power   = primary [ "^" unary ]
//	primary = number | name | call | "(" expr ")" | "[" expr { "," expr } "]"
//	call    = name "(" expr { "," expr } ")"
//
// So -x^2 is -(x^2), 2^3^2 is 2^(3^2), a - b - c is (a - b) - c, and
// W @ x * 2 is (W @ x) * 2. The names pi and e are constants, the function
// names are reserved, and every other name is an input.
//
// Every error is an *Error.
func Parse(src string) (Node, error) {
	p, err := newParser("expression", src, MaxLen)
	if err != nil {
		return nil, err
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.unexpected()
	}
	return n, nil
}

// Assignment is one entry of a values text: Name = X, where X uses no
// inputs.
type Assignment struct {
	Name    string
	NamePos int
	X       Node
}

// ParseValues parses a values text: assignments separated by semicolons,
// such as
//
//	x = 0.5; W = [[1, 2], [3, 4]]; b = [0, 1]
//
// Each value is an expression without inputs (pi/4 and [0, -1] are
// values). Names may not repeat, and may not be a constant or a
// function. The text may be empty. It may be up to MaxValuesLen bytes
// long, but only MaxLen bytes outside literals of numbers such as
// [[1, 2], [-3, pi]]: large values are literals, and the values hold no
// more operations than an expression. Every error is an *Error.
func ParseValues(src string) ([]Assignment, error) {
	return parseValues("values", src)
}

// parseValues is ParseValues for a text that errors call source.
func parseValues(source, src string) ([]Assignment, error) {
	p, err := newParser(source, src, MaxValuesLen)
	if err != nil {
		return nil, err
	}
	var as []Assignment
	for p.tok.kind != tEOF {
		if p.tok.kind == tSemi {
			if err := p.advance(); err != nil {
				return nil, err
			}
			continue
		}
		a, err := p.assignment(as)
		if err != nil {
			return nil, err
		}
		as = append(as, a)
	}
	return as, nil
}

// parseConstant parses a text holding one expression without inputs, such
// as a cotangent, with the values' length limit.
func parseConstant(source, src string) (Node, error) {
	p, err := newParser(source, src, MaxValuesLen)
	if err != nil {
		return nil, err
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.unexpected()
	}
	if err := p.constant(n, "a "+source); err != nil {
		return nil, err
	}
	return n, nil
}

// parser is a recursive-descent parser over one text. Only brackets
// recurse, so its depth is bounded by MaxDepth.
type parser struct {
	lx         lexer
	tok, prev  token // the current token and the one before
	depth      int   // brackets open
	inList     int   // literals open
	litEntries int   // entries so far in the outermost open literal
	opBytes    int   // bytes of the values so far outside literals of numbers
}

// newParser checks the length of src against limit and reads the first
// token.
func newParser(source, src string, limit int) (*parser, error) {
	p := &parser{lx: lexer{source: source, src: src}}
	if len(src) > limit {
		return nil, p.errorf(limit, ClassLength, "the %s is %d bytes long; the limit is %d", source, len(src), limit)
	}
	return p, p.advance()
}

// advance moves to the next token.
func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.prev, p.tok = p.tok, t
	return nil
}

// peek returns the token after the current one without moving.
func (p *parser) peek() (token, error) {
	lx := p.lx
	return lx.next()
}

// text returns the source text of t.
func (p *parser) text(t token) string { return p.lx.src[t.pos:t.end] }

// errorf returns an Error at offset pos.
func (p *parser) errorf(pos int, class Class, format string, args ...any) error {
	return p.lx.errorf(pos, class, format, args...)
}

// isOp reports whether the current token is the operator op.
func (p *parser) isOp(op Op) bool {
	return p.tok.kind == tOp && p.lx.src[p.tok.pos] == byte(op)
}

// expr parses a sum or difference of terms.
func (p *parser) expr() (Node, error) {
	x, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.isOp(Add) || p.isOp(Sub) {
		x, err = p.binary(x, p.term)
		if err != nil {
			return nil, err
		}
	}
	return x, nil
}

// term parses products, quotients and matrix products of unary
// expressions.
func (p *parser) term() (Node, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.isOp(Mul) || p.isOp(Div) || p.isOp(MatMul) {
		x, err = p.binary(x, p.unary)
		if err != nil {
			return nil, err
		}
	}
	return x, nil
}

// binary consumes the current operator and parses its right operand with
// operand, returning x op operand.
func (p *parser) binary(x Node, operand func() (Node, error)) (Node, error) {
	op := p.tok
	if err := p.advance(); err != nil {
		return nil, err
	}
	y, err := operand()
	if err != nil {
		return nil, err
	}
	return &Binary{Op: Op(p.lx.src[op.pos]), OpPos: op.pos, X: x, Y: y}, nil
}

// unary parses a chain of powers with unary minus, such as -a^-b^c,
// without recursion: the chain is read left to right and folded from the
// right, since ^ is right-associative and binds tighter than the minus
// before its base.
func (p *parser) unary() (Node, error) {
	type link struct {
		negs   []int // offsets of the minus signs before base
		base   Node
		powPos int // offset of the ^ after base
	}
	var chain []link
	for {
		var l link
		for p.isOp(Sub) {
			l.negs = append(l.negs, p.tok.pos)
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		if !p.startsOperand() {
			return nil, p.missingOperand()
		}
		var err error
		if l.base, err = p.primary(); err != nil {
			return nil, err
		}
		if !p.isOp(Pow) {
			chain = append(chain, l)
			break
		}
		l.powPos = p.tok.pos
		chain = append(chain, l)
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	var x Node
	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		if x == nil {
			x = l.base
		} else {
			x = &Binary{Op: Pow, OpPos: l.powPos, X: l.base, Y: x}
		}
		for j := len(l.negs) - 1; j >= 0; j-- {
			x = &Neg{OpPos: l.negs[j], X: x}
		}
	}
	return x, nil
}

// startsOperand reports whether the current token can begin a primary.
func (p *parser) startsOperand() bool {
	switch p.tok.kind {
	case tNumber, tName, tLParen, tLBrack:
		return true
	}
	return false
}

// missingOperand returns the error for a current token that cannot begin
// an operand, in words that depend on what came before it.
func (p *parser) missingOperand() error {
	cur, prev := p.tok, p.prev
	at := cur.pos
	switch {
	case (cur.kind == tRParen || cur.kind == tRBrack) && p.depth == 0 && prev.kind == tEOF:
		return p.unexpected()
	case prev.kind == tOp && p.text(prev) == "*" && p.isOp(Mul):
		return p.errorf(at, ClassOperand, "** is not an operator: write ^ for powers")
	case prev.kind == tOp:
		return p.errorf(at, ClassOperand, "missing operand after '%s'", p.text(prev))
	case prev.kind == tLParen && cur.kind == tRParen:
		return p.errorf(at, ClassOperand, "empty parentheses: missing expression between ( and )")
	case prev.kind == tLBrack && cur.kind == tRBrack:
		return p.errorf(at, ClassOperand, "empty literal: [] needs at least one entry")
	case prev.kind == tComma:
		return p.errorf(at, ClassOperand, "missing operand after ','")
	case prev.kind == tAssign:
		return p.errorf(at, ClassOperand, "missing value after '='")
	case prev.kind == tEOF && cur.kind == tEOF:
		return p.errorf(at, ClassOperand, "the %s is empty", p.lx.source)
	case cur.kind == tEOF:
		return p.errorf(at, ClassOperand, "missing operand at the end")
	}
	return p.errorf(at, ClassOperand, "missing operand before '%s'", p.text(cur))
}

// unexpected returns the error for a current token that cannot follow a
// complete operand.
func (p *parser) unexpected() error {
	t := p.tok
	switch t.kind {
	case tNumber, tName, tLParen, tLBrack:
		return p.errorf(t.pos, ClassOperator, "missing operator between %s and %s (write * for a product)",
			p.describe(p.prev), p.describe(t))
	case tRParen, tRBrack:
		return p.errorf(t.pos, ClassBracket, "unmatched '%s': no bracket is open here", p.text(t))
	case tAssign:
		return p.errorf(t.pos, ClassUnexpected, "unexpected '=': give input values in the values, not in the expression")
	case tSemi:
		return p.errorf(t.pos, ClassUnexpected, "unexpected ';': an expression is a single formula")
	case tComma:
		return p.errorf(t.pos, ClassUnexpected, "unexpected ',' outside a call or a literal")
	}
	return p.errorf(t.pos, ClassUnexpected, "unexpected '%s'", p.text(t))
}

// describe returns t as a message quotes it: names and numbers as typed,
// brackets in quotes.
func (p *parser) describe(t token) string {
	switch t.kind {
	case tName, tNumber:
		return p.text(t)
	}
	return "'" + p.text(t) + "'"
}

// primary parses a number, a name, a call, a parenthesized expression or
// a literal. The current token starts an operand.
func (p *parser) primary() (Node, error) {
	t := p.tok
	switch t.kind {
	case tNumber:
		return &Number{ValuePos: t.pos, Value: t.num}, p.advance()
	case tLParen:
		if err := p.open(); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		return x, p.close(t, tRParen)
	case tLBrack:
		return p.list()
	}
	name := p.text(t)
	next, err := p.peek()
	if err != nil {
		return nil, err
	}
	if next.kind == tLParen {
		return p.call()
	}
	if _, ok := constants[name]; ok {
		return &Const{NamePos: t.pos, Name: name}, p.advance()
	}
	if _, ok := lookupFunc(name); ok {
		return nil, p.errorf(t.pos, ClassCall, "%s is a function: write %s(…)", name, name)
	}
	return &Name{NamePos: t.pos, Name: name}, p.advance()
}

// open consumes an opening bracket, enforcing MaxDepth.
func (p *parser) open() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.errorf(p.tok.pos, ClassDepth, "brackets nested more than %d deep", MaxDepth)
	}
	return p.advance()
}

// close consumes the bracket of kind want that closes open.
func (p *parser) close(open token, want tokKind) error {
	switch t := p.tok; {
	case t.kind == want:
		p.depth--
		return p.advance()
	case t.kind == tRParen || t.kind == tRBrack:
		return p.errorf(t.pos, ClassBracket, "'%s' does not match the '%s' at byte %d", p.text(t), p.text(open), open.pos)
	case t.kind == tEOF:
		return p.errorf(open.pos, ClassBracket, "'%s' is never closed", p.text(open))
	}
	return p.unexpected()
}

// call parses name(args…) and checks the arguments against the function.
func (p *parser) call() (Node, error) {
	t := p.tok
	name := p.text(t)
	f, ok := lookupFunc(name)
	if !ok {
		if _, isConst := constants[name]; isConst {
			return nil, p.errorf(t.pos, ClassName, "%s is a constant, not a function (write %s*(…) for a product)", name, name)
		}
		if s := suggest(name, FuncNames()); s != "" {
			return nil, p.errorf(t.pos, ClassName, "unknown function %q%s", name, didYouMean(s))
		}
		return nil, p.errorf(t.pos, ClassName, "unknown function %q (write %s*(…) for a product)", name, name)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	lparen := p.tok
	if err := p.open(); err != nil {
		return nil, err
	}
	c := &Call{Fn: name, FnPos: t.pos}
	if p.tok.kind != tRParen {
		for {
			a, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, a)
			if p.tok.kind != tComma {
				break
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
	}
	c.Rparen = p.tok.pos
	if err := p.close(lparen, tRParen); err != nil {
		return nil, err
	}
	if len(c.Args) < f.minArgs || f.maxArgs >= 0 && len(c.Args) > f.maxArgs {
		return nil, p.errorf(t.pos, ClassArgs, "%s takes %s, not %d", name, f.arity(), len(c.Args))
	}
	if f.intFrom == 0 {
		return c, nil
	}
	for _, a := range c.Args[f.intFrom:] {
		v, ok, tooBig := intArg(a)
		switch {
		case tooBig && name == "reshape":
			return nil, p.errorf(a.Pos(), ClassSize, "a size given to reshape can be at most %d, the most entries a tensor may have", maxIntArg)
		case tooBig:
			return nil, p.errorf(a.Pos(), ClassArgs, "the axis of %s is larger than the rank of any tensor, which is at most %d", name, core.MaxRank)
		case name == "reshape" && (!ok || v < 1):
			return nil, p.errorf(a.Pos(), ClassArgs, "the sizes given to reshape must be positive whole numbers, such as 2 or 3")
		case !ok:
			return nil, p.errorf(a.Pos(), ClassArgs, "the axis of %s must be a whole number, such as 0 or -1", name)
		}
	}
	return c, nil
}

// arity describes how many arguments f takes, in words.
func (f funcInfo) arity() string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strconv.Itoa(n) + " arguments"
	}
	switch {
	case f.maxArgs < 0:
		return "at least " + plural(f.minArgs)
	case f.minArgs == f.maxArgs:
		return plural(f.minArgs)
	}
	return fmt.Sprintf("%d or %s", f.minArgs, plural(f.maxArgs))
}

// list parses a literal [a, b, …], enforcing MaxLiteral and checking that
// entries whose shapes the text alone fixes agree.
func (p *parser) list() (Node, error) {
	lbrack := p.tok
	if err := p.open(); err != nil {
		return nil, err
	}
	if p.inList == 0 {
		p.litEntries = 0
	}
	p.inList++
	l := &List{Lbrack: lbrack.pos}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if _, nested := e.(*List); !nested {
			p.litEntries++
			if p.litEntries > MaxLiteral {
				return nil, p.errorf(e.Pos(), ClassLiteral, "the literal has more than %d entries", MaxLiteral)
			}
		}
		l.Elems = append(l.Elems, e)
		if p.tok.kind != tComma {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	p.inList--
	l.Rbrack = p.tok.pos
	if err := p.close(lbrack, tRBrack); err != nil {
		return nil, err
	}
	return l, p.checkRagged(l)
}

// checkRagged returns a ClassRagged error when two entries of l have
// different shapes that the text alone fixes (see textShape).
func (p *parser) checkRagged(l *List) error {
	first, firstAt := []int(nil), -1
	for i, e := range l.Elems {
		s, ok := textShape(e)
		if !ok {
			continue
		}
		if firstAt < 0 {
			first, firstAt = s, i
			continue
		}
		if !equalShapes(s, first) {
			return p.errorf(e.Pos(), ClassRagged, "ragged literal: entry %d has shape %s but entry %d has shape %s",
				i+1, core.Shape(s), firstAt+1, core.Shape(first))
		}
	}
	return nil
}

// textShape returns the shape of n when the text alone fixes it: numbers
// and constants, negated or not, are scalars, and a literal of such
// entries has their shape with its length in front.
func textShape(n Node) ([]int, bool) {
	if _, ok := scalarLeaf(n); ok {
		return []int{}, true
	}
	switch n := n.(type) {
	case *List:
		inner, ok := textShape(n.Elems[0])
		if !ok {
			return nil, false
		}
		for _, e := range n.Elems[1:] {
			if s, ok := textShape(e); !ok || !equalShapes(s, inner) {
				return nil, false
			}
		}
		return append([]int{len(n.Elems)}, inner...), true
	}
	return nil, false
}

// equalShapes reports whether a and b are the same shape.
func equalShapes(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// assignment parses name = value. done holds the assignments before it.
func (p *parser) assignment(done []Assignment) (Assignment, error) {
	t := p.tok
	if t.kind != tName {
		return Assignment{}, p.errorf(t.pos, ClassValues, "expected a name, as in x = 0.5")
	}
	name := p.text(t)
	if _, ok := constants[name]; ok {
		return Assignment{}, p.errorf(t.pos, ClassValues, "%s is a constant: it cannot be given a value", name)
	}
	if _, ok := lookupFunc(name); ok {
		return Assignment{}, p.errorf(t.pos, ClassValues, "%s is a function: it cannot be given a value", name)
	}
	for _, a := range done {
		if a.Name == name {
			return Assignment{}, p.errorf(t.pos, ClassValues, "%s is given a value twice (first at byte %d)", name, a.NamePos)
		}
	}
	if err := p.advance(); err != nil {
		return Assignment{}, err
	}
	if p.tok.kind != tAssign {
		return Assignment{}, p.errorf(p.tok.pos, ClassValues, "expected '=' after %s, as in %s = 0.5", name, name)
	}
	if err := p.advance(); err != nil {
		return Assignment{}, err
	}
	x, err := p.expr()
	if err != nil {
		return Assignment{}, err
	}
	if err := p.constant(x, "the value of "+name); err != nil {
		return Assignment{}, err
	}
	switch p.tok.kind {
	case tSemi, tEOF:
		return Assignment{Name: name, NamePos: t.pos, X: x}, nil
	case tName:
		if next, err := p.peek(); err == nil && next.kind == tAssign {
			return Assignment{}, p.errorf(p.tok.pos, ClassValues, "missing ';' before %s", p.text(p.tok))
		}
	}
	return Assignment{}, p.unexpected()
}

// constant returns a ClassValues error if n, just parsed, uses an input;
// what names n in the message. It adds the bytes of n outside literals of
// numbers to the parser's count, and returns a ClassLength error if the
// count passes MaxLen: the values may hold large literals, but no more
// operations than an expression.
func (p *parser) constant(n Node, what string) error {
	var err error
	walk(n, func(n Node) bool {
		if nm, ok := n.(*Name); ok && err == nil {
			err = p.errorf(nm.NamePos, ClassValues, "%s uses the name %s: values are numbers, constants and literals", what, nm.Name)
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	// The text of n from its first byte to the end of its last token,
	// less its literals of numbers.
	p.opBytes += p.prev.end - n.Pos()
	walk(n, func(n Node) bool {
		if l, ok := n.(*List); ok {
			if _, constant := textShape(l); constant {
				p.opBytes -= l.Rbrack + 1 - l.Lbrack
				return false
			}
		}
		return true
	})
	if p.opBytes > MaxLen {
		return p.errorf(n.Pos(), ClassLength, "the %s has more than %d bytes outside literals of numbers (write large values as literals, such as [[1, 2], [3, 4]])", p.lx.source, MaxLen)
	}
	return nil
}
