#!/usr/bin/env bash
# recordImport end to end (Node start, lock, every line checked, one atomic rewrite, one
# tinydns-data) of N host records (default 2,000) into a 100,000-line data file, against
# tinydns-data alone compiling the same file. --prepare puts the original data back first.
# Usage: bash bench/tinydns-record-import.sh [LINES] [RECORDS]   (RUNS=n)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-100000}
records=${2:-2000}
dist=${DIST:-$here/../dist}
work=$(mktemp -d /tmp/iim-bench-record-import.XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$here/common.sh"
bench_need tinydns-record-import.sh tinydns-data hyperfine node
bench_need_build tinydns-record-import.sh "$dist"

mkdir -p "$work/tinydns/root"
node "$here/gen-tinydns-data.mjs" "$work/tinydns/root/data" "$lines"
cp "$work/tinydns/root/data" "$work/data.orig"
for ((i = 1; i <= records; i++)); do
  echo "host import$i.zone0.example.com 10.98.$((i / 250)).$((i % 250 + 1))"
done >"$work/records"
echo "data: $(wc -l <"$work/data.orig") lines; records to import: $records" >&2

cd "$work/tinydns/root"
hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "$work/result.json" \
  --prepare 'true' --prepare "cp $work/data.orig $work/tinydns/root/data" \
  -n 'tinydns-data' 'tinydns-data' \
  -n "recordImport ($records new records, compiled)" "node $dist/bin/iim-tinydns.js -p dir=$work/tinydns -i recordImport $work/records" >&2
node "$here/median-ratios.mjs" "$work/result.json"
