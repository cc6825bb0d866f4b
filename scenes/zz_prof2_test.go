//go:build prof2

package scenes

import (
	"net/url"
	"testing"

	"github.com/jacobianlab/jacobianlab/scenes/model"
)

func BenchmarkPieces(b *testing.B) {
	s := newGradient(url.Values{"step": {"1"}}).(*gradient)
	in := input()
	tick(s, in)
	b.Run("slice", func(b *testing.B) {
		for b.Loop() {
			s.x0[0] += 1e-6
			model.GradSliceOf(s.fn(0), s.x0, s.h)
		}
	})
	b.Run("remainder", func(b *testing.B) {
		for b.Loop() {
			s.x0[0] += 1e-6
			s.compute()
			s.currentRemainder()
		}
	})
	b.Run("compute", func(b *testing.B) {
		for b.Loop() {
			s.x0[0] += 1e-6
			s.compute()
		}
	})
	b.Run("setNumbers", func(b *testing.B) {
		for b.Loop() {
			s.x0[0] += 1e-6
			s.compute()
			s.setNumbers()
		}
	})
}
