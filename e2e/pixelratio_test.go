//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// TestPixelRatioFollowed opens the scalar lesson at one device pixel per
// CSS pixel and then changes the ratio, as zooming the page or moving the
// window to a denser screen does, first to 2 and then to 1.5. After each
// change the canvas must have the new ratio's device pixels, and show
// what a page opened at that ratio shows, pixel for pixel (to a level or
// two of antialiasing): a canvas kept at the first ratio would be
// stretched and blurred.
func TestPixelRatioFollowed(t *testing.T) {
	requireWeb(t, webDir)
	url := servePage(t, webDir) + "/?scene=scalar"
	const w, h = 800, 500
	ctx := newBrowser(t)
	emulate(t, ctx, w, h, 1)
	openPage(t, ctx, url)
	for _, dpr := range []float64{2, 1.5} {
		emulate(t, ctx, w, h, dpr)
		want := fmt.Sprintf("%dx%d", int(w*dpr), int(h*dpr))
		deadline := time.Now().Add(10 * time.Second)
		for canvasSize(t, ctx) != want && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if got := canvasSize(t, ctx); got != want {
			t.Fatalf("at %g device pixels per CSS pixel the canvas is %s device pixels, want %s", dpr, got, want)
		}
		time.Sleep(time.Second) // the frame at the new size, and the page's inputs over the fields
		changed := screenshot(t, ctx, fmt.Sprintf("pixelratio-%g-changed.png", dpr))

		fresh, cancel := chromedp.NewContext(ctx)
		emulate(t, fresh, w, h, dpr)
		openPage(t, fresh, url)
		time.Sleep(time.Second)
		opened := screenshot(t, fresh, fmt.Sprintf("pixelratio-%g-opened.png", dpr))
		cancel()
		if b := changed.Bounds(); b != opened.Bounds() || b.Dx() != int(w*dpr) {
			t.Fatalf("at %g the screenshots are %v and %v", dpr, b, opened.Bounds())
		}
		// Antialiased lines may differ by a level or two: the plots'
		// numbers went through other sizes on their way.
		if n := viztest.Differ(changed, opened, 2); n > 0 {
			t.Errorf("at %g device pixels per CSS pixel, %d pixels differ between the page whose ratio changed and one opened at it", dpr, n)
		}
	}
}

// emulate gives the page in ctx a w×h CSS-pixel view of dpr device pixels
// per CSS pixel.
func emulate(t *testing.T, ctx context.Context, w, h int64, dpr float64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, chromedp.EmulateScale(dpr))); err != nil {
		t.Fatal(err)
	}
}

// canvasSize returns the size of the app's canvas in device pixels, as
// "width×height".
func canvasSize(t *testing.T, ctx context.Context) string {
	t.Helper()
	return evalJS[string](t, ctx, `(c => c.width + "x" + c.height)(document.querySelector("canvas"))`)
}
