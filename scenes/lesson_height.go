package scenes

import (
	"math"

	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// The height a lesson would like, for a host page that sizes the iframe
// it is embedded in (the message API's size): the least height at which,
// at the width it has, it shows everything at once. That is the header,
// the step panel as it is when the body has room for it, and the body as
// high as its sheets need side by side when their least widths fit
// across it, or else as high as the tallest sheet needs alone under the
// switch. Lower than that, the frame shows one sheet at a time, and at
// last folds the step panel into a bar; higher, the pictures grow. Where a
// lesson arranges its sheets by the room it gets, the height may change
// once it is laid out at the height it asked for; a host that follows the
// size messages settles after a resize or two.

// bodyWanted returns the height in device pixels the body would like at
// the width being laid out: all is the sheets side by side with their
// margin, and sheets those the frame shows one at a time when all does
// not fit.
func (l *lesson) bodyWanted(all *layout.Node, sheets []sheet) int {
	s := l.scale
	if all.MinSize().W <= float64(l.area.Dx()) {
		return int(math.Ceil(wantedH(all)))
	}
	tallest := 0.0
	for _, sh := range sheets {
		tallest = math.Max(tallest, wantedH(layout.Column(0, sh.node).Pad(12*s)))
	}
	// The switch over the sheet, with its gap.
	return int(math.Ceil(tallest + (float64(l.controlHeight())+12)*s))
}

// wantedH returns the height n would like.
func wantedH(n *layout.Node) float64 { return n.MinSize().H }

// wantedHeight returns the height in device pixels the lesson would like
// at the width of its last layout, from the top of its area.
func (l *lesson) wantedHeight() int { return l.want }

// wantedHeight implements heightWanter for the tensor lesson, whose
// sheets go side by side only on an area at least tensorSideH high
// (tensorFit): on an area wide enough for that, it would like at least
// that height.
func (s *tensor) wantedHeight() int {
	h := s.lesson.wantedHeight()
	if sc := s.scale; float64(s.area.Dx()) >= tensorSideW*sc {
		h = max(h, int(math.Ceil(tensorSideH*sc)))
	}
	return h
}
