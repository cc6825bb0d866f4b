//go:build unix

package main

import (
	"os"
	"syscall"
)

// maxRSS returns the most memory, in KiB, that the ended process ps held
// at once (ru_maxrss on Linux), and true.
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return ru.Maxrss, true
}
