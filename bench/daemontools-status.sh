#!/bin/bash
# svcStatus over N services (default 200) under a private svscan, against the bare Node floor
# (bench/bare-status-read.mjs) and one svstat call over all. Needs hyperfine, daemontools, npm run build.
# Usage: bench/daemontools-status.sh [N] [markdown-file]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
MARKDOWN=${2:-/tmp/daemontools-status-bench.md}
ROOT=$(mktemp -d /tmp/iim-bench-daemontools-XXXXXX)
SD=$ROOT/service
BASE=$ROOT/base
IIM=(node dist/bin/iim-daemontools.js -p "serviceDir=$SD" -p "svcBase=$BASE")

teardown() {
  "${IIM[@]}" -f -p timeout=60 -i svscanStop || true
  rm -rf "$ROOT"
}
trap teardown EXIT

# Service directories as svcCreate makes them (run without a logger, to compare status files one for one).
mkdir -p "$SD" "$BASE"
for i in $(seq -w 1 "$N"); do
  mkdir -p "$BASE/s$i/env"
  printf '#!/bin/sh\nexec 2>&1\nexec envdir ./env sleep 3600\n' > "$BASE/s$i/run"
  chmod 755 "$BASE/s$i/run"
  ln -s "$BASE/s$i" "$SD/s$i"
done
"${IIM[@]}" -p timeout=120 -i svscanStart
sleep 1.1 # supervise ignores svc for ~1 s after a start
# a third of them down, so the report mixes states
DOWN=()
for i in $(seq -w 1 3 "$N"); do DOWN+=("s$i"); done
"${IIM[@]}" -i svcDown "${DOWN[@]}"
sleep 0.5

echo "up/down from svcStatus: $("${IIM[@]}" -i svcStatus | grep -c ': up ') up, $("${IIM[@]}" -i svcStatus | grep -c ': down ') down of $N"

hyperfine -N -w 3 -r 20 --export-markdown "$MARKDOWN" --export-json "$MARKDOWN.json" \
  -n "bare Node floor ($N)" "node bench/bare-status-read.mjs $SD" \
  -n "iim-daemontools svcStatus ($N)" "node dist/bin/iim-daemontools.js -p serviceDir=$SD -p svcBase=$BASE -i svcStatus" \
  -n "svstat, one call ($N)" "svstat $(printf "$SD/%s " $(ls "$SD"))"
cat "$MARKDOWN"
echo "medians, ratio to the bare Node floor:"
node bench/median-ratios.mjs "$MARKDOWN.json"
echo "the same, interleaved (A B A B ...), so load drift hits both alike:"
node bench/interleaved.mjs "${RUNS:-40}" "node bench/bare-status-read.mjs $SD" \
  "node dist/bin/iim-daemontools.js -p serviceDir=$SD -p svcBase=$BASE -i svcStatus"
