//go:build e2e && !js

package e2e

import (
	"github.com/jacobianlab/jacobianlab/scenes"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
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
	was := stateAs[scenes.GradientState](t, ctx)
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
	now := stateAs[scenes.GradientState](t, ctx)
	if now.Step != 1 || now.Error != nil || len(now.X0) != 3 {
		t.Fatalf("opened from the address: step %d, error %v, x0 %v; want step 1 at %v", now.Step, now.Error, now.X0, was.X0)
	}
	for i := range now.X0 {
		if math.Abs(now.X0[i]-was.X0[i]) > 1e-5 {
			t.Errorf("opened from the address: x0 = %v, want %v", now.X0, was.X0)
		}
	}
	if math.Abs(float64(*now.Chain.DZDY-*was.Chain.DZDY)) > 1e-5 {
		t.Errorf("opened from the address: dz/dy = %v, want %v (g = sin(y))", *now.Chain.DZDY, *was.Chain.DZDY)
	}

	evalJS[bool](t, ctx, `window.jacobianlab.setScene("jacobian"), true`)
	waitJS(t, ctx, `new URLSearchParams(location.search).get("scene") === "jacobian"`, 10*time.Second)
}

// TestBrowserDescription checks the page's live region, which tells a
// screen reader what the canvas shows: it follows the step and the point,
// and holds still during a drag until the button is released.
func TestBrowserDescription(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	openPage(t, ctx, servePage(t, webDir)+"/?scene=scalar&f=x%5E2&at=x%3D1.5")
	paragraph := func(i int) string {
		return evalJS[string](t, ctx, `(document.querySelectorAll("#description p")[`+strconv.Itoa(i)+`] || {}).textContent || ""`)
	}
	waitJS(t, ctx, `document.querySelectorAll("#description p").length === 2`, 10*time.Second)
	if p := paragraph(0); !strings.Contains(p, "Step 1 of 3") {
		t.Errorf("first paragraph %q does not give the step", p)
	}
	if p := paragraph(1); !strings.Contains(p, "f(x₀) = 2.25") || !strings.Contains(p, "f′(x₀) = 3") {
		t.Errorf("second paragraph %q does not give f(x₀) = 2.25 and f′(x₀) = 3", p)
	}
	if live := evalJS[string](t, ctx, `document.getElementById("description").getAttribute("aria-live")`); live != "polite" {
		t.Errorf("aria-live = %q", live)
	}
	pressKey(t, ctx, "PageDown", 34)
	waitJS(t, ctx, `document.querySelector("#description p").textContent.includes("Step 2 of 3")`, 10*time.Second)

	// While the point is dragged the description waits; it catches up
	// when the button is released.
	before := paragraph(1)
	g := pageState(t, ctx).Plot
	y := (g.Top + g.Bottom) / 2
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent(chromedp.MouseMoved, g.Left+40, y),
		chromedp.MouseEvent(chromedp.MousePressed, g.Left+40, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	); err != nil {
		t.Fatal(err)
	}
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	for i := range 10 {
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, g.Left+40+float64(i)*5, y, held)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	if x0 := pageState(t, ctx).X0; x0 == 1.5 {
		t.Fatalf("the drag did not move x0")
	}
	if p := paragraph(1); p != before {
		t.Errorf("the description changed during the drag: %q, was %q", p, before)
	}
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, g.Left+85, y, chromedp.ButtonLeft)); err != nil {
		t.Fatal(err)
	}
	x0 := formatG(pageState(t, ctx).X0)
	waitJS(t, ctx, `document.querySelectorAll("#description p")[1].textContent.includes("x₀ = `+x0+`")`, 10*time.Second)
}
