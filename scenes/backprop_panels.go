package scenes

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"

	"github.com/jacobianlab/jacobianlab/core"
	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// bpWalkthrough returns the lesson's steps for the net n: the start, then
// one per step of the forward and backward sweeps, titled by the node the
// step takes.
func bpWalkthrough(n *model.BPNet) []step {
	nodes := n.G.Nodes()
	out := make([]step, 0, n.Steps()+1)
	out = append(out, step{"Ready: the graph of L", "Each box is a value: an input (blue), a constant (grey) or an operation on the boxes that point to it. " +
		"In the default L, a small network's output for the inputs x is compared with the targets t. " +
		"Next → computes the boxes in order, the forward sweep; then the backward sweep hands each value's cotangent ∂L/∂(value) back, " +
		"one VJP (vector–Jacobian product) per node. Press Next →, or Space to play the sweeps; drag or pinch the graph to move it."})
	for j, nd := range nodes {
		t := step{title: fmt.Sprintf("Forward: %s", bpNodeTitle(nd))}
		switch {
		case j == len(nodes)-1:
			t.text = core.Sprintf("That is the loss, L = %.6g: the forward sweep is done. The backward sweep starts from ∂L/∂L = 1 "+
				"and takes the nodes in reverse order, so that each gradient is complete before it is passed on.", n.Loss())
		case nd.Op() == "input":
			t.text = fmt.Sprintf("%s is an input of L: its value is given, %s.", nd.Name(), model.ShapeWords(nd.Shape()))
		case nd.Op() == "const":
			t.text = "A constant of the expression: its value is given, and L has no gradient for it."
		default:
			t.text = fmt.Sprintf("%s is computed from its inputs' values, which the sweep has already computed: %s.", nd.Name(), model.ShapeWords(nd.Shape()))
		}
		out = append(out, t)
	}
	for k, j := range n.Back {
		nd := nodes[j]
		t := step{title: fmt.Sprintf("Backward %d of %d: %s", k+1, len(n.Back), bpNodeTitle(nd))}
		switch {
		case nd.Op() == "input":
			t.text = fmt.Sprintf("%s is an input: ∂L/∂%s is final, with %s, and there is nothing to pass on.", nd.Name(), nd.Name(), model.ShapeWords(nd.Shape()))
		default:
			t.text = fmt.Sprintf("∂L/∂%s is complete: every node that uses %s has already handed back its share. "+
				"The VJP rule of %s turns it into a contribution to each input's gradient, without forming the Jacobian.", nd.Name(), nd.Name(), nd.Op())
			if in := nd.Inputs(); len(in) == 2 && in[0] == in[1] && n.Needs[n.G.Index(in[0])] {
				t.text += fmt.Sprintf("\n%s is both inputs: it gets two contributions, and they add.", in[0].Name())
			}
		}
		if k == len(n.Back)-1 {
			t.text += "\nDone: every input holds ∂L/∂(input). Check them against finite differences in the Check tab."
		}
		out = append(out, t)
	}
	return out
}

// bpNodeTitle writes a node as its name and how it is computed:
// "v₁ = x @ W1", "h = tanh(v₂)", or the input's name.
func bpNodeTitle(nd *core.Node) string {
	if nd.Op() == "input" || nd.Op() == "const" {
		if nd.Name() != "" {
			return nd.Name()
		}
		return "constant " + bpNodeText(nd)
	}
	var args []string
	for _, in := range nd.Inputs() {
		args = append(args, bpNodeText(in))
	}
	infix := map[string]string{"add": " + ", "sub": " − ", "mul": " ⊙ ", "div": " / ", "pow": " ^ ", "tensordot": " @ ", "matmul": " @ "}
	rhs := nd.Op() + "(" + strings.Join(args, ", ") + ")"
	if op, ok := infix[nd.Op()]; ok && len(args) == 2 {
		rhs = args[0] + op + args[1]
	}
	return nd.Name() + " = " + rhs
}

// bpNodeText is a node as an operand: its name, or its value for an
// unnamed scalar constant.
func bpNodeText(n *core.Node) string {
	if n.Name() == "" && n.Shape().Rank() == 0 {
		return core.Sprintf("%.4g", n.Value().Data()[0])
	}
	if n.Name() == "" {
		return "c"
	}
	return n.Name()
}

