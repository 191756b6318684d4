#!/usr/bin/env bash
# Starts and stops a private PostgreSQL 15 for development and tests: its own data directory, a free
# port on 127.0.0.1, trust authentication on loopback only. Not for production (see docs/operations.md).
#
#   postgres.sh start DIR [--fast] [--owner-pid PID]
#       Initialises DIR on first use, starts the server and prints shell lines to eval:
#         export ConnectionStrings__Postgres='Host=127.0.0.1;Port=...;Username=postgres;Database=backtrace'
#         export BACKTRACE_POSTGRES_PORT=...
#       A DIR that was started before keeps its port, so a restart is reachable at the same address.
#       --fast        turns off fsync (tests: a crash of the machine loses data, a restart does not)
#       --owner-pid   stops the server when that process exits (a crashed test run leaves nothing behind)
#   postgres.sh stop DIR [--immediate]    stops the server (fast shutdown; --immediate aborts like a crash)
#   postgres.sh env DIR                   prints the settings of DIR again
#
# initdb and postgres refuse to run as root: as root, both run as the "postgres" user, which must own
# DIR and be able to reach it (DIR's parent directories must be searchable by that user).
set -euo pipefail

die() { echo "postgres.sh: error: $*" >&2; exit 1; }
# shellcheck source=common.sh
. "$(dirname "$(realpath "$0")")/common.sh"
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
[ -x "$bindir/postgres" ] || die "no PostgreSQL server found (looked in /usr/lib/postgresql/*/bin; set PG_BINDIR). Install it with: apt-get install postgresql"

# Runs a PostgreSQL program as the postgres user when we are root, directly otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

print_env() {
  local dir=$1 port
  port=$(cat "$dir/port")
  echo "export ConnectionStrings__Postgres='Host=127.0.0.1;Port=$port;Username=postgres;Database=backtrace'"
  echo "export BACKTRACE_POSTGRES_PORT=$port"
}


is_running() {
  [ -f "$1/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

initialise() {
  local dir=$1
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" \
      || die "the postgres user cannot reach $dir: make its parent directories searchable (chmod o+x) or pick a DIR under /tmp"
  fi
  chmod 700 "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || die "initdb failed; see $dir/initdb.log"
}

start() {
  local dir=$1 fast=$2 owner=$3 port attempt
  [ -n "$dir" ] || usage
  dir=$(realpath -m "$dir")
  if is_running "$dir"; then print_env "$dir"; return; fi
  [ -d "$dir/data" ] || initialise "$dir"
  # The speed setting belongs to the directory, so a restart keeps what the first start chose.
  [ "$fast" = 1 ] && touch "$dir/fast"
  [ -f "$dir/fast" ] && fast=1

  local options=(-c listen_addresses=127.0.0.1 -c "unix_socket_directories=$dir" -c max_connections=300)
  [ "$fast" = 1 ] && options+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)

  for attempt in 1 2 3 4 5; do
    if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$(free_port); fi
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port ${options[*]}" start >/dev/null; then
      echo "$port" >"$dir/port"
      break
    fi
    # A remembered port is part of the address clients hold: never silently move it.
    [ -f "$dir/port" ] && die "the server did not start on its port $port; see $dir/server.log"
    [ "$attempt" -eq 5 ] && die "the server did not start; see $dir/server.log"
  done

  # The database the platform uses; created once.
  if ! as_owner "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'backtrace'" | grep -q 1; then
    as_owner "$bindir/createdb" -h "$dir" -p "$port" -U postgres backtrace
  fi

  if [ -n "$owner" ]; then
    stop_when_gone "$owner" "$(realpath "$0")" stop "$dir" --immediate
  fi
  print_env "$dir"
}

stop() {
  local dir=$1 mode=$2
  [ -n "$dir" ] || usage
  dir=$(realpath -m "$dir")
  is_running "$dir" || return 0
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m "$mode" -w -t 60 stop >/dev/null
}

command=${1:-}; shift || true
dir=${1:-}; shift || true
fast=0; owner=""; mode=fast
while [ $# -gt 0 ]; do
  case $1 in
    --fast) fast=1 ;;
    --owner-pid) owner=${2:?--owner-pid needs a process id}; shift ;;
    --immediate) mode=immediate ;;
    *) die "unknown option: $1" ;;
  esac
  shift
done

case $command in
  start) start "$dir" "$fast" "$owner" ;;
  stop) stop "$dir" "$mode" ;;
  env) [ -f "$dir/port" ] || die "$dir has never been started"; print_env "$dir" ;;
  *) usage ;;
esac
