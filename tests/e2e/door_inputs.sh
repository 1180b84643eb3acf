#!/bin/sh
# Door inputs through the door I/O driver layer and the simulator (R-DETECT,
# R-EMERGENCY, R-TRACE; IEC 60839-11-1): inputs shorter than input-debounce-ms (50 ms)
# are ignored and longer ones processed (a 20 ms exit-button pulse does not release the
# door, a 500 ms press does); relay polarity follows the lock (a fail-secure strike is
# energised to release, a fail-safe maglock energised to lock); the fire input
# releases the fail-safe doors on it and not the fail-secure ones, and they relock
# when it drops; a tamper input raises the tamper alarm; all of it in the journal.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "door_inputs: $*" >&2; [ -n "${DEBUG:-}" ] && { cat "$tmp/log"; "$GH" events; }; exit 1; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" zone add Rue --level public
# D1: a fail-secure strike; D2: a fail-safe maglock on an egress door.  One fire input
# serves both.
"$GH" door add D1 --from Hall --to Bureaux --release-s 2 --relay sim:D1.relay \
	--contact sim:D1.contact --rex sim:D1.rex --fire sim:FIRE --tamper sim:D1.tamper
"$GH" door add D2 --from Rue --to Hall --fail-safe --release-s 2
"$GH" door set D2 --relay sim:D2.relay --contact sim:D2.contact --rex sim:D2.rex \
	--fire sim:FIRE --tamper sim:D2.tamper
