# Kosatsu — the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
SWIFT_FLAGS ?=
OUT ?= out
LAYOUTS := $(wildcard Layouts/*.yaml)
FORMAT_PATHS := Package.swift Sources Tests

.PHONY: deps build run test lint format golden bench asan clean

## Install the Debian packages Kosatsu needs (idempotent).
deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

## Install, build and run the sign on the embedded demo: DRM if there is a display, else the preview page.
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

## Install, build, lint and run every test (unit, command line, golden images).
test: deps lint
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_FLAGS)

lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)

format:
	$(SWIFT) format --in-place --recursive $(FORMAT_PATHS)

## Re-record the golden images on purpose; look at every changed PNG before committing.
golden: deps
	KOSATSU_RECORD_GOLDEN=1 $(SWIFT) test --filter KosatsuGoldenTests $(SWIFT_FLAGS)
	@git status --short GoldenImages

## Release build, then every benchmark in Sources/kosatsu-bench (table on stdout, bench/results.json).
bench: deps
	$(SWIFT) build -c release --product kosatsu-bench $(SWIFT_FLAGS)
	.build/release/kosatsu-bench

## The tests once under AddressSanitizer (leaks and bad memory in the C wrappers).
asan: deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan

## Install the binary, fonts, layouts, the systemd unit and a sample configuration (run as root).
install: deps
	$(SWIFT) build -c release --product kosatsu
	install -D -m 0755 .build/release/kosatsu $(DESTDIR)$(PREFIX)/bin/kosatsu
	install -d $(DESTDIR)$(PREFIX)/share/kosatsu
	cp -r Fonts Layouts $(DESTDIR)$(PREFIX)/share/kosatsu/
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/kosatsu/README.md
	install -D -m 0644 systemd/kosatsu.service $(DESTDIR)/etc/systemd/system/kosatsu.service
	test -e $(DESTDIR)/etc/kosatsu/kosatsu.yaml || install -D -m 0644 systemd/kosatsu.yaml $(DESTDIR)/etc/kosatsu/kosatsu.yaml

clean:
	rm -rf .build .build-asan $(OUT)
