package core_test

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/internal/benchfig"
	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// The benchmarks of issue 3. go test -bench . prints each; TestBenchRatios,
// enabled by -ratios, measures them in pairs and prints the ratios against
// their targets.

// mlp is the 2-layer perceptron of the benchmarks: a batch of 64 inputs of
// 256 features, a tanh hidden layer of 256 units and 10 classes, with
// cross-entropy loss against one-hot labels. Its inputs are the parameters
// W1, b1, W2, b2; the batch and labels are constants.
type mlp struct {
	params []*core.Tensor
	f      core.Func
}

func newMLP() *mlp {
	const batch, in, hidden, classes = 64, 256, 256, 10
	rnd := newRand(10)
	X := core.Const(uniform(rnd, core.Shape{batch, in}, -1, 1))
	labels := core.New(core.Shape{batch, classes}, nil)
	for i := range batch {
		labels.Set(1, i, rnd.IntN(classes))
	}
	target := core.Const(labels)
	scale := 1 / math.Sqrt(in) // keeps tanh out of saturation
	return &mlp{
		params: []*core.Tensor{
			uniform(rnd, core.Shape{in, hidden}, -scale, scale), uniform(rnd, core.Shape{hidden}, -0.1, 0.1),
			uniform(rnd, core.Shape{hidden, classes}, -scale, scale), uniform(rnd, core.Shape{classes}, -0.1, 0.1),
		},
		f: func(p []*core.Node) *core.Node {
			h := core.Tanh(core.Add(core.MatMul(X, p[0]), p[1]))
			return core.CrossEntropy(core.Add(core.MatMul(h, p[2]), p[3]), target)
		},
	}
}

