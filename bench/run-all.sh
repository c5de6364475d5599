#!/usr/bin/env bash
# Every benchmark in turn (they need root, daemontools, djbdns, hyperfine and a build);
# the output is what bench/RESULTS.md quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
echo "## start-up";                       RUNS=40 bash bench/startup.sh 2>/dev/null
echo; echo "## svcStatus over 200 services"; RUNS=40 bash bench/daemontools-status.sh 200 2>&1 | grep -v '^ '
echo; echo "## dataCheck on 1,000,000 lines"; bash bench/tinydns-data-check.sh 2>&1 | grep -v '0 errors, 0 warnings'
echo; echo "## recordAdd on 100,000 lines";  RUNS=20 bash bench/tinydns-record-add.sh 2>&1
echo; echo "## recordImport of 2,000 records into 100,000 lines"; RUNS=10 bash bench/tinydns-record-import.sh 2>&1
echo; echo "## logStats on 1,000,000 lines"; RUNS=15 bash bench/dnscache-log-stats.sh 2>&1
echo; echo "## an ACME challenge round on 100,000 lines"; RUNS=11 bash bench/tinydns-acme.sh 2>&1
