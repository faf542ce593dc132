#!/usr/bin/env bash
# SafeGrid benchmarks. Prints figures; asserts nothing (tests check correctness, benches measure).
#   bench/run.sh [ENTERPRISES] [HAZARDS]     default 100000 enterprises, default demo hazards
# Measures, on a fresh SQLite store seeded with the demo town at that size (and on PostgreSQL when
# SAFEGRID_BENCH_PG_URL is set):
#   - start-up time from exec to the first 200 from /healthz;
#   - enterprise list and search: p50/p99 latency and requests/s at 1 and 32 connections (wrk);
#   - resident memory of the server after the load;
#   - the Google Benchmark programs in build/bench/.
# Environment: BENCH_DURATION (seconds per load, default 10); BENCH_SQLITE_PATH (keep the SQLite
# store there); BENCH_REUSE=1 (use an already seeded store as it is); BENCH_SKIP_SQLITE=1 (only
# PostgreSQL); SAFEGRID_BENCH_PG_URL (also, or only, a PostgreSQL database); BENCH_BIN (the server
# binary, default build/safegrid: a baseline build can be measured on the same stores).
#
# Issue 11's figures (`make bench-scale`, or BENCH_SCALE=1): both stores seeded with the same data
# (same size, same default seed) in one run, only the scale figures at 32 connections (hazard and
# enterprise lists p99 and req/s, per-village statistics req/s), then a table with PostgreSQL's
# figures over SQLite's. Needs SAFEGRID_BENCH_PG_URL; BENCH_REUSE=1 reuses seeded stores.
# Under each figure: CPU time per request by process (bench/cpu_split.py: server, postgres, wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
ENTERPRISES=${1:-100000}
HAZARDS=${2:-}
DURATION=${BENCH_DURATION:-10}
BIN=${BENCH_BIN:-build/safegrid}
SCALE=${BENCH_SCALE:-}
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: run scripts/install-deps.sh"; exit 1; }

seed_args=(--enterprises "$ENTERPRISES")
[ -n "$HAZARDS" ] && seed_args+=(--hazards "$HAZARDS")

# load NAME CONNECTIONS AUTH_HEADER URL [wrk args...]: one wrk run, one line of figures.
load() {
    local name=$1 conns=$2 auth=$3 url=$4
    shift 4
    local threads=$(( conns < 2 ? 1 : 2 ))
    local out p50 p99 rps non2xx
    [ -n "$SCALE" ] && python3 bench/cpu_split.py snap "$WORK/cpu.snap"
    # `times` in the same subshell: its last line is the CPU its children (wrk) used.
    out=$(wrk -t$threads -c$conns -d${DURATION}s --latency -H "$auth" "$@" "$url"; times)
    p50=$(awk '/^ +50%/{print $2}' <<<"$out")
    p99=$(awk '/^ +99%/{print $2}' <<<"$out")
    rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
    printf '%-36s c=%-3s p50=%-9s p99=%-9s req/s=%-10s%s\n' "$name" "$conns" "$p50" "$p99" "$rps" \
        "${non2xx:+ NON-2xx=$non2xx}"
    if [ -n "$SCALE" ]; then
        python3 bench/cpu_split.py diff "$WORK/cpu.snap" "$(awk '/requests in/{print $1}' <<<"$out")" \
            "$(tail -n1 <<<"$out")"
        printf '%s\t%s\t%s\t%s\t%s\n' "$STORE_LABEL" "$name" "$p99" "$rps" "${non2xx:-0}" >>"$WORK/figures.tsv"
    fi
    return 0
}

# The scale table: each figure on both stores and PostgreSQL / SQLite (p99: lower is better;
# req/s: higher is better), with the issue's targets.
scale_table() {
    python3 - "$WORK/figures.tsv" <<'PY'
import sys
def ms(t):
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if t.endswith(unit):
            return float(t[: -len(unit)]) * f
    return float("nan")
fig = {}
for line in open(sys.argv[1], encoding="utf-8"):
    store, name, p99, rps, non2xx = line.rstrip("\n").split("\t")
    fig[(store, name)] = (ms(p99), float(rps), non2xx)
names = list(dict.fromkeys(n for _, n in fig))
print("\n== Issue 11 figures, c=32 (targets: lists p99 < 10 ms and >= 5,000/s; statistics >= 2,000/s;")
print("   PostgreSQL within 1.5x of SQLite)")
print(f"{'':36} {'SQLite p99':>11} {'req/s':>9} {'PG p99':>9} {'req/s':>9} {'PG/SQLite p99':>14} {'req/s':>7}")
for n in names:
    s, p = fig.get(("SQLite", n)), fig.get(("PostgreSQL", n))
    if not s or not p:
        continue
    bad = "" if s[2] == "0" and p[2] == "0" else "  NON-2xx!"
    print(f"{n:36} {s[0]:9.2f}ms {s[1]:9.0f} {p[0]:7.2f}ms {p[1]:9.0f} {p[0] / s[0]:13.2f}x {p[1] / s[1]:6.2f}x{bad}")
PY
}

