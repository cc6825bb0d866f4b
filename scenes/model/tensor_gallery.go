package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// TensorItem is one function of the tensor lesson's gallery: an expression
// of x, whose Jacobian the lesson shows, and of fixed parameters, with
// shapes given by named dimensions the student can change, and what the
// lesson knows of its derivative by hand.
type TensorItem struct {
	Key, Label string   // the URL's item value, and the gallery button's label
	Dims       []string // the dimensions' names, also their URL keys
	Defs       []int    // their defaults
	// Src is the expression for the dimensions d.
	Src func(d []int) string
	// Shapes are the shapes of the inputs, x first, by name.
	Shapes func(d []int) map[string]core.Shape
	// TeX is the closed form of the entry ∂y_i/∂x_j, its subscripts
	// written with the names of i's indices (iNames) and j's (jNames),
	// separated by spaces; with flat set, p and p' stand for the positions
	// of i in y and of j in x counted in reading order. note says more.
	TeX            string
	iNames, jNames []string
	flat           bool
	note           string
	// Entry is the closed form of ∂y_i/∂x_j at the inputs x (by name)
	// with value y.
	Entry func(x map[string]*core.Tensor, y *core.Tensor, i, j []int) float64
	// vjp is the closed form of ∂L/∂x for L = Σ G ⊙ y, and VJPTeX its
	// formula: for the whole of ∂L/∂x, or, when VJPAt names x's indices
	// (jNames), for its entry at them.
	vjp    func(x map[string]*core.Tensor, y, g *core.Tensor) *core.Tensor
	VJPTeX string
	VJPAt  []string
}

// Delta is Kronecker's δ: 1 if a = b, 0 otherwise.
func Delta(a, b int) float64 {
	if a == b {
		return 1
	}
	return 0
}

