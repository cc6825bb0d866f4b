//go:build display && pixels

package scenes

import (
	"testing"

	"github.com/jacobianlab/jacobianlab/viz/looptest"
)

// With the tag pixels, the package's tests run inside Ebiten's game loop,
// so that images can be read back (ReadPixels) and compared pixel for
// pixel. Only the tests that read pixels build with the tag, and make test
// runs them on their own: in the loop the draws of all the package's other
// tests would queue up until the end of its first tick, and take minutes
// instead of seconds.
func TestMain(m *testing.M) { looptest.Main(m) }
