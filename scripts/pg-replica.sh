#!/usr/bin/env bash
# Throw-away PostgreSQL primary + streaming replica pairs on loopback, for the replica and
# failover tests (tests/functional/replica_*_test.cpp, failover_*_test.cpp) and for trying
# docs/replicas.md by hand. Each node lives in its own directory (made by the caller, empty):
#
#   scripts/pg-replica.sh primary DIR PORT         initdb + start a primary (database safegrid)
#   scripts/pg-replica.sh replica DIR PORT FROM    pg_basebackup -R from the primary on port FROM,
#                                                  then start it as a hot standby
#   scripts/pg-replica.sh sync PORT                make the primary's commits wait for a standby
#                                                  (synchronous_standby_names='*'; once one is attached)
#   scripts/pg-replica.sh crash DIR                kill -9 the postmaster and its processes (a crash)
#   scripts/pg-replica.sh promote DIR              pg_ctl promote (the standby becomes the primary)
#   scripts/pg-replica.sh sql PORT SQL             psql -Atc SQL against database safegrid
#   scripts/pg-replica.sh stop DIR                 stop (immediate) and delete DIR
#   scripts/pg-replica.sh bindir                   print the server binaries' directory or fail
#
# Test data only: fsync is off (a killed server loses nothing the OS has; a power cut would),
# trust authentication on 127.0.0.1 and a Unix socket in DIR. As root the servers run as postgres.
set -euo pipefail

log() { echo "pg-replica: $*" >&2; }
die() { log "$*"; exit 1; }

# shellcheck source=scripts/pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

own_dir() {
  local dir=$1
  mkdir -p "$dir"
  [[ -e $dir/data ]] && die "$dir/data already exists"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    chmod 700 "$dir"
  fi
}

start_node() {
  local bin=$1 dir=$2
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { tail -n 30 "$dir/server.log" >&2; die "could not start the server in $dir"; }
}

cmd_primary() {
  local dir=$1 port=$2 bin
  bin=$(find_bindir pg_basebackup) || die "PostgreSQL server binaries not found"
  own_dir "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  {
    echo "port = $port"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$dir'"
    echo "wal_level = replica"
    echo "max_wal_senders = 5"
    echo "hot_standby = on"
    echo "fsync = off"
    echo "full_page_writes = off"
    echo "max_connections = 100"
    echo "wal_sender_timeout = 5s"
    echo "wal_receiver_status_interval = 1s"
  } | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  echo "host replication all 127.0.0.1/32 trust" | as_owner tee -a "$dir/data/pg_hba.conf" >/dev/null
  start_node "$bin" "$dir"
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres safegrid
  log "primary on 127.0.0.1:$port ($dir)"
}

cmd_replica() {
  local dir=$1 port=$2 from=$3 bin
  bin=$(find_bindir pg_basebackup) || die "PostgreSQL server binaries not found"
  own_dir "$dir"
  as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$from" -U postgres -D "$dir/data" -R -X stream -c fast \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
  # postgresql.auto.conf is read last: these win over the copied primary's settings. A standby
  # promoted later must accept writes on its own, so it waits for no synchronous standby.
  {
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "synchronous_standby_names = ''"
  } | as_owner tee -a "$dir/data/postgresql.auto.conf" >/dev/null
  start_node "$bin" "$dir"
  log "replica on 127.0.0.1:$port of :$from ($dir)"
}

cmd_sync() {
  # After the standby is attached: set before, even createdb would wait for it forever.
  cmd_sql "$1" "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
  cmd_sql "$1" "SELECT pg_reload_conf()" >/dev/null
  log "primary on :$1 now commits synchronously"
}

cmd_crash() {
  local dir=$1 pid children
  [[ -f $dir/data/postmaster.pid ]] || die "no postmaster.pid in $dir/data"
  pid=$(head -n 1 "$dir/data/postmaster.pid")
  # Its processes by parent id, taken before the postmaster goes: a crashed machine takes the
  # backends with it, and a live backend would keep answering its client.
  children=$(pgrep -P "$pid" || true)
  kill -9 "$pid" $children 2>/dev/null || true
  log "killed postmaster $pid and its processes"
}

cmd_promote() {
  local dir=$1 bin
  bin=$(find_bindir pg_basebackup) || die "PostgreSQL server binaries not found"
  as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null
  log "promoted $dir"
}

cmd_sql() { pg_sql "$@"; }

cmd_stop() {
  local dir=$1 bin
  bin=$(find_bindir pg_basebackup) || die "PostgreSQL server binaries not found"
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case ${1:-} in
  primary) shift; cmd_primary "$@" ;;
  replica) shift; cmd_replica "$@" ;;
  sync) cmd_sync "$2" ;;
  crash) cmd_crash "$2" ;;
  promote) cmd_promote "$2" ;;
  sql) cmd_sql "$2" "$3" ;;
  stop) cmd_stop "$2" ;;
  bindir) find_bindir ;;
  *) echo "usage: $0 primary DIR PORT | replica DIR PORT FROM | sync PORT | crash DIR | promote DIR | sql PORT SQL | stop DIR | bindir" >&2; exit 2 ;;
esac