// bpTensorTeX writes a node's tensor for a formula: its entries when small,
// else its shape and norm.
func bpTensorTeX(t *core.Tensor) string {
	if model.BPShowable(t) {
		return model.BPTeXTensor(t)
	}
	return fmt.Sprintf(`\text{(%s, norm %s)}`, model.DimsText(t.Shape()), model.BPTeXNum(floats.Norm(t.Data(), 2)))
}

// bpShort writes a tensor in a line of text: its entries if at most 4,
// else its norm.
func bpShort(t *core.Tensor) string {
	if t.Len() > 4 {
		return core.Sprintf("a tensor of norm %.4g", floats.Norm(t.Data(), 2))
	}
	parts := make([]string, t.Len())
	for k, v := range t.Data() {
		parts[k] = core.Sprintf("%.4g", v)
	}
	if t.Rank() == 0 {
		return parts[0]
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// nodePanel returns the side panel for the node the last step took: its
// value after a forward step; after a backward step its cotangent, its VJP
// rule with the closed form and numbers of each contribution, how the
// contributions add, and the memory the local Jacobians would take.
func (s *backprop) nodePanel(a model.BPAt) (head, body, foot string, texs [4]string, err error) {
	n := s.net
	j := a.Current
	if j < 0 {
		return "No step yet", "Next → (or →) takes the first step of the forward sweep. Play (or Space) plays both sweeps, [ and ] slow them down and speed them up, and End plays them to the end.\n" +
			"Drag the graph to move it; the wheel, a pinch, + and − zoom it, and 0 (or Fit) fits it again. ↑ and ↓ scroll this panel.", "", texs, nil
	}
	nd := n.G.Nodes()[j]
	name := model.BPTeXName(nd.Name())
	if nd.Name() == "" {
		name = "c"
	}
	rule, _, known := model.BPRuleOf(nd)
	if a.Bwd == 0 {
		head = "Forward: " + bpNodeTitle(nd)
		texs[0] = name + ` = ` + bpTensorTeX(nd.Value())
		body = fmt.Sprintf("The value, %s:", model.ShapeWords(nd.Shape()))
		if known {
			foot = "On the way back its VJP rule will be " + rule.Text + "\n\n"
		}
		return head, body, foot + s.jacobianMemory(nd), texs, nil
	}
	head = fmt.Sprintf("Backward: %s", bpNodeTitle(nd))
	yBar := n.Grads[a.Bwd-1][j]
	texs[0] = model.BPCotangent(name) + ` = ` + bpTensorTeX(yBar)
	if nd.Op() == "input" {
		return head, fmt.Sprintf("The gradient ∂L/∂%s, final (a bar marks ∂L/∂):", nd.Name()), "", texs, nil
	}
	body = fmt.Sprintf("Its cotangent ∂L/∂%s, complete:", nd.Name())
	terms, err := n.Terms(j, yBar)
	if err != nil {
		return "", "", "", texs, err
	}
	if known {
		foot = "VJP rule: " + rule.Text + "\n"
		if strings.Contains(rule.Text, "⊙") {
			foot = "VJP rule (⊙ multiplies entry by entry, with no sum):\n" + rule.Text + "\n"
		}
	} else {
		foot = "This operation's VJP rule is built into the app; its contributions are shown as computed.\n"
	}
	for k, t := range terms {
		if k < 2 {
			texs[k+1] = `\Delta` + t.TeX(nd)
		}
	}
	if len(terms) > 2 {
		foot += fmt.Sprintf("(and %d more inputs, each the block of ∂L/∂%s it filled)\n", len(terms)-2, nd.Name())
	}
	texs[3] = s.localJacobian(nd, terms)
	foot += s.accumulation(a, j, terms) + s.jacobianMemory(nd)
	return head, body, foot, texs, nil
}

// bpMaxJacobian bounds the rows and columns of a local Jacobian written
// out in full.
const bpMaxJacobian = 6

// localJacobian returns the TeX of the local Jacobian of nd with respect
// to the first input of the terms for which it is small, its rows the
// entries of nd and its columns the input's, each row a VJP of core with
// a basis vector (both slots' parts for an input taken twice); or "" if
// none is small.
func (s *backprop) localJacobian(nd *core.Node, terms []model.BPTerm) string {
	m := nd.Value().Len()
	for _, t := range terms {
		in := nd.Inputs()[t.Slot]
		k := in.Value().Len()
		if m > bpMaxJacobian || k > bpMaxJacobian {
			continue
		}
		rows := make([]string, m)
		for r := range m {
			e := core.Zeros(nd.Shape()...)
			e.Data()[r] = 1
			xBar, err := nd.LocalVJP(e)
			if err != nil {
				return ""
			}
			// An input taken twice: both slots' parts, summed.
			row := make([]float64, k)
			for slot, x := range nd.Inputs() {
				if x == in {
					for c, v := range xBar[slot].Data() {
						row[c] += v
					}
				}
			}
			rows[r] = model.BPTeXRow(row)
		}
		return `\frac{\partial ` + model.BPTeXName(nd.Name()) + `}{\partial ` + model.BPNodeTeX(in) + `} = \begin{bmatrix}` + strings.Join(rows, `\\`) + `\end{bmatrix}`
	}
	return ""
}

// accumulation says how each contribution of step a to an input used
// more than once adds to what the input's gradient held before.
func (s *backprop) accumulation(a model.BPAt, j int, terms []model.BPTerm) string {
	n := s.net
	before, after := n.Grads[a.Bwd-1], n.Grads[a.Bwd]
	got := n.PartsAt(a.Bwd)
	var b strings.Builder
	seen := map[int]bool{}
	for _, t := range terms {
		i := t.Input
		if seen[i] || n.Uses[i] < 2 {
			continue
		}
		seen[i] = true
		name := n.G.Nodes()[i].Name()
		fmt.Fprintf(&b, "%s is used %d times, so ∂L/∂%s is a sum of %d contributions; %d added so far.\n", name, n.Uses[i], name, n.Uses[i], got[i])
		held := "nothing"
		if before[i] != nil {
			held = bpShort(before[i])
		}
		fmt.Fprintf(&b, "Before this step it held %s; now %s.\n", held, bpShort(after[i]))
	}
	return b.String()
}

// jacobianMemory says how much memory the local Jacobian of nd with
// respect to each input would take, against the numbers its VJP returns;
// for a matrix product, at a realistic size too.
func (s *backprop) jacobianMemory(nd *core.Node) string {
	var b strings.Builder
	for k, in := range nd.Inputs() {
		if !s.net.Needs[s.net.G.Index(in)] || (k > 0 && in == nd.Inputs()[k-1]) {
			continue
		}
		e := float64(nd.Value().Len()) * float64(in.Value().Len())
		fmt.Fprintf(&b, "∂%s/∂%s: %s × %s = %.0f numbers, %s as a full Jacobian; the VJP returns %d.\n",
			nd.Name(), bpNodeText(in), model.DimsText(nd.Shape()), model.DimsText(in.Shape()), e, core.FormatBytes(8*e), in.Value().Len())
	}
	if _, key, _ := model.BPRuleOf(nd); key == "tensordot" {
		l := model.RealLayer
		rows := model.RealLayerRows()
		_, jac := rows[0].Bytes()
		_, vjp := rows[3].Bytes()
		fmt.Fprintf(&b, "For y = x W at a real size, x %d×%d and W %d×%d: ∂y/∂x alone holds %d·%d·%d·%d = %s numbers, %s as float64; its VJP (∂L/∂y) Wᵀ, %s.",
			l.N, l.D, l.D, l.M, l.N, l.M, l.N, l.D, core.FormatCount(float64(rows[0].Entries)), core.FormatBytes(jac), core.FormatBytes(vjp))
	}
	return b.String()
}

// checkPanel returns the side panel of the check: the gradient of the
// chosen input by backprop next to finite differences.
func (s *backprop) checkPanel() (head, body, foot, table string) {
	c := s.checks[s.wrt.Selected]
	head = fmt.Sprintf("∂L/∂%s: backprop against finite differences", c.Wrt)
	shape := s.x[s.wrt.Selected].Shape()
	show := min(len(c.Backprop), 8)
	rows := []string{`\text{entry} & \text{backprop} & \text{central difference}`}
	for k := range show {
		rows = append(rows, fmt.Sprintf(`\text{%s} & %s & %s`, model.BPEntryName(c.Wrt, shape, k), model.TeXFloat(c.Backprop[k], 9), model.TeXFloat(c.FD[k], 9)))
	}
	table = `\begin{matrix}` + strings.Join(rows, `\\`) + `\end{matrix}`
	var b strings.Builder
	if all := s.x[s.wrt.Selected].Len(); all > show {
		fmt.Fprintf(&b, "The first %d of its %d entries; ", show, all)
		if all > len(c.Backprop) {
			fmt.Fprintf(&b, "the first %d are checked.\n", len(c.Backprop))
		} else {
			b.WriteString("all are checked.\n")
		}
	}
	b.WriteString(core.Sprintf("relative error ‖backprop − fd‖ / max(‖backprop‖, ‖fd‖, 10⁻⁶) = %.2g", c.RelErr))
	foot = "Central differences estimate each entry as " +
		"(L(θ + h e) − L(θ − h e)) / 2h, e the unit vector of that number: two evaluations of L per number, " +
		"with an error of order h². The backward sweep gets every entry " +
		"at once, exact up to rounding.\n\n" +
		"Click an input in the graph, or pick one above."
	return head, b.String(), foot, table
}

// compute recomputes the lesson's numbers that follow its controls:
// forward mode's tangents for the seeded entry, when it changed. (The
// sweeps themselves are traced by setValues, when the values change.)
func (s *backprop) compute() error {
	want := [2]int{s.wrt.Selected, min(int(math.Round(s.entry.Value)), s.x[s.wrt.Selected].Len()-1)}
	if want == s.seeded && s.tangents != nil {
		return nil
	}
	ts, err := s.net.Tangents(want[0], want[1])
	if err != nil {
		return err
	}
	s.tangents, s.seeded, s.shown = ts, want, -1
	return nil
}

// tangentsAt returns the tangents of the nodes the forward sweep has
// computed after the steps of a.
func (s *backprop) tangentsAt(a model.BPAt) []*core.Tensor {
	out := make([]*core.Tensor, len(s.tangents))
	copy(out, s.tangents[:a.Fwd])
	return out
}

// seedOffset returns the position of the seeded entry among all the
// inputs' entries.
func (s *backprop) seedOffset() int {
	off := 0
	for _, t := range s.x[:s.seeded[0]] {
		off += t.Len()
	}
	return off + s.seeded[1]
}

// modesPanel returns forward and reverse mode, side by side when there is
// room, and what they cost for the whole gradient.
func (s *backprop) modesPanel() (left, right, foot string) {
	n := s.net
	entry := model.BPEntryName(n.Prog.Names()[s.seeded[0]], s.x[s.seeded[0]].Shape(), s.seeded[1])
	col := s.tangents[len(s.tangents)-1]
	left = fmt.Sprintf("Forward mode (JVPs, tangents ẏ on the graph)\nSeed ẋ = 1 on %s, 0 elsewhere; each node pushes it on: ẏ = Σᵢ (∂y/∂xᵢ) ẋᵢ.\n", entry)
	if col == nil {
		left += "L does not depend on it: 0.\n"
	} else {
		left += core.Sprintf("At L: ∂L/∂%s = %.6g.\n", entry, col.Data()[0])
	}
	left += "One sweep: one column of ∂L/∂(inputs), 1 number."
	g := n.Full[s.seeded[0]].Data()[s.seeded[1]]
	right = core.Sprintf("Reverse mode (VJPs, the Node tab's sweep)\nSeed ∂L/∂L = 1 and pull it back through every node. Its entry for %s: %.6g.\nOne sweep: one row of ∂L/∂(inputs), all %d.", entry, g, n.Entries())
	foot = fmt.Sprintf("For the whole gradient: reverse mode 1 sweep (L is one number), forward mode %d (one per input number). With M outputs reverse mode needs M sweeps: the fewer wins.", n.Entries())
	return left, right, foot
}

// descentPanel returns the side panel of gradient descent: the rule, the
// inputs it moves, and the loss before and after each step.
func (s *backprop) descentPanel() (head, body string) {
	names := s.fn(0).Prog.Names()
	params := model.BPParams(names)
	var moved, kept []string
	for i, name := range names {
		if params[i] {
			moved = append(moved, name)
		} else {
			kept = append(kept, name)
		}
	}
	head = "One step of gradient descent"
	body = fmt.Sprintf("θ ← θ − η ∂L/∂θ for θ = %s", strings.Join(moved, ", "))
	if len(kept) > 0 {
		body += fmt.Sprintf("; %s are the data and stay", strings.Join(kept, " and "))
	}
	body += ". The gradient points uphill: a small step against it lowers L.\n\n"
	ls := s.losses
	body += core.Sprintf("Steps taken: %d.  L now: %.6g\n", len(ls)-1, ls[len(ls)-1])
	if k := len(ls); k >= 2 {
		d := ls[k-1] - ls[k-2]
		body += core.Sprintf("Last step: L %.6g → %.6g (%+.3g).\n", ls[k-2], ls[k-1], d)
		if d > 0 {
			body += "L went up: η is too large for this step. Lower it.\n"
		}
	}
	body += "The sweeps restart at the same step with the new values."
	return head, body
}

// content returns the side panel's content for step a in two groups, side
// by side when there is room: the tab's controls, its texts, formulas and
// pictures.
func (s *backprop) content(a model.BPAt) ([2][]bpBlock, error) {
	head := func(t string) bpBlock { return bpBlock{text: t, px: 15, clr: viz.Th().Accent, after: 6} }
	text := func(t string) bpBlock { return bpBlock{text: t, px: 13, clr: viz.Th().Text, after: 8} }
	note := func(t string) bpBlock { return bpBlock{text: t, px: 12, clr: viz.Th().Muted} }
	formula := func(f *viz.Formula, tex string) bpBlock {
		return bpBlock{formula: f, tex: [2]string{tex}, after: 6}
	}
	wrt := bpCtl{&s.wrt.Rect, min(400, s.wrt.Width(1))}
	var g [2][]bpBlock
	switch s.tabs.Selected {
	case bpTabNode:
		h, body, foot, texs, err := s.nodePanel(a)
		if err != nil {
			return g, err
		}
		g[0] = []bpBlock{head(h), text(body)}
		if texs[0] != "" {
			b := formula(&s.formulas[0], texs[0])
			if texs[3] != "" {
				b.beside, b.tex[1] = &s.formulas[3], texs[3]
			}
			g[0] = append(g[0], b)
		}
		for i := 1; i <= 2; i++ {
			if texs[i] != "" {
				g[1] = append(g[1], formula(&s.formulas[i], texs[i]))
			}
		}
		if foot != "" {
			g[1] = append(g[1], note(strings.TrimSpace(foot)))
		}
	case bpTabCheck:
		h, body, foot, table := s.checkPanel()
		g[0] = []bpBlock{{ctls: []bpCtl{wrt}, after: 12}, head(h), text(body), formula(&s.formulas[0], table)}
		g[1] = []bpBlock{note(foot)}
	case bpTabModes:
		left, right, foot := s.modesPanel()
		ctls := []bpCtl{wrt}
		if s.x[s.wrt.Selected].Len() > 1 {
			ctls = append(ctls, bpCtl{&s.entry.Rect, 240})
		}
		g[0] = []bpBlock{{ctls: ctls, after: 12}, head("Forward mode and reverse mode"), text(left), {pic: bpCellsFwd, h: 14, after: 12}}
		g[1] = []bpBlock{text(right), {pic: bpCellsRev, h: 14, after: 12}, note(foot)}
	case bpTabDescent:
		h, body := s.descentPanel()
		g[0] = []bpBlock{{ctls: []bpCtl{{&s.descend.Rect, 170}, {&s.restore.Rect, 120}, {&s.lr.Rect, 260}}, after: 12}, head(h), text(body)}
		if len(s.losses) >= 2 {
			g[1] = []bpBlock{{pic: bpLossChart, h: 140}}
		}
	}
	return g, nil
}
