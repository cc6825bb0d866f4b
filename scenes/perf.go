package scenes

import (
	"slices"
	"time"
)

// perf measures the CPU time the game spends per frame: the Update calls
// since the previous frame plus the Draw.
type perf struct {
	start   time.Time
	ticks   int
	frames  int
	parts   int             // frames that drew only part of the screen (Manager.drawPart)
	idles   int             // frames that drew nothing, nothing having changed (Manager.Draw)
	pending time.Duration   // Update time not yet assigned to a frame
	samples []time.Duration // per-frame CPU time, the last maxSamples frames
	next    int
}

const maxSamples = 1024

func (p *perf) tick(d time.Duration) {
	if p.start.IsZero() {
		p.start = time.Now()
	}
	p.ticks++
	p.pending += d
}

// idle counts a frame that drew nothing. The idle ticks before it count
// towards no frame's time.
func (p *perf) idle() {
	p.frames++
	p.idles++
	p.pending = 0
}

func (p *perf) frame(d time.Duration) {
	p.frames++
	d += p.pending
	p.pending = 0
	if len(p.samples) < maxSamples {
		p.samples = append(p.samples, d)
		return
	}
	p.samples[p.next] = d
	p.next = (p.next + 1) % maxSamples
}

// Perf is a summary of the game loop's speed since the last ResetPerf.
type Perf struct {
	Seconds       float64 `json:"seconds"`       // wall time measured
	Ticks         int     `json:"ticks"`         // Update calls
	Frames        int     `json:"frames"`        // Draw calls
	TicksPerSec   float64 `json:"ticksPerSec"`   // Ticks / Seconds
	MedianFrameMs float64 `json:"medianFrameMs"` // median CPU time of Update+Draw per frame
	P95FrameMs    float64 `json:"p95FrameMs"`    // 95th percentile of the same
	// PartFrames counts the frames that drew again only the part of the
	// screen a drag or a playing animation changed (see damager),
	// keeping the rest of the last frame.
	PartFrames int `json:"partFrames"`
	// IdleFrames counts the frames that drew nothing, nothing having
	// changed since the frame before; they are left out of the
	// percentiles.
	IdleFrames int `json:"idleFrames"`
}

// Perf returns the game loop's speed since the last ResetPerf (at most the
// last 1024 frames count towards the percentiles).
func (m *Manager) Perf() Perf {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := &m.perf
	r := Perf{Ticks: p.ticks, Frames: p.frames, PartFrames: p.parts, IdleFrames: p.idles}
	if !p.start.IsZero() {
		r.Seconds = time.Since(p.start).Seconds()
	}
	if r.Seconds > 0 {
		r.TicksPerSec = float64(r.Ticks) / r.Seconds
	}
	if n := len(p.samples); n > 0 {
		s := slices.Clone(p.samples)
		slices.Sort(s)
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		r.MedianFrameMs = ms(s[n/2])
		r.P95FrameMs = ms(s[n*95/100])
	}
	return r
}

// ResetPerf starts a new measurement for Perf.
func (m *Manager) ResetPerf() {
	m.mu.Lock()
	m.perf = perf{}
	m.mu.Unlock()
}
