//go:build !js

package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// desktopSharer carries out the Share menu's actions on the desktop,
// which has no clipboard the app can reach and no page address: the
// texts are printed on the standard output, and the files are written in
// the working directory.
type desktopSharer struct{}

// Address implements scenes.Sharer: the keys, which -query takes.
func (desktopSharer) Address(query string) string { return "?" + query }

// Copy implements scenes.Sharer.
func (desktopSharer) Copy(what, text string) string {
	fmt.Println(text)
	return fmt.Sprintf("The %s is printed on the standard output: the desktop app has no clipboard.", what)
}

// Save implements scenes.Sharer.
func (desktopSharer) Save(name, _ string, data []byte) string {
	path, err := filepath.Abs(name)
	if err == nil {
		err = os.WriteFile(path, data, 0o644)
	}
	if err != nil {
		return fmt.Sprintf("%s could not be saved: %v.", name, err)
	}
	return "Saved " + path + "."
}
