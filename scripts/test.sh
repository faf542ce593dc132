#!/usr/bin/env bash
# Runs every test suite. Called by `make test` after `make build`.
#  0. scripts/check-style.sh (format, dependency rule, machine paths), before anything is built;
#  1. starts a real PostgreSQL 15 on a loopback port (scripts/pg-test.sh) for the contract tests;
#  2. builds every suite once, with clang and ASan+UBSan (plus the libFuzzer targets), and runs them
#     all: unit, storage on SQLite and PostgreSQL, HTTP, functional (the real binary, sanitized);
#  3. each libFuzzer target for a short time on its seed corpus;
#  5. the web app's tests (Vitest, then Playwright against the real server) when web/ exists.
# Every service it starts is stopped on exit, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-build}
ASAN_DIR=${ASAN_DIR:-build-asan}
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
ARTIFACTS=${ARTIFACTS:-$ROOT/test-artifacts}
mkdir -p "$ARTIFACTS"

cleanup() {
    bash scripts/pg-test.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

step() { printf '\n=== %s ===\n' "$*"; }

step "Style: clang-format, the dependency rule of docs/architecture.md, no machine paths"
bash scripts/check-style.sh --self-test
bash scripts/check-style.sh

# The real-world data set (OSHA ledgers) lives outside the repository; its tests skip, saying so,
# when SAFEGRID_REALWORLD_DIR is unset. A checkout next to a shared data tree finds it there.
if [ -z "${SAFEGRID_REALWORLD_DIR:-}" ] && [ -d "$ROOT/../shared/data/realworld" ]; then
    SAFEGRID_REALWORLD_DIR=$(cd "$ROOT/../shared/data/realworld" && pwd)
fi
export SAFEGRID_REALWORLD_DIR=${SAFEGRID_REALWORLD_DIR:-}
echo "SAFEGRID_REALWORLD_DIR=${SAFEGRID_REALWORLD_DIR:-(unset: real-world data tests skip)}"

step "PostgreSQL 15 for the store contract tests"
eval "$(bash scripts/pg-test.sh start)"
export SAFEGRID_PG_URL
echo "SAFEGRID_PG_URL=$SAFEGRID_PG_URL"

step "ASan+UBSan build (clang) of the test suites and the libFuzzer targets"
CC=clang CXX=clang++ cmake -S . -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSAFEGRID_SANITIZE=ON \
    -DSAFEGRID_FUZZ=ON -DSAFEGRID_BUILD_BENCH=OFF >/dev/null
ninja -C "$ASAN_DIR" -j"$JOBS"

step "ASan+UBSan: every suite (SQLite and PostgreSQL)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$ASAN_DIR" -j"$JOBS" --output-on-failure --no-tests=error

if [ -f tests/fuzz/CMakeLists.txt ]; then
    step "libFuzzer targets, ${FUZZ_SECONDS}s each"
    bash scripts/run-fuzzers.sh "$ASAN_DIR" "$FUZZ_SECONDS"
fi

if [ -f web/package.json ]; then
    step "Web app tests"
    bash scripts/test-web.sh
fi

step "All suites passed"
