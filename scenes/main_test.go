//go:build display && pixels

package scenes

import (
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// With the tag pixels, the package's tests run beside Ebiten's game loop,
// so that images can be read back (ReadPixels) and compared pixel for
// pixel; the loop goes on, and runs the draws the tests queue, until they
// end. Only the tests that read pixels build with the tag (make test runs
// them on their own): beside the loop every draw waits for its frames,
// and the package's other tests would take minutes instead of seconds.
//
// testGame is that loop's game.
type testGame struct {
	m    *testing.M
	code int
	done chan struct{}
}

func (g *testGame) Update() error {
	if g.done == nil {
		g.done = make(chan struct{})
		go func() {
			g.code = g.m.Run()
			close(g.done)
		}()
	}
	select {
	case <-g.done:
		return ebiten.Termination
	default:
		return nil
	}
}

func (*testGame) Draw(*ebiten.Image)         {}
func (*testGame) Layout(int, int) (int, int) { return 320, 240 }

func TestMain(m *testing.M) {
	g := &testGame{m: m, code: 1}
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
	os.Exit(g.code)
}
