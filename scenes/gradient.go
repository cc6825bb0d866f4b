package scenes

import (
	"fmt"
	"image"
	"math"
	"net/url"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot"

	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
	"github.com/jacobianlab/jacobianlab/viz/layout"
)

func init() {
	Register(Entry{ID: "gradient", Title: "Gradient", New: newGradient})
}

// gradient is the second lesson: f: ℝᴺ → ℝ and its gradient ∇f(x₀) ∈ ℝᴺ;
// the directional derivative ∇f·h as the products (∂f/∂xᵢ)·hᵢ and their
// sum; the linear approximation along a direction h, with its error; and
// the chain rule for z = g(f(x)) with g: ℝ → ℝ. The entries of f's inputs,
// in order, are the coordinates of ℝᴺ.
//
// For N = 2 the lesson draws f as a heat map with contour lines, on which
// x₀ and the tip of h are dragged; for larger N, up to gradMaxDim, x₀ and h
// are set with a slider an entry. ∇f is also a bar chart.
type gradient struct {
	*lesson
	fprog, gprog *expr.Program // the programs the lesson was set up for

	x0, h  []float64     // the point and the direction, one entry a coordinate
	coords []string      // the coordinates' names
	window []viz.Range   // each coordinate's range: the heat map's axes, the sliders' span
	coord  int           // with sliders: the coordinate ← and → change (↑ ↓ choose it)
	xs, hs []*viz.Slider // N > 2: x₀ and h, a slider an entry; unused ones are hidden

	heat  *viz.PlotLayer // N = 2: f over the plane
	heatZ []float64      // f on the heat map's grid, gradHeatN² samples, row-major
	bars  *viz.Bars      // ∇f as bars, on the first step

	// Where the sheets put f's heat map or the sliders, the numbers, and
	// the step's plots; beside the map, the numbers over the plots are
	// right, in rightRect.
	mapRect, numRect, rightRect         image.Rectangle
	barsRect, sliceRect, errRect, gRect image.Rectangle
	right                               *layout.Node

	// The numbers of the current step: how they are laid out, and their
	// height then; a line of text or a formula a row, and where each goes.
	fit      gradFit
	numH     float64
	numsGen  int        // counts the changes of the numbers' values (compute)
	heightAt gradHeight // numbersHeight's last answer
	rows     []gradRow
	rowAt    []image.Point  // where each goes, and where the last ends
	rowW     []float64      // the width of each one's column
	forms    []*viz.Formula // the formulas of rows, by row
	heads    []*viz.Formula // the heads of the formulas of rows that have one, by row
	texts    []*viz.Label   // the plain-text rows, by row
	label    viz.Formula    // ∇f beside the gradient arrow
	scroll   viz.Scroll     // the rows shown, when they do not all fit
	rowTops  []int          // the rows' tops, for scroll

	slicePlot *viz.PlotLayer
	errPlot   *viz.ErrorPlot
	sliceY    viz.Range // the slice plot's y axis
	gPlot     *viz.PlotLayer
	gWin      viz.Range // the g plot's x axis, around y = f(x₀)
	plotAge   int       // ticks since the step's slower pictures followed x₀ and h
	barsStale bool      // whether the bars are not ∇f at x₀: Prepare sets them
	errStale  bool      // whether the error plot's series are not x₀'s and h's: Prepare sets them

	drag gradDrag

	// The numbers on screen, all from core, recomputed when x₀, h or a
	// function changes; the slice, the error series and the chain rule
	// only when a step or State needs them, and until then stale.
	nums                             model.GradNums
	slice                            model.GradSlice
	rem                              model.GradRemainder
	chain                            model.GradChain
	sliceStale, remStale, chainStale bool
}

// The lesson's defaults and limits.
const (
	gradDefF, gradDefAt = model.GradDefF, model.GradDefAt
	gradDefG, gradDefY  = "exp(-y)", "y = 0"

	gradMaxDim = model.GradMaxDim   // the largest N the lesson shows
	gradHalf   = 2.0                // each coordinate's window is centre ± gradHalf
	gradNudge  = 0.05               // arrow-key step; Shift divides it by 10
	gradHMin   = 1e-3               // the shortest h [ reaches
	gradHMax   = 4.0                // the longest h ] reaches
	gradHStep  = 1.7782794100389228 // 10^(1/4): [ and ] scale h a quarter decade
	gradEvery  = 12                 // ticks between updates of the slower pictures while x₀ or h moves
)

