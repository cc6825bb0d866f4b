// Package looptest runs a package's tests inside Ebiten's game loop, for
// the tests that draw into images and read their pixels back
// (ebiten.Image.ReadPixels works only once a game runs). Such tests need a
// display: under Xvfb in make test.
package looptest

import (
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// Main runs m's tests during the first tick of a game loop, then ends the
// loop and exits with the tests' code. Call it from TestMain.
func Main(m *testing.M) {
	g := &game{m: m, code: 1}
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
	os.Exit(g.code)
}

// game is the loop's game: its first tick runs the tests.
type game struct {
	m    *testing.M
	code int
}

func (g *game) Update() error {
	g.code = g.m.Run()
	return ebiten.Termination
}

func (*game) Draw(*ebiten.Image)         {}
func (*game) Layout(int, int) (int, int) { return 320, 240 }
