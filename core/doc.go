// Package core is the mathematics of Jacobian Lab: tensors, their
// contraction, and derivatives of functions of tensors — JVPs, VJPs,
// gradients, generalized Jacobians and Hessians — computed on an explicit
// graph that a visualization can draw and step through. It imports gonum
// only and builds for js/wasm as well as natively.
//
// # Tensors
//
// A Tensor is a dense row-major array of float64 of rank 0 (a scalar) to
// MaxRank, with a Shape. Contract is the generalized matrix product (NumPy's
// tensordot), computed by gonum's BLAS; ChainRule composes two generalized
// Jacobians by contracting over all axes of the intermediate; ContractPlan
// lists the multiply-adds of a contraction in order, on demand, for an
// animation.
//
// # Functions, graphs and transforms
//
// A Func receives input nodes and builds its result with the operations on
// nodes: Add, Sub, Mul, Div, Pow, Neg, Exp, Log, Sqrt, Abs, Sin, Cos, Tan,
// Tanh, Sigmoid, ReLU, Softplus, MatMul, Tensordot, Sum, Mean, Max,
// LogSumExp, Softmax, LogSoftmax, Reshape, Transpose, Broadcast, Concat,
// Stack, Slice, Index, MSE, CrossEntropy and Conv1D, on nodes and constants
// (Const). Each operation computes its value at once and records a Node:
// value, operation name, ordered inputs. A few primitive operations carry a
// forward, a JVP and a VJP rule, kept in one table; the others are
// compositions of them (Mean is Sum then Div, Softmax is e^(x-max x)
// over its sum, Conv1D is a gather of windows then MatMul). Broadcasting is a gather
// whose VJP is a sum, shown as a "broadcast" node, except along leading
// axes: the elementwise operations repeat an operand that lacks them, and
// their VJP sums over them (a bias added to a batch has no node of its own).
//
// The transforms are named as in JAX and take the Func, the input tensors
// and optional *Settings (nil for defaults):
//
//	Trace(f, x, s)            the graph of f at x
//	Eval(f, x, s)             f(x)
//	JVP(f, x, xDot, s)        f(x) and J·ẋ, one forward sweep
//	VJP(f, x, s)              f(x) and the pullback ȳ ↦ ȳ·J, one backward sweep per call
//	Grad(f, x, s)             ∇f for a scalar f
//	Jacobian(f, x, s)         f(x) and ∂f/∂xᵢ of shape y.Shape() ++ xᵢ.Shape() for each input
//	LinearApprox(f, x, h, s)  f(x) + J·h through one JVP, never forming J
//	Hessian(f, x, s)          ∂²f/∂xᵢ∂xⱼ for a scalar f, forward over reverse
//
// The derivative rules build nodes with the same operations, so the
// backward pass is itself a graph and can be differentiated again: that is
// how Hessian works. The rules also accept a batch of tangents or
// cotangents along a leading axis, so Jacobian and Hessian push blocks of
// basis vectors through each sweep, as JAX's vmap does.
//
// # Errors
//
// As in gonum, an operation given shapes it cannot use panics with an Error
// value whose text starts "core: " and names the operation and the shapes,
// and a node larger than its limit panics with a *SizeError. The transforms
// recover both and return them: a caller that builds a graph through Trace
// (or any transform) gets an error, never a panic. Maybe does the same for
// direct calls on tensors. Any other panic is a bug and is not recovered.
//
// The expression compiler builds a Func that walks its syntax tree calling
// the operations, and traces it with Trace; tracing on Zeros of the input
// shapes checks the shapes. To report where an error arose it can record the
// source position before each call, or recover each call's panic and
// re-panic with fmt.Errorf("%v: %w", pos, err): Trace recovers an error that
// wraps an Error, a *SizeError or a *BudgetError. Settings.MaxIntermediate
// refuses, before allocating, any node (value or derivative) with more
// entries than the limit, with a *SizeError naming the shape;
// Settings.MaxEntries does the same for the Jacobians and Hessians.
// Settings.Names names the inputs.
//
// # Budgets
//
// Each transform has a budget, Settings.MaxBytes of tensors held at once
// and Settings.MaxWork multiply-adds, that every node made from its inputs
// carries: apply charges a node before allocating it, and refuses one over
// either with a *BudgetError. So the hidden nodes of compositions, the
// backward pass, the blocks of sweeps of Jacobian and Hessian (whose memory
// is given back after each block) and the Jacobians themselves all count,
// and the sweeps are estimated before they start. Constants made with
// ConstLike count too; a Func traced without inputs gets a budget from
// BudgetNode. Shape.Size saturates at math.MaxInt instead of wrapping
// around, so that no product of dimensions passes a limit by overflowing.
//
// # Visualization
//
// Graph.Nodes lists the nodes in a deterministic topological order: the
// inputs, then each node after its inputs (a depth-first walk of the ordered
// inputs from the output). Each Node has Op, Name (inputs, and any node
// given one by Named), Inputs, Shape and Value. Graph.Backward runs the
// backward pass one node at a time (Step), so a scene can show the
// cotangent of each node (Grad) as the pass reaches it; a value used twice
// accumulates both contributions. Node.LocalJVP and Node.LocalVJP apply one
// node's rules to given tangents or cotangents. ContractPlan lists the
// multiply-adds of a contraction in order, computed on demand, so that an
// animation of a large one costs no memory.
//
// A Graph and its nodes must not be used by several goroutines at once;
// separate transforms may run concurrently.
package core
