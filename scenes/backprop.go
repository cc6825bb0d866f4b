package scenes

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/viz"
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
	net   *bpNet
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
	descend     *viz.Button
	restore     *viz.Button

	shown    int            // the step the view shows, -1 to draw it again
	panelAt  bpPanelAt      // the scale and place the side panel was set for
	checks   []bpCheck      // each input's gradient against finite differences
	tangents []*core.Tensor // forward mode's tangents for the seeded entry
	seeded   [2]int         // the input and entry they are for
	losses   []float64      // L before each descent step, and now

	formulas [4]viz.Formula // the side panel's formulas: a value, two contributions, a local Jacobian
	texts    bpTexts
	graph    image.Rectangle // the graph view
	side     image.Rectangle // the side panel, below the tabs
	place    bpPlaces
}

// bpPanelAt is the scale and rectangle the side panel was laid out for.
type bpPanelAt struct {
	scale float64
	side  image.Rectangle
}

// bpTexts are the lesson's texts, drawn from cached images.
type bpTexts struct {
	head, body, foot viz.Label // the side panel's heading, text above and below the formulas
	left, right      viz.Label // forward and reverse mode, side by side
}

// bpPlaces are where the side panel's parts go, set in Update.
type bpPlaces struct {
	head, body, foot [2]float64      // where the texts go
	formulas         [4][2]float64   // where each formula goes
	cells            float64         // y of the Jacobian's row under the two modes
	modesH           float64         // the height of the two modes' texts
	chart            image.Rectangle // the loss chart
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
	bpDefF    = "mse(tanh(x @ W1 + b1) @ W2 + b2, y)"
	bpLR      = 0.1 // the learning rate at the start
	bpFormula = 13  // the formulas' size in logical pixels
)

// bpDefAt is the default network's values: a batch of 4 points in ℝ²,
// the weights of a layer of width 3 and of the output layer, and targets,
// drawn from a seeded generator and rounded, so that they are short to
// read and the same on every load.
var bpDefAt = func() string {
	r := rand.New(rand.NewPCG(8, 5))
	mat := func(rows, cols int, scale, round float64) string {
		var b strings.Builder
		b.WriteString("[")
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			if cols > 0 {
				b.WriteString("[")
			}
			for j := range max(cols, 1) {
				if j > 0 {
					b.WriteString(", ")
				}
				v := math.Round(scale*r.NormFloat64()/round) * round
				b.WriteString(strconv.FormatFloat(v+0, 'g', 3, 64))
			}
			if cols > 0 {
				b.WriteString("]")
			}
		}
		b.WriteString("]")
		return b.String()
	}
	return "x = " + mat(4, 2, 1, 0.1) + "; W1 = " + mat(2, 3, 0.7, 0.01) + "; b1 = " + mat(3, 0, 0.1, 0.01) +
		"; W2 = " + mat(3, 1, 0.6, 0.01) + "; b2 = " + mat(1, 0, 0.1, 0.01) + "; y = " + mat(4, 1, 0.5, 0.1)
}()

// bpScalar accepts functions of at least one input with a scalar value,
// a loss.
func bpScalar(p *expr.Program) error {
	if len(p.Names()) == 0 {
		return fmt.Errorf("backpropagation needs an input to differentiate by, like %s", bpDefF)
	}
	if s := p.Value().Shape(); s.Rank() != 0 {
		return fmt.Errorf("backpropagation needs a scalar loss L, and this value has shape %v: wrap it in sum( ) or mean( ), like %s", s, bpDefF)
	}
	return nil
}

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
		descend: &viz.Button{Label: "Step downhill (G)"},
		restore: &viz.Button{Label: "Start values"},
		shown:   -1,
	}
	s.lesson = newLesson(q, "Backpropagation: one VJP per node", []step{{}},
		fieldSpec{label: "L =", def: bpDefF, defAt: bpDefAt, check: bpScalar})
	s.ui.Add(s.play, s.reset, s.tabs, s.wrt, s.entry, s.lr, s.descend, s.restore)
	s.entry.Format = func(v float64) string { return s.entryName(int(math.Round(v))) }
	s.newFunction()
	s.step, s.notice = stepFromQuery(q, len(s.steps))
	s.tl.Seek(s.step)
	return s
}

