package model

import "github.com/jacobianlab/jacobianlab/core/expr"

// Budget is what one evaluation of a function may use in the app: 64 MiB of
// tensors and 2³⁰ multiply-adds, a quarter of the command line's, since the
// app computes within its frames (2³⁰ is about a second of a browser's
// WebAssembly) and a phone has little memory to spare. Every function the
// lessons compile gets it, and core's transforms check it before they
// allocate or compute anything over it, so that a typed function or a
// link cannot freeze or exhaust the page.
var Budget = expr.Budget{MaxBytes: 64 << 20, MaxWork: 1 << 30}
