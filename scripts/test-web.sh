#!/usr/bin/env bash
# The web app's tests. Called by scripts/test.sh (make test) after `make build`.
#   1. type check (vue-tsc)
#   2. unit tests (Vitest): API client, offline queue, stores, guards, rules, i18n completeness
#   3. bundle budget: the citizen page < 150 KB gzipped and free of ECharts / Element Plus
#   4. browser tests (web/e2e/run.mjs, Chromium) against the real server (build/safegrid) on a
#      seeded demo store. Every scenario runs once; any failure (a missing endpoint, a missing
#      Chromium or server binary included) fails the step: nothing is skipped.
# Quiet on success (one summary line per step); on failure prints the step's whole output.
# Exits non-zero only when a step really failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export ARTIFACTS=${ARTIFACTS:-$ROOT/test-artifacts}
mkdir -p "$ARTIFACTS/web"

bash scripts/build-web.sh --deps
# (Re)build when web/dist is missing or older than any of its sources: never test a stale build.
if [[ ! -f web/dist/index.html ]] ||
    [[ -n $(find web/src web/public web/index.html web/vite.config.ts web/vite-plugins web/package-lock.json -newer web/dist/index.html -print -quit) ]]; then
    bash scripts/build-web.sh
fi

log=$(mktemp)
json=$(mktemp)
trap 'rm -f "$log" "$json"' EXIT
fail() {
    echo "test-web: $1 failed" >&2
    cat "$log" >&2
    exit 1
}

cd web
npm run --silent typecheck >"$log" 2>&1 || fail "type check (vue-tsc)"
echo "web typecheck: ok"

npx vitest run --reporter=default --reporter=json --outputFile="$json" >"$log" 2>&1 || fail "unit tests (vitest)"
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$json"

node scripts/size-report.mjs >"$ARTIFACTS/web/bundle-sizes.txt" 2>"$log" || true
node scripts/size-report.mjs --check --quiet >"$log" 2>&1 || fail "bundle budget"
echo "web bundle budget: ok ($(grep 'citizen /report ' "$ARTIFACTS/web/bundle-sizes.txt" | awk '{print $1, $2}') for /report)"

BIN=${SAFEGRID_BIN:-$ROOT/build/safegrid}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $CHROMIUM ]]; then
    echo "test-web: browser tests failed: no Chromium at $CHROMIUM (scripts/install-deps.sh installs it)" >&2
    exit 1
fi
if [[ ! -x $BIN ]] || ! "$BIN" seed-demo --help >/dev/null 2>&1; then
    echo "test-web: browser tests failed: $BIN is missing or has no seed-demo (make build)" >&2
    exit 1
fi
rc=0
SAFEGRID_BIN=$BIN node e2e/run.mjs >"$log" 2>&1 || rc=$?
cp "$log" "$ARTIFACTS/web/e2e.log"
[[ $rc -eq 0 ]] || fail "browser tests (web/e2e/run.mjs; screenshots and e2e.log in $ARTIFACTS/web)"
tail -n 1 "$log" | sed 's/^/e2e: /'
