package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

func init() {
	Register(Entry{ID: "tensor", Title: "Tensor", New: newTensor})
}

// tensor is the fourth lesson: y = f(x) with x and y tensors, and its
// generalized Jacobian ∂y/∂x, of shape y.shape ++ x.shape, whose entry at
// the multi-indices (i, j) is ∂y_i/∂x_j. The lesson shows it as blocks, one
// per entry of y, each shaped like x; the chain rule for a scalar loss
// L = Σ G * y as the contraction over all of y's axes; the linear
// approximation y(x+h) ≈ y(x) + (∂y/∂x)·h; why such Jacobians are not
// stored at realistic sizes, with the VJP computed instead; and what
// building one costs in forward and in reverse mode.
//
// The function is an item of the gallery, with shapes the student sets,
// or an expression typed in the text field; its Jacobian is taken with
// respect to its first input, x, the others held fixed.
type tensor struct {
	*lesson
	item     int   // the gallery item, or -1 for a typed expression
	dims     []int // the item's dimensions
	compiled []int // the dimensions the function was last compiled at

	gallery *viz.Segmented // the items, and last "typed" for a typed expression
	// itemSlider picks the same on a small phone, as the sizes do.
	itemSlider *viz.Slider
	sizes      [3]*viz.Slider // the sizes of up to three dimensions
	sliders    []*viz.Slider  // the item's: one per dimension, none for a typed expression
	hSize      *viz.Slider    // ‖h‖, on the linear approximation's step
	real       *viz.Toggle    // the memory step's real layer (model.RealLayer), counted instead of the function
	// The loss L(y) of the chain rule's step, typed; lossSrc is the last
	// that worked, and lossL labels the field, at lossAt.
	lossField *viz.TextField
	lossSrc   string
	lossL     viz.Label
	lossAt    image.Rectangle
	view      *chainView       // the contraction among the lesson's widgets
	anim      *viz.Contraction // the step's contraction (its play hook), or nil
	animHeads [3]string        // the names over its grids
	animFits  bool             // whether the contraction fits its picture, readable
	animAt    image.Rectangle  // where its picture was last shown

	nums     model.TensorNums
	comp     model.TensorCompose // the chain rule for z = tanh(y), for its step
	lin      model.TensorLinear
	sel      int  // the selected entry of ∂y/∂x, a flat position
	picking  bool // a press on the grid is held: the selection follows the pointer
	pending  int  // ticks since the shapes changed, or -1 when the numbers are up to date
	shapeMsg string

	jgrid, vjpGrid       *tensorGrid // ∂y/∂x, and the corner of ∂L/∂x
	dzdxGrid             *tensorGrid // ∂z/∂x by autodiff, when its contraction is not shown
	trueGrid, approxGrid *tensorGrid // y(x+h) and y(x) + (∂y/∂x)·h
	resPlot              *viz.ErrorPlot
	resStale             bool // whether resPlot's series are not the function's: Prepare sets them
	selStale             bool // whether jgrid's highlights are not the selection's: Prepare sets them
	formula              viz.Formula
	gridProbe            *viz.Grid // measures the grids for them
	words                tensorWords
	texts                tensorTexts

	// Where the sheets put things (tensor_layout.go), and how they fit.
	fit                             tensorFit
	animRect, plotRect, formulaRect image.Rectangle
	barRects                        [4]image.Rectangle
}

// The lesson's defaults and limits.
const (
	tensorDrawMax  = 1296    // the most entries of ∂y/∂x drawn as a grid: 6⁴
	tensorStateMax = 1 << 16 // the most entries of a tensor state() lists
	tensorWorkMax  = 1 << 27 // the largest product of an item's dimensions
	tensorSettle   = 2       // ticks the shapes stay put before the numbers are recomputed
	tensorHMin     = 1e-6    // the range of ‖h‖
	tensorHMax     = 1.0
	tensorFormula  = 16 // the formulas' size in logical pixels
	tensorText     = 14 // the texts' size in logical pixels
)

