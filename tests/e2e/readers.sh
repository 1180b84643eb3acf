#!/bin/sh
# Badge readers end to end: the real libnfc pn532_uart driver against the PN532
# emulator, the controller's reader threads, decisions, journal and door simulator
# (R-TRACE, R-DETECT, R-ESCORT).
# - nfc-list and nfc-poll (libnfc's own tools) see a 7-byte UID card;
# - a granted badge releases the door once per presentation, the grant on disk first;
# - a refused badge never moves the lock;
# - killing the emulator gives reader-offline (event and alarm), restarting it
#   reader-online;
# - a visitor is admitted only with an escort, whichever badges first;
# - brute force at a reader raises the alarm and locks the reader out.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] && "$GH" events --format csv >"$KEEP"; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "readers: $*" >&2; [ -f "$tmp/log" ] && tail -20 "$tmp/log" >&2; exit 1; }
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
# Count access events matching a pattern in the journal.
count() { "$GH" events --format csv | grep -c "$1" || true; }
# Wait until count(pattern) reaches n.
await() { i=0; while [ "$(count "$1")" -lt "$2" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "waited for $2 x '$1', got $(count "$1")"; sleep 0.1; done; }

# 1. libnfc's own tools see the emulator's card (a 7-byte UID).
"$EMU" --socket "$tmp/emu-x" --link "$tmp/tty-x" >/dev/null & pids="$pids $!"
waitfor "$tmp/emu-x"
emu x "card c7 classic 04A1B2C3D4E5F6"
emu x "place c7"
LIBNFC_DEVICE="pn532_uart:$tmp/tty-x" nfc-list >"$tmp/list" 2>&1 || fail "nfc-list: $(cat "$tmp/list")"
grep -q "UID (NFCID1): 04  a1  b2  c3  d4  e5  f6" "$tmp/list" || fail "nfc-list: $(cat "$tmp/list")"
LIBNFC_DEVICE="pn532_uart:$tmp/tty-x" timeout 20 nfc-poll >"$tmp/poll" 2>&1 &
p=$!
sleep 1
emu x "remove"
wait $p || fail "nfc-poll: $(cat "$tmp/poll")"
grep -q "UID (NFCID1): 04  a1  b2  c3  d4  e5  f6" "$tmp/poll" || fail "nfc-poll: $(cat "$tmp/poll")"
grep -q "Waiting for card removing...done" "$tmp/poll" || \
	grep -q "Target Released" "$tmp/poll" || fail "nfc-poll did not see the removal"

# 2. The site: a public hall, private offices behind door D1 with reader r1.
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" reader add r1 --connstring "pn532_uart:$tmp/tty-1"
"$GH" door add D1 --from Hall --to Bureaux --reader r1 --release-s 1 --held-s 30
"$GH" door set D1 --relay sim:D1.relay --contact sim:D1.contact --rex sim:D1.rex
"$GH" schedule add Toujours --window "daily 00:00-24:00"
"$GH" profile add Bureau
"$GH" profile rule Bureau --zone Bureaux --schedule Toujours
"$GH" person add amina --name "Amina Benali" --kind staff --can-escort
"$GH" person grant amina Bureau
"$GH" badge enroll 04112233445566 --person amina
"$GH" person add omar --name "Omar Idrissi" --kind visitor
"$GH" badge enroll 0A0B0C0D --person omar
"$GH" set escort-window-s 3
"$GH" set brute-force-count 3

"$EMU" --socket "$tmp/emu-1" --link "$tmp/tty-1" >/dev/null & emupid=$!; pids="$pids $emupid"
waitfor "$tmp/emu-1"
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" & pids="$pids $!"
waitfor "$tmp/sim"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/sim" \
	2>"$tmp/log" & ctlpid=$!; pids="$pids $ctlpid"
waitfor "$tmp/control"
i=0; while ! ctl status | grep -q '"id":"r1","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "r1 never online: $(ctl status)"; sleep 0.1; done

emu 1 "card amina classic 04112233445566"
emu 1 "card omar classic 0A0B0C0D"
emu 1 "card stranger classic DEADBEEF"

# 3. A granted badge: one access row, the door released, relocked after 1 s.
emu 1 "place amina"
await "granted" 1
lockis D1 released || fail "D1 not released after a grant"
sleep 1.5
[ "$(count granted)" -eq 1 ] || fail "a card left on the reader was read again"
lockis D1 locked || fail "D1 not relocked"
emu 1 "remove"
sleep 0.3
emu 1 "place amina"
await "granted" 2
emu 1 "remove"
"$GH" events --format csv | grep granted | grep -q "04112233445566" || fail "credential not in the row"

# 4. A refused badge never moves the lock.
sleep 1.2
emu 1 "place stranger"
await "unknown-badge" 1
[ "$(sim 'lock D1')" = "ok locked" ] || fail "D1 released for an unknown badge"
emu 1 "remove"

# 5. A visitor alone waits for an escort and is refused when none comes (3 s).  Amina's
# grant above must first be out of the escort window, or she escorts him.
sleep 3
emu 1 "place omar"
sleep 0.5
[ "$(count escort-required)" -eq 0 ] || fail "refused before the escort window ended"
ctl status | grep -q '"id":"r1","state":"online","display":"waiting for escort"' ||
	fail "the reader does not show it waits for an escort: $(ctl status)"
emu 1 "remove"
await "escort-required" 1
[ "$(sim 'lock D1')" = "ok locked" ] || fail "D1 released for an unescorted visitor"
# Visitor first, then the escort within the window: admitted with the escort named.
emu 1 "place omar"; sleep 0.4; emu 1 "remove"; sleep 0.2
emu 1 "place amina"; await ",omar," 2; emu 1 "remove"
"$GH" events --format csv | grep granted | grep omar | grep -q amina || \
	fail "the visitor's grant does not name the escort"
# Escort first, then the visitor.
sleep 1.2
"$GH" events --format csv >"$tmp/before"
ctl "forgive amina ops" | grep -q '^ok' || fail "forgive"
ctl "forgive omar ops" | grep -q '^ok' || fail "forgive"
emu 1 "place amina"; sleep 0.4; emu 1 "remove"; sleep 0.2
emu 1 "place omar"; sleep 0.6; emu 1 "remove"
i=0; while [ "$("$GH" events --format csv | grep granted | grep omar | grep -c amina)" -lt 2 ]; do
	i=$((i+1)); [ $i -lt 50 ] || fail "escort first then visitor was not admitted"; sleep 0.1; done

# 5b. A reader added while the controller runs is picked up without a restart: the
# exit reader of D1.  Then the escort leaves while the visitor stays inside:
# visitor-unescorted (R-ESCORT).
"$EMU" --socket "$tmp/emu-2" --link "$tmp/tty-2" >/dev/null & pids="$pids $!"
waitfor "$tmp/emu-2"
emu 2 "card amina classic 04112233445566"
"$GH" reader add r1out --connstring "pn532_uart:$tmp/tty-2"
"$GH" door set D1 --reader r1out:out
i=0; while ! ctl status | grep -q '"id":"r1out","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "r1out never online after the change: $(ctl status)"; sleep 0.1; done
sleep 1.2
emu 2 "place amina"; await "r1out,04112233445566,amina,,granted" 1; emu 2 "remove"
i=0; while ! ctl status | grep -q '"code":"visitor-unescorted","source":"Bureaux"'; do
	i=$((i+1)); [ $i -lt 50 ] || fail "no visitor-unescorted alarm: $(ctl status)"; sleep 0.1; done

# 5c. Lockdown (R-EMERGENCY): only lockdown-ok people pass; named by who and why.
sleep 1.2
ctl "mode lockdown ops intrusion drill" | grep -q "^ok" || fail "mode lockdown"
emu 1 "place amina"; await "lockdown" 1; emu 1 "remove"
lockis D1 locked || fail "D1 released in lockdown"
ctl "mode normal ops drill over" | grep -q "^ok" || fail "mode normal"
"$GH" events --format csv | grep "mode-changed" | grep -q "ops" || fail "mode change not named"

# 6. Brute force: 3 refusals of unknown badges lock the reader out.
sleep 1.2
for k in 1 2 3; do emu 1 "place stranger"; sleep 0.3; emu 1 "remove"; sleep 0.3; done
await "unknown-badge" 4
i=0; while ! ctl status | grep -q '"code":"brute-force"'; do
	i=$((i+1)); [ $i -lt 50 ] || fail "no brute-force alarm: $(ctl status)"; sleep 0.1; done
emu 1 "place amina"
await "reader-locked-out" 1
emu 1 "remove"

# 7. The reader disappears and comes back.
kill "$emupid"; wait "$emupid" 2>/dev/null || true
i=0; while ! ctl status | grep -q '"id":"r1","state":"offline"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "r1 never offline: $(ctl status)"; sleep 0.1; done
ctl status | grep -q '"code":"reader-offline"' || fail "no reader-offline alarm"
"$EMU" --socket "$tmp/emu-1b" --link "$tmp/tty-1" >/dev/null & pids="$pids $!"
i=0; while ! ctl status | grep -q '"id":"r1","state":"online"'; do
	i=$((i+1)); [ $i -lt 400 ] || fail "r1 never back online: $(ctl status)"; sleep 0.1; done
"$GH" events --format csv | grep -q "reader-offline" || fail "no reader-offline event"
"$GH" events --format csv | grep -q "reader-online" || fail "no reader-online event"

kill "$ctlpid"; wait "$ctlpid" 2>/dev/null || true
"$GH" verify >/dev/null || fail "verify: $("$GH" verify)"
echo "readers: ok"
