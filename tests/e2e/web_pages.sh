#!/bin/sh
# The web UI's person, events, audit and review pages as their users see them, over
# TLS with the certificate `gatehouse init` made: a grant made on the person page
# shows in the rights report (R-RIGHTS-REPORT) and in the audit trail as web:OFFICER
# with its before and after (R-RIGHTS-AUDIT); a visitor's identity document and host
# (R-VISITOR-ID); UID badges flagged cloneable; a guard reports a badge lost but gets
# 403 on grants, deprovisioning and reviews (R-LEAST-PRIVILEGE); deprovisioning ends
# everything at once (R-VALIDITY); events filtered by person and exported as CSV and
# JSON with formula cells neutralised (R-EXPORT); an officer signs the month on the
# web, the evidence is the stored file and `gatehouse review check` passes, an auditor
# reads and downloads but cannot sign (R-REVIEW).
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "web_pages: $*" >&2; [ -f "$tmp/web.log" ] && tail -5 "$tmp/web.log" >&2; exit 1; }
waitfor() { i=0; while [ ! -e "$1" ]; do i=$((i+1)); [ $i -lt 200 ] || fail "no $1"; sleep 0.05; done; }
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
emu() { r=$(ask "$tmp/emu" "$1"); [ "${r%% *}" = ok ] || fail "emulator: $1: $r"; }
ctl() { ask "$tmp/control" "$1"; }
secret() { sed -n 's/^  \([A-Z2-7]\{32\}\)$/\1/p'; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init --site "Siège" >/dev/null
"$GH" set sensitive-requires-secure off
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" zone add Serveurs --level sensitive
"$GH" reader add r1 --connstring "pn532_uart:$tmp/tty"
"$GH" door add D1 --from Bureaux --to Serveurs --reader r1 --release-s 1
"$GH" schedule add Ouvrable --window "mon-fri 07:00-20:00"
"$GH" schedule add Toujours --window "daily 00:00-24:00"
"$GH" profile add Tech
"$GH" profile rule Tech --zone Serveurs --schedule Ouvrable
"$GH" profile add Nuit
"$GH" profile rule Nuit --zone Serveurs --schedule Toujours
"$GH" person add amina --name "Amina <b>El Idrissi</b>" --kind staff --org "=HYPERLINK(1)"
"$GH" person add omar --name "Omar Benali" --kind staff --can-escort
"$GH" person add yasmine --name "Yasmine Alaoui" --kind staff
"$GH" person add v1 --name "Visiteur Un" --kind visitor --org "ACME"
"$GH" visit add v1 --host omar --id-doc "passport:AB123456"
"$GH" person grant amina Nuit
"$GH" badge enroll 04112233445566 --person amina >/dev/null
"$GH" badge enroll AABBCCDD --person omar >/dev/null
"$GH" badge enroll A1B2C3D4 --person yasmine >/dev/null
echo "une phrase de passe assez longue" | "$GH" operator add karim --role officer \
	--password-stdin > "$tmp/karim" || fail "operator add karim"
echo "le gardien de nuit veille bien" | "$GH" operator add samir --role guard \
	--password-stdin > "$tmp/samir" || fail "operator add samir"
echo "l'auditrice lit tout sans rien changer" | "$GH" operator add nadia --role auditor \
	--password-stdin > "$tmp/nadia" || fail "operator add nadia"
"$EMU" --socket "$tmp/emu" --link "$tmp/tty" >/dev/null & pids="$pids $!"
waitfor "$tmp/emu"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>"$tmp/ctl.log" &
pids="$pids $!"
waitfor "$tmp/control"
i=0; while ! ctl status | grep -q '"id":"r1","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "reader never online"; sleep 0.1; done
# Taps at D1: Amina twice (granted), Omar (no profile: refused), an unknown badge.
emu "card amina classic 04112233445566"; emu "card omar classic AABBCCDD"
emu "card x classic DEADBEEF"
for c in amina amina omar x; do emu "place $c"; sleep 0.3; emu remove; sleep 1.2; done
# An operator record whose kind starts like a spreadsheet formula (R-EXPORT).
ctl 'record =2+3 karim {"note":"export"}' | grep -q '^ok' || fail "record"
port=$((20000 + ($$ + 7) % 20000))
"$GH_BUILD_DIR/bin/gatehouse-web" --db "$tmp/config.db" --journal "$tmp/journal.db" \
	--control "$tmp/control" --listen "127.0.0.1:$port" --timeout-s 5 2>"$tmp/web.log" &
pids="$pids $!"
i=0; while ! grep -q serving "$tmp/web.log" 2>/dev/null; do
	i=$((i+1)); [ $i -lt 100 ] || fail "gatehouse-web did not start"; sleep 0.05; done
if [ -n "${WEB_PAGES_HOLD:-}" ]; then
	echo "https://127.0.0.1:$port/ $tmp karim=$(secret < "$tmp/karim")"; sleep "$WEB_PAGES_HOLD"; fi
