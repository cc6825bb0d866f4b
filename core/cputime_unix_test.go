//go:build unix

package core_test

import (
	"syscall"
	"time"
)

// cpuTime returns the processor time the process has used, user and
// system, and true.
func cpuTime() (time.Duration, bool) {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0, false
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano()), true
}
