#!/bin/sh
# Doors through the controller and the door simulator (R-DETECT, R-EMERGENCY, R-TRACE):
# momentary unlock relocks after the release time; a door opened while locked raises
# door-forced; the exit button releases without an alarm; a door left open raises
# door-held-open; alarms stay until acknowledged; fail-safe doors release in
# evacuation and fail-secure ones do not; everything is in the verified journal.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "doors: $*" >&2; exit 1; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" zone add Rue --level public
"$GH" door add D1 --from Hall --to Bureaux --release-s 3 --held-s 5
"$GH" door set D1 --relay sim:D1.relay --contact sim:D1.contact --rex sim:D1.rex
"$GH" door add D2 --from Rue --to Hall --fail-safe
"$GH" door set D2 --relay sim:D2.relay --contact sim:D2.contact
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" & pids="$pids $!"
i=0; while [ ! -S "$tmp/sim" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no sim"; sleep 0.05; done
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/sim" \
	2>"$tmp/log" & ctl=$!; pids="$pids $ctl"
i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
print(s.makefile().readline().rstrip("\n"))
PY
}
sim() { ask "$tmp/sim" "$1"; }
ctl() { ask "$tmp/control" "$1"; }
sleep 0.2
[ "$(sim 'lock D1')" = "ok locked" ] || fail "D1 not locked at start: $(sim 'lock D1')"
[ "$(sim 'lock D2')" = "ok locked" ] || fail "D2 (maglock) not locked at start"
[ "$(ctl 'unlock D1 amina livraison urgente')" = "ok" ] || fail "unlock"
[ "$(sim 'lock D1')" = "ok released" ] || fail "unlock did not release"
sleep 3.3
[ "$(sim 'lock D1')" = "ok locked" ] || fail "not relocked after the release time"
# Forced.
sim 'input sim:D1.contact 1' >/dev/null; sleep 0.2
ctl status | grep -q '"code":"door-forced"' || fail "no door-forced alarm"
ctl status | grep -q '"name":"D1","state":"forced"' || fail "door state not forced"
sim 'input sim:D1.contact 0' >/dev/null; sleep 0.2
[ "$(sim 'lock D1')" = "ok locked" ] || fail "locked after a forced opening closes"
# Exit button: released, no second alarm.
sim 'input sim:D1.rex 1' >/dev/null; sleep 0.2
[ "$(sim 'lock D1')" = "ok released" ] || fail "exit button did not release"
sim 'input sim:D1.rex 0' >/dev/null
sim 'input sim:D1.contact 1' >/dev/null; sleep 0.1
sim 'input sim:D1.contact 0' >/dev/null; sleep 0.2
[ "$(sim 'lock D1')" = "ok locked" ] || fail "not relocked when the door closed"
n=$(ctl status | grep -o '"code":"door-forced"' | wc -l)
[ "$n" -eq 1 ] || fail "exit passage raised an alarm"
# Held open.
ctl 'unlock D1 amina aération' >/dev/null
sim 'input sim:D1.contact 1' >/dev/null
sleep 5.5
ctl status | grep -q '"code":"door-held-open"' || fail "no door-held-open alarm"
sim 'input sim:D1.contact 0' >/dev/null; sleep 0.2
# Acknowledge the forced alarm: it leaves the active list.
id=$(ctl status | python3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["alarms"] if a["code"]=="door-forced"][0])')
[ "$(ctl "ack $id amina porte vérifiée, rien à signaler")" = "ok" ] || fail "ack"
ctl status | grep -q '"code":"door-forced"' && fail "acknowledged alarm still active"
ctl "ack $id amina encore" | grep -q '^error' || fail "second ack accepted"
# Evacuation: the fail-safe door releases, the fail-secure one stays locked.
ctl 'mode evacuation S-0001 alarme incendie' >/dev/null; sleep 0.2
[ "$(sim 'lock D2')" = "ok released" ] || fail "fail-safe door not released in evacuation"
[ "$(sim 'lock D1')" = "ok locked" ] || fail "fail-secure door released in evacuation"
ctl 'mode normal S-0001 fin de l alerte' >/dev/null; sleep 0.2
[ "$(sim 'lock D2')" = "ok locked" ] || fail "fail-safe door not relocked after evacuation"
kill -TERM "$ctl"; wait "$ctl" || fail "controller exit status"
ev=$("$GH" events --format csv)
for want in 'door-released,D1,.*,amina,' 'alarm-raised,.*,door-forced' 'alarm-acked,.*,door-forced,amina,' \
	'exit-button,D1' 'door-opened,D1' 'door-closed,D1' 'alarm-raised,.*door-held-open'; do
	echo "$ev" | grep -q "$want" || fail "journal lacks $want"
done
"$GH" verify >/dev/null || fail "verify"
echo "doors: ok"
