package main

// The jacobian, jvp and vjp subcommands: type a function, get its value and
// its derivatives.
//
//	jacobianlab jacobian -f EXPR -at VALUES [-mode auto|forward|reverse] [-json] [-latex] [budget flags]
//	jacobianlab jvp      -f EXPR -at VALUES -v VALUES [-json] [budget flags]
//	jacobianlab vjp      -f EXPR -at VALUES -u TENSOR [-json] [budget flags]
//
// EXPR is an expression of package core/expr, such as "tanh(W @ x)", and
// VALUES gives its inputs in the same syntax: "W = [[1, 2], [3, 4]]; x =
// [1, 0]". jacobian prints the value and the generalized Jacobian with
// respect to each input; jvp the Jacobian–vector product for the tangents
// -v (one per input, in the values syntax); vjp the vector–Jacobian
// products for the cotangent -u (a tensor of the value's shape).
//
// The output is readable text, or with -json one line of the JSON of
// expr.Result: expr, inputs, value and, for jacobian, jacobians; jvp and
// vjp give jvp and vjp in their place, since they never form a Jacobian.
// jacobian -latex prints the expression and its Jacobians as LaTeX.
//
// Every evaluation has a budget: -max-memory bytes of tensors held at once
// (default 256MiB) and -max-work multiply-adds (default 2³²), which core
// checks before it allocates or computes anything over them. An output
// larger than -max-output bytes (default 64MiB) is refused before anything
// is printed. Sizes take the units B, KiB, MiB and GiB.
//
// Exit status: 0 on success; 1 for a mistake in the expression or the
// values (a message with its position on stderr), a Jacobian over core's
// size limit, an evaluation over its budget, an output over its limit, or
// an output that could not be written; 2 on a usage error, a flag given
// twice among them.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// The usage lines of the subcommands.
const (
	jacobianSynopsis = "jacobian -f EXPR -at VALUES [-mode auto|forward|reverse] [-json] [-latex] " + budgetSynopsis
	jvpSynopsis      = "jvp -f EXPR -at VALUES -v VALUES [-json] " + budgetSynopsis
	vjpSynopsis      = "vjp -f EXPR -at VALUES -u TENSOR [-json] " + budgetSynopsis
	budgetSynopsis   = "[-max-memory BYTES] [-max-work N] [-max-output BYTES]"
)

// The defaults of the budget and output flags.
const (
	defaultMaxOutput = 64 << 20
)

// evalFlags are the flags every derivative subcommand has.
type evalFlags struct {
	*commandFlags
	f, at     *string
	json      *bool
	maxMemory *byteSize
	maxWork   *count
	maxOutput *byteSize
}

// newEvalFlags returns the flag set of the subcommand name with -f, -at,
// -json and the budget flags; the caller adds its own flags.
func newEvalFlags(name, synopsis, doc string) *evalFlags {
	c := newCommandFlags(name, synopsis, doc)
	set := c.set
	e := &evalFlags{
		commandFlags: c,
		f:            set.String("f", "", "the function, an `expression` such as \"tanh(W @ x)\""),
		at:           set.String("at", "", "the `values` of its inputs, such as \"W = [[1, 2], [3, 4]]; x = [1, 0]\""),
		json:         set.Bool("json", false, "print JSON"),
		maxMemory:    newByteSize(core.DefaultMaxBytes),
		maxWork:      newCount(core.DefaultMaxWork),
		maxOutput:    newByteSize(defaultMaxOutput),
	}
	set.Var(e.maxMemory, "max-memory", "the memory `budget` of the evaluation: bytes of tensors held at once, such as 1GiB")
	set.Var(e.maxWork, "max-work", "the work `budget` of the evaluation, in multiply-adds, such as 1e10")
	set.Var(e.maxOutput, "max-output", "the largest output to print, in `bytes`, such as 256MiB")
	return e
}

