package scenes

import (
	"fmt"
	"image"
	"net/url"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz"
)

// lesson is what the lessons share: their typed functions, the walk-through
// of steps (definition → linear approximation → chain rule), and the layout
// of the screen into a header, a body for the scene's own pictures, and the
// step panel at the bottom.
type lesson struct {
	title  string
	fields []*field
	steps  []step
	step   int
	notice string

	scale              float64
	area, header, body image.Rectangle
	panel, prev, next  image.Rectangle
}

// field is one typed function of a lesson, under its URL keys.
type field struct {
	label string // "f(x) =" — shown before the expression
	fn    *function
}

// step is one stop of a lesson's walk-through.
type step struct {
	title, text string
}

// newLesson builds the shared part of a lesson from the page's query. Each
// field's function comes from the keys key and key+"at" (the first field
// uses f and at), with its default when they are absent.
func newLesson(q url.Values, title string, steps []step, fields ...fieldSpec) *lesson {
	l := &lesson{title: title, steps: steps}
	for i, fs := range fields {
		key, atKey := fs.key, fs.key+"at"
		if i == 0 {
			key, atKey = "f", "at"
		}
		sub := url.Values{"f": {q.Get(key)}, "at": {q.Get(atKey)}}
		l.fields = append(l.fields, &field{label: fs.label, fn: fnFromQuery(sub, fs.def, fs.defAt, fs.check)})
	}
	l.step, l.notice = stepFromQuery(q, len(steps))
	return l
}

// fieldSpec describes a lesson's typed function: its URL key (after the
// first, which is always f), its label, its default, and what the lesson
// needs of it (nil for anything that compiles).
type fieldSpec struct {
	key, label, def, defAt string
	check                  func(*expr.Program) error
}

// fn returns the i'th field's function.
func (l *lesson) fn(i int) *function { return l.fields[i].fn }

const (
	lessonHeader = 64  // logical pixels for the title and the functions
	lessonPanel  = 112 // logical pixels for the step panel
)

// update lays the lesson out on in.Area and handles the step navigation:
// PageDown / PageUp and the panel's arrows.
func (l *lesson) update(in *viz.Input) {
	s := in.Scale
	l.scale, l.area = s, in.Area
	a := in.Area
	hh := int(float64(lessonHeader+24*len(l.fields)) * s)
	l.header = image.Rect(a.Min.X, a.Min.Y, a.Max.X, a.Min.Y+hh)
	l.panel = image.Rect(a.Min.X, a.Max.Y-int(lessonPanel*s), a.Max.X, a.Max.Y)
	l.body = image.Rect(a.Min.X, l.header.Max.Y, a.Max.X, l.panel.Min.Y)
	bw, pad := int(44*s), int(12*s)
	l.prev = image.Rect(l.panel.Max.X-2*bw-2*pad, l.panel.Min.Y+pad, l.panel.Max.X-bw-2*pad, l.panel.Min.Y+pad+bw)
	l.next = l.prev.Add(image.Pt(bw+pad, 0))

	p := image.Pt(int(in.Pointer.X), int(in.Pointer.Y))
	switch {
	case in.Fired(ebiten.KeyPageDown), in.Pointer.Pressed && p.In(l.next):
		l.step = min(l.step+1, len(l.steps)-1)
	case in.Fired(ebiten.KeyPageUp), in.Pointer.Pressed && p.In(l.prev):
		l.step = max(l.step-1, 0)
	}
}

// draw draws the header (title, functions and their errors) and the step
// panel.
func (l *lesson) draw(screen *ebiten.Image) {
	s := l.scale
	x := float64(l.header.Min.X) + 16*s
	y := float64(l.header.Min.Y) + 10*s
	viz.DrawText(screen, l.title, 20*s, x, y, viz.Light.Text)
	y += 32 * s
	for _, f := range l.fields {
		line := f.label + " " + f.fn.prog.Source()
		viz.DrawText(screen, line, 16*s, x, y, viz.Light.Text)
		if err := f.fn.Err(); err != nil {
			w, _ := viz.MeasureText(line, 16*s)
			viz.DrawText(screen, "  ⚠ "+err.Error(), 14*s, x+w, y+1*s, viz.Light.Error)
		}
		y += 24 * s
	}

	// The step panel.
	pr := l.panel
	vector.FillRect(screen, float32(pr.Min.X), float32(pr.Min.Y), float32(pr.Dx()), float32(pr.Dy()), viz.Light.Panel, false)
	vector.StrokeLine(screen, float32(pr.Min.X), float32(pr.Min.Y), float32(pr.Max.X), float32(pr.Min.Y), float32(s), viz.Light.Muted, false)
	st := l.steps[l.step]
	head := fmt.Sprintf("Step %d of %d · %s", l.step+1, len(l.steps), st.title)
	viz.DrawText(screen, head, 16*s, float64(pr.Min.X)+16*s, float64(pr.Min.Y)+12*s, viz.Light.Accent)
	viz.DrawText(screen, st.text, 15*s, float64(pr.Min.X)+16*s, float64(pr.Min.Y)+38*s, viz.Light.Text)
	for i, r := range []image.Rectangle{l.prev, l.next} {
		enabled := (i == 0 && l.step > 0) || (i == 1 && l.step < len(l.steps)-1)
		clr := viz.Light.Muted
		if enabled {
			clr = viz.Light.Accent
		}
		vector.StrokeRect(screen, float32(r.Min.X), float32(r.Min.Y), float32(r.Dx()), float32(r.Dy()), float32(1.5*s), clr, false)
		label := [2]string{"←", "→"}[i]
		w, h := viz.MeasureText(label, 18*s)
		viz.DrawText(screen, label, 18*s, float64(r.Min.X)+(float64(r.Dx())-w)/2, float64(r.Min.Y)+(float64(r.Dy())-h)/2, clr)
	}
	hint := "PageDown / PageUp: next and previous step"
	viz.DrawText(screen, hint, 12*s, float64(l.prev.Min.X)-200*s, float64(l.prev.Max.Y)+10*s, viz.Light.Muted)
}

// addState puts the lesson's shared fields of state() into st: step, and
// the error of the first field that has one (or null).
func (l *lesson) addState(st map[string]any) {
	st["step"] = l.step
	for _, f := range l.fields {
		if err := f.fn.Err(); err != nil {
			st["error"] = err.Error()
			return
		}
	}
}

// Notice returns a problem with the page's parameters, for the manager's
// banner.
func (l *lesson) Notice() string { return l.notice }
