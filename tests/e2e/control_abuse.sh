#!/bin/sh
# The control socket abused while badges are tapped (R-TRACE; IEC 60839-11-1: no fault
# releases a door): random bytes, NUL bytes, invalid UTF-8, 5 KiB lines and unbalanced
# quotes from many connections, clients that never read their answers, clients that
# send half a line and fall silent, and more connections than the controller takes.
# Throughout, a badge is tapped at a reader every half second: every tap is decided
# and journalled, the door released once per grant and never otherwise; the
# controller never dies, answers `status` afterwards, drops the deaf clients at once
# and the ones silent in mid-line after 5 s (not the 30 s a quiet client gets), logs
# the faults (one summary line a second, not a line per fault); `verify` passes.
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
office_site 1
python3 - "$GH_BUILD_DIR" "$tmp" <<'PY'
import json, os, random, socket, subprocess, sys, threading, time
build, tmp = sys.argv[1], sys.argv[2]
gh = build + "/bin/gatehouse"
rnd = random.Random(11)

def fail(msg):
    sys.exit("control_abuse: " + msg)

def ask(path, req, timeout=10):
    s = socket.socket(socket.AF_UNIX); s.settimeout(timeout); s.connect(path)
    s.sendall(req.encode() + b"\n")
    line = s.makefile().readline().rstrip("\n"); s.close(); return line

def spawn(name, argv, sock, err=subprocess.DEVNULL):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
    open(os.path.join(tmp, name + ".pid"), "w").write(str(p.pid))
    for _ in range(400):
        if os.path.exists(sock):
            return p
        time.sleep(0.01)
    fail("%s did not start" % name)

emu = os.path.join(tmp, "emu")
spawn("emu", [build + "/bin/gatehouse-pn532-emu", "--socket", emu, "--link",
              os.path.join(tmp, "tty-1")], emu)
sim = os.path.join(tmp, "sim")
spawn("sim", [build + "/bin/gatehouse-door-sim", "--socket", sim, "--log",
              os.path.join(tmp, "relays")], sim)
control = os.path.join(tmp, "control")
log = open(os.path.join(tmp, "ctl.log"), "w")
ctl = spawn("ctl", [build + "/bin/gatehouse-controller", "--control", control,
                    "--door-sim", sim], control, log)

def online():
    try:
        return json.loads(ask(control, "status"))["readers"][0]["state"] == "online"
    except (OSError, ValueError, IndexError):
        return False
for _ in range(200):
    if online():
        break
    time.sleep(0.05)
else:
    fail("r1 never online")

def released():
    return sum(1 for l in open(os.path.join(tmp, "relays")) if l.split()[-1:] == ["1"])

stop = threading.Event()
counts = {"garbage": 0, "answers": 0, "deaf": 0, "silent": 0}

def garbage():
    """Connections that send hostile lines and read what comes back."""
    while not stop.is_set():
        try:
            s = socket.socket(socket.AF_UNIX); s.settimeout(2); s.connect(control)
            for _ in range(20):
                kind = rnd.randrange(6)
                if kind == 0:
                    line = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200)))
                elif kind == 1:
                    line = b"status\x00status"
                elif kind == 2:
                    line = b"\xff\xfe unlock D1 x y"
                elif kind == 3:
                    line = b"A" * 5000
                elif kind == 4:
                    line = b'mode "evacuation x y'
                else:
                    line = b"unlock D1 \"\" " + bytes(rnd.randrange(32) for _ in range(20))
                s.sendall(line.replace(b"\n", b" ") + b"\n")
                counts["garbage"] += 1
            s.shutdown(socket.SHUT_WR)
            while s.recv(65536):
                counts["answers"] += 1
            s.close()
        except OSError:
            pass    # turned away (too many connections) or dropped: both fine

def deaf():
    """A client that asks and asks and never reads: dropped, never waited for."""
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(control); s.setblocking(False)
        sent = 0
        while not stop.is_set() and sent < 20000:
            try:
                s.send(b"status\n"); sent += 1
            except BlockingIOError:
                time.sleep(0.01)
            except OSError:
                counts["deaf"] += 1     # the controller hung up on it
                return
        stop.wait()
    except OSError:
        pass

silent = []
def hang():
    """Half a line, then silence."""
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(control); s.sendall(b"sta")
        silent.append(s)
    except OSError:
        pass

for _ in range(10):
    hang()
threads = [threading.Thread(target=garbage) for _ in range(6)] + \
          [threading.Thread(target=deaf) for _ in range(3)]
for t in threads:
    t.start()
# Taps meanwhile, one every half second.
taps = 12
ask(emu, "card amina classic 04112233445566")
for _ in range(taps):
    ask(emu, "place amina"); time.sleep(0.25); ask(emu, "remove"); time.sleep(1.3)
stop.set()
for t in threads:
    t.join()
if ctl.poll() is not None:
    fail("the controller died (exit %s)" % ctl.returncode)
# The silent clients (half a line, sent before the taps began, about 18 s ago) are
# dropped after 5 s: gone before the 30 s that a quiet client with nothing pending
# gets.
end = time.time() + 5
for s in silent:
    s.settimeout(max(0.1, end - time.time()))
    try:
        if s.recv(10) == b"":
            counts["silent"] += 1
    except OSError:
        pass
st = json.loads(ask(control, "status"))
ctl.terminate(); ctl.wait()
rows = subprocess.run([gh, "events", "--format", "json"], capture_output=True, text=True).stdout
rows = json.loads(rows) if rows.strip().startswith("[") else \
    [json.loads(l) for l in rows.splitlines() if l.strip()]
grants = sum(1 for r in rows if r["kind"] == "access" and r.get("decision") == "granted")
others = [r for r in rows if r["kind"] in ("door-released", "mode-changed")]
if grants != taps:
    fail("%d taps but %d grants journalled" % (taps, grants))
if released() != grants:
    fail("the relay released %d times for %d grants" % (released(), grants))
if others or st["mode"] != "normal":
    fail("garbage unlocked a door or changed the mode: %s" % others[:2])
if counts["deaf"] == 0:
    fail("no deaf client was dropped")
if counts["silent"] != len(silent):
    fail("%d of %d silent clients dropped" % (counts["silent"], len(silent)))
text = open(os.path.join(tmp, "ctl.log")).read()
if "request(s) refused" not in text or "silent client(s) dropped" not in text:
    fail("the faults are not in the controller's log")
if "dropping a client" not in text:
    fail("the deaf clients' drop is not logged")
lines = [l for l in text.splitlines() if "request(s) refused" in l]
v = subprocess.run([gh, "verify"], capture_output=True, text=True)
if v.returncode != 0:
    fail("verify: " + v.stdout + v.stderr)
print("control_abuse: %d hostile lines on %s answers, %d deaf and %d silent clients "
      "dropped, %d taps all decided, the relay released once per grant; faults logged "
      "in %d summary lines" % (counts["garbage"], counts["answers"], counts["deaf"],
      counts["silent"], taps, len(lines)))
PY
