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

	scale                     float64
	area, header, body, panel image.Rectangle
	stepChanged, fnChanged    bool
	labelW                    float64
	laid                      layoutKey // the key of the last layout
	gen                       int       // bumped by relayout

	// The lesson's text, cached: it changes with the step or the scale.
	titleL, headL, textL, hintL viz.Label
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

// layoutKey is what a lesson's geometry depends on: the area, the scale,
// the step, and a count of the changes the lesson made to what it shows
// (relayout).
type layoutKey struct {
	area  image.Rectangle
	scale float64
	step  int
	gen   int
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
		f := &field{key: key, def: fs.def, label: fs.label, fn: fn, text: &viz.TextField{}}
		src := q.Get(key)
		if src == "" || fn.Err == nil {
			src = fn.Prog.Source()
		}
		f.text.SetText(src)
		f.showError()
		l.fields = append(l.fields, f)
		l.ui.Add(f.text)
	}
	l.prev, l.next = &viz.Button{Label: "← Previous"}, &viz.Button{Label: "Next →"}
	l.ui.Add(l.prev, l.next)
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

// Heights in logical pixels.
const (
	lessonTitle = 44  // the title line
	lessonField = 56  // a text field and the room for its error below
	lessonPanel = 120 // the step panel
)

// layout splits the area into the header, the body and the step panel, and
// places the lesson's widgets, when the area, the scale or the step changed
// or relayout was called since the last time. It reports whether it did:
// a scene's Layout then places its own pictures, and otherwise keeps them.
func (l *lesson) layout(a image.Rectangle, s float64) bool {
	k := layoutKey{area: a, scale: s, step: l.step, gen: l.gen}
	if k == l.laid {
		return false
	}
	l.laid = k
	l.scale, l.area = s, a
	hh := int(float64(lessonTitle+lessonField*len(l.fields)) * s)
	l.header = image.Rect(a.Min.X, a.Min.Y, a.Max.X, a.Min.Y+hh)
	l.panel = image.Rect(a.Min.X, a.Max.Y-int(lessonPanel*s), a.Max.X, a.Max.Y)
	l.body = image.Rect(a.Min.X, l.header.Max.Y, a.Max.X, l.panel.Min.Y)

	l.labelW = 0
	for _, f := range l.fields {
		w, _ := viz.MeasureText(f.label, 16*s)
		l.labelW = max(l.labelW, w)
	}
	x0 := a.Min.X + int(16*s+l.labelW+10*s)
	x1 := a.Min.X + max(x0-a.Min.X+int(200*s), a.Dx()*60/100)
	for i, f := range l.fields {
		y := a.Min.Y + int((lessonTitle+lessonField*float64(i))*s)
		f.text.Rect = image.Rect(x0, y, x1, y+int(32*s))
	}
	bw, bh, pad := int(120*s), int(36*s), int(12*s)
	l.next.Rect = image.Rect(l.panel.Max.X-pad-bw, l.panel.Min.Y+pad, l.panel.Max.X-pad, l.panel.Min.Y+pad+bh)
	l.prev.Rect = l.next.Rect.Sub(image.Pt(bw+pad, 0))
	return true
}

// relayout asks for the lesson to be laid out again at the next Layout:
// what it shows changed its geometry (a new function, new shapes, a view
// that appeared). A new function in a field always does.
func (l *lesson) relayout() { l.gen++ }

// handle runs the widgets and the lesson's keys for one tick: a text edit
// recompiles its function (keeping the last good one on error), the step
// buttons and PageDown / PageUp move through the steps. Afterwards
// fnChanged and stepChanged say what changed.
func (l *lesson) handle(in *viz.Input) {
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
	l.setLabels()
}

// setLabels sets the cached text of the header and the step panel; only
// what changed is rendered again.
func (l *lesson) setLabels() {
	s := l.scale
	l.titleL.Set(l.title, 20*s, viz.Light.Text)
	for _, f := range l.fields {
		f.labelL.Set(f.label, 16*s, viz.Light.Text)
	}
	st := l.steps[l.step]
	l.headL.Set(fmt.Sprintf("Step %d of %d · %s", l.step+1, len(l.steps), st.title), 16*s, viz.Light.Accent)
	l.textL.Set(st.text, 15*s, viz.Light.Text)
	l.hintL.Set("PageDown / PageUp", 12*s, viz.Light.Muted)
}

// draw draws the header (title and function labels), the step panel and
// every widget.
func (l *lesson) draw(screen *ebiten.Image) {
	s := l.scale
	x := float64(l.header.Min.X) + 16*s
	l.titleL.Draw(screen, x, float64(l.header.Min.Y)+10*s)
	for _, f := range l.fields {
		r := f.text.Rect
		w, h := viz.MeasureText(f.label, 16*s)
		f.labelL.Draw(screen, x+l.labelW-w, float64(r.Min.Y)+(float64(r.Dy())-h)/2)
	}

	pr := l.panel
	viz.FillRect(screen, pr, viz.Light.Panel)
	viz.Rule(screen, float64(pr.Min.X), float64(pr.Max.X), float64(pr.Min.Y), s, viz.Light.Border)
	l.headL.Draw(screen, float64(pr.Min.X)+16*s, float64(pr.Min.Y)+12*s)
	l.textL.Draw(screen, float64(pr.Min.X)+16*s, float64(pr.Min.Y)+38*s)
	l.hintL.Draw(screen, float64(l.prev.Rect.Min.X), float64(l.prev.Rect.Max.Y)+8*s)
	l.ui.Draw(screen)
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
	st := LessonState{Step: l.step}
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

// linkStep adds the step to q, by its URL key, when it is not the first.
func (l *lesson) linkStep(q url.Values) {
	if l.step > 0 {
		q.Set("step", strconv.Itoa(l.step))
	}
}

// describe returns the lesson's description for Describer: its title, the
// step and its text in one paragraph, the function and the numbers given
// in the next, and the first field's error, if any, in a third.
func (l *lesson) describe(numbers string) []string {
	st := l.steps[l.step]
	text := strings.ReplaceAll(st.text, "\n", " ")
	d := []string{
		fmt.Sprintf("%s. Step %d of %d, %s: %s", l.title, l.step+1, len(l.steps), st.title, text),
		fmt.Sprintf("f(%s) = %s. %s", strings.Join(l.fn(0).Prog.Names(), ", "), l.fn(0).Prog.Source(), numbers),
	}
	for _, f := range l.fields {
		if err := f.fn.Err; err != nil {
			d = append(d, fmt.Sprintf("The text typed for %s is not used: %v", strings.TrimSuffix(f.label, " ="), err))
			break
		}
	}
	return d
}

// Notice returns a problem with the page's parameters, for the manager's
// banner.
func (l *lesson) Notice() string { return l.notice }
