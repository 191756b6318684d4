# Shell functions shared by the service scripts beside this file (sourced, not run). Each script defines
# die() before sourcing this.

# A port nobody listens on now on 127.0.0.1. The servers refuse a busy port, so a race with another process
# is caught when the server starts, and the caller retries with another port.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
  die "no free port found"
}

# stop_when_gone PID COMMAND...: a detached watcher runs COMMAND once process PID has exited, so a crashed
# test run leaves no server behind.
stop_when_gone() {
  local owner=$1; shift
  setsid bash -c 'while kill -0 "$0" 2>/dev/null; do sleep 2; done; "$@" >/dev/null 2>&1' \
    "$owner" "$@" </dev/null >/dev/null 2>&1 &
}