func BenchmarkMLPForward(b *testing.B) {
	m := newMLP()
	for b.Loop() {
		if _, err := core.Eval(m.f, m.params, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMLPGradient(b *testing.B) {
	m := newMLP()
	for b.Loop() {
		if _, err := core.Grad(m.f, m.params, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// layer returns x ↦ tanh(W·x) for a constant random W of shape out×in, and
// a point x.
func layer(in, out int) (core.Func, []*core.Tensor) {
	rnd := newRand(11)
	W := core.Const(uniform(rnd, core.Shape{out, in}, -1, 1))
	x := uniform(rnd, core.Shape{in}, -1, 1)
	return func(p []*core.Node) *core.Node { return core.Tanh(core.MatMul(W, p[0])) }, []*core.Tensor{x}
}

// benchJacobian benchmarks the Jacobian of layer(in, out) in a mode.
func benchJacobian(b *testing.B, in, out int, mode core.Mode) {
	f, x := layer(in, out)
	s := &core.Settings{Mode: mode}
	for b.Loop() {
		if _, _, err := core.Jacobian(f, x, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJacobianTallAuto(b *testing.B)    { benchJacobian(b, 4, 512, core.Auto) }
func BenchmarkJacobianTallForward(b *testing.B) { benchJacobian(b, 4, 512, core.Forward) }
func BenchmarkJacobianTallReverse(b *testing.B) { benchJacobian(b, 4, 512, core.Reverse) }

// The wide layer has 4096 inputs, not 512 as the tall one has outputs: at
// 512 its Jacobian takes about 20 µs in reverse mode, short enough for the
// timer's and the scheduler's noise to decide the ratio of Auto to the best
// mode; at 4096 it takes about eight times longer.
func BenchmarkJacobianWideAuto(b *testing.B)    { benchJacobian(b, 4096, 4, core.Auto) }
func BenchmarkJacobianWideForward(b *testing.B) { benchJacobian(b, 4096, 4, core.Forward) }
func BenchmarkJacobianWideReverse(b *testing.B) { benchJacobian(b, 4096, 4, core.Reverse) }

// matrices256 returns two random 256×256 matrices as tensors.
func matrices256() (a, b *core.Tensor) {
	rnd := newRand(12)
	return uniform(rnd, core.Shape{256, 256}, -1, 1), uniform(rnd, core.Shape{256, 256}, -1, 1)
}

func BenchmarkContract256(b *testing.B) {
	x, y := matrices256()
	for b.Loop() {
		core.Contract(x, y, []int{1}, []int{0})
	}
}

func BenchmarkDenseMul256(b *testing.B) {
	x, y := matrices256()
	xd, yd := x.Dense(), y.Dense()
	for b.Loop() {
		var c mat.Dense
		c.Mul(xd, yd)
	}
}

// square64 is the 64 → 64 function of the comparison with finite
// differences, f(x) = tanh(W·x) + x⊙sin x, with its analytic Jacobian
// diag(1 - tanh²(W·x))·W + diag(sin x + x cos x).
type square64 struct {
	W *core.Tensor
	x []*core.Tensor
	f core.Func
}

func newSquare64() *square64 {
	rnd := newRand(13)
	W := uniform(rnd, core.Shape{64, 64}, -0.2, 0.2)
	Wc := core.Const(W)
	return &square64{
		W: W,
		x: []*core.Tensor{uniform(rnd, core.Shape{64}, -1, 1)},
		f: func(p []*core.Node) *core.Node {
			return core.Add(core.Tanh(core.MatMul(Wc, p[0])), core.Mul(p[0], core.Sin(p[0])))
		},
	}
}

// reference returns the analytic Jacobian.
func (s *square64) reference() *mat.Dense {
	x := s.x[0].Data()
	J := mat.NewDense(64, 64, nil)
	for i := range 64 {
		wx := 0.0
		for k := range 64 {
			wx += s.W.At(i, k) * x[k]
		}
		d := 1 - math.Tanh(wx)*math.Tanh(wx)
		for k := range 64 {
			J.Set(i, k, d*s.W.At(i, k))
		}
		J.Set(i, i, J.At(i, i)+math.Sin(x[i])+x[i]*math.Cos(x[i]))
	}
	return J
}

// core returns the Jacobian by core.Jacobian.
func (s *square64) core() *mat.Dense {
	_, jac, err := core.Jacobian(s.f, s.x, nil)
	if err != nil {
		panic(err)
	}
	return jac[0].Dense()
}

// fd returns the Jacobian by fd.Jacobian with its default (forward)
// formula, evaluating f through core.Eval.
func (s *square64) fd() *mat.Dense {
	J := mat.NewDense(64, 64, nil)
	fd.Jacobian(J, func(y, x []float64) {
		v, err := core.Eval(s.f, []*core.Tensor{core.New(core.Shape{64}, x)}, nil)
		if err != nil {
			panic(err)
		}
		copy(y, v.Data())
	}, s.x[0].Data(), nil)
	return J
}

func BenchmarkJacobian64Core(b *testing.B) {
	s := newSquare64()
	for b.Loop() {
		s.core()
	}
}

func BenchmarkJacobian64FD(b *testing.B) {
	s := newSquare64()
	for b.Loop() {
		s.fd()
	}
}

var ratios = flag.Bool("ratios", false, "measure the benchmark ratios of issue 3 and check them against their targets")

// TestBenchRatios prints, for each benchmark pair of issue 3, the two
// timings, their ratio and its target, and fails if a target is missed. It
// runs only with -ratios:
//
//	go test ./core/ -run '^TestBenchRatios$' -v -ratios -benchtime=300ms
func TestBenchRatios(t *testing.T) {
	if !*ratios {
		t.Skip("run with -ratios")
	}
	s := newSquare64()
	ref := s.reference()
	errCore, errFD := maxDiff(s.core(), ref), maxDiff(s.fd(), ref)
	fmt.Printf("Jacobian vs fd.Jacobian error, 64→64: max error %.3g vs %.3g: fd's is %.3g times larger (target ≥ 1e6)\n", errCore, errFD, errFD/errCore)
	if errCore*1e6 > errFD {
		t.Errorf("core's error %.3g is not 10⁶ times smaller than fd's %.3g", errCore, errFD)
	}
	figs := []benchfig.Figure{{Name: "core: fd error ÷ Jacobian's, 64→64", Value: errFD / errCore, Unit: "×", Budget: 1e6, AtLeast: true}}

	for _, c := range []struct {
		name   string
		target float64
		labels []string
		bench  []func(*testing.B)
		ratio  func(t []float64) float64
	}{
		{"gradient/forward, MLP 64×256→256→10", 2.5,
			[]string{"forward", "gradient"}, []func(*testing.B){BenchmarkMLPForward, BenchmarkMLPGradient},
			func(t []float64) float64 { return t[1] / t[0] }},
		{"Auto/best, tall 4→512", 1.1,
			[]string{"auto", "forward", "reverse"}, []func(*testing.B){BenchmarkJacobianTallAuto, BenchmarkJacobianTallForward, BenchmarkJacobianTallReverse},
			func(t []float64) float64 { return t[0] / min(t[1], t[2]) }},
		{"Auto/best, wide 4096→4", 1.1,
			[]string{"auto", "forward", "reverse"}, []func(*testing.B){BenchmarkJacobianWideAuto, BenchmarkJacobianWideForward, BenchmarkJacobianWideReverse},
			func(t []float64) float64 { return t[0] / min(t[1], t[2]) }},
		{"Contract/Dense.Mul, 256×256×256", 1.1,
			[]string{"Contract", "Dense.Mul"}, []func(*testing.B){BenchmarkContract256, BenchmarkDenseMul256},
			func(t []float64) float64 { return t[0] / t[1] }},
		{"Jacobian/fd.Jacobian time, 64→64", 1,
			[]string{"Jacobian", "fd.Jacobian"}, []func(*testing.B){BenchmarkJacobian64Core, BenchmarkJacobian64FD},
			func(t []float64) float64 { return t[0] / t[1] }},
	} {
		wall, cpu := timeAll(c.bench...)
		// Judge by processor time where there is one: on a shared machine,
		// other work inflates wall-clock times at random. Each round's
		// benchmarks run one after the other, under the same load: the
		// ratio is taken in each round, and the median of the rounds'
		// judged, with their spread printed.
		times, basis := cpu, "CPU"
		if times == nil {
			times, basis = wall, "wall-clock"
		}
		rs := make([]float64, rounds)
		for k := range rs {
			rs[k] = c.ratio(column(times, k))
		}
		slices.Sort(rs)
		r := median(rs)
		parts := make([]string, len(c.labels))
		for i, l := range c.labels {
			parts[i] = fmt.Sprintf("%s %v", l, dur(median(times[i])))
		}
		verdict := "ok"
		if r > c.target {
			verdict = "MISSED"
			t.Errorf("%s: median ratio %.3g over the target %.3g", c.name, r, c.target)
		}
		fmt.Printf("%s: %s (%s, medians of %d): ratio %.3f, from %.3f to %.3f over the rounds (target ≤ %.2f) %s\n",
			c.name, strings.Join(parts, ", "), basis, rounds, r, rs[0], rs[len(rs)-1], c.target, verdict)
		figs = append(figs, benchfig.Figure{Name: "core: " + c.name, Value: r, Unit: "×", Budget: c.target})
	}
	if err := benchfig.Record(figs...); err != nil {
		t.Error(err)
	}
}

// rounds is the number of runs of each benchmark, taking turns.
const rounds = 10

// timeAll returns the time per operation of each benchmark in each round,
// wall-clock and processor time of the whole process (both cores of a
// parallel matrix product; nil if the platform does not report it). In a
// round each benchmark runs once, in turn, every other round backwards,
// so that no benchmark always follows the same one.
func timeAll(fs ...func(*testing.B)) (wall, cpu [][]float64) {
	wall, cpu = make([][]float64, len(fs)), make([][]float64, len(fs))
	for i := range fs {
		wall[i], cpu[i] = make([]float64, rounds), make([]float64, rounds)
	}
	_, hasCPU := cpuTime()
	for round := range rounds {
		for k := range fs {
			i := k
			if round%2 == 1 {
				i = len(fs) - 1 - k
			}
			c0, _ := cpuTime()
			r := testing.Benchmark(fs[i])
			c1, _ := cpuTime()
			wall[i][round] = float64(r.T.Nanoseconds()) / float64(r.N)
			cpu[i][round] = float64(c1-c0) / float64(r.N)
		}
	}
	if !hasCPU {
		cpu = nil
	}
	return wall, cpu
}

// column returns the k-th time of each benchmark: those of round k.
func column(times [][]float64, k int) []float64 {
	c := make([]float64, len(times))
	for i, t := range times {
		c[i] = t[k]
	}
	return c
}

// median returns the median of xs.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return stat.Quantile(0.5, stat.LinInterp, s, nil)
}

// dur returns nanoseconds as a duration rounded to the microsecond.
func dur(ns float64) time.Duration { return time.Duration(ns).Round(time.Microsecond) }

// maxDiff returns the largest entry of |a - b|.
func maxDiff(a, b *mat.Dense) float64 {
	return floats.Distance(a.RawMatrix().Data, b.RawMatrix().Data, math.Inf(1))
}
