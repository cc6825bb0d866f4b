package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/core/expr"
)

// cli is the jacobianlab command built for a test.
type cli struct {
	t   *testing.T
	bin string
}

// buildCLI builds the jacobianlab command into a temporary directory.
func buildCLI(t *testing.T) *cli {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "jacobianlab")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return &cli{t: t, bin: bin}
}

// run runs the command with args and returns its stdout, stderr and exit
// status.
func (c *cli) run(args ...string) (stdout, stderr string, status int) {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		c.t.Fatalf("jacobianlab %q: %v", args, err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// ok runs the command, which must succeed without writing to stderr, and
// returns its stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	stdout, stderr, status := c.run(args...)
	if status != 0 || stderr != "" {
		c.t.Fatalf("jacobianlab %q: exit status %d, stderr:\n%s", args, status, stderr)
	}
	return stdout
}

// result runs the command with -json and returns its output decoded,
// after checking that the object has exactly the given keys, in order.
func (c *cli) result(keys []string, args ...string) expr.Result {
	c.t.Helper()
	out := c.ok(append(args, "-json")...)
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		c.t.Errorf("jacobianlab %q: output is not one line:\n%s", args, out)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		c.t.Fatalf("jacobianlab %q: output %q is not a JSON object", args, out)
	}
	var got []string
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			c.t.Fatal(err)
		}
		got = append(got, key.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			c.t.Fatal(err)
		}
	}
	if !slices.Equal(got, keys) {
		c.t.Errorf("jacobianlab %q: JSON keys %q, want %q", args, got, keys)
	}
	var r expr.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		c.t.Fatal(err)
	}
	return r
}

// checkTensor checks a tensor of the JSON output against a shape and
// entries, to within tol, NaN matching NaN.
func checkTensor(t *testing.T, what string, got expr.Tensor, shape []int, data []float64, tol float64) {
	t.Helper()
	same := slices.Equal(got.Shape, shape) && len(got.Data) == len(data)
	for i := 0; same && i < len(data); i++ {
		same = math.IsNaN(got.Data[i]) && math.IsNaN(data[i]) || math.Abs(got.Data[i]-data[i]) <= tol
	}
	if !same {
		t.Errorf("%s: shape %v, data %v; want shape %v, data %v", what, got.Shape, got.Data, shape, data)
	}
}

var (
	resultKeys   = []string{"expr", "inputs", "value", "jacobians"}
	jvpKeys      = []string{"expr", "inputs", "value", "jvp"}
	vjpKeys      = []string{"expr", "inputs", "value", "vjp"}
	tanhExpr     = "tanh(W @ x)"
	tanhValues   = "W = [[1, 2, 3], [4, 5, 6]] / 10; x = [1, 0, -1]"
	matVecExpr   = "W @ x"
	matVecValues = "W = [[1, 2, 3], [4, 5, 6]]; x = [1, 0, -1]"
)

