#!/bin/bash
# recordAdd with two tinydns secondaries over ssh (sshd test hosts) until both answer the new
# record, against a local-only recordAdd on the same data; and the time until an NSD secondary
# answers after NOTIFY, by zone size (bench/tinydns-secondaries.ts). Needs root, openssh-server,
# daemontools, djbdns, axfrdns, nsd, npm run build.
# Usage: bench/tinydns-secondaries.sh [LINES] [RUNS] [NSD_ZONE_SIZES|none]
# Environment: BIN_B=.../iim-tinydns.js times another build in the same runs; MACHINE_DOTFILES=1
# gives the secondaries' root this machine's ~/.bashrc (else a fresh Debian's); NO_CONTROL_MASTER=1
# an ssh config without ControlMaster; NSD_RELOAD_TIMEOUT=N NSD's xfrd-reload-timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_need tinydns-secondaries.sh ssh unshare svscan tinydns-data dnsq nsd axfrdns tcprules
[ -x /usr/sbin/sshd ] || { echo "tinydns-secondaries.sh: fatal: /usr/sbin/sshd not found (openssh-server)" >&2; exit 111; }
bench_need_build tinydns-secondaries.sh dist
OUT=$(mktemp -d /tmp/iim-bench-secondaries-XXXXXX)
trap 'rm -rf "$OUT"' EXIT
node_modules/.bin/esbuild bench/tinydns-secondaries.ts --bundle --platform=node --format=esm --log-level=warning \
  --define:import.meta.url='"file://'"$PWD"'/test/support/test-hosts.ts"' --outfile="$OUT/tinydns-secondaries.mjs"
node "$OUT/tinydns-secondaries.mjs" "${1:-100000}" "${2:-11}" "$PWD/dist/bin/iim-tinydns.js" "$PWD/bench/gen-tinydns-data.mjs" "${3:-1000,10000,100000}"
