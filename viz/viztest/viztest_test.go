package viztest

import (
	"image"
	"image/color"
	"testing"
)

func TestPixels(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 20, 10))
	white := color.RGBA{255, 255, 255, 255}
	red := color.RGBA{200, 20, 20, 255}
	for y := range 10 {
		for x := range 20 {
			img.Set(x, y, white)
		}
	}
	all := img.Bounds()
	if !Uniform(img, all) {
		t.Error("a white image is not uniform")
	}
	img.Set(15, 5, red)
	if Uniform(img, all) {
		t.Error("an image with a red pixel is uniform")
	}
	if !Uniform(img, image.Rect(0, 0, 10, 10)) {
		t.Error("the left half has no red pixel but is not uniform")
	}
	if got := Count(img, all, color.RGBA{210, 30, 10, 255}, 10); got != 1 {
		t.Errorf("Count within 10 = %d, want 1", got)
	}
	if got := Count(img, all, color.RGBA{210, 30, 10, 255}, 9); got != 0 {
		t.Errorf("Count within 9 = %d, want 0 (blue differs by 10)", got)
	}
	if !Near(img, 13, 5, red, 2, 0) || Near(img, 12, 5, red, 2, 0) {
		t.Error("Near: the red pixel is 2 away from (13, 5) and 3 from (12, 5)")
	}
	other := image.NewRGBA(all)
	copy(other.Pix, img.Pix)
	if got := Differ(img, other, 0); got != 0 {
		t.Errorf("Differ from a copy = %d, want 0", got)
	}
	other.Set(3, 4, color.RGBA{250, 250, 250, 255})
	if got := Differ(img, other, 4); got != 1 {
		t.Errorf("Differ within 4 = %d, want 1 (a pixel differs by 5)", got)
	}
	if got := Differ(img, other, 5); got != 0 {
		t.Errorf("Differ within 5 = %d, want 0", got)
	}
}
