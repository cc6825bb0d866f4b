//go:build !unix

package main

import "os"

// maxRSS returns false: this platform does not report it.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
