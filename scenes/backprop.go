package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

func init() {
	Register(Entry{ID: "backprop", Title: "Backprop", New: newBackprop})
}

// backprop is the fifth lesson: backpropagation on the graph of a
// function with a scalar value L, by default a small network's loss. The
// forward sweep computes the nodes in topological order; the backward
// sweep takes them in reverse, each passing its cotangent ∂L/∂(its value)
// to its inputs by its VJP rule, whose closed form the lesson writes out
// with the numbers. Beside it: the gradients against finite differences,
// forward mode against reverse mode, and a step of gradient descent.
//
// The lesson's walk-through steps are the steps of the two sweeps, so the
// page's step key, the step buttons and PageDown / PageUp move through
// them; a Timeline plays them.
type backprop struct {
	*lesson
	net   *model.BPNet
	err   error          // why the values cannot be studied, or nil
	start []*core.Tensor // the function's values before any descent step
	x     []*core.Tensor // the values now

	tl          *viz.Timeline
	view        *viz.GraphView
	tabs        *viz.Segmented // what the side panel shows
	wrt         *viz.Segmented // the input the check and forward mode look at
	entry       *viz.Slider    // the entry of that input forward mode seeds
	lr          *viz.Slider    // the learning rate
	play, reset *viz.Button
	zoomOut     *viz.Button
	zoomIn      *viz.Button
	fit         *viz.Button
	descend     *viz.Button
	restore     *viz.Button

	shown    int             // the step the view shows, -1 to draw it again
	panelAt  bpPanelAt       // the scale and place the side panel was set for, zero when a layout asks for it again
	sideAt   bpPanelAt       // the same, kept through a layout
	ticks    int             // the ticks so far
	held     bool            // the side panel still shows the step before the view's (show)
	heldAt   int             // the tick in which it was held back
	checks   []model.BPCheck // each input's gradient against finite differences
	tangents []*core.Tensor  // forward mode's tangents for the seeded entry
	seeded   [2]int          // the input and entry they are for
	losses   []float64       // L before each descent step, and now

	formulas [4]viz.Formula // the side panel's formulas: a value, two contributions, a local Jacobian
	side     bpSide         // the side panel's content, under the tabs

	// Where the sheets put the graph with its buttons and the side panel,
	// and where the graph view goes.
	graphSheet, sideSheet, graph image.Rectangle

	last bpFrame // what the last tick left outside the graph view (Damage)
}

// bpFrame is what a frame of the backprop lesson shows outside its graph
// view, besides the side panel's content: the lesson's parts and texts,
// the play button's label, where the panel and the view are, and what the
// panel's tabs and controls are set to.
type bpFrame struct {
	outside
	play        string
	side, graph image.Rectangle
	tab, wrt    int
	entry, lr   float64
	focus       viz.Widget
}

// bpPanelAt is the scale and rectangle the side panel was laid out for.
type bpPanelAt struct {
	scale float64
	side  image.Rectangle
}

// The side panel's tabs.
const (
	bpTabNode = iota
	bpTabCheck
	bpTabModes
	bpTabDescent
)

// The lesson's defaults.
const (
	bpLR   = 0.1  // the learning rate at the start
	bpZoom = 1.25 // the zoom of a press on + or −
)

