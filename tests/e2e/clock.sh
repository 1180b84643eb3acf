#!/bin/sh
# Clock jumps (R-CLOCK): the wall clock jumps forward two hours, then back, under the
# running controller (libfaketime; its monotonic clock stays true).  Each jump is a
# clock-jump event with the alarm; the journal stays ordered by seq (event times may
# go back); `gatehouse verify` passes afterwards.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || { echo "clock: libfaketime missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
ctl=
cleanup() { [ -n "$ctl" ] && kill "$ctl" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "clock: $*" >&2; exit 1; }
ask() {
	python3 - "$tmp/control" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
echo "+0" > "$tmp/offset"
LD_PRELOAD="$FT" FAKETIME_TIMESTAMP_FILE="$tmp/offset" FAKETIME_NO_CACHE=1 \
	FAKETIME_DONT_FAKE_MONOTONIC=1 \
	"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>"$tmp/log" & ctl=$!
i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
ask 'record test t {"n": 1}' | grep -q '^ok' || fail "record"
jumps() { "$GH" events --format csv | grep -c ',clock-jump,' || true; }
echo "+2h" > "$tmp/offset"
i=0; while [ "$(jumps)" -lt 1 ]; do i=$((i+1)); [ $i -lt 150 ] || fail "no clock-jump event forward"; sleep 0.1; done
ask status | grep -q '"code":"clock-jump"' || fail "no clock-jump alarm"
ask 'record test t {"n": 2}' | grep -q '^ok' || fail "record"
echo "+0" > "$tmp/offset"
i=0; while [ "$(jumps)" -lt 2 ]; do i=$((i+1)); [ $i -lt 150 ] || fail "no clock-jump event back"; sleep 0.1; done
ask 'record test t {"n": 3}' | grep -q '^ok' || fail "record"
kill "$ctl"; wait "$ctl" 2>/dev/null || true; ctl=
"$GH" events --format csv | grep ',clock-jump,' | grep -q 'jump_us' || fail "the jump's size"
# seq order kept: the record made during the jump is between the others.
"$GH" events --format csv | python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(sys.stdin) if r["kind"] == "operator"]
ns = [r["details"] for r in rows]
seqs = [int(r["seq"]) for r in rows]
sys.exit(0 if seqs == sorted(seqs) and len(rows) == 3 else 1)' || fail "journal order"
"$GH" verify >/dev/null || fail "verify after the jumps: $("$GH" verify)"
echo "clock: ok"
