package model

// The functions the lessons study when the page's link gives none, and
// their values: the lessons (package scenes) and the figures the Share
// menu and the export command draw (package scenes/figure) both start
// from them.
const (
	ScalarDefF, ScalarDefAt = "sin(x)", "x = 1"
	GradDefF, GradDefAt     = "log(1 + sum([1, 3] * x^2))", "x = [1, 0.5]"
	JacDefF, JacDefAt       = "[r * cos(t), r * sin(t)]", "r = 1.5; t = 0.6"
	TensorDefAt             = "x = [[1, 2], [3, 4]]; W = [[1, 0], [0, 1]]"
)

// TensorDefF is the tensor lesson's default function: the gallery's first
// item at its default sizes.
func TensorDefF() string {
	it := TensorGallery[0]
	return it.Src(it.Defs)
}
