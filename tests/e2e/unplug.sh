#!/bin/sh
# Readers unplugged and replugged, door I/O lost and back (R-TRACE, R-DETECT; IEC
# 60839-11-1: loss of communication never releases a door).  Four readers, each on its
# own PN532 emulator, at four fail-secure doors on the door simulator.
#   1. UNPLUGS (default 100) unplugs in all, shared by the four readers: an emulator is
#      killed, the reader seen offline, the emulator started again on the same link,
#      the reader seen online.  Every one is a reader-offline then a reader-online row
#      in the journal, alternating per reader; the controller never restarts.
#   2. DROPS (default 15) times the door simulator is killed and started again: each
#      loss is a door-io-offline row, each return a door-io-online row; the doors go
#      offline and come back locked (the new simulator is told each door again).
#   Throughout, no relay ever releases (the simulator's log, kept across its restarts),
#   and afterwards a badge at every reader is granted and its door released.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
tmp=$(mktemp -d)
cleanup() {
	for f in "$tmp"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
. tests/e2e/lib/office.sh
office_site 4
python3 - "$GH_BUILD_DIR" "$tmp" "${UNPLUGS:-100}" "${DROPS:-15}" <<'PY'
import json, os, socket, subprocess, sys, threading, time
build, tmp, unplugs, drops = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
gh = build + "/bin/gatehouse"

def fail(msg):
    sys.exit("unplug: " + msg)

def ask(path, req):
    s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(path)
    s.sendall(req.encode() + b"\n")
    line = s.makefile().readline().rstrip("\n"); s.close(); return line

def spawn(name, argv, sock):
    if os.path.exists(sock):
        os.unlink(sock)
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    open(os.path.join(tmp, name + ".pid"), "w").write(str(p.pid))
    for _ in range(400):
        if os.path.exists(sock):
            return p
        time.sleep(0.01)
    fail("%s did not start" % name)

def emulator(k):
    return spawn("emu-%d" % k, [build + "/bin/gatehouse-pn532-emu", "--socket",
                 os.path.join(tmp, "emu-%d" % k), "--link", os.path.join(tmp, "tty-%d" % k)],
                 os.path.join(tmp, "emu-%d" % k))

def simulator():
    return spawn("sim", [build + "/bin/gatehouse-door-sim", "--socket",
                 os.path.join(tmp, "sim"), "--log", os.path.join(tmp, "relays")],
                 os.path.join(tmp, "sim"))

control = os.path.join(tmp, "control")
def status():
    return json.loads(ask(control, "status"))

def wait(what, cond, limit=60):
    end = time.time() + limit
    while time.time() < end:
        if cond():
            return
        time.sleep(0.05)
    fail("waited %d s for %s: %s" % (limit, what, ask(control, "status")))

def reader_state(k):
    return [r["state"] for r in status()["readers"] if r["id"] == "r%d" % k][0]

def door_states():
    return {d["name"]: d["state"] for d in status()["doors"]}

emus = {k: emulator(k) for k in (1, 2, 3, 4)}
sim = simulator()
ctl = subprocess.Popen([build + "/bin/gatehouse-controller", "--control", control,
                        "--door-sim", os.path.join(tmp, "sim")], stderr=subprocess.DEVNULL)
open(os.path.join(tmp, "ctl.pid"), "w").write(str(ctl.pid))
wait("the controller", lambda: os.path.exists(control))
for k in (1, 2, 3, 4):
    wait("r%d online" % k, lambda: reader_state(k) == "online")

def journal():
    out = subprocess.run([gh, "events", "--format", "json"], capture_output=True, text=True).stdout
    data = json.loads(out) if out.strip().startswith("[") else \
        [json.loads(l) for l in out.splitlines() if l.strip()]
    return sorted(data, key=lambda r: r["seq"])

def released():
    return sum(1 for l in open(os.path.join(tmp, "relays")) if l.split()[-1:] == ["1"])

# 1. Unplugs, the four readers at once.
errors = []
def unplugger(k, n):
    try:
        for _ in range(n):
            emus[k].kill(); emus[k].wait()
            wait("r%d offline" % k, lambda: reader_state(k) == "offline")
            emus[k] = emulator(k)
            wait("r%d online" % k, lambda: reader_state(k) == "online")
    except SystemExit as e:
        errors.append(str(e))
t0 = time.time()
threads = [threading.Thread(target=unplugger, args=(k, unplugs // 4 + (k <= unplugs % 4)))
           for k in (1, 2, 3, 4)]
for t in threads: t.start()
for t in threads: t.join()
if errors:
    fail(errors[0])
t_unplug = time.time() - t0
if ctl.poll() is not None:
    fail("the controller died (exit %s)" % ctl.returncode)
if released():
    fail("a relay released while readers came and went")
rows = journal()
for k in (1, 2, 3, 4):
    seq = [r["kind"] for r in rows if r.get("reader") == "r%d" % k and
           r["kind"] in ("reader-offline", "reader-online")]
    n = unplugs // 4 + (k <= unplugs % 4)
    if seq != ["reader-offline", "reader-online"] * n:
        fail("r%d: %d unplugs but the journal says %s" % (k, n, seq[:8]))
offline = sum(1 for r in rows if r["kind"] == "reader-offline")

# 2. The door simulator dropped and started again.
t0 = time.time()
for d in range(drops):
    sim.kill(); sim.wait()
    wait("doors offline", lambda: set(door_states().values()) == {"offline"})
    sim = simulator()
    wait("doors back", lambda: set(door_states().values()) == {"locked"})
    for k in (1, 2, 3, 4):
        if ask(os.path.join(tmp, "sim"), "lock D%d" % k) != "ok locked":
            fail("D%d not declared locked again after drop %d" % (k, d + 1))
t_drop = time.time() - t0
if ctl.poll() is not None:
    fail("the controller died (exit %s)" % ctl.returncode)
if released():
    fail("a relay released while the door I/O came and went")
rows = journal()
seq = [r["kind"] for r in rows if r["kind"] in ("door-io-offline", "door-io-online")]
if seq != ["door-io-offline", "door-io-online"] * drops:
    fail("%d drops but the journal says %s" % (drops, seq[:8]))
if not any(r["kind"] == "alarm-raised" and "door-io-offline" in json.dumps(r) for r in rows):
    fail("no door-io-offline alarm")

# 3. Every reader still decides, every door still opens.
for k in (1, 2, 3, 4):
    e = os.path.join(tmp, "emu-%d" % k)
    before = released()
    ask(e, "card amina classic 04112233445566"); ask(e, "place amina")
    wait("a grant at r%d" % k, lambda: sum(1 for r in journal() if r["kind"] == "access"
         and r.get("reader") == "r%d" % k and r.get("decision") == "granted") == 1)
    wait("D%d released" % k, lambda: released() > before)
    ask(e, "remove")
ctl.terminate(); ctl.wait()
v = subprocess.run([gh, "verify"], capture_output=True, text=True)
if v.returncode != 0:
    fail("verify: " + v.stdout + v.stderr)
print("unplug: %d reader unplugs in %.0f s (%d reader-offline rows, as many reader-online), "
      "%d door I/O drops in %.0f s, no relay released, no restart; every reader decides "
      "afterwards" % (unplugs, t_unplug, offline, drops, t_drop))
PY