func newBackprop(q url.Values) Scene {
	s := &backprop{
		tl:      viz.NewTimeline(0),
		view:    viz.NewGraphView(nil),
		tabs:    &viz.Segmented{Options: []string{"Node", "Check", "Modes", "Descent"}},
		wrt:     &viz.Segmented{},
		entry:   &viz.Slider{Label: "seeded entry", Min: 0, Max: 1},
		lr:      &viz.Slider{Label: "learning rate η", Min: 0.001, Max: 1, Log: true, Value: bpLR, Steps: 30},
		play:    &viz.Button{Label: "Play"},
		reset:   &viz.Button{Label: "Reset"},
		zoomOut: &viz.Button{Label: "−"},
		zoomIn:  &viz.Button{Label: "+"},
		fit:     &viz.Button{Label: "Fit"},
		descend: &viz.Button{Label: "Step downhill (G)"},
		restore: &viz.Button{Label: "Start values"},
		shown:   -1,
	}
	s.lesson = newLesson(q, "Backpropagation: one VJP per node", []step{{}},
		fieldSpec{label: "L =", def: model.BPDefF, defAt: model.BPDefAt, check: model.BPInput})
	s.ui.Add(s.play, s.reset, s.zoomOut, s.zoomIn, s.fit, s.tabs, s.wrt, s.entry, s.lr, s.descend, s.restore)
	s.arrange = s.sheets
	s.quiz.ask = s.askGradShape
	s.entry.Format = func(v float64) string { return s.entryName(int(math.Round(v))) }
	s.newFunction()
	s.step, s.notice = stepFromQuery(q, len(s.steps))
	s.tl.Seek(s.step)
	return s
}

// newFunction starts the lesson over for the function in the text field,
// at its values.
func (s *backprop) newFunction() {
	p := s.fn(0).Prog
	s.start = p.Inputs()
	s.wrt.Options = p.Names()
	s.wrt.Selected = 0
	for i, name := range p.Names() {
		if model.BPParams(p.Names())[i] && name != "x" {
			s.wrt.Selected = i
			break
		}
	}
	s.losses = s.losses[:0]
	s.setValues(s.start)
	if s.net != nil {
		s.losses = append(s.losses, s.net.Loss())
	}
	s.step = 0
	s.tl.Seek(0)
	s.tl.Pause()
}

// setValues traces the function at x, keeping the step (within the new
// sweeps' length).
func (s *backprop) setValues(x []*core.Tensor) {
	s.x = x
	s.net, s.err = model.NewBPNet(s.fn(0).Prog, x)
	s.shown, s.seeded = -1, [2]int{-1, -1}
	if s.err != nil {
		s.steps = []step{{"The function cannot be studied", s.err.Error()}}
		s.tl = viz.NewTimeline(0)
		s.view.SetGraph(nil)
		s.step = 0
		s.relayout()
		return
	}
	s.checks = s.net.Check()
	s.steps = bpWalkthrough(s.net)
	old := s.tl
	s.tl = viz.NewTimeline(s.net.Steps())
	s.tl.SetSpeed(old.Speed())
	s.tl.SetReducedMotion(old.ReducedMotion())
	s.step = min(s.step, s.net.Steps())
	s.tl.Seek(s.step)
	s.view.SetGraph(s.net.G)
	s.relayout()
}

// entryName names entry k of the input the check and forward mode look
// at.
func (s *backprop) entryName(k int) string {
	p := s.fn(0).Prog
	i := s.wrt.Selected
	if i >= len(p.Names()) {
		return ""
	}
	return model.BPEntryName(p.Names()[i], s.x[i].Shape(), min(k, s.x[i].Len()-1))
}

// sheets arranges the lesson's body: the graph with the buttons that
// play the sweeps and zoom it, and the side panel with its tabs.
func (s *backprop) sheets(sc float64) []sheet {
	ctl := s.ctlH() / sc
	sz := func(w, h float64) layout.Size { return layout.Size{W: w * sc, H: h * sc} }
	return []sheet{
		{"Graph", layout.Leaf(&s.graphSheet, sz(360, ctl+8+160), sz(960, ctl+8+440)).Grow(3)},
		{"Numbers", layout.Leaf(&s.sideSheet, sz(320, ctl+8+200), sz(520, ctl+8+440)).Grow(2)},
	}
}

// ctlH returns the height of the lesson's controls in device pixels: the
// frame's, taller on a small screen, where fingers press them.
func (s *backprop) ctlH() float64 {
	h := float64(controlH)
	if s.narrow || float64(s.area.Dy()) < shortH*s.scale {
		h = touchH
	}
	return h * s.scale
}