bench_store() {
    local db=$1 label=$2
    echo "== $label: seeding ${ENTERPRISES} enterprises${HAZARDS:+, $HAZARDS hazards}"
    if [ "${BENCH_REUSE:-}" = 1 ] && "$BIN" audit verify --db "$db" >/dev/null 2>&1; then
        echo "(reusing the seeded store $db)"
    else
        local t0=$(date +%s.%N)
        "$BIN" seed-demo --db "$db" "${seed_args[@]}" >/dev/null
        printf 'seed time: %.1f s\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
    fi

    local start=$(date +%s%N)
    "$BIN" serve --db "$db" --listen 127.0.0.1:$PORT --data-dir "$WORK/data" --log-level warn 2>"$WORK/server.log" &
    SERVER_PID=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.002; done
    local ready=$(date +%s%N)
    printf 'start-up to first /healthz: %.1f ms (target < 200 ms)\n' "$(echo "($ready - $start) / 1000000" | bc -l)"

    local token
    token=$(curl -sf -X POST -H 'Content-Type: application/json' \
        -d '{"username":"town","password":"demo1234"}' "http://127.0.0.1:$PORT/api/v1/auth/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    local auth="Authorization: Bearer $token"
    local q
    q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("宏达"))')

    local village
    village=$(curl -sf -H "$auth" "http://127.0.0.1:$PORT/api/v1/regions" |
        python3 -c 'import json,sys; t=json.load(sys.stdin); print(t[0]["children"][0]["id"])')
    local specs=("enterprise list|/api/v1/enterprises?page=3&page_size=20"
                 "enterprise search|/api/v1/enterprises?q=$q&page_size=20"
                 "enterprise list by village|/api/v1/enterprises?region_id=$village&page_size=20"
                 "hazard list village+status+overdue|/api/v1/hazards?region_id=$village&status=rectifying&overdue=true&page=2&page_size=20"
                 "hazard list town rectifying|/api/v1/hazards?status=rectifying&page=5&page_size=20"
                 "stats overview|/api/v1/stats/overview"
                 "stats per village|/api/v1/stats/regions")
    local conn_counts=(1 32)
    if [ -n "$SCALE" ]; then
        specs=("hazard list town rectifying|/api/v1/hazards?status=rectifying&page=5&page_size=20"
               "hazard list village+status+overdue|/api/v1/hazards?region_id=$village&status=rectifying&overdue=true&page=2&page_size=20"
               "enterprise list|/api/v1/enterprises?page=3&page_size=20"
               "enterprise list by village|/api/v1/enterprises?region_id=$village&page_size=20"
               "stats per village|/api/v1/stats/regions")
        conn_counts=(32)
    fi
    STORE_LABEL=$label
    for spec in "${specs[@]}"; do
        local name=${spec%%|*} path=${spec#*|}
        for conns in "${conn_counts[@]}"; do
            load "$name" "$conns" "$auth" "http://127.0.0.1:$PORT$path"
        done
    done

    # One transition under load: `extend` deadlines (town role) one after another on one connection
    # while 32 connections read the hazard list.
    if [ -n "$SCALE" ]; then
        kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true
        SERVER_PID=
        return 0
    fi
    local hazard
    hazard=$(curl -sf -H "$auth" "http://127.0.0.1:$PORT/api/v1/hazards?status=rectifying&page_size=1" |
        python3 -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["id"] if i else "")')
    # Each extend must be later than the last: start after the deadline the hazard has now (a reused
    # store keeps the deadlines of earlier runs).
    local due_start
    due_start=$(curl -sf -H "$auth" "http://127.0.0.1:$PORT/api/v1/hazards/$hazard" | python3 -c '
import calendar, json, sys, time
due = json.load(sys.stdin).get("due_at")
base = int(time.time()) + 86400 * 400
if due:
    base = max(base, calendar.timegm(time.strptime(due, "%Y-%m-%dT%H:%M:%SZ")) + 1)
print(base)' 2>/dev/null || echo "")
    if [ -n "$hazard" ] && [ -n "$due_start" ]; then
        wrk -t2 -c32 -d${DURATION}s -H "$auth" \
            "http://127.0.0.1:$PORT/api/v1/hazards?region_id=$village&status=rectifying&page_size=20" >/dev/null &
        local background=$!
        sleep 1
        cat >"$WORK/extend.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local due = os.date("!%Y-%m-%dT%H:%M:%SZ", $due_start + counter)
  local body = '{"action":"extend","due_at":"' .. due .. '","comment":"bench extend ' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/hazards/$hazard/actions",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $token"}, body)
end
LUA
        load "transition (extend) under list load" 1 "$auth" "http://127.0.0.1:$PORT/" -s "$WORK/extend.lua"
        wait $background || true
    fi
    local rss
    rss=$(awk '/VmRSS/{print $2}' /proc/$SERVER_PID/status)
    printf 'resident memory after load: %.1f MiB (targets: < 100 MiB registry, < 150 MiB with hazards)\n' \
        "$(echo "$rss / 1024" | bc -l)"
    kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true
    SERVER_PID=

    for b in build/bench/*_bench; do
        [ -x "$b" ] || continue
        echo "== $(basename "$b") on $label"
        SAFEGRID_BENCH_DB=$db "$b" --benchmark_min_time=0.2
    done
}

if [ -n "$SCALE" ] && [ -z "${SAFEGRID_BENCH_PG_URL:-}" ]; then
    echo "BENCH_SCALE needs SAFEGRID_BENCH_PG_URL (a PostgreSQL database to seed or reuse)"
    exit 1
fi
if [ "${BENCH_SKIP_SQLITE:-}" != 1 ]; then
    bench_store "sqlite:${BENCH_SQLITE_PATH:-$WORK/bench.db}" "SQLite"
fi
if [ -n "${SAFEGRID_BENCH_PG_URL:-}" ]; then
    bench_store "$SAFEGRID_BENCH_PG_URL" "PostgreSQL"
fi
if [ -n "$SCALE" ]; then
    scale_table
fi

