#!/bin/sh
# Power cut (R-TRACE, R-TAMPER): operator records stream into the controller while it
# is killed with SIGKILL at random moments; after each restart every record the
# controller acknowledged is in the journal, and `gatehouse verify` passes.
# CYCLES (default 20; `make test-long` runs 200).
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
CTL="$GH_BUILD_DIR/bin/gatehouse-controller"
CYCLES=${CYCLES:-20}
tmp=$(mktemp -d)
trap 'pkill -KILL -f "gatehouse-controller --control $tmp/control" 2>/dev/null || true; rm -rf "$tmp"' EXIT
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
python3 - "$CTL" "$GH" "$tmp" "$CYCLES" <<'PY'
import os, random, socket, subprocess, sys, time
ctl, gh, tmp, cycles = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
path = os.path.join(tmp, "control")
acked = set()
random.seed(int(os.environ.get("SEED", "1")))
for cycle in range(cycles):
    p = subprocess.Popen([ctl, "--control", path], stderr=subprocess.DEVNULL)
    for _ in range(200):
        if os.path.exists(path):
            try:
                s = socket.socket(socket.AF_UNIX); s.connect(path); break
            except OSError:
                time.sleep(0.01)
        else:
            time.sleep(0.01)
    else:
        sys.exit("controller did not start")
    f = s.makefile()
    deadline = time.time() + random.uniform(0.05, 0.3)
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
    except OSError:
        pass
    p.wait()
    s.close()
    out = subprocess.run([gh, "events", "--format", "csv"], capture_output=True, text=True)
    seqs = {int(l.split(",")[0]) for l in out.stdout.splitlines()[1:] if l}
    missing = acked - seqs
    if missing:
        sys.exit("cycle %d: acknowledged but lost: %s" % (cycle, sorted(missing)[:5]))
# The next start signs what the last kill left unsigned.
p = subprocess.Popen([ctl, "--control", path], stderr=subprocess.DEVNULL)
time.sleep(0.3)
p.terminate(); p.wait()
v = subprocess.run([gh, "verify"], capture_output=True, text=True)
if v.returncode != 0:
    sys.exit("verify failed: " + v.stdout + v.stderr)
print("power_cut: %d cycles, %d acknowledged records all kept; %s" % (cycles, len(acked), v.stdout.strip()))
PY
