//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// galleryView is a window size the lessons must fit: phones in both
// orientations (with mobile emulation and touch at device scale 3), an
// iframe in a course page's column, laptops and a projector.
type galleryView struct {
	w, h   int64
	mobile bool
}

// resize emulates the view and waits until the app has drawn a frame at
// its size.
func resize(t testing.TB, ctx context.Context, v galleryView) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if v.mobile {
		opts = []chromedp.EmulateViewportOption{chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch}
		if v.w > v.h {
			opts = append(opts, chromedp.EmulateLandscape)
		} else {
			opts = append(opts, chromedp.EmulatePortrait)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.w, v.h, opts...)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, fmt.Sprintf(`(() => { const c = window.jacobianlab.layout()[0]; return c && Math.abs(c.rect[2] - %d) <= 1 && Math.abs(c.rect[3] - %d) <= 1 })()`, v.w, v.h), 10*time.Second)
}
