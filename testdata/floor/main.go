//go:build js

// Command floor is the smallest program built on the app's stack: Ebiten,
// gonum/plot and gonum/mat, drawing one plot. make bench builds it with the
// app's flags and compares the app's download size, and its time from
// navigation to the first frame in the app's page, against it.
package main

import (
	"image"
	"log"
	"math"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

type game struct{ img *ebiten.Image }

func (g *game) Update() error { return nil }

func (g *game) Draw(screen *ebiten.Image) {
	first := g.img == nil
	if first {
		g.img = ebiten.NewImageFromImage(render())
	}
	screen.DrawImage(g.img, nil)
	if first {
		// Tell the app's loader, as the app does, that a frame is drawn.
		js.Global().Get("jacobianlab").Set("ready", true)
		js.Global().Get("document").Call("dispatchEvent", js.Global().Get("Event").New("jacobianlab-ready"))
	}
}

func (g *game) Layout(w, h int) (int, int) { return w, h }

// render plots the rows of a matrix product.
func render() image.Image {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	var b mat.Dense
	b.Mul(a, a.T())
	p := plot.New()
	p.Title.Text = "floor"
	p.Add(plotter.NewFunction(func(x float64) float64 { return b.At(0, 1) * math.Sin(x) }))
	c := vgimg.New(4*vg.Inch, 3*vg.Inch)
	p.Draw(draw.New(c))
	return c.Image()
}

func main() {
	// Mark the stage "main" as the app does: the split of the time
	// between "compiled" and "ready" into the Go program's start (the
	// runtime and the packages' initialization) and what comes after.
	timing := js.Global().Get("jacobianlab").Get("timing")
	timing.Set("main", js.Global().Get("performance").Call("now").Int())
	if err := ebiten.RunGame(&game{}); err != nil {
		log.Fatal(err)
	}
}
