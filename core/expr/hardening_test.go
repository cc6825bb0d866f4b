package expr

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core"
)

// ones returns a values text giving the input name n ones.
func ones(name string, n int) string {
	return name + " = [" + strings.Repeat("1, ", n-1) + "1]"
}

// outerOf returns the expression of the n×n outer product of x with
// itself.
func outerOf(n int) string {
	return "(reshape(x, " + strconv.Itoa(n) + ", 1) * reshape(x, 1, " + strconv.Itoa(n) + "))"
}

// findings is the attack on the command line of main 81b6bd5, each a text
// that crashed the program, took gigabytes or ran for seconds; FuzzEval
// starts from them too.
var findings = []struct {
	name, src, values string
	class             Class
	at                string // the error points at the first occurrence of this in src
	budget            bool   // the error wraps a *core.BudgetError
}{
	{"reshape overflow", "sum(reshape(x, 2516583, 2876899, 3340303, 337876, 2561423, 3552137))", "x = [1, 2, 3, 4]", ClassShape, "reshape", false},
	{"hidden nodes", "sum(softmax(softmax(softmax(" + outerOf(2040) + "))))", ones("x", 2040), ClassSize, "softmax(softmax(" + outerOf(2040), true},
	{"contraction work", "sum(" + outerOf(1800) + " @ " + outerOf(1800) + " @ " + outerOf(1800) + ")", ones("x", 1800), ClassSize, "@", true},
	{"reshape over the limit", "reshape(x, 4194305)", "x = 1", ClassSize, "4194305", false},
}

func TestFindings(t *testing.T) {
	for _, tc := range findings {
		var err error
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.TotalAlloc
		_, err = Compile(tc.src, tc.values)
		runtime.ReadMemStats(&ms)
		var e *Error
		if !errors.As(err, &e) || e.Class != tc.class || e.Offset != strings.Index(tc.src, tc.at) {
			t.Errorf("%s: error %v, want class %v at byte %d", tc.name, err, tc.class, strings.Index(tc.src, tc.at))
			continue
		}
		if be := new(*core.BudgetError); errors.As(err, be) != tc.budget {
			t.Errorf("%s: error %v wraps a budget error: %v", tc.name, err, !tc.budget)
		}
		// Refused within the default budget of 256 MiB, and the program's
		// own memory.
		if got := ms.TotalAlloc - before; got > 300<<20 {
			t.Errorf("%s: allocated %d MiB", tc.name, got>>20)
		}
	}
	// The Jacobians of eight 4096-entry inputs would take 1 GiB: refused
	// before any is made.
	values := make([]string, 8)
	for i := range values {
		values[i] = ones("x"+strconv.Itoa(i), 4096)
	}
	p := mustCompile(t, "x0*x1*x2*x3*x4*x5*x6*x7", strings.Join(values, "; "))
	_, err := p.Jacobians(core.Auto)
	var be *core.BudgetError
	if !errors.As(err, &be) || be.Work {
		t.Errorf("eight Jacobians: error %v, want the memory budget", err)
	}
	// A smaller budget, as the app has, refuses earlier.
	_, err = Budget{MaxBytes: 64 << 20, MaxWork: 1 << 30}.Compile("sum(softmax("+outerOf(2040)+"))", ones("x", 2040))
	if !errors.As(err, &be) || be.Limit != 64<<20 {
		t.Errorf("64 MiB budget: error %v", err)
	}
}

func TestBudgetOfValuesAndTangents(t *testing.T) {
	small := Budget{MaxBytes: 1 << 20}
	// Values are evaluated within the budget, literals included.
	src := "x = sum(exp(reshape([" + strings.Repeat("1, ", 299) + "1], 300, 1) * reshape([" + strings.Repeat("1, ", 299) + "1], 1, 300)))"
	_, err := small.Compile("x", src)
	var e *Error
	if !errors.As(err, &e) || e.Source != "values" || e.Class != ClassSize || !errors.As(err, new(*core.BudgetError)) {
		t.Errorf("values over the budget: error %v", err)
	}
	// A tangent for a name that is not an input is an error, where before
	// it was ignored.
	p := mustCompile(t, "x * 2", "x = 1")
	_, err = p.JVP("x = 1; y = 2")
	if !errors.As(err, &e) || e.Source != "tangent" || e.Class != ClassName || e.Offset != 7 {
		t.Errorf("tangent for y: error %v, want class name at byte 7", err)
	}
	if _, err := p.JVP("x = 1"); err != nil {
		t.Errorf("tangent for x: %v", err)
	}
}

func TestErrorEscapesInput(t *testing.T) {
	// A right-to-left override in the text would reverse the rest of a
	// terminal's line: the excerpt shows a replacement character instead.
	_, err := Compile("x + \u202eabc", "x = 1")
	if err == nil || strings.ContainsRune(err.Error(), '\u202e') || !strings.Contains(err.Error(), `'\u202e'`) {
		t.Errorf("error %q", err)
	}
	line, col := excerpt("a\u202ebc\u2066d", 4)
	if line != "a\ufffdbc\ufffdd" || col != 2 {
		t.Errorf("excerpt = %q, %d", line, col)
	}
}
