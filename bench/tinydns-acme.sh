#!/usr/bin/env bash
# One ACME DNS-01 round on a 100,000-line data file served by a real tinydns: acmeChallengeSet
# (lock, edit, compile, then UDP until the zone's server answers) and acmeChallengeClear, against
# recordAdd/recordRemove of the same TXT (no wait) and tinydns-data alone (the floor of one change),
# interleaved (bench/interleaved.mjs). As root (tinydns binds port 53 on 127.250.0.1).
# Usage: bash bench/tinydns-acme.sh [LINES]   (RUNS=N, default 11)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lines=${1:-100000}
dist=${DIST:-$here/../dist}
ip=${BENCH_IP:-127.250.0.1}
work=$(mktemp -d /tmp/iim-bench-acme.XXXXXX)
source "$here/common.sh"
bench_need tinydns-acme.sh tinydns-conf tinydns-data svscan svc node
bench_need_build tinydns-acme.sh "$dist"

bin="node $dist/bin/iim-tinydns.js -p dir=$work/tinydns -p serviceDir=$work/service"
$bin -i setup "$ip" >/dev/null
node "$here/gen-tinydns-data.mjs" "$work/tinydns/root/data" "$((lines - 1))"
echo ".lab.test:$ip:a:259200" >> "$work/tinydns/root/data"
(cd "$work/tinydns/root" && tinydns-data)
env --default-signal=INT,QUIT setsid svscan "$work/service" >/dev/null 2>&1 &
svscan_pid=$!
trap 'rm -f "$work/service/tinydns"; svc -dx "$work/tinydns" "$work/tinydns/log"; sleep 1; kill $svscan_pid; rm -rf "$work"' EXIT
echo "data: $(wc -l <"$work/tinydns/root/data") lines, $(wc -c <"$work/tinydns/root/data") bytes; tinydns on $ip" >&2

v=LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0
cd "$work/tinydns/root"
node "$here/interleaved.mjs" "${RUNS:-11}" \
  'tinydns-data' \
  "$bin -q -i recordAdd txt _acme-challenge.lab.test $v 60" \
  "$bin -q -i recordRemove txt _acme-challenge.lab.test $v" \
  "$bin -q -i acmeChallengeSet lab.test $v" \
  "$bin -q -i acmeChallengeClear lab.test $v"
