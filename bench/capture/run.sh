#!/usr/bin/env bash
# Capture benchmark: backtrace-agent (full snapshot, serialized) against eu-stack and
# gdb -batch -ex "thread apply all bt", live and from a core, on (a) a 10-thread C program and
# (b) a .NET application with 60+ threads and 100+ mappings. Prints median wall times side by side,
# the ratios, the mean CPU time of each tool, and the agent's target-stop time.
#
# The agent keeps inflated debug sections and symbol indexes in a cache directory (by build-id). It is
# measured twice: "cold", every run with an empty cache (the first crash of a library version on a
# host), and "warm", with the cache filled by an earlier run (every later crash: the normal case).
#
# Usage: [AGENT_DIR=DIR] bench/capture/run.sh [ITERATIONS] [CASE...]   (default 15 iterations; cases: small-live,
#        dotnet-live, small-core, dotnet-core, analysis; default all). gdb on the .NET core takes seconds per
#        run: it runs GDB_CORE_ITERATIONS times (default 3). Each case alone stays well under ten minutes.
# AGENT_DIR: use the backtrace-agent published there (dotnet publish src/CaptureAgent -c Release -o DIR) instead
# of publishing one for this run. Needs root (ptrace of any process, core_pattern), gcc, elfutils, gdb, the .NET SDK; perf is not needed.
set -euo pipefail
iterations=${1:-15}
shift || true
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(small-live dotnet-live small-core dotnet-core analysis)
gdb_core_iterations=${GDB_CORE_ITERATIONS:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/backtrace-bench.XXXXXX)
# Targets started in the background, one pid a line: a file, because start_ready runs in a $(...) subshell.
cleanup() { [ -f "$work/pids" ] && while read -r p; do kill "$p" 2>/dev/null || true; done <"$work/pids"; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${AGENT_DIR:-}" ]; then # an agent published earlier from this tree: several cases without a publish each
  agent="$AGENT_DIR/backtrace-agent"
  [ -x "$agent" ] || { echo "AGENT_DIR=$AGENT_DIR holds no backtrace-agent" >&2; exit 2; }
  echo "using $agent (AGENT_DIR)"
else
  echo "publishing backtrace-agent (NativeAOT)..."
  dotnet publish "$root/src/CaptureAgent" -c Release -o "$work/agent" --nologo -v q >/dev/null
  agent="$work/agent/backtrace-agent"
fi
cache="$work/agent-cache"

gcc -O2 -g -pthread -o "$work/crashy" "$root/tests/TestSupport/Programs/crashy.c"

build_dotnet_target() { # a real multi-threaded .NET process: 60 worker threads blocked, the runtime's own besides
  [ -x "$work/dotnet-target/out/dotnet-target" ] && return
  mkdir -p "$work/dotnet-target"
  cat > "$work/dotnet-target/dotnet-target.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>
PROJ
  cat > "$work/dotnet-target/Program.cs" <<'CS'
var gate = new ManualResetEventSlim();
var threads = Enumerable.Range(0, 60).Select(i => new Thread(() => gate.Wait()) { IsBackground = true }).ToList();
threads.ForEach(t => t.Start());
Console.WriteLine("ready");
Thread.Sleep(Timeout.Infinite);
CS
  (cd "$work/dotnet-target" && dotnet build -c Release -o out --nologo -v q >/dev/null)
}

start_ready() { # start a program in the background and wait for its "ready" line
  local fifo="$work/fifo.$RANDOM"; mkfifo "$fifo"
  "$@" >"$fifo" & local pid=$!
  echo "$pid" >>"$work/pids"
  read -r line <"$fifo"; rm -f "$fifo"; sleep 0.2; echo "$pid"
}

cpu_us() { # file written by `times` -> user+sys CPU of the shell's finished children, in microseconds
  tail -1 "$1" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] } printf "%d", t * 1000000 }'
}

