//go:build display

package viz

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz/looptest"
)

// The tests run inside a real Ebiten run loop (under Xvfb in make test), so
// that they can draw into images and read the pixels back.
func TestMain(m *testing.M) { looptest.Main(m) }

func pixels(img *ebiten.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(b)
	img.ReadPixels(out.Pix)
	return out
}
