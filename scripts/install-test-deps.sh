#!/usr/bin/env bash
# Installs everything the test suite needs that the .NET SDK does not bring: Debian packages and npm
# packages. Idempotent: a second run installs nothing. Needs root (apt) on a fresh Debian 12 machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# Debian packages the tests use, one per line with the reason.
apt_packages=(
  gcc            # crash programs built during the test run
  g++            # C++ crash programs (exceptions, templates)
  elfutils       # eu-stack: the oracle the capture agent's stacks are compared with
  libc6-dbg      # glibc debug files: the unwinder's tests compare libc symbols and lines with eu-stack
  binutils       # readelf, nm, objcopy, addr2line, c++filt: oracles and split-debug builds of the unwinder's tests
  gdb            # bench/capture compares the agent with gdb
  util-linux     # runuser: the capture agent run as nobody against a root process
  zlib1g-dev     # NativeAOT link of backtrace-agent
  clang          # NativeAOT compiler driver
  tmux           # hydra end-to-end tests drive the real binary in a tmux pane
  postgresql     # cluster mode: membership and the query index
  libjemalloc-dev # analysis tests: a crash program linked against jemalloc
  liblua5.4-dev  # NativeAOT builds link Lua statically into backtrace-agent and bench/analysis
)
# Node.js runs the real Backtrace JavaScript client and Azurite. Machines that already have a Node.js
# (for example from NodeSource) keep it: Debian's npm package would conflict with it.
command -v npm >/dev/null || apt_packages+=(nodejs npm)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages pinned in tests/node/package.json (Azurite, the Backtrace Node client).
if [ -f "$here/../tests/node/package.json" ]; then
  (cd "$here/../tests/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Azurite for the cluster-mode tests, pinned in scripts/services/package.json (started by
# scripts/services/azurite.sh); reinstalled only when the lock file changed since the last install.
services="$here/services"
if [ ! -x "$services/node_modules/.bin/azurite" ] || [ "$services/package-lock.json" -nt "$services/node_modules/.package-lock.json" ]; then
  (cd "$services" && npm ci --no-audit --no-fund --loglevel=error)
fi