// directionColor is the colour of the direction h: the scalar lesson's
// secant colour, the colour of a step h in every lesson.
var directionColor = secantColor

// gradOuter accepts functions of one number with a number for a value.
func gradOuter(p *expr.Program) error {
	if len(p.Names()) != 1 || p.Inputs()[0].Rank() != 0 || p.Value().Rank() != 0 {
		return fmt.Errorf("g needs one input, the number y = f(x), and a number for a value, like %s", gradDefG)
	}
	return nil
}

// newGradient builds the lesson from the page's query: f and its point
// from f and at, g from g and gat, the step from step.
func newGradient(q url.Values) Scene {
	s := &gradient{}
	s.lesson = newLesson(q, "The gradient: vector in, number out", frames(gradientSteps),
		fieldSpec{label: "f(x) =", def: gradDefF, defAt: gradDefAt, check: model.GradInput},
		fieldSpec{key: "g", label: "g(y) =", def: gradDefG, defAt: gradDefY, check: gradOuter},
	)
	s.heat = viz.NewPlotLayer(s.buildHeat)
	s.bars = viz.NewBars(func(p *plot.Plot) { p.Title.Text = "the gradient's entries ∂f/∂xᵢ at x₀" })
	s.slicePlot = viz.NewPlotLayer(s.buildSlice)
	s.errPlot = viz.NewErrorPlot(2, func(p *plot.Plot) {
		p.Title.Text = "error of the linear approximation"
		p.X.Label.Text = "step length ‖s·h‖"
	})
	s.gPlot = viz.NewPlotLayer(s.buildG)
	s.arrange, s.apart = s.sheets, s.sheetsApart
	s.quiz.ask = func() *question {
		if st := gradientSteps[s.step]; st.ask != nil && s.nums.Err == nil {
			return st.ask(s)
		}
		return nil
	}
	// Sliders for x₀ and h for N > 2, in focus order entry by entry.
	for range gradMaxDim {
		x, h := &viz.Slider{Min: -1, Max: 1}, &viz.Slider{Min: -1, Max: 1}
		s.xs, s.hs = append(s.xs, x), append(s.hs, h)
		s.lesson.ui.Add(x, h)
	}
	s.newFunction()
	// The step's numbers as the first tick leaves them, for the first
	// layout.
	gradientSteps[s.step].update(s, true)
	return s
}

// newFunction sets the lesson up for f and g as they are now. A new f with
// other coordinates starts over: the point, the direction, the names and
// windows, the sliders; one with the same coordinates keeps x₀ and h.
func (s *gradient) newFunction() {
	f := s.fn(0).Prog
	newF := f != s.fprog
	s.fprog, s.gprog = f, s.fn(1).Prog
	if newF {
		var x0 []float64
		var coords []string
		for i, t := range f.Inputs() {
			x0 = append(x0, t.Data()...)
			coords = append(coords, model.EntryNames(f.Names()[i], t.Shape())...)
		}
		if !slices.Equal(coords, s.coords) {
			s.start(x0, coords)
		}
		s.heatZ = nil
		if s.plane() {
			s.sampleHeat()
		}
		s.heat.Invalidate()
	}
	s.compute()
	s.fitSlice()
	s.gWin = viz.Range{}
	s.fitG()
	for _, l := range []*viz.PlotLayer{s.slicePlot, s.gPlot} {
		l.Invalidate()
	}
	s.relayout()
}

// start sets the point x₀ and the names of its coordinates, and with them
// the windows, the direction and the sliders.
func (s *gradient) start(x0 []float64, coords []string) {
	s.x0, s.coords = x0, coords
	n := len(s.x0)
	s.window = s.window[:0]
	for _, v := range s.x0 {
		c := 0.0
		if math.Abs(v) > gradHalf*0.75 {
			c = math.Round(v)
		}
		s.window = append(s.window, viz.Range{Min: c - gradHalf, Max: c + gradHalf})
	}
	// The direction: (0.6, −0.8) in the plane, alternating signs beyond.
	s.h = make([]float64, n)
	if n == 2 {
		s.h[0], s.h[1] = 0.6, -0.8
	} else {
		for i := range s.h {
			s.h[i] = float64(1-2*(i%2)) / math.Sqrt(float64(n))
		}
	}
	s.coord, s.drag = 0, dragNone
	s.startSliders()
}

