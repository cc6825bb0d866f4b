package scenes

import (
	"math"

	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// The height a lesson would like, for a host page that sizes the iframe
// it is embedded in (the message API's size): at the width it has, the
// header, the step panel as it is when the body has room for it, and the
// body at its preferred height. The body shows every sheet side by side
// when their least widths fit across it, and is then as high as the
// tallest wants; when they do not fit, it shows one sheet at a time under
// the switch, and is as high as the tallest sheet alone wants. Lower than
// that, the frame shrinks the pictures, shows one sheet at a time, and at
// last folds the step panel into a bar; higher, the pictures grow.

// bodyWanted returns the height in device pixels the body would like at
// the width being laid out: all is the sheets side by side with their
// margin, and sheets those the frame shows one at a time when all does
// not fit.
func (l *lesson) bodyWanted(all *layout.Node, sheets []sheet) int {
	s := l.scale
	if all.MinSize().W <= float64(l.area.Dx()) {
		return int(math.Ceil(all.PrefSize().H))
	}
	tallest := 0.0
	for _, sh := range sheets {
		tallest = math.Max(tallest, layout.Column(0, sh.node).Pad(12*s).PrefSize().H)
	}
	// The switch over the sheet, with its gap.
	return int(math.Ceil(tallest + (float64(l.controlHeight())+12)*s))
}

// wantedHeight returns the height in device pixels the lesson would like
// at the width of its last layout, from the top of its area.
func (l *lesson) wantedHeight() int { return l.want }
