#!/bin/sh
# Damaged or missing databases at start (R-TAMPER, IEC 60839-11-1: a fault never
# releases a door): the controller refuses to start with a clear message when the
# configuration is missing or not a database, and when the journal is damaged it says
# so and leaves the file exactly as it was (never written to, never replaced).
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
CTL="$GH_BUILD_DIR/bin/gatehouse-controller"
tmp=$(mktemp -d)
trap 'pkill -f "gatehouse-controller --control $tmp/control" 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "faults: $*" >&2; exit 1; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
# Missing.
if "$CTL" --control "$tmp/control" 2>"$tmp/err"; then fail "started without a database"; fi
grep -q "no such database" "$tmp/err" || fail "missing: $(cat "$tmp/err")"
# Not a database.
"$GH" init >/dev/null
head -c 8192 /dev/urandom > "$tmp/config.db"
rm -f "$tmp/config.db-wal" "$tmp/config.db-shm"
if "$CTL" --control "$tmp/control" 2>"$tmp/err"; then fail "started on garbage"; fi
grep -q "not a database" "$tmp/err" || fail "garbage: $(cat "$tmp/err")"
# A damaged journal: a few thousand rows, then three pages overwritten.
rm -rf "$tmp"/*
"$GH" init >/dev/null
"$CTL" --control "$tmp/control" 2>/dev/null & pid=$!
i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
python3 - "$tmp/control" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile()
for i in range(3000):
    s.sendall(b'record test t {"n": %d, "pad": "%s"}\n' % (i, b"x" * 60)); f.readline()
PY
kill "$pid"; wait "$pid" 2>/dev/null || true
dd if=/dev/urandom of="$tmp/journal.db" bs=4096 seek=20 count=3 conv=notrunc 2>/dev/null
before=$(sha256sum "$tmp/journal.db" | cut -d' ' -f1)
if "$CTL" --control "$tmp/control" 2>"$tmp/err"; then fail "started on a damaged journal"; fi
grep -q "is damaged" "$tmp/err" && grep -q "left untouched" "$tmp/err" ||
	fail "damaged journal: $(cat "$tmp/err")"
[ "$(sha256sum "$tmp/journal.db" | cut -d' ' -f1)" = "$before" ] || fail "the damaged journal was changed"
[ ! -e "$tmp/control" ] || fail "the control socket was served"
if "$GH" verify >/dev/null 2>&1; then fail "verify passed a damaged journal"; fi
echo "faults: ok"