// plane reports whether the lesson draws f over the plane (N = 2).
func (s *gradient) plane() bool { return len(s.x0) == 2 }

// compute recomputes the numbers at x₀ and h from core, at once, since
// state() reports them. The slice, the error series and the chain rule
// go stale, to be computed again when a step or State needs them, and so
// do the bars and the error plot, which Prepare sets.
func (s *gradient) compute() {
	s.nums = model.ComputeGrad(s.fn(0), s.x0, s.h)
	s.numsGen++
	s.sliceStale, s.remStale, s.chainStale = true, true, true
	s.barsStale, s.errStale = true, true
}

// currentSlice returns f along the line x₀ + t·h, computing it if stale.
func (s *gradient) currentSlice() model.GradSlice {
	if s.sliceStale {
		s.slice, s.sliceStale = model.GradSliceOf(s.fn(0), s.x0, s.h), false
	}
	return s.slice
}

// currentRemainder returns the error series at x₀ and h, computing it if
// stale.
func (s *gradient) currentRemainder() model.GradRemainder {
	if s.remStale {
		s.rem, s.remStale = model.GradRemainderOf(s.fn(0), s.x0, s.h, s.nums), false
	}
	return s.rem
}

// currentChain returns the chain rule at x₀, computing it if stale.
func (s *gradient) currentChain() model.GradChain {
	if s.chainStale {
		s.chain, s.chainStale = model.GradChainOf(s.fn(0), s.fn(1), s.x0, s.nums), false
	}
	return s.chain
}

// Layout implements Scene: f's heat map or the sliders on the left, the
// step's numbers at the top right and its plots below them; or each on a
// sheet of its own.
func (s *gradient) Layout(a image.Rectangle, sc float64) {
	if !s.lesson.layout(a, sc) {
		return
	}
	switch {
	case !s.plane():
	case s.mapRect.Empty():
		s.heat.Prepare(s.mapRect, sc)
	default:
		squarePlot(s.heat, s.mapRect, sc)
		// The heat map keeps its data area square, and may leave some of
		// its width to what is right of it.
		if r := s.heat.Rect(); s.right != nil && !s.rightRect.Empty() && r.Max.X < s.mapRect.Max.X {
			s.rightRect.Min.X -= s.mapRect.Max.X - r.Max.X
			s.right.Place(s.rightRect)
		}
	}
	s.placeSliders(sc)
	r := s.numRect
	s.fit, _ = s.fitNumbers(float64(r.Dx()), float64(r.Dy()))
	s.numH = s.numbersHeight()
	s.bars.Prepare(s.barsRect, sc)
	s.slicePlot.Prepare(s.sliceRect, sc)
	s.errPlot.Prepare(s.errRect, sc)
	s.gPlot.Prepare(s.gRect, sc)
}

// gradSize returns a layout size of w × h CSS pixels at scale sc.
func gradSize(sc, w, h float64) layout.Size { return layout.Size{W: w * sc, H: h * sc} }

// sheets arranges the lesson's body side by side: f's heat map or the
// sliders, and the numbers over the step's plots.
func (s *gradient) sheets(sc float64) []sheet {
	s.clearRects()
	st := gradientSteps[s.step]
	if s.hides(hideNumbers) {
		return []sheet{{s.mapName(), s.mapNode(sc)}, {st.sheet, s.rightOfMap(st.arrange(s, sc, false))}}
	}
	right := layout.Column(12*sc, s.numbersNode(math.Inf(1)), st.arrange(s, sc, false))
	return []sheet{{s.mapName(), s.mapNode(sc)}, {"Values", s.rightOfMap(right)}}
}

