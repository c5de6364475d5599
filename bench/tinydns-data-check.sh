#!/usr/bin/env bash
# Times the C tinydns-data compiling a 1,000,000-line data file against our checker
# reading the same file (whole process, Node start included). Target: checker ≤ 2x.
# Usage: bash bench/tinydns-data-check.sh [LINES]   (DIST=dir to use another build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-1000000}
dist=${DIST:-$here/../dist}
work=$(mktemp -d /tmp/iim-bench-tinydns.XXXXXX)
trap 'rm -rf "$work"' EXIT

for program in tinydns-data hyperfine node; do
  command -v "$program" >/dev/null || { echo "tinydns-data-check.sh: fatal: $program not found" >&2; exit 111; }
done
[ -f "$dist/lib/tinydns/data-check.js" ] || {
  echo "tinydns-data-check.sh: fatal: $dist/lib/tinydns/data-check.js missing: run npx tsc -p tsconfig.json" >&2
  exit 111
}

node "$here/gen-tinydns-data.mjs" "$work/data" "$lines"
echo "data: $(wc -l <"$work/data") lines, $(wc -c <"$work/data") bytes" >&2
(cd "$work" && tinydns-data)   # warm the page cache once, and prove the file compiles
DIST="$dist" node "$here/tinydns-data-check-driver.mjs" "$work/data"   # and that it checks clean

cd "$work"
hyperfine -N --runs 10 --warmup 1 --export-markdown "$work/result.md" --export-json "$work/result.json" \
  -n tinydns-data tinydns-data \
  -n checker "env DIST=$dist node $here/tinydns-data-check-driver.mjs $work/data" \
  -n "iim-tinydns -i dataCheck" "node $dist/bin/iim-tinydns.js -i dataCheck $work/data"
cat "$work/result.md"
node "$here/median-ratios.mjs" "$work/result.json"
echo
# The C program and our command in alternation, so drift in the machine's load hits both alike.
node "$here/interleaved.mjs" "${RUNS:-10}" tinydns-data "node $dist/bin/iim-tinydns.js -i dataCheck $work/data"
