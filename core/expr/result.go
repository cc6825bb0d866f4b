package expr

import (
	"encoding/json"
	"math"
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
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b = append(b, "null"...)
			continue
		}
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	return append(b, ']'), nil
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
