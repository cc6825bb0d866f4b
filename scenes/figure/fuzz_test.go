package figure

import (
	"io"
	"testing"
)

// FuzzFigure builds and writes the figure of any lesson, function and
// values: FromQuery and Write return a figure or an error, and neither
// panics nor hangs (a figure whose axes gonum/plot cannot mark did both).
func FuzzFigure(f *testing.F) {
	for _, seed := range []struct {
		scene uint8
		f, at string
	}{
		{0, "x/0", ""},
		{0, "exp(1000*x)", "x = 1e300"},
		{1, "x*y/0", "x = 1; y = 2"},
		{2, "[1/x, y]", "x = 1e300; y = -1e300"},
		{2, "x*y", "x = 1; y = 2"},
		{3, "[exp(x)*1e308, y]", "x = 0"},
		{4, "sum(x^1000)", ""},
		{4, "x", "x = 1e300"},
	} {
		f.Add(seed.scene, seed.f, seed.at)
	}
	f.Fuzz(func(t *testing.T, scene uint8, fn, at string) {
		q := lessonQuery(Scenes[int(scene)%len(Scenes)], fn, at)
		fig, err := FromQuery(q)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%v: an empty error", q)
			}
			return
		}
		if err := fig.Write(io.Discard, SVG, DefaultWidth, DefaultHeight); err != nil && err.Error() == "" {
			t.Fatalf("%v: an empty error", q)
		}
	})
}