// parse parses args as commandFlags.parse does, and checks that each flag
// in required is set. It returns -1 to go on, or the exit status.
func (e *evalFlags) parse(args []string, stdout, stderr io.Writer, required ...string) int {
	if code := e.commandFlags.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	set := map[string]bool{}
	e.set.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, name := range required {
		if !set[name] {
			return e.usageError(stderr, "-%s is required", name)
		}
	}
	return -1
}

// compile compiles the expression and values of the flags within the
// budget of the flags, printing the error on stderr if there is one. It
// also sets the Go runtime's soft memory limit to the budget and the
// output, with room for the program itself, so that the garbage of the
// sweeps is collected before the process grows past them.
func (e *evalFlags) compile(stderr io.Writer) (*expr.Program, bool) {
	debug.SetMemoryLimit(int64(e.maxMemory.n) + 3*int64(e.maxOutput.n) + 64<<20)
	b := expr.Budget{MaxBytes: e.maxMemory.n, MaxWork: e.maxWork.n}
	p, err := b.Compile(*e.f, *e.at)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	return p, true
}

// print writes the output that write makes to stdout, unless it is over
// -max-output: then it prints an error naming the size and returns 1. size
// gives the length of an output that may be too large to hold (JSONLen,
// LaTeXLen), checked before it is made; with a nil size, the output (text,
// where core.Tensor's String elides the middle of large tensors) is made
// first and checked after. An error in writing to stdout is printed too,
// with status 1.
func (e *evalFlags) print(stdout, stderr io.Writer, size func(stop int) int, write func(w io.Writer)) int {
	tooLarge := func(about string, n int) int {
		advice := ""
		if e.set.Name() == "jacobian" {
			advice = ", or use jvp or vjp, which print no Jacobian"
		}
		fmt.Fprintf(stderr, "jacobianlab %s: the output would take %s%s, more than -max-output %s: raise -max-output%s\n",
			e.set.Name(), about, core.FormatBytes(float64(n)), core.FormatBytes(float64(e.maxOutput.n)), advice)
		return 1
	}
	if size != nil {
		if n := size(e.maxOutput.n); n > e.maxOutput.n {
			return tooLarge("about ", n)
		}
	}
	var out bytes.Buffer
	write(&out)
	if out.Len() > e.maxOutput.n {
		return tooLarge("", out.Len())
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		fmt.Fprintf(stderr, "jacobianlab %s: writing the output: %v\n", e.set.Name(), err)
		return 1
	}
	return 0
}

// fail prints err, an error of a transform, on stderr and returns 1.
func (e *evalFlags) fail(stderr io.Writer, err error) int {
	var xe *expr.Error
	if errors.As(err, &xe) {
		fmt.Fprintln(stderr, err)
	} else {
		fmt.Fprintf(stderr, "jacobianlab %s: %v\n", e.set.Name(), err)
	}
	return 1
}

// runJacobian runs the jacobian subcommand.
func runJacobian(args []string, stdout, stderr io.Writer) int {
	e := newEvalFlags("jacobian", jacobianSynopsis,
		"Print the value of the function and its generalized Jacobian with respect to each input,\n"+
			"of shape value shape ++ input shape.")
	mode := e.set.String("mode", "auto", "`mode` of differentiation: auto, forward (one JVP per input entry) or reverse (one VJP per value entry)")
	latex := e.set.Bool("latex", false, "print the function and its Jacobians as LaTeX")
	if status := e.parse(args, stdout, stderr, "f"); status >= 0 {
		return status
	}
	m, ok := parseMode(*mode)
	switch {
	case !ok:
		return e.usageError(stderr, "-mode %q is not auto, forward or reverse", *mode)
	case *latex && *e.json:
		return e.usageError(stderr, "-json and -latex exclude each other")
	}
	p, ok := e.compile(stderr)
	if !ok {
		return 1
	}
	jac, err := p.Jacobians(m)
	if err != nil {
		return e.fail(stderr, err)
	}
	switch {
	case *latex:
		return e.print(stdout, stderr, func(stop int) int { return p.LaTeXLen(jac, stop) },
			func(w io.Writer) { io.WriteString(w, p.LaTeX(jac)) })
	case *e.json:
		r := p.Result()
		r.Jacobians = p.Partials(jac)
		return e.printJSON(stdout, stderr, r)
	}
	return e.print(stdout, stderr, nil, func(w io.Writer) {
		printProgram(w, p)
		for i, j := range jac {
			printTensor(w, "∂f/∂"+p.Names()[i], j)
		}
	})
}

