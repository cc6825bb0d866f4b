//go:build e2e && !js

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jacobianlab/jacobianlab/viz"
)

// TestDesktopResize opens each lesson in a desktop window of 1280×800 under
// Xvfb, resizes the window halfway through (to a course page's iframe, a
// phone held upright and one held sideways), and checks the last frame by
// the layout rules of the browser's tests: the lesson follows its window.
func TestDesktopResize(t *testing.T) {
	xvfb, dir, bin := desktopApp(t)
	for _, l := range galleryLessons {
		for _, to := range []string{"800x500", "390x844", "844x390"} {
			name := fmt.Sprintf("%s-%s", l.id, to)
			lay := filepath.Join(dir, name+".json")
			cmd := exec.Command(xvfb, "-a", "-s", "-screen 0 2000x1200x24", bin, "-scene", l.id, "-size", "1280x800", "-resize", to,
				"-frames", "30", "-capture", filepath.Join(dir, name+".png"), "-layout", lay)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: running the desktop app: %v\n%s", name, err, out)
			}
			raw, err := os.ReadFile(lay)
			if err != nil {
				t.Fatal(err)
			}
			var items []viz.Drawn
			if err := json.Unmarshal(raw, &items); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var w, h float64
			fmt.Sscanf(to, "%fx%f", &w, &h)
			if c := items[0].Rect; c[2] != w || c[3] != h {
				t.Errorf("%s: the last frame is %v×%v, want the resized window", name, c[2], c[3])
			}
			for _, p := range layoutProblems(items, false) {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
}
