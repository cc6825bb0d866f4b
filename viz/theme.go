package viz

import "image/color"

// Theme holds the colours a scene draws with.
type Theme struct {
	Background color.RGBA // the page behind everything
	Panel      color.RGBA // plot and panel backgrounds
	Text       color.RGBA // body text
	Muted      color.RGBA // secondary text and grid lines
	Curve      color.RGBA // the function being studied
	Tangent    color.RGBA // linear approximations and derivatives
	Point      color.RGBA // the point the derivative is taken at
	Error      color.RGBA // error banners
	ErrorText  color.RGBA // text on error banners
	Accent     color.RGBA // the selected tab and focus rings
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
}
