#!/usr/bin/env bash
# Capture benchmark: backtrace-agent (full snapshot, serialized) against eu-stack and
# gdb -batch -ex "thread apply all bt", live and from a core, on (a) a 10-thread C program and
# (b) a .NET application with 60+ threads and 100+ mappings. Prints median wall times side by side,
# the ratios, and the agent's target-stop time. Usage: bench/capture/run.sh [ITERATIONS] (default 15).
# Needs root (ptrace of any process, core_pattern), gcc, elfutils, gdb, the .NET SDK.
set -euo pipefail
iterations=${1:-15}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/backtrace-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

echo "publishing backtrace-agent (NativeAOT)..."
dotnet publish "$root/src/CaptureAgent" -c Release -o "$work/agent" --nologo -v q >/dev/null
agent="$work/agent/backtrace-agent"

gcc -O2 -g -pthread -o "$work/crashy" "$root/tests/TestSupport/Programs/crashy.c"

# A real multi-threaded .NET process: 60 worker threads blocked, the runtime's own threads besides.
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

start_ready() { # start a program in the background and wait for its "ready" line
  local fifo="$work/fifo.$RANDOM"; mkfifo "$fifo"
  "$@" >"$fifo" & local pid=$!
  read -r line <"$fifo"; rm -f "$fifo"; pids+=("$pid"); sleep 0.2; echo "$pid"
}

median_ms() { # command... -> median wall time in ms over $iterations runs
  local times=()
  for _ in $(seq "$iterations"); do
    local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    times+=("$(( (t1 - t0) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

stop_us() { # median of the agent's recorded stop time
  local values=()
  for _ in $(seq "$iterations"); do
    values+=("$("$agent" capture --pid "$1" --output - | grep -o '"stop_microseconds":[0-9]*' | cut -d: -f2)")
  done
  printf '%s\n' "${values[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

make_core() { # program args... -> core path, made under the shared core_pattern lock
  local dir="$work/cores"; mkdir -p "$dir"
  (
    flock 9
    old=$(cat /proc/sys/kernel/core_pattern)
    trap 'echo "$old" > /proc/sys/kernel/core_pattern' EXIT INT TERM
    echo "$dir/core.%p" > /proc/sys/kernel/core_pattern
    (ulimit -c unlimited; "$@" >/dev/null 2>&1 & p=$!; sleep 3; kill -SEGV $p; wait $p || true) || true
  ) 9>/tmp/backtrace-tests-core-pattern.lock
  ls -t "$dir"/core.* | head -1
}

row() { # name agent-ms eu-ms gdb-ms [stop-us]
  awk -v n="$1" -v a="$2" -v e="$3" -v g="$4" -v s="${5:-}" 'BEGIN {
    printf "%-24s %9.1f %9.1f %9.1f   %6.2fx %6.3fx  %s\n", n, a, e, g, e/a, a/g, (s == "" ? "" : sprintf("%.2f ms", s/1000)) }'
}

echo
echo "iterations: $iterations, medians; ratios: eu-stack/agent (>1: agent faster), agent/gdb (goal <= 0.05)"
printf "%-24s %9s %9s %9s   %7s %7s  %s\n" "case" "agent ms" "eu-stack" "gdb" "eu/ag" "ag/gdb" "target stopped"

small=$(start_ready "$work/crashy" park 10)
row "10 threads, live" "$(median_ms "$agent" capture --pid "$small" --output /dev/null)" \
  "$(median_ms eu-stack -p "$small")" "$(median_ms gdb -batch -p "$small" -ex "thread apply all bt")" "$(stop_us "$small")"
large=$(start_ready "$work/dotnet-target/out/dotnet-target")
threads=$(ls /proc/"$large"/task | wc -l); maps=$(wc -l </proc/"$large"/maps)
row "dotnet $threads thr/$maps maps, live" "$(median_ms "$agent" capture --pid "$large" --output /dev/null)" \
  "$(median_ms eu-stack -p "$large")" "$(median_ms gdb -batch -p "$large" -ex "thread apply all bt")" "$(stop_us "$large")"

small_core=$(make_core "$work/crashy" park 10)
row "10 threads, core" "$(median_ms "$agent" capture --core "$small_core" --output /dev/null)" \
  "$(median_ms eu-stack --core "$small_core" -e "$work/crashy")" "$(median_ms gdb -batch "$work/crashy" "$small_core" -ex "thread apply all bt")"

# Analysis (issue 4): the agent runs the built-in rules by default, so every agent row includes it; this
# shows its share, with and without (--no-analysis), on the large live process and the small core.
echo
echo "analysis share (median agent ms with the built-in rules, without them, and the difference)"
printf "%-24s %9s %9s %9s\n" "case" "analysis" "none" "cost"
analysis_row() { # name agent-args...
  local name=$1; shift
  local with without
  with=$(median_ms "$agent" capture "$@" --output /dev/null)
  without=$(median_ms "$agent" capture "$@" --no-analysis --output /dev/null)
  awk -v n="$name" -v a="$with" -v b="$without" 'BEGIN { printf "%-24s %9.1f %9.1f %9.1f\n", n, a, b, a - b }'
}
analysis_row "dotnet, live" --pid "$large"
analysis_row "10 threads, core" --core "$small_core"
echo
printf "%-24s %9s %9s %9s   %7s %7s  %s\n" "case" "agent ms" "eu-stack" "gdb" "eu/ag" "ag/gdb" "target stopped"
large_core=$(make_core "$work/dotnet-target/out/dotnet-target")
row "dotnet, core" "$(median_ms "$agent" capture --core "$large_core" --output /dev/null)" \
  "$(median_ms eu-stack --core "$large_core" -e "$work/dotnet-target/out/dotnet-target")" \
  "$(median_ms gdb -batch "$work/dotnet-target/out/dotnet-target" "$large_core" -ex "thread apply all bt")"

