package expr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Class says what kind of mistake an Error reports. Tests and callers
// switch on it; the message itself is for people.
type Class int

// The classes of Error.
const (
	ClassChar       Class = iota + 1 // a character that is not part of the language
	ClassNumber                      // a malformed or out-of-range number
	ClassName                        // an unknown function, or a constant or input called like a function
	ClassCall                        // a function named without a call
	ClassBracket                     // an unbalanced or mismatched bracket
	ClassOperand                     // an operator, call or literal missing an operand
	ClassOperator                    // two operands with no operator between them
	ClassUnexpected                  // a token that cannot appear where it is
	ClassArgs                        // a call with the wrong number or kind of arguments
	ClassShape                       // shapes that do not fit an operator or a function
	ClassNoValue                     // an input of the expression without a value
	ClassRagged                      // a literal whose entries have different shapes
	ClassValues                      // values text that is not "name = value; …"
	ClassLength                      // a text longer than its limit
	ClassDepth                       // brackets nested deeper than MaxDepth
	ClassLiteral                     // a literal with more than MaxLiteral entries
	ClassSize                        // a tensor with more than MaxEntries entries, or an evaluation over its Budget

	numClasses = iota + 1 // one past the last class
)

var classNames = [numClasses]string{
	ClassChar:       "char",
	ClassNumber:     "number",
	ClassName:       "name",
	ClassCall:       "call",
	ClassBracket:    "bracket",
	ClassOperand:    "operand",
	ClassOperator:   "operator",
	ClassUnexpected: "unexpected",
	ClassArgs:       "args",
	ClassShape:      "shape",
	ClassNoValue:    "novalue",
	ClassRagged:     "ragged",
	ClassValues:     "values",
	ClassLength:     "length",
	ClassDepth:      "depth",
	ClassLiteral:    "literal",
	ClassSize:       "size",
}

// String returns the short name of the class, as used in the test corpus:
// "char", "number", "name", "call", "bracket", "operand", "operator",
// "unexpected", "args", "shape", "novalue", "ragged", "values", "length",
// "depth", "literal" or "size".
func (c Class) String() string {
	if c <= 0 || int(c) >= len(classNames) {
		return fmt.Sprintf("Class(%d)", int(c))
	}
	return classNames[c]
}

// Error is a mistake in an expression or in a values text. It says where
// (a byte offset into Text), what kind (Class) and, in plain words, what
// is wrong (Msg).
type Error struct {
	Source string // which text: "expression", "values", "tangent" or "cotangent"
	Text   string // the text the mistake is in
	Offset int    // byte offset of the mistake in Text; len(Text) for its end
	Class  Class  // kind of mistake
	Msg    string // plain-words message, without position
	Err    error  // the error of package core behind a shape or size mistake, or nil
}

// Unwrap returns the error of package core behind e, if any: a core.Error
// for a shape mistake, a *core.SizeError or *core.BudgetError for a size
// mistake.
func (e *Error) Unwrap() error { return e.Err }

// Error returns the message with its position, then the text and a caret
// line pointing at the offset:
//
//	expr: expression, byte 4: unknown function "sinn" (did you mean "sin"?)
//	  x + sinn(x)
//	      ^
func (e *Error) Error() string {
	line, col := excerpt(e.Text, e.Offset)
	return fmt.Sprintf("expr: %s, byte %d: %s\n  %s\n  %s^", e.Source, e.Offset, e.Msg, line, strings.Repeat(" ", col))
}

// excerptWidth is the widest excerpt Error shows, in runes; longer texts
// are cut around the offset.
const excerptWidth = 72

// excerpt returns text as one printable line and the rune column of
// offset in it. Control characters and invalid bytes become a space, and
// other characters that do not print (the bidirectional overrides, which
// would reorder a terminal's line) a replacement character, one rune
// each, so the caret stays under the byte it points at; a text wider
// than excerptWidth is cut to a window around offset, marked with "…".
func excerpt(text string, offset int) (string, int) {
	runes := make([]rune, 0, min(len(text), 4*excerptWidth))
	col := -1
	for i := 0; i < len(text); {
		if col < 0 && i >= offset {
			col = len(runes)
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r < ' ' || r == 0x7f || r == utf8.RuneError:
			r = ' '
		case !unicode.IsPrint(r):
			r = utf8.RuneError
		}
		runes = append(runes, r)
		i += size
	}
	if col < 0 {
		col = len(runes)
	}
	if len(runes) <= excerptWidth {
		return string(runes), col
	}
	start := max(0, min(col-excerptWidth/2, len(runes)-excerptWidth))
	end := min(len(runes), start+excerptWidth)
	line := string(runes[start:end])
	col -= start
	if start > 0 {
		line = "…" + line
		col++
	}
	if end < len(runes) {
		line += "…"
	}
	return line, col
}

// suggest returns the candidate closest to name, or "" when none is close
// enough to be a likely typo: within one edit for names of up to four
// bytes and two edits for longer ones, and never a rewrite of every byte
// (x is not a typo of e).
// Among equally close candidates the one nearest in length wins, then the
// first.
func suggest(name string, candidates []string) string {
	limit := 1
	if len(name) > 4 {
		limit = 2
	}
	best, bestDist, bestSkew := "", limit+1, 0
	for _, c := range candidates {
		d, skew := editDistance(name, c), abs(len(c)-len(name))
		if c == name || d >= max(len(name), len(c)) {
			continue
		}
		if d < bestDist || d == bestDist && skew < bestSkew {
			best, bestDist, bestSkew = c, d, skew
		}
	}
	return best
}

// editDistance returns the optimal string alignment distance between a
// and b: insertions, deletions, substitutions and swaps of two adjacent
// bytes each cost one.
func editDistance(a, b string) int {
	// rows[k] holds distances for a[:i-2+k]; three rows for the swap rule.
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev2, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		rows[0], rows[1], rows[2] = prev, cur, prev2
	}
	return rows[1][len(b)]
}

// didYouMean returns " (did you mean "s"?)" for a suggestion s, or "".
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", s)
}

// abs returns the absolute value of n.
func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
