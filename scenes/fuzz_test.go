//go:build display

package scenes

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// FuzzManager opens the app on any address: a lesson, a function, its
// values and any other keys, as a link or an embedding page may give
// them. It runs two ticks and draws each: no lesson stops with an
// internal error (a panic the manager caught). Its seeds run with the
// package's tests; to fuzz it, under an X display:
//
//	xvfb-run go test -tags display -run '^$' -fuzz '^FuzzManager$' -fuzztime 20000x ./scenes
//
// make fuzz leaves it out: a lesson on a large tensor can take seconds
// under the fuzzer's instrumentation, which the fuzzer may take for a
// hung worker.
func FuzzManager(f *testing.F) {
	for _, seed := range []struct {
		scene      uint8
		fn, at, qs string
	}{
		{0, "x/0", "", ""},
		{1, "x*y", "x = 1e300", "h=1e300"},
		{2, "[1/x, y]", "x = 1e300; y = -1e300", "half=0"},
		{2, "[x, y, x*y]", "", "g=tanh(y)&step=3"},
		{3, "[(A)]", " ", "item=softmax&N=1024"},
		{4, "sum(x^1000)", "", "step=99&lr=1e308"},
		{0, "sin(x)", "x = 1", "theme=dark&embed=1&step=-1"},
	} {
		f.Add(seed.scene, seed.fn, seed.at, seed.qs)
	}
	screen := ebiten.NewImage(640, 480)
	f.Fuzz(func(t *testing.T, scene uint8, fn, at, qs string) {
		q, err := url.ParseQuery(qs)
		if err != nil {
			q = url.Values{}
		}
		ids := []string{"scalar", "gradient", "jacobian", "tensor", "backprop"}
		q.Set("scene", ids[int(scene)%len(ids)])
		q.Set("f", fn)
		q.Set("at", at)
		m := NewManager(q)
		m.Layout(640, 480)
		for range 2 {
			if err := m.Update(); err != nil {
				t.Fatal(err)
			}
			m.Draw(screen)
		}
		if strings.Contains(m.err, "internal error") {
			t.Fatalf("%v: %s", q, m.err)
		}
	})
}
