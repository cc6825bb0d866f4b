package mathtex

import (
	"image/color"
	"math"
	"strconv"
	"strings"
)

// A Node is a piece of a formula: a run of text, a script, a fraction, a
// matrix or a row of other nodes. Nodes are built with the functions below
// (Row, Ital, Num, Frac, Sup, Mat, …), parsed from LaTeX with TeX, or made
// from an expression with Expr, and laid out with Layout.Set.
//
// Runs of text may hold any rune of printable ASCII, Greek, and the math
// symbols that TeX knows by name (see TeX); each rune is drawn with
// Liberation Serif if it has the glyph and with a built-in DejaVu subset
// otherwise.
type Node interface {
	// class returns the node's kind for the spacing between neighbours
	// in a row.
	class() atomClass
	// layout lays the node out in style s, appending what it draws to
	// l.items, and returns its box.
	layout(l *Layout, s mathStyle) mathBox
	// key appends an encoding of the node to b: two nodes draw the same
	// picture if their keys are equal.
	key(b []byte) []byte
}

// atomClass is an atom's kind as TeX spaces it.
type atomClass uint8

const (
	clsOrd   atomClass = iota // letters, numbers, groups
	clsOp                     // function names and big operators
	clsBin                    // binary operators: + − · × ∘ ⊙ ⊗
	clsRel                    // relations: = ≈ → ∈
	clsOpen                   // opening brackets
	clsClose                  // closing brackets
	clsPunct                  // commas
	clsGlue                   // spaces, which atoms see through
)

// The node types. Each key starts with a byte naming the type.

// mathRun is text in one style, of one class.
type mathRun struct {
	s     string
	style fontStyle
	cls   atomClass
}

// mathRow is nodes side by side, spaced by their classes.
type mathRow []Node

// mathScripts is a base with a subscript, a superscript or both (nil if
// absent).
type mathScripts struct{ base, sub, sup Node }

// mathFrac is a fraction; in display style it keeps its size wherever
// it is.
type mathFrac struct {
	num, den Node
	display  bool
}

// mathRadical is a square root.
type mathRadical struct{ body Node }

// mathDelim is body between delimiters sized to it: one of ( ) [ ] | ‖ ⟨ ⟩,
// or 0 for none.
type mathDelim struct {
	left, right rune
	body        Node
}

// mathMatrix is rows of cells between brackets sized to them.
type mathMatrix struct {
	left, right rune
	cells       [][]Node
}

// mathBigOp is a large operator such as ∑ with limits below and above (nil if
// absent).
type mathBigOp struct {
	sym          string
	lower, upper Node
}

// mathAccent is a mark such as ˆ centred over body.
type mathAccent struct {
	mark rune
	body Node
}

// mathDots is a row (⋯), column (⋮) or diagonal (⋱) of three dots.
type mathDots rune

// mathSpace is horizontal space in ems; negative to pull neighbours closer.
type mathSpace float64

// mathColored is body drawn in a colour.
type mathColored struct {
	clr  color.RGBA
	body Node
}

func (n *mathRun) class() atomClass     { return n.cls }
func (mathRow) class() atomClass        { return clsOrd }
func (n *mathScripts) class() atomClass { return n.base.class() }
func (*mathFrac) class() atomClass      { return clsOrd }
func (*mathRadical) class() atomClass   { return clsOrd }
func (*mathDelim) class() atomClass     { return clsOrd }
func (*mathMatrix) class() atomClass    { return clsOrd }
func (*mathBigOp) class() atomClass     { return clsOp }
func (*mathAccent) class() atomClass    { return clsOrd }
func (mathDots) class() atomClass       { return clsOrd }
func (mathSpace) class() atomClass      { return clsGlue }
func (n *mathColored) class() atomClass { return n.body.class() }

func (n *mathRun) key(b []byte) []byte {
	b = append(b, 'r', byte(n.style), byte(n.cls))
	return appendString(b, n.s)
}

func (n mathRow) key(b []byte) []byte {
	b = append(b, 'w')
	b = strconv.AppendInt(b, int64(len(n)), 10)
	for _, c := range n {
		b = c.key(b)
	}
	return b
}

