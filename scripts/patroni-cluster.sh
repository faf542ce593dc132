#!/usr/bin/env bash
# A throw-away Patroni cluster on loopback for the failover test (tests/functional/
# failover_patroni_test.cpp) and for trying docs/replicas.md ("Patroni") by hand: one etcd and two
# Patroni nodes, each managing its own PostgreSQL 15, all in one directory (made by the caller, empty):
#
#   scripts/patroni-cluster.sh start DIR PG1 PG2   etcd + node1 (PostgreSQL on :PG1) + node2 (:PG2);
#                                                  returns once node1 leads, database safegrid exists
#                                                  and node2 is its synchronous standby
#   scripts/patroni-cluster.sh status DIR          patronictl list
#   scripts/patroni-cluster.sh leader DIR          print the leader's PostgreSQL port (fails if none)
#   scripts/patroni-cluster.sh kill DIR NODE       kill -9 the node's Patroni, postmaster and backends:
#                                                  the node is lost (Patroni alone would restart a
#                                                  crashed postmaster)
#   scripts/patroni-cluster.sh sql PORT SQL        psql -Atc SQL against database safegrid
#   scripts/patroni-cluster.sh stop DIR            kill everything started in DIR and delete DIR
#   scripts/patroni-cluster.sh available           fail unless patroni, etcd and PostgreSQL 15 exist
#
# etcd's and Patroni's REST ports are free ports picked here (DIR/ports). Test data only: fsync off,
# trust authentication on 127.0.0.1. As root, Patroni and PostgreSQL run as user postgres.
set -euo pipefail