// newFunction starts the lesson over for the function in the text field,
// at its values.
func (s *backprop) newFunction() {
	p := s.fn(0).prog
	s.start = p.Inputs()
	s.wrt.Options = p.Names()
	s.wrt.Selected = 0
	for i, name := range p.Names() {
		if bpParams(p.Names())[i] && name != "x" {
			s.wrt.Selected = i
			break
		}
	}
	s.losses = s.losses[:0]
	s.setValues(s.start)
	if s.net != nil {
		s.losses = append(s.losses, s.net.loss())
	}
	s.step = 0
	s.tl.Seek(0)
	s.tl.Pause()
}

// setValues traces the function at x, keeping the step (within the new
// sweeps' length).
func (s *backprop) setValues(x []*core.Tensor) {
	s.x = x
	s.net, s.err = newBPNet(s.fn(0).prog, x)
	s.shown, s.seeded = -1, [2]int{-1, -1}
	if s.err != nil {
		s.steps = []step{{"The function cannot be studied", s.err.Error()}}
		s.tl = viz.NewTimeline(0)
		s.view.SetGraph(nil)
		s.step = 0
		s.relayout()
		return
	}
	s.checks = s.net.check()
	s.steps = s.net.walkthrough()
	old := s.tl
	s.tl = viz.NewTimeline(s.net.steps())
	s.tl.SetSpeed(old.Speed())
	s.step = min(s.step, s.net.steps())
	s.tl.Seek(s.step)
	s.view.SetGraph(s.net.g)
	s.relayout()
}

// entryName names entry k of the input the check and forward mode look
// at.
func (s *backprop) entryName(k int) string {
	p := s.fn(0).prog
	i := s.wrt.Selected
	if i >= len(p.Names()) {
		return ""
	}
	return bpEntryName(p.Names()[i], s.x[i].Shape(), min(k, s.x[i].Len()-1))
}

// layout places the lesson's own widgets and pictures in the body: the
// graph on the left, the side panel with its tabs on the right, the play
// and reset buttons beside the step buttons.
func (s *backprop) layout(sc float64) {
	b := s.body
	pad := int(12 * sc)
	split := b.Min.Y + b.Dy()*50/100
	s.graph = image.Rect(b.Min.X+pad, b.Min.Y+pad/2, b.Max.X-pad, split)
	s.tabs.Rect = image.Rect(b.Min.X+pad, split+pad/2, b.Min.X+pad+int(360*sc), split+pad/2+int(30*sc))
	s.side = image.Rect(b.Min.X+pad, s.tabs.Rect.Max.Y+pad/2, b.Max.X-pad, b.Max.Y-pad/2)
	bw := int(96 * sc)
	s.reset.Rect = s.prev.Rect
	s.reset.Rect.Max.X = s.prev.Rect.Min.X - pad
	s.reset.Rect.Min.X = s.reset.Rect.Max.X - bw
	s.play.Rect = s.reset.Rect.Sub(image.Pt(bw+pad, 0))

	s.wrt.Rect, s.entry.Rect, s.lr.Rect = image.Rectangle{}, image.Rectangle{}, image.Rectangle{}
	s.descend.Rect, s.restore.Rect = image.Rectangle{}, image.Rectangle{}
	if s.net == nil {
		s.view.Prepare(s.graph, sc)
		return
	}
	t := s.tabs.Rect
	x := t.Max.X + 2*pad
	switch s.tabs.Selected {
	case bpTabCheck, bpTabModes:
		w := min(int(400*sc), len(s.wrt.Options)*int(56*sc))
		s.wrt.Rect = image.Rect(x, t.Min.Y, x+w, t.Max.Y)
		if n := s.x[s.wrt.Selected].Len(); s.tabs.Selected == bpTabModes && n > 1 {
			x = s.wrt.Rect.Max.X + 2*pad
			s.entry.Rect = image.Rect(x, t.Max.Y-int(44*sc), b.Max.X-pad, t.Max.Y)
		}
	case bpTabDescent:
		s.descend.Rect = image.Rect(x, t.Min.Y, x+int(160*sc), t.Max.Y)
		s.restore.Rect = image.Rect(s.descend.Rect.Max.X+pad, t.Min.Y, s.descend.Rect.Max.X+pad+int(120*sc), t.Max.Y)
		x = s.restore.Rect.Max.X + 2*pad
		s.lr.Rect = image.Rect(x, t.Max.Y-int(44*sc), min(b.Max.X-pad, x+int(300*sc)), t.Max.Y)
	}
	s.view.Prepare(s.graph, sc)
}