measure() { # N command... -> "median-wall-ms mean-cpu-ms" over N runs; BEFORE_EACH is run (unmeasured) before each
  local n=$1; shift
  local times=() spent=0
  for _ in $(seq "$n"); do
    [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
    # `times` must run in this shell (not a $(...) subshell) to see the command's CPU time once it has been reaped.
    local t0 t1; times >"$work/cpu0"; t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N); times >"$work/cpu1"
    times+=("$(( (t1 - t0) / 1000 ))"); spent=$(( spent + $(cpu_us "$work/cpu1") - $(cpu_us "$work/cpu0") ))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v cpu="$spent" -v n="$n" '{a[NR]=$1} END {printf "%.1f %.1f", a[int((NR+1)/2)]/1000, cpu/n/1000}'
}

stop_us() { # median of the agent's recorded stop time
  local values=()
  for _ in $(seq "$iterations"); do
    values+=("$("$agent" capture --pid "$1" --cache-dir "$cache" --output - | grep -o '"stop_microseconds":[0-9]*' | cut -d: -f2)")
  done
  printf '%s\n' "${values[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

make_core() { # signal program args... -> core path, made under the shared core_pattern lock (saved and restored)
  # The signal must be one the program leaves at its default action (dump core): the .NET runtime handles SIGSEGV,
  # SIGABRT and SIGQUIT itself (and survives a SIGSEGV sent by kill), not SIGXCPU.
  local signal=$1; shift
  local dir="$work/cores"; mkdir -p "$dir"
  (
    flock 9
    old=$(cat /proc/sys/kernel/core_pattern)
    trap 'echo "$old" > /proc/sys/kernel/core_pattern' EXIT INT TERM
    echo "$dir/core.%p" > /proc/sys/kernel/core_pattern
    ulimit -c unlimited
    local fifo="$work/fifo.core"; mkfifo "$fifo"
    "$@" >"$fifo" 2>/dev/null & local p=$!
    read -r _ <"$fifo"; rm -f "$fifo"; sleep 0.2
    kill -"$signal" "$p"
    # Writing a large core takes seconds on a busy machine; never wait forever for it.
    for _ in $(seq 1200); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  ) 9>/tmp/backtrace-tests-core-pattern.lock 2>/dev/null # bash reports the dump ("core dumped") on stderr
  local core; core=$(ls -t "$dir"/core.* 2>/dev/null | head -1)
  [ -n "$core" ] || { echo "no core was written by $1 on SIG$signal" >&2; exit 1; }
  echo "$core"
}

header() {
  echo
  echo "$1: $iterations iterations (gdb on the .NET core: $gdb_core_iterations); wall = median ms, cpu = mean user+sys ms"
  echo "ratios on wall time: eu-stack/agent (>1: agent faster), agent/gdb (goal <= 0.05); agent = warm cache"
  printf "%-24s %15s %15s %15s %15s  %7s %7s  %s\n" "case" "agent cold" "agent warm" "eu-stack" "gdb" "eu/ag" "ag/gdb" "target stopped"
}

row() { # name "cold-wall cold-cpu" "warm-wall warm-cpu" "eu-wall eu-cpu" "gdb-wall gdb-cpu" [stop-us]
  awk -v n="$1" -v c="$2" -v w="$3" -v e="$4" -v g="$5" -v s="${6:-}" 'BEGIN {
    split(c, C, " "); split(w, W, " "); split(e, E, " "); split(g, G, " ")
    printf "%-24s %6.1f (%5.1f) %6.1f (%5.1f) %6.1f (%5.1f) %6.1f (%5.1f)  %6.2fx %6.3fx  %s\n", n, C[1], C[2], W[1], W[2], E[1], E[2], G[1], G[2],
      E[1] / W[1], W[1] / G[1], (s == "" ? "" : sprintf("%.2f ms", s / 1000)) }'
}

agent_rows() { # agent-args... -> prints the cold and warm agent measurements (two lines)
  BEFORE_EACH="rm -rf '$cache'" measure "$iterations" "$agent" capture "$@" --cache-dir "$cache" --output /dev/null
  echo
  rm -rf "$cache"; "$agent" capture "$@" --cache-dir "$cache" --output /dev/null >/dev/null 2>&1 || true
  measure "$iterations" "$agent" capture "$@" --cache-dir "$cache" --output /dev/null
}