func newTensor(q url.Values) Scene {
	s := &tensor{pending: -1}
	s.lesson = newLesson(q, "Generalized Jacobians of tensors", frames(tensorSteps),
		fieldSpec{label: "y =", def: model.TensorDefF(), defAt: model.TensorDefAt, check: model.TensorInput})
	var notices []string
	if s.notice != "" {
		notices = append(notices, s.notice)
	}
	labels := make([]string, len(model.TensorGallery), len(model.TensorGallery)+1)
	for i, it := range model.TensorGallery {
		labels[i] = it.Label
	}
	items := append(labels, "typed")
	s.gallery = &viz.Segmented{Options: items, Wrap: true}
	s.itemSlider = &viz.Slider{Label: "item", Min: 0, Max: float64(len(items) - 1), Steps: len(items) - 1,
		Format: func(v float64) string { return items[int(math.Round(min(max(v, 0), float64(len(items)-1))))] }}
	s.hSize = &viz.Slider{Label: "‖h‖", Min: tensorHMin, Max: tensorHMax, Log: true, Value: 0.1, Steps: 24}
	s.view = &chainView{anim: &s.anim}
	// The widgets in the order Tab visits them.
	s.ui = viz.NewUI()
	s.ui.Add(s.fields[0].text, s.switcher, s.gallery, s.itemSlider)
	for k := range s.sizes {
		s.sizes[k] = &viz.Slider{Min: 0, Max: float64(len(tensorSizes) - 1), Steps: len(tensorSizes) - 1, Format: sizeText}
		s.ui.Add(s.sizes[k])
	}
	s.lossSrc = model.TensorDefLoss
	if l := strings.TrimSpace(q.Get("loss")); l != "" {
		s.lossSrc = l
	}
	s.lossField = &viz.TextField{Limit: FieldTextLimit}
	s.lossField.SetText(s.lossSrc)
	l := model.RealLayer
	s.real = &viz.Toggle{Label: fmt.Sprintf("Real layer: N = %d, D = M = %d", l.N, l.D), On: q.Get("layer") == "real"}
	s.ui.Add(s.hSize, s.lossField, s.real, s.view)
	s.ui.Add(s.quiz.widgets()...)
	s.ui.Add(s.prev, s.next)
	s.jgrid, s.vjpGrid, s.dzdxGrid = newTensorGrid(), newTensorGrid(), newTensorGrid()
	s.trueGrid, s.approxGrid = newTensorGrid(), newTensorGrid()
	s.gridProbe = viz.NewGrid(nil)
	s.resPlot = viz.NewErrorPlot(2, func(p *plot.Plot) {
		if s.lin.Linear {
			p.Title.Text = "y is linear in x: only rounding is left"
		}
		p.X.Label.Text, p.Y.Label.Text = "‖h‖", "residual"
	})

	notices = append(notices, s.functionFromQuery(q)...)
	if _, msg, ok := s.lossField.Error(); ok {
		notices = append(notices, fmt.Sprintf("loss=%q does not work here (%s); using %s.", q.Get("loss"), msg, model.TensorDefLoss))
	}
	s.notice = strings.Join(notices, " ")
	s.arrange = s.sheets
	s.quiz.ask = func() *question {
		if st := tensorSteps[s.step]; st.ask != nil && s.nums.Err == nil {
			return st.ask(s)
		}
		return nil
	}
	s.setWords()
	return s
}

// compute recomputes the numbers for the function and the loss as they
// are, at once, since state() reports them, and starts the pictures over
// for them: the grids take their tensors for the next Layout to place, the
// animation and the linear approximation begin again, and Prepare sets
// the residual's series and the selection's highlights.
func (s *tensor) compute() {
	var it *model.TensorItem
	if s.item >= 0 {
		it = &model.TensorGallery[s.item]
	}
	n, lossErr := model.ComputeTensor(s.fn(0).Prog, s.lossSrc, it)
	if lossErr != nil {
		// The typed loss does not fit this y: its mistake is marked in
		// its field, and the default is used.
		markError(s.lossField, lossErr)
		s.lossSrc = model.TensorDefLoss
	}
	s.nums = n
	s.vjpGrid.set(nil)
	if n.VJP != nil {
		s.vjpGrid.set(model.Corner(n.VJP, 6))
	}
	s.pending = -1
	s.comp = model.TensorCompose{}
	s.dzdxGrid.set(nil)
	if n.Err == nil {
		s.comp = n.Compose()
		if a := s.comp.Auto; a != nil {
			// As the grids draw it: x's part as a matrix, the grid showing
			// the corner that fits.
			core.Maybe(func() {
				s.dzdxGrid.set(a.Reshape(append(n.Y.Shape(), model.GridShape(n.X().Shape())...)...))
			})
		}
	}
	s.setAnim()
	s.jgrid.set(nil)
	if d := n.Disp; d != nil && d.Len() <= tensorDrawMax {
		s.jgrid.set(d)
	}
	s.sel = min(s.sel, max(0, n.JacLen()-1))
	s.lin = model.TensorLinear{Stale: true}
	s.computeLinear()
	s.resStale, s.selStale = true, true
	s.relayout()
}

