package viz

import (
	"image/color"
	"math"
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
}

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
