package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	kept := write("kept.jsonl", `{"name": "backprop play, p95 frame", "value": 6.5, "unit": "ms", "budget": 8}`+"\n")
	missed := write("missed.jsonl", `{"name": "backprop play, p95 frame", "value": 11.7, "unit": "ms", "budget": 8}`+"\n")
	for _, test := range []struct {
		args   []string
		status int
		out    string // in stdout
		errOut string // in stderr
	}{
		{[]string{kept}, 0, "backprop play, p95 frame  6.5 ms", ""},
		{[]string{missed}, 1, "missed their budget: 1 of 1 figures", ""},
		{[]string{write("empty.jsonl", "")}, 1, "", "no figures"},
		{[]string{write("bad.jsonl", "{")}, 1, "", "line 1"},
		{[]string{filepath.Join(dir, "none.jsonl")}, 1, "", "make bench writes it"},
		{nil, 2, "", "usage"},
	} {
		var stdout, stderr bytes.Buffer
		status := run(test.args, &stdout, &stderr)
		if status != test.status || !strings.Contains(stdout.String(), test.out) || !strings.Contains(stderr.String(), test.errOut) {
			t.Errorf("benchsummary %q: status %d, stdout:\n%s\nstderr:\n%s\nwant status %d, %q and %q", test.args, status, stdout.String(), stderr.String(), test.status, test.out, test.errOut)
		}
	}
}
