//go:build display

package viz

import (
	"image/color"
	"math"
	"testing"
)

func TestContrast(t *testing.T) {
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	black := color.RGBA{0, 0, 0, 0xff}
	for _, tc := range []struct {
		a, b color.RGBA
		want float64
	}{
		{black, white, 21},
		{white, white, 1},
		// #777 on white is the classic just-fails-AA grey, 4.48:1.
		{color.RGBA{0x77, 0x77, 0x77, 0xff}, white, 4.48},
		// Worked by hand: L(#0072b2) = 0.7152·0.1683 + 0.0722·0.4452 =
		// 0.1525, and 1.05/0.2025 = 5.185.
		{color.RGBA{0x00, 0x72, 0xb2, 0xff}, white, 5.185},
		// L(#d55e00) = 0.2126·0.6654 + 0.7152·0.1119 = 0.2215, and
		// 1.05/0.2715 = 3.867.
		{color.RGBA{0xd5, 0x5e, 0x00, 0xff}, white, 3.867},
	} {
		if got := Contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.005 {
			t.Errorf("Contrast(%v, %v) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
		if Contrast(tc.a, tc.b) != Contrast(tc.b, tc.a) {
			t.Errorf("Contrast(%v, %v) depends on the order", tc.a, tc.b)
		}
	}
}

// TestThemeContrast checks every foreground/background pair the widgets and
// plots draw: text needs 4.5:1 (WCAG 1.4.3), lines, handles, outlines and
// focus rings 3:1 (WCAG 1.4.11).
func TestThemeContrast(t *testing.T) {
	type pair struct {
		what   string
		fg, bg func(*Theme) color.RGBA
	}
	var (
		background = func(th *Theme) color.RGBA { return th.Background }
		panel      = func(th *Theme) color.RGBA { return th.Panel }
		text       = func(th *Theme) color.RGBA { return th.Text }
		muted      = func(th *Theme) color.RGBA { return th.Muted }
		curve      = func(th *Theme) color.RGBA { return th.Curve }
		tangent    = func(th *Theme) color.RGBA { return th.Tangent }
		point      = func(th *Theme) color.RGBA { return th.Point }
		errorC     = func(th *Theme) color.RGBA { return th.Error }
		errorText  = func(th *Theme) color.RGBA { return th.ErrorText }
		accent     = func(th *Theme) color.RGBA { return th.Accent }
		accentText = func(th *Theme) color.RGBA { return th.AccentText }
		control    = func(th *Theme) color.RGBA { return th.Control }
		border     = func(th *Theme) color.RGBA { return th.Border }
		selection  = func(th *Theme) color.RGBA { return th.Selection }
		inputFill  = func(th *Theme) color.RGBA { return th.InputFill }
		gradText   = func(th *Theme) color.RGBA { return th.GradText }
	)
	texts := []pair{
		{"body text on the page", text, background},
		{"body text on panels, plots and text fields", text, panel},
		{"labels on buttons, toggles and segments", text, control},
		{"selected text and pressed buttons", text, selection},
		{"secondary text and tick labels on the page", muted, background},
		{"secondary text and tick labels on panels", muted, panel},
		{"error banners", errorText, errorC},
		{"error messages on the page", errorC, background},
		{"error messages on panels", errorC, panel},
		{"the selected segment's label", accentText, accent},
		{"the selected tab and headings on the page", accent, background},
		{"headings on panels", accent, panel},
		{"text in a graph's input boxes", text, inputFill},
		{"gradients in a graph's boxes", gradText, panel},
		{"gradients in a graph's input boxes", gradText, inputFill},
	}
	lines := []pair{
		{"the curve on plots", curve, panel},
		{"the tangent on plots", tangent, panel},
		{"the point on plots", point, panel},
		{"grid lines on plots", muted, panel},
		{"focus rings on the page", accent, background},
		{"focus rings on panels", accent, panel},
		{"slider fill and handles", accent, panel},
		{"slider handles over the page", accent, background},
		{"control outlines and slider tracks on panels", border, panel},
		{"control outlines on the page", border, background},
		{"the toggle's knob when off", muted, control},
		{"the toggle's knob when on", accentText, accent},
		{"the text cursor and selection outline", text, selection},
		{"error underlines in text fields", errorC, panel},
	}
	for _, th := range []struct {
		name string
		*Theme
	}{{"Light", &Light}, {"Dark", &Dark}, {"Projector", &Projector}} {
		for _, set := range []struct {
			pairs []pair
			min   float64
		}{{texts, 4.5}, {lines, 3}} {
			for _, p := range set.pairs {
				fg, bg := p.fg(th.Theme), p.bg(th.Theme)
				if c := Contrast(fg, bg); c < set.min {
					t.Errorf("%s: %s: contrast %.2f:1 (%v on %v), want at least %.1f:1", th.name, p.what, c, fg, bg, set.min)
				}
			}
		}
	}
}

// TestLightKeepsItsColours guards the colours the browser tests look for.
func TestLightKeepsItsColours(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want color.RGBA
	}{
		{"Curve", Light.Curve, color.RGBA{0x00, 0x72, 0xb2, 0xff}},
		{"Tangent", Light.Tangent, color.RGBA{0xd5, 0x5e, 0x00, 0xff}},
		{"Error", Light.Error, color.RGBA{0xb0, 0x1c, 0x1c, 0xff}},
	} {
		if tc.got != tc.want {
			t.Errorf("Light.%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
