#!/bin/sh
# Database contention: while another program holds the configuration database's write
# lock (BEGIN IMMEDIATE, as a long web or CLI write would), badges are still decided
# and doors still open (the controller reads through WAL, never waiting for writers),
# `reload` still answers, and a CLI change waiting for the lock is not lost.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
command -v sqlite3 >/dev/null || { echo "contention: sqlite3 missing" >&2; exit 1; }
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "contention: $*" >&2; exit 1; }
waitfor() { i=0; while [ ! -e "$1" ]; do i=$((i+1)); [ $i -lt 200 ] || fail "no $1"; sleep 0.05; done; }
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
emu() { r=$(ask "$tmp/emu" "$1"); [ "${r%% *}" = ok ] || fail "emulator: $1: $r"; }
count() { "$GH" events --format csv | grep -c "$1" || true; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" reader add r1 --connstring "pn532_uart:$tmp/tty"
"$GH" door add D1 --from Hall --to Bureaux --reader r1 --release-s 1
"$GH" door set D1 --relay sim:D1.relay --contact sim:D1.contact
"$GH" schedule add Toujours --window "daily 00:00-24:00"
"$GH" profile add Bureau
"$GH" profile rule Bureau --zone Bureaux --schedule Toujours
"$GH" person add amina --name "Amina Benali" --kind staff
"$GH" person grant amina Bureau
"$GH" badge enroll 04112233445566 --person amina >/dev/null
"$EMU" --socket "$tmp/emu" --link "$tmp/tty" >/dev/null & pids="$pids $!"
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" & pids="$pids $!"
waitfor "$tmp/emu"; waitfor "$tmp/sim"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/sim" \
	2>"$tmp/log" & pids="$pids $!"
waitfor "$tmp/control"
i=0; while ! ask "$tmp/control" status | grep -q '"id":"r1","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "reader never online"; sleep 0.1; done
emu "card amina classic 04112233445566"
# Another program takes the write lock and keeps it until told (release file).
(echo "BEGIN IMMEDIATE; INSERT INTO holiday(day, name) VALUES ('2031-01-01', 'lock');";
	while [ ! -e "$tmp/release" ]; do sleep 0.1; done; echo "COMMIT;") |
	sqlite3 "$tmp/config.db" & locker=$!
sleep 0.5
n=0
for k in 1 2 3; do
	emu "place amina"
	i=0; while [ "$(count ',granted,')" -lt $((n + 1)) ]; do
		i=$((i+1)); [ $i -lt 100 ] || fail "tap $k under the write lock was not decided"; sleep 0.05; done
	n=$((n + 1))
	emu remove; sleep 1.2
done
ask "$tmp/control" reload | grep -q '^ok' || fail "reload under the write lock"
kill -0 "$locker" 2>/dev/null || fail "the lock holder ended early"
# A CLI change queues behind the lock (SQLite's busy time-out), and is not lost.
"$GH" holiday add 2031-05-01 --name "Fête du Travail" >/dev/null 2>&1 & cli=$!
sleep 1
touch "$tmp/release"
wait "$locker"
wait "$cli" || fail "the CLI change waiting for the lock failed"
"$GH" holiday list --format csv | grep -q "2031-05-01" || fail "the CLI change was lost"
echo "contention: ok ($n taps decided under another program's write lock)"
