#!/usr/bin/env bash
# Runs every test: installs what the tests need, then `dotnet test` over the whole solution, and ends
# with one line "N passed, N failed, N skipped" added up over every test assembly (dotnet test prints
# one summary line per assembly and no grand total).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

"$root/scripts/install-test-deps.sh" || { echo "error: installing test dependencies failed"; exit 1; }

log=$(mktemp)
dotnet test "$root/Backtrace.sln" -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Lines look like: "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, ..."
awk '
  /(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { v = $(i+1); sub(",", "", v); failed += v }
      if ($i == "Passed:")  { v = $(i+1); sub(",", "", v); passed += v }
      if ($i == "Skipped:") { v = $(i+1); sub(",", "", v); skipped += v }
    }
    assemblies++
  }
  END {
    if (assemblies == 0) { print "0 passed, 1 failed (no test assembly reported a result)"; exit }
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
  }' "$log" > "$log.total"
rm -f "$log"

# A build failure or a crashed test host can fail the run without a "Failed:" count; never report
# "0 failed" for a run that failed.
if [ "$status" -ne 0 ] && grep -q ' 0 failed' "$log.total"; then
  sed -i 's/ 0 failed/ 1 failed/' "$log.total"
  echo "error: dotnet test exited with status $status (a build error or a crashed test host); counted as 1 failure"
fi
cat "$log.total"
rm -f "$log.total"
exit "$status"
