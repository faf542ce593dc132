# SafeGrid — the three commands a user and CI need. See README.md.
#   make run    install what is missing, build, seed the demo town (first time), serve on 127.0.0.1:8080,
#               and print how a phone on the same network gets in (scripts/phone-access.sh);
#               `make run DEMO_DEVICES=1` also starts the GB26875 gateway on 127.0.0.1:9300 and a few
#               simulated fire-alarm units of the demo town (docs/gb26875.md "The gateway")
#   make build  install what is missing and build, nothing more
#   make test   install what is missing, build, and run every test suite (starts its own PostgreSQL,
#               mosquitto and Chromium as needed)
SHELL := /bin/bash
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
JOBS ?= $(shell nproc)
DB ?= sqlite:./var/safegrid.db
# `make run LISTEN=0.0.0.0:8080` or `SAFEGRID_LISTEN=0.0.0.0:8080 make run` lets phones on the LAN in.
LISTEN ?= $(or $(SAFEGRID_LISTEN),127.0.0.1:8080)
DEMO_DEVICES ?=
GB26875_LISTEN ?= 127.0.0.1:9300

.PHONY: all deps build build-native build-web run test test-native test-asan test-fuzz test-web bench bench-scale format tidy clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps build-native build-web

# The release build makes the server and the benchmarks; the test suites are built once, with
# ASan+UBSan, by `make test` (scripts/test.sh), which keeps CI well inside its time.
build-native:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAFEGRID_BUILD_TESTS=OFF -DSAFEGRID_BUILD_BENCH=ON >/dev/null
	@ninja -C $(BUILD_DIR) -j$(JOBS)

build-web:
	@if [ -f web/package.json ]; then bash scripts/build-web.sh; fi

run: build
	@mkdir -p var
	@if [ ! -f var/safegrid.db ]; then $(BUILD_DIR)/safegrid seed-demo --db $(DB); fi
	@$(BUILD_DIR)/safegrid demo-logins
	@bash scripts/phone-access.sh $(LISTEN)
	@if [ -n "$(DEMO_DEVICES)" ]; then \
		echo "demo devices: simulated GB26875 units → $(GB26875_LISTEN) (stops with the server)"; \
		$(BUILD_DIR)/safegrid simulate-devices --gb26875 $(GB26875_LISTEN) --units 4 --rate 0.5 --db $(DB) \
			> var/simulate-devices.log 2>&1 & \
		exec $(BUILD_DIR)/safegrid serve --db $(DB) --listen $(LISTEN) --data-dir ./var/data \
			--gb26875-listen $(GB26875_LISTEN); \
	fi
	@exec $(BUILD_DIR)/safegrid serve --db $(DB) --listen $(LISTEN) --data-dir ./var/data

test: build
	@bash scripts/test.sh

bench: build
	@bash bench/run.sh

# Issue 11's figures on SQLite and PostgreSQL (SAFEGRID_BENCH_PG_URL) on the same data in one run;
# e.g. make bench-scale BENCH_SIZE="100000 10000000".
bench-scale: build
	@BENCH_SCALE=1 bash bench/run.sh $(BENCH_SIZE)

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy:
	@find src -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