// placeSheets places the parts of the sheets: in the graph's, the
// buttons in a row over the view; in the side panel's, the tabs over the
// panel's content, which Prepare lays out.
func (s *backprop) placeSheets(sc float64) {
	ctl := s.ctlH()
	sz := func(w float64) layout.Size { return layout.Size{W: w * sc, H: ctl} }
	gap := func(w float64) *layout.Node { return layout.Space(sz(w), sz(w)) }
	play := layout.Leaf(&s.play.Rect, sz(64), sz(96))
	reset := layout.Leaf(&s.reset.Rect, sz(64), sz(96))
	out := layout.Leaf(&s.zoomOut.Rect, sz(44), sz(44))
	in := layout.Leaf(&s.zoomIn.Rect, sz(44), sz(44))
	fit := layout.Leaf(&s.fit.Rect, sz(48), sz(56))
	view := layout.Leaf(&s.graph, layout.Size{}, layout.Size{}).Grow(1)
	g := s.graphSheet
	if float64(g.Dy()) < 2*ctl+8*sc+160*sc && g.Dx() >= int(560*sc) {
		// Short and wide, as a phone on its side: the buttons on two
		// rows beside the graph, which keeps the height.
		layout.Row(8*sc, view, layout.Column(4*sc,
			layout.Row(4*sc, play, reset), layout.Row(4*sc, out, in, fit), layout.Space(layout.Size{}, layout.Size{}).Grow(1),
		)).Place(g)
	} else {
		layout.Column(8*sc, layout.Row(0, play, gap(6), reset, gap(6).Grow(1), out, gap(4), in, gap(4), fit), view).Place(g)
	}

	r := s.sideSheet
	tw := min(r.Dx(), int(math.Ceil(s.tabs.Width(sc))))
	s.tabs.Rect = image.Rect(r.Min.X, r.Min.Y, r.Min.X+tw, r.Min.Y+int(ctl))
	s.side.rect = image.Rect(r.Min.X, s.tabs.Rect.Max.Y+int(8*sc), r.Max.X, r.Max.Y)
	if r.Empty() {
		s.tabs.Rect, s.side.rect = image.Rectangle{}, image.Rectangle{}
	}
	// The tab's controls show where Prepare places them.
	for _, w := range []*image.Rectangle{&s.wrt.Rect, &s.entry.Rect, &s.lr.Rect, &s.descend.Rect, &s.restore.Rect} {
		*w = image.Rectangle{}
	}
	s.panelAt = bpPanelAt{}
	s.view.Prepare(s.graph, sc)
}

// Layout implements Scene.
func (s *backprop) Layout(a image.Rectangle, sc float64) {
	if s.lesson.layout(a, sc) {
		s.placeSheets(sc)
	}
}

func (s *backprop) Update(in *viz.Input) error {
	prog, tab, wrt := s.fn(0).Prog, s.tabs.Selected, s.wrt.Selected
	s.ticks++
	s.lesson.handle(in)
	if s.fn(0).Prog != prog {
		s.newFunction()
	}
	if s.stepChanged {
		s.tl.Seek(s.step)
		s.tl.Pause()
	}
	s.tl.SetReducedMotion(in.ReducedMotion)
	s.handleButtons(in)
	s.view.Update(in)
	keys := s.ui.Focused() == nil
	if keys {
		s.handleKeys(in)
	}
	s.side.update(in, keys)
	if s.tabs.Selected != tab || s.wrt.Selected != wrt {
		s.shown = -1
		s.relayout() // the tab's own controls
		if s.wrt.Selected != wrt {
			s.entry.Value = 0
		}
	}
	s.tl.Tick()
	if st := s.tl.Index(); st != s.step {
		// The sweeps moved on after the frame took the step's question:
		// it takes the new step's.
		s.step, s.stepChanged = st, true
		s.handleQuiz(in)
	}
	// The panel keeps its height through the sweeps as they play, from
	// their first step: the introduction before it is the longest text.
	s.steady = s.tl.Playing() && s.step > 0
	if s.net != nil && s.x[s.wrt.Selected].Len() > 1 {
		s.entry.Max = float64(s.x[s.wrt.Selected].Len() - 1)
		s.entry.Steps = int(s.entry.Max)
	}
	s.play.Label = "Play"
	if s.tl.Playing() {
		s.play.Label = "Pause"
	}
	s.lesson.setLabels()
	if s.net != nil && s.tabs.Selected == bpTabModes {
		return s.compute()
	}
	return nil
}

