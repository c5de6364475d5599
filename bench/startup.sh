#!/usr/bin/env bash
# Start-up cost: `iim-daemontools -i examples` against an empty Node ESM program,
# medians of >= 20 runs side by side (issue 2's target: within 1.25x).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x dist/bin/iim-daemontools.js ] || npm run build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/empty.mjs"
hyperfine -N --warmup 5 --runs "${RUNS:-40}" --export-json "$work/startup.json" \
  "node $work/empty.mjs" \
  'node dist/bin/iim-daemontools.js -i examples' \
  'node dist/bin/iim.js -i examples' >&2
node bench/median-ratios.mjs "$work/startup.json"
echo
# The same commands in alternation, so drift in the machine's load hits each alike.
node bench/interleaved.mjs "${RUNS:-40}" "node $work/empty.mjs" \
  'node dist/bin/iim-daemontools.js -i examples' 'node dist/bin/iim.js -i examples'
