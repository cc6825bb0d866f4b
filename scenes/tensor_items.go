package scenes

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/jacobianlab/jacobianlab/scenes/model"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The tensor lesson's function: an item of the gallery at the sizes its
// sliders set, or the typed expression.

// tensorSizes are the sizes a dimension can take: every size to 6, for
// pictures, then doubling to realistic widths.
var tensorSizes = []int{1, 2, 3, 4, 5, 6, 8, 16, 32, 64, 128, 256, 512, 1024}

// functionFromQuery studies the function the page's query gives: a typed
// function (f and at) comes before the gallery's item and its sizes, and
// a bad expression stays in the field with its mistake marked while the
// item is studied. It returns a notice for each bad value.
func (s *tensor) functionFromQuery(q url.Values) []string {
	var notices []string
	typed := q.Get("f") != "" || q.Get("at") != ""
	s.item = 0
	if k := q.Get("item"); k != "" {
		i, ok := model.ItemByKey(k)
		if !ok {
			notices = append(notices, fmt.Sprintf("item=%q is not in the gallery (%s); showing %s.", k, tensorItemKeys(), model.TensorGallery[0].Key))
		}
		s.item = i
	}
	f := s.fn(0)
	switch {
	case typed && f.Err == nil:
		s.setTyped()
	case f.Err != nil:
		text, err := s.fields[0].text.Text(), f.Err
		s.setItem(s.item)
		f.Err = err
		s.fields[0].text.SetText(text)
		s.fields[0].showError()
	default:
		notices = append(notices, s.dimsFromQuery(q)...)
		s.setItem(s.item)
	}
	return notices
}

// tensorItemKeys lists the gallery's keys, for notices.
func tensorItemKeys() string {
	keys := make([]string, len(model.TensorGallery))
	for i, it := range model.TensorGallery {
		keys[i] = it.Key
	}
	return strings.Join(keys, ", ")
}

// dimsFromQuery sets the item's dimensions from the page's keys named after
// them, and returns a notice for each bad value, which keeps its default.
func (s *tensor) dimsFromQuery(q url.Values) []string {
	it := model.TensorGallery[s.item]
	s.dims = slices.Clone(it.Defs)
	var notices []string
	for k, name := range it.Dims {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(tensorSizes, n) {
			notices = append(notices, fmt.Sprintf("%s=%q is not one of the sizes %v; using %d.", name, v, tensorSizes, it.Defs[k]))
			continue
		}
		s.dims[k] = n
	}
	if err := s.checkDims(s.dims); err != nil {
		notices = append(notices, err.Error()+"; using the defaults.")
		s.dims = slices.Clone(it.Defs)
	}
	return notices
}

// checkDims refuses dimensions the item cannot take, or that would take
// too long to evaluate in the browser.
func (s *tensor) checkDims(d []int) error {
	it := model.TensorGallery[s.item]
	work := 1
	for _, v := range d {
		work *= v
	}
	if work > tensorWorkMax {
		return fmt.Errorf("%s = %s would take too long to compute in the page (the product of the sizes is at most %d)", strings.Join(it.Dims, "·"), model.IntsText(d, "·"), tensorWorkMax)
	}
	if it.Key == "conv1d" && d[2] > d[1] {
		return fmt.Errorf("the kernel (K = %d) must be no longer than the signal (L = %d)", d[2], d[1])
	}
	return nil
}

// setItem switches to gallery item i at the current dimensions (its
// defaults if they are for another item), and puts its expression in the
// text field.
func (s *tensor) setItem(i int) {
	it := model.TensorGallery[i]
	if s.item != i || len(s.dims) != len(it.Dims) {
		s.dims = slices.Clone(it.Defs)
	}
	s.item = i
	s.showItem(i)
	s.sliders = s.sizes[:len(it.Dims)]
	for k, name := range it.Dims {
		s.sliders[k].Label = name
	}
	if err := s.compileItem(); err != nil {
		s.shapeMsg = err.Error() + "; back to the defaults."
		s.dims = slices.Clone(it.Defs)
		s.compileItem() // the defaults compile: TestTensorGallery
	}
}

// syncSliders puts the sliders at the item's dimensions.
func (s *tensor) syncSliders() {
	for k, sl := range s.sliders {
		sl.Value = float64(slices.Index(tensorSizes, s.dims[k]))
	}
}

// setTyped studies the typed expression: the gallery shows "typed", and
// the sizes give way to the shapes of its values.
func (s *tensor) setTyped() {
	s.item, s.sliders = -1, nil
	s.showItem(len(model.TensorGallery))
	s.shapeMsg = ""
	s.compute()
}

// pick studies the i'th option of the gallery: an item, or last the
// typed expression.
func (s *tensor) pick(i int) {
	if i == len(model.TensorGallery) {
		s.setTyped()
		return
	}
	s.setItem(i)
}

// showItem shows the i'th option of the gallery as the one studied, on
// the gallery and on the item's slider.
func (s *tensor) showItem(i int) {
	s.gallery.Selected, s.itemSlider.Value = i, float64(i)
}

// sizeText formats a slider's position as the size it stands for.
func sizeText(v float64) string {
	return strconv.Itoa(tensorSizes[int(math.Round(min(max(v, 0), float64(len(tensorSizes)-1))))])
}

// compileItem compiles the gallery item at the current dimensions with its
// seeded values, and starts the lesson over for it. On error nothing
// changes but the sliders, which go back to the dimensions compiled last.
func (s *tensor) compileItem() error {
	it := model.TensorGallery[s.item]
	src := it.Src(s.dims)
	p, err := it.Compile(s.dims)
	if err != nil {
		s.dims = slices.Clone(s.compiled)
		s.syncSliders()
		return fmt.Errorf("%s at %s = %s: %w", it.Label, strings.Join(it.Dims, ", "), model.IntsText(s.dims, ", "), err)
	}
	s.compiled = slices.Clone(s.dims)
	s.syncSliders()
	f := s.fn(0)
	f.Prog, f.Err = p, nil
	s.fields[0].text.SetText(src)
	s.fields[0].showError()
	s.compute()
	return nil
}

// handleSliders snaps the size sliders to their sizes and recomputes once
// they settle: a moment after the last change, or at once when the pointer
// is up.
func (s *tensor) handleSliders(in *viz.Input) {
	if s.item < 0 {
		return
	}
	d := slices.Clone(s.dims)
	for k, sl := range s.sliders {
		sl.Value = math.Round(sl.Value)
		d[k] = tensorSizes[int(sl.Value)]
	}
	if !slices.Equal(d, s.dims) {
		if err := s.checkDims(d); err != nil {
			s.shapeMsg = err.Error() + "."
			s.syncSliders()
			return
		}
		s.dims, s.pending, s.shapeMsg = d, 0, ""
		return
	}
	if s.pending >= 0 {
		viz.Animate() // the numbers wait for the shapes to settle, then change
		s.pending++
		if s.pending > tensorSettle && !in.Pointer.Down {
			if err := s.compileItem(); err != nil {
				s.shapeMsg, s.pending = err.Error()+".", -1
			}
		}
	}
}
