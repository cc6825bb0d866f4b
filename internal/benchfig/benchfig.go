// Package benchfig collects the figures of make bench into one file and
// prints them as one table: every figure, its budget, the ratio of the
// two and a verdict.
//
// make bench runs its parts as separate go test commands. Each benchmark
// that has a budget calls Record with its figures; Record appends them as
// lines of JSON to the file named by the environment variable
// JACOBIANLAB_BENCH_FIGURES, which make bench clears first, and does
// nothing when it is not set (a benchmark run by hand). At the end,
// go run ./internal/benchfig/benchsummary FILE prints the table and fails
// if a figure missed its budget.
package benchfig

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"text/tabwriter"
)

// Env is the environment variable that names the file Record appends to.
const Env = "JACOBIANLAB_BENCH_FIGURES"

// A Figure is one measurement of make bench against its budget.
type Figure struct {
	Name  string  `json:"name"`  // what was measured, such as "scalar drag 1280x800, ticks/s at rate 4"
	Value float64 `json:"value"` // the measurement
	Unit  string  `json:"unit"`  // its unit, such as "ticks/s", "ms" or "×" for a ratio
	// Budget is the bound Value must keep: at most Budget, or with
	// AtLeast at least Budget. 0 is no budget: the figure is shown for
	// what it tells, without a verdict.
	Budget  float64 `json:"budget"`
	AtLeast bool    `json:"atLeast,omitempty"`
}

// Ratio returns Value ÷ Budget, or NaN for a figure without a budget.
func (f Figure) Ratio() float64 {
	if f.Budget == 0 {
		return math.NaN()
	}
	return f.Value / f.Budget
}

// Met reports whether f keeps its budget; a figure without one does, and
// one that is not a number does not.
func (f Figure) Met() bool {
	switch {
	case math.IsNaN(f.Value) || math.IsInf(f.Value, 0):
		return false
	case f.Budget == 0:
		return true
	case f.AtLeast:
		return f.Value >= f.Budget
	}
	return f.Value <= f.Budget
}

// Record appends figs, one line of JSON each, to the file named by the
// environment variable Env; without it, Record does nothing.
func Record(figs ...Figure) error {
	path := os.Getenv(Env)
	if path == "" || len(figs) == 0 {
		return nil
	}
	var b strings.Builder
	for _, f := range figs {
		line, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("benchfig: %q: %w", f.Name, err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	file, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("benchfig: %w", err)
	}
	// One write: go test runs the packages of a command in parallel, and
	// appends of one write each do not interleave.
	if _, err := file.WriteString(b.String()); err != nil {
		file.Close()
		return fmt.Errorf("benchfig: %w", err)
	}
	return file.Close()
}

// Check records figs (see Record) and fails tb for each that missed its
// budget, or if they cannot be recorded.
func Check(tb testing.TB, figs ...Figure) {
	tb.Helper()
	if err := Record(figs...); err != nil {
		tb.Error(err)
	}
	for _, f := range figs {
		if !f.Met() {
			op := "at most"
			if f.AtLeast {
				op = "at least"
			}
			tb.Errorf("%s: %s %s, want %s %s", f.Name, num(f.Value), f.Unit, op, num(f.Budget))
		}
	}
}

// maxFigures bounds the lines Read reads: make bench records a few dozen.
const maxFigures = 10000

// Read returns the figures recorded in r, one line of JSON each; blank
// lines are skipped. A line that is not a figure is an error that names
// it.
func Read(r io.Reader) ([]Figure, error) {
	var figs []Figure
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if len(figs) == maxFigures {
			return nil, fmt.Errorf("benchfig: more than %d figures", maxFigures)
		}
		var f Figure
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			return nil, fmt.Errorf("benchfig: line %d is not a figure: %w", n, err)
		}
		if f.Name == "" {
			return nil, fmt.Errorf("benchfig: line %d: a figure without a name", n)
		}
		figs = append(figs, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("benchfig: %w", err)
	}
	return figs, nil
}

// ErrMissed is returned by Summarize when a figure missed its budget.
var ErrMissed = errors.New("benchfig: a figure missed its budget")

// Summarize writes figs to w as a table, in the order given: each
// figure's name, value, budget, ratio to the budget and verdict (ok,
// MISSED, or nothing for a figure without a budget), then a line that
// counts them. It returns ErrMissed if any figure missed its budget, and
// an error if there are no figures, which means that no benchmark
// recorded any.
func Summarize(w io.Writer, figs []Figure) error {
	if len(figs) == 0 {
		return errors.New("benchfig: no figures were recorded")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\tbudget\tratio\tverdict")
	missed := 0
	for _, f := range figs {
		budget, ratio, verdict := "", "", ""
		if f.Budget != 0 {
			op := "≤"
			if f.AtLeast {
				op = "≥"
			}
			budget = op + " " + num(f.Budget)
			ratio = fmt.Sprintf("%.2f", f.Ratio())
			verdict = "ok"
		}
		if !f.Met() {
			verdict = "MISSED"
			missed++
		}
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\n", f.Name, num(f.Value), f.Unit, budget, ratio, verdict)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "missed their budget: %d of %d figures\n", missed, len(figs))
	if missed > 0 {
		return ErrMissed
	}
	return nil
}

// num formats x with 3 significant digits, in full up to 10⁶.
func num(x float64) string {
	if a := math.Abs(x); a >= 1e6 || (a < 1e-3 && a != 0) {
		return fmt.Sprintf("%.3g", x)
	}
	return fmt.Sprintf("%.4g", x)
}
