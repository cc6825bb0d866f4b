package expr

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
)

// Program is an expression compiled into a graph of package core, with a
// value for each of its inputs. Its methods evaluate it and differentiate
// it with core's transforms; all of them leave the Program unchanged.
type Program struct {
	src    string
	tree   Node
	names  []string
	x      []*core.Tensor
	f      core.Func
	graph  *core.Graph
	budget Budget
}

// Budget is what one evaluation of an expression may use, passed to core's
// transforms as Settings.MaxBytes and Settings.MaxWork: the memory of all
// the tensors it holds at once and its work in multiply-adds. It bounds
// the evaluation of the values when a Program is compiled, the trace of
// the expression, and each method of the Program. A zero field means
// core's default, core.DefaultMaxBytes or core.DefaultMaxWork.
type Budget struct {
	MaxBytes int // bytes of tensors held at once
	MaxWork  int // multiply-adds
}

// settings returns core's settings for an evaluation within b, in the
// given Jacobian mode, with the inputs named names and every tensor
// limited to MaxEntries entries.
func (b Budget) settings(mode core.Mode, names []string) *core.Settings {
	return &core.Settings{Mode: mode, MaxIntermediate: MaxEntries, MaxBytes: b.MaxBytes, MaxWork: b.MaxWork, Names: names}
}

// Compile parses the expression src and the values text values (see
// ParseValues), gives each input of src its value, and traces src into a
// graph of package core, checking every shape. Values named in values but
// not used by src are evaluated and then ignored.
//
// Every error is an *Error: in the expression or the values, of any class.
// Shape and size errors wrap the core.Error, *core.SizeError or
// *core.BudgetError behind them. No tensor of the expression or its values
// has more than MaxEntries entries, and the values and the expression are
// each evaluated within core's default budget.
func Compile(src, values string) (*Program, error) { return Budget{}.Compile(src, values) }

// Compile is the function Compile with the budget b, which the Program
// keeps for its methods.
func (b Budget) Compile(src, values string) (*Program, error) {
	tree, err := Parse(src)
	if err != nil {
		return nil, err
	}
	inputs := inputNodes(tree)
	x, _, err := bind(src, inputs, "values", values, "value", false, b)
	if err != nil {
		return nil, err
	}
	return compileTree(src, tree, x, b)
}

// CompileTensors is Compile with the inputs' values given as tensors by
// name rather than as a values text: for values too large to write out,
// such as the weights of a wide layer. The tensors are not copied and must
// not be changed. An input without a value is a ClassNoValue error, and a
// value of more than MaxEntries entries a ClassSize error.
func CompileTensors(src string, values map[string]*core.Tensor) (*Program, error) {
	return Budget{}.CompileTensors(src, values)
}

// CompileTensors is the function CompileTensors with the budget b, which
// the Program keeps for its methods.
func (b Budget) CompileTensors(src string, values map[string]*core.Tensor) (*Program, error) {
	tree, err := Parse(src)
	if err != nil {
		return nil, err
	}
	inputs := inputNodes(tree)
	x := make([]*core.Tensor, len(inputs))
	for i, in := range inputs {
		v, ok := values[in.Name]
		switch {
		case !ok:
			return nil, &Error{Source: "expression", Text: src, Offset: in.NamePos, Class: ClassNoValue,
				Msg: fmt.Sprintf("input %s has no value", in.Name)}
		case v.Len() > MaxEntries:
			return nil, &Error{Source: "expression", Text: src, Offset: in.NamePos, Class: ClassSize,
				Msg: fmt.Sprintf("the value of %s has %d entries, more than %d", in.Name, v.Len(), MaxEntries)}
		}
		x[i] = v
	}
	return compileTree(src, tree, x, b)
}

