//go:build e2e && !js

package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
)

// quizPage is the part of state() a question's test reads.
type quizPage struct {
	Step   int               `json:"step"`
	Quiz   *scenes.QuizState `json:"quiz"`
	Inputs []quizInput       `json:"inputs"`
}

// quizInput is an input of the lesson's function in state().
type quizInput struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// quizButton returns the rectangle, in CSS pixels, of the button labelled
// label that the last frame drew, as layout() reports it.
func quizButton(t *testing.T, ctx context.Context, label string) [4]float64 {
	t.Helper()
	items := frameLayout(t, ctx)
	k := slices.IndexFunc(items, func(d viz.Drawn) bool { return d.Kind == viz.DrawnWidget && d.ID == "button" && d.Text == label })
	if k < 0 {
		t.Fatalf("no button %q on show", label)
	}
	return items[k].Rect
}

// tap touches the middle of r with one finger and lifts it.
func tap(t *testing.T, ctx context.Context, r [4]float64) {
	t.Helper()
	x, y := (r[0]+r[2])/2, (r[1]+r[3])/2
	for _, typ := range []input.DispatchTouchEventType{input.DispatchTouchEventTypeTouchStart, input.DispatchTouchEventTypeTouchEnd} {
		if err := touchAt(ctx, typ, x, y); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitQuiz waits until state().quiz has the outcome and returns it.
func waitQuiz(t *testing.T, ctx context.Context, outcome string) *scenes.QuizState {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf(`(window.jacobianlab.state().quiz || {}).outcome === %q`, outcome), 10*time.Second)
	return stateAs[quizPage](t, ctx).Quiz
}

// drawsText reports whether the last frame drew a text that contains sub,
// its lines joined by spaces.
func drawsText(t *testing.T, ctx context.Context, sub string) bool {
	t.Helper()
	return slices.ContainsFunc(frameLayout(t, ctx), func(d viz.Drawn) bool {
		return strings.Contains(strings.Join(strings.Fields(d.Text), " "), sub)
	})
}

// TestBrowserQuiz answers the lessons' questions as a reader would. By
// keyboard, at 1280×800: the backprop lesson's, on the last step of the
// forward sweep, reached with Tab, the right choice (the shape of the
// matrix it names, W1 by default) picked
// with the arrow keys and taken with Enter: state().quiz is right and
// correct. By touch, on a phone (390×844, scale 3, mobile emulation): the
// Jacobian lesson's question about ∂z/∂x's shape, a wrong choice tapped
// on the question's own sheet: the outcome is wrong and the reply, with
// its reason, is on show; after a reload, Skip tapped: skipped, and the
// answer told.
func TestBrowserQuiz(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)

	t.Run("keyboard", func(t *testing.T) {
		openPage(t, ctx, base+"/?scene=backprop&step=16")
		resize(t, ctx, galleryView{1280, 800, false})
		st := stateAs[quizPage](t, ctx)
		q := st.Quiz
		if q == nil || q.ID != "backprop-grad-shape" || q.Outcome != "open" {
			t.Fatalf("at step %d state().quiz = %+v, want the backprop question open", st.Step, q)
		}
		// The question names the matrix it is about, and its shape.
		m := regexp.MustCompile(`and (\S+) is (\d+)×(\d+):`).FindStringSubmatch(q.Prompt)
		if m == nil {
			t.Fatalf("the prompt %q names no matrix", q.Prompt)
		}
		k := slices.IndexFunc(st.Inputs, func(in quizInput) bool { return in.Name == m[1] })
		if k < 0 || fmt.Sprint(st.Inputs[k].Shape) != fmt.Sprintf("[%s %s]", m[2], m[3]) {
			t.Fatalf("the prompt %q does not match the inputs %+v", q.Prompt, st.Inputs)
		}
		right := m[2] + "×" + m[3]
		if !slices.Contains(q.Choices, right) || q.Choices[0] == right {
			t.Fatalf("choices %v: want %s among them, not first, so that the arrows have to move", q.Choices, right)
		}
		tabTo(t, ctx, "button: "+q.Choices[0])
		for range len(q.Choices) {
			if evalJS[string](t, ctx, `window.jacobianlab.state().control || ""`) == "button: "+right {
				break
			}
			pressKey(t, ctx, "ArrowRight", 39)
		}
		if c := evalJS[string](t, ctx, `window.jacobianlab.state().control || ""`); c != "button: "+right {
			t.Fatalf("→ never reached %s: the focus is on %q", right, c)
		}
		pressKey(t, ctx, "Enter", 13)
		if q := waitQuiz(t, ctx, "right"); !q.Correct {
			t.Errorf("answered %s: state().quiz = %+v, want correct", right, q)
		}
		if !drawsText(t, ctx, "Right: "+right) {
			t.Errorf("the reply to %s is not on show", right)
		}
	})

	shape := regexp.MustCompile(`∂z/∂y is (\d+)×\d+ and ∂y/∂x is \d+×(\d+)`)
	phone := func(t *testing.T) *scenes.QuizState {
		t.Helper()
		// The phone first, so that the lesson opens on the question's
		// sheet, as it does when its step is reached.
		resize(t, ctx, galleryView{390, 844, true})
		openPage(t, ctx, base+"/?scene=jacobian&step=2")
		resize(t, ctx, galleryView{390, 844, true})
		q := stateAs[quizPage](t, ctx).Quiz
		if q == nil || q.ID != "jacobian-chain-shape" || q.Outcome != "open" {
			t.Fatalf("state().quiz = %+v, want the Jacobian question open", q)
		}
		return q
	}
	t.Run("touch", func(t *testing.T) {
		q := phone(t)
		m := shape.FindStringSubmatch(q.Prompt)
		if m == nil {
			t.Fatalf("the prompt %q does not give the factors' shapes", q.Prompt)
		}
		right := m[1] + "×" + m[2]
		k := slices.IndexFunc(q.Choices, func(c string) bool { return c != right })
		tap(t, ctx, quizButton(t, ctx, q.Choices[k]))
		got := waitQuiz(t, ctx, "wrong")
		if got.Correct {
			t.Errorf("tapped %s: state().quiz = %+v, want not correct", q.Choices[k], got)
		}
		if !drawsText(t, ctx, "Not quite: it is "+right) || !drawsText(t, ctx, "summed over") {
			t.Errorf("the reply to a wrong choice, with its reason, is not on show")
		}
		for _, p := range layoutProblems(frameLayout(t, ctx), true) {
			t.Errorf("answered on the phone: %s", p)
		}
	})
	t.Run("skip", func(t *testing.T) {
		phone(t)
		tap(t, ctx, quizButton(t, ctx, "Skip"))
		if got := waitQuiz(t, ctx, "skipped"); got.Correct {
			t.Errorf("skipped: state().quiz = %+v, want not correct", got)
		}
		if !drawsText(t, ctx, "Skipped. The answer is") {
			t.Errorf("the reply to a skip is not on show")
		}
	})
}
