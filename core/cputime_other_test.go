//go:build !unix

package core_test

import "time"

// cpuTime returns false: this platform has no processor time to read.
func cpuTime() (time.Duration, bool) { return 0, false }