// sheetsApart arranges the lesson's body a sheet at a time: f's heat map
// or the sliders, the numbers, and the step's plots, each on its own; on
// a wide screen the numbers go beside the heat map, which leaves them the
// width its square does not take, where they follow the point dragged.
func (s *gradient) sheetsApart(sc float64) []sheet {
	s.clearRects()
	st := gradientSteps[s.step]
	plots := sheet{st.sheet, st.arrange(s, sc, true)}
	// A sheet alone is as wide as the body, less the frame's margins.
	w := float64(s.area.Dx()) - 24*sc
	if s.plane() && s.area.Dx() > s.area.Dy() && !s.hides(hideNumbers) {
		m := s.mapNode(sc)
		rest := w - m.MinSize().W - 12*sc
		if nums := s.numbersNode(rest); nums.MinSize().W <= rest {
			return []sheet{{s.mapName(), layout.Row(12*sc, m, s.rightOfMap(nums))}, plots}
		}
	}
	return []sheet{{s.mapName(), s.mapNode(sc)}, {"Values", s.numbersNode(w)}, plots}
}

// rightOfMap returns n in a node that takes the width right of the map,
// to which Layout adds what the map leaves.
func (s *gradient) rightOfMap(n *layout.Node) *layout.Node {
	s.right = n
	return layout.Stack(layout.Leaf(&s.rightRect, layout.Size{}, layout.Size{}), n).Grow(1)
}

// clearRects empties the rectangles the sheets set, for those the
// arrangement leaves out, and forgets what is right of the map.
func (s *gradient) clearRects() {
	for _, r := range []*image.Rectangle{&s.mapRect, &s.numRect, &s.rightRect, &s.barsRect, &s.sliceRect, &s.errRect, &s.gRect} {
		*r = image.Rectangle{}
	}
	s.right = nil
}

// mapName names the sheet of f's heat map, or of the sliders.
func (s *gradient) mapName() string {
	if s.plane() {
		return "Map"
	}
	return "Sliders"
}

// mapNode arranges f's heat map, or the sliders: beside the numbers, on
// a share of the width; alone, on the whole sheet.
func (s *gradient) mapNode(sc float64) *layout.Node {
	if !s.plane() {
		return s.slidersNode(sc)
	}
	a := s.area
	return layout.Leaf(&s.mapRect, gradSize(sc, 240, 240), layout.Size{W: 0.44 * float64(a.Dx()), H: float64(a.Dy())})
}

// Update implements Scene: a new function sets the lesson up again; the
// sliders, the keys and the pointer move x₀ and h, and the numbers follow
// them at once; the step follows them too, its slower pictures a few times
// a second while they are dragged.
func (s *gradient) Update(in *viz.Input) error {
	s.lesson.handle(in)
	if s.fn(0).Prog != s.fprog || s.fn(1).Prog != s.gprog {
		s.newFunction()
	}

	x0, h, drag := slices.Clone(s.x0), slices.Clone(s.h), s.drag
	if !s.plane() {
		s.readSliders()
	}
	s.handleKeys(in)
	s.handlePointer(in)
	s.scroll.Update(in)
	if !slices.Equal(s.x0, x0) || !slices.Equal(s.h, h) {
		s.compute()
		if !s.plane() {
			s.setSliders()
		}
	}
	if drag != dragNone && s.drag == dragNone {
		s.relayout() // the held axes fit the data again
	}

	// The bars, the slice, the error series and the numbers follow x₀ and
	// h in Prepare. The error series in the first step's numbers, and the
	// axes of the slice and g plots, follow them a few times a second
	// while they move and at once when they stop.
	s.plotAge++
	refresh := s.plotAge >= gradEvery || s.drag == dragNone
	if refresh {
		s.plotAge = 0
	}
	gradientSteps[s.step].update(s, refresh)
	// Lines of numbers came or went (an error, the error series, a line
	// wrapped): they and the plots below them are laid out again. While a
	// point is dragged, only when the numbers need more room, and a few
	// times a second: otherwise the plots below would move, and render
	// again, as the digits come and go.
	if refresh || s.drag == dragNone {
		if h := s.numbersHeight(); h > s.numH || (h != s.numH && s.drag == dragNone) {
			s.relayout()
		}
	}
	return nil
}

// Shortcuts implements Shortcutter: the keys handleKeys reads.
func (s *gradient) Shortcuts() []Shortcut {
	return s.shortcuts(
		Shortcut{"← → ↑ ↓", "move x₀ in the plane; with sliders, ↑ ↓ pick a coordinate and ← → change it"},
		Shortcut{"[ ]", "make h shorter or longer"},
	)
}

