//go:build !js

package main

import (
	"testing"
	"time"
)

func TestZZShots(t *testing.T) {
	requireWeb(t, webDir)
	ctx := newBrowser(t)
	base := servePage(t, webDir)
	for name, q := range map[string]string{
		"z-mat6":     "item=matmul&N=6&D=6&M=6",
		"z-tanh-lin": "item=tanh&step=1",
		"z-conv":     "item=conv1d&N=2&L=6&K=3",
		"z-soft-ch":  "item=softmax&step=2",
		"z-typed":    "f=softmax(x)&at=x%3D%5B1%2C2%2C3%5D",
		"z-bad":      "item=foo&N=9&step=7",
		"z-sum-mem":  "item=sum&N=64&D=1024&step=3",
	} {
		openPage(t, ctx, base+"/?scene=tensor&"+q)
		time.Sleep(500 * time.Millisecond)
		screenshot(t, ctx, name+".png")
	}
}
