//go:build e2e && !js

package e2e

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// root is the repository's top, seen from this package's directory, where
// go test runs its tests.
const root = ".."

// built is the jacobianlab command, built once for all the tests.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// command returns the path of the jacobianlab command, built from the
// repository on first use.
func command(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "jacobianlab-e2e"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "jacobianlab")
		cmd := exec.Command("go", "build", "-o", built.bin, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// goBuild runs go build in the repository with args and env added to the
// environment, failing t on an error.
func goBuild(t testing.TB, what string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", what, err, out)
	}
}

// servePage serves dir with jacobianlab serve, the real server, on a free
// port of 127.0.0.1, and returns its URL without the final slash. The
// server is stopped when the test ends.
func servePage(t testing.TB, dir string) string {
	t.Helper()
	cmd := exec.Command(command(t), "serve", "-addr", "127.0.0.1:0", "-dir", dir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	_, url, ok := strings.Cut(strings.TrimSpace(line), " at ")
	if err != nil || !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("jacobianlab serve printed %q (%v), not its address", line, err)
	}
	return strings.TrimSuffix(url, "/")
}
