package keyflags

import (
	"flag"
	"io"
	"testing"
)

// TestDefine checks that the flags give the page's keys, that they win
// over the same keys in -query, and that a -query that is not a query
// string is an error.
func TestDefine(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	keys := Define(fs)
	if err := fs.Parse([]string{"-scene", "tensor", "-f", "tanh(x)", "-query", "scene=scalar&item=softmax&N=4"}); err != nil {
		t.Fatal(err)
	}
	q, err := keys()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"scene": "tensor", "f": "tanh(x)", "item": "softmax", "N": "4", "at": "", "step": ""}
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if len(q) != 4 {
		t.Errorf("%d keys %v, want 4", len(q), q)
	}

	fs = flag.NewFlagSet("test", flag.ContinueOnError)
	keys = Define(fs)
	if err := fs.Parse([]string{"-query", "N=%zz"}); err != nil {
		t.Fatal(err)
	}
	if _, err := keys(); err == nil {
		t.Error("-query N=%zz: no error")
	}
}
