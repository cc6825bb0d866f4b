package expr

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpusEntry is one bad input of testdata/errors.txt and the error it
// must give.
type corpusEntry struct {
	line         int // of the header, for messages
	class        string
	expr, values string
	source       string // the text the error points into: "expression" or "values"
	offset       int
}

// readCorpus reads testdata/errors.txt (its format is described at its
// top).
func readCorpus(t testing.TB) []corpusEntry {
	t.Helper()
	data, err := os.ReadFile("testdata/errors.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var entries []corpusEntry
	for i := 0; i < len(lines); i++ {
		head, ok := strings.CutPrefix(lines[i], "== ")
		if !ok {
			if lines[i] != "" && !strings.HasPrefix(lines[i], "#") {
				t.Fatalf("errors.txt:%d: stray line %q", i+1, lines[i])
			}
			continue
		}
		if i+2 >= len(lines) {
			t.Fatalf("errors.txt:%d: entry without text and caret", i+1)
		}
		text, caret := lines[i+1], lines[i+2]
		col := strings.Index(caret, "^")
		if col < 0 || strings.TrimSpace(caret) != "^" || col > utf8.RuneCountInString(text) {
			t.Fatalf("errors.txt:%d: bad caret line %q", i+3, caret)
		}
		e := corpusEntry{line: i + 1, expr: text, source: "expression", offset: len(string([]rune(text)[:col]))}
		e.class, head, _ = strings.Cut(head, " ")
		switch mode, other, _ := strings.Cut(head, " "); mode {
		case "":
		case "values":
			e.values = other
		case "in-values":
			e.expr, e.values, e.source = other, text, "values"
		default:
			t.Fatalf("errors.txt:%d: unknown mode %q", i+1, mode)
		}
		entries = append(entries, e)
		i += 2
	}
	return entries
}

func TestErrorCorpus(t *testing.T) {
	entries := readCorpus(t)
	if len(entries) < 200 {
		t.Errorf("the corpus has %d entries, want at least 200", len(entries))
	}
	seen := map[string]bool{}
	for _, e := range entries {
		_, err := Compile(e.expr, e.values)
		var xe *Error
		if !errors.As(err, &xe) {
			t.Errorf("errors.txt:%d: %q with values %q: error %v, want an *Error", e.line, e.expr, e.values, err)
			continue
		}
		if xe.Class.String() != e.class || xe.Source != e.source || xe.Offset != e.offset || xe.Msg == "" {
			t.Errorf("errors.txt:%d: got class %v in the %s at byte %d, want class %s in the %s at byte %d:\n%v",
				e.line, xe.Class, xe.Source, xe.Offset, e.class, e.source, e.offset, xe)
		}
		seen[e.class] = true
	}
	for c := Class(1); c < numClasses; c++ {
		if !seen[c.String()] && !coveredElsewhere[c] {
			t.Errorf("no corpus entry of class %v", c)
		}
	}
}

// coveredElsewhere lists the classes whose inputs are too long for the
// corpus; TestLimits and TestCompileLimits cover them.
var coveredElsewhere = map[Class]bool{ClassLength: true, ClassLiteral: true, ClassSize: true}
