#!/bin/sh
# The emulator's DESFire EV1 card through unmodified libnfc and libfreefare's own tool
# (mifare-desfire-info, Debian libfreefare-bin): version, key settings and free memory
# as a factory card reports them; a card saved with `save` and loaded into a restarted
# emulator is the same card; damaged card files are refused.
set -eu
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "pn532_desfire: $*" >&2; exit 1; }
ask() {
	python3 - "$tmp/emu" "$@" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile()
for req in sys.argv[2:]:
    s.sendall(req.encode() + b"\n"); print(f.readline().rstrip("\n"))
PY
}
start() {
	rm -f "$tmp/emu"
	"$EMU" --socket "$tmp/emu" --link "$tmp/tty" >/dev/null & pid=$!
	i=0; while [ ! -S "$tmp/emu" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no emulator"; sleep 0.05; done
}
info() { LIBNFC_DEVICE="pn532_uart:$tmp/tty" timeout 20 mifare-desfire-info 2>&1; }
start
[ "$(ask 'card d desfire 04A1B2C3D4E5F6' 'place d')" = "ok
ok" ] || fail "placing a DESFire card"
out=$(info) || fail "mifare-desfire-info: $out"
echo "$out" | grep -q "UID: *0x04a1b2c3d4e5f6" || fail "UID: $out"
echo "$out" | grep -q "Storage size: *0x18" || fail "storage size: $out"
echo "$out" | grep -q "Master Key settings (0x0f)" || fail "factory key settings: $out"
echo "$out" | grep -q "Free memory: *4096 bytes" || fail "free memory: $out"
# Saved, the emulator restarted, loaded: the same card.
[ "$(ask "save d $tmp/card")" = ok ] || fail "save"
kill "$pid"; wait "$pid" 2>/dev/null || true
start
[ "$(ask "load again $tmp/card" 'place again')" = "ok
ok" ] || fail "load"
out2=$(info) || fail "mifare-desfire-info after reload: $out2"
echo "$out2" | grep -q "UID: *0x04a1b2c3d4e5f6" || fail "UID after reload: $out2"
# A damaged file is refused and changes nothing.
sed 's/^\(.\{12\}\).*/\1ZZ/' "$tmp/card" > "$tmp/bad"
ask "load bad $tmp/bad" | grep -q "^error" || fail "a damaged card file was loaded"
ask "cards" | grep -q "bad:" && fail "a damaged card was kept"
echo "pn532_desfire: ok"