// parseMode returns the core.Mode named s.
func parseMode(s string) (core.Mode, bool) {
	for _, m := range []core.Mode{core.Auto, core.Forward, core.Reverse} {
		if m.String() == s {
			return m, true
		}
	}
	return 0, false
}

// runJVP runs the jvp subcommand.
func runJVP(args []string, stdout, stderr io.Writer) int {
	e := newEvalFlags("jvp", jvpSynopsis,
		"Print the value of the function and the Jacobian–vector product Σᵢ (∂f/∂xᵢ)·vᵢ for the\n"+
			"tangents v, without forming the Jacobian.")
	v := e.set.String("v", "", "the `tangents`, one per input of its shape, in the values syntax: \"W = [[0, 0], [1, 0]]; x = [1, 0]\"")
	if status := e.parse(args, stdout, stderr, "f", "v"); status >= 0 {
		return status
	}
	p, ok := e.compile(stderr)
	if !ok {
		return 1
	}
	yDot, err := p.JVP(*v)
	if err != nil {
		return e.fail(stderr, err)
	}
	if *e.json {
		r := p.Result()
		t := expr.TensorOf(yDot)
		r.JVP = &t
		return e.printJSON(stdout, stderr, r)
	}
	return e.print(stdout, stderr, nil, func(w io.Writer) {
		printProgram(w, p)
		printTensor(w, "jvp", yDot)
	})
}

// runVJP runs the vjp subcommand.
func runVJP(args []string, stdout, stderr io.Writer) int {
	e := newEvalFlags("vjp", vjpSynopsis,
		"Print the value of the function and the vector–Jacobian products u·(∂f/∂xᵢ) for the\n"+
			"cotangent u, one per input, without forming the Jacobian.")
	u := e.set.String("u", "", "the cotangent, a `tensor` of the value's shape such as \"[1, 0]\"")
	if status := e.parse(args, stdout, stderr, "f", "u"); status >= 0 {
		return status
	}
	p, ok := e.compile(stderr)
	if !ok {
		return 1
	}
	xBar, err := p.VJP(*u)
	if err != nil {
		return e.fail(stderr, err)
	}
	if *e.json {
		r := p.Result()
		r.VJP = p.Partials(xBar)
		return e.printJSON(stdout, stderr, r)
	}
	return e.print(stdout, stderr, nil, func(w io.Writer) {
		printProgram(w, p)
		for i, t := range xBar {
			printTensor(w, "vjp for "+p.Names()[i], t)
		}
	})
}

// printJSON prints r as one line of JSON, as print does.
func (e *evalFlags) printJSON(stdout, stderr io.Writer, r expr.Result) int {
	return e.print(stdout, stderr, func(stop int) int { return r.JSONLen(stop) + 1 }, func(w io.Writer) {
		b, err := json.Marshal(r)
		if err != nil {
			panic(err) // expr.Result always marshals.
		}
		fmt.Fprintf(w, "%s\n", b)
	})
}

// printProgram prints the function, its inputs and its value.
func printProgram(w io.Writer, p *expr.Program) {
	fmt.Fprintf(w, "f(%s) = %v\n", strings.Join(p.Names(), ", "), p.Tree())
	for i, x := range p.Inputs() {
		printTensor(w, p.Names()[i], x)
	}
	printTensor(w, "f", p.Value())
}

// printTensor prints a tensor under a heading with its name and shape,
// indented.
func printTensor(w io.Writer, name string, t *core.Tensor) {
	fmt.Fprintf(w, "%s, shape %v:\n", name, t.Shape())
	for _, line := range strings.Split(t.String(), "\n") {
		if line != "" {
			line = "  " + line
		}
		fmt.Fprintln(w, line)
	}
}
