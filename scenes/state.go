package scenes

import (
	"encoding/json"
	"image"
	"math"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/core/expr"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The state each scene reports for window.jacobianlab.state(), as typed
// structs: the manager marshals them, and the Go tests and the browser
// tests decode into the same types. Every struct embeds State; a lesson's
// embeds LessonState.

// State is the part of state() every scene has. The manager sets Scene,
// Notice, Control and ReducedMotion, and Error when the scene failed; a scene sets Error
// for a mistake of its own, such as a function that does not compile.
type State struct {
	Scene  string  `json:"scene"`
	Error  *string `json:"error"`            // null when there is none
	Notice string  `json:"notice,omitempty"` // a problem with the page's parameters
	// Control is the control on the canvas with the keyboard focus, as
	// "kind: text" ("button: Next →", "tabs: Gradient"), or absent.
	Control string `json:"control,omitempty"`
	// ReducedMotion says that whatever plays jumps from step to step:
	// the reader's system asks for reduced motion, or the page's
	// motion=off does.
	ReducedMotion bool `json:"reducedMotion,omitempty"`
	// Embed, Hide, Lock and Theme are the page's keys embed, hide, lock
	// and theme as they apply: Hide lists the hidden parts, comma
	// separated, and Theme is "light", "dark" or "projector".
	Embed bool   `json:"embed,omitempty"`
	Hide  string `json:"hide,omitempty"`
	Lock  bool   `json:"lock,omitempty"`
	Theme string `json:"theme"`
}

// common returns s itself, for the manager.
func (s *State) common() *State { return s }

// setError sets Error to err's text.
func (s *State) setError(err error) {
	msg := err.Error()
	s.Error = &msg
}

// Stater is what a Scene's State returns: a struct that embeds State.
type Stater interface{ common() *State }

// LessonState is the part of state() every lesson has: its step, its
// question if the step asks one and, when its function evaluates, the
// function in the command line's JSON form.
type LessonState struct {
	State
	Step int `json:"step"`
	// Quiz is the question the step asks before it shows its answer, or
	// absent (quiz.go).
	Quiz *QuizState `json:"quiz,omitempty"`
	*Function
}

// Function is a lesson's function at its point, in the command line's JSON
// form (expr.Result): the expression, its inputs, its value and its
// Jacobians (left out where a lesson does not build them).
type Function struct {
	Expr      string         `json:"expr"`
	Inputs    []expr.Input   `json:"inputs"`
	Value     expr.Tensor    `json:"value"`
	Jacobians []expr.Partial `json:"jacobians,omitempty"`
}

// functionState returns the Function of f at x, or f's error when it
// cannot be evaluated there.
func functionState(f *model.Function, x []*core.Tensor) (*Function, error) {
	r, err := f.Result(x)
	if err != nil {
		return nil, err
	}
	return &Function{Expr: r.Expr, Inputs: r.Inputs, Value: r.Value, Jacobians: r.Jacobians}, nil
}

// Num is a number of state(): written as null when it is NaN or infinite,
// which JSON cannot hold, and read back from null as NaN.
type Num float64

// MarshalJSON writes n, or null.
func (n Num) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(n))
}

// UnmarshalJSON reads a number, or null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	return json.Unmarshal(b, (*float64)(n))
}

// ScalarState is the scalar lesson's state().
type ScalarState struct {
	LessonState
	X0     float64      `json:"x0"`
	H      float64      `json:"h"`
	F      Num          `json:"f"`
	DFDX   Num          `json:"dfdx"`
	Secant Num          `json:"secant"`
	Chain  ScalarChain  `json:"chain"`
	Plot   viz.Geometry `json:"plot"`
}

// ScalarChain is the scalar chain rule at x₀: dz/dx = dz/dy · dy/dx.
type ScalarChain struct {
	DYDX    Num `json:"dydx"`
	DZDY    Num `json:"dzdy"`
	Product Num `json:"product"`
	DZDX    Num `json:"dzdx"`
}

// GradientState is the gradient lesson's state().
type GradientState struct {
	LessonState
	X0        expr.Data `json:"x0"`
	Direction expr.Data `json:"direction"`
	*GradientNumbers
	Plots map[string]viz.Geometry `json:"plots"`
}

// GradientNumbers are the gradient lesson's numbers at x₀, when f
// evaluates there.
type GradientNumbers struct {
	Gradient    expr.Data         `json:"gradient"`
	Products    expr.Data         `json:"products"`
	Directional Num               `json:"directional"`
	Remainder   GradientRemainder `json:"remainder"`
	Chain       GradientChain     `json:"chain"`
}

