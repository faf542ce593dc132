#!/usr/bin/env bash
# Runs every built libFuzzer target for N seconds on its seed corpus (tests/fuzz/corpus/<name>).
# A crash, leak or sanitizer report fails the run; the crashing input is kept in test-artifacts/.
set -euo pipefail
FUZZ_DIR=$1
SECONDS_EACH=${2:-20}
ART=${ARTIFACTS:-test-artifacts}/fuzz
mkdir -p "$ART"
status=0
for bin in "$FUZZ_DIR"/tests/fuzz/*_fuzz; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    corpus=tests/fuzz/corpus/$name
    work=$(mktemp -d)
    [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
    echo "fuzz: $name (${SECONDS_EACH}s)"
    if ! "$bin" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -artifact_prefix="$ART/$name-" \
        -print_final_stats=0 "$work" >"$ART/$name.log" 2>&1; then
        echo "fuzz: $name FAILED; see $ART/$name.log"
        tail -40 "$ART/$name.log"
        status=1
    fi
    rm -rf "$work"
done
exit $status