// setAnim makes the current step's contraction (its play hook) from the
// numbers as they are, paused at its start, or none.
func (s *tensor) setAnim() {
	s.anim, s.animHeads, s.animFits = nil, [3]string{}, false
	if p := tensorSteps[s.step].play; p != nil && s.nums.Err == nil {
		s.anim, s.animHeads = p(s)
	}
}

// Layout implements Scene: the sheets (tensor_layout.go), then the step's
// grids and plots in the rectangles they got. What fits there can change
// the words, which the sheets measure: then they are made again.
func (s *tensor) Layout(a image.Rectangle, sc float64) {
	for range 3 {
		if !s.lesson.layout(a, sc) {
			return
		}
		if p := tensorSteps[s.step].place; p != nil && s.nums.Err == nil {
			p(s, sc)
		}
		if !s.setWords() {
			return
		}
		s.relayout()
	}
}

// Shortcuts implements Shortcutter: the keys of the steps that read keys
// (their keys hooks).
func (s *tensor) Shortcuts() []Shortcut {
	return s.shortcuts(
		Shortcut{"← → ↑ ↓", "Jacobian: pick an entry along x, or the next block"},
		Shortcut{"Space, F", "chain rule: play or pause the sum, finish it"},
	)
}

// Update implements Scene: the function, the loss, the sizes and the
// step's keys and pointer, with the numbers recomputed at once for what
// changed.
func (s *tensor) Update(in *viz.Input) error {
	prog := s.fn(0).Prog
	s.lesson.handle(in)
	if s.lossField.Changed() {
		s.editLoss(s.lossField.Text())
	}
	s.itemSlider.Value = math.Round(s.itemSlider.Value)
	switch pick := int(s.itemSlider.Value); {
	case s.fn(0).Prog != prog:
		s.setTyped()
	case s.gallery.Changed():
		s.pick(s.gallery.Selected)
	case pick != s.gallery.Selected:
		s.pick(pick)
	}
	s.handleSliders(in)
	st := tensorSteps[s.step]
	if st.keys != nil && s.ui.Focused() == nil {
		st.keys(s, in)
	}
	if st.pointer != nil {
		st.pointer(s, in)
	} else {
		s.picking = false // a press held on the grid lets go with its step
	}
	// A large function follows the size of h once the slider is let go:
	// each evaluation takes a noticeable time.
	if s.hSize.Changed() {
		s.lin.Stale = true
	}
	if s.lin.Stale && s.nums.Err == nil && (!in.Pointer.Down || s.nums.Y.Len()+s.nums.X().Len() <= model.TensorTimeMax) {
		s.computeLinear()
	}
	if s.stepChanged {
		s.setAnim()
		if st.enter != nil && s.nums.Err == nil {
			st.enter(s)
		}
	}
	if s.real.Changed() {
		s.relayout()
	}
	if s.setWords() {
		s.relayout()
	}
	return nil
}

// Prepare implements Scene: the residual's series, the selection's
// highlights, the step's formula and its texts follow the state once a
// frame, however many ticks changed it.
func (s *tensor) Prepare() error {
	if s.resStale {
		s.resPlot.Set(viz.Series{Color: viz.Th().Curve, Dots: true, H: s.lin.Ts, Err: s.lin.Res})
		s.resPlot.Invalidate() // its title says whether y is linear
		s.resStale = false
	}
	if s.selStale {
		s.setSelection()
		s.selStale = false
	}
	sc := s.scale
	if sc == 0 { // before the lesson is laid out
		return nil
	}
	tex := s.words.tex
	if s.formulaRect.Empty() {
		tex = ""
	}
	if err := fitTeX(&s.formula, tex, tensorFormula*sc, 12*sc, float64(s.formulaRect.Dx())); err != nil {
		return fmt.Errorf("tensor lesson formula %q: %w", tex, err)
	}
	s.setTexts(sc)
	return nil
}

// Draw implements Scene: the frame, the texts, the formula and the step's
// pictures.
func (s *tensor) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	for _, b := range s.texts.all() {
		b.draw(screen)
	}
	if s.nums.Err != nil {
		return
	}
	if r := s.formulaRect; !r.Empty() {
		s.formula.Draw(screen, float64(r.Min.X), float64(r.Min.Y))
	}
	if !s.asking() {
		tensorSteps[s.step].draw(s, screen)
	}
}

