#!/bin/sh
# The review-overdue alarm (R-REVIEW), the controller run at chosen dates under
# libfaketime: a site whose journal starts in October has no alarm in October (nothing
# to review yet), none in November up to review-due-day (10, that day included), the
# alarm for 2026-10 on the 11th, and none once an officer has signed October off.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || { echo "review_overdue: libfaketime missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
ctl=
cleanup() { [ -n "$ctl" ] && kill "$ctl" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "review_overdue: $*" >&2; [ -f "$tmp/log" ] && tail -5 "$tmp/log" >&2; exit 1; }
ask() {
	python3 - "$tmp/control" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
# The controller with its wall clock starting at $1 (its monotonic clock true); the
# review check runs before the control socket answers.
ctl_start() {
	LD_PRELOAD="$FT" FAKETIME="@$1" FAKETIME_DONT_FAKE_MONOTONIC=1 \
		"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>>"$tmp/log" & ctl=$!
	i=0; while ! ask status >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
}
ctl_stop() { kill "$ctl"; wait "$ctl" 2>/dev/null || true; ctl=; rm -f "$tmp/control"; }
overdue() { ask status | grep -c '"code":"review-overdue","source":"2026-10"' || true; }
any_overdue() { ask status | grep -c '"code":"review-overdue"' || true; }

export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db" GATEHOUSE_CONTROL="$tmp/control"
"$GH" init >/dev/null
printf 'a long enough passphrase for the officer\n' |
	"$GH" operator add nadia --role officer --password-stdin >/dev/null

# October: the journal's first rows.
ctl_start "2026-10-20 12:00:00"
ask 'record test t {"n": 1}' | grep -q '^ok' || fail "record"
[ "$(any_overdue)" = 0 ] || fail "overdue in the site's first month: $(ask status)"
ctl_stop
# 10 November: October is due today, not yet overdue.
ctl_start "2026-11-10 23:30:00"
[ "$(any_overdue)" = 0 ] || fail "overdue on the due day: $(ask status)"
ctl_stop
# 11 November: overdue, alarm with the month as its source, journalled.
ctl_start "2026-11-11 08:00:00"
[ "$(overdue)" = 1 ] || fail "no review-overdue alarm on the 11th: $(ask status)"
ctl_stop
"$GH" events --format csv | grep ',alarm-raised,' | grep -q 'review-overdue' ||
	fail "the alarm is not in the journal"
# A later due day moves it.
"$GH" set review-due-day 12
ctl_start "2026-11-11 08:00:00"
[ "$(any_overdue)" = 0 ] || fail "overdue before review-due-day 12: $(ask status)"
ctl_stop
"$GH" set review-due-day 10
# The officer signs October off (through the controller, which journals it).
ctl_start "2026-11-11 09:00:00"
"$GH" review sign --month 2026-10 --officer nadia --findings "nothing unusual" >"$tmp/sign" 2>&1 ||
	fail "sign: $(cat "$tmp/sign")"
ctl_stop
# Signed: no alarm, on the 11th or later in the month.
for day in "2026-11-11 10:00:00" "2026-11-28 10:00:00"; do
	ctl_start "$day"
	[ "$(any_overdue)" = 0 ] || fail "overdue at $day although signed: $(ask status)"
	ctl_stop
done
# December: November is not signed: overdue after the 10th, for November.
ctl_start "2026-12-11 10:00:00"
ask status | grep -q '"code":"review-overdue","source":"2026-11"' ||
	fail "no alarm for November: $(ask status)"
ctl_stop
echo "review_overdue: ok"
