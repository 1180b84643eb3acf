#!/bin/sh
# gatehouse-controller, journal side (R-EMERGENCY, R-DETECT, R-TAMPER, R-RIGHTS-AUDIT):
# modes and operator records are journalled with who and why, the control socket
# answers bad requests with errors, rights changes reach the journal, and after a
# clean stop `gatehouse verify` passes with the shutdown checkpoint.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
CTL="$GH_BUILD_DIR/bin/gatehouse-controller"
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "controller: $*" >&2; exit 1; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init --site Test >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" door add "Porte bureaux" --from Hall --to Bureaux
"$CTL" --control "$tmp/control" 2>"$tmp/log" &
pid=$!
i=0
while [ ! -S "$tmp/control" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no control socket"; sleep 0.05
done
ask() {
	python3 - "$tmp/control" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
print(s.makefile().readline().rstrip("\n"))
PY
}
out=$(ask status)
echo "$out" | grep -q '"mode":"normal"' || fail "status: $out"
echo "$out" | grep -q '"name":"Porte bureaux"' || fail "status doors: $out"
[ "$(ask 'mode lockdown amina Exercice incendie')" = "ok mode lockdown" ] || fail "mode"
ask status | grep -q '"mode":"lockdown"' || fail "mode not kept"
ask 'record login amina {"ip": "127.0.0.1", "totp": true}' | grep -q '^ok ' || fail "record"
ask 'record login amina [1,2]' | grep -q '^error' || fail "record accepted an array"
ask 'mode panic amina x' | grep -q '^error' || fail "bad mode accepted"
ask 'ack 99999 amina rien' | grep -q '^error no active alarm' || fail "ack of nothing"
ask 'frobnicate' | grep -q '^error unknown request' || fail "unknown request"
ask 'unlock "Porte bureaux" amina livraison' | grep -q '^error' || fail "unlock without I/O"
ask "$(printf 'st\001atus')" | grep -q '^error' || fail "control character accepted"
# A rights change made while it runs reaches the journal within a few seconds.
"$GH" zone set Bureaux --passback hard
i=0
until "$GH" events --format csv | grep -q 'zone.set'; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "audit trail not copied"; sleep 0.1
done
kill -TERM "$pid"; wait "$pid" || fail "exit status $?"; pid=
ev=$("$GH" events --format csv)
echo "$ev" | grep -q 'mode-changed,.*,amina,' || fail "mode change not journalled with its operator"
echo "$ev" | grep -q 'Exercice incendie' || fail "mode change reason"
echo "$ev" | grep -q ',operator,.*login' || fail "operator record"
echo "$ev" | grep -q 'rights-change' || fail "rights changes"
v=$("$GH" verify) || fail "verify: $v"
echo "$v" | grep -q '^ok .* checkpoints$' || fail "unsigned tail after a clean stop: $v"
echo "controller: ok ($v)"
