#!/bin/sh
# Power cut (kill -9) during a purge and during a CSV import, the controller running
# (R-RETENTION, R-TAMPER, R-TRACE, R-RIGHTS-AUDIT).  After every cut the data is as
# before or as after, never half:
#   purge: the journal holds all the rows past their retention or none of them (and
#     then exactly one `purge` row); `gatehouse verify` passes; the export files and
#     the journal agree: every exported row is a row of the journal as it was, none
#     twice, and once the purge is done every purged row is exported; the .sha256
#     files match.  The cut lands at growing delays, before, during and after the
#     export, until one purge completes.
#   import people: a CSV of IMPORT_ROWS people with badges; the people, badges and
#     audit rows are all there or none; verify passes; once an import completes, the
#     controller has copied every audit row to the journal (rights-change).
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || { echo "power_cut_data: libfaketime missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
cleanup() {
	[ -f "$tmp/ctl.pid" ] && kill -KILL "$(cat "$tmp/ctl.pid")" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
# The site was set up more than a year ago (its audit rows are that old too).
LD_PRELOAD="$FT" FAKETIME=-400d "$GH" init >/dev/null
LD_PRELOAD="$FT" FAKETIME=-400d "$GH" zone add Hall --level public
python3 - "$GH_BUILD_DIR" "$tmp" "$FT" "${PURGE_ROWS:-20000}" "${IMPORT_ROWS:-10000}" <<'PY'
import csv, glob, hashlib, io, json, os, signal, socket, subprocess, sys, time
build, tmp, ft, purge_rows, import_rows = sys.argv[1], sys.argv[2], sys.argv[3], \
    int(sys.argv[4]), int(sys.argv[5])
ctlbin, gh = build + "/bin/gatehouse-controller", build + "/bin/gatehouse"
path = os.path.join(tmp, "control")
exports = os.path.join(tmp, "exports")

def fail(msg):
    sys.exit("power_cut_data: " + msg)

def start(env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    p = subprocess.Popen([ctlbin, "--control", path], env=env, stderr=subprocess.DEVNULL)
    open(os.path.join(tmp, "ctl.pid"), "w").write(str(p.pid))
    for _ in range(400):
        try:
            s = socket.socket(socket.AF_UNIX); s.connect(path); return p, s
        except OSError:
            time.sleep(0.02)
    fail("the controller did not start")

def stop(p):
    p.terminate(); p.wait()
    if os.path.exists(path):
        os.unlink(path)

def run(*args):
    return subprocess.run([gh] + list(args), capture_output=True, text=True)

def rows():
    out = run("events", "--format", "json").stdout
    data = json.loads(out) if out.strip().startswith("[") else \
        [json.loads(l) for l in out.splitlines() if l.strip()]
    return {r["seq"]: r for r in data}

def verify(when):
    v = run("verify")
    if v.returncode != 0:
        fail("%s: verify: %s" % (when, v.stdout + v.stderr))

# 1. A year and more ago (the controller's clock only): PURGE_ROWS operator records.
p, s = start({"LD_PRELOAD": ft, "FAKETIME": "-400d", "FAKETIME_DONT_FAKE_MONOTONIC": "1"})
f = s.makefile()
n = 0
while n < purge_rows:
    batch = min(500, purge_rows - n)
    s.sendall(b"".join(b'record test archiviste {"n": %d}\n' % (n + k) for k in range(batch)))
    for _ in range(batch):
        if not f.readline().startswith("ok "):
            fail("record refused")
    n += batch
s.close(); stop(p)
# 2. Today: the controller runs through every cut.
p, s = start(); s.close()
before = rows()
cut = time.time() - 300 * 86400
# What the purge removes: the longest run of rows from the first that are all past
# their retention (every one of them a year old here).
old = set()
for q in sorted(before):
    t = before[q]["time"][:19].replace("T", " ")
    if time.mktime(time.strptime(t, "%Y-%m-%d %H:%M:%S")) - time.timezone >= cut:
        break
    old.add(q)
if len(old) < purge_rows:
    fail("only %d old rows" % len(old))

def exported(complete):
    """seq -> row of every whole exported line; a torn last line only while the purge
    is not complete."""
    seen = {}
    for name in sorted(glob.glob(os.path.join(exports, "journal-*.jsonl"))):
        data = open(name, "rb").read()
        lines = data.split(b"\n")
        if lines[-1] != b"":
            if complete:
                fail("%s ends in a torn line after the purge" % name)
        for line in lines[:-1]:
            try:
                e = json.loads(line)
            except ValueError:
                fail("%s: a line that is not a whole row: %r" % (name, line[:80]))
            q = e["row"]["seq"]
            if q in seen:
                fail("row %d exported twice" % q)
            seen[q] = e["row"]
    return seen

outcomes = {"killed before the export": 0, "killed during the export": 0,
            "killed between the export and the deletion": 0, "killed after the deletion": 0,
            "completed": 0}
delay, cycles, done = 0.0, 0, False
while not done:
    cycles += 1
    if cycles > 200:
        fail("the purge never completed")
    pr = subprocess.Popen([gh, "purge"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    pr.send_signal(signal.SIGKILL)
    pr.wait()
    now = rows()
    present = old & set(now)
    purges = [r for r in now.values() if r["kind"] == "purge"]
    if present == old:
        if purges:
            fail("cycle %d: a purge row but the rows are still there" % cycles)
    elif not present:
        if len(purges) != 1:
            fail("cycle %d: rows gone with %d purge rows" % (cycles, len(purges)))
        done = True
    else:
        fail("cycle %d: half purged: %d of %d old rows left" % (cycles, len(present), len(old)))
    for q, r in now.items():
        if q in before and r != before[q]:
            fail("cycle %d: row %d changed" % (cycles, q))
    verify("purge cycle %d" % cycles)
    ex = exported(done)
    for q, r in ex.items():
        if q not in old:
            fail("cycle %d: exported row %d was not past its retention" % (cycles, q))
        b = before[q]
        if r.get("kind") != b["kind"] or r.get("operator") != b.get("operator"):
            fail("cycle %d: exported row %d differs from the journal's" % (cycles, q))
    if done:
        if set(ex) != old:
            fail("purged rows missing from the export: %s" % sorted(old - set(ex))[:5])
        outcomes["completed" if pr.returncode == 0 else "killed after the deletion"] += 1
    elif not ex:
        outcomes["killed before the export"] += 1
    elif len(ex) < len(old):
        outcomes["killed during the export"] += 1
    else:
        outcomes["killed between the export and the deletion"] += 1
    print("purge run %d, cut at %.2f s: %s" % (cycles, delay, "done" if done else
          "%d rows exported" % len(ex)), flush=True)
    delay += 0.01
for name in glob.glob(os.path.join(exports, "journal-*.jsonl")):
    side = open(name + ".sha256").read().split()[0]
    if side != hashlib.sha256(open(name, "rb").read()).hexdigest():
        fail("%s.sha256 does not match" % name)
purge_report = "purge: %d rows, %d runs (%s)" % (len(old), cycles,
    ", ".join("%s %d" % kv for kv in outcomes.items()))

# 3. Import: one CSV per cut, IMPORT_ROWS people each with a badge.
def count(*args):
    out = run(*(list(args) + ["--format", "csv"])).stdout
    return max(0, len(out.splitlines()) - 1)

def state():
    return count("person", "list"), count("badge", "list"), count("audit")

def write_csv(k):
    name = os.path.join(tmp, "people-%d.csv" % k)
    with open(name, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["ref", "name", "kind", "org", "badge", "valid_until"])
        for i in range(import_rows):
            w.writerow(["P%d-%06d" % (k, i), "Personne %d-%d" % (k, i), "staff",
                        "Société %d" % (i % 17), "%02X%06X" % (k, i), ""])
    return name

base = state()
rc_base = sum(1 for r in rows().values() if r["kind"] == "rights-change")
delay, k, cuts, kept = 0.05, 0, 0, 0
while True:
    k += 1
    if k > 100:
        fail("the import never completed")
    name = write_csv(k)
    pr = subprocess.Popen([gh, "import", "people", name], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    time.sleep(delay)
    pr.send_signal(signal.SIGKILL)
    pr.wait()
    st = state()
    if st == base:
        cuts += 1
    elif st[0] == base[0] + import_rows and st[1] == base[1] + import_rows and st[2] > base[2]:
        kept += 1
        break
    else:
        fail("import cut %d: half imported: people/badges/audit %s, before %s" % (k, st, base))
    verify("import cut %d" % k)
    print("import cut %d at %.2f s: nothing imported" % (k, delay), flush=True)
    delay += 0.1
verify("import")
# The controller copies the audit trail to the journal: every row once.
audit = count("audit") - base[2]
for _ in range(300):
    rc = sum(1 for r in rows().values() if r["kind"] == "rights-change") - rc_base
    if rc >= audit:
        break
    time.sleep(0.2)
if rc != audit:
    fail("%d new audit rows but %d new rights-change rows in the journal" % (audit, rc))
s = socket.socket(socket.AF_UNIX); s.connect(path)
s.sendall(b"status\n")
if not s.makefile().readline().startswith("{"):
    fail("the controller does not answer")
stop(p)
verify("the end")
print("power_cut_data: %s; import: %d people, %d cuts left nothing, then all %d imported "
      "(%d audit rows, all in the journal)" % (purge_report, import_rows, cuts, import_rows, audit))
PY
