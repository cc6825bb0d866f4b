//go:build zzdebug

package scenes

import (
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

type zzGame struct {
	s      Scene
	in     *viz.Input
	n, i   int
	move   func(in *viz.Input, i int)
	cpu    time.Duration
	frames int
}

func (g *zzGame) Update() error {
	t := time.Now()
	for range 3 {
		g.i++
		g.move(g.in, g.i)
		g.s.Update(g.in)
		g.in.Pointer.Pressed = false
	}
	g.cpu += time.Since(t)
	if g.n++; g.n > 600 {
		return ebiten.Termination
	}
	return nil
}
func (g *zzGame) Draw(screen *ebiten.Image) {
	t := time.Now()
	g.s.Draw(screen)
	g.cpu += time.Since(t)
	g.frames++
}
func (g *zzGame) Layout(int, int) (int, int) { return 1100, 720 }

func TestZZDragProfile(t *testing.T) {
	q, _ := url.ParseQuery(os.Getenv("ZZQ"))
	e, _ := lookup(q.Get("scene"))
	s := e.New(q)
	in := input()
	s.Update(in)
	var move func(in *viz.Input, i int)
	switch sc := s.(type) {
	case *gradient:
		hm := sc.heat.DataArea()
		y := float64(hm.Min.Y + hm.Dy()*7/10)
		move = func(in *viz.Input, i int) {
			in.Pointer = viz.Pointer{X: float64(hm.Min.X + 10 + (i*3)%(hm.Dx()-20)), Y: y, Down: true, Pressed: i == 1}
		}
	case *scalar:
		da := sc.plot.DataArea()
		move = func(in *viz.Input, i int) {
			in.Pointer = viz.Pointer{X: float64(da.Min.X + 5 + (i*3)%(da.Dx()-10)), Y: float64(da.Min.Y + da.Dy()/2), Down: true, Pressed: i == 1}
		}
	case *jacobian:
		da := sc.inPlane.DataArea()
		move = func(in *viz.Input, i int) {
			in.Pointer = viz.Pointer{X: float64(da.Min.X + 5 + (i*3)%(da.Dx()-10)), Y: float64(da.Min.Y + da.Dy()/2), Down: true, Pressed: i == 1}
		}
	default:
		move = func(*viz.Input, int) {}
	}
	ebiten.SetVsyncEnabled(false)
	ebiten.SetWindowSize(1100, 720)
	g := &zzGame{s: s, in: in, move: move}
	if err := ebiten.RunGame(g); err != nil {
		t.Fatal(err)
	}
	if gr, ok := s.(*gradient); ok {
		t.Logf("renders: heat %d slice %d err %d", gr.heat.Renders(), gr.slicePlot.Renders(), gr.errPlot.Renders())
	}
	if sc, ok := s.(*scalar); ok {
		t.Logf("renders: plot %d err %d", sc.plot.Renders(), sc.errPlot.Renders())
	}
	if sc, ok := s.(*jacobian); ok {
		t.Logf("renders: in %d out %d err %d", sc.inPlane.Renders(), sc.outPlane.Renders(), sc.errPlot.Renders())
	}
	t.Logf("%d frames, CPU %.2f ms per frame", g.frames, float64(g.cpu)/float64(g.frames)/1e6)
}
