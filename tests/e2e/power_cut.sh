#!/bin/sh
# Power cut (R-TRACE, R-TAMPER): badges are tapped at a reader and operator records
# stream into the controller while it is killed with SIGKILL at random moments.  After
# each restart `gatehouse verify` passes, and
#   - every record the controller acknowledged is in the journal;
#   - every event it announced (subscribe: what a guard's screen and the reader's
#     feedback show) is in the journal, as announced;
#   - the door's relay never released more often than grants were journalled.
# CYCLES (default 20; `make test-long` runs 200).
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
CYCLES=${CYCLES:-20}
tmp=$(mktemp -d)
pids=
cleanup() {
	pkill -KILL -f "gatehouse-controller --control $tmp/control" 2>/dev/null || true
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
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
"$GH" set brute-force-count 100
"$GH_BUILD_DIR/bin/gatehouse-pn532-emu" --socket "$tmp/emu" --link "$tmp/tty" >/dev/null &
pids="$pids $!"
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/sim" --log "$tmp/relays" & pids="$pids $!"
i=0; while [ ! -S "$tmp/emu" ] || [ ! -S "$tmp/sim" ]; do
	i=$((i+1)); [ $i -lt 100 ] || { echo "power_cut: no emulator or simulator" >&2; exit 1; }
	sleep 0.05; done
python3 - "$GH_BUILD_DIR" "$tmp" "$CYCLES" <<'PY'
import json, os, random, socket, subprocess, sys, threading, time
build, tmp, cycles = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctl, gh = build + "/bin/gatehouse-controller", build + "/bin/gatehouse"
path = os.path.join(tmp, "control")
random.seed(int(os.environ.get("SEED", "1")))

def connect(p):
    s = socket.socket(socket.AF_UNIX); s.connect(p); return s

emu = connect(os.path.join(tmp, "emu")).makefile("rw")
def emu_ask(req):
    emu.write(req + "\n"); emu.flush(); return emu.readline()
emu_ask("card amina classic 04112233445566")
emu_ask("card stranger classic DEADBEEF")
stop = threading.Event()
def tapper():
    while not stop.is_set():
        for card in ("amina", "stranger"):
            emu_ask("place " + card); time.sleep(0.12)
            emu_ask("remove"); time.sleep(0.12)
threading.Thread(target=tapper, daemon=True).start()

def journal():
    out = subprocess.run([gh, "events", "--format", "json"], capture_output=True, text=True)
    rows = json.loads(out.stdout) if out.stdout.strip().startswith("[") else \
        [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    return {r["seq"]: r for r in rows}

acked, announced = set(), {}
for cycle in range(cycles):
    p = subprocess.Popen([ctl, "--control", path, "--door-sim", os.path.join(tmp, "sim")],
                         stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            s = connect(path); sub = connect(path); break
        except OSError:
            time.sleep(0.01)
    else:
        sys.exit("controller did not start")
    v = subprocess.run([gh, "verify"], capture_output=True, text=True)
    if v.returncode != 0:
        sys.exit("cycle %d: verify after restart: %s" % (cycle, v.stdout + v.stderr))
    subf = sub.makefile()
    sub.sendall(b"subscribe\n")
    def reader():
        for line in subf:
            line = line.strip()
            if line.startswith("{"):
                ev = json.loads(line)
                announced[ev["seq"]] = ev
    t = threading.Thread(target=reader, daemon=True); t.start()
    f = s.makefile()
    deadline = time.time() + random.uniform(0.3, 1.2)
    n = 0
    try:
        while True:
            if time.time() >= deadline:
                p.kill()          # the power goes, mid-stream
            s.sendall(b'record test tester {"cycle": %d, "n": %d}\n' % (cycle, n))
            line = f.readline()
            if not line:
                break
            if line.startswith("ok "):
                acked.add(int(line.split()[1]))
            n += 1
            time.sleep(0.002)
    except OSError:
        pass
    p.wait(); t.join(2); s.close(); sub.close()
    rows = journal()
    missing = acked - set(rows)
    if missing:
        sys.exit("cycle %d: acknowledged but lost: %s" % (cycle, sorted(missing)[:5]))
    for seq, ev in announced.items():
        r = rows.get(seq)
        if r is None or any(r.get(k) != ev.get(k) for k in ("kind", "decision", "credential", "time")):
            sys.exit("cycle %d: announced but not journalled as announced: %s / %s" % (cycle, ev, r))
stop.set()
# The next start signs what the last kill left unsigned.
p = subprocess.Popen([ctl, "--control", path, "--door-sim", os.path.join(tmp, "sim")],
                     stderr=subprocess.DEVNULL)
time.sleep(0.5)
p.terminate(); p.wait()
v = subprocess.run([gh, "verify"], capture_output=True, text=True)
if v.returncode != 0:
    sys.exit("verify failed: " + v.stdout + v.stderr)
rows = journal()
grants = sum(1 for r in rows.values() if r["kind"] == "access" and r.get("decision") == "granted")
refusals = sum(1 for r in rows.values() if r["kind"] == "access" and r.get("decision") == "refused")
releases = sum(1 for l in open(os.path.join(tmp, "relays")) if l.strip() == "sim:D1.relay 1")
if releases > grants:
    sys.exit("the relay released %d times for %d journalled grants" % (releases, grants))
if grants == 0 or refusals == 0:
    sys.exit("no taps decided (%d grants, %d refusals)" % (grants, refusals))
print("power_cut: %d cycles, %d acknowledged records and %d announced events all kept; "
      "%d grants, %d releases, %d refusals; %s" % (cycles, len(acked), len(announced),
      grants, releases, refusals, v.stdout.strip()))
PY
