//go:build e2e && !js

package e2e

import (
	"fmt"
	"github.com/jacobianlab/jacobianlab/scenes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// hostileLink is a page link that carries one of issue 14's findings.
type hostileLink struct {
	name, scene, f, at string
	want               string // a part of state().error; "" for none
}

// hostileLinks are the findings as links to the lessons that take them.
func hostileLinks() []hostileLink {
	ones := func(n int) string { return "x = [" + strings.Repeat("1, ", n-1) + "1]" }
	outer := func(n int) string { return fmt.Sprintf("(reshape(x, %d, 1) * reshape(x, 1, %d))", n, n) }
	matrix := func(n int) string { return fmt.Sprintf("(reshape(x, %d, 1) @ reshape(x, 1, %d))", n, n) }
	return []hostileLink{
		{"reshape overflow", "gradient", "sum(reshape(x, 2516583, 2876899, 3340303, 337876, 2561423, 3552137))", "x = [1, 2, 3, 4]",
			"expr: expression, byte 4: reshape cannot take shape [4]: cannot reshape [4] of 4 entries to [2516583 2876899 3340303 337876 2561423 3552137] of 7.43 × 10³⁷ entries"},
		{"hidden nodes", "gradient", "sum(softmax(softmax(softmax(" + outer(2040) + "))))", ones(2040),
			"more than the 463.2 KiB left of the memory budget of 64 MiB"},
		{"hidden nodes, backprop", "backprop", "sum(softmax(softmax(softmax(" + outer(2040) + "))))", ones(2040),
			"memory budget of 64 MiB"},
		{"contraction work", "gradient", "sum(" + outer(1800) + " @ " + outer(1800) + " @ " + outer(1800) + ")", ones(1800),
			"memory budget of 64 MiB"},
		// The same product of 1100×1100 matrices made without broadcasting
		// fits in memory, but not in the work budget.
		{"contraction work within memory", "tensor", "sum(" + matrix(1100) + " @ " + matrix(1100) + ")", ones(1100),
			"'@' needs 1331000000 multiply-adds, more than the"},
		{"a large Jacobian", "tensor", "softmax(x)", ones(4096), ""},
		{"reshape over the limit", "jacobian", "[sum(reshape(x, 4194305)), y]", "x = 1; y = 2",
			"a size given to reshape can be at most 4194304"},
	}
}

// url returns the link to l on the page served at base.
func (l hostileLink) url(base string) string {
	return base + "/?" + url.Values{"scene": {l.scene}, "f": {l.f}, "at": {l.at}}.Encode()
}

// TestBrowserHostileLinks opens the page on links that carry the inputs
// which crashed, exhausted or froze the command line (issue 14's findings)
// and checks that each lesson answers as it does to any mistake, in its
// positioned error, soon after the page starts; that frames keep coming;
// and that the lesson and the page go on working.
func TestBrowserHostileLinks(t *testing.T) {
	requireWeb(t, webDir)
	base := servePage(t, webDir)
	ctx := newBrowser(t)
	for _, tc := range hostileLinks() {
		openPage(t, ctx, tc.url(base))
		// The lesson's own start-up, the finding's evaluation included, from
		// Go's main to the first frame drawn: no link freezes the page.
		// (BenchmarkHostileLinks measures it against its budget of 1 s.)
		ms := evalJS[float64](t, ctx, "window.jacobianlab.timing.ready - window.jacobianlab.timing.main")
		t.Logf("%s: first frame %.0f ms after Go's main", tc.name, ms)
		if ms > 10000 {
			t.Errorf("%s: the first frame came %.0f ms after Go's main: the page froze", tc.name, ms)
		}
		st := stateAs[scenes.LessonState](t, ctx)
		switch {
		case st.Scene != tc.scene:
			t.Errorf("%s: scene %q", tc.name, st.Scene)
		case tc.want == "" && st.Error != nil:
			t.Errorf("%s: error %q", tc.name, *st.Error)
		case tc.want != "" && (st.Error == nil || !strings.Contains(*st.Error, tc.want)):
			t.Errorf("%s: error %v, want one with %q", tc.name, deref(st.Error), tc.want)
		}
		screenshot(t, ctx, "hostile-"+strings.ReplaceAll(tc.name, " ", "-")+".png")
		// Frames keep coming: more than 5 in a second, where this machine's
		// software GL draws 15 to 25.
		evalJS[bool](t, ctx, "window.jacobianlab.resetPerf(), true")
		time.Sleep(time.Second)
		if p := evalJS[perfResult](t, ctx, "window.jacobianlab.perf()"); p.Frames < 5 {
			t.Errorf("%s: %d frames in the second after: %+v", tc.name, p.Frames, p)
		}
		// The lesson still steps, and the page still changes lessons.
		pressKey(t, ctx, "PageDown", 34)
		waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().step === %d", st.Step+1), 10*time.Second)
		evalJS[bool](t, ctx, `window.jacobianlab.setScene("scalar"), true`)
		waitJS(t, ctx, `window.jacobianlab.state().scene === "scalar" && window.jacobianlab.state().error === null`, 10*time.Second)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			t.Fatal(err)
		}
	}
}

// deref returns *s, or "<nil>".
func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
