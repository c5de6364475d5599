#!/usr/bin/env bash
# Summarising a 1,000,000-line dnscache log: our summariseLogFile against an awk pass counting
# the same fields (queries per client, type and name; lines per keyword; last stats line).
# Whole processes, Node start included. Target: no slower than awk.
# Usage: bash bench/dnscache-log-stats.sh [LINES]   (DIST=dir to use another build, AWK=awk to use)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-1000000}
awk=${AWK:-$(command -v mawk || command -v awk)}
work=$(mktemp -d /tmp/iim-bench-dnscache-log.XXXXXX)
trap 'rm -rf "$work"' EXIT

for program in hyperfine node "$awk"; do
  command -v "$program" >/dev/null || { echo "dnscache-log-stats.sh: fatal: $program not found" >&2; exit 111; }
done
if [ -z "${DIST:-}" ]; then
  # The whole project build may be broken by work in progress elsewhere: then build this library alone.
  if (cd "$here/.." && npx tsc -p tsconfig.json) >&2; then
    dist=$here/../dist
  else
    echo "dnscache-log-stats.sh: project build failed; compiling scripts/lib/dnscache alone" >&2
    (cd "$here/.." && npx tsc --outDir "$work/dist" --rootDir . --module NodeNext --moduleResolution NodeNext \
      --target ES2022 --strict --skipLibCheck --types node scripts/lib/dnscache/log-stats.ts)
    dist=$work/dist
  fi
else
  dist=$DIST
fi

node "$here/gen-dnscache-log.mjs" "$lines" "$work/current"
echo "log: $(wc -l <"$work/current") lines, $(wc -c <"$work/current") bytes; awk: $awk" >&2
# Same totals from both, or the race means nothing.
ours=$(DIST="$dist" node "$here/dnscache-log-stats.mjs" "$work/current" | sed -n 1p)
theirs=$("$awk" -f "$here/dnscache-log-stats.awk" "$work/current" | sed -n 1p)
echo "node: $ours" >&2
echo "awk:  $theirs" >&2
[ "$ours" = "$theirs" ] || { echo "dnscache-log-stats.sh: fatal: totals differ" >&2; exit 1; }

hyperfine -N --runs "${RUNS:-10}" --warmup 1 --export-markdown "$work/result.md" --export-json "$work/result.json" \
  -n awk "$awk -f $here/dnscache-log-stats.awk $work/current" \
  -n summariseLogFile "env DIST=$dist node $here/dnscache-log-stats.mjs $work/current"
cat "$work/result.md"
node -e '
const { results } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const lines = Number(process.argv[2]);
const [a, n] = results.map((r) => r.median);
const rate = (s) => `${Math.round(lines / s).toLocaleString("en")} lines/s`;
console.log(`median: awk ${a.toFixed(3)} s (${rate(a)}), summariseLogFile ${n.toFixed(3)} s (${rate(n)}), node/awk ${(n / a).toFixed(2)}x`);
' "$work/result.json" "$lines"
