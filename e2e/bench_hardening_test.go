//go:build e2e && !js

package e2e

import (
	"strings"
	"testing"

	"github.com/jacobianlab/jacobianlab/internal/benchfig"
)

// budgetHostileMs is how soon a lesson opened on a hostile link must show
// its error: the first frame within 1 s of Go's main (issue 14).
const budgetHostileMs = 1000

// BenchmarkHostileLinks opens each of issue 14's findings as a page link and
// reports, for each, the median over five loads of the time from Go's main
// to the first frame, the finding's evaluation and refusal included, and
// its ratio to the budget of 1 s.
func BenchmarkHostileLinks(b *testing.B) {
	requireWeb(b, webDir)
	base := servePage(b, webDir)
	ctx := loadBrowser(b)
	openPage(b, ctx, base+"/?scene=scalar") // warm the browser and its cache
	for b.Loop() {
		for _, l := range hostileLinks() {
			t := medians(loadTimes(b, ctx, 5, false, load{l.url(base), []string{"main", "ready"}})[0])
			name := strings.ReplaceAll(l.name, " ", "-")
			ms := t["ready"] - t["main"]
			b.ReportMetric(ms, name+"-ms")
			b.ReportMetric(ms/budgetHostileMs, name+"/budget")
			benchfig.Check(b, benchfig.Figure{Name: "hostile link, " + l.name + ": main → first frame", Value: ms, Unit: "ms", Budget: budgetHostileMs})
		}
	}
}
