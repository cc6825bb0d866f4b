//go:build !js

package main

import (
	"math"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// formatG writes v as the lessons' links do, with six significant digits.
func formatG(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// TestBrowserLink moves the gradient lesson's point with the keyboard and
// takes a step, then checks that the page's address has followed, that
// opening that address shows the same view, and that switching scene from
// the page API puts the new scene in the address.
func TestBrowserLink(t *testing.T) {
	requireWeb(t, webDir)
	base := servePage(t, webDir)
	ctx := newBrowser(t)
	q := url.Values{"scene": {"gradient"}, "f": {"sum(x^2 * [1, 2, 3])"}, "at": {"x = [0.5, -1, 2]"}, "g": {"sin(y)"}}
	openPage(t, ctx, base+"/?"+q.Encode())
	pressKey(t, ctx, "ArrowRight", 39)
	pressKey(t, ctx, "ArrowRight", 39)
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, `new URLSearchParams(location.search).get("step") === "1"`, 10*time.Second)
	was := stateAs[gradientState](t, ctx)
	// The address follows within a fraction of a second.
	waitJS(t, ctx, `new URLSearchParams(location.search).get("at") === "x = [`+
		formatG(was.X0[0])+`, `+formatG(was.X0[1])+`, `+formatG(was.X0[2])+`]"`, 10*time.Second)
	link := evalJS[string](t, ctx, "location.href")
	lq, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	got := lq.Query()
	for _, k := range []string{"scene", "f", "g"} {
		if got.Get(k) != q.Get(k) {
			t.Errorf("the address has %s = %q, want %q (%s)", k, got.Get(k), q.Get(k), link)
		}
	}
	if was.X0[0] == 0.5 {
		t.Errorf("the arrow keys did not move x0: %v", was.X0)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	openPage(t, ctx, link)
	now := stateAs[gradientState](t, ctx)
	if now.Step != 1 || now.Error != nil || len(now.X0) != 3 {
		t.Fatalf("opened from the address: step %d, error %v, x0 %v; want step 1 at %v", now.Step, now.Error, now.X0, was.X0)
	}
	for i := range now.X0 {
		if math.Abs(now.X0[i]-was.X0[i]) > 1e-5 {
			t.Errorf("opened from the address: x0 = %v, want %v", now.X0, was.X0)
		}
	}
	if math.Abs(now.Chain.DZDY-was.Chain.DZDY) > 1e-5 {
		t.Errorf("opened from the address: dz/dy = %v, want %v (g = sin(y))", now.Chain.DZDY, was.Chain.DZDY)
	}

	evalJS[bool](t, ctx, `window.jacobianlab.setScene("jacobian"), true`)
	waitJS(t, ctx, `new URLSearchParams(location.search).get("scene") === "jacobian"`, 10*time.Second)
}
