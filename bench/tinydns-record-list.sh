#!/usr/bin/env bash
# recordList of a 100,000-line data file (every line decoded, worded and checked by a round
# trip through recordAdd's words), this build against another (BASE_DIST, e.g. a build of main),
# interleaved (bench/interleaved.mjs) so that the machine's load hits both alike.
# Usage: BASE_DIST=/path/to/other/dist bash bench/tinydns-record-list.sh [LINES]   (RUNS=n)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-100000}
dist=${DIST:-$here/../dist}
base=${BASE_DIST:?BASE_DIST: the dist/ of the build to compare with}
work=$(mktemp -d /tmp/iim-bench-record-list.XXXXXX)
trap 'rm -rf "$work"' EXIT

source "$here/common.sh"
bench_need tinydns-record-list.sh tinydns-data node
bench_need_build tinydns-record-list.sh "$dist"
bench_need_build tinydns-record-list.sh "$base"

mkdir -p "$work/tinydns/root"
node "$here/gen-tinydns-data.mjs" "$work/tinydns/root/data" "$lines"
(cd "$work/tinydns/root" && tinydns-data)
echo "data: $(wc -l <"$work/tinydns/root/data") lines" >&2
node "$here/interleaved.mjs" "${RUNS:-9}" \
  "node $base/bin/iim-tinydns.js -p dir=$work/tinydns -i recordList" \
  "node $dist/bin/iim-tinydns.js -p dir=$work/tinydns -i recordList"