// frame returns what the lesson shows outside its graph view.
func (s *backprop) frame() bpFrame {
	return bpFrame{outside: s.outside(), play: s.play.Label, side: s.side.rect, graph: s.graph,
		tab: s.tabs.Selected, wrt: s.wrt.Selected, entry: s.entry.Value, lr: s.lr.Value, focus: s.ui.Focused()}
}

// Damage implements damager: besides a drag in the body (lesson.Damage),
// the sweeps playing between two steps change only the graph view, so a
// tick in which nothing happened and nothing outside the view changed
// since the tick before damages the view alone. A step that the playing
// sweeps turn changes the view, the side panel, and the step's title and
// text; where the text is in the panel under the body, and nothing else
// changed, those three are damaged. Any other change gets a whole frame.
func (s *backprop) Damage() image.Rectangle {
	f, last := s.frame(), s.last
	s.last = f
	if d := s.lesson.Damage(); !d.Empty() {
		return d
	}
	if !s.tl.Playing() {
		return image.Rectangle{}
	}
	// The side panel changes at the next Prepare when the step or its
	// place did (see show); a new layout places it again. A panel held
	// back at the step catches up in the tick after it.
	at := bpPanelAt{s.scale, s.side.rect}
	if f == last && !s.stepChanged && s.shown == s.step {
		switch {
		case s.held && s.sideAt == at:
			return s.graph.Union(s.side.rect)
		case !s.held && s.panelAt == at:
			return s.graph
		}
	}
	// The step's new text lays the lesson out again, which leaves the
	// parts where they were when the text keeps to its panel.
	turned := last
	turned.step, turned.head, turned.text, turned.shown = f.step, f.head, f.text, f.shown
	if turned != f || s.compact || s.quiz.q != nil || s.panel.Empty() {
		return image.Rectangle{}
	}
	return s.graph.Union(s.side.rect).Union(s.panel)
}

// Prepare implements Scene: the graph shows the step, and the side panel
// its texts and formulas, once a frame however many ticks the sweeps
// moved.
func (s *backprop) Prepare() error {
	sc := s.scale
	if sc == 0 { // before the lesson is laid out
		return nil
	}
	if s.net == nil {
		if s.panelAt == (bpPanelAt{sc, s.side.rect}) {
			return nil
		}
		s.panelAt = bpPanelAt{sc, s.side.rect}
		msg := bpBlock{text: "This function cannot be studied:\n" + s.err.Error(), px: 14, clr: viz.Th().Error}
		return s.side.place([2][]bpBlock{{msg}}, s.side.rect, sc, s.ctlH())
	}
	return s.show(sc)
}

// handleButtons applies the lesson's own buttons and a click on an input
// of the graph, which picks it for the check and forward mode.
func (s *backprop) handleButtons(in *viz.Input) {
	switch {
	case s.play.Clicked():
		s.tl.Toggle()
	case s.reset.Clicked():
		s.tl.Pause()
		s.tl.Seek(0)
		s.view.Fit()
	case s.zoomIn.Clicked():
		s.view.ZoomCentre(bpZoom)
	case s.zoomOut.Clicked():
		s.view.ZoomCentre(1 / bpZoom)
	case s.fit.Clicked():
		s.view.Fit()
	case s.descend.Clicked():
		s.descendStep()
	case s.restore.Clicked() && s.net != nil:
		s.setValues(s.start)
		s.losses = append(s.losses[:0], s.net.Loss())
	}
	if p := in.Pointer; p.Pressed && s.net != nil {
		if i := s.view.NodeAt(p.X, p.Y); i >= 0 && i < len(s.x) {
			s.wrt.Selected = i
			in.Pointer.Pressed = false // a click, not the start of a drag
		}
	}
}

