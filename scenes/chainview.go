package scenes

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// chainView is the chain rule's animation among the lesson's widgets: a
// click on it, or Tab, gives it the keyboard, and then the timeline's keys
// (Space, ← →, Home, End, + −) and F drive it. It ticks the animation
// whenever it is on show.
type chainView struct {
	anim              **viz.Contraction // the lesson's animation, nil when there is none
	rect              image.Rectangle
	repeated, pressed []ebiten.Key // the keys it takes this tick
}

// The keys the animation takes while it has the focus.
var chainKeys = []ebiten.Key{
	ebiten.KeySpace, ebiten.KeyArrowLeft, ebiten.KeyArrowRight, ebiten.KeyHome, ebiten.KeyEnd,
	ebiten.KeyEqual, ebiten.KeyMinus, ebiten.KeyNumpadAdd, ebiten.KeyNumpadSubtract,
}

// Bounds implements viz.Widget: the three grids, on the chain rule's step.
func (v *chainView) Bounds() image.Rectangle { return v.rect }

// Update implements viz.Widget.
func (v *chainView) Update(in *viz.Input, st viz.WidgetState) {
	a := *v.anim
	if a == nil || v.rect.Empty() {
		return
	}
	v.repeated, v.pressed = v.repeated[:0], v.pressed[:0]
	finish := false
	if st.Focused {
		for _, k := range chainKeys {
			if in.JustPressed(k) {
				v.pressed = append(v.pressed, k)
			}
			if in.Take(k) {
				v.repeated = append(v.repeated, k)
			}
		}
		finish = in.TakePress(ebiten.KeyF)
	}
	ain := viz.Input{Repeated: v.repeated, Pressed: v.pressed, Scale: in.Scale, ReducedMotion: in.ReducedMotion}
	if st.Pointer {
		ain.Pointer = in.Pointer
	}
	a.Update(&ain)
	if finish {
		a.Timeline.Finish()
	}
}

// Draw implements viz.Widget: the grids of the product as far as it has
// got.
func (v *chainView) Draw(dst *ebiten.Image, _ *viz.Theme, _ viz.WidgetState) {
	if a := *v.anim; a != nil && !v.rect.Empty() {
		a.Draw(dst)
	}
}