// GradientRemainder is the error of the linear approximation along h: at
// each step t·h, and the slope of its log–log fit.
type GradientRemainder struct {
	Steps  expr.Data `json:"steps"`
	Errors expr.Data `json:"errors"`
	Slope  Num       `json:"slope"`
}

// GradientChain is the chain rule ∂z/∂x = g′(y) ∇f, or its error.
type GradientChain struct {
	DZDY    *Num      `json:"dzdy,omitempty"`
	DYDX    expr.Data `json:"dydx,omitempty"`
	Product expr.Data `json:"product,omitempty"`
	DZDX    expr.Data `json:"dzdx,omitempty"`
	Error   string    `json:"error,omitempty"`
}

// JacobianState is the Jacobian lesson's state().
type JacobianState struct {
	LessonState
	X0        expr.Data       `json:"x0"`
	Focus     string          `json:"focus"` // "point", "animation" or "control"
	Jacobian  []expr.Data     `json:"jacobian,omitempty"`
	Det       *Num            `json:"det,omitempty"` // for a square Jacobian
	Chain     JacobianChain   `json:"chain"`
	Animation viz.Progress    `json:"animation"`
	Planes    *JacobianPlanes `json:"planes,omitempty"`
	Square    *JacobianSquare `json:"square,omitempty"`
}

// JacobianChain is the chain rule J_z = J_g J_f, by rows, or its error.
type JacobianChain struct {
	DZDY    []expr.Data `json:"dzdy,omitempty"`
	DYDX    []expr.Data `json:"dydx,omitempty"`
	Product []expr.Data `json:"product,omitempty"`
	DZDX    []expr.Data `json:"dzdx,omitempty"`
	Error   string      `json:"error,omitempty"`
}

// JacobianPlanes are the input and output planes of a map of the plane.
type JacobianPlanes struct {
	Input  viz.Geometry `json:"input"`
	Output viz.Geometry `json:"output"`
}

// JacobianSquare is the square around x₀ and what f makes of it.
type JacobianSquare struct {
	Half      float64 `json:"half"`
	AreaRatio Num     `json:"areaRatio"`
	Gap       Num     `json:"gap"`
}

// TensorState is the tensor lesson's state().
type TensorState struct {
	LessonState
	Item      string         `json:"item"` // a gallery item's key, or "typed"
	Dims      map[string]int `json:"dims,omitempty"`
	Focus     string         `json:"focus"` // "scene", "animation" or "control"
	Pending   bool           `json:"pending"`
	Grid      *Box           `json:"grid,omitempty"`
	Cell      *Box           `json:"cell,omitempty"` // the selected entry's on Grid, when it shows it
	Animation viz.Progress   `json:"animation"`
	RealLayer bool           `json:"realLayer"`         // whether the memory step counts the real layer (model.RealLayer)
	Sum       *TensorSum     `json:"sum,omitempty"`     // the derivation's sum, on its step
	Compose   *TensorCompose `json:"compose,omitempty"` // the chain rule for a tensor z, on its step
	*TensorNumbers
}

// Box is a rectangle in CSS pixels from the top-left of the canvas.
type Box struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

// boxOf returns the rectangle r of the screen, drawn at sc screen pixels
// a logical pixel, as a Box in CSS pixels (viz.CSSScale).
func boxOf(r image.Rectangle, sc float64) *Box {
	sc = viz.CSSScale(sc)
	return &Box{Left: float64(r.Min.X) / sc, Top: float64(r.Min.Y) / sc, Right: float64(r.Max.X) / sc, Bottom: float64(r.Max.Y) / sc}
}

// TensorNumbers are the tensor lesson's numbers, when its function
// evaluates.
type TensorNumbers struct {
	Shapes        map[string]core.Shape `json:"shapes"`
	Wrt           string                `json:"wrt"`
	JacobianShape core.Shape            `json:"jacobianShape"`
	Entries       map[string]int        `json:"entries"`
	Bytes         map[string]int        `json:"bytes"`
	Guard         *string               `json:"guard"`    // core's refusal of the Jacobian, or null
	Selected      *TensorSelected       `json:"selected"` // null without a Jacobian
	G             expr.Tensor           `json:"g"`
	Loss          TensorLoss            `json:"loss"`
	VJP           expr.Tensor           `json:"vjp"`
	ClosedForm    *expr.Tensor          `json:"closedForm"`
	Contraction   *expr.Tensor          `json:"contraction"`
	MaxDiff       Num                   `json:"maxDiff"`
	Mode          TensorMode            `json:"mode"`
	Linear        TensorLinear          `json:"linear"`
}

