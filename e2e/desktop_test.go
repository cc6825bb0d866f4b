//go:build e2e && !js

package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDesktop builds the native app, runs it in a real window under Xvfb,
// captures a frame and checks it by its pixels and its state.
func TestDesktop(t *testing.T) {
	xvfb, dir, bin := desktopApp(t)
	shot, statePath, layoutPath := filepath.Join(dir, "frame.png"), filepath.Join(dir, "state.json"), filepath.Join(dir, "layout.json")
	cmd := exec.Command(xvfb, "-a", "-s", "-screen 0 1280x800x24",
		bin, "-scene", "scalar", "-capture", shot, "-state", statePath, "-layout", layoutPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("running the desktop app: %v\n%s", err, out)
	}

	raw, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	var st scenes.ScalarState
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("state: %v\n%s", err, raw)
	}
	if st.Scene != "scalar" || st.Error != nil {
		t.Fatalf("state = scene %q, error %v; want scalar, null", st.Scene, st.Error)
	}
	if d := math.Abs(float64(st.DFDX) - math.Cos(st.X0)); d > 1e-12 {
		t.Errorf("dfdx = %v at x0 = %v, want cos(x0)", float64(st.DFDX), st.X0)
	}
	// The desktop draws its text fields itself: no HTML covers them.
	raw, err = os.ReadFile(layoutPath)
	if err != nil {
		t.Fatal(err)
	}
	var drawn []viz.Drawn
	if err := json.Unmarshal(raw, &drawn); err != nil {
		t.Fatalf("layout: %v\n%s", err, raw)
	}
	fields := 0
	for _, d := range drawn {
		if d.ID == "textfield" {
			fields++
			if d.HTML {
				t.Errorf("the desktop's layout marks a text field html: %+v", d)
			}
		}
	}
	if fields != 2 {
		t.Errorf("the desktop's layout has %d text fields, want 2", fields)
	}

	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, "desktop.png", data)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// The window is 1100 logical pixels wide; the capture has one pixel per
	// device pixel.
	scale := float64(img.Bounds().Dx()) / 1100
	if scale < 1 {
		t.Fatalf("captured frame is %v, narrower than the 1100-pixel window", img.Bounds())
	}
	checkScalarPixels(t, img, st, scale, math.Sin)

	// The scenes' own keys come in through -query; the flags win over it.
	cmd = exec.Command(xvfb, "-a", "-s", "-screen 0 1280x800x24",
		bin, "-scene", "scalar", "-query", "g=cos(y)&scene=tensor&step=2", "-frames", "2", "-capture", shot, "-state", statePath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("running the desktop app with -query: %v\n%s", err, out)
	}
	raw, err = os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	var q struct {
		Scene string
		Step  int
		Chain struct{ DZDY float64 }
		X0    float64
	}
	if err := json.Unmarshal(raw, &q); err != nil {
		t.Fatalf("state: %v\n%s", err, raw)
	}
	if want := -math.Sin(math.Sin(q.X0)); q.Scene != "scalar" || q.Step != 2 || math.Abs(q.Chain.DZDY-want) > 1e-12 {
		t.Errorf("with -query: scene %q, step %d, dz/dy %v; want scalar, 2, -sin(sin(x0)) = %v", q.Scene, q.Step, q.Chain.DZDY, want)
	}
	out, err := exec.Command(xvfb, "-a", bin, "-query", "%zz").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "-query") {
		t.Errorf("a bad -query: err %v, output %q; want a failure that names -query", err, out)
	}
}

// desktopApp builds the native app into a temporary directory and returns
// xvfb-run's path, the directory and the app's path.
func desktopApp(t *testing.T) (xvfb, dir, bin string) {
	t.Helper()
	xvfb, err := exec.LookPath("xvfb-run")
	if err != nil {
		t.Fatalf("xvfb-run is not installed (%v): run the tests with make test", err)
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "jacobianlab-desktop")
	goBuild(t, "the desktop app", nil, "-o", bin, "./wasm")
	return xvfb, dir, bin
}

// TestDesktopWithoutDisplay runs the native app where there is no X
// display: it must stop with a message that says so, not with a panic in
// Ebiten's initialization.
func TestDesktopWithoutDisplay(t *testing.T) {
	_, _, bin := desktopApp(t)
	cmd := exec.Command(bin, "-scene", "scalar")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("without a display the desktop app ended with %v, want exit status 1\n%s", err, stderr.String())
	}
	out := stderr.String()
	if !strings.Contains(out, "no display") || !strings.Contains(out, "DISPLAY is not set") {
		t.Errorf("without a display the desktop app said %q, want it to say there is no display", out)
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
		t.Errorf("without a display the desktop app panicked:\n%s", out)
	}
}
