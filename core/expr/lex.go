package expr

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tNumber         // 2, 0.5, 1e-3
	tName           // an identifier
	tOp             // + - * / ^ @
	tLParen         // (
	tRParen         // )
	tLBrack         // [
	tRBrack         // ]
	tComma          // ,
	tSemi           // ;
	tAssign         // =
)

// token is one token of the text: its kind, where it starts and ends, and
// for numbers the value.
type token struct {
	kind     tokKind
	pos, end int
	num      float64
}

// punct maps each punctuation byte to its token kind; other bytes map to
// tEOF.
var punct = [256]tokKind{
	'+': tOp, '-': tOp, '*': tOp, '/': tOp, '^': tOp, '@': tOp,
	'(': tLParen, ')': tRParen, '[': tLBrack, ']': tRBrack,
	',': tComma, ';': tSemi, '=': tAssign,
}

// lexer cuts a text into tokens, starting at pos. Copying it saves its
// place.
type lexer struct {
	source string // what the text is, for errors: "expression", "values", …
	src    string
	pos    int
}

// unicodeHints maps characters people paste from formulas to what the
// language spells instead.
var unicodeHints = map[rune]string{
	'×': "*", '·': "*", '⋅': "*", '∗': "*", '∙': "*",
	'−': "-", '–': "-", '÷': "/", '²': "^2", '³': "^3",
	'π': "pi", '√': "sqrt",
}

// next returns the next token, or an error for a character that starts no
// token or a malformed number.
func (lx *lexer) next() (token, error) {
	src := lx.src
	for lx.pos < len(src) && isSpace(src[lx.pos]) {
		lx.pos++
	}
	start := lx.pos
	if start == len(src) {
		return token{kind: tEOF, pos: start, end: start}, nil
	}
	c := src[start]
	switch {
	case isDigit(c) || c == '.':
		return lx.number()
	case isLetter(c):
		for lx.pos < len(src) && (isLetter(src[lx.pos]) || isDigit(src[lx.pos])) {
			lx.pos++
		}
		return token{kind: tName, pos: start, end: lx.pos}, nil
	}
	if kind := punct[c]; kind != tEOF {
		lx.pos++
		return token{kind: kind, pos: start, end: lx.pos}, nil
	}
	r, _ := utf8.DecodeRuneInString(src[start:])
	msg := fmt.Sprintf("unexpected character %q", r)
	if r == utf8.RuneError {
		msg = fmt.Sprintf("unexpected byte %#x (not UTF-8 text)", c)
	}
	if hint, ok := unicodeHints[r]; ok {
		msg += fmt.Sprintf(" (write %s)", hint)
	}
	return token{}, lx.errorf(start, ClassChar, "%s", msg)
}

// number scans a number: digits with an optional fraction and exponent.
func (lx *lexer) number() (token, error) {
	src, start := lx.src, lx.pos
	digits := lx.digits()
	if lx.pos < len(src) && src[lx.pos] == '.' {
		lx.pos++
		digits += lx.digits()
	}
	if digits == 0 {
		return token{}, lx.errorf(start, ClassNumber, "a lone '.' is not a number")
	}
	if lx.pos < len(src) && (src[lx.pos] == 'e' || src[lx.pos] == 'E') {
		lx.pos++
		if lx.pos < len(src) && (src[lx.pos] == '+' || src[lx.pos] == '-') {
			lx.pos++
		}
		if lx.digits() == 0 {
			return token{}, lx.errorf(start, ClassNumber, "malformed number %q: the exponent has no digits", src[start:lx.pos])
		}
	}
	if lx.pos < len(src) && src[lx.pos] == '.' {
		return token{}, lx.errorf(start, ClassNumber, "malformed number %q: too many '.'", src[start:lx.pos+1])
	}
	v, err := strconv.ParseFloat(src[start:lx.pos], 64)
	if err != nil {
		return token{}, lx.errorf(start, ClassNumber, "number %s is too large", src[start:lx.pos])
	}
	return token{kind: tNumber, pos: start, end: lx.pos, num: v}, nil
}

// digits skips decimal digits and returns how many.
func (lx *lexer) digits() int {
	start := lx.pos
	for lx.pos < len(lx.src) && isDigit(lx.src[lx.pos]) {
		lx.pos++
	}
	return lx.pos - start
}

// errorf returns an Error at offset pos of the lexer's text.
func (lx *lexer) errorf(pos int, class Class, format string, args ...any) *Error {
	return &Error{Source: lx.source, Text: lx.src, Offset: pos, Class: class, Msg: fmt.Sprintf(format, args...)}
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
