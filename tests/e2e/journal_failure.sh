#!/bin/sh
# The journal cannot record (its disk is full): journal-failure alarm; doors into
# restricted zones refuse (no entry without a record), public doors and exit buttons
# keep working; when space returns, the controller records again by itself, the alarm
# is journalled with the time it started, and grants resume (R-TRACE, R-DETECT).
# Needs root to mount a small tmpfs for the journal; elsewhere it says so and passes.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 0.2
	umount "$tmp/jfs" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "journal_failure: $*" >&2; [ -f "$tmp/log" ] && tail -20 "$tmp/log" >&2; ctl status >&2 || true; ask "$tmp/emu-2" state >&2 || true; exit 1; }
mkdir "$tmp/jfs"
if ! mount -t tmpfs -o size=4m tmpfs "$tmp/jfs" 2>/dev/null; then
	echo "journal_failure: skipped (cannot mount a tmpfs: not root)"
	exit 0
fi
waitfor() { i=0; while [ ! -e "$1" ]; do i=$((i+1)); [ $i -lt 200 ] || fail "no $1"; sleep 0.05; done; }
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
print(s.makefile().readline().rstrip("\n"))
PY
}
emu() { r=$(ask "$tmp/emu-$1" "$2"); [ "${r%% *}" = ok ] || fail "emulator $1: $2: $r"; }
sim() { ask "$tmp/sim" "$1"; }
# The lock reaches a state within 2 s (the relay moves just after the commit).
lockis() { i=0; while [ "$(sim "lock $1")" != "ok $2" ]; do i=$((i+1)); [ $i -lt 40 ] || return 1; sleep 0.05; done; }
ctl() { ask "$tmp/control" "$1"; }
tap() { emu "$1" "place $2"; sleep 0.4; emu "$1" "remove"; sleep 0.2; }

export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/jfs/journal.db"
"$GH" init >/dev/null
"$GH" zone add Rue --level public
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" reader add r1 --connstring "pn532_uart:$tmp/tty-1"
"$GH" reader add r2 --connstring "pn532_uart:$tmp/tty-2"
"$GH" door add D1 --from Hall --to Bureaux --reader r1 --release-s 3
"$GH" door set D1 --relay sim:D1.relay --contact sim:D1.contact --rex sim:D1.rex
"$GH" door add D2 --from Rue --to Hall --reader r2 --release-s 3
"$GH" door set D2 --relay sim:D2.relay --contact sim:D2.contact
"$GH" schedule add Toujours --window "daily 00:00-24:00"
"$GH" profile add Bureau
"$GH" profile rule Bureau --zone Bureaux --schedule Toujours
"$GH" person add amina --name "Amina Benali" --kind staff
"$GH" person grant amina Bureau
"$GH" badge enroll 04112233445566 --person amina >/dev/null

for r in 1 2; do
	"$EMU" --socket "$tmp/emu-$r" --link "$tmp/tty-$r" >/dev/null & pids="$pids $!"
	waitfor "$tmp/emu-$r"
	emu $r "card amina classic 04112233445566"
done
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" & pids="$pids $!"
waitfor "$tmp/sim"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/sim" \
	2>"$tmp/log" & ctlpid=$!; pids="$pids $ctlpid"
waitfor "$tmp/control"
i=0; while ! ctl status | grep -q '"id":"r2","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "readers never online: $(ctl status)"; sleep 0.1; done

tap 1 amina
"$GH" events --format csv | grep -q "access,D1.*granted" || fail "no grant before the failure"
sleep 3.2

# Fill the journal's disk.
dd if=/dev/zero of="$tmp/jfs/fill" bs=64k 2>/dev/null || true
# Taps until the controller notices (the first refused write may only fill the WAL).
k=0
while ! ctl status | grep -q '"journal_ok":false'; do
	k=$((k+1)); [ $k -lt 30 ] || fail "the journal never failed: $(ctl status)"
	emu 1 "place amina"; sleep 0.3
	[ "$(sim 'lock D1')" = "ok locked" ] || {
		# A grant may still fit in the WAL: it was recorded, so the door may open.
		sleep 3.2; }
	emu 1 "remove"; sleep 0.2
done
ctl status | grep -q '"code":"journal-failure"' || fail "no journal-failure alarm"
# Restricted door: refused, the lock never moves.
emu 1 "place amina"; sleep 0.5
[ "$(sim 'lock D1')" = "ok locked" ] || fail "D1 released without a record"
emu 1 "remove"
# Public door: opens.
emu 2 "place amina"
lockis D2 released || fail "the public door did not open"
emu 2 "remove"
# The exit button still releases.
sim "input sim:D1.rex 1" >/dev/null; sleep 0.1; sim "input sim:D1.rex 0" >/dev/null
lockis D1 released || fail "the exit button did not release D1"
sleep 3.2

# Space returns: the controller records again by itself.
rm -f "$tmp/jfs/fill"
i=0; while ! ctl status | grep -q '"journal_ok":true'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "the journal never recovered: $(ctl status)"; sleep 0.1; done
"$GH" events --format csv | grep -q "alarm-raised.*journal-failure.*since" || \
	fail "the journal-failure alarm was not journalled on recovery"
ctl status | grep -q '"code":"journal-failure","source":"journal"' || fail "alarm gone before its ack"
n=$("$GH" events --format csv | grep -c "access,D1.*granted" || true)
tap 1 amina
[ "$("$GH" events --format csv | grep -c "access,D1.*granted")" -gt "$n" ] || fail "no grant after recovery"
kill "$ctlpid"; wait "$ctlpid" 2>/dev/null || true
"$GH" verify >/dev/null || fail "verify: $("$GH" verify)"
echo "journal_failure: ok"
