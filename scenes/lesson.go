package scenes

import (
	"errors"
	"fmt"
	"image"
	"net/url"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

// lesson is what the lessons share: their typed functions, each in a text
// field, the walk-through of steps (definition → linear approximation →
// chain rule) with its buttons, and the layout of the screen into a header,
// a body for the scene's own pictures, and the step panel at the bottom.
//
// A scene calls layout, places its own widgets in body and adds them to ui,
// then calls handle; in Draw it calls draw, which draws every widget.
type lesson struct {
	title  string
	fields []*field
	steps  []step
	step   int
	notice string

	ui         *viz.UI
	prev, next *viz.Button
	quiz       quiz           // the step's question, if it asks one (quiz.go)
	view       frameView      // what the page hides, and the lock (view.go)
	dropped    []*layout.Node // the sheets of numbers the page hides

	// source opens the Help panel's Source tab, on a step with an "In
	// the source" note; sourceAsked says it was pressed.
	source      *viz.Button
	sourceAsked bool

	scale                     float64
	area, header, body, panel image.Rectangle
	// held is the body while the pointer that went down in it is held,
	// heldOut what the frame showed outside the body then (Damage);
	// otherwise held is empty.
	held                   image.Rectangle
	heldOut                outside
	stepChanged, fnChanged bool
	labelW                 float64
	laid                   layoutKey // the key of the last layout
	want                   int       // the height the lesson would like at its width (lesson_height.go)
	gen                    int       // bumped by relayout
	errs                   []string  // each field's error at the last layout, "" for none (watchErrors)
	// steady, set by a lesson while an animation moves through its
	// steps, keeps the step panel from shrinking: a layout with steady
	// set gives the step's text at least the height it had at the last
	// layout, if that one had steady set too, and the same area and
	// scale (lesson_layout.go).
	steady   bool
	lastText textAt // the last layout's

	// arrange returns the lesson's sheets at a scale (lesson_layout.go);
	// nil for a body of one sheet that takes what it is given.
	arrange func(scale float64) []sheet
	// apart, if not nil, returns the sheets to show one at a time when
	// arrange's do not fit side by side: a sheet that stacks pictures
	// beside the others can fall into sheets of one picture each.
	apart      func(scale float64) []sheet
	switcher   *viz.Segmented // chooses the sheet shown, when they do not fit side by side
	sheetNames []string       // the switch's options, or nil when every sheet shows
	narrow     bool           // whether the screen is narrow (lesson_layout.go)
	compact    bool           // whether the step's text is a sheet, and the panel a bar
	folded     bool           // whether the header (title and fields) is on the text's sheet too
	hint       bool           // whether the keys' hint shows
	titleAt    image.Point    // where the title is drawn
	textAt     image.Point    // where the step's title and text are drawn

	// The lesson's text, cached: it changes with the step or the scale.
	titleL, headL, textL, hintL viz.Label
	// On the text's sheet, the rows of the step's title and text, which
	// scroll when they do not fit.
	textScroll viz.Scroll
	textTops   []int
}

// textAt is the height of the step's text at a layout, with the area,
// the scale and whether steady was set.
type textAt struct {
	area   image.Rectangle
	scale  float64
	steady bool
	h      int
}

// field is one typed function of a lesson, in a text field.
type field struct {
	key    string // its URL key: f, g, …
	def    string // its default expression
	label  string // "f(x) =" — shown before the text field
	labelL viz.Label
	fn     *model.Function
	text   *viz.TextField
}

// step is one stop of a lesson's walk-through as the frame shows it: its
// title, and its text in the step panel. Each lesson has its own step type
// that embeds step and adds what the step shows and does (scalarStep,
// gradStep, …), in a table of step values; only the frame and the manager
// keep the step's index.
type step struct {
	title, text string
}

func (s step) frame() step { return s }

// stepper is a lesson's own step type: one that embeds step.
type stepper interface{ frame() step }

// frames returns the frame's part of each of a lesson's steps.
func frames[S stepper](steps []S) []step {
	f := make([]step, len(steps))
	for i, s := range steps {
		f[i] = s.frame()
	}
	return f
}

// fieldSpec describes a lesson's typed function: its URL key (after the
// first, which is always f), its label, its default, and what the lesson
// needs of it (nil for anything that compiles).
type fieldSpec struct {
	key, label, def, defAt string
	check                  func(*expr.Program) error
}

// newLesson builds the shared part of a lesson from the page's query. Each
// field's function comes from the keys key and key+"at" (the first field
// uses f and at), with its default when they are absent.
func newLesson(q url.Values, title string, steps []step, fields ...fieldSpec) *lesson {
	l := &lesson{title: title, steps: steps, ui: viz.NewUI()}
	for i, fs := range fields {
		key, atKey := fs.key, fs.key+"at"
		if i == 0 {
			key, atKey = "f", "at"
		}
		sub := url.Values{"f": {q.Get(key)}, "at": {q.Get(atKey)}}
		fn := model.FunctionFromQuery(sub, fs.def, fs.defAt, fs.check)
		f := &field{key: key, def: fs.def, label: fs.label, fn: fn, text: &viz.TextField{Limit: FieldTextLimit}}
		src := q.Get(key)
		if src == "" || fn.Err == nil {
			src = fn.Prog.Source()
		}
		f.text.SetText(src)
		f.showError()
		l.fields = append(l.fields, f)
		l.ui.Add(f.text)
	}
	l.switcher = &viz.Segmented{}
	l.prev, l.next = &viz.Button{Label: "← Previous"}, &viz.Button{Label: "Next →"}
	l.source = &viz.Button{Label: sourceLabel}
	l.quiz = quizFromQuery(q)
	l.ui.Add(l.switcher)
	l.ui.Add(l.quiz.widgets()...)
	l.ui.AddLast(l.source, l.prev, l.next) // after the lesson's own, as on screen
	l.arrange = func(float64) []sheet {
		return []sheet{{node: layout.Space(layout.Size{}, layout.Size{}).Grow(1)}}
	}
	l.step, l.notice = stepFromQuery(q, len(steps))
	return l
}

// stepFromQuery returns the page's step key as an index into n steps,
// numbered from 0, and a notice when it was out of range or not a number.
func stepFromQuery(q url.Values, n int) (step int, notice string) {
	s := strings.TrimSpace(q.Get("step"))
	if s == "" {
		return 0, ""
	}
	k, err := strconv.Atoi(s)
	if err != nil || k < 0 || k >= n {
		return 0, fmt.Sprintf("step=%q is not a step of this scene (0 to %d); starting at 0.", s, n-1)
	}
	return k, ""
}

// fn returns the i'th field's function.
func (l *lesson) fn(i int) *model.Function { return l.fields[i].fn }

// showError marks the function's error in the text field, at its position
// when it is in the expression.
func (f *field) showError() {
	err := f.fn.Err
	if err == nil {
		f.text.ClearError()
		return
	}
	off := f.fn.ErrOffset()
	msg := err.Error()
	var e *expr.Error
	if errors.As(err, &e) {
		msg = e.Msg
	}
	if off < 0 {
		off = len(f.text.Text())
	}
	f.text.SetError(off, msg)
}

// handle runs the widgets and the lesson's keys for one tick: a text edit
// recompiles its function (keeping the last good one on error), the step
// buttons and PageDown / PageUp move through the steps. Afterwards
// fnChanged and stepChanged say what changed.
func (l *lesson) handle(in *viz.Input) {
	switch p := in.Pointer; {
	case p.Pressed:
		l.held, l.heldOut = image.Rectangle{}, l.outside()
		if image.Pt(int(p.X), int(p.Y)).In(l.body) {
			l.held = l.body
		}
	case !p.Down:
		l.held = image.Rectangle{}
	}
	l.textScroll.Update(in)
	l.ui.Update(in)
	l.fnChanged, l.stepChanged = false, false
	for _, f := range l.fields {
		if !f.text.Changed() {
			continue
		}
		if f.fn.Edit(f.text.Text()) == nil {
			l.fnChanged = true
			l.relayout()
		}
		f.showError()
	}
	old := l.step
	switch {
	case l.next.Clicked(), in.Take(ebiten.KeyPageDown):
		l.step = min(l.step+1, len(l.steps)-1)
	case l.prev.Clicked(), in.Take(ebiten.KeyPageUp):
		l.step = max(l.step-1, 0)
	}
	l.stepChanged = l.step != old
	l.sourceAsked = l.sourceAsked || l.source.Clicked()
	l.handleQuiz(in)
	l.setLabels()
}

// Damage implements damager: a drag that starts in the body changes the
// pictures and numbers there, and may lay them out again, but it leaves
// the rest of the frame as it was (the header, the step's text and the
// buttons), unless it moves or changes them too.
func (l *lesson) Damage() image.Rectangle {
	if l.fnChanged || l.stepChanged || l.outside() != l.heldOut {
		return image.Rectangle{}
	}
	return l.held
}

// outside is what a lesson's frame shows outside its body (see draw): where
// its parts are, and the step's texts.
type outside struct {
	header, body, panel       image.Rectangle
	prev, next, source        image.Rectangle
	step                      int
	titleAt, textAt           image.Point
	title, head, text         string
	shown                     [3]int // the step text's scroll (viz.Scroll.Shown)
	compact, folded, hint, on bool   // on: the step's text shows
}

func (l *lesson) outside() outside {
	lo, hi, up := l.textScroll.Shown()
	return outside{header: l.header, body: l.body, panel: l.panel,
		prev: l.prev.Rect, next: l.next.Rect, source: l.source.Rect,
		step: l.step, titleAt: l.titleAt, textAt: l.textAt,
		title: l.titleL.Text(), head: l.headL.Text(), text: l.textL.Text(),
		shown: [3]int{lo, hi, up}, compact: l.compact, folded: l.folded, hint: l.hint, on: l.showText()}
}

// sourceNote marks the sentences of a step's text that say where the
// source text differs from the lesson; the step then shows the source
// button, which opens the Help panel's Source tab.
const sourceNote = "In the source:"

// sourceLabel is the source button's label.
const sourceLabel = "About the source ›"

// hasSource reports whether the step on show has an "In the source" note.
func (l *lesson) hasSource() bool { return strings.Contains(l.steps[l.step].text, sourceNote) }

// askedSource implements sourceAsker: the source button was pressed.
func (l *lesson) askedSource() bool {
	a := l.sourceAsked
	l.sourceAsked = false
	return a
}

// Prepare implements Scene for a lesson whose pictures need nothing done
// once a frame; a lesson that does overrides it.
func (l *lesson) Prepare() error { return nil }

// focus names what has the keyboard, for state(): idle when no widget has
// it (the lesson's own keys then move its point), "animation" for the
// chain rule's animation view, and "control" for any other widget.
func (l *lesson) focus(view viz.Widget, idle string) string {
	switch l.ui.Focused() {
	case nil:
		return idle
	case view:
		return "animation"
	}
	return "control"
}

// state returns the lesson's part of state(): the step, the first
// function at x in the command line's JSON form (nil for x nil), and the
// error of the first field that has one, or else of that function.
func (l *lesson) state(x []*core.Tensor) LessonState {
	st := LessonState{Step: l.step, Quiz: l.quizState()}
	if x != nil {
		fn, err := functionState(l.fields[0].fn, x)
		st.Function = fn
		if err != nil {
			st.setError(err)
		}
	}
	for _, f := range l.fields {
		if err := f.fn.Err; err != nil {
			st.setError(err)
			break
		}
	}
	return st
}

// link returns the URL keys of what the lesson shows: the first function
// and its inputs' values x as f and at, each other function by its key
// when it is not the default, and the step when it is not the first. The
// values have six significant digits, enough to redraw the view.
func (l *lesson) link(x []*core.Tensor) url.Values {
	q := url.Values{}
	for i, f := range l.fields {
		src := f.fn.Prog.Source()
		switch {
		case i == 0:
			at := make([]string, len(x))
			for k, name := range f.fn.Prog.Names() {
				at[k] = name + " = " + model.Literal(x[k], 6)
			}
			q.Set("f", src)
			q.Set("at", strings.Join(at, "; "))
		case src != f.def:
			q.Set(f.key, src)
		}
	}
	l.linkStep(q)
	return q
}

// linkStep adds the step to q, by its URL key, when it is not the first,
// and quiz=off when the questions are off.
func (l *lesson) linkStep(q url.Values) {
	if l.step > 0 {
		q.Set("step", strconv.Itoa(l.step))
	}
	if l.quiz.off {
		q.Set("quiz", "off")
	}
}

// describe returns the lesson's description for Describer: its title, the
// step and its text in one paragraph, the function and the numbers given
// in the next, the step's question and its reply, if it asks one, in a
// third, and the first field's error, if any, in the last. While the
// question is open, it stands in for the numbers, which may give its
// answer away.
func (l *lesson) describe(numbers string) []string {
	st := l.steps[l.step]
	text := strings.ReplaceAll(st.text, "\n", " ")
	quiz := l.describeQuiz()
	if l.asking() {
		numbers, quiz = quiz, ""
	}
	d := []string{
		fmt.Sprintf("%s. Step %d of %d, %s: %s", l.title, l.step+1, len(l.steps), st.title, text),
		fmt.Sprintf("f(%s) = %s. %s", strings.Join(l.fn(0).Prog.Names(), ", "), l.fn(0).Prog.Source(), numbers),
	}
	if quiz != "" {
		d = append(d, quiz)
	}
	for _, f := range l.fields {
		if err := f.fn.Err; err != nil {
			d = append(d, fmt.Sprintf("The text typed for %s is not used: %v", strings.TrimSuffix(f.label, " ="), err))
			break
		}
	}
	return d
}

// Notice returns the problems with the page's parameters, for the
// manager's banner.
func (l *lesson) Notice() string {
	return strings.TrimSpace(l.notice + " " + l.quiz.notice)
}
