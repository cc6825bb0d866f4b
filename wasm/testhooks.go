//go:build testhooks

package main

import (
	"image"
	"net/url"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes"
	"github.com/jacobianlab/jacobianlab/viz"
)

// This file is built only with -tags testhooks, for the tests that prove a
// panic never kills the page. The scene "panic" fails as ?mode= says:
// "update" and "draw" panic inside the scene (the manager must recover),
// "exit" panics on a fresh goroutine, which no one can recover, so the
// program ends (the page must say so).
//
// The scene "blank" draws nothing, but draws it every frame, like a lesson
// whose picture moves: the drag and play benchmarks measure it as the floor
// of the tick rate the browser allows a page that draws every frame.
func init() {
	scenes.Register(scenes.Entry{ID: "blank", Title: "Blank (test)", Hidden: true, New: func(url.Values) scenes.Scene {
		return blankScene{}
	}})
	scenes.Register(scenes.Entry{ID: "panic", Title: "Panic (test)", Hidden: true, New: func(q url.Values) scenes.Scene {
		return &panicScene{mode: q.Get("mode")}
	}})
}

type panicScene struct {
	mode  string
	ticks int
}

func (s *panicScene) Layout(image.Rectangle, float64) {}
func (s *panicScene) Prepare() error                  { return nil }

func (s *panicScene) Update(*viz.Input) error {
	s.ticks++
	// Let a few frames be drawn first, so the page is ready.
	if s.ticks < 10 {
		return nil
	}
	if s.ticks == 10 {
		viz.Animate() // from this tick on, Draw fails
	}
	switch s.mode {
	case "update":
		panic("test panic in Update")
	case "exit":
		go panic("test panic on a goroutine")
	}
	return nil
}

func (s *panicScene) Draw(*ebiten.Image) {
	if s.mode == "draw" && s.ticks >= 10 {
		panic("test panic in Draw")
	}
}

// panicState is the panic scene's state().
type panicState struct {
	scenes.State
	Mode string `json:"mode"`
}

func (s *panicScene) State() scenes.Stater { return &panicState{Mode: s.mode} }

// blankScene is the scene "blank".
type blankScene struct{}

func (blankScene) Layout(image.Rectangle, float64) {}
func (blankScene) Prepare() error                  { return nil }
func (blankScene) Update(*viz.Input) error         { viz.Animate(); return nil }
func (blankScene) Draw(*ebiten.Image)              {}
func (blankScene) State() scenes.Stater            { return &scenes.State{} }