// Layout implements Scene.
func (s *backprop) Layout(a image.Rectangle, sc float64) {
	if s.lesson.layout(a, sc) {
		s.layout(sc)
	}
}

func (s *backprop) Update(in *viz.Input) error {
	prog, tab, wrt := s.fn(0).prog, s.tabs.Selected, s.wrt.Selected
	s.lesson.handle(in)
	if s.fn(0).prog != prog {
		s.newFunction()
	}
	if s.stepChanged {
		s.tl.Seek(s.step)
		s.tl.Pause()
	}
	s.handleButtons(in)
	if s.ui.Focused() == nil {
		s.handleKeys(in)
	}
	if s.tabs.Selected != tab || s.wrt.Selected != wrt {
		s.shown = -1
		s.relayout() // the tab's own controls
		if s.wrt.Selected != wrt {
			s.entry.Value = 0
		}
	}
	s.tl.Tick()
	s.step = s.tl.Index()
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

// Prepare implements Scene: the graph shows the step, and the side panel
// its texts and formulas, once a frame however many ticks the sweeps
// moved.
func (s *backprop) Prepare() error {
	sc := s.scale
	if sc == 0 { // before the lesson is laid out
		return nil
	}
	if s.net == nil {
		s.texts.head.Set("This function cannot be studied:\n"+s.err.Error(), 14*sc, viz.Light.Error)
		return nil
	}
	return s.show(sc)
}

// handleButtons applies the lesson's own buttons and a click on a node of
// the graph, which picks an input for the check and forward mode.
func (s *backprop) handleButtons(in *viz.Input) {
	switch {
	case s.play.Clicked():
		s.tl.Toggle()
	case s.reset.Clicked():
		s.tl.Pause()
		s.tl.Seek(0)
	case s.descend.Clicked():
		s.descendStep()
	case s.restore.Clicked() && s.net != nil:
		s.setValues(s.start)
		s.losses = append(s.losses[:0], s.net.loss())
	}
	if p := in.Pointer; p.Pressed && s.net != nil {
		if i := s.view.NodeAt(p.X, p.Y); i >= 0 && i < len(s.x) {
			s.wrt.Selected = i
		}
	}
}

// Shortcuts implements Shortcutter: the keys handleKeys reads.
func (s *backprop) Shortcuts() []Shortcut {
	return s.shortcuts(
		Shortcut{"Space", "play or pause the sweeps"},
		Shortcut{"← →", "one node back or on"},
		Shortcut{"Home, End", "back to the start, on to the end"},
		Shortcut{"+ −", "faster or slower"},
		Shortcut{"G", "a step of gradient descent"},
	)
}

// handleKeys applies the keys when no widget has the focus: Space plays
// or pauses, → and ← step, Home goes back to the start, End plays to the
// end quickly, + and − double and halve the speed, G takes a step of
// gradient descent.
func (s *backprop) handleKeys(in *viz.Input) {
	for _, k := range in.Pressed {
		switch k {
		case ebiten.KeySpace:
			s.tl.Toggle()
		case ebiten.KeyHome:
			s.tl.Pause()
			s.tl.Seek(0)
		case ebiten.KeyEnd:
			s.tl.Finish()
		case ebiten.KeyG:
			s.descendStep()
		}
	}
	for _, k := range in.Repeated {
		switch k {
		case ebiten.KeyArrowRight:
			s.tl.StepForward()
		case ebiten.KeyArrowLeft:
			s.tl.StepBack()
		case ebiten.KeyEqual, ebiten.KeyNumpadAdd:
			s.tl.SetSpeed(2 * s.tl.Speed())
		case ebiten.KeyMinus, ebiten.KeyNumpadSubtract:
			s.tl.SetSpeed(s.tl.Speed() / 2)
		}
	}
}

// descendStep takes one step of gradient descent on the parameters and
// traces the function at the new values.
func (s *backprop) descendStep() {
	if s.net == nil {
		return
	}
	s.setValues(s.net.descend(s.lr.Value, bpParams(s.fn(0).prog.Names())))
	if s.net != nil {
		s.losses = append(s.losses, s.net.loss())
	}
	s.tabs.Selected = bpTabDescent
}

// show shows the step on the graph and sets the side panel's texts and
// formulas for it.
func (s *backprop) show(sc float64) error {
	n := s.net
	a := n.at(s.step)
	changed := s.shown != s.step
	if changed {
		s.shown = s.step
		s.view.ClearHighlights()
		s.view.ShowValues(a.fwd)
		if s.tabs.Selected == bpTabModes {
			s.view.SetDerivatives(s.tangentsAt(a), true)
			s.view.SetParts(nil, nil)
		} else {
			s.view.SetDerivatives(n.gradsAt(a), false)
			s.view.SetParts(n.partsAt(a.bwd), n.uses)
		}
		if j := a.current; j >= 0 {
			flow := viz.FlowForward
			if a.bwd > 0 {
				flow = viz.FlowBackward
			}
			s.view.HighlightNode(j, flow)
			for k, in := range n.g.Nodes()[j].Inputs() {
				if flow == viz.FlowForward || n.needs[n.g.Index(in)] {
					s.view.HighlightEdge(j, k, flow)
				}
			}
		}
	}
	s.view.Prepare(s.graph, sc)
	// The side panel changes with what the view shows (the step, the
	// tab, the input looked at, the values) and with its place.
	if !changed && s.panelAt == (bpPanelAt{sc, s.side}) {
		return nil
	}
	s.panelAt = bpPanelAt{sc, s.side}
	var texs [4]string
	var head, body, foot string
	switch s.tabs.Selected {
	case bpTabNode:
		var err error
		head, body, foot, texs, err = s.nodePanel(a)
		if err != nil {
			return err
		}
	case bpTabCheck:
		head, body, foot, texs[0] = s.checkPanel()
	case bpTabModes:
		head = "Forward mode and reverse mode"
		left, right := s.modesPanel()
		s.texts.left.Set(left, 13*sc, viz.Light.Text)
		s.texts.right.Set(right, 13*sc, viz.Light.Text)
		_, lh := viz.MeasureText(left, 13*sc)
		_, rh := viz.MeasureText(right, 13*sc)
		s.place.modesH = math.Max(lh, rh)
		foot = fmt.Sprintf("For the whole gradient: reverse mode 1 sweep (L is one number), forward mode %d (one per input\nnumber). With M outputs reverse mode needs M sweeps: the fewer wins (JAX's jacrev, jacfwd).", n.entries())
	case bpTabDescent:
		head, body = s.descentPanel()
	}
	px := bpFormula * sc
	for i := range s.formulas {
		if err := s.formulas[i].SetTeX(texs[i], px); err != nil {
			return fmt.Errorf("backprop lesson formula: %w", err)
		}
	}
	s.texts.head.Set(head, 15*sc, viz.Light.Accent)
	s.texts.body.Set(body, 13*sc, viz.Light.Text)
	s.texts.foot.Set(foot, 12*sc, viz.Light.Muted)
	s.placeSide(sc, head, body)
	return nil
}

// placeSide places the side panel's texts and formulas one below the
// other.
func (s *backprop) placeSide(sc float64, head, body string) {
	r := s.side
	left, mid := float64(r.Min.X), float64(r.Min.X+r.Dx()*52/100)
	p := &s.place
	below := func(y float64, f *viz.Formula) float64 {
		if _, asc, desc := f.Metrics(); asc+desc > 0 {
			return y + asc + desc + 6*sc
		}
		return y
	}
	_, hh := viz.MeasureText(head, 15*sc)
	_, bh := viz.MeasureText(body, 13*sc)
	p.head = [2]float64{left, float64(r.Min.Y)}
	y := float64(r.Min.Y) + hh + 6*sc
	if s.tabs.Selected == bpTabNode {
		// The contributions under the heading; the text, the value or
		// cotangent, the local Jacobian and the notes right of them.
		for i := 1; i <= 2; i++ {
			p.formulas[i] = [2]float64{left, y}
			y = below(y, &s.formulas[i])
		}
		y = float64(r.Min.Y)
		p.body = [2]float64{mid, y}
		y += bh + 6*sc
		// The local Jacobian beside the value or cotangent.
		w, _, _ := s.formulas[0].Metrics()
		p.formulas[0] = [2]float64{mid, y}
		p.formulas[3] = [2]float64{mid + w + 24*sc, y}
		p.foot = [2]float64{mid, max(below(y, &s.formulas[0]), below(y, &s.formulas[3]))}
		return
	}
	p.body = [2]float64{left, y}
	y += bh + 6*sc
	if s.tabs.Selected == bpTabModes {
		p.cells = y + p.modesH
		y = p.cells + 24*sc
	}
	p.formulas[0] = [2]float64{left, y}
	y = below(y, &s.formulas[0])
	p.foot = [2]float64{left, y}
	if s.tabs.Selected == bpTabCheck {
		p.foot = [2]float64{mid, float64(r.Min.Y)}
	}
	p.chart = image.Rect(int(mid), r.Min.Y, r.Max.X, r.Max.Y)
}

// Draw implements Scene.
func (s *backprop) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	x := float64(s.side.Min.X)
	if s.net == nil {
		s.texts.head.Draw(screen, x, float64(s.side.Min.Y))
		return
	}
	s.view.Draw(screen)
	p := &s.place
	s.texts.head.Draw(screen, p.head[0], p.head[1])
	s.texts.body.Draw(screen, p.body[0], p.body[1])
	for i := range s.formulas {
		s.formulas[i].Draw(screen, p.formulas[i][0], p.formulas[i][1])
	}
	s.texts.foot.Draw(screen, p.foot[0], p.foot[1])
	switch s.tabs.Selected {
	case bpTabModes:
		s.drawModes(screen)
	case bpTabDescent:
		s.drawLosses(screen)
	}
}

