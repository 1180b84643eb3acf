#!/bin/sh
# Schedules follow a jumped clock (R-CLOCK, R-PROFILES, R-TRACE): the controller runs
# under libfaketime with a real reader (the PN532 emulator) and the door simulator.
# The badge's schedule is a window around the true time of day.  The wall clock jumps
# forward 12 hours: a clock-jump event, and the same badge at the same reader is
# refused `outside-schedule`, the lock never moving.  The clock jumps back into the
# window: a second clock-jump event and the badge is granted again, the door released.
# The journal stays ordered by seq and `gatehouse verify` passes.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || { echo "clock_schedule: libfaketime missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "clock_schedule: $*" >&2; [ -f "$tmp/log" ] && tail -20 "$tmp/log" >&2; exit 1; }
waitfor() { i=0; while [ ! -e "$1" ]; do i=$((i+1)); [ $i -lt 200 ] || fail "no $1"; sleep 0.05; done; }
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
emu() { r=$(ask "$tmp/emu" "$1"); [ "${r%% *}" = ok ] || fail "emulator: $1: $r"; }
sim() { ask "$tmp/sim" "$1"; }
ctl() { ask "$tmp/control" "$1"; }
count() { "$GH" events --format csv | grep -c -- "$1" || true; }
await() { i=0; while [ "$(count "$1")" -lt "$2" ]; do i=$((i+1)); [ $i -lt 150 ] || fail "waited for $2 x '$1', got $(count "$1")"; sleep 0.1; done; }
lockis() { i=0; while [ "$(sim "lock $1")" != "ok $2" ]; do i=$((i+1)); [ $i -lt 40 ] || return 1; sleep 0.05; done; }
tap() { emu "place amina"; await "$1" "$2"; emu "remove"; sleep 0.3; }

export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init --timezone UTC >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Labo --level private
"$GH" reader add r1 --connstring "pn532_uart:$tmp/tty"
"$GH" door add D1 --from Hall --to Labo --reader r1 --release-s 1 --held-s 30
"$GH" door set D1 --relay sim:D1.relay --contact sim:D1.contact
# A window from an hour before the true time to three hours after it (a window that
# ends before it starts runs over midnight).  Twelve hours later is outside it.
h=$(date -u +%H | sed 's/^0//')
start=$(( (h + 23) % 24 )); end=$(( (h + 3) % 24 ))
[ $end -eq 0 ] && end=24
window=$(printf 'daily %02d:00-%02d:00' $start $end)
"$GH" schedule add Journee --window "$window"
"$GH" profile add Labo
"$GH" profile rule Labo --zone Labo --schedule Journee
"$GH" person add amina --name "Amina Benali" --kind staff
"$GH" person grant amina Labo
"$GH" badge enroll 04112233445566 --person amina

"$EMU" --socket "$tmp/emu" --link "$tmp/tty" >/dev/null & pids="$pids $!"
waitfor "$tmp/emu"
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" --log "$tmp/relay.log" & pids="$pids $!"
waitfor "$tmp/sim"
echo "+0" > "$tmp/offset"
LD_PRELOAD="$FT" FAKETIME_TIMESTAMP_FILE="$tmp/offset" FAKETIME_NO_CACHE=1 \
	FAKETIME_DONT_FAKE_MONOTONIC=1 \
	"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/sim" \
	2>"$tmp/log" & ctlpid=$!; pids="$pids $ctlpid"
waitfor "$tmp/control"
i=0; while ! ctl status | grep -q '"id":"r1","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "r1 never online: $(ctl status)"; sleep 0.1; done
emu "card amina classic 04112233445566"
jumps() { count ',clock-jump,'; }

# 1. Inside the window: granted, the door released.
tap ",granted," 1
lockis D1 released || grep -q 'D1.relay 1' "$tmp/relay.log" || fail "D1 not released for a grant"
lockis D1 locked || fail "D1 not relocked"

# 2. Twelve hours later (the controller's clock only): refused outside-schedule.
echo "+12h" > "$tmp/offset"
await ',clock-jump,' 1
released=$(grep -c 'D1.relay 1' "$tmp/relay.log" || true)
tap ",outside-schedule," 1
sleep 0.5
[ "$(sim 'lock D1')" = "ok locked" ] || fail "D1 released outside the schedule"
[ "$(grep -c 'D1.relay 1' "$tmp/relay.log" || true)" -eq "$released" ] ||
	fail "the relay moved for a refusal"
[ "$(count ',granted,')" -eq 1 ] || fail "granted after the jump out of the window"
# The refusal is stamped with the jumped time, not the true one.
"$GH" events --format csv | python3 -c '
import csv, sys, datetime
rows = [r for r in csv.DictReader(sys.stdin) if r["kind"] == "access"]
t = lambda r: datetime.datetime.strptime(r["time"][:19].replace("T", " "), "%Y-%m-%d %H:%M:%S")
d = (t(rows[1]) - t(rows[0])).total_seconds()
sys.exit(0 if 11 * 3600 < d < 13 * 3600 else 1)' || fail "the refusal is not at the jumped time"

# 3. Back into the window: granted again.
echo "+0" > "$tmp/offset"
await ',clock-jump,' 2
tap ",granted," 2
lockis D1 released || [ "$(grep -c 'D1.relay 1' "$tmp/relay.log")" -gt "$released" ] ||
	fail "D1 not released after the jump back"

kill "$ctlpid"; wait "$ctlpid" 2>/dev/null || true
"$GH" events --format csv | python3 -c '
import csv, sys
seqs = [int(r["seq"]) for r in csv.DictReader(sys.stdin)]
sys.exit(0 if seqs == sorted(seqs) and len(set(seqs)) == len(seqs) else 1)' || fail "journal order"
"$GH" verify >/dev/null || fail "verify after the jumps: $("$GH" verify)"
echo "clock_schedule: ok"
