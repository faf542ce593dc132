#!/usr/bin/env bash
# Two serve processes against one, on one PostgreSQL (docs/multi-process.md). Prints figures;
# asserts nothing.
#   SAFEGRID_BENCH_PG_URL=postgresql://… bench/multi_process.sh [ENTERPRISES]   (default 10000)
# Seeds the database with the demo town (BENCH_REUSE=1: use it as it is seeded), then for 1 and
# 2 processes sharing one port (SO_REUSEPORT): the enterprise list and the hazard list at 32
# connections (wrk, BENCH_DURATION seconds, default 10). On a machine with fewer cores than
# processes + PostgreSQL + wrk, the second process only shares the same cores: the ratio then says
# how much the processes cost each other, not how they scale (say so with the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SAFEGRID_BENCH_PG_URL:?set SAFEGRID_BENCH_PG_URL=postgresql://… (a database this bench may seed)}"
ENTERPRISES=${1:-10000}
DURATION=${BENCH_DURATION:-10}
BIN=${SAFEGRID_BIN:-build/safegrid}
DB=$SAFEGRID_BENCH_PG_URL
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/install-deps.sh"; exit 1; }

if [ "${BENCH_REUSE:-}" = 1 ] && "$BIN" audit verify --db "$DB" >/dev/null 2>&1; then
    echo "(reusing the seeded store)"
else
    "$BIN" seed-demo --db "$DB" --enterprises "$ENTERPRISES" >/dev/null
fi

start() {  # start N: N processes on one port
    for _ in $(seq "$1"); do
        "$BIN" serve --reuse-port --db "$DB" --listen 127.0.0.1:$PORT --data-dir "$WORK/data" --log-level warn \
            2>>"$WORK/server.log" &
        PIDS+=($!)
    done
    until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.05; done
    sleep 1  # every process up (each answers /healthz once it listens)
}
stop() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    PIDS=()
}
rps() {  # rps LABEL URL AUTH
    local out
    out=$(wrk -t2 -c32 -d"${DURATION}"s --latency -H "$3" "$2")
    printf '%-28s p99=%-9s req/s=%s\n' "$1" "$(awk '/^ +99%/{print $2}' <<<"$out")" \
        "$(awk '/^Requests\/sec/{print $2}' <<<"$out")"
}

echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 1 2; do
    start "$n"
    token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"username":"town","password":"demo1234"}' \
        "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    auth="Authorization: Bearer $token"
    echo "== $n process(es) on port $PORT"
    rps "enterprise list" "http://127.0.0.1:$PORT/api/v1/enterprises?page=3&page_size=20" "$auth"
    rps "hazard list town rectifying" "http://127.0.0.1:$PORT/api/v1/hazards?status=rectifying&page=5&page_size=20" "$auth"
    stop
done
