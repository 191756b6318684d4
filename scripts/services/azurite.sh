#!/usr/bin/env bash
# Starts and stops a private Azurite (the Azure Storage emulator) for development and tests: blob,
# queue and table services on free ports of 127.0.0.1, data kept in DIR.
#
#   azurite.sh start DIR [--owner-pid PID]
#       Starts Azurite in the background and prints shell lines to eval:
#         export ConnectionStrings__AzureStorage='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;...'
#         export BACKTRACE_AZURITE_BLOB_PORT=...   (and _QUEUE_PORT, _TABLE_PORT)
#       A DIR that was started before keeps its ports, so a restart is reachable at the same address.
#       --owner-pid   stops Azurite when that process exits (a crashed test run leaves nothing behind)
#   azurite.sh stop DIR [--kill]    stops it (SIGTERM; --kill sends SIGKILL, like a crash)
#   azurite.sh env DIR              prints the settings of DIR again
#
# Azurite is the npm package pinned in package.json beside this script (3.35.0: later versions need
# Node 21 or later). It runs with --disableTelemetry (otherwise it calls an outside host) and
# --skipApiVersionCheck (the .NET blob SDK sends an API version newer than Azurite 3.35 knows).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
die() { echo "azurite.sh: error: $*" >&2; exit 1; }
# shellcheck source=common.sh
. "$here/common.sh"
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# The emulator's well-known development account; it grants nothing outside this emulator.
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

print_env() {
  local dir=$1 blob queue table
  read -r blob queue table <"$dir/ports"
  echo "export ConnectionStrings__AzureStorage='DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;'"
  echo "export BACKTRACE_AZURITE_BLOB_PORT=$blob"
  echo "export BACKTRACE_AZURITE_QUEUE_PORT=$queue"
  echo "export BACKTRACE_AZURITE_TABLE_PORT=$table"
}


is_running() {
  [ -f "$1/azurite.pid" ] && kill -0 "$(cat "$1/azurite.pid")" 2>/dev/null
}

listening() {
  local port
  for port in "$@"; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 1
  done
}

start() {
  local dir=$1 owner=$2 blob queue table pid attempt
  [ -n "$dir" ] || usage
  mkdir -p "$dir"
  dir=$(realpath "$dir")
  if is_running "$dir"; then print_env "$dir"; return; fi

  local azurite="$here/node_modules/.bin/azurite"
  if [ ! -x "$azurite" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci in $here failed"
  fi

  for attempt in 1 2 3 4 5; do
    if [ -f "$dir/ports" ]; then
      read -r blob queue table <"$dir/ports"
    else
      blob=$(free_port); queue=$(free_port); table=$(free_port)
    fi
    # The .bin entry is the script itself (a node shebang), so $! is Azurite's own process.
    setsid "$azurite" --silent --disableTelemetry --skipApiVersionCheck --loose \
      --location "$dir/data" \
      --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
      --tableHost 127.0.0.1 --tablePort "$table" </dev/null >"$dir/azurite.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do
      listening "$blob" "$queue" "$table" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && listening "$blob" "$queue" "$table"; then
      echo "$pid" >"$dir/azurite.pid"
      echo "$blob $queue $table" >"$dir/ports"
      break
    fi
    kill "$pid" 2>/dev/null || true
    # Remembered ports are part of the address clients hold: never silently move them.
    [ -f "$dir/ports" ] && die "Azurite did not start on its ports $blob $queue $table; see $dir/azurite.log"
    [ "$attempt" -eq 5 ] && die "Azurite did not start; see $dir/azurite.log"
  done

  if [ -n "$owner" ]; then
    stop_when_gone "$owner" "$here/azurite.sh" stop "$dir"
  fi
  print_env "$dir"
}

stop() {
  local dir=$1 signal=$2 pid
  [ -n "$dir" ] || usage
  is_running "$dir" || return 0
  pid=$(cat "$dir/azurite.pid")
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/azurite.pid"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/azurite.pid"
}

command=${1:-}; shift || true
dir=${1:-}; shift || true
owner=""; signal=TERM
while [ $# -gt 0 ]; do
  case $1 in
    --owner-pid) owner=${2:?--owner-pid needs a process id}; shift ;;
    --kill) signal=KILL ;;
    *) die "unknown option: $1" ;;
  esac
  shift
done

case $command in
  start) start "$dir" "$owner" ;;
  stop) stop "$dir" "$signal" ;;
  env) [ -f "$dir/ports" ] || die "$dir has never been started"; print_env "$dir" ;;
  *) usage ;;
esac
