# Kosatsu — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
SWIFT_FLAGS ?=
## Release builds link the Swift runtime and Foundation statically: start to first frame 153 → 71 ms,
## `kosatsu render` 82 → 75 ms. They put every function in its own section and link with lld in the
## order scripts/build/kosatsu.order gives (`make text-order` remakes it), so the code a sign and a render
## run lies together instead of across 31 MB, and pack the relative relocations (RELR: 3 MB less to read
## at every start), and export none of the binary's own symbols (the toolchain exports all 42,000: 3.7 MB
## of symbol tables the dynamic linker pages in for nothing), and keep constant data read-only
## (scripts/build/constant-data.ld). docs/performance.md has the figures. Debug builds (tests) stay dynamic.
TEXT_ORDER := $(CURDIR)/scripts/build/kosatsu.order
RELEASE_FLAGS ?= --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -use-ld=lld \
  -Xlinker -z -Xlinker pack-relative-relocs -Xlinker --symbol-ordering-file=$(TEXT_ORDER) \
  -Xlinker --no-warn-symbol-ordering -Xlinker --no-export-dynamic \
  -Xlinker --script=$(CURDIR)/scripts/build/constant-data.ld
OUT ?= out
LAYOUTS := $(wildcard Layouts/*.yaml)
FORMAT_PATHS := Package.swift Sources Tests

.PHONY: deps build run render test lint format golden bench asan install clean release text-order test-display bench-display bench-daemon bench-soak fuzz fleet-sim

## Install the Debian packages Kosatsu needs (idempotent).
deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

## Install, build and run the sign on the embedded demo: DRM if there is a display, else the preview page
## at http://127.0.0.1:8080/ (`make run PORT=9000` for another port, `HTTP=0.0.0.0:8080` for another address).
PORT ?= 8080
HTTP ?= 127.0.0.1:$(PORT)
run: build
	.build/debug/kosatsu run --http $(HTTP)

## Render every layout (first page, first language) to $(OUT)/ and print the paths.
render: build
	@mkdir -p $(OUT)
	@for layout in $(LAYOUTS); do \
	  name=$$(basename $$layout .yaml); \
	  .build/debug/kosatsu render $$layout -o $(OUT)/$$name.png || exit 1; \
	  echo "$(OUT)/$$name.png"; \
	done

## Install, build, lint and run every test (unit, command line, golden images, the display under QEMU).
test: deps lint
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	@# At most six tests at once: every suite at once on two cores starves in-process servers
	@# (a 10 s poll of a loopback simulator timed out) for no gain in time (114 s either way).
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=6 $(SWIFT) test --skip-build $(SWIFT_FLAGS) --skip FloodTests
	@# The flood runs alone: its bounds are about the sign under 200 hostile connections, not
	@# about two cores shared with every other suite's daemons.
	$(SWIFT) test --skip-build $(SWIFT_FLAGS) --filter FloodTests
	.build/debug/kosatsu check $(LAYOUTS)
	@# A day after the preview time every board's data is stale: the delayed-data banners show.
	.build/debug/kosatsu check $(LAYOUTS) --at 2026-11-24T14:05:00+09:00
	@# ... and at dawn, before the charts' first hour.
	.build/debug/kosatsu check $(LAYOUTS) --at 2026-11-23T06:50:00+09:00
	@# ... and with the charts' 「いま」 marker at their first and last hours.
	.build/debug/kosatsu check $(LAYOUTS) --at 2026-11-23T08:05:00+09:00
	.build/debug/kosatsu check $(LAYOUTS) --at 2026-11-23T19:50:00+09:00
	@# The emergency screens as the golden tests also draw them, with shelter lists (the preview alerts have none).
	.build/debug/kosatsu check Layouts/emergency-tsunami.yaml --data Layouts/samples/alert-tsunami-shelters.json
	.build/debug/kosatsu check Layouts/emergency-rain.yaml --data Layouts/samples/alert-landslide-shelters.json \
	  --at 2024-11-02T18:51:00+09:00
	@$(MAKE) --no-print-directory test-display DISPLAY_PREBUILT=1

## The display on real kernel drivers under QEMU (TCG): `kosatsu show` scanned out = `kosatsu render`.
## Uses the debug build (`make test` has it already: DISPLAY_PREBUILT=1); a release build would add minutes.
## Exit 77 from the test is a visible skip (no QEMU here); KOSATSU_SKIP_QEMU=1 skips on purpose.
DISPLAY_BUILD ?= debug
test-display: deps
	@if [ -n "$$KOSATSU_SKIP_QEMU" ]; then echo "SKIP: test-display skipped because KOSATSU_SKIP_QEMU is set"; exit 0; fi; \
	scripts/qemu/setup.sh && \
	if [ -z "$(DISPLAY_PREBUILT)" ]; then \
	  $(SWIFT) build -c $(DISPLAY_BUILD) --product kosatsu $(SWIFT_FLAGS) && \
	  $(SWIFT) build -c $(DISPLAY_BUILD) --product kosatsu-drm-smoke $(SWIFT_FLAGS); fi && \
	{ status=0; scripts/qemu/test.py --kosatsu .build/$(DISPLAY_BUILD)/kosatsu \
	    --smoke .build/$(DISPLAY_BUILD)/kosatsu-drm-smoke || status=$$?; \
	  if [ $$status -eq 77 ]; then \
	    echo "*** SKIP: the QEMU display tests did not run (see the SKIP line above) ***"; exit 0; fi; \
	  exit $$status; }

## Display benchmarks under QEMU: present cost at 1080p and 4K, start to first frame → bench/display.json.
bench-display: deps
	scripts/qemu/setup.sh
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu $(SWIFT_FLAGS)
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu-drm-smoke $(SWIFT_FLAGS)
	scripts/qemu/bench.py --kosatsu .build/release/kosatsu --smoke .build/release/kosatsu-drm-smoke

## The daemon on a release build: start to first frame (cached), idle CPU, a soak of SOAK_MINUTES
## (default 10) recording RSS and CPU each minute → bench/daemon.json.
bench-daemon: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu $(SWIFT_FLAGS)
	scripts/bench/daemon.py --kosatsu .build/release/kosatsu

## The sign's memory over SOAK_MINUTES (default 60) on a release build: the demo at 1080p with a screenshot
## and a metrics scrape each second, smaps_rollup every 10 s, the anonymous slope after minute 5 → bench/soak.json.
bench-soak: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu $(SWIFT_FLAGS)
	scripts/bench/soak.py --kosatsu .build/release/kosatsu

## A fleet on one mosquitto: FLEET_SIGNS daemons (default 200) at a small output size, an Orion-format
## alert published on their area topic, the latency to each sign's status saying it shows it (p50, p99,
## max, within 2 s), the daemons' memory and the broker's CPU → bench/fleet.json (docs/fleet.md).
FLEET_SIGNS ?= 200
FLEET_OUTPUT ?= null
FLEET_BUILD ?= release
fleet-sim: deps
	$(SWIFT) build -c $(FLEET_BUILD) $(if $(filter release,$(FLEET_BUILD)),$(RELEASE_FLAGS)) --product kosatsu $(SWIFT_FLAGS)
	scripts/fleet/sim.py --kosatsu .build/$(FLEET_BUILD)/kosatsu --signs $(FLEET_SIGNS) --output $(FLEET_OUTPUT)

lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)

format:
	$(SWIFT) format --in-place --recursive $(FORMAT_PATHS)

## Re-record the golden images on purpose; look at every changed PNG before committing.
golden: deps
	KOSATSU_RECORD_GOLDEN=1 $(SWIFT) test --filter KosatsuGoldenTests $(SWIFT_FLAGS)
	@git status --short GoldenImages

## Every benchmark in release builds: renderer, text, NGSI, push to frame (kosatsu-bench), the daemon
## (start to first frame, idle CPU, a SOAK_MINUTES soak, default 10), the frame pipeline (ticker
## frames/s and CPU, idle, push → frame, a screenshot flood) and the display under QEMU (with a ticker).
## One table on stdout and bench/results.json; about 17 minutes after the builds.
bench: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu-bench $(SWIFT_FLAGS)
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu $(SWIFT_FLAGS)
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu-drm-smoke $(SWIFT_FLAGS)
	scripts/qemu/setup.sh
	scripts/bench/all.py

## The release build of the sign, as `make install` and the benchmarks build it.
release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu $(SWIFT_FLAGS)

## Remake scripts/build/kosatsu.order: the functions the demo sign and every layout's render run, seen
## by valgrind's callgrind (about 4 minutes). SwiftPM does not rebuild objects when only flags change:
## after changing RELEASE_FLAGS, remove .build/release first.
text-order: release
	scripts/build/text-order.py --kosatsu .build/release/kosatsu

## libFuzzer on every reader of untrusted input (Fuzz/), FUZZ_SECONDS each (default 60); fails on a crash.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz/run.sh

## The tests once under AddressSanitizer (leaks and bad memory in the C wrappers).
asan: deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan

## Install the binary, fonts, layouts, the systemd unit and a sample configuration (run as root).
install: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product kosatsu
	install -D -m 0755 .build/release/kosatsu $(DESTDIR)$(PREFIX)/bin/kosatsu
	install -d $(DESTDIR)$(PREFIX)/share/kosatsu
	cp -r Fonts Layouts $(DESTDIR)$(PREFIX)/share/kosatsu/
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/kosatsu/README.md
	cp -r docs $(DESTDIR)$(PREFIX)/share/doc/kosatsu/
	install -D -m 0644 systemd/kosatsu.service $(DESTDIR)/etc/systemd/system/kosatsu.service
	test -e $(DESTDIR)/etc/kosatsu/kosatsu.yaml || install -D -m 0644 systemd/kosatsu.yaml $(DESTDIR)/etc/kosatsu/kosatsu.yaml

clean:
	rm -rf .build .build-asan $(OUT)