func (n *mathScripts) key(b []byte) []byte {
	return appendKeys(append(b, 's'), n.base, n.sub, n.sup)
}

func (n *mathFrac) key(b []byte) []byte {
	b = append(b, 'f')
	if n.display {
		b = append(b, 'D')
	}
	return appendKeys(b, n.num, n.den)
}

func (n *mathRadical) key(b []byte) []byte { return n.body.key(append(b, 'q')) }

func (n *mathDelim) key(b []byte) []byte {
	b = append(b, 'd')
	b = strconv.AppendInt(b, int64(n.left), 10)
	b = strconv.AppendInt(append(b, ','), int64(n.right), 10)
	return n.body.key(append(b, ','))
}

func (n *mathMatrix) key(b []byte) []byte {
	b = append(b, 'm')
	b = strconv.AppendInt(b, int64(n.left), 10)
	b = strconv.AppendInt(append(b, ','), int64(n.right), 10)
	for _, r := range n.cells {
		b = append(mathRow(r).key(b), ';')
	}
	return append(b, '.')
}

func (n *mathBigOp) key(b []byte) []byte {
	return appendKeys(appendString(append(b, 'o'), n.sym), n.lower, n.upper)
}

func (n *mathAccent) key(b []byte) []byte {
	b = strconv.AppendInt(append(b, 'a'), int64(n.mark), 10)
	return n.body.key(append(b, ','))
}

func (n mathDots) key(b []byte) []byte { return strconv.AppendInt(append(b, '.'), int64(n), 10) }

func (n mathSpace) key(b []byte) []byte {
	return strconv.AppendUint(append(b, '_'), math.Float64bits(float64(n)), 16)
}

func (n *mathColored) key(b []byte) []byte {
	return n.body.key(append(b, 'c', n.clr.R, n.clr.G, n.clr.B, n.clr.A))
}

// AppendKey appends an encoding of n to b and returns the extended
// buffer: two nodes draw the same picture if their keys are equal, so a
// formula need not be laid out again while its key stays the same.
func AppendKey(b []byte, n Node) []byte { return n.key(b) }

// appendString appends s with its length, so that keys of different
// trees never run together.
func appendString(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return append(append(b, ':'), s...)
}

// appendKeys appends the keys of ns, with a marker for each nil.
func appendKeys(b []byte, ns ...Node) []byte {
	for _, n := range ns {
		if n == nil {
			b = append(b, '-')
			continue
		}
		b = n.key(b)
	}
	return b
}

// Row returns the nodes side by side, spaced as TeX spaces its atoms: a
// medium space around binary operators (Bin), a thick one around
// relations (Rel), a thin one after punctuation and around function names.
// A binary operator with no operand on its left (at the start of a row, or
// after a relation or an opening bracket) is a sign and gets no space.
func Row(ns ...Node) Node { return mathRow(ns) }

// Ital returns letters in italic, as variables are set: Ital("x"), Ital("θ").
func Ital(s string) Node { return &mathRun{s: s, style: styleItalic, cls: clsOrd} }

// Roman returns upright text, such as units, words and upright symbols
// (∂ ∇ ∞ ℝ).
func Roman(s string) Node { return &mathRun{s: s, style: styleRoman, cls: clsOrd} }

// Bold returns upright bold text, as vectors and matrices are often set:
// Bold("W").
func Bold(s string) Node { return &mathRun{s: s, style: styleBold, cls: clsOrd} }

// Num returns a number set upright; a leading '-' becomes a minus sign
// (−), which Row spaces as a sign.
func Num(s string) Node {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return Row(Bin("−"), Num(rest))
	}
	return &mathRun{s: s, style: styleRoman, cls: clsOrd}
}

// Numf returns v with prec digits after the decimal point, as Num.
// Live numbers are made this way: the key (AppendKey) of a formula whose
// number changes changes only when the digits shown do.
func Numf(v float64, prec int) Node {
	switch {
	case math.IsNaN(v):
		return Roman("NaN")
	case math.IsInf(v, 1):
		return Roman("∞")
	case math.IsInf(v, -1):
		return Row(Bin("−"), Roman("∞"))
	}
	return Num(strconv.FormatFloat(v, 'f', prec, 64))
}