func TestCLI(t *testing.T) {
	c := buildCLI(t)

	t.Run("json exactly", func(t *testing.T) {
		c.t = t
		got := c.ok("jacobian", "-f", "x * y", "-at", "x = [1, 2]; y = 0.5", "-json")
		const want = `{"expr":"x * y",` +
			`"inputs":[{"name":"x","shape":[2],"data":[1,2]},{"name":"y","shape":[],"data":[0.5]}],` +
			`"value":{"shape":[2],"data":[0.5,1]},` +
			`"jacobians":[{"wrt":"x","shape":[2,2],"data":[0.5,0,0,0.5]},{"wrt":"y","shape":[2],"data":[1,2]}]}` + "\n"
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("jacobian json", func(t *testing.T) {
		c.t = t
		// W @ x = [-0.2, -0.2], so f = tanh(-0.2) and, with s = 1 - tanh²(-0.2),
		// ∂fᵢ/∂x = s·Wᵢ and ∂fᵢ/∂Wⱼₖ = δᵢⱼ s xₖ.
		f := math.Tanh(-0.2)
		s := 1 - f*f
		for _, mode := range []string{"auto", "forward", "reverse"} {
			r := c.result(resultKeys, "jacobian", "-f", tanhExpr, "-at", tanhValues, "-mode", mode)
			if r.Expr != tanhExpr || len(r.Inputs) != 2 || r.Inputs[0].Name != "W" || r.Inputs[1].Name != "x" ||
				len(r.Jacobians) != 2 || r.Jacobians[0].Wrt != "W" || r.Jacobians[1].Wrt != "x" {
				t.Fatalf("-mode %s: %+v", mode, r)
			}
			const tol = 1e-15
			checkTensor(t, "W", r.Inputs[0].Tensor, []int{2, 3}, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, tol)
			checkTensor(t, "x", r.Inputs[1].Tensor, []int{3}, []float64{1, 0, -1}, 0)
			checkTensor(t, "value", r.Value, []int{2}, []float64{f, f}, tol)
			checkTensor(t, "∂f/∂W", r.Jacobians[0].Tensor, []int{2, 2, 3}, []float64{s, 0, -s, 0, 0, 0, 0, 0, 0, s, 0, -s}, tol)
			checkTensor(t, "∂f/∂x", r.Jacobians[1].Tensor, []int{2, 3}, []float64{0.1 * s, 0.2 * s, 0.3 * s, 0.4 * s, 0.5 * s, 0.6 * s}, tol)
		}
	})

	t.Run("scalar and NaN", func(t *testing.T) {
		c.t = t
		r := c.result(resultKeys, "jacobian", "-f", "x^2", "-at", "x = 3")
		checkTensor(t, "value", r.Value, []int{}, []float64{9}, 0)
		checkTensor(t, "∂f/∂x", r.Jacobians[0].Tensor, []int{}, []float64{6}, 0)
		// log(-1) is NaN, written as null.
		out := c.ok("jacobian", "-f", "log(x)", "-at", "x = [-1, 1]", "-json")
		if !strings.Contains(out, `"value":{"shape":[2],"data":[null,0]}`) {
			t.Errorf("log at [-1, 1]: %s", out)
		}
		r = c.result(resultKeys, "jacobian", "-f", "log(x)", "-at", "x = [-1, 1]")
		checkTensor(t, "value", r.Value, []int{2}, []float64{math.NaN(), 0}, 0)
		// log's derivative is NaN where log is, and nowhere else.
		checkTensor(t, "∂f/∂x", r.Jacobians[0].Tensor, []int{2, 2}, []float64{math.NaN(), 0, 0, 1}, 0)
		// No inputs: no Jacobians.
		out = c.ok("jacobian", "-f", "2^3^2", "-json")
		if out != `{"expr":"2^3^2","inputs":[],"value":{"shape":[],"data":[512]},"jacobians":[]}`+"\n" {
			t.Errorf("2^3^2: %s", out)
		}
	})

	t.Run("jvp and vjp json", func(t *testing.T) {
		c.t = t
		// J·v = dW @ x + W @ dx = [1, 0] + [2, 5].
		r := c.result(jvpKeys, "jvp", "-f", matVecExpr, "-at", matVecValues, "-v", "W = [[1, 0, 0], [0, 0, 0]]; x = [0, 1, 0]")
		checkTensor(t, "value", r.Value, []int{2}, []float64{-2, -2}, 0)
		checkTensor(t, "jvp", *r.JVP, []int{2}, []float64{3, 5}, 0)
		// u·J: W̄ = u xᵀ and x̄ = Wᵀu.
		r = c.result(vjpKeys, "vjp", "-f", matVecExpr, "-at", matVecValues, "-u", "[1, -1]")
		if len(r.VJP) != 2 || r.VJP[0].Wrt != "W" || r.VJP[1].Wrt != "x" {
			t.Fatalf("vjp: %+v", r.VJP)
		}
		checkTensor(t, "W̄", r.VJP[0].Tensor, []int{2, 3}, []float64{1, 0, -1, -1, 0, 1}, 0)
		checkTensor(t, "x̄", r.VJP[1].Tensor, []int{3}, []float64{-3, -3, -3}, 0)
	})

	t.Run("text", func(t *testing.T) {
		c.t = t
		got := c.ok("jacobian", "-f", "x * y", "-at", "y = 0.5; x = [1, 2]")
		const want = `f(x, y) = x * y
x, shape [2]:
  [1 2]
y, shape []:
  0.5
f, shape [2]:
  [0.5   1]
∂f/∂x, shape [2 2]:
  [[0.5   0]
   [  0 0.5]]
∂f/∂y, shape [2]:
  [1 2]
`
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
		got = c.ok("jvp", "-f", matVecExpr, "-at", matVecValues, "-v", "W = [[1, 0, 0], [0, 0, 0]]; x = [0, 1, 0]")
		if !strings.HasSuffix(got, "f, shape [2]:\n  [-2 -2]\njvp, shape [2]:\n  [3 5]\n") {
			t.Errorf("jvp:\n%s", got)
		}
		got = c.ok("vjp", "-f", matVecExpr, "-at", matVecValues, "-u", "[1, -1]")
		if !strings.HasSuffix(got, "vjp for W, shape [2 3]:\n  [[ 1  0 -1]\n   [-1  0  1]]\nvjp for x, shape [3]:\n  [-3 -3 -3]\n") {
			t.Errorf("vjp:\n%s", got)
		}
	})

	t.Run("latex", func(t *testing.T) {
		c.t = t
		got := c.ok("jacobian", "-f", matVecExpr, "-at", "W = [[1, 2], [3, 4]]; x = [1, 2]", "-latex")
		// ∂(W x)ᵢ/∂Wⱼₖ = δᵢⱼ xₖ, a column of two blocks.
		const want = `f\left(W, x\right) = W x
\frac{\partial f}{\partial W} = \begin{bmatrix} \begin{bmatrix} 1 & 2 \\ 0 & 0 \end{bmatrix} \\ \begin{bmatrix} 0 & 0 \\ 1 & 2 \end{bmatrix} \end{bmatrix}
\frac{\partial f}{\partial x} = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}
`
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("expression errors", func(t *testing.T) {
		c.t = t
		for _, tc := range []struct {
			args []string
			want string // the whole of stderr, or a part if it ends with "…"
		}{
			{[]string{"jacobian", "-f", "x + sinn(x)", "-at", "x = 1"},
				"expr: expression, byte 4: unknown function \"sinn\" (did you mean \"sin\"?)\n  x + sinn(x)\n      ^\n"},
			{[]string{"jacobian", "-f", "W @ x", "-at", "W = [[1, 2], [3, 4]]; x = [1, 2, 3]", "-json"},
				"expr: expression, byte 2: '@' cannot combine shapes [2 2] and [3]: the last axis of the left has size 2 but the first axis of the right has size 3\n  W @ x\n    ^\n"},
			{[]string{"jacobian", "-f", "x + y", "-at", "x = 1"},
				"expr: expression, byte 4: input y has no value: add one, as in y = 1\n  x + y\n      ^\n"},
			{[]string{"jacobian", "-f", "x", "-at", "x = [1, 2"},
				"expr: values, byte 4: '[' is never closed\n  x = [1, 2\n      ^\n"},
			{[]string{"jacobian", "-f", "[[1, 2], [3]]"},
				"expr: expression, byte 9: ragged literal: entry 2 has shape [1] but entry 1 has shape [2]\n  [[1, 2], [3]]\n           ^\n"},
			{[]string{"jvp", "-f", "x", "-at", "x = [1, 2]", "-v", "x = 1"},
				"expr: tangent, byte 4: the tangent of x has shape [] but x has shape [2]\n  x = 1\n      ^\n"},
			{[]string{"vjp", "-f", "x", "-at", "x = [1, 2]", "-u", "[1, 2, 3]"},
				"expr: cotangent, byte 0: the cotangent has shape [3] but the value has shape [2]\n  [1, 2, 3]\n  ^\n"},
			{[]string{"jacobian", "-f", strings.Repeat("(", 65) + "x" + strings.Repeat(")", 65), "-at", "x = 1"},
				"expr: expression, byte 64: brackets nested more than 64 deep\n…"},
			{[]string{"jacobian", "-f", "x" + strings.Repeat(" ", 4096), "-at", "x = 1"},
				"expr: expression, byte 4096: the expression is 4097 bytes long; the limit is 4096\n…"},
		} {
			stdout, stderr, status := c.run(tc.args...)
			prefix, partial := strings.CutSuffix(tc.want, "…")
			if status != 1 || stdout != "" || partial && !strings.HasPrefix(stderr, prefix) || !partial && stderr != tc.want {
				t.Errorf("jacobianlab %q: exit status %d, stdout %q, stderr:\n%s\nwant status 1, no output, stderr:\n%s",
					tc.args, status, stdout, stderr, tc.want)
			}
		}
	})

	t.Run("memory guard", func(t *testing.T) {
		c.t = t
		// x has 4097 entries, so ∂(2x)/∂x has 4097² > 2²⁴ entries; the JVP
		// needs none of them.
		values := "x = [" + strings.Repeat("1, ", 4096) + "1]"
		stdout, stderr, status := c.run("jacobian", "-f", "2 * x", "-at", values)
		if status != 1 || stdout != "" ||
			!strings.HasPrefix(stderr, "jacobianlab jacobian: core: the Jacobian of shape [4097 4097] would have 16785409 entries (128.1 MiB)") ||
			!strings.Contains(stderr, "JVP or VJP") {
			t.Errorf("exit status %d, stdout %q, stderr %q; want 1 and core's size error", status, stdout, stderr)
		}
		out := c.ok("jvp", "-f", "2 * x", "-at", values, "-v", values, "-json")
		if !strings.Contains(out, `"jvp":{"shape":[4097],"data":[2,2,2,`) {
			t.Errorf("jvp of the same: %.200s…", out)
		}
	})

	t.Run("hostile input", func(t *testing.T) {
		c.t = t
		ones := func(name string, n int) string { return name + " = [" + strings.Repeat("1, ", n-1) + "1]" }
		outer := func(n int) string {
			return fmt.Sprintf("(reshape(x, %d, 1) * reshape(x, 1, %d))", n, n)
		}
		eight := make([]string, 8)
		for i := range eight {
			eight[i] = ones(fmt.Sprint("x", i), 4096)
		}
		dense := "x = [" + strings.Repeat("0.5, 0.25, ", 2047) + "0.5, 0.25]"
		for _, tc := range []struct {
			name string
			args []string
			want string // a part of stderr
		}{
			{"reshape overflow", []string{"jacobian", "-json", "-f", "sum(reshape(x, 2516583, 2876899, 3340303, 337876, 2561423, 3552137))", "-at", "x = [1, 2, 3, 4]"},
				"cannot reshape [4] of 4 entries to [2516583 2876899 3340303 337876 2561423 3552137] of 7.43 × 10³⁷ entries"},
			{"hidden nodes", []string{"vjp", "-f", "sum(softmax(softmax(softmax(" + outer(2040) + "))))", "-at", ones("x", 2040), "-u", "1"},
				"expr: expression, byte 12: softmax needs 31.75 MiB, more than the 1.887 MiB left of the memory budget of 256 MiB"},
			{"contraction work", []string{"jvp", "-f", "sum(" + outer(1800) + " @ " + outer(1800) + " @ " + outer(1800) + ")", "-at", ones("x", 1800), "-v", ones("x", 1800)},
				"'@' needs 5832000000 multiply-adds, more than the 4139389696 left of the work budget of 4294967296"},
			{"JSON output", []string{"jacobian", "-json", "-f", "softmax(x)", "-at", dense},
				"jacobianlab jacobian: the output would take about 3"},
			{"LaTeX of eight Jacobians", []string{"jacobian", "-latex", "-f", "x0*x1*x2*x3*x4*x5*x6*x7", "-at", strings.Join(eight, "; ")},
				"core: the Jacobian of shape [4096 4096] needs 128 MiB, more than the 127.5 MiB left of the memory budget of 256 MiB"},
			{"a smaller budget", []string{"jacobian", "-f", "sum(x * x)", "-at", ones("x", 300), "-max-memory", "4KiB"},
				"expr: expression, byte 6: '*' needs 2.344 KiB, more than the 1.656 KiB left of the memory budget of 4 KiB"},
			{"less work", []string{"jvp", "-f", "x @ x", "-at", ones("x", 100), "-v", ones("x", 100), "-max-work", "50"},
				"'@' needs 100 multiply-adds, more than the 50 left of the work budget of 50"},
			{"a smaller output", []string{"jacobian", "-latex", "-f", "x * 2", "-at", ones("x", 64), "-max-output", "1KiB"},
				"the output would take about 16.09 KiB, more than -max-output 1 KiB"},
			{"a text output over the limit", []string{"jvp", "-f", "x * 2", "-at", "x = [1, 2]", "-v", "x = [1, 0]", "-max-output", "40"},
				"jacobianlab jvp: the output would take 81 B, more than -max-output 40 B: raise -max-output\n"},
			{"a stray tangent", []string{"jvp", "-f", "x * 2", "-at", "x = 1", "-v", "x = 1; y = 2"},
				"expr: tangent, byte 7: y is not an input of the expression, whose inputs are x"},
			{"a size over the limit", []string{"jacobian", "-f", "reshape(x, 4194305)", "-at", "x = 1"},
				"a size given to reshape can be at most 4194304"},
		} {
			cmd := exec.Command(c.bin, tc.args...)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			cmd.Run()
			if status := cmd.ProcessState.ExitCode(); status != 1 || out.Len() > 0 || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("%s: exit status %d, %d bytes of output, stderr:\n%s\nwant status 1, no output and %q", tc.name, status, out.Len(), errOut.String(), tc.want)
			}
			// None takes more memory than the budget and the program (512
			// MB in all; before, up to 3.7 GB).
			if kib, ok := maxRSS(cmd.ProcessState); ok && kib > 512<<10 {
				t.Errorf("%s: %d MiB at most in memory", tc.name, kib>>10)
			}
		}
		// Within the limit, the same output is printed whole.
		if out := c.ok("jacobian", "-latex", "-f", "x * 2", "-at", ones("x", 64), "-max-output", "32KiB"); len(out) < 16<<10 {
			t.Errorf("LaTeX of 64² entries: %d bytes", len(out))
		}
	})

	t.Run("output errors", func(t *testing.T) {
		c.t = t
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip("no /dev/full:", err)
		}
		defer full.Close()
		for _, args := range [][]string{
			{"jacobian", "-json", "-f", "x", "-at", "x = 1"},
			{"jvp", "-f", "x", "-at", "x = 1", "-v", "x = 1"},
			{"vjp", "-f", "x", "-at", "x = 1", "-u", "1"},
		} {
			cmd := exec.Command(c.bin, args...)
			var errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = full, &errOut
			cmd.Run()
			if status := cmd.ProcessState.ExitCode(); status != 1 || !strings.Contains(errOut.String(), "writing the output: write /dev/stdout: no space left on device") {
				t.Errorf("jacobianlab %q > /dev/full: exit status %d, stderr %q", args, status, errOut.String())
			}
		}
	})

	t.Run("usage", func(t *testing.T) {
		c.t = t
		for _, tc := range []struct {
			args []string
			want string // the first line of stderr
		}{
			{[]string{"jacobian"}, "jacobianlab jacobian: -f is required"},
			{[]string{"jacobian", "-at", "x = 1"}, "jacobianlab jacobian: -f is required"},
			{[]string{"jacobian", "-f", "x", "-at", "x = 1", "-mode", "sideways"}, `jacobianlab jacobian: -mode "sideways" is not auto, forward or reverse`},
			{[]string{"jacobian", "-f", "x", "-at", "x = 1", "-json", "-latex"}, "jacobianlab jacobian: -json and -latex exclude each other"},
			{[]string{"jacobian", "-f", "x", "-at", "x = 1", "extra"}, `jacobianlab jacobian: unexpected argument "extra"`},
			{[]string{"jacobian", "-f", "x", "-bogus"}, "flag provided but not defined: -bogus"},
			{[]string{"jvp", "-f", "x", "-at", "x = 1"}, "jacobianlab jvp: -v is required"},
			{[]string{"jvp", "-f", "x", "-at", "x = 1", "-latex"}, "flag provided but not defined: -latex"},
			{[]string{"vjp", "-f", "x", "-at", "x = 1"}, "jacobianlab vjp: -u is required"},
			{[]string{"vjp", "-f", "x", "-at", "x = 1", "-u"}, "flag needs an argument: -u"},
			{[]string{"jacobian", "-f", "x", "-at", "x = 1", "-at", "x = 2"}, `invalid value "x = 2" for flag -at: -at is given twice`},
			{[]string{"jacobian", "-json", "-f", "x", "-at", "x = 1", "-json"}, "invalid boolean flag json: -json is given twice"},
			{[]string{"jvp", "-f", "x", "-at", "x = 1", "-v", "x = 1", "-max-memory", "lots"}, `invalid value "lots" for flag -max-memory: "lots" is not a size in bytes such as 1048576, 512KiB, 64MiB or 2GiB`},
			{[]string{"vjp", "-f", "x", "-at", "x = 1", "-u", "1", "-max-work", "-5"}, `invalid value "-5" for flag -max-work: "-5" is not a positive whole number such as 4294967296 or 1e10`},
		} {
			stdout, stderr, status := c.run(tc.args...)
			first, rest, _ := strings.Cut(stderr, "\n")
			if status != 2 || stdout != "" || first != tc.want || !strings.Contains(rest, "Usage: jacobianlab "+tc.args[0]+" -f EXPR") {
				t.Errorf("jacobianlab %q: exit status %d, stdout %q, stderr:\n%s\nwant status 2 and %q with the usage", tc.args, status, stdout, stderr, tc.want)
			}
		}
		for _, cmd := range []string{"jacobian", "jvp", "vjp"} {
			if out := c.ok(cmd, "-h"); !strings.HasPrefix(out, "Usage: jacobianlab "+cmd+" -f EXPR -at VALUES") {
				t.Errorf("jacobianlab %s -h:\n%s", cmd, out)
			}
		}
		out := c.ok("-h")
		for _, s := range []string{jacobianSynopsis, jvpSynopsis, vjpSynopsis, serveSynopsis} {
			if !strings.Contains(out, "\tjacobianlab "+s+"\n") {
				t.Errorf("jacobianlab -h does not list %q:\n%s", s, out)
			}
		}
	})
}
