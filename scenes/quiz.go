package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/viz"
)

// Predict, then see: a step may ask a question before it shows what the
// question is about. The student picks one of a few answers, each a
// button, or skips the question, and is told whether the answer is right
// and why; until then the lesson hides the answer (asking). The frame
// owns the machinery: the question's text and buttons go under the
// step's text in the step panel, or on a sheet of their own ("Question")
// when the step's text is a sheet; state() reports the question and its
// outcome, and the live region reads the question instead of the numbers
// it is about. Each lesson's questions are data beside its steps: a step
// value's ask hook makes the question from the lesson's numbers. The URL
// key quiz=off turns the questions off, for a lecturer.

// question is what a step asks before it shows the answer: its prompt,
// the choices the student picks from, the right one, and why it is right,
// in words made from the lesson's numbers.
type question struct {
	id      string // names the question in state(); unique in its lesson
	prompt  string
	choices []string
	answer  int    // the index of the right choice
	reason  string // why it is right: a sentence or two
}

// quizHidden stands where a lesson hides the numbers a question is about.
const quizHidden = "The numbers show once you answer the question or skip it."

// quizChoices is the most choices a question offers.
const quizChoices = 4

// The outcomes of a question, as state() writes them.
const (
	quizOpen    = "open"    // not answered yet
	quizRight   = "right"   // answered with the right choice
	quizWrong   = "wrong"   // answered with another
	quizSkipped = "skipped" // skipped: the answer shows without one
)

// quiz is the frame's part of the questions: whether they are asked, the
// current step's question, what became of each question asked, and the
// widgets and texts that show it.
type quiz struct {
	off    bool   // quiz=off: no question is asked, every answer shows at once
	notice string // a bad value of the quiz key
	// ask returns the current step's question from the lesson's numbers,
	// or nil when it asks none (or its numbers are not good).
	ask      func() *question
	q        *question         // the question on show, as of the last tick
	outcomes map[string]string // by the question's id: quizRight, quizWrong or quizSkipped
	jump     bool              // show the question's sheet at the next layout, when it has one

	choices          [quizChoices]*viz.Button
	skip             *viz.Button
	promptL, replyL  viz.Label
	promptAt         image.Point // where promptL is drawn, when on show
	replyAt          image.Point // where replyL is drawn, when on show
	shown            bool        // whether the question is on screen
	laidOut, laidFor string      // the texts the layout measured, to lay out again when they change
}

// quizFromQuery sets up the questions from the page's quiz key: on when
// absent or "on", off for "off"; anything else keeps them on, with a
// notice.
func quizFromQuery(q url.Values) (z quiz) {
	z.outcomes = map[string]string{}
	z.jump = true
	for i := range z.choices {
		z.choices[i] = &viz.Button{}
	}
	z.skip = &viz.Button{Label: "Skip"}
	switch v := strings.TrimSpace(q.Get("quiz")); v {
	case "", "on":
	case "off":
		z.off = true
	default:
		z.notice = fmt.Sprintf("quiz=%q is neither on nor off; asking the questions.", v)
	}
	return z
}

// widgets returns the quiz's buttons, in the order Tab visits them.
func (z *quiz) widgets() []viz.Widget {
	ws := make([]viz.Widget, 0, quizChoices+1)
	for _, b := range z.choices {
		ws = append(ws, b)
	}
	return append(ws, z.skip)
}

// outcome returns what became of the question on show: quizOpen until it
// is answered or skipped.
func (z *quiz) outcome() string {
	if o, ok := z.outcomes[z.q.id]; ok {
		return o
	}
	return quizOpen
}

// asking reports whether the lesson must hide the answer: the current
// step's question is open.
func (l *lesson) asking() bool { return l.quiz.q != nil && l.quiz.outcome() == quizOpen }

