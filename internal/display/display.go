//go:build !js && !windows && !darwin && !android && !ios

package display

import (
	"fmt"
	"os"
	"path/filepath"
)

func init() {
	if os.Getenv("DISPLAY") != "" {
		return
	}
	fmt.Fprintf(os.Stderr, "%s: no display to open a window on (DISPLAY is not set).\n"+
		"Run it in a desktop session or under xvfb-run, or run make run and open the web app in a browser.\n", filepath.Base(os.Args[0]))
	os.Exit(1)
}
