package model

import (
	"fmt"
	"math"

	"github.com/jacobianlab/jacobianlab/core"
)

// TensorCompose is the chain rule for a tensor-valued outer function:
// z = tanh(y) with y = f(x), so that
//
//	∂z/∂x = ∂z/∂y · ∂y/∂x,  (∂z/∂x)_{i,j} = Σ_k (∂z/∂y)_{i,k} (∂y/∂x)_{k,j}
//
// with k running over every entry of y (a multi-index), of shapes
// (z…)×(y…) · (y…)×(x…) → (z…)×(x…). Chain is that contraction, by
// core.ChainRule; Auto is ∂z/∂x by core's Jacobian of the composition
// z(x) = tanh(f(x)), the road that never forms ∂z/∂y; MaxDiff is the
// largest |difference| between them.
type TensorCompose struct {
	Z       *core.Tensor // z = tanh(y)
	DzDy    *core.Tensor // ∂z/∂y by core, of shape z.shape ++ y.shape: diagonal
	Chain   *core.Tensor // ∂z/∂y · ∂y/∂x contracted over y's axes
	Auto    *core.Tensor // ∂z/∂x by core's Jacobian of z(x)
	MaxDiff float64
	Why     string // why the Jacobians were not built, or ""
}

// ComposeOuter is the outer function of TensorCompose, as the lesson
// writes it.
const ComposeOuter = "tanh"

// composeMax is the most entries of ∂z/∂y or ∂z/∂x the lesson builds for
// the chain rule of a tensor z: it builds each of them twice.
const composeMax = TensorTimeMax

// Compose returns the chain rule for z = tanh(y) at the numbers n: the
// Jacobians when n built ∂y/∂x and ∂z/∂y and ∂z/∂x have at most
// composeMax entries each, and otherwise only z and why.
func (n *TensorNums) Compose() TensorCompose {
	y := n.Y
	c := TensorCompose{Z: y.Clone()}
	for k, v := range c.Z.Data() {
		c.Z.Data()[k] = math.Tanh(v)
	}
	switch {
	case n.Jac == nil:
		c.Why = "∂y/∂" + n.XName() + " is not built at these sizes."
		return c
	case y.Len()*y.Len() > composeMax || y.Len()*n.X().Len() > composeMax:
		c.Why = fmt.Sprintf("∂z/∂y and ∂z/∂%s would have %d and %d entries; this step builds at most %d.", n.XName(), y.Len()*y.Len(), y.Len()*n.X().Len(), composeMax)
		return c
	}
	outer := func(in []*core.Node) *core.Node { return core.Tanh(in[0]) }
	st := n.Settings(core.Auto)
	st.Names = []string{"y"}
	_, dzdy, err := core.Jacobian(outer, []*core.Tensor{y}, st)
	if err != nil {
		c.Why = err.Error()
		return c
	}
	fx := n.FuncOfX()
	whole := func(in []*core.Node) *core.Node { return core.Tanh(fx(in)) }
	_, dzdx, err := core.Jacobian(whole, []*core.Tensor{n.X()}, n.Settings(core.Auto))
	if err != nil {
		c.Why = err.Error()
		return c
	}
	c.DzDy, c.Auto = dzdy[0], dzdx[0]
	c.Chain = core.ChainRule(c.DzDy, n.Jac, y.Rank())
	c.MaxDiff = tensorMaxDiff(c.Chain, c.Auto)
	return c
}