// Shortcuts implements Shortcutter: the keys handleKeys reads.
func (s *backprop) Shortcuts() []Shortcut {
	return s.shortcuts(
		Shortcut{"Space", "play or pause the sweeps"},
		Shortcut{"← →", "one node back or on"},
		Shortcut{"Home, End", "back to the start, on to the end"},
		Shortcut{"[ ]", "slower or faster"},
		Shortcut{"+ − 0", "zoom the graph in or out, or fit it"},
		Shortcut{"↑ ↓", "scroll the side panel"},
		Shortcut{"G", "a step of gradient descent"},
	)
}

// handleKeys applies the keys when no widget has the focus: Space plays
// or pauses, → and ← step, Home goes back to the start, End plays to the
// end quickly, [ and ] halve and double the speed, + and − zoom the graph
// and 0 fits it, ↑ and ↓ scroll the side panel (bpSide.update), G takes a
// step of gradient descent.
func (s *backprop) handleKeys(in *viz.Input) {
	for _, k := range in.Pressed {
		switch k {
		case ebiten.KeySpace:
			s.tl.Toggle()
		case ebiten.KeyHome:
			s.tl.Pause()
			s.tl.Seek(0)
			s.view.Fit()
		case ebiten.KeyEnd:
			s.tl.Finish()
		case ebiten.KeyG:
			s.descendStep()
		case ebiten.KeyDigit0, ebiten.KeyNumpad0:
			s.view.Fit()
		}
	}
	for _, k := range in.Repeated {
		switch k {
		case ebiten.KeyArrowRight:
			s.tl.StepForward()
		case ebiten.KeyArrowLeft:
			s.tl.StepBack()
		case ebiten.KeyBracketRight:
			s.tl.SetSpeed(2 * s.tl.Speed())
		case ebiten.KeyBracketLeft:
			s.tl.SetSpeed(s.tl.Speed() / 2)
		case ebiten.KeyEqual, ebiten.KeyNumpadAdd:
			s.view.ZoomCentre(bpZoom)
		case ebiten.KeyMinus, ebiten.KeyNumpadSubtract:
			s.view.ZoomCentre(1 / bpZoom)
		}
	}
}

// descendStep takes one step of gradient descent on the parameters and
// traces the function at the new values.
func (s *backprop) descendStep() {
	if s.net == nil {
		return
	}
	s.setValues(s.net.Descend(s.lr.Value, model.BPParams(s.fn(0).Prog.Names())))
	if s.net != nil {
		s.losses = append(s.losses, s.net.Loss())
	}
	s.tabs.Selected = bpTabDescent
}

