//go:build prof

package scenes

import (
	"fmt"
	"image"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/viz"
)

type profGame struct {
	s     Scene
	in    *viz.Input
	i     int
	da    image.Rectangle
	start time.Time
	busy  time.Duration
	per   []time.Duration
	cur   time.Duration
	ms    runtime.MemStats
	m0    uint64
	b0    uint64
}

func (g *profGame) Update() error {
	t := time.Now()
	if g.i == 0 {
		g.in = input()
		g.in.Area = image.Rect(0, 36, 1280, 800)
		g.in.Width, g.in.Height = 1280, 800
		tick(g.s, g.in)
		g.da = g.s.(*gradient).heat.DataArea()
		g.in.Pointer = viz.Pointer{X: float64(g.da.Min.X + 5), Y: float64(g.da.Min.Y + g.da.Dy()*3/4), Down: true, Pressed: true}
		f, _ := os.Create("/tmp/grad.prof")
		pprof.StartCPUProfile(f)
		g.start = time.Now()
		runtime.ReadMemStats(&g.ms)
		g.m0, g.b0 = g.ms.Mallocs, g.ms.TotalAlloc
	}
	g.i++
	g.in.Pointer.X = float64(g.da.Min.X + 5 + (g.i*3)%(g.da.Dx()-10))
	tick(g.s, g.in)
	g.in.Pointer.Pressed = false
	if g.i > 900 {
		pprof.StopCPUProfile()
		runtime.ReadMemStats(&g.ms)
		slices.Sort(g.per)
		fmt.Printf("busy %.2f ms/frame, median %v, %d allocs/frame, %d B/frame\n", float64(g.busy.Microseconds())/1000/float64(g.i), g.per[len(g.per)/2], (g.ms.Mallocs-g.m0)/uint64(g.i), (g.ms.TotalAlloc-g.b0)/uint64(g.i))
		return ebiten.Termination
	}
	g.busy += time.Since(t)
	g.cur += time.Since(t)
	return nil
}

func (g *profGame) Draw(screen *ebiten.Image) {
	t := time.Now()
	g.s.Prepare()
	g.s.Draw(screen)
	g.busy += time.Since(t)
	g.per = append(g.per, g.cur+time.Since(t))
	g.cur = 0
}

func (g *profGame) Layout(w, h int) (int, int) { return 1280, 800 }

func TestMain(m *testing.M) {
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetVsyncEnabled(false)
	ebiten.SetTPS(ebiten.SyncWithFPS)
	g := &profGame{s: newGradient(url.Values{"step": {os.Getenv("STEP")}})}
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
}
