package expr

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// Result is the JSON form of an evaluated expression, shared by the
// jacobianlab command's -json output and the app's state():
//
//	{"expr": "tanh(W @ x)",
//	 "inputs":    [{"name": "W", "shape": [2, 3], "data": [...]}, ...],
//	 "value":     {"shape": [2], "data": [...]},
//	 "jacobians": [{"wrt": "W", "shape": [2, 2, 3], "data": [...]}, ...]}
//
// Data is row-major and a scalar has shape []. A Jacobian's shape is the
// value's shape followed by the input's. Jacobians, JVP and VJP are left
// out when nil.
type Result struct {
	Expr      string    `json:"expr"`
	Inputs    []Input   `json:"inputs"`
	Value     Tensor    `json:"value"`
	Jacobians []Partial `json:"jacobians,omitzero"`
	JVP       *Tensor   `json:"jvp,omitzero"`
	VJP       []Partial `json:"vjp,omitzero"`
}

// Tensor is the JSON form of a tensor: {"shape": [...], "data": [...]}.
type Tensor struct {
	Shape []int `json:"shape"`
	Data  Data  `json:"data"`
}

// Input is the JSON form of an input and its value:
// {"name": "x", "shape": [...], "data": [...]}.
type Input struct {
	Name string `json:"name"`
	Tensor
}

// Partial is the JSON form of a derivative with respect to one input, a
// Jacobian or a vector–Jacobian product: {"wrt": "x", "shape": [...],
// "data": [...]}.
type Partial struct {
	Wrt string `json:"wrt"`
	Tensor
}

// Data is the entries of a tensor in row-major order. JSON has no NaN or
// infinity, so those entries are written as null, and null reads back as
// NaN.
type Data []float64

// MarshalJSON writes d as a JSON array, with null for entries that are
// NaN or infinite.
func (d Data) MarshalJSON() ([]byte, error) {
	if d == nil {
		return []byte("[]"), nil
	}
	b := make([]byte, 0, 2+8*len(d))
	b = append(b, '[')
	for i, v := range d {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendNumber(b, v)
	}
	return append(b, ']'), nil
}

// appendNumber appends v as a JSON number, or null if it is NaN or
// infinite.
func appendNumber(b []byte, v float64) []byte {
	switch {
	case v == 0 && !math.Signbit(v): // most entries of most Jacobians
		return append(b, '0')
	case math.IsNaN(v) || math.IsInf(v, 0):
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// JSONLen returns the length in bytes of the JSON of r, as json.Marshal
// writes it, without writing it: exactly if it is at most stop, and
// otherwise an estimate over stop, from the entries counted until the
// count passed stop. It takes time in proportion to min(stop, the length),
// so that a caller can refuse an output too large to hold before making
// it.
func (r Result) JSONLen(stop int) int {
	skeleton := r
	var data [][]float64
	strip := func(t *Tensor) {
		data = append(data, t.Data)
		t.Data = nil // written as [], two bytes of the whole
	}
	skeleton.Inputs = slices.Clone(r.Inputs)
	for i := range skeleton.Inputs {
		strip(&skeleton.Inputs[i].Tensor)
	}
	strip(&skeleton.Value)
	skeleton.Jacobians = slices.Clone(r.Jacobians)
	for i := range skeleton.Jacobians {
		strip(&skeleton.Jacobians[i].Tensor)
	}
	if r.JVP != nil {
		jvp := *r.JVP
		strip(&jvp)
		skeleton.JVP = &jvp
	}
	skeleton.VJP = slices.Clone(r.VJP)
	for i := range skeleton.VJP {
		strip(&skeleton.VJP[i].Tensor)
	}
	b, err := json.Marshal(skeleton)
	if err != nil {
		panic(err) // a Result always marshals.
	}
	var buf []byte
	return dataLen(len(b), stop, func(v float64) int {
		buf = appendNumber(buf[:0], v)
		return len(buf) + 1 // and a comma, one fewer than the entries
	}, data...) - len(data)
}

// dataLen returns fixed plus the bytes that the entries of data take when
// each is written in entryLen(v) bytes: exactly if the total is at most
// stop, and otherwise an estimate over stop, from the bytes per entry of
// the entries counted until the count passed stop.
func dataLen(fixed, stop int, entryLen func(v float64) int, data ...[]float64) int {
	n, total, counted := fixed, 0, 0
	for _, d := range data {
		total += len(d)
	}
	for _, d := range data {
		for _, v := range d {
			n += entryLen(v)
			counted++
			if n > stop && counted < total {
				per := float64(n-fixed) / float64(counted)
				return fixed + int(per*float64(total))
			}
		}
	}
	return n
}

// UnmarshalJSON reads a JSON array of numbers and nulls, reading null as
// NaN.
func (d *Data) UnmarshalJSON(b []byte) error {
	var vs []*float64
	if err := json.Unmarshal(b, &vs); err != nil {
		return err
	}
	*d = make(Data, len(vs))
	for i, v := range vs {
		if v == nil {
			(*d)[i] = math.NaN()
		} else {
			(*d)[i] = *v
		}
	}
	return nil
}