// show shows the step on the graph, keeping its node in view, and lays
// the side panel out for it.
//
// A step the playing sweeps take holds the side panel back for the rest
// of the tick: the frame of the step lights up its node and writes its
// text, and the panel's formulas, as much work again, follow in the frame
// of the next tick. Spread over two frames, neither is long enough to
// stutter; the panel is a frame behind, which the eye does not see at
// four steps a second.
func (s *backprop) show(sc float64) error {
	n := s.net
	a := n.At(s.step)
	prev := s.shown
	changed := prev != s.step
	if changed {
		s.shown = s.step
		s.view.ClearHighlights()
		s.view.ShowValues(a.Fwd)
		if s.tabs.Selected == bpTabModes {
			s.view.SetDerivatives(s.tangentsAt(a), true)
			s.view.SetParts(nil, nil)
		} else {
			s.view.SetDerivatives(n.GradsAt(a), false)
			s.view.SetParts(n.PartsAt(a.Bwd), n.Uses)
		}
		if j := a.Current; j >= 0 {
			flow := viz.FlowForward
			if a.Bwd > 0 {
				flow = viz.FlowBackward
			}
			s.view.HighlightNode(j, flow)
			for k, in := range n.G.Nodes()[j].Inputs() {
				if flow == viz.FlowForward || n.Needs[n.G.Index(in)] {
					s.view.HighlightEdge(j, k, flow)
				}
			}
		}
		s.view.Follow(a.Current)
	}
	s.view.Prepare(s.graph, sc)
	// The side panel changes with what the view shows (the step, the
	// tab, the input looked at, the values) and with its place. Other
	// changes than the step set shown to -1, and are never held back.
	at := bpPanelAt{sc, s.side.rect}
	if changed && prev >= 0 && !s.held && s.sideAt == at && s.tl.Playing() {
		s.held, s.heldAt = true, s.ticks
	}
	if s.held && s.heldAt == s.ticks && s.sideAt == at {
		// The step's text laid the lesson out again, in the same
		// place, which took the panel's controls away.
		s.side.scrollBy(0)
		return nil
	}
	if !changed && !s.held && s.panelAt == at {
		return nil
	}
	s.held = false
	s.panelAt, s.sideAt = at, at
	groups, err := s.content(a)
	if err != nil {
		return err
	}
	px := bpFormula * sc
	for _, g := range groups {
		for _, b := range g {
			for i, f := range []*viz.Formula{b.formula, b.beside} {
				if f == nil {
					continue
				}
				if err := f.SetTeX(b.tex[i], px); err != nil {
					return fmt.Errorf("backprop lesson formula: %w", err)
				}
			}
		}
	}
	return s.side.place(groups, s.side.rect, sc, s.ctlH())
}

// Draw implements Scene.
func (s *backprop) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	s.view.Draw(screen)
	s.side.draw(screen, s.scale, func(p bpPic, r image.Rectangle) {
		switch p {
		case bpCellsFwd, bpCellsRev:
			s.drawCells(screen, r, p == bpCellsRev)
		case bpLossChart:
			s.drawLosses(screen, r)
		}
	})
}

// drawCells draws the row of the Jacobian of L, ∂L/∂(all inputs'
// entries), one cell per entry, as one sweep of a mode fills it: forward
// mode the seeded entry, reverse mode all.
func (s *backprop) drawCells(screen *ebiten.Image, r image.Rectangle, reverse bool) {
	sc := s.scale
	total := s.net.Entries()
	seed := s.seedOffset()
	cell := math.Min(14*sc, float64(r.Dx())/float64(total))
	for k := range total {
		clr := viz.Th().Control
		switch {
		case reverse:
			clr = viz.Th().Tangent
		case k == seed:
			clr = viz.Th().Curve
		}
		viz.FillRectF(screen, float64(r.Min.X)+float64(k)*cell, float64(r.Min.Y), cell-math.Max(1, sc), math.Min(cell, float64(r.Dy())), clr)
	}
}

// drawLosses draws L before each descent step and now in r, a line
// falling as the network learns.
func (s *backprop) drawLosses(screen *ebiten.Image, r image.Rectangle) {
	ls := s.losses
	sc := s.scale
	viz.StrokeRect(screen, r, sc, viz.Th().Border)
	hi, lo := ls[0], ls[0]
	for _, v := range ls {
		hi, lo = math.Max(hi, v), math.Min(lo, v)
	}
	if hi == lo {
		hi = lo + 1
	}
	pad := 8 * sc
	at := func(i int) (float64, float64) {
		x := float64(r.Min.X) + pad + float64(i)*(float64(r.Dx())-2*pad)/float64(len(ls)-1)
		y := float64(r.Max.Y) - pad - (ls[i]-lo)/(hi-lo)*(float64(r.Dy())-2*pad)
		return x, y
	}
	for i := 1; i < len(ls); i++ {
		x0, y0 := at(i - 1)
		x1, y1 := at(i)
		viz.Line(screen, x0, y0, x1, y1, 2*sc, viz.Th().Curve)
	}
	for i := range ls {
		x, y := at(i)
		viz.Dot(screen, x, y, 3*sc, viz.Th().Curve)
	}
}

