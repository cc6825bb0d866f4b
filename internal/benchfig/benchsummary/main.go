// Command benchsummary prints the figures that make bench's benchmarks
// recorded (see package benchfig) as one table: each figure, its budget,
// the ratio and a verdict.
//
// Usage:
//
//	go run ./internal/benchfig/benchsummary FILE
//
// Exit status: 0 when every figure kept its budget, 1 when one missed it,
// no figure was recorded, or FILE cannot be read; 2 on a usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/jacobianlab/jacobianlab/internal/benchfig"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command with args and returns its exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: benchsummary FILE")
		return 2
	}
	f, err := os.Open(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "benchsummary: %v (make bench writes it)\n", err)
		return 1
	}
	defer f.Close()
	figs, err := benchfig.Read(f)
	if err == nil {
		err = benchfig.Summarize(stdout, figs)
	}
	switch {
	case errors.Is(err, benchfig.ErrMissed):
		return 1 // the table's last line says how many
	case err != nil:
		fmt.Fprintf(stderr, "benchsummary: %v\n", err)
		return 1
	}
	return 0
}