"$GH" door list | grep -q 'sim:FIRE *sim:D1.tamper' || fail "door list lacks fire/tamper"
[ "$("$GH" get input-debounce-ms)" = 50 ] || fail "input-debounce-ms default"
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" & pids="$pids $!"
i=0; while [ ! -S "$tmp/sim" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no sim"; sleep 0.05; done
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/sim" \
	2>"$tmp/log" & ctl=$!; pids="$pids $ctl"
i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
# SOCKET REQUEST...: the answers, space-separated, from one connection; a request
# "sleep S" waits S seconds there (timing that does not depend on starting python).
ask() {
	python3 - "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile()
out = []
for req in sys.argv[2:]:
	if req.startswith("sleep "):
		time.sleep(float(req[6:]))
		continue
	s.sendall(req.encode() + b"\n")
	out.append(f.readline().rstrip("\n"))
print(" ".join(out))
PY
}
sim() { ask "$tmp/sim" "$@"; }
ctl() { ask "$tmp/control" "$1"; }
sleep 0.2

# Polarity at start: both locked; the strike de-energised, the maglock energised.
r=$(sim 'lock D1' 'get sim:D1.relay' 'lock D2' 'get sim:D2.relay')
[ "$r" = "ok locked ok 0 ok locked ok 1" ] ||
	fail "at start (D1 strike de-energised, D2 maglock energised, both locked): $r"

# Debounce: a 20 ms exit-button pulse is ignored, and so are 5 and 30 ms ones ...
r=$(sim 'pulse sim:D1.rex 20' 'sleep 0.3' 'get sim:D1.rex' 'lock D1' 'pulse sim:D1.rex 5' \
	'sleep 0.1' 'pulse sim:D1.rex 30' 'sleep 0.3' 'lock D1' 'get sim:D1.relay')
[ "$r" = "ok ok 0 ok locked ok ok ok locked ok 0" ] || fail "short exit-button pulses: $r"
ctl status | grep -q '"name":"D1","state":"locked"' || fail "short pulses changed D1"
# ... a 500 ms press is processed: the strike is energised to release, and
# de-energised when the release time (2 s) is over.
r=$(sim 'pulse sim:D1.rex 500' 'sleep 0.25' 'lock D1' 'get sim:D1.relay' 'sleep 2.2' \
	'lock D1' 'get sim:D1.relay')
[ "$r" = "ok ok released ok 1 ok locked ok 0" ] ||
	fail "a 500 ms press (want released with the strike energised, then locked): $r"
# The maglock: de-energised to release.
r=$(sim 'pulse sim:D2.rex 500' 'sleep 0.25' 'lock D2' 'get sim:D2.relay' 'sleep 2.2' \
	'lock D2' 'get sim:D2.relay')
[ "$r" = "ok ok released ok 0 ok locked ok 1" ] ||
	fail "a 500 ms press (want released with the maglock de-energised, then locked): $r"

# R-EMERGENCY: a fire glitch does nothing; the fire input releases the fail-safe door
# only, and both are locked again when the evacuation ends.
r=$(sim 'pulse sim:FIRE 20' 'sleep 0.3' 'lock D2' 'input sim:FIRE 1' 'sleep 0.25' 'lock D2' \
	'lock D1')
[ "$r" = "ok ok locked ok ok released ok locked" ] ||
	fail "fire glitch, then fire input: D2 (fail-safe), D1 (fail-secure): $r"
s=$(ctl status)
echo "$s" | grep -q '"name":"D2","state":"unlocked-mode"' || fail "D2 in fire: $s"
echo "$s" | grep -q '"name":"D1","state":"locked"' || fail "D1 in fire: $s"
# Walking out through D2 during the fire is no alarm.
sim 'input sim:D2.contact 1' >/dev/null; sleep 0.1; sim 'input sim:D2.contact 0' >/dev/null
sleep 0.1
# The fire input put the site into evacuation, named by the input; its end does not
# end the evacuation (the fail-safe door stays released) until a guard says so.
echo "$s" | grep -q '"mode":"evacuation"' || fail "no evacuation on the fire input: $s"
sim 'input sim:FIRE 0' >/dev/null; sleep 0.25
[ "$(sim 'lock D2')" = "ok released" ] || fail "D2 relocked while the evacuation goes on"
ctl 'mode normal guard building checked after the fire' | grep -q '^ok' || fail "mode normal"
sleep 0.1
[ "$(sim 'lock D2')" = "ok locked" ] || fail "D2 not relocked after the evacuation"
"$GH" events --format csv | grep 'mode-changed' | grep 'evacuation' | grep -q 'fire-input' ||
	fail "the evacuation is not named by the fire input"
s=$(ctl status)
echo "$s" | grep -q '"name":"D2","state":"locked"' || fail "D2 after the fire: $s"
echo "$s" | grep -q '"code":"door-forced"' && fail "an alarm for leaving during the fire"

# R-DETECT: tamper.  A glitch is ignored; a real one raises the alarm, sourced to
# the door, until acknowledged.
sim 'pulse sim:D1.tamper 20' 'sleep 0.3' >/dev/null
ctl status | grep -q '"code":"tamper"' && fail "a 20 ms tamper glitch raised an alarm"
sim 'input sim:D1.tamper 1' >/dev/null; sleep 0.25
ctl status | grep -q '"code":"tamper","source":"D1","source_kind":"door"' ||
	fail "no tamper alarm for D1: $(ctl status)"
sim 'input sim:D1.tamper 0' >/dev/null; sleep 0.2
s=$(ctl status)
echo "$s" | grep -q '"code":"tamper","source":"D1"' || fail "tamper alarm gone without ack"
# Nothing else was raised by all this.
n=$(echo "$s" | grep -o '"code":"[a-z-]*"' | sort -u | tr '\n' ' ')
[ "$n" = '"code":"tamper" ' ] || fail "unexpected alarms: $n"

kill -TERM "$ctl"; wait "$ctl" || fail "controller exit status"
ev=$("$GH" events --format csv)
[ "$(echo "$ev" | grep -c 'exit-button,D1')" -eq 1 ] || fail "D1 exit presses journalled: not one"
[ "$(echo "$ev" | grep -c 'Z,fire-input,')" -eq 4 ] ||
	fail "fire input on and off not journalled once each for each door"
for want in 'exit-button,D2' 'fire-input,D1,.*,on,.*sim:FIRE' 'fire-input,D2,.*,off,' \
	'door-opened,D2' 'alarm-raised,.*,tamper,'; do
	echo "$ev" | grep -q "$want" || fail "journal lacks $want"
done
"$GH" verify >/dev/null || fail "verify"
echo "door_inputs: ok"
