//go:build display

package viz

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/plot/cmpimg"
)

// The examples of the shapes the lessons draw. Each writes its picture to
// testdata, and TestExamplesGolden compares it with the golden image beside
// it (go test -tags display -regen ./viz/ rewrites them), as gonum/plot's
// examples are both documentation and golden images.

// ExampleArrow draws a gradient's arrow from a point, on the white halo
// that keeps it readable over a heat map.
func ExampleArrow() {
	img := example(160, 90)
	Dot(img, 30, 70, 5, Light.Point)
	Arrow(img, 30, 70, 140, 20, 3, Light.Tangent)
	save(img, "arrow")
	// Output:
}

// ExamplePolygon draws a square and its image under a map, as the Jacobian
// lesson does: the sides at a point that is not finite are left out.
func ExamplePolygon() {
	img := example(160, 90)
	id := func(x, y float64) (float64, float64) { return x, y }
	Polygon(img, [][2]float64{{20, 20}, {70, 20}, {70, 70}, {20, 70}}, id, 2, Light.Point)
	sheared := [][2]float64{{90, 20}, {140, 30}, {150, 80}, {math.NaN(), math.NaN()}}
	Polygon(img, sheared, id, 3, Light.Tangent)
	save(img, "polygon")
	// Output:
}

// ExamplePolyline draws a curve with a break where it is not defined, and
// dots on it, each with one draw command.
func ExamplePolyline() {
	img := example(160, 90)
	xs := make([]float64, 61)
	for i := range xs {
		xs[i] = -3 + 6*float64(i)/60
	}
	at := func(i int) (float64, float64) {
		y := math.Log(math.Abs(xs[i])) // -∞ at 0 leaves a break
		if xs[i] == 0 {
			return math.NaN(), math.NaN()
		}
		return 80 + 24*xs[i], 50 - 20*y
	}
	Polyline(img, len(xs), at, 2.5, Light.Curve)
	Discs(img, len(xs), func(i int) (float64, float64) {
		if i%10 != 5 {
			return math.NaN(), math.NaN()
		}
		return at(i)
	}, 4, Light.Point)
	save(img, "polyline")
	// Output:
}

// ExampleFillRect draws a panel with a border and a rule under its heading,
// on whole pixels.
func ExampleFillRect() {
	img := example(160, 90)
	r := image.Rect(20, 15, 140, 75)
	FillRect(img, r, Light.Panel)
	StrokeRect(img, r, 1, Light.Border)
	Rule(img, 20, 140, 35, 2, Light.Accent)
	FillRectF(img, 30, 50, 70.5, 12, Light.Curve)
	save(img, "rects")
	// Output:
}

// example returns a w×h image filled with the lessons' background.
func example(w, h int) *ebiten.Image {
	img := ebiten.NewImage(w, h)
	img.Fill(Light.Background)
	return img
}

// save writes img to testdata/name.png.
func save(img *ebiten.Image, name string) {
	f, err := os.Create(filepath.Join("testdata", name+".png"))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := png.Encode(f, pixels(img)); err != nil {
		panic(err)
	}
}

func TestExamplesGolden(t *testing.T) {
	for name, example := range map[string]func(){
		"arrow": ExampleArrow, "polygon": ExamplePolygon, "polyline": ExamplePolyline, "rects": ExampleFillRect,
	} {
		t.Run(name, func(t *testing.T) { cmpimg.CheckPlotApprox(example, t, 0.02, name+".png") })
	}
}
