//go:build display && !js

package main

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/jacobianlab/jacobianlab/scenes"
)

// TestPageValues: fieldsValue and pageValue, which the page's scripts
// read (the jacobianlab-fields and jacobianlab-page events), give what
// encoding/json would write for the types, with every field set and
// with none, WheelArea's omitempty included.
func TestPageValues(t *testing.T) {
	f := scenes.FieldView{ID: "f", Label: "f(x) =", Text: "sin(x)", Rect: [4]float64{1, 2, 3, 4}, Px: 16, Pad: 8,
		Error: "bad", ReadOnly: true, Color: "#000000", Accent: "#0000ff", Hidden: true, Changed: true}
	p := scenes.Page{Lesson: "The gradient", Height: 600, Wheel: []scenes.WheelArea{
		{Rect: [4]float64{1, 2, 3, 4}, Zoom: true, Up: true, Down: true}, {Up: true}, {}}}
	// Every field set, so that a field added to a type and not to the
	// functions fails here.
	for _, v := range []any{f, p, p.Wheel[0]} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			if rv.Field(i).IsZero() {
				t.Fatalf("%T.%s is not set in the test", v, rv.Type().Field(i).Name)
			}
		}
	}
	sameJSON(t, fieldsValue([]scenes.FieldView{f, {}}), []scenes.FieldView{f, {}})
	sameJSON(t, pageValue(p), p)
	// With no places for the wheel, pageValue gives an empty list where
	// encoding/json writes null for a nil slice; web/controls.js reads
	// either as none (e.detail.wheel || []).
	sameJSON(t, pageValue(scenes.Page{}), scenes.Page{Wheel: []scenes.WheelArea{}})
}

// sameJSON fails t unless got and want's JSON decode to the same value.
func sameJSON(t *testing.T, got, want any) {
	t.Helper()
	decode := func(v any) any {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if g, w := decode(got), decode(want); !reflect.DeepEqual(g, w) {
		t.Errorf("got %v, want as JSON writes it %v", g, w)
	}
}
