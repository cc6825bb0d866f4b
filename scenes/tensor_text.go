package scenes

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The tensor lesson's texts, written from its numbers, and what its steps
// share of them.

// tensorTexts are the lesson's texts, each drawn from a cached image.
type tensorTexts struct {
	caption, body, side, hint viz.Label
	heads                     [3]viz.Label // captions over the contraction's grids, or the linear step's
	bars                      [4]viz.Label // the memory meter's or the modes' rows
}

// tensorWords are what a step's texts say: the caption over the left
// column, the text in it, the side text in the right column, the hint
// under that, the heads over the step's pictures and the labels of its
// bars; "" for none.
type tensorWords struct {
	caption, body, side, hint string
	heads                     [3]string
	bars                      [4]string
}

// setTexts sets the texts of the step, or the function's error, with the
// news of the shapes over the side text.
func (s *tensor) setTexts(sc float64) {
	t := &s.texts
	fs := tensorText * sc
	var w tensorWords
	clr := viz.Light.Text
	if err := s.nums.Err; err != nil {
		w.body, clr = "The function cannot be differentiated here:\n"+err.Error(), viz.Light.Error
	} else {
		w = tensorSteps[s.step].texts(s)
	}
	if s.shapeMsg != "" {
		w.side = s.shapeMsg + "\n\n" + w.side
	}
	if s.pending >= 0 {
		w.side = "Computing for the new shapes…\n\n" + w.side
	}
	s.lossL.Set(tensorLossLabel, 15*sc, viz.Light.Text)
	t.caption.Set(w.caption, fs, viz.Light.Text)
	t.body.Set(w.body, fs, clr)
	t.side.Set(w.side, fs, viz.Light.Text)
	t.hint.Set(w.hint, 12*sc, viz.Light.Muted)
	for k, h := range w.heads {
		t.heads[k].Set(h, fs, viz.Light.Text)
	}
	for k, b := range w.bars {
		t.bars[k].Set(b, fs, viz.Light.Text)
	}
}

// multiIndex writes a multi-index as [a,b].
func multiIndex(idx []int) string { return "[" + model.IntsText(idx, ",") + "]" }

// texIndex writes a multi-index as a TeX subscript group: {a,b}.
func texIndex(idx []int) string { return "{" + model.IntsText(idx, ",") + "}" }

// vjpTeX is the closed form of ∂L/∂x, when the gallery knows it.
func (s *tensor) vjpTeX() string {
	if s.item < 0 {
		return `\frac{\partial L}{\partial x} = G \cdot \frac{\partial y}{\partial x}`
	}
	return `\frac{\partial L}{\partial x} = ` + model.TensorGallery[s.item].VJPTeX
}

// shapesLine describes the shapes of x, y and ∂y/∂x.
func (s *tensor) shapesLine() string {
	n := s.nums
	xs, ys := n.X().Shape(), n.Y.Shape()
	return fmt.Sprintf("%s is %s, y is %s, so ∂y/∂%s is (%s) × (%s): %d entries.", n.XName(), model.ShapeNoun(xs), model.ShapeNoun(ys), n.XName(), model.DimsText(ys), model.DimsText(xs), n.Y.Len()*n.X().Len())
}

// agreement compares the contraction, the closed form and the VJP.
func (s *tensor) agreement() string {
	n := s.nums
	var have []string
	if n.Contracted != nil {
		have = append(have, "the contraction G·∂y/∂x")
	}
	if n.Closed != nil {
		have = append(have, "the closed form")
	}
	have = append(have, "core's VJP (one backward sweep)")
	if len(have) == 1 {
		return "∂L/∂x by core's VJP; no second road to compare it with here."
	}
	return fmt.Sprintf("%s\nagree: they differ by at most %.2g.", strings.Join(have, ",\n"), n.MaxDiff)
}

// durationText writes a time given in milliseconds in a unit that suits
// it: "0.42 ms", "3.1 s", "12 min", "5.6 h".
func durationText(ms float64) string {
	switch {
	case ms < 1000:
		return strconv.FormatFloat(ms, 'g', 3, 64) + " ms"
	case ms < 60e3:
		return strconv.FormatFloat(ms/1e3, 'g', 3, 64) + " s"
	case ms < 3600e3:
		return strconv.FormatFloat(ms/60e3, 'g', 3, 64) + " min"
	}
	return strconv.FormatFloat(ms/3600e3, 'g', 3, 64) + " h"
}
