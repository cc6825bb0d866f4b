package layout

import (
	"fmt"
	"image"
	"testing"
)

// A row shares its width: minimums, then preferred sizes, then growth.
func TestRowShares(t *testing.T) {
	var a, b, c image.Rectangle
	n := Row(10,
		Leaf(&a, Size{100, 20}, Size{200, 20}),
		Leaf(&b, Size{50, 40}, Size{50, 40}).Grow(1),
		Leaf(&c, Size{100, 10}, Size{100, 10}).Grow(3),
	)
	if m, p := n.MinSize(), n.PrefSize(); m != (Size{270, 40}) || p != (Size{370, 40}) {
		t.Fatalf("min %v, pref %v; want {270 40}, {370 40}", m, p)
	}
	for _, tc := range []struct {
		w       int
		a, b, c [2]int // x0, x1 of each
	}{
		{470, [2]int{0, 200}, [2]int{210, 285}, [2]int{295, 470}}, // 100 to grow: 25 and 75
		{370, [2]int{0, 200}, [2]int{210, 260}, [2]int{270, 370}}, // the preferred sizes
		{320, [2]int{0, 150}, [2]int{160, 210}, [2]int{220, 320}}, // halfway to them
		{135, [2]int{0, 46}, [2]int{56, 79}, [2]int{89, 135}},     // below the minimums, in proportion: Fits is false
	} {
		r := image.Rect(0, 0, tc.w, 40)
		n.Place(r)
		for i, got := range []image.Rectangle{a, b, c} {
			want := [][2]int{tc.a, tc.b, tc.c}[i]
			if got.Min.X != want[0] || got.Max.X != want[1] || got.Dy() != 40 {
				t.Errorf("width %d: child %d at %v, want x %v and the full height", tc.w, i, got, want)
			}
		}
		if fits := n.Fits(r); fits != (tc.w >= 270) {
			t.Errorf("width %d: Fits = %v", tc.w, fits)
		}
	}
}

// A column with a hidden child gives it nothing, not even its gap; padding
// and a maximum hold a child back from the room it is offered.
func TestColumnHideMaxPad(t *testing.T) {
	var a, b, c image.Rectangle
	hid := Leaf(&b, Size{10, 30}, Size{10, 30}).Hide(true)
	n := Column(8,
		Leaf(&a, Size{10, 20}, Size{10, 20}).Max(Size{W: 60}),
		hid,
		Leaf(&c, Size{10, 20}, Size{10, 20}).Grow(1).Pad(4),
	)
	b = image.Rect(1, 1, 2, 2)
	n.Place(image.Rect(100, 100, 200, 200))
	if a != image.Rect(100, 100, 160, 120) {
		t.Errorf("a = %v, want the top 20 pixels, 60 wide", a)
	}
	if !b.Empty() {
		t.Errorf("hidden b = %v, want empty", b)
	}
	if c != image.Rect(104, 132, 196, 196) {
		t.Errorf("c = %v, want the rest below the gap, inset 4", c)
	}
	hid.Hide(false)
	if m := n.MinSize(); m != (Size{18, 20 + 8 + 30 + 8 + 28}) {
		t.Errorf("min with b shown = %v", m)
	}
}

// A stack gives each child the whole rectangle.
func TestStack(t *testing.T) {
	var a, b image.Rectangle
	n := Stack(Leaf(&a, Size{10, 10}, Size{10, 10}), Leaf(&b, Size{30, 5}, Size{30, 5}))
	if m := n.MinSize(); m != (Size{30, 10}) {
		t.Errorf("min = %v, want {30 10}", m)
	}
	n.Place(image.Rect(0, 0, 50, 50))
	if a != b || a != image.Rect(0, 0, 50, 50) {
		t.Errorf("a = %v, b = %v, want both the whole square", a, b)
	}
}

// A lesson's arrangement: a picture that takes what is left beside a
// column of numbers and a slider.
func ExampleNode_Place() {
	var plot, numbers, slider image.Rectangle
	body := Row(12,
		Leaf(&plot, Size{200, 200}, Size{400, 300}).Grow(1),
		Column(8,
			Leaf(&numbers, Size{180, 60}, Size{260, 80}),
			Leaf(&slider, Size{180, 44}, Size{260, 44}),
		),
	).Pad(12)
	body.Place(image.Rect(0, 0, 1000, 400))
	fmt.Println(plot, numbers, slider)
	fmt.Println(body.Fits(image.Rect(0, 0, 390, 400)))
	// Output:
	// (12,12)-(716,388) (728,12)-(988,92) (728,100)-(988,144)
	// false
}