// drawModes draws forward and reverse mode side by side, each over the
// row of the Jacobian of L that one sweep of it fills: one entry, or all.
func (s *backprop) drawModes(screen *ebiten.Image) {
	sc := s.scale
	r := s.side
	y := s.place.body[1]
	w := float64(r.Dx()) / 2
	s.texts.left.Draw(screen, float64(r.Min.X), y)
	s.texts.right.Draw(screen, float64(r.Min.X)+w+6*sc, y)
	// The row ∂L/∂(all inputs' entries), one cell per entry.
	total := s.net.entries()
	seed := s.seedOffset()
	cell := math.Min(14*sc, (w-12*sc)/float64(total))
	cy := s.place.cells
	for half := range 2 {
		x0 := float64(r.Min.X) + float64(half)*(w+6*sc)
		for k := range total {
			clr := viz.Light.Control
			switch {
			case half == 1:
				clr = viz.Light.Tangent
			case k == seed:
				clr = viz.Light.Curve
			}
			viz.FillRectF(screen, x0+float64(k)*cell, cy, cell-math.Max(1, sc), cell, clr)
		}
	}
}

// drawLosses draws L before each descent step and now, a line falling as
// the network learns.
func (s *backprop) drawLosses(screen *ebiten.Image) {
	r := s.place.chart
	ls := s.losses
	if len(ls) < 2 || r.Dy() < 20 {
		return
	}
	sc := s.scale
	viz.StrokeRect(screen, r, sc, viz.Light.Border)
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
		viz.Line(screen, x0, y0, x1, y1, 2*sc, viz.Light.Curve)
	}
	for i := range ls {
		x, y := at(i)
		viz.Dot(screen, x, y, 3*sc, viz.Light.Curve)
	}
}

