#!/bin/sh
# bench-report: the monthly report and the compliance bundle on a large journal.
#
#   sh bench/report.sh BUILD [PEOPLE] [ROWS]       (defaults 2,000 and 10,000,000)
#
# Makes a site (bench-report-fill: PEOPLE people, ROWS journal rows over July to
# October 2026, Europe/Paris, so October has its DST change) in BUILD/bench-report,
# kept and reused while PEOPLE and ROWS stay the same (filling takes minutes); then
# times `gatehouse report monthly --month 2026-10` in html, csv and json and
# `gatehouse compliance --from 2026-10 --to 2026-10`, each BENCH_REPORT_RUNS times
# (default 1), with the peak resident memory (GNU time's maximum resident set size,
# which is VmHWM) and the peak anonymous memory (RssAnon, sampled every 20 ms).
set -eu
O=${1:-build}
PEOPLE=${2:-2000}
ROWS=${3:-10000000}
RUNS=${BENCH_REPORT_RUNS:-1}
GH="$O/bin/gatehouse"
[ -x /usr/bin/time ] || { echo "bench-report: /usr/bin/time missing (scripts/deps.sh)" >&2; exit 1; }
d="$O/bench-report"
export GATEHOUSE_DB="$d/config.db" GATEHOUSE_JOURNAL="$d/journal.db"
if [ "$(cat "$d/params" 2>/dev/null)" != "$PEOPLE $ROWS" ]; then
	rm -rf "$d"
	mkdir -p "$d"
	"$GH" init --site Bench --timezone Europe/Paris >/dev/null
	"$O/bin/bench-report-fill" "$d/config.db" "$d/journal.db" "$PEOPLE" "$ROWS" 2026-07 4
	echo "$PEOPLE $ROWS" > "$d/params"
fi
# A journal filled by an older build is migrated first (reports open it read-only).
"$GH" purge --dry-run >/dev/null
echo "site: $PEOPLE people, journal $(du -m "$d/journal.db" | cut -f1) MB"
timed() {	# label, command...: wall seconds, peak RSS, peak anonymous memory of one run
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$d/time" "$@" >/dev/null 2>"$d/err" &
	tp=$!
	# The peak RSS counts the journal's pages the reader maps (mmap_size, shared with
	# the page cache); the program's own memory is its anonymous RSS, sampled here.
	anon=0
	while kill -0 "$tp" 2>/dev/null; do
		cp=$(pgrep -P "$tp" | head -n 1 || true)
		if [ -n "$cp" ]; then
			a=$(sed -n 's/^RssAnon:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$cp/status" 2>/dev/null || true)
			[ -n "$a" ] && [ "$a" -gt "$anon" ] && anon=$a
		fi
		sleep 0.02
	done
	wait "$tp" || {
		rc=$?
		# exit 1: the journal does not verify; the figures still stand
		[ $rc -eq 1 ] || { echo "bench-report: $label failed ($rc): $(cat "$d/err")" >&2; exit 1; }
	}
	read -r s kb < "$d/time"
	echo "$label: $s s, peak RSS $kb kB (anonymous $anon kB)"
}
for f in html csv json; do
	i=1
	while [ "$i" -le "$RUNS" ]; do
		timed "report monthly 2026-10 $f" "$GH" report monthly --month 2026-10 \
			--format $f --out "$d/report.$f"
		i=$((i + 1))
	done
	echo "  output $(wc -c < "$d/report.$f") bytes"
done
i=1
while [ "$i" -le "$RUNS" ]; do
	rm -rf "$d/bundle"
	timed "compliance 2026-10" "$GH" compliance --from 2026-10 --to 2026-10 --out "$d/bundle"
	i=$((i + 1))
done
echo "  bundle $(du -sk "$d/bundle" | cut -f1) kB"