// handleQuiz runs the question for one tick, after the widgets: it takes
// the current step's question, records an answer or a skip, and moves the
// focus along the choices with the arrow keys. It lays the frame out
// again when what the question shows changed.
func (l *lesson) handleQuiz(in *viz.Input) {
	z := &l.quiz
	was := z.q
	z.q = nil
	if !z.off && z.ask != nil {
		z.q = z.ask()
	}
	if z.q == nil {
		if z.laidFor != "" {
			z.laidFor = ""
			l.relayout()
		}
		return
	}
	if l.stepChanged || was == nil || was.id != z.q.id {
		z.jump = z.outcome() == quizOpen
	} else if z.outcome() == quizOpen {
		for i, b := range z.choices {
			if b.Clicked() && i < len(z.q.choices) {
				z.outcomes[z.q.id] = quizWrong
				if i == z.q.answer {
					z.outcomes[z.q.id] = quizRight
				}
			}
		}
		if z.skip.Clicked() {
			z.outcomes[z.q.id] = quizSkipped
		}
		z.arrows(l.ui, in)
	}
	if t := z.prompt() + z.reply(); t != z.laidFor {
		z.laidFor = t
		l.relayout()
	}
}

// arrows moves the focus to the previous or next of the question's
// buttons with ← ↑ and → ↓, when one of them has it.
func (z *quiz) arrows(ui *viz.UI, in *viz.Input) {
	var shown []viz.Widget
	for _, w := range z.widgets() {
		if !w.Bounds().Empty() {
			shown = append(shown, w)
		}
	}
	k := slices.Index(shown, ui.Focused())
	if k < 0 {
		return
	}
	prev := in.Take(ebiten.KeyArrowLeft)
	prev = in.Take(ebiten.KeyArrowUp) || prev
	next := in.Take(ebiten.KeyArrowRight)
	next = in.Take(ebiten.KeyArrowDown) || next
	switch n := len(shown); {
	case prev:
		ui.Focus(shown[(k-1+n)%n])
	case next:
		ui.Focus(shown[(k+1)%n])
	}
}

// prompt returns the question's text as the panel shows it.
func (z *quiz) prompt() string { return "Predict: " + z.q.prompt }

// reply returns what the student is told once the question is answered
// or skipped, or "" while it is open.
func (z *quiz) reply() string {
	q := z.q
	right := q.choices[q.answer]
	switch z.outcome() {
	case quizRight:
		return fmt.Sprintf("Right: %s. %s", right, q.reason)
	case quizWrong:
		return fmt.Sprintf("Not quite: it is %s. %s", right, q.reason)
	case quizSkipped:
		return fmt.Sprintf("Skipped. The answer is %s. %s", right, q.reason)
	}
	return ""
}

// Sizes in CSS pixels.
const (
	quizPx     = stepTextPx // the question's and the reply's text
	quizButton = 16         // the room beside a choice's label, each side
	quizGap    = 8          // between the prompt and the buttons, and between buttons
)

// quizHeight returns the height in pixels the question on show takes in
// a strip w pixels wide at scale s, with buttons bh pixels high: its
// prompt, and the buttons while it is open or the reply once it is not.
// It places nothing.
func (l *lesson) quizHeight(w float64, bh int) int {
	return l.placeQuiz(image.Pt(0, 0), w, bh, false)
}

// placeQuiz lays the question out from p in a strip w pixels wide, with
// buttons bh pixels high, placing its texts and buttons when place is
// set, and returns the height it takes.
func (l *lesson) placeQuiz(p image.Point, w float64, bh int, place bool) int {
	z, s := &l.quiz, l.scale
	px := quizPx * s
	z.promptL.Set(viz.WrapText(z.prompt(), px, w), px, viz.Th().Accent)
	_, ph := viz.MeasureText(z.promptL.Text(), px)
	y := p.Y + int(math.Ceil(ph)+quizGap*s)
	if place {
		z.promptAt = p
		for _, b := range z.widgets() {
			b.(*viz.Button).Rect = image.Rectangle{}
		}
		z.replyAt = image.Point{}
	}
	if reply := z.reply(); reply != "" {
		z.replyL.Set(viz.WrapText(reply, px, w), px, viz.Th().Text)
		_, rh := viz.MeasureText(z.replyL.Text(), px)
		if place {
			z.replyAt = image.Pt(p.X, y)
		}
		return y + int(math.Ceil(rh)) - p.Y
	}
	// The buttons, left to right, on as many rows as they need.
	gap := int(quizGap * s)
	x := p.X
	for i, b := range z.widgets() {
		btn := b.(*viz.Button)
		if i < quizChoices {
			if i >= len(z.q.choices) {
				continue
			}
			btn.Label = z.q.choices[i]
		}
		lw, _ := viz.MeasureText(btn.Label, px)
		bw := max(int(math.Ceil(lw+2*quizButton*s)), int(touchH*s))
		if x > p.X && float64(x+bw-p.X) > w {
			x, y = p.X, y+bh+gap
		}
		if place {
			btn.Rect = image.Rect(x, y, x+bw, y+bh)
		}
		x += bw + gap
	}
	return y + bh - p.Y
}

