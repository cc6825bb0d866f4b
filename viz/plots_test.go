package viz

import (
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// The golden images are in testdata/*_golden.png; go test -regen rewrites
// them from the current code.

// goldenPlots builds one plot of each kind from fixed data.
var goldenPlots = map[string]func() *plot.Plot{
	"function": func() *plot.Plot {
		return FunctionPlot(math.Sin, Range{-2 * math.Pi, 2 * math.Pi}, Range{-1.5, 1.5})
	},
	"heatmap": func() *plot.Plot {
		// f(x, y) = x² + 3y², an elongated bowl.
		return HeatMapPlot(func(x, y float64) float64 { return x*x + 3*y*y }, Range{-2, 2}, Range{-2, 2}, 40, 8)
	},
	"gridmap": func() *plot.Plot {
		// Polar coordinates: (r, θ) ↦ (r cos θ, r sin θ).
		return GridMapPlot(func(r, t float64) (float64, float64) { return r * math.Cos(t), r * math.Sin(t) }, Range{0.5, 1.5}, Range{0, math.Pi}, 7)
	},
	"loglog": func() *plot.Plot {
		// The error of a linear approximation falls as h².
		var h, e []float64
		for k := range 8 {
			hk := math.Pow(10, -float64(k)/2)
			h, e = append(h, hk), append(e, 0.3*hk*hk)
		}
		return LogLogPlot(h, e, 2)
	},
	"bars": func() *plot.Plot {
		return BarPlot([]float64{1.5, -0.5, 2, 0.25}, []string{"x₁", "x₂", "x₃", "x₄"})
	},
}

func TestPlotsGolden(t *testing.T) {
	for name, build := range goldenPlots {
		t.Run(name, func(t *testing.T) {
			cmpimg.CheckPlotApprox(func() {
				if err := Export(build(), 4*vg.Inch, 3*vg.Inch, filepath.Join("testdata", name+".png")); err != nil {
					t.Fatal(err)
				}
			}, t, 0.02, name+".png")
		})
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	p := goldenPlots["function"]()
	for ext, magic := range map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"} {
		path := filepath.Join(dir, "plot"+ext)
		if err := Export(p, 3*vg.Inch, 2*vg.Inch, path); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), magic) {
			t.Errorf("%s starts %q, want %q", ext, data[:min(len(data), 8)], magic)
		}
	}
	if err := Export(p, vg.Inch, vg.Inch, filepath.Join(dir, "plot.gif")); err == nil || !strings.Contains(err.Error(), ".gif") {
		t.Errorf("exporting a .gif: err = %v, want an error naming the format", err)
	}
}

func TestPlotLayer(t *testing.T) {
	l := NewPlotLayer(goldenPlots["loglog"])
	r := image.Rect(10, 20, 610, 420)
	l.Prepare(r, 1)
	if l.Renders() != 1 {
		t.Fatalf("renders = %d after the first Prepare", l.Renders())
	}
	// Nothing changed: no render.
	for range 5 {
		l.Prepare(r, 1)
	}
	if l.Renders() != 1 {
		t.Errorf("renders = %d after Prepare with nothing changed", l.Renders())
	}
	l.Invalidate()
	l.Prepare(r, 1)
	l.Prepare(r.Add(image.Pt(1, 0)), 1)
	l.Prepare(r.Add(image.Pt(1, 0)), 2)
	if l.Renders() != 4 {
		t.Errorf("renders = %d, want 4 (invalidated, moved, rescaled)", l.Renders())
	}

	// On log axes, screen ↔ data round-trips, and a decade is a fixed
	// distance.
	da := l.DataArea()
	if !da.In(l.Rect().Add(image.Pt(0, 0))) || da.Dx() < 100 {
		t.Fatalf("data area %v not inside the layer %v", da, l.Rect())
	}
	for _, x := range []float64{1e-3, 1e-2, 0.1, 0.5} {
		sx, sy := l.ToScreen(x, 1e-4)
		gx, gy := l.FromScreen(sx, sy)
		if math.Abs(gx-x)/x > 1e-12 || math.Abs(gy-1e-4)/1e-4 > 1e-12 {
			t.Errorf("round trip of (%g, 1e-4) gives (%g, %g)", x, gx, gy)
		}
	}
	a, _ := l.ToScreen(1e-3, 1)
	b, _ := l.ToScreen(1e-2, 1)
	c, _ := l.ToScreen(1e-1, 1)
	if math.Abs((b-a)-(c-b)) > 1e-9 {
		t.Errorf("decades are %v and %v pixels wide", b-a, c-b)
	}
}

// TestLogLogPlotNothingPositive renders error series with fewer than two
// points that log axes can show (a linear function's error is exactly
// zero): the plot must render, over the steps' range, and say why it is
// empty, rather than loop over an infinite tick range.
func TestLogLogPlotNothingPositive(t *testing.T) {
	h := []float64{1, 0.1, 0.01, 0.001}
	for name, errs := range map[string][]float64{
		"zeros":     {0, 0, 0, 0},
		"one point": {0, 1e-17, 0, 0},
		"no steps":  nil,
	} {
		t.Run(name, func(t *testing.T) {
			hs := h
			if errs == nil {
				hs = nil
			}
			done := make(chan error, 1)
			go func() {
				done <- Export(LogLogPlot(hs, errs, 2), 3*vg.Inch, 2*vg.Inch, filepath.Join(t.TempDir(), "p.png"))
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("rendering an empty log–log plot did not finish")
			}
			p := LogLogPlot(hs, errs, 2)
			if hs != nil && (p.X.Min != 0.001 || p.X.Max != 1) {
				t.Errorf("x range [%g, %g], want the steps' [0.001, 1]", p.X.Min, p.X.Max)
			}
			if !strings.Contains(plotText(p), "error is 0") {
				t.Errorf("the empty plot does not say the error is 0: %q", plotText(p))
			}
		})
	}
}

// plotText returns the text drawn when p is drawn on a 3×2 inch canvas.
func plotText(p *plot.Plot) string {
	c := &recorder.Canvas{}
	p.Draw(draw.NewCanvas(c, 3*vg.Inch, 2*vg.Inch))
	var b strings.Builder
	for _, a := range c.Actions {
		if s, ok := a.(*recorder.FillString); ok {
			b.WriteString(s.String + " ")
		}
	}
	return b.String()
}