// Describe implements Describer: the step's node, its value or
// gradient, and the loss.
func (s *backprop) Describe() []string {
	if s.net == nil {
		return s.describe("It cannot be studied: " + s.err.Error())
	}
	n := s.net
	a := n.At(s.step)
	d := core.Sprintf("L = %.6g, a graph of %d nodes; the %s sweep.", n.Loss(), len(n.G.Nodes()), a.Phase)
	if j := a.Current; j >= 0 {
		nd := n.G.Nodes()[j]
		if a.Bwd == 0 {
			d += fmt.Sprintf(" The last step computed %s: %s.", bpNodeTitle(nd), bpShort(nd.Value()))
		} else {
			d += fmt.Sprintf(" The last step took %s, whose gradient ∂L/∂%s is %s, back to its inputs.", bpNodeTitle(nd), nd.Name(), bpShort(n.Grads[a.Bwd][j]))
		}
	}
	if a.Phase == model.BPDone {
		var gs []string
		for i, name := range n.Prog.Names() {
			gs = append(gs, fmt.Sprintf("∂L/∂%s = %s", name, bpShort(n.Full[i])))
		}
		d += " " + strings.Join(gs, "; ") + "."
	}
	return s.describe(d)
}

// Link implements Linker: the function, its values (after any descent
// steps) and the step.
func (s *backprop) Link() url.Values { return s.link(s.x) }

// State implements Scene: the lesson's fields, the function's in the
// command line's form at the current values, and the sweeps'.
func (s *backprop) State() Stater {
	st := &BackpropState{LessonState: s.lesson.state(s.x)}
	if s.net == nil {
		st.setError(s.err)
		return st
	}
	n := s.net
	a := n.At(s.step)
	grads := n.GradsAt(a)
	b := &BackpropNumbers{
		Nodes: make([]BackpropNode, len(n.G.Nodes())),
		Phase: a.Phase, Steps: n.Steps(), Current: a.Current, Playing: s.tl.Playing(), Loss: Num(n.Loss()),
		FDCheck: s.checks, Losses: s.losses, LearningRate: s.lr.Value, Tab: s.tabs.Options[s.tabs.Selected],
	}
	lay := s.view.Layout()
	for i, nd := range n.G.Nodes() {
		m := BackpropNode{Name: nd.Name(), Op: nd.Op(), Shape: []int(nd.Shape())}
		if lay != nil {
			// The node's box in CSS pixels, for tests that look at it.
			p := lay.Nodes[i]
			x0, y0 := s.view.ToScreen(p.X, p.Y)
			x1, y1 := s.view.ToScreen(p.X+p.W, p.Y+p.H)
			m.Box = []float64{x0 / s.scale, y0 / s.scale, x1 / s.scale, y1 / s.scale}
		}
		if i < a.Fwd {
			v := expr.Data(nd.Value().Data())
			m.Value = &v
		}
		if grads != nil && grads[i] != nil {
			g := expr.Data(grads[i].Data())
			m.Grad = &g
		}
		b.Nodes[i] = m
	}
	if g := s.graph; !g.Empty() {
		b.Graph = boxOf(g, s.scale)
	}
	if s.tangents != nil {
		b.Forward = &BackpropForward{Wrt: s.fn(0).Prog.Names()[s.seeded[0]], Entry: s.seeded[1], Column: Num(s.tangents[len(s.tangents)-1].Data()[0])}
	}
	st.BackpropNumbers = b
	return st
}

// wheelPlaces implements wheeler: the graph, which the wheel zooms, the
// side panel, which it scrolls, the ways its content can go, and the
// frame's.
func (s *backprop) wheelPlaces(dst []wheelPlace) []wheelPlace {
	dst = s.lesson.wheelPlaces(dst)
	if s.net != nil && !s.graph.Empty() {
		dst = append(dst, wheelPlace{rect: s.graph, zoom: true})
	}
	if p := &s.side; !p.rect.Empty() && p.height > float64(p.rect.Dy()) {
		dst = append(dst, wheelPlace{rect: p.rect, up: p.scroll > 0, down: p.scroll < p.height-float64(p.rect.Dy())})
	}
	return dst
}