// quizSheet reports whether the question is on a sheet of its own, the
// step's text being one: then the switch has "Question" before "Text".
func (l *lesson) quizSheet() bool { return l.compact && l.quiz.q != nil && !l.hides(hideSteps) }

// showQuiz reports whether the question's sheet is the one shown.
func (l *lesson) showQuiz() bool {
	return l.quizSheet() && l.switcher.Selected == len(l.sheetNames)-2
}

// drawQuiz draws the question's texts, when it is on show; its buttons
// are among the frame's widgets.
func (l *lesson) drawQuiz(screen *ebiten.Image) {
	z := &l.quiz
	if !z.shown || z.q == nil {
		return
	}
	z.promptL.Draw(screen, float64(z.promptAt.X), float64(z.promptAt.Y))
	if z.reply() != "" {
		z.replyL.Draw(screen, float64(z.replyAt.X), float64(z.replyAt.Y))
	}
}

// describeQuiz returns the live region's words for the question on show:
// the question and its choices while it is open, and the reply once it is
// not; "" without a question.
func (l *lesson) describeQuiz() string {
	z := &l.quiz
	if z.q == nil {
		return ""
	}
	if r := z.reply(); r != "" {
		return r
	}
	return fmt.Sprintf("%s Choices: %s; or skip it.", z.prompt(), strings.Join(z.q.choices, "; "))
}

// QuizState is the question a lesson's step asks, for state(): its id,
// its text and choices, and its outcome: "open", "right", "wrong" or
// "skipped". Correct is whether it was answered with the right choice.
type QuizState struct {
	ID      string   `json:"id"`
	Prompt  string   `json:"prompt"`
	Choices []string `json:"choices"`
	Outcome string   `json:"outcome"`
	Correct bool     `json:"correct"`
}

// quizState returns the question on show for state(), or nil.
func (l *lesson) quizState() *QuizState {
	z := &l.quiz
	if z.q == nil {
		return nil
	}
	o := z.outcome()
	return &QuizState{ID: z.q.id, Prompt: z.q.prompt, Choices: z.q.choices, Outcome: o, Correct: o == quizRight}
}

// signQuestion asks for the sign of the product of a and b, the product
// named name and written as the product of aName and bName in the reason.
func signQuestion(id, name, aName, bName string, a, b float64) *question {
	q := &question{id: id, prompt: fmt.Sprintf("is %s at x₀ positive, negative or zero?", name),
		choices: []string{"positive", "negative", "zero"}}
	p := a * b
	why := "both have the same sign"
	switch {
	case p == 0:
		q.answer, why = 2, "one of them is 0"
	case p < 0:
		q.answer, why = 1, "they have opposite signs"
	}
	q.reason = core.Sprintf("%s = %s · %s = %.4g · %.4g = %.4g: %s.", name, aName, bName, a, b, p, why)
	return q
}

// shapeChoices returns three choices for a question about a matrix's
// shape: right, written "R×C", and the first two other shapes of others,
// in order of rows and then columns.
func shapeChoices(right string, others [][2]int) []string {
	choices := []string{right}
	for _, o := range others {
		c := fmt.Sprintf("%d×%d", o[0], o[1])
		if len(choices) < 3 && !slices.Contains(choices, c) {
			choices = append(choices, c)
		}
	}
	slices.Sort(choices)
	return choices
}
