package main

import "github.com/jacobianlab/jacobianlab/scenes"

// The page's scripts (web/controls.js, web/messages.js) read the fields and
// the page in the form their types' JSON tags give them. fieldsValue and
// pageValue build that form as JavaScript values directly: before the first
// frame, the browser would compile encoding/json's encoder for these two
// alone, on first use, and the frame would wait for it.

// fieldsValue returns fields as JSON would write them.
func fieldsValue(fields []scenes.FieldView) []any {
	out := make([]any, len(fields))
	for i, f := range fields {
		out[i] = map[string]any{
			"id": f.ID, "label": f.Label, "text": f.Text, "rect": rectValue(f.Rect),
			"px": f.Px, "pad": f.Pad, "error": f.Error, "readOnly": f.ReadOnly,
			"color": f.Color, "accent": f.Accent, "hidden": f.Hidden, "changed": f.Changed,
		}
	}
	return out
}

// pageValue returns p as JSON would write it.
func pageValue(p scenes.Page) map[string]any {
	wheel := make([]any, len(p.Wheel))
	for i, w := range p.Wheel {
		a := map[string]any{"rect": rectValue(w.Rect)}
		for k, on := range map[string]bool{"zoom": w.Zoom, "up": w.Up, "down": w.Down} {
			if on { // omitempty
				a[k] = true
			}
		}
		wheel[i] = a
	}
	return map[string]any{"lesson": p.Lesson, "height": p.Height, "wheel": wheel}
}

// rectValue returns the rectangle [x0, y0, x1, y1] as an array.
func rectValue(r [4]float64) []any { return []any{r[0], r[1], r[2], r[3]} }