// compileTree traces the parsed expression src at the inputs' values x
// within the budget b.
func compileTree(src string, tree Node, x []*core.Tensor, b Budget) (*Program, error) {
	p := &Program{src: src, tree: tree, x: x, budget: b}
	p.names = Inputs(tree)
	c := &compiler{source: "expression", text: src, budget: b}
	p.f = c.fn(tree, p.names)
	var err error
	p.graph, err = core.Trace(p.f, x, p.Settings(core.Auto))
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Source returns the expression as it was given to Compile.
func (p *Program) Source() string { return p.src }

// Tree returns the parsed expression.
func (p *Program) Tree() Node { return p.tree }

// Names returns the names of the inputs, in order of first appearance in
// the expression. The slice must not be changed.
func (p *Program) Names() []string { return p.names }

// Inputs returns the values of the inputs, in the order of Names. The
// tensors must not be changed.
func (p *Program) Inputs() []*core.Tensor { return p.x }

// Value returns the value of the expression. It must not be changed.
func (p *Program) Value() *core.Tensor { return p.graph.Output().Value() }

// Graph returns the graph the expression was traced into: its input nodes
// carry the names the user typed, and so do the constants pi and e.
func (p *Program) Graph() *core.Graph { return p.graph }

// Func returns the expression as a core.Func of its inputs, in the order
// of Names, for core's transforms.
func (p *Program) Func() core.Func { return p.f }

// Settings returns the settings of core's transforms for the Program: the
// given Jacobian mode, the input names, MaxEntries as the limit on every
// intermediate tensor, and the Program's Budget.
func (p *Program) Settings(mode core.Mode) *core.Settings { return p.budget.settings(mode, p.names) }

// Jacobians returns, for each input in order, the generalized Jacobian of
// the expression with respect to it, of shape Value().Shape() followed by
// the input's shape, computed in the given mode. It returns core's
// *core.SizeError, before allocating, for a Jacobian over core's limit,
// and a *core.BudgetError, before starting, for Jacobians that would not
// fit in the Program's Budget (their sweeps are estimated to take as much
// work each as the expression).
func (p *Program) Jacobians(mode core.Mode) ([]*core.Tensor, error) {
	_, jac, err := p.JacobiansAt(p.x, mode)
	return jac, err
}

// JacobiansAt is Jacobians at other values x of the inputs, of the same
// shapes as Inputs, for a scene that moves them; it also returns the
// value there.
func (p *Program) JacobiansAt(x []*core.Tensor, mode core.Mode) (y *core.Tensor, jac []*core.Tensor, err error) {
	return core.Jacobian(p.f, x, p.Settings(mode))
}

// JVP returns the Jacobian–vector product Σᵢ (∂f/∂xᵢ)·ẋᵢ, of the value's
// shape, for the tangents ẋᵢ given in the values syntax:
// "x = 1; W = [[0, 1], [0, 0]]". Each input needs a tangent of its own
// shape. Errors in the tangents are *Error values with Source "tangent".
func (p *Program) JVP(tangents string) (*core.Tensor, error) {
	xDot, at, err := bind(p.src, inputNodes(p.tree), "tangent", tangents, "tangent", true, p.budget)
	if err != nil {
		return nil, err
	}
	for i, t := range xDot {
		if !t.Shape().Equal(p.x[i].Shape()) {
			return nil, &Error{Source: "tangent", Text: tangents, Offset: at[i], Class: ClassShape,
				Msg: fmt.Sprintf("the tangent of %s has shape %v but %s has shape %v", p.names[i], t.Shape(), p.names[i], p.x[i].Shape())}
		}
	}
	_, yDot, err := core.JVP(p.f, p.x, xDot, p.Settings(core.Auto))
	return yDot, err
}

// VJP returns the vector–Jacobian products ȳ·(∂f/∂xᵢ), one per input with
// its shape, for the cotangent ȳ: an expression without inputs of the
// value's shape, such as "[1, 0]". Errors in the cotangent are *Error
// values with Source "cotangent".
func (p *Program) VJP(cotangent string) ([]*core.Tensor, error) {
	n, err := parseConstant("cotangent", cotangent)
	if err != nil {
		return nil, err
	}
	yBar, err := evalConstant(&compiler{source: "cotangent", text: cotangent, budget: p.budget}, n)
	if err != nil {
		return nil, err
	}
	if want := p.Value().Shape(); !yBar.Shape().Equal(want) {
		return nil, &Error{Source: "cotangent", Text: cotangent, Offset: n.Pos(), Class: ClassShape,
			Msg: fmt.Sprintf("the cotangent has shape %v but the value has shape %v", yBar.Shape(), want)}
	}
	_, pullback, err := core.VJP(p.f, p.x, p.Settings(core.Auto))
	if err != nil {
		return nil, err
	}
	return pullback(yBar)
}

// Result returns the expression, its inputs and its value in the JSON
// form shared by the command line and the app; the caller adds Jacobians,
// JVP or VJP.
func (p *Program) Result() Result {
	r := Result{Expr: p.src, Inputs: make([]Input, len(p.names)), Value: TensorOf(p.Value())}
	for i, name := range p.names {
		r.Inputs[i] = Input{Name: name, Tensor: TensorOf(p.x[i])}
	}
	return r
}

// Partials pairs tensors, one per input in order (Jacobians or VJPs), with
// the inputs' names in the JSON form.
func (p *Program) Partials(ts []*core.Tensor) []Partial {
	out := make([]Partial, len(ts))
	for i, t := range ts {
		out[i] = Partial{Wrt: p.names[i], Tensor: TensorOf(t)}
	}
	return out
}

// TensorOf returns the JSON form of t. It shares t's data.
func TensorOf(t *core.Tensor) Tensor {
	return Tensor{Shape: append([]int{}, t.Shape()...), Data: t.Data()}
}

// bind parses and evaluates the values text text (called source in
// errors), each value within the budget b, and returns the value of each
// input, in order, with the offset in text of the expression that gives
// it. An input without one gets a ClassNoValue error in the expression
// src, where noun names what is missing ("value" or "tangent"). With
// onlyInputs, a name that is not an input gets a ClassName error in text.
func bind(src string, inputs []*Name, source, text, noun string, onlyInputs bool, b Budget) ([]*core.Tensor, []int, error) {
	as, err := parseValues(source, text)
	if err != nil {
		return nil, nil, err
	}
	if onlyInputs {
		if err := onlyNames(inputs, as, source, text, noun); err != nil {
			return nil, nil, err
		}
	}
	c := &compiler{source: source, text: text, budget: b}
	byName := make(map[string]*core.Tensor, len(as))
	at := make(map[string]int, len(as))
	candidates := reservedNames()
	for _, a := range as {
		v, err := evalConstant(c, a.X)
		if err != nil {
			return nil, nil, err
		}
		byName[a.Name], at[a.Name] = v, a.X.Pos()
		candidates = append(candidates, a.Name)
	}
	x := make([]*core.Tensor, len(inputs))
	offsets := make([]int, len(inputs))
	for i, in := range inputs {
		v, ok := byName[in.Name]
		if !ok {
			msg := fmt.Sprintf("input %s has no %s: add one, as in %s = 1", in.Name, noun, in.Name)
			if s := suggest(in.Name, candidates); s != "" {
				msg = fmt.Sprintf("input %s has no %s%s", in.Name, noun, didYouMean(s))
			}
			return nil, nil, &Error{Source: "expression", Text: src, Offset: in.NamePos, Class: ClassNoValue, Msg: msg}
		}
		x[i], offsets[i] = v, at[in.Name]
	}
	return x, offsets, nil
}

// onlyNames returns a ClassName error in text (called source) at the
// first assignment of as whose name is not one of the inputs, or nil.
func onlyNames(inputs []*Name, as []Assignment, source, text, noun string) error {
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	for _, a := range as {
		if !slices.Contains(names, a.Name) {
			msg := fmt.Sprintf("%s is not an input of the expression, whose inputs are %s: give a %s for each input and no other name",
				a.Name, strings.Join(names, ", "), noun)
			if len(names) == 0 {
				msg = fmt.Sprintf("%s is not an input: the expression has none", a.Name)
			}
			return &Error{Source: source, Text: text, Offset: a.NamePos, Class: ClassName, Msg: msg}
		}
	}
	return nil
}

// evalConstant returns the value of n, an expression without inputs
// parsed from c's text, within c's budget.
func evalConstant(c *compiler, n Node) (*core.Tensor, error) {
	return core.Eval(c.fn(n, nil), nil, c.budget.settings(core.Auto, nil))
}
