//go:build e2e && !js

package e2e

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jacobianlab/jacobianlab/scenes"
)

// TestBrowserLayoutGallery opens every lesson once and shows it at every
// size of galleryViews and at every step, resized and stepped in place:
// each frame keeps the layout rules (layoutProblems) and has no error. It
// writes the screenshots to out/gallery/ with an index.html that shows
// them side by side, for a person to look at (the backprop lesson's 31
// steps are checked, and three of them kept as pictures).
func TestBrowserLayoutGallery(t *testing.T) {
	requireWeb(t, webDir)
	base := servePage(t, webDir)
	dir := filepath.Join(root, "out", "gallery")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// The lessons run in two browsers side by side, as many as go test
	// runs at once on two cores: the lesson with the most steps, which
	// takes as long as the others together, in one, and the others one
	// after the other in the second. (Parallel subtests of their own
	// would start in no set order, and the longest could start last.)
	// Each writes its part of the index, which is put together once they
	// all have run.
	parts := make([]strings.Builder, len(galleryLessons))
	longest := 0
	for i, l := range galleryLessons {
		if l.steps > galleryLessons[longest].steps {
			longest = i
		}
	}
	t.Run("lessons", func(t *testing.T) {
		for _, g := range []struct {
			name  string
			alone bool
		}{{"longest", true}, {"others", false}} {
			t.Run(g.name, func(t *testing.T) {
				t.Parallel()
				for i, l := range galleryLessons {
					if (i == longest) == g.alone {
						t.Run(l.id, func(t *testing.T) {
							galleryLesson(t, base, dir, l.id, l.steps, &parts[i])
						})
					}
				}
			})
		}
	})
	var index strings.Builder
	index.WriteString("<!doctype html><meta charset=utf-8><title>Jacobian Lab at every size</title>\n" +
		"<style>body{font:14px sans-serif} figure{display:inline-block;vertical-align:top;margin:8px} img{max-height:420px;border:1px solid #ccc}</style>\n")
	for i := range parts {
		index.WriteString(parts[i].String())
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// galleryLesson shows one lesson at every size and step, as
// TestBrowserLayoutGallery says, and writes its figures to index.
func galleryLesson(t *testing.T, base, dir, id string, steps int, index *strings.Builder) {
	ctx := newBrowser(t)
	openPage(t, ctx, base+"/?scene="+id)
	fmt.Fprintf(index, "<h2>%s</h2>\n", html.EscapeString(id))
	// The lesson has as many steps as galleryLessons says: none after the
	// last.
	goToStep(t, ctx, steps-1)
	holdKey(t, ctx, "PageDown", 34, 50*time.Millisecond)
	if st := stateAs[scenes.LessonState](t, ctx).Step; st != steps-1 {
		t.Fatalf("after step %d of %d, PageDown went to step %d: galleryLessons has the wrong count", steps, steps, st+1)
	}
	for _, v := range galleryViews {
		resize(t, ctx, v)
		for k := range steps {
			goToStep(t, ctx, k)
			name := fmt.Sprintf("%s-%dx%d-step%d", id, v.w, v.h, k+1)
			for _, p := range layoutProblems(frameLayout(t, ctx), v.mobile) {
				t.Errorf("%s: %s", name, p)
			}
			if st := stateAs[scenes.State](t, ctx); st.Error != nil {
				t.Errorf("%s: error %q", name, *st.Error)
			}
			if steps > 5 && k != 0 && k != steps/2 && k != steps-1 {
				continue
			}
			buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(index, "<figure><img src=%q alt=%q><figcaption>%s</figcaption></figure>\n", name+".png", name, name)
		}
	}
}
