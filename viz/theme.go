package viz

import (
	"image/color"
	"math"
	"sync/atomic"
)

// Theme holds the colours a scene draws with.
//
// Text colours have a contrast ratio of at least 4.5:1 against the
// backgrounds they are drawn on, and lines, handles and focus rings at least
// 3:1 (WCAG 2.2, criteria 1.4.3 and 1.4.11); theme_test.go checks every
// pair the widgets and plots use, in both themes.
type Theme struct {
	Background color.RGBA // the page behind everything
	Panel      color.RGBA // plot and panel backgrounds, and text fields
	Text       color.RGBA // body text
	Muted      color.RGBA // secondary text and grid lines
	Curve      color.RGBA // the function being studied
	Tangent    color.RGBA // linear approximations and derivatives
	Point      color.RGBA // the point the derivative is taken at
	Error      color.RGBA // error banners, error messages and underlines
	ErrorText  color.RGBA // text on error banners
	Accent     color.RGBA // the selected tab and focus rings

	AccentText color.RGBA // text and knobs on Accent
	Control    color.RGBA // the face of buttons, toggles and segments
	Border     color.RGBA // outlines of controls and slider tracks
	Selection  color.RGBA // selected text, and pressed buttons, under Text

	InputFill color.RGBA // the boxes of a graph's inputs
	GradText  color.RGBA // gradients written in a graph's boxes

	// Zoom is how many times larger than the device's scale the app draws
	// in this theme: 1 but for Projector.
	Zoom float64
}

// Light is the default theme. The curve, tangent and point colours come from
// the Okabe–Ito palette, which stays distinct under the common forms of
// colour blindness.
var Light = Theme{
	Background: color.RGBA{0xf4, 0xf5, 0xf7, 0xff},
	Panel:      color.RGBA{0xff, 0xff, 0xff, 0xff},
	Text:       color.RGBA{0x1b, 0x1f, 0x24, 0xff},
	Muted:      color.RGBA{0x5f, 0x67, 0x70, 0xff},
	Curve:      color.RGBA{0x00, 0x72, 0xb2, 0xff},
	Tangent:    color.RGBA{0xd5, 0x5e, 0x00, 0xff},
	Point:      color.RGBA{0x1b, 0x1f, 0x24, 0xff},
	Error:      color.RGBA{0xb0, 0x1c, 0x1c, 0xff},
	ErrorText:  color.RGBA{0xff, 0xff, 0xff, 0xff},
	Accent:     color.RGBA{0x00, 0x5a, 0x9c, 0xff},

	AccentText: color.RGBA{0xff, 0xff, 0xff, 0xff},
	Control:    color.RGBA{0xea, 0xed, 0xf1, 0xff},
	Border:     color.RGBA{0x76, 0x7e, 0x87, 0xff},
	Selection:  color.RGBA{0xc6, 0xdf, 0xf5, 0xff},

	InputFill: color.RGBA{0xe3, 0xef, 0xf8, 0xff},
	GradText:  color.RGBA{0xa3, 0x46, 0x00, 0xff}, // Tangent darkened to 6.1:1 on white, 5.2:1 on InputFill
	Zoom:      1,
}

// Dark is the theme for dark surroundings. Its curve and tangent are the
// Okabe–Ito sky blue and orange, lighter than Light's so that they stand out
// from a dark panel.
var Dark = Theme{
	Background: color.RGBA{0x12, 0x14, 0x18, 0xff},
	Panel:      color.RGBA{0x1c, 0x1f, 0x24, 0xff},
	Text:       color.RGBA{0xe8, 0xea, 0xed, 0xff},
	Muted:      color.RGBA{0xa0, 0xa8, 0xb2, 0xff},
	Curve:      color.RGBA{0x56, 0xb4, 0xe9, 0xff},
	Tangent:    color.RGBA{0xe6, 0x9f, 0x00, 0xff},
	Point:      color.RGBA{0xe8, 0xea, 0xed, 0xff},
	Error:      color.RGBA{0xff, 0x8a, 0x80, 0xff},
	ErrorText:  color.RGBA{0x1b, 0x1f, 0x24, 0xff},
	Accent:     color.RGBA{0x6c, 0xb6, 0xff, 0xff},

	AccentText: color.RGBA{0x0d, 0x11, 0x17, 0xff},
	Control:    color.RGBA{0x2a, 0x2e, 0x35, 0xff},
	Border:     color.RGBA{0x80, 0x88, 0x93, 0xff},
	Selection:  color.RGBA{0x26, 0x4f, 0x78, 0xff},

	InputFill: color.RGBA{0x1d, 0x34, 0x4a, 0xff},
	GradText:  color.RGBA{0xf0, 0xb4, 0x40, 0xff},
	Zoom:      1,
}

