//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"image"
	"math"
	"testing"
	"time"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz/viztest"
)

// idleFor resets the app's perf() and returns it after d, in which nobody
// touches the page.
func idleFor(t testing.TB, ctx context.Context, d time.Duration) perfResult {
	t.Helper()
	evalJS[any](t, ctx, "window.jacobianlab.resetPerf(), 0")
	time.Sleep(d)
	return evalJS[perfResult](t, ctx, "window.jacobianlab.perf()")
}

// pixelsDiffer returns how many pixels of two screenshots differ.
func pixelsDiffer(a, b image.Image) (n int) {
	r := a.Bounds()
	if b.Bounds() != r {
		return r.Dx() * r.Dy()
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r0, g0, b0, _ := a.At(x, y).RGBA()
			r1, g1, b1, _ := b.At(x, y).RGBA()
			if r0 != r1 || g0 != g1 || b0 != b1 {
				n++
			}
		}
	}
	return n
}

// TestBrowserIdle leaves the scalar lesson alone on a laptop's screen, in
// an 800×500 iframe's and on a phone, and checks that it stops drawing (its
// frames are idle: see Manager.Draw) while the page still shows the whole
// lesson, pixel for pixel as before; that a key draws frames again and
// changes the picture; and, in the Jacobian lesson, that an animation
// draws every frame while it plays.
func TestBrowserIdle(t *testing.T) {
	requireWeb(t, webDir)
	base := servePage(t, webDir)
	for _, v := range []galleryView{{1280, 800, false}, {800, 500, false}, {390, 844, true}} {
		t.Run(v.String(), func(t *testing.T) {
			ctx := newBrowser(t)
			openPage(t, ctx, base+"/?scene=scalar")
			resize(t, ctx, v)
			time.Sleep(time.Second) // the first frames, and the page's inputs over the fields
			before := screenshot(t, ctx, "idle-"+v.String()+".png")
			p := idleFor(t, ctx, 1500*time.Millisecond)
			if p.Frames < 20 || p.Frames-p.IdleFrames > 1 {
				t.Errorf("left alone for 1.5 s: %d frames, %d of them idle; want at least 20, and at most one drawn", p.Frames, p.IdleFrames)
			}
			after := screenshot(t, ctx, "idle-after-"+v.String()+".png")
			if n := pixelsDiffer(before, after); n > 0 {
				t.Errorf("%d pixels of the page changed while nothing happened", n)
			}
			st := pageState(t, ctx)
			if !v.mobile {
				checkScalarPixels(t, after, st, 1, math.Sin)
			} else if viztest.Uniform(after, after.Bounds()) {
				t.Error("the idle page is a single colour")
			}

			// A key moves x₀: frames are drawn again, and the picture changes.
			evalJS[any](t, ctx, "window.jacobianlab.resetPerf(), 0")
			pressKey(t, ctx, "ArrowRight", 39)
			waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().x0 > %v", st.X0), 5*time.Second)
			if p := evalJS[perfResult](t, ctx, "window.jacobianlab.perf()"); p.Frames-p.IdleFrames < 1 {
				t.Errorf("a key drew no frame: %+v", p)
			}
			moved := screenshot(t, ctx, "idle-moved-"+v.String()+".png")
			if n := pixelsDiffer(after, moved); n < 100 {
				t.Errorf("moving x₀ changed %d pixels, want at least 100", n)
			}
			if !v.mobile {
				checkScalarPixels(t, moved, pageState(t, ctx), 1, math.Sin)
			}
		})
	}

	t.Run("playing", func(t *testing.T) {
		ctx := newBrowser(t)
		openPage(t, ctx, base+"/?scene=jacobian&step=2")
		resize(t, ctx, galleryView{1280, 800, false})
		time.Sleep(time.Second)
		start := stateAs[scenes.JacobianState](t, ctx).Animation
		pressKey(t, ctx, " ", 32)
		// Its first step may take longer than the window below on a busy
		// machine: the window starts once the animation has moved.
		waitJS(t, ctx, fmt.Sprintf("window.jacobianlab.state().animation.index > %d", start.Index), 10*time.Second)
		p := idleFor(t, ctx, 500*time.Millisecond)
		now := stateAs[scenes.JacobianState](t, ctx).Animation
		if now.Index >= now.Total {
			t.Fatalf("the animation went from %+v to %+v; want it playing still", start, now)
		}
		if p.Frames < 5 || p.IdleFrames > 1 {
			t.Errorf("while the animation played: %d frames, %d of them idle; want at least 5, none idle", p.Frames, p.IdleFrames)
		}
	})
}
