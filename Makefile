# Jacobian Lab — build, serve, test and measure.
#
#   make run      build the web app and serve it at http://127.0.0.1:8080/
#   make test     every test: vet, gofmt, unit, wasm, browser and desktop
#   make bench    sizes, start-up time and frame times, with ratios
#   make dist     the release build: dist/, a folder any static host serves
#                 as it is, and the jacobianlab command
#   make desktop  the native desktop app in bin/
#
# Missing Debian packages (Chromium, Xvfb, the X11/GL headers, brotli) are
# installed with apt-get before the targets that need them.

GO        ?= go
ADDR      ?= 127.0.0.1:8080
GOROOT    := $(shell $(GO) env GOROOT)
WASMFLAGS := -trimpath -ldflags="-s -w"
WASM      := web/jacobianlab.wasm
SOURCES   := $(shell find core viz scenes wasm -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages, by what needs them.
PKGS_WEB     := brotli
PKGS_DESKTOP := gcc pkg-config libx11-dev libgl1-mesa-dev libxrandr-dev libxcursor-dev \
                libxinerama-dev libxi-dev libxxf86vm-dev
PKGS_TEST    := $(PKGS_WEB) $(PKGS_DESKTOP) chromium xvfb xauth nodejs

.PHONY: run test fuzz bench dist desktop web web-release deps-web deps-desktop deps-test vet clean

run: web
	$(GO) run . serve -addr $(ADDR) -dir web

# The web app in web/, for make run and make test, quickly: the wasm's
# compressed copies are made at fast levels (about 2 s for the 28 MB
# binary, where the best levels take over a minute), for a quick loop from
# an edit to the page. web-release makes them again at the best levels.
web: deps-web $(WASM).br $(WASM).gz web/wasm_exec.js

$(WASM): $(SOURCES)
	GOOS=js GOARCH=wasm $(GO) build $(WASMFLAGS) -o $@ ./wasm

# Through a temporary file, so that a run cut short leaves no truncated
# copy newer than the wasm; and from stdout, so that the copy's time is
# now, not the wasm's.
$(WASM).br: $(WASM)
	brotli -q 5 -c $< > $@.tmp && mv $@.tmp $@

$(WASM).gz: $(WASM)
	gzip -1 -n -c $< > $@.tmp && mv $@.tmp $@

# web-release is the web app with the wasm's copies compressed as well as
# brotli and gzip can (brotli -q 11, gzip -9), as students download it:
# make dist deploys it, and make bench measures it (its browser benchmarks
# time the download of what web/ holds). The stamp records that the
# copies in web/ are the release's; make web leaves them so until the
# wasm changes.
RELEASE_STAMP := out/web-release.stamp

web-release: web $(RELEASE_STAMP)

$(RELEASE_STAMP): $(WASM).br $(WASM).gz
	brotli -q 11 -c $(WASM) > $(WASM).br.tmp && mv $(WASM).br.tmp $(WASM).br
	gzip -9 -n -c $(WASM) > $(WASM).gz.tmp && mv $(WASM).gz.tmp $(WASM).gz
	@mkdir -p $(@D) && touch $@

# wasm_exec.js must come from the Go that built the wasm.
web/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	cp $< $@

desktop: deps-desktop
	$(GO) build -trimpath -o bin/jacobianlab-desktop ./wasm

# dist/: the release build of the web app, with its files named by their
# content and a _headers file (see dist.go). FRAME_ANCESTORS, if set, are
# the only sites that may embed it: make dist FRAME_ANCESTORS="'self'
# https://course.example".
dist: web-release desktop
	$(GO) build -trimpath -o bin/jacobianlab .
	rm -rf dist
	bin/jacobianlab dist -dir web -out dist $(if $(FRAME_ANCESTORS),-frame-ancestors "$(FRAME_ANCESTORS)")

# apt-get install whatever of the listed packages is missing.
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-web:
	$(call apt_install,$(PKGS_WEB))

deps-desktop:
	$(call apt_install,$(PKGS_DESKTOP))

deps-test:
	$(call apt_install,$(PKGS_TEST))

vet: deps-desktop
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) mod tidy -diff
	$(GO) vet -tags e2e,display ./...
	$(GO) vet -tags display,pixels ./scenes
	GOOS=js GOARCH=wasm $(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet -tags testhooks ./wasm

# Packages that import Ebiten need an X display even to start, so their
# tests build only with the display tag; those of the whole app (e2e/) with
# the e2e tag. Both run here, under Xvfb; then the scenes' tests that read
# pixels back, which need Ebiten's game loop running (tag pixels).
test: deps-test vet web
	xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test -tags e2e,display -count=1 -timeout 30m ./...
	xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test -tags display,pixels -count=1 -run 'Pixels|DrawsPart' ./scenes
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./core/...
	$(MAKE) fuzz

# Each fuzz target, a few seconds from its corpus (the seeds in the test
# and testdata/fuzz): a crasher fails the run and is written to
# testdata/fuzz to be kept as a test. The budgets are counts of inputs, not
# durations: with a duration, Go 1.26's coordinator can fail a run with
# "context deadline exceeded" at the deadline (go.dev/issue/75804, fixed in
# Go 1.27). FUZZX scales them.
FUZZX ?= 1
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzShape$$' -fuzztime $$((100000 * $(FUZZX)))x ./core
	$(GO) test -run '^$$' -fuzz '^FuzzTransforms$$' -fuzztime $$((40000 * $(FUZZX)))x ./core
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $$((60000 * $(FUZZX)))x ./core/expr
	$(GO) test -run '^$$' -fuzz '^FuzzEval$$' -fuzztime $$((40000 * $(FUZZX)))x ./core/expr
	$(GO) test -run '^$$' -fuzz '^FuzzFigure$$' -fuzztime $$((40000 * $(FUZZX)))x ./scenes/figure

# The app in the browser (size, start-up, frame times at full speed and
# with the CPU throttled 4×), core's ratios, and the drawing and lesson
# benchmarks (under Xvfb: they need an X display). Every part runs even
# when one misses a target, so that the report is whole; each records its
# figures in $(BENCH_FIGURES) (see internal/benchfig), and at the end
# benchsummary prints them in one table, with their budgets, ratios and
# verdicts; then bench fails if any part did or any figure missed. It
# measures the release build (web-release): the start-up benchmark times
# the download of web/'s compressed wasm. (The size benchmark compresses
# the wasm itself, at the best levels.) The drawing and lesson benchmarks
# run one package at a time (-p 1): side by side, the two test processes
# draw through the one X server xvfb-run starts, and the Jacobian's
# relayout read twice its CPU time (27 ms a frame against 9 alone, and 9
# with an X server each).
BENCH_FIGURES := $(CURDIR)/out/bench.jsonl

bench: deps-test web-release
	@mkdir -p out && rm -f $(BENCH_FIGURES); \
	export JACOBIANLAB_BENCH_FIGURES=$(BENCH_FIGURES); \
	status=0; \
	xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test -tags e2e -run '^$$' -bench . -benchtime 1x -count 1 -timeout 90m ./e2e/ || status=1; \
	$(GO) test ./core/ -count 1 -run '^TestBenchRatios$$' -v -ratios -benchtime 300ms || status=1; \
	xvfb-run -a -s "-screen 0 1280x800x24" $(GO) test -p 1 -tags display -run '^$$' -bench . -benchtime 200ms -count 1 ./viz/ ./scenes/ || status=1; \
	echo; echo "make bench: the figures against their budgets"; \
	$(GO) run ./internal/benchfig/benchsummary $(BENCH_FIGURES) || status=1; \
	if [ $$status -ne 0 ]; then echo "make bench: a part failed or missed its target (see above)"; fi; \
	exit $$status

clean:
	rm -rf bin out dist $(WASM) $(WASM).br $(WASM).gz web/wasm_exec.js
