#!/bin/bash
# 50 dyndns2 clients, 200 updates/s in total for 30 s, into a 100,000-line root/data: updates
# lost, p50/p99 from request until tinydns answers the new address over UDP, compiles, and the
# anchor (one tinydns-data of the file) (bench/tinydns-dyndns.ts). Needs root, daemontools,
# djbdns, npm run build.
# Usage: bench/tinydns-dyndns.sh [LINES] [CLIENTS] [UPDATES_PER_SECOND] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_need tinydns-dyndns.sh svscan supervise multilog envdir setuidgid tinydns tinydns-data
bench_need_build tinydns-dyndns.sh dist
OUT=$(mktemp -d /tmp/iim-bench-dyndns-XXXXXX)
trap 'rm -rf "$OUT"' EXIT
node_modules/.bin/esbuild bench/tinydns-dyndns.ts --bundle --platform=node --format=esm --log-level=warning \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" --outfile="$OUT/tinydns-dyndns.mjs"
node "$OUT/tinydns-dyndns.mjs" "${1:-100000}" "${2:-50}" "${3:-200}" "${4:-30}" "$PWD/dist/bin/iim-tinydns.js" "$PWD/dist/bin/iim-daemontools.js" "$PWD/bench/gen-tinydns-data.mjs"
