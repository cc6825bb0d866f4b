//go:build display

package scenes

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// frameOf gives the tests a lesson's frame.
func (l *lesson) frameOf() *lesson { return l }

// TestEveryStepDescribed opens every lesson at each of its steps. Each step
// has a title and a text; the description a screen reader hears names the
// step and gives numbers of the step's own, different from every other
// step's; and no text has a formatting slip (%!).
func TestEveryStepDescribed(t *testing.T) {
	screen := ebiten.NewImage(1100, 720)
	for _, e := range registry {
		first, ok := e.New(url.Values{}).(interface{ frameOf() *lesson })
		if !ok {
			continue
		}
		steps := first.frameOf().steps
		if len(steps) < 2 {
			t.Errorf("%s: %d steps", e.ID, len(steps))
		}
		seen := map[string]int{}
		for i, st := range steps {
			if st.title == "" || st.text == "" {
				t.Errorf("%s step %d: title %q, text %q", e.ID, i, st.title, st.text)
			}
			s := e.New(url.Values{"step": {strconv.Itoa(i)}})
			if err := tick(s, input()); err != nil {
				t.Fatal(err)
			}
			frame(t, s, screen)
			d := s.(Describer).Describe()
			if len(d) < 2 || !strings.Contains(d[0], st.title) {
				t.Errorf("%s step %d: the description does not name the step %q: %q", e.ID, i, st.title, d)
				continue
			}
			l := s.(interface{ frameOf() *lesson }).frameOf()
			head := "f(" + strings.Join(l.fn(0).Prog.Names(), ", ") + ") = " + l.fn(0).Prog.Source() + ". "
			own := strings.TrimPrefix(d[1], head)
			if strings.TrimSpace(own) == "" || own == d[1] {
				t.Errorf("%s step %d: no numbers of its own in %q", e.ID, i, d[1])
			}
			if j, dup := seen[own]; dup {
				t.Errorf("%s steps %d and %d describe the same numbers: %q", e.ID, j, i, own)
			}
			seen[own] = i
			for _, p := range d {
				if strings.Contains(p, "%!") {
					t.Errorf("%s step %d: formatting slip in %q", e.ID, i, p)
				}
			}
		}
	}
}
