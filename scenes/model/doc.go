// Package model holds the lessons' models: what each lesson of package
// scenes computes, with no drawing, so that it can be tested without a
// display. It imports neither Ebiten nor viz.
//
// A lesson studies a Function, an expression of package expr typed in a
// field or given by the page's link, compiled within the app's Budget.
// Each lesson's numbers come from core: ScalarNums for f: ℝ → ℝ at x₀ and
// h (ComputeScalar); GradNums for f: ℝᴺ → ℝ, with its slice, the error of
// its linear approximation and its chain rule (ComputeGrad); JacNums and
// JacChain for f: ℝᴺ → ℝᴹ (ComputeJac); TensorNums and TensorLinear for
// tensors in and out, with the closed forms of the TensorGallery
// (ComputeTensor); and BPNet, the forward and backward sweeps of a traced
// graph, with the closed forms of the VJP rules (BPRuleOf). The format
// helpers (VecText, TeXNum, DimsText, …) are the one way the lessons write
// numbers and shapes, in text and in TeX.
package model