// Op returns a function name such as sin, log or tanh, set upright with a
// thin space before an argument written without parentheses.
func Op(name string) Node { return &mathRun{s: name, style: styleRoman, cls: clsOp} }

// Bin returns a binary operator such as +, −, ⋅, ×, ∘, ⊙ or ⊗.
func Bin(s string) Node { return &mathRun{s: s, style: styleRoman, cls: clsBin} }

// Rel returns a relation such as =, ≈, →, ↦ or ∈.
func Rel(s string) Node { return &mathRun{s: s, style: styleRoman, cls: clsRel} }

// Punct returns punctuation such as a comma, with a thin space after it.
func Punct(s string) Node { return &mathRun{s: s, style: styleRoman, cls: clsPunct} }

// Open returns an opening bracket of the text's size; Paren and Delim
// size brackets to their content.
func Open(s string) Node { return &mathRun{s: s, style: styleRoman, cls: clsOpen} }

// Close returns a closing bracket of the text's size.
func Close(s string) Node { return &mathRun{s: s, style: styleRoman, cls: clsClose} }

// Sup returns base with a superscript.
func Sup(base, sup Node) Node { return &mathScripts{base: base, sup: sup} }

// Sub returns base with a subscript.
func Sub(base, sub Node) Node { return &mathScripts{base: base, sub: sub} }

// SubSup returns base with a subscript and a superscript.
func SubSup(base, sub, sup Node) Node { return &mathScripts{base: base, sub: sub, sup: sup} }

// Frac returns the fraction num over den. A fraction inside a fraction, a
// matrix or a script is set smaller, as in TeX; DFrac keeps its size.
func Frac(num, den Node) Node { return &mathFrac{num: num, den: den} }

// DFrac returns the fraction num over den in display style (LaTeX's
// \dfrac): its parts keep the size of the text around it.
func DFrac(num, den Node) Node { return &mathFrac{num: num, den: den, display: true} }

// Sqrt returns the square root of n.
func Sqrt(n Node) Node { return &mathRadical{body: n} }

// Paren returns n in parentheses as tall as n.
func Paren(n Node) Node { return &mathDelim{left: '(', right: ')', body: n} }

// Delim returns n between the delimiters left and right, sized to n.
// Each is one of ( ) [ ] | ‖ ⟨ ⟩, or 0 for none.
func Delim(left, right rune, n Node) Node { return &mathDelim{left: left, right: right, body: n} }

// Mat returns a matrix in square brackets: cells[i][j] is the entry in
// row i and column j, centred in its column. Rows may be of different
// lengths; missing entries are empty.
func Mat(cells [][]Node) Node { return &mathMatrix{left: '[', right: ']', cells: cells} }

// Col returns a column vector in square brackets.
func Col(entries ...Node) Node {
	cells := make([][]Node, len(entries))
	for i, e := range entries {
		cells[i] = []Node{e}
	}
	return Mat(cells)
}

// BigOp returns a large operator such as ∑ or ∏ with limits below and
// above it (either may be nil). Its operand follows it in a Row.
func BigOp(sym string, lower, upper Node) Node {
	return &mathBigOp{sym: sym, lower: lower, upper: upper}
}

// Accent returns n with mark centred above it: 'ˆ' (a hat), '¯' (a bar),
// '˜' (a tilde) or '˙' (a dot).
func Accent(mark rune, n Node) Node { return &mathAccent{mark: mark, body: n} }

// Dots returns three dots drawn as discs: '⋯' along the math axis, '⋮'
// upwards or '⋱' diagonally, for elided entries of vectors and matrices.
func Dots(kind rune) Node { return mathDots(kind) }

// Space returns horizontal space of em ems (the font size); negative em
// pulls its neighbours closer.
func Space(em float64) Node { return mathSpace(em) }

// Colored returns n drawn in clr, for picking out a term: the slope in the
// tangent's colour, say.
func Colored(clr color.Color, n Node) Node {
	return &mathColored{clr: color.RGBAModel.Convert(clr).(color.RGBA), body: n}
}