// Projector is the theme for a lecture hall: pure black on white, the
// curve and tangent darkened to 7:1 and more, and everything drawn half as
// large again (Zoom), so that lines are thicker and text reads from the
// back of the room.
var Projector = Theme{
	Background: color.RGBA{0xff, 0xff, 0xff, 0xff},
	Panel:      color.RGBA{0xff, 0xff, 0xff, 0xff},
	Text:       color.RGBA{0x00, 0x00, 0x00, 0xff},
	Muted:      color.RGBA{0x33, 0x33, 0x33, 0xff},
	Curve:      color.RGBA{0x00, 0x4a, 0x8f, 0xff},
	Tangent:    color.RGBA{0xa8, 0x3c, 0x00, 0xff},
	Point:      color.RGBA{0x00, 0x00, 0x00, 0xff},
	Error:      color.RGBA{0x9a, 0x00, 0x00, 0xff},
	ErrorText:  color.RGBA{0xff, 0xff, 0xff, 0xff},
	Accent:     color.RGBA{0x00, 0x3a, 0x75, 0xff},

	AccentText: color.RGBA{0xff, 0xff, 0xff, 0xff},
	Control:    color.RGBA{0xe4, 0xe4, 0xe4, 0xff},
	Border:     color.RGBA{0x00, 0x00, 0x00, 0xff},
	Selection:  color.RGBA{0xb8, 0xd6, 0xf4, 0xff},

	InputFill: color.RGBA{0xdc, 0xea, 0xf6, 0xff},
	GradText:  color.RGBA{0x8a, 0x30, 0x00, 0xff},
	Zoom:      1.5,
}

// Themes are the themes by the names the page's theme key gives them.
var Themes = map[string]*Theme{"light": &Light, "dark": &Dark, "projector": &Projector}

// current is the theme everything is drawn in, nil for Light.
var current atomic.Pointer[Theme]

// Th returns the theme everything is drawn in: Light until SetTheme sets
// another.
func Th() *Theme {
	if t := current.Load(); t != nil {
		return t
	}
	return &Light
}

// CSSScale returns the screen pixels per CSS pixel of a picture drawn at
// scale screen pixels per logical pixel: scale itself, less the current
// theme's Zoom, which draws everything larger without making the page's
// pixels any smaller.
func CSSScale(scale float64) float64 {
	if z := Th().Zoom; z > 0 {
		return scale / z
	}
	return scale
}

// SetTheme makes t the theme everything is drawn in from now on. What
// caches a picture draws it again in t only when it draws it again.
func SetTheme(t *Theme) { current.Store(t) }

// RelativeLuminance returns the relative luminance of c as WCAG 2.2 defines
// it, from 0 for black to 1 for white:
//
//	L = 0.2126 R + 0.7152 G + 0.0722 B
//
// where each channel is linearised from sRGB: c/12.92 if c ≤ 0.04045, else
// ((c+0.055)/1.055)^2.4. Alpha is ignored.
func RelativeLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast returns the WCAG contrast ratio of a and b, (L1 + 0.05)/(L2 + 0.05)
// with L1 the lighter relative luminance: 1 for equal colours, 21 for black
// on white.
func Contrast(a, b color.Color) float64 {
	la, lb := RelativeLuminance(a), RelativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
