// Package expr is the expression language of Jacobian Lab: students and
// instructors type a function of scalars, vectors or tensors, and get its
// value, its Jacobians, and Jacobian–vector and vector–Jacobian products.
// The same language is typed in the page, passed in its URL and given to
// the jacobianlab command.
//
// # Expressions
//
//	tanh(W @ x + b)      sum(x^2) / 2      [x*y, sin(x) + y]
//
// Numbers (2, 0.5, 1e-3) and the constants pi and e; every other name is
// an input. + - * / are elementwise with NumPy broadcasting, ^ is an
// elementwise power, - also negates, @ contracts the last axis of its left
// operand with the first axis of its right, and parentheses group. ^ binds
// tightest and groups to the right; unary minus comes next, so -x^2 is
// -(x^2); then * / @ and then + -, both grouping to the left.
//
// The functions are sin cos tan exp log sqrt abs tanh sigmoid relu
// softplus (elementwise); sum(x), sum(x, axis), mean, max and logsumexp
// (reductions over all axes, or one); softmax(x) (over the last axis);
// dot(a, b); transpose(x) (axes reversed); reshape(x, 2, 3); mse(a, b);
// conv1d(x, k) (the valid cross-correlation). A literal [a, b, …] stacks
// its entries, which must share a shape, along a new first axis.
//
// # Values
//
// Inputs get values in the same syntax, one assignment per name,
// separated by semicolons:
//
//	x = 0.5; W = [[1, 2], [3, 4]]; b = [0, 1]
//
// An input's shape is its value's shape, and a program's inputs are
// ordered by first appearance in the expression.
//
// # Errors and limits
//
// Every mistake is an *Error with a byte offset, a Class to test against,
// and a message in plain words that Error prints above the text and a
// caret. The limits MaxLen, MaxValuesLen, MaxDepth, MaxLiteral and
// MaxEntries are checked before the memory they bound is allocated, and a
// Budget bounds the memory and the work of each evaluation, hidden nodes,
// derivatives and Jacobians included, before anything over it is
// allocated or computed, so that no text makes the program crash, run out
// of memory or hang.
//
// # Printing
//
// A Node's String method writes expression text with the fewest
// parentheses that keep the tree, and LaTeX writes LaTeX source.
package expr
