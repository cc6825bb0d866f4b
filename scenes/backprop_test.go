package scenes

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// newBackpropScene returns the backprop scene for the query after one
// tick.
func newBackpropScene(t *testing.T, q url.Values) *backprop {
	t.Helper()
	s := newBackprop(q).(*backprop)
	if err := s.Update(input()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBackpropSmoke(t *testing.T) {
	s := newBackpropScene(t, nil)
	screen := ebiten.NewImage(1100, 720)
	for tab := range 4 {
		s.tabs.Selected = tab
		s.tl.Seek(0)
		for range s.net.steps() + 1 {
			if err := s.Update(keys(ebiten.KeyArrowRight)); err != nil {
				t.Fatal(err)
			}
			s.Draw(screen)
			if _, err := json.Marshal(s.State()); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Log(bpDefAt, s.net.steps(), s.step)
}