// State implements Scene.
func (s *tensor) State() Stater {
	n := s.nums
	st := &TensorState{LessonState: s.lesson.state(nil), Item: "typed", Pending: s.pending >= 0, RealLayer: s.real.On}
	if s.item >= 0 {
		it := model.TensorGallery[s.item]
		st.Item, st.Dims = it.Key, map[string]int{}
		for k, name := range it.Dims {
			st.Dims[name] = s.dims[k]
		}
	}
	st.Focus = s.focus(s.view, "scene")
	if h := tensorSteps[s.step].state; h != nil {
		h(s, st)
	}
	if s.anim != nil {
		st.Animation = s.anim.Progress()
	}
	if n.Err != nil {
		st.setError(n.Err)
		return st
	}
	p := n.Prog
	t := &TensorNumbers{
		Shapes:        map[string]core.Shape{"y": n.Y.Shape()},
		Wrt:           n.XName(),
		JacobianShape: append(n.Y.Shape(), n.X().Shape()...),
		Entries:       map[string]int{},
		Bytes:         map[string]int{},
		G:             stateTensor(n.G),
		Loss:          TensorLoss{Expr: n.LossSrc, Value: Num(n.Loss)},
		VJP:           stateTensor(n.VJP),
		MaxDiff:       Num(n.MaxDiff),
		Mode: TensorMode{JVPs: n.X().Len(), VJPs: n.Y.Len(), Auto: core.Auto.Pick(n.Y.Len(), n.X().Len()).String(),
			ForwardMs: n.FwdMs, ReverseMs: n.RevMs, Measured: n.Measured},
		Linear: TensorLinear{H: s.hSize.Value, Residual: Num(s.lin.Residual), Slope: Num(s.lin.Slope), Linear: s.lin.Linear},
	}
	for i, name := range p.Names() {
		t.Shapes[name] = p.Inputs()[i].Shape()
	}
	for k, key := range []string{"jacobian", "x", "y", "vjp"} {
		t.Entries[key] = n.MemoryRows()[k].Entries
		t.Bytes[key] = 8 * t.Entries[key]
	}
	if n.Guard != nil {
		msg := n.Guard.Error()
		t.Guard = &msg
	}
	if n.Jac != nil {
		i, j := s.selected()
		t.Selected = &TensorSelected{Y: i, X: j, Value: Num(n.Jac.Data()[s.sel])}
		if s.item >= 0 {
			cf := Num(model.TensorGallery[s.item].Entry(n.Named, n.Y, i, j))
			t.Selected.ClosedForm = &cf
		}
	}
	if n.Closed != nil {
		cf := stateTensor(n.Closed)
		t.ClosedForm = &cf
	}
	if n.Contracted != nil {
		c := stateTensor(n.Contracted)
		t.Contraction = &c
	}
	st.TensorNumbers = t
	r := p.Result()
	for i := range r.Inputs {
		r.Inputs[i].Tensor = stateTensor(p.Inputs()[i])
	}
	st.Function = &Function{Expr: r.Expr, Inputs: r.Inputs, Value: stateTensor(n.Y)}
	if n.Jacs != nil {
		st.Function.Jacobians = p.Partials(n.Jacs)
	}
	return st
}

// stateTensor is t's JSON form for state(), its data left out (null) when
// it has more than tensorStateMax entries.
func stateTensor(t *core.Tensor) expr.Tensor {
	j := expr.TensorOf(t)
	if t.Len() > tensorStateMax {
		j.Data = nil
	}
	return j
}

// Link implements Linker: the gallery's item and its sizes, or a typed
// function by f and at; the loss when it is not the default; the real
// layer when it is on; the step.
func (s *tensor) Link() url.Values {
	var q url.Values
	if s.item < 0 {
		q = s.link(s.nums.Prog.Inputs())
	} else {
		it := model.TensorGallery[s.item]
		q = url.Values{"item": {it.Key}}
		for k, name := range it.Dims {
			q.Set(name, strconv.Itoa(s.dims[k]))
		}
		s.linkStep(q)
	}
	if s.lossSrc != model.TensorDefLoss {
		q.Set("loss", s.lossSrc)
	}
	if s.real.On {
		q.Set("layer", "real")
	}
	return q
}

// Describe implements Describer: the shapes, and the numbers of the step.
func (s *tensor) Describe() []string {
	if err := s.nums.Err; err != nil {
		return s.describe("It cannot be differentiated: " + err.Error())
	}
	return s.describe(s.shapesLine() + tensorSteps[s.step].describe(s))
}
