#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL 15 server for the test suites.
#
#   scripts/pg-test.sh start [DIR]   initdb + start on a free loopback port; prints
#                                    SAFEGRID_PG_URL='postgresql://postgres@127.0.0.1:PORT/safegrid_test'
#   scripts/pg-test.sh url           prints the bare URL of the running server
#   scripts/pg-test.sh env           prints `export SAFEGRID_PG_URL=...`
#   scripts/pg-test.sh status        exit 0 when the recorded server is running
#   scripts/pg-test.sh stop          stops it and deletes its directory
#
# Typical use:  eval "$(scripts/pg-test.sh start)"; export SAFEGRID_PG_URL; ctest ...; scripts/pg-test.sh stop
# Diagnostics go to stderr, so stdout is always safe to eval.
#
# The server runs with fsync=off (test data only) and trust authentication on 127.0.0.1 and
# a private Unix socket directory. `start` is idempotent: when the recorded server is up it
# only prints its URL. State lives in $SAFEGRID_PG_STATE (default: build/pg-test.env), so
# parallel checkouts or build dirs can each run their own server.
# As root (containers, CI) the server runs as the `postgres` user, since PostgreSQL refuses
# to run as root.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${SAFEGRID_PG_STATE:-$ROOT/build/pg-test.env}
DBNAME=safegrid_test

log() { echo "pg-test: $*" >&2; }
die() { log "$*"; exit 1; }

# shellcheck source=scripts/pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

load_state() {
  [[ -f $STATE ]] || return 1
  # shellcheck disable=SC1090
  source "$STATE"
  [[ -n ${PG_DIR:-} && -n ${PG_PORT:-} && -n ${PG_BINDIR:-} ]]
}

running() { load_state && as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; }

url() { echo "postgresql://postgres@127.0.0.1:$PG_PORT/$DBNAME"; }

assignment() { echo "SAFEGRID_PG_URL='$(url)'"; }

cmd_start() {
  if running; then assignment; return 0; fi
  if [[ -f $STATE ]]; then log "removing stale state $STATE"; cmd_stop >/dev/null 2>&1 || rm -f "$STATE"; fi

  local bindir dir owned=0
  bindir=$(find_bindir) || die "PostgreSQL server binaries not found (apt-get install postgresql-15)"
  if [[ -n ${1:-} ]]; then
    dir=$1; mkdir -p "$dir"
  else
    # As root, /tmp: the postgres user must be able to reach the directory ($TMPDIR may be private).
    local base=${TMPDIR:-/tmp}
    [[ $(id -u) -eq 0 ]] && base=/tmp
    dir=$(mktemp -d "$base/safegrid-pg-XXXXXX"); owned=1
  fi
  dir=$(cd "$dir" && pwd)
  [[ -e $dir/data ]] && die "$dir/data already exists; pass an empty directory"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "user postgres does not exist (it comes with the postgresql package)"
    chown postgres: "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" \
      || die "user postgres cannot reach $dir (a parent directory is private); use a directory under /tmp"
  fi

  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  # A free port: try random ones; the start itself is the final check (another process may
  # take the port between the probe and the bind).
  local port started=0 try
  for try in $(seq 1 20); do
    port=$((20000 + RANDOM % 20000))
    port_free "$port" || continue
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      started=1; break
    fi
    log "start on port $port failed (attempt $try); retrying"
  done
  if [[ $started -ne 1 ]]; then
    tail -n 20 "$dir/server.log" >&2 || true
    [[ $owned -eq 1 ]] && rm -rf "$dir"
    die "could not start PostgreSQL"
  fi

  mkdir -p "$(dirname "$STATE")"
  cat >"$STATE" <<STATE_EOF
PG_DIR=$dir
PG_PORT=$port
PG_BINDIR=$bindir
PG_OWNED=$owned
STATE_EOF
  PG_PORT=$port
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DBNAME" \
    || die "createdb $DBNAME failed (server log: $dir/server.log)"
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  assignment
}

cmd_stop() {
  if ! load_state; then log "no server recorded in $STATE"; return 0; fi
  as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  # Only ever delete what `start` made: a mktemp directory of ours, or the data/ inside DIR.
  if [[ ${PG_OWNED:-0} -eq 1 && $(basename "$PG_DIR") == safegrid-pg-* ]]; then
    rm -rf "$PG_DIR"
  elif [[ -d $PG_DIR/data ]]; then
    rm -rf "$PG_DIR/data"
  fi
  rm -f "$STATE"
  log "stopped"
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  url) running || die "not running (scripts/pg-test.sh start)"; url ;;
  env) running || die "not running (scripts/pg-test.sh start)"; echo "export SAFEGRID_PG_URL='$(url)'" ;;
  status) running ;;
  *) echo "usage: $0 start [DIR] | stop | url | env | status" >&2; exit 2 ;;
esac
