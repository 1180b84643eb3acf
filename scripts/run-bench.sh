#!/bin/sh
# make bench: run every benchmark program (not part of make test).
set -eu
O=${1:-build}
echo "== bench-decide (machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
"$O/bin/bench-decide" ${BENCH_DECIDE_ARGS:-}
echo "== bench-decide under a writer's lock (100,000 people, 300,000 decisions a pass)"
"$O/bin/bench-decide" 100000 300000 --contention
echo "== bench-tap"
"$O/bin/bench-tap" ${BENCH_TAP_ARGS:-}
echo "== bench-journal"
(cd "$O" && ./bin/bench-journal ${BENCH_JOURNAL_ARGS:-})
echo "== bench-tap --desfire"
"$O/bin/bench-tap" --desfire ${BENCH_TAP_ARGS:-}
echo "== bench-web"
sh bench/web.sh "$O" ${BENCH_WEB_SECONDS:-10}
echo "== bench-report (2,000 people, 10,000,000 journal rows; the site is kept in $O/bench-report)"
sh bench/report.sh "$O" ${BENCH_REPORT_ARGS:-}
