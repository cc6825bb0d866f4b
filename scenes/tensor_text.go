package scenes

import (
	"fmt"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The tensor lesson's texts, written from its numbers, and what its steps
// share of them.

// tensorTexts are the lesson's texts, each in the rectangle the sheets
// give it.
type tensorTexts struct {
	news, caption, body, side, hint tensorBlock
	heads                           [3]tensorBlock // over the pictures' grids
	bars                            [4]tensorBlock // over the bars of the memory meter or the modes
}

// all returns every text.
func (t *tensorTexts) all() []*tensorBlock {
	all := []*tensorBlock{&t.news, &t.caption, &t.body, &t.side, &t.hint}
	for k := range t.heads {
		all = append(all, &t.heads[k])
	}
	for k := range t.bars {
		all = append(all, &t.bars[k])
	}
	return all
}

// tensorWords are what the texts say, "" for none: the news of the
// shapes under the sizes, the caption over the step's picture and the
// text under it (body), the text with the step's numbers (side) and the
// keys' hint under it, the heads over the picture's grids and the labels
// of its bars; and the step's formula in TeX.
type tensorWords struct {
	news, caption, body, side, hint string
	heads                           [3]string
	bars                            [4]string
	tex                             string
}

// setWords writes the words for the state as it is, the function's error
// instead of the step's, and reports whether they changed: the sheets,
// which measure them, are then made again.
func (s *tensor) setWords() bool {
	var w tensorWords
	if err := s.nums.Err; err != nil {
		w.body = "The function cannot be differentiated here:\n" + err.Error()
	} else {
		st := tensorSteps[s.step]
		w = st.texts(s)
		if st.formula != nil {
			w.tex = st.formula(s)
		}
	}
	w.news = s.shapeMsg
	if s.pending >= 0 {
		w.news = strings.TrimSpace("Computing for the new shapes…\n" + w.news)
	}
	changed := w != s.words
	s.words = w
	return changed
}

// setTexts sets the texts to their words at scale sc, the function's
// error in its colour.
func (s *tensor) setTexts(sc float64) {
	t, w := &s.texts, &s.words
	body := viz.Th().Text
	if s.nums.Err != nil {
		body = viz.Th().Error
	}
	t.news.set(w.news, sc, viz.Th().Text)
	t.caption.set(w.caption, sc, viz.Th().Text)
	t.body.set(w.body, sc, body)
	t.side.set(w.side, sc, viz.Th().Text)
	t.hint.set(w.hint, sc, viz.Th().Muted)
	for k := range t.heads {
		t.heads[k].set(w.heads[k], sc, viz.Th().Text)
	}
	for k := range t.bars {
		t.bars[k].set(w.bars[k], sc, viz.Th().Text)
	}
	s.lossL.Set(tensorLossLabel, 15*sc, viz.Th().Text)
}

// multiIndex writes a multi-index as [a,b].
func multiIndex(idx []int) string { return "[" + model.IntsText(fromOne(idx), ",") + "]" }

// texIndex writes a multi-index as a TeX subscript group: {a,b}.
func texIndex(idx []int) string { return "{" + model.IntsText(fromOne(idx), ",") + "}" }

// fromOne returns a multi-index, counted from 0, counted from 1 as the
// screen counts.
func fromOne(idx []int) []int {
	one := make([]int, len(idx))
	for k, v := range idx {
		one[k] = v + 1
	}
	return one
}

// vjpTeX is the closed form of ∂L/∂x, when the gallery knows it.
func (s *tensor) vjpTeX() string {
	if s.item < 0 {
		return `\frac{\partial L}{\partial x} = G \cdot \frac{\partial y}{\partial x}`
	}
	it := &model.TensorGallery[s.item]
	if it.VJPAt != nil {
		return `\left(\frac{\partial L}{\partial x}\right)_{` + strings.Join(it.VJPAt, " ") + `} = ` + it.VJPTeX
	}
	return `\frac{\partial L}{\partial x} = ` + it.VJPTeX
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
	if len(have) == 0 {
		return "∂L/∂x by autodiff's VJP; no second road to compare it with here."
	}
	t := core.Sprintf("%s and autodiff's VJP agree to within %.2g.", strings.Join(have, ", "), n.MaxDiff)
	return strings.ToUpper(t[:1]) + t[1:]
}

// durationText writes a time given in milliseconds in a unit that suits
// it: "0.42 ms", "3.1 s", "12 min", "5.6 h".
func durationText(ms float64) string {
	switch {
	case ms < 1000:
		return core.Float(ms, 3) + " ms"
	case ms < 60e3:
		return core.Float(ms/1e3, 3) + " s"
	case ms < 3600e3:
		return core.Float(ms/60e3, 3) + " min"
	}
	return core.Float(ms/3600e3, 3) + " h"
}