// TensorGallery is the lesson's gallery, in the order of its buttons; the
// lesson opens on the first.
var TensorGallery = []TensorItem{
	{
		Key: "matmul", Label: "x W", Dims: []string{"N", "D", "M"}, Defs: []int{2, 3, 2},
		Src: func([]int) string { return "x @ W" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}, "W": {d[1], d[2]}}
		},
		TeX: `\delta_{n n'}\, W_{d m}`, iNames: []string{"n", "m"}, jNames: []string{"n'", "d"},
		Entry: func(x map[string]*core.Tensor, _ *core.Tensor, i, j []int) float64 {
			return Delta(i[0], j[0]) * x["W"].At(j[1], i[1])
		},
		vjp: func(x map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			var out mat.Dense
			out.Mul(g.Dense(), x["W"].Dense().T())
			return core.FromDense(&out)
		},
		VJPTeX: `G\,W^{\top}`,
	},
	{
		Key: "tanh", Label: "tanh(x)", Dims: []string{"N", "D"}, Defs: []int{3, 3},
		Src: func([]int) string { return "tanh(x)" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}}
		},
		TeX: `\delta_{n n'}\,\delta_{d d'}\,(1 - y_{n d}^{2})`, iNames: []string{"n", "d"}, jNames: []string{"n'", "d'"},
		Entry: func(_ map[string]*core.Tensor, y *core.Tensor, i, j []int) float64 {
			v := y.At(i...)
			return Delta(i[0], j[0]) * Delta(i[1], j[1]) * (1 - v*v)
		},
		vjp: func(_ map[string]*core.Tensor, y, g *core.Tensor) *core.Tensor {
			out := g.Clone()
			for k, v := range y.Data() {
				out.Data()[k] *= 1 - v*v
			}
			return out
		},
		VJPTeX: `G \odot (1 - y^{2})`,
	},
	{
		Key: "softmax", Label: "softmax", Dims: []string{"N", "D"}, Defs: []int{2, 4},
		Src: func([]int) string { return "softmax(x)" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}}
		},
		TeX: `\delta_{n n'}\, y_{n d}\,(\delta_{d d'} - y_{n d'})`, iNames: []string{"n", "d"}, jNames: []string{"n'", "d'"},
		Entry: func(_ map[string]*core.Tensor, y *core.Tensor, i, j []int) float64 {
			return Delta(i[0], j[0]) * y.At(i...) * (Delta(i[1], j[1]) - y.At(i[0], j[1]))
		},
		vjp: func(_ map[string]*core.Tensor, y, g *core.Tensor) *core.Tensor {
			out := core.Zeros(y.Shape()...)
			n, d := y.Shape()[0], y.Shape()[1]
			for r := range n {
				gy := 0.0
				for c := range d {
					gy += g.At(r, c) * y.At(r, c)
				}
				for c := range d {
					out.Set(y.At(r, c)*(g.At(r, c)-gy), r, c)
				}
			}
			return out
		},
		VJPTeX: `y_{n' d'}\,(G_{n' d'} - \sum_{d} G_{n' d}\, y_{n' d})`, VJPAt: []string{"n'", "d'"},
	},
	{
		Key: "sum", Label: "sum(x, 1)", Dims: []string{"N", "D"}, Defs: []int{3, 4},
		Src: func([]int) string { return "sum(x, 1)" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}}
		},
		TeX: `\delta_{n n'}`, iNames: []string{"n"}, jNames: []string{"n'", "d"},
		Entry: func(_ map[string]*core.Tensor, _ *core.Tensor, i, j []int) float64 {
			return Delta(i[0], j[0])
		},
		vjp: func(x map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			return spread(g, x["x"].Shape(), 0)
		},
		VJPTeX: `G\,\mathbf{1}^{\top}`,
	},
	{
		Key: "sum0", Label: "sum(x, 0)", Dims: []string{"N", "D"}, Defs: []int{3, 4},
		Src: func([]int) string { return "sum(x, 0)" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}}
		},
		TeX: `\delta_{d d'}`, iNames: []string{"d"}, jNames: []string{"n'", "d'"},
		Entry: func(_ map[string]*core.Tensor, _ *core.Tensor, i, j []int) float64 {
			return Delta(i[0], j[1])
		},
		vjp: func(x map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			return spread(g, x["x"].Shape(), 1)
		},
		VJPTeX: `\mathbf{1}\,G^{\top}`,
	},
	{
		Key: "transpose", Label: "transpose", Dims: []string{"N", "D"}, Defs: []int{2, 3},
		Src: func([]int) string { return "transpose(x)" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}}
		},
		TeX: `\delta_{d d'}\,\delta_{n n'}`, iNames: []string{"d", "n"}, jNames: []string{"n'", "d'"},
		Entry: func(_ map[string]*core.Tensor, _ *core.Tensor, i, j []int) float64 {
			return Delta(i[0], j[1]) * Delta(i[1], j[0])
		},
		vjp: func(_ map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			return g.Transpose()
		},
		VJPTeX: `G^{\top}`,
	},
	{
		Key: "reshape", Label: "reshape", Dims: []string{"N", "D"}, Defs: []int{2, 3},
		Src: func(d []int) string { return fmt.Sprintf("reshape(x, %d, %d)", d[1], d[0]) },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}}
		},
		TeX: `\delta_{p p'}`, flat: true,
		Entry: func(x map[string]*core.Tensor, y *core.Tensor, i, j []int) float64 {
			return Delta(y.Shape().Ravel(i...), x["x"].Shape().Ravel(j...))
		},
		vjp: func(x map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			return g.Reshape(x["x"].Shape()...)
		},
		VJPTeX: `\mathrm{reshape}(G, N, D)`,
	},
	{
		Key: "conv1d", Label: "conv1d", Dims: []string{"N", "L", "K"}, Defs: []int{2, 5, 3},
		Src: func([]int) string { return "conv1d(x, k)" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}, "k": {d[2]}}
		},
		TeX: `\delta_{n n'}\, k_{l - t + 1}`, iNames: []string{"n", "t"}, jNames: []string{"n'", "l"}, note: "k is 0 outside 1 … K",
		Entry: func(x map[string]*core.Tensor, _ *core.Tensor, i, j []int) float64 {
			k := x["k"]
			if o := j[1] - i[1]; i[0] == j[0] && o >= 0 && o < k.Len() {
				return k.At(o)
			}
			return 0
		},
		vjp: func(x map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			k := x["k"]
			out := core.Zeros(x["x"].Shape()...)
			n, t := g.Shape()[0], g.Shape()[1]
			for r := range n {
				for c := range t {
					for o := range k.Len() {
						out.Set(out.At(r, c+o)+g.At(r, c)*k.At(o), r, c+o)
					}
				}
			}
			return out
		},
		VJPTeX: `\sum_{t} G_{n' t}\, k_{l - t + 1}`, VJPAt: []string{"n'", "l"},
	},
	{
		Key: "affine", Label: "x ⊙ w + b", Dims: []string{"N", "D"}, Defs: []int{3, 2},
		Src: func([]int) string { return "x * w + b" },
		Shapes: func(d []int) map[string]core.Shape {
			return map[string]core.Shape{"x": {d[0], d[1]}, "w": {d[1]}, "b": {d[1]}}
		},
		TeX: `\delta_{n n'}\,\delta_{d d'}\, w_{d}`, iNames: []string{"n", "d"}, jNames: []string{"n'", "d'"}, note: "w and b repeat down the rows",
		Entry: func(x map[string]*core.Tensor, _ *core.Tensor, i, j []int) float64 {
			return Delta(i[0], j[0]) * Delta(i[1], j[1]) * x["w"].At(i[1])
		},
		vjp: func(x map[string]*core.Tensor, _, g *core.Tensor) *core.Tensor {
			out := g.Clone()
			d := g.Shape()[1]
			for k := range out.Data() {
				out.Data()[k] *= x["w"].At(k % d)
			}
			return out
		},
		VJPTeX: `G \odot w`,
	},
}

