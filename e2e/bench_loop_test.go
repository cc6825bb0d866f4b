//go:build e2e && !js

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jacobianlab/jacobianlab/internal/benchfig"
)

// budgetLoopS is the budget of BenchmarkEditLoop in seconds (issue 19).
const budgetLoopS = 30

// loopEdit is the line BenchmarkEditLoop changes: the scalar lesson's
// title, in scenes/scalar.go.
const loopEdit = "The scalar derivative: a function of one number"

// BenchmarkEditLoop times a newcomer's loop from an edit to the page: in
// a copy of the repository's files, built once with make web as it would
// be before, it changes one line of a lesson (the scalar lesson's title),
// starts make run and reports the seconds until the server it starts
// serves a wasm that holds the new title.
func BenchmarkEditLoop(b *testing.B) {
	src := copyTracked(b)
	mk := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, "make", args...)
		cmd.Dir = src
		// make run's children (go run, then the server) are stopped
		// with it, as a process group.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
		return cmd
	}
	if out, err := mk(context.Background(), "web").CombinedOutput(); err != nil {
		b.Fatalf("make web in the copy: %v\n%s", err, out)
	}
	scalar := filepath.Join(src, "scenes", "scalar.go")
	code, err := os.ReadFile(scalar)
	if err != nil {
		b.Fatal(err)
	}
	if bytes.Count(code, []byte(loopEdit)) != 1 {
		b.Fatalf("scenes/scalar.go does not hold the title %q once: change loopEdit", loopEdit)
	}
	edits := 0
	for b.Loop() {
		edits++
		title := fmt.Sprintf("%s (edit %d)", loopEdit, edits)
		if err := os.WriteFile(scalar, bytes.Replace(code, []byte(loopEdit), []byte(title), 1), 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		took := loopOnce(b, mk, title)
		elapsed := time.Since(start).Seconds()
		b.ReportMetric(elapsed, "s")
		b.ReportMetric(elapsed/budgetLoopS, "s/budget")
		b.Logf("make run after a one-line change: %.1f s (%s)", elapsed, took)
		benchfig.Check(b, benchfig.Figure{Name: "make run after a one-line change", Value: elapsed, Unit: "s", Budget: budgetLoopS})
	}
}

// loopOnce runs make run with mk and returns when the server it starts
// serves a wasm holding title, stopping it then; it returns how long the
// build and the first request took.
func loopOnce(b *testing.B, mk func(context.Context, ...string) *exec.Cmd, title string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	cmd := mk(ctx, "run", "ADDR=127.0.0.1:0")
	var log bytes.Buffer
	cmd.Stderr = &log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cancel()
		cmd.Wait()
	}()
	// make echoes its commands; the server's first line names its address.
	r := bufio.NewReader(io.TeeReader(stdout, &log))
	url := ""
	for url == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			b.Fatalf("make run ended before serving (%v):\n%s", err, log.String())
		}
		if _, u, ok := strings.Cut(strings.TrimSpace(line), "Jacobian Lab: serving web at "); ok {
			url = strings.TrimSuffix(u, "/")
		}
	}
	served := time.Since(start)
	resp, err := http.Get(url + "/jacobianlab.wasm")
	if err != nil {
		b.Fatal(err)
	}
	wasm, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s/jacobianlab.wasm: %v %v", url, resp.Status, err)
	}
	if !bytes.Contains(wasm, []byte(title)) {
		b.Fatalf("the served wasm (%d bytes) does not hold the edited title %q", len(wasm), title)
	}
	return fmt.Sprintf("serving after %.1f s, the new wasm fetched after %.1f s", served.Seconds(), time.Since(start).Seconds())
}

// copyTracked copies the files git tracks in the repository, as they are
// in the working tree, to a new temporary directory and returns it.
func copyTracked(b *testing.B) string {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		b.Fatalf("git ls-files: %v", err)
	}
	dst := b.TempDir()
	for _, name := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		from := filepath.Join(root, name)
		info, err := os.Stat(from)
		if err != nil {
			continue // deleted in the working tree
		}
		data, err := os.ReadFile(from)
		if err != nil {
			b.Fatal(err)
		}
		to := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(to, data, info.Mode().Perm()); err != nil {
			b.Fatal(err)
		}
	}
	return dst
}
