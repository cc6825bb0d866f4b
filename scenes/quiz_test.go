//go:build display

package scenes

import (
	"encoding/json"
	"fmt"
	"image"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

// quizCases are the lessons' questions: the scene, the step that asks
// (0-based), the question's id, and a text the lesson hides until the
// question is answered (a word of the numbers it is about), or "" when
// it asks before the numbers are on show.
var quizCases = []struct {
	scene, step, id, hidden string
}{
	{"scalar", "2", "scalar-chain-sign", "dz/dy · dy/dx ="},
	{"gradient", "2", "gradient-chain-sign", "dz/dy = g′(y) ="},
	{"jacobian", "2", "jacobian-chain-shape", "= ∂z/∂x, 3×2"},
	{"tensor", "3", "tensor-memory-entries", "full Jacobian ∂y/∂x: 24 entries"},
	{"backprop", "16", "backprop-grad-shape", ""}, // the last forward step, before any gradient
}

// quizLesson builds the scene with the query q and returns it with its
// frame, after a tick at 1280×800.
func quizLesson(t *testing.T, id string, q url.Values) (Scene, *lesson) {
	t.Helper()
	return quizLessonAt(t, id, q, screenInput(1280, 800))
}

// quizLessonAt builds the scene with the query q and returns it with its
// frame, after a tick with in.
func quizLessonAt(t *testing.T, id string, q url.Values, in *viz.Input) (Scene, *lesson) {
	t.Helper()
	e, ok := lookup(id)
	if !ok {
		t.Fatalf("no scene %q", id)
	}
	s := e.New(q)
	l := s.(interface{ frameOf() *lesson }).frameOf()
	if err := tick(s, in); err != nil {
		t.Fatal(err)
	}
	return s, l
}

// quizOf returns the lesson's question as state() reports it, through
// JSON as the page reads it.
func quizOf(t *testing.T, s Scene) *QuizState {
	t.Helper()
	b, err := json.Marshal(s.State())
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Quiz *QuizState `json:"quiz"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return st.Quiz
}

// press presses and releases the pointer on r's centre, a tick each.
func press(t *testing.T, s Scene, r image.Rectangle) {
	t.Helper()
	if r.Empty() {
		t.Fatal("pressing a control that is not on show")
	}
	c := r.Min.Add(r.Max).Div(2)
	for _, p := range []viz.Pointer{
		{X: float64(c.X), Y: float64(c.Y), Down: true, Pressed: true},
		{X: float64(c.X), Y: float64(c.Y), Released: true},
	} {
		in := screenInput(1280, 800)
		in.Pointer = p
		if err := tick(s, in); err != nil {
			t.Fatal(err)
		}
	}
}

// shows reports whether a frame of s at 1280×800 draws a text that
// contains sub.
func shows(t *testing.T, s Scene, sub string) bool {
	t.Helper()
	return slices.ContainsFunc(drawnFrame(t, s, 1280, 800), func(d viz.Drawn) bool { return strings.Contains(d.Text, sub) })
}

// TestQuizAnswers: each lesson asks its question at its step, hiding what
// it is about and reading the question in the live region; a wrong
// answer, a right one and a skip are each told with the reason, state()
// says which, and the hidden part shows.
func TestQuizAnswers(t *testing.T) {
	for _, c := range quizCases {
		for _, how := range []string{quizWrong, quizRight, quizSkipped} {
			t.Run(c.scene+"/"+how, func(t *testing.T) {
				s, l := quizLesson(t, c.scene, url.Values{"step": {c.step}})
				q := quizOf(t, s)
				if q == nil || q.ID != c.id || q.Outcome != quizOpen || q.Correct {
					t.Fatalf("state().quiz = %+v, want %s open", q, c.id)
				}
				if c.hidden != "" && shows(t, s, c.hidden) {
					t.Errorf("%q is on show before the question is answered", c.hidden)
				}
				if !shows(t, s, q.Prompt) {
					t.Errorf("the prompt %q is not on show", q.Prompt)
				}
				d := strings.Join(s.(Describer).Describe(), "\n")
				if !strings.Contains(d, q.Prompt) || !strings.Contains(d, strings.Join(q.Choices, "; ")) {
					t.Errorf("the live region does not read the question and its choices:\n%s", d)
				}
				z := &l.quiz
				button := z.skip
				switch how {
				case quizRight:
					button = z.choices[z.q.answer]
				case quizWrong:
					button = z.choices[(z.q.answer+1)%len(z.q.choices)]
				}
				press(t, s, button.Rect)
				q = quizOf(t, s)
				if q == nil || q.Outcome != how || q.Correct != (how == quizRight) {
					t.Fatalf("after the answer, state().quiz = %+v, want %s", q, how)
				}
				if z.q.reason == "" || !shows(t, s, z.q.reason[:20]) {
					t.Errorf("the reason %q is not on show", z.q.reason)
				}
				if !shows(t, s, c.hidden) {
					t.Errorf("%q is not on show after the question is answered", c.hidden)
				}
				if d := strings.Join(s.(Describer).Describe(), "\n"); !strings.Contains(d, z.q.reason) {
					t.Errorf("the live region does not give the reason:\n%s", d)
				}
				for _, b := range z.choices {
					if !b.Rect.Empty() {
						t.Errorf("the choice %q is still on show", b.Label)
					}
				}
			})
		}
	}
}

// TestQuizOff: quiz=off asks nothing, shows the answers at once and keeps
// the key in the lesson's link; a bad value asks the questions, with a
// notice.
func TestQuizOff(t *testing.T) {
	for _, c := range quizCases {
		s, l := quizLesson(t, c.scene, url.Values{"step": {c.step}, "quiz": {"off"}})
		if q := quizOf(t, s); q != nil {
			t.Errorf("%s with quiz=off: state().quiz = %+v", c.scene, q)
		}
		if !shows(t, s, c.hidden) {
			t.Errorf("%s with quiz=off: %q is not on show", c.scene, c.hidden)
		}
		if !l.quiz.skip.Rect.Empty() {
			t.Errorf("%s with quiz=off: the Skip button is on show", c.scene)
		}
		if got := s.(Linker).Link().Get("quiz"); got != "off" {
			t.Errorf("%s with quiz=off: the link's quiz is %q", c.scene, got)
		}
		s, _ = quizLesson(t, c.scene, url.Values{"step": {c.step}})
		if got := s.(Linker).Link(); got.Has("quiz") {
			t.Errorf("%s: the link has quiz=%q", c.scene, got.Get("quiz"))
		}
		s, _ = quizLesson(t, c.scene, url.Values{"step": {c.step}, "quiz": {"maybe"}})
		if n := s.(noticer).Notice(); !strings.Contains(n, `quiz="maybe"`) {
			t.Errorf("%s with quiz=maybe: notice %q", c.scene, n)
		}
		if q := quizOf(t, s); q == nil {
			t.Errorf("%s with quiz=maybe: no question", c.scene)
		}
	}
}

// TestQuizKeyboard: Tab reaches the question's choices, the arrow keys
// move along them and Skip, and Enter answers.
func TestQuizKeyboard(t *testing.T) {
	s, l := quizLesson(t, "scalar", url.Values{"step": {"2"}})
	z := &l.quiz
	for range 20 {
		if slices.Contains(z.widgets(), l.ui.Focused()) {
			break
		}
		tick(s, keys(ebiten.KeyTab))
	}
	if l.ui.Focused() != z.choices[0] {
		t.Fatalf("Tab does not reach the first choice: focus on %T", l.ui.Focused())
	}
	x0 := s.(*scalar).x0
	tick(s, keys(ebiten.KeyArrowRight))
	if l.ui.Focused() != z.choices[1] {
		t.Errorf("→ does not move to the second choice")
	}
	if s.(*scalar).x0 != x0 {
		t.Errorf("→ on a choice moved x₀ too")
	}
	tick(s, keys(ebiten.KeyArrowLeft))
	tick(s, keys(ebiten.KeyArrowLeft))
	if l.ui.Focused() != z.skip {
		t.Errorf("← from the first choice does not go round to Skip")
	}
	tick(s, keys(ebiten.KeyArrowRight))
	want := quizWrong
	if z.q.answer == 0 {
		want = quizRight
	}
	tick(s, keys(ebiten.KeyEnter))
	if q := quizOf(t, s); q.Outcome != want {
		t.Errorf("Enter on the first choice: outcome %q, want %q", q.Outcome, want)
	}
}

// TestQuizFitsEveryScreen: each lesson's question, open and answered,
// keeps to the layout rules at every screen, each sheet in turn; on a
// phone whose step text is a sheet, the question has a sheet of its own,
// shown when the step is reached.
func TestQuizFitsEveryScreen(t *testing.T) {
	for _, c := range quizCases {
		for _, sz := range layoutScreens {
			in := screenInput(sz.X, sz.Y)
			s, l := quizLessonAt(t, c.scene, url.Values{"step": {c.step}}, in)
			if l.compact && !l.showQuiz() {
				t.Errorf("%s at %v: the question's sheet is not shown (sheets %v, shown %d)", c.scene, sz, l.sheetNames, l.switcher.Selected)
			}
			for _, answered := range []bool{false, true} {
				if answered {
					l.quiz.outcomes[l.quiz.q.id] = quizWrong
				}
				checkLayout(t, fmt.Sprintf("%s at %v, answered %v", c.scene, sz, answered), s, l, in)
			}
		}
	}
}
