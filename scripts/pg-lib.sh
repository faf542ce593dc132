# shellcheck shell=bash
# Shared by the scripts that drive throwaway PostgreSQL servers (pg-test.sh, pg-replica.sh,
# patroni-cluster.sh): sourced, not run. Each script defines its own log/die.

# The PostgreSQL 15 server binaries, with any further programs named as arguments (e.g.
# pg_basebackup). pg_config may belong to another installation (or be missing), so what it names
# must actually have initdb of major version 15; with no 15 anywhere, any working installation.
# shellcheck disable=SC2120  # the callers that name tools live in other files
find_bindir() {
  local candidates=() tools=(initdb pg_ctl "$@")
  [[ -n ${SAFEGRID_PG_BINDIR:-} ]] && candidates+=("$SAFEGRID_PG_BINDIR")
  if command -v pg_config >/dev/null 2>&1; then candidates+=("$(pg_config --bindir 2>/dev/null || true)"); fi
  candidates+=(/usr/lib/postgresql/15/bin)
  local d t ok pass
  for pass in 15 any; do
    for d in "${candidates[@]}"; do
      [[ -n $d ]] || continue
      ok=1
      for t in "${tools[@]}"; do [[ -x $d/$t ]] || ok=; done
      [[ -n $ok ]] || continue
      if [[ $pass == any ]] || "$d/initdb" --version 2>/dev/null | grep -qE ' 15(\.|$)'; then
        echo "$d"
        return 0
      fi
    done
  done
  return 1
}

# Runs a command as the server's owner (postgres when we are root).
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_sql PORT SQL: one statement against the `safegrid` database on loopback, unaligned output.
pg_sql() {
  local port=$1 sql=$2 bin
  bin=$(find_bindir) || die "PostgreSQL server binaries not found"
  PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d safegrid -v ON_ERROR_STOP=1 -Atc "$sql"
}