// handleKeys applies the keyboard: in the plane the arrows move x₀; with
// sliders ↑ and ↓ choose a coordinate and ← and → change it; [ and ] scale
// h.
func (s *gradient) handleKeys(in *viz.Input) {
	dx, dy := in.Arrows(gradNudge)
	if s.plane() {
		s.setX0(0, s.x0[0]+dx)
		s.setX0(1, s.x0[1]+dy)
	} else {
		n := len(s.x0)
		if dy > 0 {
			s.coord = (s.coord + n - 1) % n
		} else if dy < 0 {
			s.coord = (s.coord + 1) % n
		}
		s.setX0(s.coord, s.x0[s.coord]+dx)
	}
	scale := 1.0
	if in.Fired(ebiten.KeyBracketLeft) {
		scale /= gradHStep
	}
	if in.Fired(ebiten.KeyBracketRight) {
		scale *= gradHStep
	}
	if l := floats.Norm(s.h, 2); scale != 1 && l > 0 {
		scale = math.Max(gradHMin, math.Min(gradHMax, l*scale)) / l
		for i := range s.h {
			s.h[i] *= scale
		}
	}
}

// setX0 sets coordinate i of x₀, kept inside its window.
func (s *gradient) setX0(i int, v float64) {
	w := s.window[i]
	s.x0[i] = math.Max(w.Min, math.Min(w.Max, v))
}

// Prepare implements Scene: the step's pictures and numbers follow x₀ and
// h once a frame, however many ticks moved them.
func (s *gradient) Prepare() error {
	if p := gradientSteps[s.step].prepare; p != nil {
		p(s)
	}
	if s.scale > 0 { // once the lesson is laid out
		s.setNumbers()
	}
	return nil
}

// Draw implements Scene: the frame, f's heat map or the sliders, the
// step's plots and its numbers.
func (s *gradient) Draw(screen *ebiten.Image) {
	s.lesson.draw(screen)
	if s.plane() {
		s.heat.Draw(screen)
		s.drawPlane(screen)
	} else {
		s.drawCoord(screen)
	}
	if !s.asking() {
		gradientSteps[s.step].draw(s, screen)
	}
	s.drawNumbers(screen)
}

// Describe implements Describer: the numbers of the current step.
func (s *gradient) Describe() []string {
	if n := s.nums; n.Err != nil {
		return s.describe("It cannot be evaluated at x₀ = " + model.VecText(s.x0) + ": " + n.Err.Error())
	}
	return s.describe(gradientSteps[s.step].describe(s))
}

// Link implements Linker: the functions, the point x₀ and the step.
func (s *gradient) Link() url.Values { return s.link(s.fn(0).InputsAt(s.x0)) }

// State implements Scene: the numbers at x₀ and h, with the error series
// and the chain rule, and where the plots on screen are.
func (s *gradient) State() Stater {
	n := s.nums
	x := s.fn(0).InputsAt(s.x0)
	st := &GradientState{
		LessonState: s.lesson.state(x),
		X0:          expr.Data(s.x0),
		Direction:   expr.Data(s.h),
		Plots:       map[string]viz.Geometry{},
	}
	if n.Err == nil {
		r, c := s.currentRemainder(), s.currentChain()
		g := &GradientNumbers{
			Gradient: expr.Data(n.Grad), Products: expr.Data(n.Products), Directional: Num(n.Directional),
			Remainder: GradientRemainder{Steps: expr.Data(r.Steps), Errors: expr.Data(r.Errs), Slope: Num(r.Slope)},
		}
		if c.Err == nil {
			dzdy := Num(c.DZDY)
			g.Chain = GradientChain{DZDY: &dzdy, DYDX: expr.Data(n.Grad), Product: expr.Data(c.Product), DZDX: expr.Data(c.DZDX)}
		} else {
			g.Chain = GradientChain{Error: c.Err.Error()}
		}
		st.GradientNumbers = g
	}
	if s.plane() {
		st.Plots["heatmap"] = s.heat.Geometry()
	}
	gradientSteps[s.step].plots(s, st.Plots)
	if n.Err != nil {
		st.setError(n.Err)
	}
	return st
}
