//go:build display

package scenes

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/figure"
)

// TestLessonsNonFinite opens each lesson on functions whose value or
// derivative overflows, divides by zero or is undefined at the values
// given, draws three frames, and asks the Share menu for the figure as
// SVG: no lesson stops with an internal error or keeps the frame waiting
// past a deadline, and the figure is saved or refused in a notice. (The
// figure of x/0 froze the page.)
func TestLessonsNonFinite(t *testing.T) {
	screen := ebiten.NewImage(1280, 800)
	defer screen.Deallocate()
	funcs := []string{"x/0", "exp(1000*x)", "log(x)", "x*y", "[1/x, y]", "sum(x^1000)"}
	ats := []string{"", "x = 0", "x = 1e300", "x = 1e300; y = -1e300"}
	for _, id := range figure.Scenes {
		for _, f := range funcs {
			for _, at := range ats {
				q := url.Values{"scene": {id}, "f": {f}}
				if at != "" {
					q.Set("at", at)
				}
				done := make(chan string, 1)
				go func() {
					defer func() {
						if r := recover(); r != nil {
							done <- fmt.Sprintf("panic: %v", r)
						}
					}()
					m := NewManager(q)
					fs := &fakeSharer{copied: map[string]string{}, saved: map[string][]byte{}}
					m.Share = fs
					m.Layout(1280, 800)
					for range 3 {
						if err := m.Update(); err != nil {
							done <- err.Error()
							return
						}
						m.Draw(screen)
					}
					m.shareItem(shareSVG)
					switch {
					case m.err != "":
						done <- m.err
					case len(fs.saved) == 0 && !strings.Contains(m.notice, "No figure: "):
						done <- fmt.Sprintf("no figure saved and the notice %q", m.notice)
					default:
						done <- ""
					}
				}()
				select {
				case msg := <-done:
					if msg != "" {
						t.Errorf("%v: %s", q, msg)
					}
				case <-time.After(30 * time.Second):
					t.Fatalf("%v: still working after 30 s", q)
				}
			}
		}
	}
}
