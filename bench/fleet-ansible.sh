#!/bin/bash
# svcStatus on N sshd test hosts (default 20): plain parallel ssh, the fan-out, and Ansible's
# community.general.svc (-f N), interleaved (bench/fleet-ansible.ts). Needs root, openssh-server,
# daemontools, npm run build, and Debian's ansible (7.7), which this script installs with apt-get
# when it is missing (a benchmark prerequisite only: no test needs it).
# Usage: bench/fleet-ansible.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
if ! command -v ansible >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y --no-install-recommends ansible >&2
fi
bench_need fleet-ansible.sh ssh unshare svscan ansible
[ -x /usr/sbin/sshd ] || { echo "fleet-ansible.sh: fatal: /usr/sbin/sshd not found (openssh-server)" >&2; exit 111; }
bench_need_build fleet-ansible.sh dist
OUT=$(mktemp -d /tmp/iim-bench-ansible-XXXXXX)
trap 'rm -rf "$OUT"' EXIT
# The harness is TypeScript (test/support/test-hosts.ts): bundle it with the driver.
node_modules/.bin/esbuild bench/fleet-ansible.ts --bundle --platform=node --format=esm --log-level=warning \
  --define:import.meta.url='"file://'"$PWD"'/test/support/test-hosts.ts"' --outfile="$OUT/fleet-ansible.mjs"
node "$OUT/fleet-ansible.mjs" "${1:-20}" "${2:-7}" "$PWD/dist/bin/iim-daemontools.js"
