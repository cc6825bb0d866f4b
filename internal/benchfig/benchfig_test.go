package benchfig

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRecordReadSummarize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.jsonl")
	// Without the variable, nothing is written.
	t.Setenv(Env, "")
	if err := Record(Figure{Name: "ignored", Value: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("Record without %s wrote %s: %v", Env, path, err)
	}
	t.Setenv(Env, path)
	figs := []Figure{
		{Name: "size ÷ floor", Value: 1.145, Unit: "×", Budget: 1.2},
		{Name: "scalar drag, ticks/s at rate 4", Value: 32.9, Unit: "ticks/s", Budget: 50, AtLeast: true},
		{Name: "scalar drag, CPU ms per frame at rate 4", Value: 13.6, Unit: "ms"},
	}
	// Two calls append, in order.
	if err := Record(figs[0]); err != nil {
		t.Fatal(err)
	}
	if err := Record(figs[1:]...); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(figs) {
		t.Fatalf("read %d figures, want %d:\n%s", len(got), len(figs), data)
	}
	for i := range figs {
		if got[i] != figs[i] {
			t.Errorf("figure %d = %+v, want %+v", i, got[i], figs[i])
		}
	}

	var out bytes.Buffer
	if err := Summarize(&out, got); !errors.Is(err, ErrMissed) {
		t.Errorf("Summarize with a missed budget: error %v, want ErrMissed", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want a header, 3 figures and a count:\n%s", len(lines), out.String())
	}
	for i, want := range [][]string{
		{"figure", "value", "budget", "ratio", "verdict"},
		{"size ÷ floor", "1.145 ×", "≤ 1.2", "0.95", "ok"},
		{"ticks/s at rate 4", "32.9 ticks/s", "≥ 50", "0.66", "MISSED"},
		{"CPU ms per frame at rate 4", "13.6 ms"},
		{"missed their budget: 1 of 3 figures"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d %q does not say %q", i, lines[i], w)
			}
		}
	}
	if strings.Contains(lines[3], "ok") || strings.Contains(lines[3], "MISSED") {
		t.Errorf("a figure without a budget has a verdict: %q", lines[3])
	}

	out.Reset()
	if err := Summarize(&out, got[:1]); err != nil {
		t.Errorf("Summarize with every budget kept: %v", err)
	}
	if err := Summarize(&out, nil); err == nil {
		t.Error("Summarize of no figures is not an error")
	}
}

func TestFigureMet(t *testing.T) {
	for _, test := range []struct {
		f    Figure
		want bool
	}{
		{Figure{Value: 8, Budget: 8}, true},
		{Figure{Value: 8.01, Budget: 8}, false},
		{Figure{Value: 50, Budget: 50, AtLeast: true}, true},
		{Figure{Value: 49.9, Budget: 50, AtLeast: true}, false},
		{Figure{Value: 1e9}, true},
		{Figure{Value: math.NaN()}, false},
		{Figure{Value: math.Inf(1), Budget: 1, AtLeast: true}, false},
	} {
		if got := test.f.Met(); got != test.want {
			t.Errorf("%+v: Met = %t, want %t", test.f, got, test.want)
		}
	}
	if r := (Figure{Value: 3}).Ratio(); !math.IsNaN(r) {
		t.Errorf("the ratio of a figure without a budget is %v, want NaN", r)
	}
}

func TestReadRejects(t *testing.T) {
	for _, in := range []string{
		"{\"name\": \"a\", \"value\": 1}\nnot json\n",
		"{\"value\": 1}\n",
	} {
		if _, err := Read(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line") {
			t.Errorf("Read(%q): error %v, want one that names the line", in, err)
		}
	}
	figs, err := Read(strings.NewReader("\n{\"name\": \"a\", \"value\": 1}\n\n"))
	if err != nil || len(figs) != 1 {
		t.Errorf("blank lines: %v, %v; want one figure", figs, err)
	}
}

// failures is a testing.TB that keeps its failures.
type failures struct {
	testing.TB
	errs []string
}

func (f *failures) Helper()           {}
func (f *failures) Error(args ...any) { f.errs = append(f.errs, fmt.Sprint(args...)) }
func (f *failures) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.jsonl")
	t.Setenv(Env, path)
	tb := &failures{TB: t}
	Check(tb,
		Figure{Name: "backprop play: p95 frame", Value: 11.7, Unit: "ms", Budget: 8},
		Figure{Name: "backprop play: ticks/s, CPU ×4", Value: 55, Unit: "ticks/s", Budget: 50, AtLeast: true},
		Figure{Name: "scalar drag: ticks/s, CPU ×4", Value: 32.9, Unit: "ticks/s", Budget: 50, AtLeast: true})
	want := []string{
		"backprop play: p95 frame: 11.7 ms, want at most 8",
		"scalar drag: ticks/s, CPU ×4: 32.9 ticks/s, want at least 50",
	}
	if !slices.Equal(tb.errs, want) {
		t.Errorf("failures %q, want %q", tb.errs, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if figs, err := Read(bytes.NewReader(data)); err != nil || len(figs) != 3 {
		t.Errorf("recorded %v, %v; want the 3 figures", figs, err)
	}
}
