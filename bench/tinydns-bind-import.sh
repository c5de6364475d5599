#!/usr/bin/env bash
# zoneImport end to end (Node start, the master file read and every record checked, one
# locked change, one tinydns-data) of an N-record master file (default 100,000) into an empty
# tinydns, against named-checkzone reading the same file (issue 15: within 2x).
# --prepare puts the empty data back before each run.
# BASELINE=DIST adds the import by another build (e.g. one of an older commit) to the same run.
# Usage: bash bench/tinydns-bind-import.sh [RECORDS]   (RUNS=n, BASELINE=DIST)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
records=${1:-100000}
dist=${DIST:-$here/../dist}
work=$(mktemp -d /tmp/iim-bench-bind-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$here/common.sh"
bench_need tinydns-bind-import.sh tinydns-data named-checkzone hyperfine node
bench_need_build tinydns-bind-import.sh "$dist"

node "$here/gen-master-file.mjs" "$work/bench.example.zone" "$records" bench.example
mkdir -p "$work/tinydns/root"
: >"$work/data.orig"
cp "$work/data.orig" "$work/tinydns/root/data"
(cd "$work/tinydns/root" && tinydns-data)
echo "master file: $(wc -l <"$work/bench.example.zone") lines, $records records" >&2

# The data of an older version of the zone: every 100th A record had another address.
awk '/ IN A 10\./ && ++n % 100 == 0 { sub(/ IN A 10\./, " IN A 172.") } { print }' "$work/bench.example.zone" >"$work/older.zone"
mkdir -p "$work/older/root"
: >"$work/older/root/data"
node "$dist/bin/iim-tinydns.js" -q -p dir="$work/older" -i zoneImport "$work/older.zone" bench.example 2>/dev/null
cp "$work/older/root/data" "$work/data.older"
echo "older data: $(grep -c . "$work/data.older") lines, $(diff "$work/bench.example.zone" "$work/older.zone" | grep -c '^>') A records different" >&2

baseline_prepare=() baseline_command=()
if [ -n "${BASELINE:-}" ]; then
  bench_need_build tinydns-bind-import.sh "$BASELINE"
  baseline_prepare=(--prepare "cp $work/data.orig $work/tinydns/root/data")
  baseline_command=(-n "zoneImport by BASELINE=$BASELINE" "node $BASELINE/bin/iim-tinydns.js -q -p dir=$work/tinydns -i zoneImport $work/bench.example.zone bench.example")
fi
hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "$work/result.json" \
  --prepare 'true' --prepare "cp $work/data.orig $work/tinydns/root/data" --prepare "cp $work/data.older $work/tinydns/root/data" "${baseline_prepare[@]}" \
  -n 'named-checkzone' "named-checkzone -q bench.example $work/bench.example.zone" \
  -n "zoneImport ($records records, compiled)" "node $dist/bin/iim-tinydns.js -q -p dir=$work/tinydns -i zoneImport $work/bench.example.zone bench.example" \
  -n "zoneImport replacing the older zone (1% of A records changed, compiled)" "node $dist/bin/iim-tinydns.js -q -p dir=$work/tinydns -i zoneImport $work/bench.example.zone bench.example" \
  "${baseline_command[@]}" >&2
node "$here/median-ratios.mjs" "$work/result.json"
echo
node "$here/cpu-ratios.mjs" "$work/result.json"
echo
grep -c . "$work/tinydns/root/data" | sed 's/^/data lines after the last import: /' >&2