run_case() {
  case "$1" in
    small-live)
      local pid; pid=$(start_ready "$work/crashy" park 10)
      local agent_cold agent_warm
      { read -r agent_cold; read -r agent_warm; } < <(agent_rows --pid "$pid"; echo)
      row "10 threads, live" "$agent_cold" "$agent_warm" "$(measure "$iterations" eu-stack -p "$pid")" \
        "$(measure "$iterations" gdb -batch -p "$pid" -ex "thread apply all bt")" "$(stop_us "$pid")" ;;
    dotnet-live)
      build_dotnet_target
      local pid; pid=$(start_ready "$work/dotnet-target/out/dotnet-target")
      local threads maps; threads=$(ls /proc/"$pid"/task | wc -l); maps=$(wc -l </proc/"$pid"/maps)
      local agent_cold agent_warm
      { read -r agent_cold; read -r agent_warm; } < <(agent_rows --pid "$pid"; echo)
      row "dotnet $threads thr/$maps maps, live" "$agent_cold" "$agent_warm" "$(measure "$iterations" eu-stack -p "$pid")" \
        "$(measure "$iterations" gdb -batch -p "$pid" -ex "thread apply all bt")" "$(stop_us "$pid")" ;;
    small-core)
      local core; core=$(make_core SEGV "$work/crashy" park 10)
      local agent_cold agent_warm
      { read -r agent_cold; read -r agent_warm; } < <(agent_rows --core "$core" --exe "$work/crashy"; echo)
      row "10 threads, core" "$agent_cold" "$agent_warm" "$(measure "$iterations" eu-stack --core "$core" -e "$work/crashy")" \
        "$(measure "$iterations" gdb -batch "$work/crashy" "$core" -ex "thread apply all bt")" ;;
    dotnet-core)
      build_dotnet_target
      local exe="$work/dotnet-target/out/dotnet-target" core; core=$(make_core XCPU "$exe")
      local agent_cold agent_warm
      { read -r agent_cold; read -r agent_warm; } < <(agent_rows --core "$core" --exe "$exe"; echo)
      row "dotnet, core ($(( $(stat -c %s "$core") / 1048576 )) MiB)" "$agent_cold" "$agent_warm" \
        "$(measure "$iterations" eu-stack --core "$core" -e "$exe")" \
        "$(measure "$gdb_core_iterations" gdb -batch "$exe" "$core" -ex "thread apply all bt")" ;;
    analysis)
      # Issue 4: the agent runs the built-in rules by default, so every agent row above includes them; this
      # shows their share (warm cache), with and without --no-analysis, on the 60-thread .NET process.
      build_dotnet_target
      local pid; pid=$(start_ready "$work/dotnet-target/out/dotnet-target")
      "$agent" capture --pid "$pid" --cache-dir "$cache" --output /dev/null >/dev/null 2>&1 || true
      local with without
      with=$(measure "$iterations" "$agent" capture --pid "$pid" --cache-dir "$cache" --output /dev/null)
      without=$(measure "$iterations" "$agent" capture --pid "$pid" --cache-dir "$cache" --no-analysis --output /dev/null)
      awk -v a="$with" -v b="$without" 'BEGIN { split(a, A, " "); split(b, B, " ")
        printf "analysis share, dotnet live (warm): with %.1f ms, without %.1f ms, cost %.1f ms wall (%.1f ms cpu)\n", A[1], B[1], A[1] - B[1], A[2] - B[2] }' ;;
    *) echo "unknown case $1 (small-live, dotnet-live, small-core, dotnet-core, analysis)" >&2; exit 2 ;;
  esac
}

header "backtrace-agent against eu-stack and gdb (load average $(cut -d' ' -f1-3 /proc/loadavg))"
for c in "${cases[@]}"; do run_case "$c"; done
echo "agent process start alone (capture of a missing pid): $(measure "$iterations" "$agent" capture --pid 2147483000) (wall, cpu ms)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
