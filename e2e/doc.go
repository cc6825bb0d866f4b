// Package e2e holds the tests of the whole app as people use it: the page
// in real headless Chromium against the real jacobianlab server, the
// desktop app in a real window under Xvfb, and the benchmarks of size,
// start-up and frame times that make bench reports. They build only with
// the e2e build tag, which make test and make bench pass, so that a plain
// go test ./... needs no browser:
//
//	go test -tags e2e ./e2e/        # under xvfb-run, after make web
package e2e
