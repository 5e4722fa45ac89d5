# FairPlaces: the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift
SCENARIO ?= Scenarios/comprehensive-town.yaml
OUT ?= out/comprehensive-town
# apt-get needs root; use sudo when not root.
SUDO := $(shell if [ "$$(id -u)" != 0 ]; then echo sudo; fi)

.PHONY: deps build run test test-slurm bench bench-indices bench-scale bench-sweep compare-examples clean

# OpenBLAS (CBLAS) and pkg-config, which SwiftPM uses to find it; PROJ; chromium and pdfinfo for the report tests.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists openblas; then \
		echo "Installing libopenblas-dev and pkg-config (Debian/Ubuntu)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libopenblas-dev pkg-config; \
	fi
	@# PROJ (CPROJ), which transforms catchment maps from longitude/latitude to the National Grid.
	@if ! pkg-config --exists proj; then \
		echo "Installing libproj-dev (Debian/Ubuntu)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libproj-dev; \
	fi
	@# Headless Chromium, for the tests that open each example report (issue #8).
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing chromium (Debian/Ubuntu)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium || echo "chromium not installed: its report tests will be skipped"; \
	fi
	@# poppler's pdfinfo, to count the A4 pages a printed report takes (issue #16).
	@if ! command -v pdfinfo >/dev/null 2>&1; then \
		echo "Installing poppler-utils (Debian/Ubuntu)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils || echo "poppler-utils not installed: the printed-length test will be skipped"; \
	fi
	@# SQLite, for the sweep results store (GRDB).
	@if ! pkg-config --exists sqlite3; then \
		echo "Installing libsqlite3-dev (Debian/Ubuntu)…"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libsqlite3-dev; \
	fi

build: deps
	$(SWIFT) build -c release --product fairplaces

# Builds, runs the default scenario and says where its outputs are.
run: build
	.build/release/fairplaces run $(SCENARIO) --out $(OUT)

test: deps
	$(SWIFT) test

# The README's Slurm recipe on a real single-node Slurm started for the test (installs slurm-wlm
# and munge if missing; prints SKIPPED and succeeds where Slurm cannot start).
test-slurm: deps
	$(SWIFT) build --product fairplaces
	Tests/Slurm/run-slurm-test.sh .build/debug/fairplaces

# The foundation benchmark (release build): 18,000 pupils, 100 schools, 6 preferences.
bench: deps
	$(SWIFT) build -c release --product fairplaces-bench
	.build/release/fairplaces-bench $(BENCH_ARGS)

# The metric benchmark (release build): every index on 1,000 tables of 3,500 schools × 10 groups.
bench-indices: deps
	$(SWIFT) build -c release --product fairplaces-bench
	.build/release/fairplaces-bench --indices $(BENCH_ARGS)

# The worked comparisons (issue #7): a campaigner's two policies and a council's three PAN options.
compare-examples: build
	.build/release/fairplaces compare Scenarios/comparisons/fsm-priority.yaml --out out/compare-fsm-priority
	.build/release/fairplaces compare Scenarios/comparisons/council-pan-options.yaml --out out/compare-council-pans

# The sweep benchmark (release build): 10,000 runs of a 2,000-pupil town with and without the store.
# Whole-run phases of the national scenario and of a 100,000-row stated-preference pupils file (issue #15).
bench-scale: deps
	$(SWIFT) build -c release --product fairplaces-bench
	.build/release/fairplaces-bench --scenario Scenarios/england/national.yaml
	.build/release/fairplaces-bench --stated-csv 100000

bench-sweep: deps
	$(SWIFT) build -c release --product fairplaces-bench
	.build/release/fairplaces-bench --sweep $(BENCH_ARGS)

clean:
	rm -rf .build out
