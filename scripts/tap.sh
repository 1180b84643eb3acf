#!/bin/sh
# Present a badge to an emulated reader of the demo (or of any site whose readers run
# under gatehouse-pn532-emu with --socket DIR/READER.ctl):
#   scripts/tap.sh READER UID [SECONDS]       e.g. scripts/tap.sh r-entree 04A1B2C3
# The card is created on that reader's emulator if needed, held in the field SECONDS
# (default 1), then removed.  READERS_DIR defaults to ./var/readers.
set -eu
[ $# -ge 2 ] || { echo "usage: scripts/tap.sh READER UID [SECONDS]" >&2; exit 2; }
dir=${READERS_DIR:-$(pwd)/var/readers}
python3 - "$dir/$1.ctl" "$2" "${3:-1}" <<'PY'
import socket, sys, time
path, uid, hold = sys.argv[1], sys.argv[2].upper().replace(":", ""), float(sys.argv[3])
try:
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
except OSError as e:
    sys.exit(f"tap: no emulator at {path}: {e}")
f = s.makefile("rw")
def ask(req):
    f.write(req + "\n"); f.flush()
    return f.readline().strip()
kind = "classic"
ans = ask(f"card {uid} {kind} {uid}")
if ans.startswith("error") and "exists" not in ans:
    sys.exit(f"tap: {ans}")
ans = ask(f"place {uid}")
if not ans.startswith("ok"):
    sys.exit(f"tap: {ans}")
time.sleep(hold)
ask("remove")
print(f"tapped {uid} on {path.rsplit('/', 1)[-1][:-4]}")
PY
