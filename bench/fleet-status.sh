#!/bin/bash
# svcStatus on N sshd test hosts (default 20) through the fan-out, against N plain parallel ssh
# on the same ControlMaster connections (bench/fleet-status.ts). Needs root, openssh-server,
# daemontools, npm run build.  Usage: bench/fleet-status.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_need fleet-status.sh ssh unshare svscan
[ -x /usr/sbin/sshd ] || { echo "fleet-status.sh: fatal: /usr/sbin/sshd not found (openssh-server)" >&2; exit 111; }
bench_need_build fleet-status.sh dist
OUT=$(mktemp -d /tmp/iim-bench-fleet-XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# The harness is TypeScript (test/support/test-hosts.ts): bundle it with the driver.
node_modules/.bin/esbuild bench/fleet-status.ts --bundle --platform=node --format=esm --log-level=warning \
  --define:import.meta.url='"file://'"$PWD"'/test/support/test-hosts.ts"' --outfile="$OUT/fleet-status.mjs"
node "$OUT/fleet-status.mjs" "${1:-20}" "${2:-15}" "$PWD/dist/bin/iim-daemontools.js"