log() { echo "patroni-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# shellcheck source=scripts/pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

cmd_available() {
  command -v patroni >/dev/null || die "patroni is not installed (apt-get install patroni)"
  command -v patronictl >/dev/null || die "patronictl is not installed"
  command -v etcd >/dev/null || die "etcd is not installed (apt-get install etcd-server)"
  command -v curl >/dev/null || die "curl is not installed"
  find_bindir pg_basebackup >/dev/null || die "PostgreSQL server binaries not found"
}

# Runs a command as postgres when we are root, replacing this process (so `$!` of a background
# call is the program's own pid, which `kill` needs).
as_owner_exec() {
  if [[ $(id -u) -eq 0 ]]; then
    exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  fi
  exec "$@"
}

# N distinct free loopback ports, none of the ports given after N: all held open until printed, so
# the kernel cannot hand out one twice.
free_ports() {
  python3 - "$@" <<'PY'
import socket, sys
n, taken = int(sys.argv[1]), {int(p) for p in sys.argv[2:]}
held, ports = [], []
while len(ports) < n:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
    port = s.getsockname()[1]
    if port not in taken:
        ports.append(port)
print(" ".join(map(str, ports)))
PY
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local limit=$1 i
  shift
  for ((i = 0; i < limit * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

http_ok() { curl -fs -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# Waits for Patroni's REST API to answer 200 on PATH, failing early when the node's Patroni died.
wait_node() {
  local limit=$1 node=$2 url=$3 i
  for ((i = 0; i < limit * 5; i++)); do
    http_ok "$url" && return 0
    kill -0 "$(cat "$node/patroni.pid")" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 30 "$node/patroni.log" >&2
  return 1
}

load_ports() {
  [[ -f $1/ports ]] || die "no cluster in $1"
  # shellcheck disable=SC1091
  source "$1/ports"
}

write_node_yaml() {
  local dir=$1 name=$2 pg=$3 rest=$4 bin=$5 node=$1/$2
  mkdir -p "$node"
  cat >"$node/patroni.yml" <<EOF
scope: safegrid
namespace: /safegrid-test/
name: $name
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:$rest
  connect_address: 127.0.0.1:$rest
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT
bootstrap:
  dcs:
    # Small timeouts: the leader key lapses 10 s after the leader is lost and the replica takes over.
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    # Only the synchronous standby may be promoted, and it has every acknowledged commit. Not strict:
    # a leader left alone keeps accepting writes instead of waiting for a standby that is gone.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: false
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        max_connections: 100
        max_wal_senders: 5
        max_replication_slots: 5
        wal_sender_timeout: 5s
        wal_receiver_status_interval: 1s
        fsync: "off"
        full_page_writes: "off"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$pg
  connect_address: 127.0.0.1:$pg
  data_dir: $node/data
  bin_dir: $bin
  pgpass: $node/pgpass
  # A fast checkpoint: the default spreads it over minutes before the replica can start.
  basebackup:
    - checkpoint: fast
  authentication:
    superuser:
      username: postgres
    replication:
      username: postgres
  parameters:
    unix_socket_directories: $node
# No /dev/watchdog here (docs/replicas.md: a real deployment turns it on).
watchdog:
  mode: "off"
EOF
}

start_node() {
  local dir=$1 name=$2 node=$1/$2
  ( as_owner_exec patroni "$node/patroni.yml" ) </dev/null >"$node/patroni.log" 2>&1 &
  echo $! >"$node/patroni.pid"
}

cmd_start() {
  local dir=$1 pg1=$2 pg2=$3 bin
  cmd_available
  bin=$(find_bindir pg_basebackup)
  [[ -e $dir/ports ]] && die "$dir already holds a cluster"
  mkdir -p "$dir"
  # Patroni runs as postgres: it must reach its files below DIR.
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$dir"; then
    die "user postgres cannot enter $dir: make every directory above it world-searchable (chmod 755)"
  fi
  local free
  read -r -a free < <(free_ports 4 "$pg1" "$pg2")
  {
    echo "ETCD_CLIENT=${free[0]}"
    echo "ETCD_PEER=${free[1]}"
    echo "REST1=${free[2]}"
    echo "REST2=${free[3]}"
    echo "PG1=$pg1"
    echo "PG2=$pg2"
  } >"$dir/ports"
  load_ports "$dir"

  mkdir -p "$dir/etcd"
  etcd --name safegrid-test --data-dir "$dir/etcd/data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "safegrid-test=http://127.0.0.1:$ETCD_PEER" --initial-cluster-state new \
    </dev/null >"$dir/etcd/etcd.log" 2>&1 &
  echo $! >"$dir/etcd/etcd.pid"
  wait_for 30 http_ok "http://127.0.0.1:$ETCD_CLIENT/health" || { tail -n 20 "$dir/etcd/etcd.log" >&2; die "etcd did not start"; }

  write_node_yaml "$dir" node1 "$pg1" "$REST1" "$bin"
  write_node_yaml "$dir" node2 "$pg2" "$REST2" "$bin"
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres: "$dir/node1" "$dir/node2"; fi
  chmod 700 "$dir/node1" "$dir/node2"

  start_node "$dir" node1
  # GET /leader is 200 only on the leader (Patroni's REST API).
  wait_node 60 "$dir/node1" "http://127.0.0.1:$REST1/leader" || die "node1 did not become the leader"
  PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -h 127.0.0.1 -p "$pg1" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE safegrid" >/dev/null
  start_node "$dir" node2
  # GET /sync is 200 only on the synchronous standby: from then on a commit waits for node2.
  wait_node 90 "$dir/node2" "http://127.0.0.1:$REST2/sync" || die "node2 did not become the synchronous standby"
  log "leader node1 on 127.0.0.1:$pg1, synchronous standby node2 on 127.0.0.1:$pg2 (etcd :$ETCD_CLIENT)"
}

cmd_status() {
  load_ports "$1"
  patronictl -c "$1/node1/patroni.yml" list
}

cmd_leader() {
  load_ports "$1"
  if http_ok "http://127.0.0.1:$REST1/leader"; then echo "$PG1"; return 0; fi
  if http_ok "http://127.0.0.1:$REST2/leader"; then echo "$PG2"; return 0; fi
  die "no leader"
}

# kill -9 of the pid in FILE (if any) and of that process's children.
kill_tree_of() {
  local pid children
  [[ -f $1 ]] || return 0
  pid=$(head -n 1 "$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  mapfile -t children < <(pgrep -P "$pid" || true)
  kill -9 "$pid" "${children[@]}" 2>/dev/null || true
}

cmd_kill() {
  local dir=$1 name=$2 node=$1/$2 patroni_pid pm_pid victims
  [[ -f $node/patroni.pid ]] || die "no node $name in $dir"
  patroni_pid=$(cat "$node/patroni.pid")
  pm_pid=$(head -n 1 "$node/data/postmaster.pid" 2>/dev/null || true)
  victims=("$patroni_pid")
  if [[ $pm_pid =~ ^[0-9]+$ ]]; then
    # The backends by parent id, taken before the postmaster goes: a lost machine takes them with
    # it, and a live backend would keep answering its client.
    mapfile -t victims < <(echo "$patroni_pid"; echo "$pm_pid"; pgrep -P "$pm_pid" || true)
  fi
  kill -9 "${victims[@]}" 2>/dev/null || true
  log "killed $name: patroni $patroni_pid, postmaster ${pm_pid:-none} and its processes"
}

cmd_sql() { pg_sql "$@"; }

cmd_stop() {
  local dir=$1 name
  [[ -d $dir ]] || return 0
  for name in node1 node2; do
    [[ -d $dir/$name ]] || continue
    kill_tree_of "$dir/$name/patroni.pid"
    kill_tree_of "$dir/$name/data/postmaster.pid"
  done
  kill_tree_of "$dir/etcd/etcd.pid"
  sleep 0.2
  rm -rf "$dir"
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  status) cmd_status "$2" ;;
  leader) cmd_leader "$2" ;;
  kill) cmd_kill "$2" "$3" ;;
  sql) cmd_sql "$2" "$3" ;;
  stop) cmd_stop "$2" ;;
  available) cmd_available ;;
  *) echo "usage: $0 start DIR PG1 PG2 | status DIR | leader DIR | kill DIR NODE | sql PORT SQL | stop DIR | available" >&2; exit 2 ;;
esac