// spread returns the matrix of the given shape whose entry [r, c] is the
// vector g's entry at r (keep = 0) or at c (keep = 1): the gradient of a
// sum over the other axis, copied along it.
func spread(g *core.Tensor, shape core.Shape, keep int) *core.Tensor {
	out := core.Zeros(shape...)
	for r := range shape[0] {
		for c := range shape[1] {
			out.Set(g.At([]int{r, c}[keep]), r, c)
		}
	}
	return out
}

// ItemByKey returns the gallery item with the given key.
func ItemByKey(key string) (int, bool) {
	for i, it := range TensorGallery {
		if it.Key == key {
			return i, true
		}
	}
	return 0, false
}

// Compile compiles the item at the dimensions d, with the seeded values
// of TensorValues for its inputs, within the app's Budget.
func (it *TensorItem) Compile(d []int) (*expr.Program, error) {
	vals := map[string]*core.Tensor{}
	for name, sh := range it.Shapes(d) {
		vals[name] = TensorValues(name, sh, TensorSeed)
	}
	return Budget.CompileTensors(it.Src(d), vals)
}

// TensorValues returns the value of a gallery input of the given shape:
// the same numbers every time for the same name and shape, drawn from a
// seeded generator. A matrix (a layer's weights) is scaled by 1/√(rows),
// as initialisations do, so that products stay of order 1 at any width.
func TensorValues(name string, shape core.Shape, seed uint64) *core.Tensor {
	var h uint64
	for _, c := range name {
		h = h*31 + uint64(c)
	}
	r := rand.New(rand.NewPCG(seed, h))
	t := core.Zeros(shape...)
	scale := 1.0
	if name != "x" && len(shape) == 2 {
		scale = 1 / math.Sqrt(float64(shape[0]))
	}
	for k := range t.Data() {
		// Uniform on ±1, away from zero so that no entry is an exact zero
		// by chance.
		v := 0.2 + 0.8*r.Float64()
		if r.IntN(2) == 0 {
			v = -v
		}
		t.Data()[k] = scale * v
	}
	return t
}

// subscripts matches a TeX subscript group.
var subscripts = regexp.MustCompile(`_\{([^}]*)\}`)

// TeXAt is the closed form tex with the indices' values, counted from 1,
// in place of their
// names, for the entry ∂y_i/∂x_j with y and x of the given shapes.
func (it *TensorItem) TeXAt(ys, xs core.Shape, i, j []int) string {
	vals := map[string]int{}
	// Counted from 1, as on the screen.
	for k, name := range it.iNames {
		vals[name] = i[k] + 1
	}
	for k, name := range it.jNames {
		vals[name] = j[k] + 1
	}
	if it.flat {
		vals["p"], vals["p'"] = ys.Ravel(i...)+1, xs.Ravel(j...)+1
	}
	return subscripts.ReplaceAllStringFunc(it.TeX, func(m string) string {
		words := strings.Fields(m[2 : len(m)-1])
		for k, w := range words {
			if v, ok := vals[w]; ok {
				words[k] = strconv.Itoa(v)
			}
		}
		return "_{" + strings.Join(words, " ") + "}"
	})
}

// IndexNames describes the names of the indices: "i = (n, m), j = (n′, d)".
func (it *TensorItem) IndexNames() string {
	if it.flat {
		return "p and p′ count the positions of i in y and j in x in reading order"
	}
	prime := func(names []string) string { return strings.ReplaceAll(strings.Join(names, ", "), "'", "′") }
	t := fmt.Sprintf("i = (%s), j = (%s)", prime(it.iNames), prime(it.jNames))
	if it.note != "" {
		t += "; " + it.note
	}
	return t
}
