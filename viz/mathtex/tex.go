package mathtex

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jacobianlab/jacobianlab/core/expr"
)

// TeX parses LaTeX math source into a formula: the LaTeX that expr.LaTeX
// and Program.LaTeX write, and what scenes need besides.
//
//	letters (italic), digits, + - * / = < > : , ; ( ) [ ] | ' and spaces
//	^ _ { }                          scripts and groups
//	\frac{a}{b} \sqrt{a}             fractions and roots
//	\left( … \right)                 delimiters ( ) [ ] | \| \langle \rangle . sized to their content
//	\begin{bmatrix} a & b \\ c & d \end{bmatrix}   also pmatrix, vmatrix, Vmatrix and matrix
//	\mathrm{…} \text{…} \operatorname{…} \mathbf{…} \mathit{…} \boldsymbol{…} \mathbb{R}
//	\hat \bar \tilde \dot            accents
//	\sum \prod \int                  big operators, limits with _ and ^
//	\cdots \vdots \ddots \ldots      elided entries
//	\, \: \; \! \quad \qquad         spaces
//	\sin \cos \tan \exp \log \ln \tanh \sigma … and the symbols of texSymbols:
//	Greek letters, \partial \nabla \infty \cdot \times \circ \odot \otimes
//	\approx \to \mapsto \in \top \prime and more.
//
// Unicode symbols may be typed directly (∇f ∘ g, x₀). TeX returns an error
// naming the byte offset of what it does not know.
func TeX(src string) (Node, error) {
	p := &texParser{src: src, letters: styleItalic}
	ns, err := p.list()
	if err != nil {
		return nil, err
	}
	if p.pos < len(src) {
		what := p.rest(1)
		if what == `\` {
			end := p.pos + 1
			for end < len(src) && isASCIILetter(src[end]) {
				end++
			}
			what = src[p.pos:max(end, p.pos+2)]
		}
		return nil, p.errorf("unexpected %s", what)
	}
	return texGroup(ns), nil
}

// Expr returns the formula of a parsed expression, laid out as
// expr.LaTeX writes it, so that the screen and the LaTeX copied from it
// agree.
func Expr(n expr.Node) Node {
	f, err := TeX(expr.LaTeX(n))
	if err != nil {
		// expr.LaTeX writes only what TeX reads; the tests check it.
		panic(err)
	}
	return f
}

// texSymbol is what a TeX command or a Unicode rune stands for: text in a
// style, of a class.
type texSymbol struct {
	s     string
	cls   atomClass
	style fontStyle
}

// texSymbols are the commands that stand for a symbol.
var texSymbols = map[string]texSymbol{
	"alpha": {"α", clsOrd, styleItalic}, "beta": {"β", clsOrd, styleItalic},
	"gamma": {"γ", clsOrd, styleItalic}, "delta": {"δ", clsOrd, styleItalic},
	"epsilon": {"ε", clsOrd, styleItalic}, "varepsilon": {"ε", clsOrd, styleItalic},
	"zeta": {"ζ", clsOrd, styleItalic}, "eta": {"η", clsOrd, styleItalic},
	"theta": {"θ", clsOrd, styleItalic}, "iota": {"ι", clsOrd, styleItalic},
	"kappa": {"κ", clsOrd, styleItalic}, "lambda": {"λ", clsOrd, styleItalic},
	"mu": {"μ", clsOrd, styleItalic}, "nu": {"ν", clsOrd, styleItalic},
	"xi": {"ξ", clsOrd, styleItalic}, "pi": {"π", clsOrd, styleItalic},
	"rho": {"ρ", clsOrd, styleItalic}, "sigma": {"σ", clsOrd, styleItalic},
	"tau": {"τ", clsOrd, styleItalic}, "upsilon": {"υ", clsOrd, styleItalic},
	"phi": {"φ", clsOrd, styleItalic}, "varphi": {"φ", clsOrd, styleItalic},
	"chi": {"χ", clsOrd, styleItalic}, "psi": {"ψ", clsOrd, styleItalic},
	"omega": {"ω", clsOrd, styleItalic},
	"Gamma": {"Γ", clsOrd, styleRoman}, "Delta": {"Δ", clsOrd, styleRoman},
	"Theta": {"Θ", clsOrd, styleRoman}, "Lambda": {"Λ", clsOrd, styleRoman},
	"Xi": {"Ξ", clsOrd, styleRoman}, "Pi": {"Π", clsOrd, styleRoman},
	"Sigma": {"Σ", clsOrd, styleRoman}, "Upsilon": {"Υ", clsOrd, styleRoman},
	"Phi": {"Φ", clsOrd, styleRoman}, "Psi": {"Ψ", clsOrd, styleRoman},
	"Omega": {"Ω", clsOrd, styleRoman},

	"partial": {"∂", clsOrd, styleRoman}, "nabla": {"∇", clsOrd, styleRoman},
	"infty": {"∞", clsOrd, styleRoman}, "prime": {"′", clsOrd, styleRoman},
	"top": {"⊤", clsOrd, styleRoman}, "ell": {"ℓ", clsOrd, styleRoman},
	"ldots": {"…", clsOrd, styleRoman}, "dots": {"…", clsOrd, styleRoman},

	"pm": {"±", clsBin, styleRoman}, "mp": {"∓", clsBin, styleRoman},
	"cdot": {"⋅", clsBin, styleRoman}, "times": {"×", clsBin, styleRoman},
	"div": {"÷", clsBin, styleRoman}, "circ": {"∘", clsBin, styleRoman},
	"odot": {"⊙", clsBin, styleRoman}, "otimes": {"⊗", clsBin, styleRoman},
	"oplus": {"⊕", clsBin, styleRoman},

	"ne": {"≠", clsRel, styleRoman}, "neq": {"≠", clsRel, styleRoman},
	"le": {"≤", clsRel, styleRoman}, "leq": {"≤", clsRel, styleRoman},
	"ge": {"≥", clsRel, styleRoman}, "geq": {"≥", clsRel, styleRoman},
	"approx": {"≈", clsRel, styleRoman}, "equiv": {"≡", clsRel, styleRoman},
	"propto": {"∝", clsRel, styleRoman},
	"to":     {"→", clsRel, styleRoman}, "rightarrow": {"→", clsRel, styleRoman},
	"gets": {"←", clsRel, styleRoman}, "leftarrow": {"←", clsRel, styleRoman},
	"mapsto": {"↦", clsRel, styleRoman}, "Rightarrow": {"⇒", clsRel, styleRoman},
	"in": {"∈", clsRel, styleRoman}, "notin": {"∉", clsRel, styleRoman},
	"subset": {"⊂", clsRel, styleRoman}, "subseteq": {"⊆", clsRel, styleRoman},

	"langle": {"⟨", clsOpen, styleRoman}, "rangle": {"⟩", clsClose, styleRoman},
	"{": {"{", clsOpen, styleRoman}, "}": {"}", clsClose, styleRoman},
	"|": {"‖", clsOrd, styleRoman}, "_": {"_", clsOrd, styleRoman},
	"%": {"%", clsOrd, styleRoman}, "#": {"#", clsOrd, styleRoman},
	"&": {"&", clsOrd, styleRoman}, "$": {"$", clsOrd, styleRoman},
}

// texRunes gives the class and style of the symbols of texSymbols typed as
// Unicode.
var texRunes = func() map[rune]texSymbol {
	m := map[rune]texSymbol{}
	for _, sym := range texSymbols {
		if r, n := utf8.DecodeRuneInString(sym.s); n == len(sym.s) && r >= 0x80 {
			m[r] = sym
		}
	}
	return m
}()

// texFuncs are the function names set upright.
var texFuncs = map[string]bool{
	"sin": true, "cos": true, "tan": true, "exp": true, "log": true, "ln": true,
	"tanh": true, "sinh": true, "cosh": true, "max": true, "min": true,
	"det": true, "tr": true, "lim": true, "arg": true, "sup": true, "inf": true,
}

// texBigOps are the big operators.
var texBigOps = map[string]string{"sum": "∑", "prod": "∏", "int": "∫"}

// texAccents are the accents' marks.
var texAccents = map[string]rune{"hat": 'ˆ', "bar": '¯', "tilde": '˜', "dot": '˙'}

// texSpaces are the spacing commands, in ems.
var texSpaces = map[string]float64{
	",": 3.0 / 18, ":": 4.0 / 18, ">": 4.0 / 18, ";": 5.0 / 18, "!": -3.0 / 18,
	" ": 1.0 / 3, "quad": 1, "qquad": 2,
}

// texMatrices are the matrix environments and their brackets.
var texMatrices = map[string][2]rune{
	"bmatrix": {'[', ']'}, "pmatrix": {'(', ')'}, "vmatrix": {'|', '|'},
	"Vmatrix": {'‖', '‖'}, "matrix": {0, 0},
}

// texDelims are the delimiters \left and \right take, by what follows them.
var texDelims = map[string]rune{
	"(": '(', ")": ')', "[": '[', "]": ']', "|": '|', ".": 0,
	`\|`: '‖', `\langle`: '⟨', `\rangle`: '⟩', `\lvert`: '|', `\rvert`: '|',
	`\lVert`: '‖', `\rVert`: '‖', "⟨": '⟨', "⟩": '⟩', "‖": '‖',
}

// blackboard are the letters \mathbb knows.
var blackboard = map[rune]rune{'R': 'ℝ', 'N': 'ℕ', 'Z': 'ℤ'}

// texParser reads TeX source.
type texParser struct {
	src     string
	pos     int
	letters fontStyle // the style of letters: italic, or as \mathrm and \mathbf set
}

func (p *texParser) errorf(format string, args ...any) error {
	return fmt.Errorf("mathtex: TeX: %s at byte %d of %q", fmt.Sprintf(format, args...), p.pos, p.src)
}

// rest returns up to n runes of what is left.
func (p *texParser) rest(n int) string {
	s := p.src[p.pos:]
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, k := utf8.DecodeRuneInString(s[i:])
		i += k
	}
	return s[:i]
}

func (p *texParser) skipSpace() {
	for p.pos < len(p.src) && strings.IndexByte(" \t\n\r", p.src[p.pos]) >= 0 {
		p.pos++
	}
}

// atEnd reports whether the list being read ends here: at the end of the
// source, a closing brace, a cell or row separator, \right or \end.
func (p *texParser) atEnd() bool {
	p.skipSpace()
	if p.pos == len(p.src) {
		return true
	}
	s := p.src[p.pos:]
	return s[0] == '}' || s[0] == '&' || strings.HasPrefix(s, `\\`) ||
		p.atCommand("right") || p.atCommand("end")
}

// atCommand reports whether the command name comes next.
func (p *texParser) atCommand(name string) bool {
	s := p.src[p.pos:]
	if !strings.HasPrefix(s, `\`+name) {
		return false
	}
	s = s[1+len(name):]
	return s == "" || !isASCIILetter(s[0])
}

// isASCIILetter reports whether c is an ASCII letter, as TeX command
// names are made of.
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// list reads atoms with their scripts up to the end of a list.
func (p *texParser) list() ([]Node, error) {
	var ns []Node
	for !p.atEnd() {
		n, err := p.atom()
		if err != nil {
			return nil, err
		}
		if n, err = p.scripts(n); err != nil {
			return nil, err
		}
		// Letters and digits in the same style make one run.
		if r, ok := n.(*mathRun); ok && r.cls == clsOrd && len(ns) > 0 {
			if last, ok := ns[len(ns)-1].(*mathRun); ok && last.cls == clsOrd && last.style == r.style {
				ns[len(ns)-1] = &mathRun{s: last.s + r.s, style: r.style, cls: clsOrd}
				continue
			}
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// texGroup returns the nodes of a list as one node.
func texGroup(ns []Node) Node {
	if len(ns) == 1 {
		return ns[0]
	}
	return mathRow(ns)
}

// scripts reads the subscript and superscript of n, if any: the limits
// of a big operator.
func (p *texParser) scripts(n Node) (Node, error) {
	var sub, sup Node
	for {
		p.skipSpace()
		if p.pos == len(p.src) || p.src[p.pos] != '^' && p.src[p.pos] != '_' {
			break
		}
		c := p.src[p.pos]
		p.pos++
		arg, err := p.arg()
		if err != nil {
			return nil, err
		}
		switch {
		case c == '^' && sup == nil:
			sup = arg
		case c == '_' && sub == nil:
			sub = arg
		default:
			return nil, p.errorf("double %c", c)
		}
	}
	switch {
	case sub == nil && sup == nil:
		return n, nil
	case n == nil:
		n = mathRow{}
	}
	if op, ok := n.(*mathBigOp); ok {
		return &mathBigOp{sym: op.sym, lower: sub, upper: sup}, nil
	}
	return &mathScripts{base: n, sub: sub, sup: sup}, nil
}

// arg reads the argument of a command or script: a group in braces, or a
// single atom.
func (p *texParser) arg() (Node, error) {
	p.skipSpace()
	if p.pos == len(p.src) {
		return nil, p.errorf("missing argument")
	}
	switch p.src[p.pos] {
	case '^', '_':
		return nil, p.errorf("missing argument")
	case '{':
	default:
		return p.atom()
	}
	p.pos++
	ns, err := p.list()
	if err != nil {
		return nil, err
	}
	if err := p.expect("}"); err != nil {
		return nil, err
	}
	return texGroup(ns), nil
}

func (p *texParser) expect(s string) error {
	p.skipSpace()
	if !strings.HasPrefix(p.src[p.pos:], s) {
		return p.errorf("missing %s", s)
	}
	p.pos += len(s)
	return nil
}

// rawArg reads a braced argument as text, for \mathrm and its kind.
func (p *texParser) rawArg() (string, error) {
	if err := p.expect("{"); err != nil {
		return "", err
	}
	var b strings.Builder
	for p.pos < len(p.src) && p.src[p.pos] != '}' {
		c := p.src[p.pos]
		if c == '\\' && p.pos+1 < len(p.src) {
			c = p.src[p.pos+1] // \_ \  \{ and the like: the character
			p.pos++
		}
		b.WriteByte(c)
		p.pos++
	}
	return b.String(), p.expect("}")
}

// atom reads one atom, without its scripts; nil for a lone script.
func (p *texParser) atom() (Node, error) {
	c := p.src[p.pos]
	switch {
	case c == '{':
		return p.arg()
	case c == '\\':
		return p.command()
	case c == '^' || c == '_':
		return nil, nil
	case '0' <= c && c <= '9' || c == '.':
		start := p.pos
		for p.pos < len(p.src) && ('0' <= p.src[p.pos] && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
		return Roman(p.src[start:p.pos]), nil
	case isASCIILetter(c):
		p.pos++
		return &mathRun{s: string(c), style: p.letters, cls: clsOrd}, nil
	}
	r, n := utf8.DecodeRuneInString(p.src[p.pos:])
	p.pos += n
	switch r {
	case '+', '*':
		return Bin(string(r)), nil
	case '-':
		return Bin("−"), nil
	case '=', '<', '>', ':':
		return Rel(string(r)), nil
	case ',', ';':
		return Punct(string(r)), nil
	case '(', '[':
		return Open(string(r)), nil
	case ')', ']', '!', '?':
		return Close(string(r)), nil
	case '\'':
		return Roman("′"), nil
	case '~':
		return Space(1.0 / 3), nil
	case '}', '&', '$', '#', '%':
		p.pos -= n
		return nil, p.errorf("unexpected %s", string(r))
	}
	if sym, ok := texRunes[r]; ok {
		return &mathRun{s: sym.s, style: sym.style, cls: sym.cls}, nil
	}
	if unicode.IsLower(r) {
		return Ital(string(r)), nil
	}
	return Roman(string(r)), nil
}

// command reads a command and its arguments.
func (p *texParser) command() (Node, error) {
	start := p.pos
	p.pos++ // the backslash
	end := p.pos
	for end < len(p.src) && isASCIILetter(p.src[end]) {
		end++
	}
	if end == p.pos && end < len(p.src) {
		end++ // a one-character command such as \, or \{
	}
	name := p.src[p.pos:end]
	p.pos = end
	if sym, ok := texSymbols[name]; ok {
		return &mathRun{s: sym.s, style: sym.style, cls: sym.cls}, nil
	}
	if em, ok := texSpaces[name]; ok {
		return Space(em), nil
	}
	if texFuncs[name] {
		return Op(name), nil
	}
	if sym, ok := texBigOps[name]; ok {
		return BigOp(sym, nil, nil), nil
	}
	if mark, ok := texAccents[name]; ok {
		body, err := p.arg()
		if err != nil {
			return nil, err
		}
		return Accent(mark, body), nil
	}
	switch name {
	case "frac", "dfrac", "tfrac":
		num, err := p.arg()
		if err != nil {
			return nil, err
		}
		den, err := p.arg()
		if err != nil {
			return nil, err
		}
		if name == "dfrac" {
			return DFrac(num, den), nil
		}
		return Frac(num, den), nil
	case "sqrt":
		body, err := p.arg()
		if err != nil {
			return nil, err
		}
		return Sqrt(body), nil
	case "cdots":
		return Dots('⋯'), nil
	case "vdots":
		return Dots('⋮'), nil
	case "ddots":
		return Dots('⋱'), nil
	case "mathrm", "text", "textrm", "operatorname", "mathbb":
		s, err := p.rawArg()
		if err != nil {
			return nil, err
		}
		switch name {
		case "operatorname":
			return Op(s), nil
		case "mathbb":
			s = strings.Map(func(r rune) rune {
				if b, ok := blackboard[r]; ok {
					return b
				}
				return r
			}, s)
		}
		return Roman(s), nil
	case "mathbf", "mathit", "boldsymbol", "bm":
		saved := p.letters
		switch name {
		case "mathbf":
			p.letters = styleBold
		case "mathit":
			p.letters = styleItalic
		default:
			p.letters = styleBoldItalic
		}
		body, err := p.arg()
		p.letters = saved
		return body, err
	case "left":
		return p.leftRight()
	case "begin":
		return p.matrix()
	}
	p.pos = start
	return nil, p.errorf("unknown command %s", p.src[start:end])
}

// delim reads the delimiter after \left or \right.
func (p *texParser) delim() (rune, error) {
	p.skipSpace()
	for s, d := range texDelims {
		if strings.HasPrefix(p.src[p.pos:], s) && (s[0] != '\\' || p.atCommand(s[1:]) || len(s) == 2) {
			p.pos += len(s)
			return d, nil
		}
	}
	if strings.HasPrefix(p.src[p.pos:], `\`) {
		return 0, p.errorf("unknown delimiter %s", p.rest(2))
	}
	return 0, p.errorf("unknown delimiter %s", p.rest(1))
}

// leftRight reads \left d … \right d after the \left.
func (p *texParser) leftRight() (Node, error) {
	left, err := p.delim()
	if err != nil {
		return nil, err
	}
	body, err := p.list()
	if err != nil {
		return nil, err
	}
	if err := p.expect(`\right`); err != nil {
		return nil, err
	}
	right, err := p.delim()
	if err != nil {
		return nil, err
	}
	return Delim(left, right, texGroup(body)), nil
}

// matrix reads a matrix environment after the \begin.
func (p *texParser) matrix() (Node, error) {
	env, err := p.rawArg()
	if err != nil {
		return nil, err
	}
	brackets, ok := texMatrices[env]
	if !ok {
		return nil, p.errorf("unknown environment %s", env)
	}
	var cells [][]Node
	var row []Node
	for {
		ns, err := p.list()
		if err != nil {
			return nil, err
		}
		row = append(row, texGroup(ns))
		switch {
		case strings.HasPrefix(p.src[p.pos:], "&"):
			p.pos++
			continue
		case strings.HasPrefix(p.src[p.pos:], `\\`):
			p.pos += 2
			cells = append(cells, row)
			row = nil
			continue
		}
		if len(row) > 1 || len(ns) > 0 {
			cells = append(cells, row)
		}
		if err := p.expect(`\end{` + env + `}`); err != nil {
			return nil, err
		}
		return &mathMatrix{left: brackets[0], right: brackets[1], cells: cells}, nil
	}
}
