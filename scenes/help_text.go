package scenes

// The texts of the Help panel's Notation and Source tabs, in our own
// words.

// notationCard is the notation every lesson writes, a symbol a row.
var notationCard = [][2]string{
	{"x, y, t", "x is a function's input and y its output; t is the target the backprop lesson compares y with."},
	{"x₀", "the point at which a derivative is taken."},
	{"z, L", "z = g(y) is the outer function of a chain rule; L is a loss, a single number."},
	{"x₁, y₂, G₁,₂", "entries, counted from 1; an entry of a tensor of rank 2 or more has one index per axis."},
	{"N, M, D, K", "sizes: how many entries lie along an axis (never a rank)."},
	{"h", "a small change of the input x, along which a derivative is taken."},
	{"s", "in the gradient lesson, a step length: how far along a direction a check steps."},
	{"p", "in the Jacobian lesson, a point of the small square drawn around x₀."},
	{"∂y/∂x", "the derivative of y with respect to x: for tensors, every entry of y against every entry of x."},
	{"G = ∂L/∂y", "the derivative of a loss L with respect to y, shaped like y. Its name in automatic differentiation is the cotangent of y."},
	{"a ⊙ b", "the elementwise product: entries multiplied in pairs, with no sum."},
	{"a · b", "a sum of products, such as a dot product; a matrix product is one sum of products per entry."},
	{"contract over m", "multiply the entries that share the index m and add them up over m."},
	{"Wᵀ", "the transpose of W: rows and columns swapped."},
	{"B, KiB, MiB, GiB", "bytes, and 1024, 1024² and 1024³ bytes."},
	{"6.9 × 10¹⁰", "how a large or small number is written: a number times a power of ten."},
}

// glossary defines the words the lessons use, a word a row.
var glossary = [][2]string{
	{"Derivative", "how fast f(x) changes as x does: the slope f′(x₀) of f's tangent line at x₀."},
	{"Gradient", "for a function of N numbers with one number for a value, the vector ∇f(x₀) of its N partial derivatives; it points where f climbs fastest."},
	{"Jacobian", "for a function of N numbers with M numbers for a value, the M×N matrix J whose entry in row i, column j is the partial derivative of output i by input j."},
	{"Generalized Jacobian", "the Jacobian of a function from a tensor to a tensor: one partial derivative for every pair of an entry of y and an entry of x, its shape y's shape then x's."},
	{"Chain rule", "the derivative of a composition is the product of the derivatives of its parts: ∂z/∂x = ∂z/∂y · ∂y/∂x, a contraction over the entries of y."},
	{"Linear approximation", "near x₀, f(x₀ + h) ≈ f(x₀) + J h; what it misses shrinks like ‖h‖²."},
	{"JVP", "Jacobian–vector product, J h: how the output moves when the input moves by h, computed without building J."},
	{"VJP", "vector–Jacobian product, G J: it turns G = ∂L/∂y into ∂L/∂x, again without building J."},
	{"Forward mode", "automatic differentiation by JVPs: one per entry of x, each giving a column of J."},
	{"Reverse mode", "automatic differentiation by VJPs: one per entry of y, each giving a row of J; a loss needs only one."},
	{"Forward sweep", "the pass through a computation that works out every value, from the inputs to the output."},
	{"Backward sweep", "the pass after it that hands G back from the output to every input, one VJP per operation."},
	{"Automatic differentiation", "exact derivatives computed by a program from the derivative of each operation it runs, joined by the chain rule: neither algebra by hand nor finite differences."},
	{"Cotangent", "another name for G = ∂L/∂y: the derivative of the loss that flows backwards to y."},
}

// aboutSource is the Source tab: the text the lessons teach, what they
// correct in it and why, and what it builds on.
var aboutSource = []string{
	"These lessons teach the blog post “Derivatives of Tensors (In Deep learning context)” (2018): four levels of derivative, from a number to a number up to tensors, each with its chain rule and its linear approximation.",
	"The post has a few slips, which a reader following it beside the lessons would trip over. The lessons show the correct mathematics, and a note marked “In the source” says where they differ:",
	"• The scalar derivative. The post sets the limit itself equal to f′(x). The limit is 0; f′(x) is the one number a that makes it 0.",
	"• The gradient. The post calls the gradient a number and writes it as the limit. It is a vector of N partial derivatives, ∇f(x₀), the vector for which the limit is 0.",
	"• The dot product. The post calls it an elementwise product. It multiplies the entries in pairs and then adds them up; without the sum there is no single change of f.",
	"• The Jacobian. The post writes ∂f/∂y where the variable is x: J = ∂f/∂x, an M×N matrix.",
	"• Tensors. The post gives y and z the same sizes. ∂z/∂y has z's shape then y's, ∂y/∂x y's shape then x's, and the chain rule contracts over every axis of y.",
	"• The linear approximation. Here too the post differentiates with respect to y; it is ∂f/∂x, contracted over every axis of x.",
	"The post builds on the Stanford CS231n handout on derivatives, backpropagation and vectorization (cs231n.stanford.edu/handouts/derivatives.pdf), whose notation for generalized Jacobians the lessons share, and it cites the Deep Learning book by Goodfellow, Bengio and Courville.",
}
