#!/usr/bin/env bash
# `iim-dnscache -i logStats` over a generated 1,000,000-line dnscache log (log/main/current of a
# scratch service directory) against a plain awk pass counting the same fields over the same file
# (queries per client, type and name; lines per keyword; last stats line). Whole processes, Node
# start included, hyperfine -N medians side by side with lines per second. Target: no slower than awk.
# Usage: bash bench/dnscache-log-stats.sh [LINES]   (RUNS=n, AWK=awk to use, BIN=path of the iim-dnscache bin,
#        LOAD=n to keep n busy loops running during the timed runs: a machine with other work to do,
#        NAMES=n for n distinct query names in the generated log, 8000 by default)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-1000000}
awk=${AWK:-$(command -v mawk || command -v awk)}
bin=${BIN:-$here/../dist/bin/iim-dnscache.js}
work=$(mktemp -d /tmp/iim-bench-dnscache-log.XXXXXX)
busy=()
trap 'kill "${busy[@]}" 2>/dev/null; rm -rf "$work"' EXIT

for program in hyperfine node "$awk"; do
  command -v "$program" >/dev/null || { echo "dnscache-log-stats.sh: fatal: $program not found" >&2; exit 111; }
done
if [ ! -f "$bin" ]; then
  # The bundle is built from the sources by esbuild alone, so a type error elsewhere does not stop it.
  (cd "$here/.." && node bin/bundle.mjs && chmod +x dist/bin/*.js) >&2
fi

log=$work/dnscache/log/main/current
mkdir -p "$(dirname "$log")"
node "$here/gen-dnscache-log.mjs" "$lines" "$log" "${NAMES:-8000}"
echo "log: $(wc -l <"$log") lines, $(wc -c <"$log") bytes; awk: $awk; bin: $bin" >&2

# The awk pass (bench/dnscache-log-stats.awk): hex clients left undecoded, every table printed at the end.

# Same totals from both, or the race means nothing.
ours=$(node "$bin" -p "dir=$work/dnscache" -p format=json -i logStats | node -e '
const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
const st = s.stats;
console.log(`lines ${s.lines} queries ${s.queries} clients ${s.clients} names ${s.distinctNames} types ${s.types.length} stats` +
  (st ? ` ${st.queries} ${st.cacheMotion} ${st.udpActive} ${st.tcpActive}` : ""));')
theirs=$("$awk" -f "$here/dnscache-log-stats.awk" "$log" | sed -n 1p)
echo "iim-dnscache: $ours" >&2
echo "awk:          $theirs" >&2
[ "$ours" = "$theirs" ] || { echo "dnscache-log-stats.sh: fatal: totals differ" >&2; exit 1; }

for ((i = 0; i < ${LOAD:-0}; i++)); do
  sh -c 'while :; do :; done' &
  busy+=($!)
done
[ "${LOAD:-0}" -gt 0 ] && echo "with $LOAD busy loop(s) running (pids ${busy[*]})" >&2

hyperfine -N --runs "${RUNS:-10}" --warmup 1 --export-markdown "$work/result.md" --export-json "$work/result.json" \
  -n awk "$awk -f $here/dnscache-log-stats.awk $log" \
  -n "iim-dnscache -i logStats" "node $bin -p dir=$work/dnscache -i logStats" >&2
cat "$work/result.md"
node -e '
const { results } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const lines = Number(process.argv[2]);
const [a, n] = results.map((r) => r.median);
const rate = (s) => `${Math.round(lines / s).toLocaleString("en")} lines/s`;
console.log(`median: awk ${a.toFixed(3)} s (${rate(a)}), iim-dnscache -i logStats ${n.toFixed(3)} s (${rate(n)}), iim-dnscache/awk ${(n / a).toFixed(2)}x`);
' "$work/result.json" "$lines"
echo
# Both in alternation, so drift in the machine's load hits both alike.
node "$here/interleaved.mjs" "${RUNS:-10}" "$awk -f $here/dnscache-log-stats.awk $log" "node $bin -p dir=$work/dnscache -i logStats"
