#!/bin/sh
# Secure badges end to end, through the PN532 emulator and the real libnfc driver:
# `badge enroll --kind desfire` has the controller personalise a blank card at an
# enrollment reader; that card, carried to another reader (its state saved and loaded
# into another emulator), is granted at a sensitive door; a card showing the same UID
# without the key is refused credential-auth-failed with the cloned-credential alarm;
# a UID badge is refused insecure-credential at the sensitive door, granted at a
# private one and listed cloneable; a personalised card is not personalised again.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "desfire: $*" >&2; [ -f "$tmp/log" ] && tail -10 "$tmp/log" >&2; exit 1; }
waitfor() { i=0; while [ ! -e "$1" ]; do i=$((i+1)); [ $i -lt 200 ] || fail "no $1"; sleep 0.05; done; }
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
emu() { r=$(ask "$tmp/emu-$1" "$2"); [ "${r%% *}" = ok ] || fail "emulator $1: $2: $r"; }
ctl() { ask "$tmp/control" "$1"; }
count() { "$GH" events --format csv | grep -c "$1" || true; }
await() { i=0; while [ "$(count "$1")" -lt "$2" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "waited for $2 x '$1'"; sleep 0.1; done; }

export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db" GATEHOUSE_CONTROL="$tmp/control"
"$GH" init >/dev/null
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" zone add Serveurs --level sensitive
for r in 0 1 2; do "$GH" reader add "r$r" --connstring "pn532_uart:$tmp/tty-$r" $([ $r = 0 ] && echo --enrollment); done
"$GH" door add D1 --from Hall --to Bureaux --reader r1 --release-s 1
"$GH" door add D2 --from Bureaux --to Serveurs --reader r2 --release-s 1
"$GH" schedule add Toujours --window "daily 00:00-24:00"
"$GH" profile add Tech
"$GH" profile rule Tech --zone Bureaux --schedule Toujours
"$GH" profile rule Tech --zone Serveurs --schedule Toujours
for p in amina omar; do
	"$GH" person add $p --name "$p" --kind staff
	"$GH" person grant $p Tech
done
"$GH" badge enroll 0A0B0C0D --person omar >/dev/null
for r in 0 1 2; do
	"$EMU" --socket "$tmp/emu-$r" --link "$tmp/tty-$r" >/dev/null & pids="$pids $!"
	waitfor "$tmp/emu-$r"
done
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>"$tmp/log" & pids="$pids $!"
waitfor "$tmp/control"
i=0; while ! ctl status | grep -q '"id":"r2","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "readers never online"; sleep 0.1; done

# Enrollment: the controller personalises the blank card presented at r0.
"$GH" badge enroll --kind desfire --person amina --reader r0 --timeout-s 20 >"$tmp/enroll" 2>&1 &
en=$!
sleep 0.5
emu 0 "card ami desfire 04A1A2A3A4A5A6"
emu 0 "place ami"
wait $en || fail "enroll: $(cat "$tmp/enroll")"
grep -q "enrolled DESFire badge D[0-9]* (card 04A1A2A3A4A5A6) for amina" "$tmp/enroll" ||
	fail "enroll: $(cat "$tmp/enroll")"
cred=$(sed -n 's/.*enrolled DESFire badge \(D[0-9]*\).*/\1/p' "$tmp/enroll")
"$GH" badge list --format csv | grep "$cred" | grep -q desfire || fail "badge not listed"
emu 0 "save ami $tmp/ami.card"
emu 0 "remove"

# A personalised card is not personalised again, and is left as it was.
"$GH" badge enroll --kind desfire --person omar --reader r0 --timeout-s 20 >"$tmp/again" 2>&1 &
en=$!
sleep 0.5
emu 0 "place ami"
if wait $en; then fail "a personalised card was personalised again"; fi
grep -q "already badge $cred of this site" "$tmp/again" || fail "refusal: $(cat "$tmp/again")"
emu 0 "save ami $tmp/ami2.card"
cmp -s "$tmp/ami.card" "$tmp/ami2.card" || fail "the refused card was changed"
emu 0 "remove"

# A card that is not DESFire is refused by personalisation, untouched.
"$GH" badge enroll --kind desfire --person omar --reader r0 --timeout-s 20 >"$tmp/classic" 2>&1 &
en=$!
sleep 0.5
emu 0 "card plain classic 11223344"
emu 0 "place plain"
if wait $en; then fail "a classic card was personalised"; fi
grep -q "not a DESFire card" "$tmp/classic" || fail "refusal: $(cat "$tmp/classic")"
emu 0 "remove"

# The badge, carried to the server room's reader: granted, as its DESFire id.
emu 2 "load ami $tmp/ami.card"
emu 2 "place ami"
await "access,D2,Serveurs,r2,$cred,amina,,granted" 1
emu 2 "remove"
sleep 1.2

# A card that shows amina's UID without the key: refused, alarm.
emu 2 "card clone desfire 04A1A2A3A4A5A6"
emu 2 "place clone"
await "credential-auth-failed" 1
emu 2 "remove"
i=0; while ! ctl status | grep -q '"code":"cloned-credential","source":"r2"'; do
	i=$((i+1)); [ $i -lt 50 ] || fail "no cloned-credential alarm: $(ctl status)"; sleep 0.1; done
# Also a classic card carrying the same UID.
emu 2 "card clone2 classic 04A1A2A3A4A5A6"
emu 2 "place clone2"
await "credential-auth-failed" 2
emu 2 "remove"

# A UID badge: insecure at the sensitive door, fine at the private one, cloneable.
emu 2 "card omar classic 0A0B0C0D"
emu 2 "place omar"
await "insecure-credential" 1
emu 2 "remove"
emu 1 "card omar classic 0A0B0C0D"
emu 1 "place omar"
await "access,D1,Bureaux,r1,0A0B0C0D,omar,,granted" 1
emu 1 "remove"
"$GH" badge list --format csv | grep 0A0B0C0D | grep -q true || fail "UID badge not cloneable"
echo "desfire: ok"
