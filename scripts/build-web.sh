#!/usr/bin/env bash
# Builds the web app into web/dist (served by `safegrid serve`). Called by `make build`.
# Installs the exact versions of web/package-lock.json with `npm ci`, only when node_modules is
# missing or older than the lock file. Quiet on success; on failure prints the whole log.
#   scripts/build-web.sh           install if needed, then build
#   scripts/build-web.sh --deps    install if needed, nothing more (used by scripts/test-web.sh)
set -euo pipefail
cd "$(dirname "$0")/../web"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
fail() {
    echo "build-web: $1 failed" >&2
    cat "$log" >&2
    exit 1
}

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
if [[ $node_ok != 1 ]]; then
    echo "build-web: Node.js >= 20.19 is needed (found $(node --version 2>/dev/null || echo none))" >&2
    exit 1
fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund >"$log" 2>&1 || fail "npm ci"
fi
[[ ${1:-} == --deps ]] && exit 0

npm run build >"$log" 2>&1 || fail "npm run build"