// TensorSelected is the selected entry of ∂y/∂x: its indices in y and x,
// its value, and the gallery item's closed form of it (null if typed).
type TensorSelected struct {
	Y          []int `json:"y"`
	X          []int `json:"x"`
	Value      Num   `json:"value"`
	ClosedForm *Num  `json:"closedForm"`
}

// TensorSum is the chain rule's sum for the picked entry of ∂L/∂x on the
// derivation's step: the entry (0-based), its terms kept and dropped on
// zeros of ∂y/∂x, the sum, and the entry by autodiff's VJP, the contraction
// and the closed form (null when there is none).
type TensorSum struct {
	X           []int `json:"x"`
	Kept        int   `json:"kept"`
	Dropped     int   `json:"dropped"`
	Sum         Num   `json:"sum"`
	VJP         Num   `json:"vjp"`
	Contraction Num   `json:"contraction"`
	ClosedForm  Num   `json:"closedForm"`
}

// TensorCompose is the chain rule for a tensor z = outer(y), for state()
// on its step: the outer function; the shapes of z, ∂z/∂y, ∂y/∂x and
// ∂z/∂x; the terms each entry of ∂z/∂x sums, one per entry of y; the
// entry the contraction is at (null before it starts); the largest
// |difference| between the contraction and core's Jacobian of z(x) (null
// when they were not built, and why).
type TensorCompose struct {
	Outer   string                `json:"outer"`
	Shapes  map[string]core.Shape `json:"shapes"`
	Terms   int                   `json:"terms"`
	Entry   *TensorComposeEntry   `json:"entry"`
	MaxDiff *Num                  `json:"maxDiff"`
	Why     string                `json:"why,omitempty"`
}

// TensorComposeEntry is the entry of ∂z/∂x the contraction is at: its
// multi-indices into z and x (0-based), the running sum after Terms
// products, and the entry by core's Jacobian of z(x).
type TensorComposeEntry struct {
	Z        []int `json:"z"`
	X        []int `json:"x"`
	Sum      Num   `json:"sum"`
	Terms    int   `json:"terms"`
	Autodiff Num   `json:"autodiff"`
}

// TensorLoss is the loss L(y) and its value.
type TensorLoss struct {
	Expr  string `json:"expr"`
	Value Num    `json:"value"`
}

// TensorMode compares the sweeps that build the whole Jacobian.
type TensorMode struct {
	JVPs      int     `json:"jvps"`
	VJPs      int     `json:"vjps"`
	Auto      string  `json:"auto"`
	ForwardMs float64 `json:"forwardMs"`
	ReverseMs float64 `json:"reverseMs"`
	Measured  bool    `json:"measured"`
}

// TensorLinear is the linear approximation along a step of size h.
type TensorLinear struct {
	H        float64 `json:"h"`
	Residual Num     `json:"residual"`
	Slope    Num     `json:"slope"`
	Linear   bool    `json:"linear"`
}

// BackpropState is the backprop lesson's state().
type BackpropState struct {
	LessonState
	*BackpropNumbers
}

// BackpropNumbers are the backprop lesson's graph and passes, when its
// function traces.
type BackpropNumbers struct {
	Nodes        []BackpropNode   `json:"nodes"`
	Phase        model.BPPhase    `json:"phase"`
	Steps        int              `json:"steps"`
	Current      int              `json:"current"`
	Playing      bool             `json:"playing"`
	Loss         Num              `json:"loss"`
	FDCheck      []model.BPCheck  `json:"fdCheck"`
	Losses       []float64        `json:"losses"`
	LearningRate float64          `json:"learningRate"`
	Tab          string           `json:"tab"`
	Forward      *BackpropForward `json:"forward,omitempty"`
	// Graph is the graph view's rectangle: the nodes' boxes outside it
	// are not in view. Nil when the view is not on show.
	Graph *Box `json:"graph,omitempty"`
}

// BackpropNode is a node of the graph: its value once the forward sweep
// has reached it and its gradient once the backward sweep has (else null),
// and its box on screen in CSS pixels, [x0, y0, x1, y1].
type BackpropNode struct {
	Name  string     `json:"name"`
	Op    string     `json:"op"`
	Shape []int      `json:"shape"`
	Value *expr.Data `json:"value"`
	Grad  *expr.Data `json:"grad"`
	Box   []float64  `json:"box,omitempty"`
}

// BackpropForward is forward mode's check of one entry's gradient: the
// column of the Jacobian it pushed.
type BackpropForward struct {
	Wrt    string `json:"wrt"`
	Entry  int    `json:"entry"`
	Column Num    `json:"column"`
}
