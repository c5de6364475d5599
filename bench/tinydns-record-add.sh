#!/usr/bin/env bash
# recordAdd end to end (Node start, lock, validate, atomic rewrite, tinydns-data) on a
# 100,000-line data file, against tinydns-data alone compiling the same file. Target:
# recordAdd well under a second. Each timed recordAdd adds a new line: --prepare puts
# the original file back first. Usage: bash bench/tinydns-record-add.sh [LINES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-100000}
dist=${DIST:-$here/../dist}
work=$(mktemp -d /tmp/iim-bench-record-add.XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$here/common.sh"
bench_need tinydns-record-add.sh tinydns-data hyperfine node
bench_need_build tinydns-record-add.sh "$dist"

mkdir -p "$work/tinydns/root"
node "$here/gen-tinydns-data.mjs" "$work/tinydns/root/data" "$((lines - 1))"
bin="node $dist/bin/iim-tinydns.js -p dir=$work/tinydns"
$bin -i recordAdd host bench.zone0.example.com 10.99.0.1 2>/dev/null   # compiles it; present from here on (the no-op case)
cp "$work/tinydns/root/data" "$work/data.orig"
echo "data: $(wc -l <"$work/data.orig") lines, $(wc -c <"$work/data.orig") bytes" >&2

cd "$work/tinydns/root"
hyperfine -N --warmup 2 --runs "${RUNS:-15}" --export-json "$work/result.json" \
  --prepare 'true' --prepare "cp $work/data.orig $work/tinydns/root/data" --prepare 'true' \
  -n 'tinydns-data' 'tinydns-data' \
  -n 'recordAdd host (new line, compiled)' "$bin -i recordAdd host new.zone0.example.com 10.99.0.2" \
  -n 'recordAdd host (already there: no-op)' \
  "$bin -i recordAdd host bench.zone0.example.com 10.99.0.1" >&2
node "$here/median-ratios.mjs" "$work/result.json"