// Describe implements Describer: the step's node, its value or
// gradient, and the loss.
func (s *backprop) Describe() []string {
	if s.net == nil {
		return s.describe("It cannot be studied: " + s.err.Error())
	}
	n := s.net
	a := n.at(s.step)
	d := fmt.Sprintf("L = %.6g, a graph of %d nodes; the %s sweep.", n.loss(), len(n.g.Nodes()), a.phase)
	if j := a.current; j >= 0 {
		nd := n.g.Nodes()[j]
		if a.bwd == 0 {
			d += fmt.Sprintf(" The last step computed %s: %s.", bpNodeTitle(nd), bpShort(nd.Value()))
		} else {
			d += fmt.Sprintf(" The last step took %s, whose gradient ∂L/∂%s is %s, back to its inputs.", bpNodeTitle(nd), nd.Name(), bpShort(n.grads[a.bwd][j]))
		}
	}
	if a.phase == bpDone {
		var gs []string
		for i, name := range n.prog.Names() {
			gs = append(gs, fmt.Sprintf("∂L/∂%s = %s", name, bpShort(n.full[i])))
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
	a := n.at(s.step)
	grads := n.gradsAt(a)
	b := &BackpropNumbers{
		Nodes: make([]BackpropNode, len(n.g.Nodes())),
		Phase: a.phase, Steps: n.steps(), Current: a.current, Playing: s.tl.Playing(), Loss: Num(n.loss()),
		FDCheck: s.checks, Losses: s.losses, LearningRate: s.lr.Value, Tab: s.tabs.Options[s.tabs.Selected],
	}
	lay := s.view.Layout()
	for i, nd := range n.g.Nodes() {
		m := BackpropNode{Name: nd.Name(), Op: nd.Op(), Shape: []int(nd.Shape())}
		if lay != nil {
			// The node's box in CSS pixels, for tests that look at it.
			p := lay.Nodes[i]
			x0, y0 := s.view.ToScreen(p.X, p.Y)
			x1, y1 := s.view.ToScreen(p.X+p.W, p.Y+p.H)
			m.Box = []float64{x0 / s.scale, y0 / s.scale, x1 / s.scale, y1 / s.scale}
		}
		if i < a.fwd {
			v := expr.Data(nd.Value().Data())
			m.Value = &v
		}
		if grads != nil && grads[i] != nil {
			g := expr.Data(grads[i].Data())
			m.Grad = &g
		}
		b.Nodes[i] = m
	}
	if s.tangents != nil {
		b.Forward = &BackpropForward{Wrt: s.fn(0).prog.Names()[s.seeded[0]], Entry: s.seeded[1], Column: Num(s.tangents[len(s.tangents)-1].Data()[0])}
	}
	st.BackpropNumbers = b
	return st
}
