package model

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
)

// Function is the typed function a lesson studies: an expression of
// package expr, with values for its inputs. A failed edit keeps the last
// function that compiled and remembers the error, so the scene can show it
// in place.
type Function struct {
	Prog  *expr.Program             // the expression, compiled with its inputs' values
	Err   error                     // the last edit's error, nil when it compiled
	check func(*expr.Program) error // what the lesson needs of a function, or nil
	defAt string                    // values for inputs that have none yet
}

// FunctionFromQuery compiles the page's f and at keys, falling back to def
// and defAt when they are absent. A bad expression in the URL, or one that
// check refuses, is reported by the returned function's Err, and the
// default is studied instead.
func FunctionFromQuery(q url.Values, def, defAt string, check func(*expr.Program) error) *Function {
	f := &Function{check: check, defAt: defAt}
	if err := f.Set(def, defAt); err != nil {
		panic(fmt.Sprintf("scenes: the default function %q does not compile: %v", def, err))
	}
	src, at := q.Get("f"), q.Get("at")
	if src == "" && at == "" {
		return f
	}
	if src == "" {
		src = def
	}
	f.Set(src, completeValues(src, at, defAt))
	return f
}

// Edit compiles a new expression typed by the user. Inputs it shares with
// the current function keep their values; new ones get the default's or 0.
func (f *Function) Edit(src string) error {
	var at []string
	for i, name := range f.Prog.Names() {
		at = append(at, name+" = "+Literal(f.Prog.Inputs()[i], -1))
	}
	n, err := expr.Parse(src)
	if err == nil {
		// Only the values of inputs the new expression still has.
		keep := expr.Inputs(n)
		at = slices.DeleteFunc(at, func(a string) bool {
			name, _, _ := strings.Cut(a, " = ")
			return !slices.Contains(keep, name)
		})
	}
	return f.Set(src, completeValues(src, strings.Join(at, "; "), f.defAt))
}

// Literal writes t in the values syntax: a number, or nested brackets, with
// the given significant digits, or -1 for as many as it takes to read back
// the same numbers.
func Literal(t *core.Tensor, digits int) string {
	var b strings.Builder
	data, shape := t.Data(), t.Shape()
	var write func(axis, off int)
	write = func(axis, off int) {
		if axis == len(shape) {
			b.WriteString(strconv.FormatFloat(data[off], 'g', digits, 64))
			return
		}
		stride := 1
		for _, d := range shape[axis+1:] {
			stride *= d
		}
		b.WriteByte('[')
		for i := range shape[axis] {
			if i > 0 {
				b.WriteString(", ")
			}
			write(axis+1, off+i*stride)
		}
		b.WriteByte(']')
	}
	write(0, 0)
	return b.String()
}

// completeValues returns the values text at with a value for each input of
// src it lacks: def's value for that name when def has one, 0 otherwise.
// Texts that do not parse are left for Compile to report.
func completeValues(src, at, def string) string {
	n, err := expr.Parse(src)
	if err != nil {
		return at
	}
	given, err := expr.ParseValues(at)
	if err != nil {
		return at
	}
	defaults, _ := expr.ParseValues(def)
	var parts []string
	if strings.TrimSpace(at) != "" {
		parts = append(parts, at)
	}
	has := func(as []expr.Assignment, name string) (expr.Assignment, bool) {
		i := slices.IndexFunc(as, func(a expr.Assignment) bool { return a.Name == name })
		if i < 0 {
			return expr.Assignment{}, false
		}
		return as[i], true
	}
	for _, name := range expr.Inputs(n) {
		if _, ok := has(given, name); ok {
			continue
		}
		v := "0"
		if a, ok := has(defaults, name); ok {
			v = a.X.String()
		}
		parts = append(parts, name+" = "+v)
	}
	return strings.Join(parts, "; ")
}

// Set compiles src with the values at. On error the previous function stays.
func (f *Function) Set(src, at string) error {
	p, err := Budget.Compile(src, at)
	if err == nil && f.check != nil {
		err = f.check(p)
	}
	f.Err = err
	if err == nil {
		f.Prog = p
	}
	return err
}

// ErrOffset returns the byte offset into the expression of the last error,
// or -1 when there is none or it is not in the expression.
func (f *Function) ErrOffset() int {
	var e *expr.Error
	if errors.As(f.Err, &e) && e.Source == "expression" {
		return e.Offset
	}
	return -1
}

// eval returns f at x and its Jacobians with respect to each input, within
// the expression language's limits on memory and work.
func (f *Function) eval(x []*core.Tensor) (y *core.Tensor, jac []*core.Tensor, err error) {
	return f.Prog.JacobiansAt(x, core.Auto)
}

// Result returns the command line's JSON form of f at x, with its Jacobians:
// the expr, inputs, value and jacobians fields of state().
func (f *Function) Result(x []*core.Tensor) (expr.Result, error) {
	y, jac, err := f.eval(x)
	if err != nil {
		return expr.Result{}, err
	}
	r := f.Prog.Result()
	for i, t := range x {
		r.Inputs[i].Tensor = expr.TensorOf(t)
	}
	r.Value = expr.TensorOf(y)
	r.Jacobians = f.Prog.Partials(jac)
	return r, nil
}

// InputsAt splits the coordinates x, the entries of f's inputs in order,
// into tensors of the shapes of f's inputs.
func (f *Function) InputsAt(x []float64) []*core.Tensor {
	ins := f.Prog.Inputs()
	ts := make([]*core.Tensor, len(ins))
	off := 0
	for i, t := range ins {
		ts[i] = core.New(t.Shape(), slices.Clone(x[off:off+t.Len()]))
		off += t.Len()
	}
	return ts
}

// compose returns z = g(f(x)), the composition the chain-rule steps check
// against: g must have one input, of the shape of f's value.
func compose(g, f *Function) (core.Func, error) {
	if n := len(g.Prog.Names()); n != 1 {
		return nil, fmt.Errorf("the outer function must have one input, the inner function's value; %s has %d", g.Prog.Source(), n)
	}
	ys, gs := f.Prog.Value().Shape(), g.Prog.Inputs()[0].Shape()
	if !slices.Equal(ys, gs) {
		return nil, fmt.Errorf("the outer function's input %s has shape %v, but the inner function's value has shape %v", g.Prog.Names()[0], gs, ys)
	}
	ff, gf := f.Prog.Func(), g.Prog.Func()
	return func(x []*core.Node) *core.Node { return gf([]*core.Node{ff(x)}) }, nil
}

// InputEntries returns how many numbers p's inputs hold in all: the
// dimension of the space the function maps from.
func InputEntries(p *expr.Program) int {
	n := 0
	for _, t := range p.Inputs() {
		n += t.Len()
	}
	return n
}
