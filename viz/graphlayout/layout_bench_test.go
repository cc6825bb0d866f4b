package graphlayout

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkLayoutGraph lays out a random graph of 200 nodes with up to 3
// inputs each (randomLayoutGraph). The target is 5 ms.
func BenchmarkLayoutGraph(b *testing.B) {
	nodes := randomLayoutGraph(rand.New(rand.NewPCG(1, 1)), 200)
	var l *Layout
	for b.Loop() {
		l = Layered(nodes, nil)
	}
	ms := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / 1e6
	b.ReportMetric(ms, "ms/op")
	b.ReportMetric(ms/5, "ms/target")
	b.ReportMetric(float64(len(l.Edges)), "edges")
	b.ReportMetric(float64(l.Layers), "layers")
	b.ReportMetric(float64(l.Crossings), "crossings")
}
