#!/bin/sh
# bench/soak: the whole site under a steady load for SOAK_MINUTES (default 60; `make
# test-long` runs 2), through the real daemons: 20 readers (one PN532 emulator each)
# tapped continuously with staff badges and now and then an unknown one, doors opened
# through the door simulator (exit button, then the contact), web requests to
# gatehouse-web (status, people, login page) and, half-way, a purge of year-old rows.
# Every SOAK_SAMPLE_S seconds (default 60) it records each daemon's resident memory and
# open descriptors and the journal's rows; at the end it prints the table, checks that
# every event the controller announced (subscribe) is in the journal, that no daemon
# died, and that `gatehouse verify` passes (exit 1 otherwise).  Memory and descriptor
# figures are reported, not judged: they are for docs/RELIABILITY.md.
#   bench/soak.sh BUILD-DIR
set -eu
O=$(cd "${1:-build}" && pwd)
GH="$O/bin/gatehouse"
FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || { echo "soak: libfaketime missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
cleanup() {
	for f in "$tmp"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
# The site is a year old: its first rows are past their retention for the purge.
old() { LD_PRELOAD="$FT" FAKETIME=-400d "$@"; }
old "$GH" init --site Soak >/dev/null
old "$GH" zone add Hall --level public
old "$GH" zone add Bureaux --level private
old "$GH" schedule add Toujours --window "daily 00:00-24:00"
old "$GH" profile add Bureau
old "$GH" profile rule Bureau --zone Bureaux --schedule Toujours
old "$GH" set brute-force-count 100
{
	echo "ref,name,kind,org,badge,valid_until"
	i=0; while [ $i -lt 40 ]; do printf 'S-%02d,Personne %d,staff,Exploitation,04%06X,\n' $i $i $i; i=$((i+1)); done
} > "$tmp/people.csv"
old "$GH" import people "$tmp/people.csv" >/dev/null
i=0; while [ $i -lt 40 ]; do old "$GH" person grant "S-$(printf %02d $i)" Bureau; i=$((i+1)); done
k=1; while [ $k -le 20 ]; do
	n=$(printf %02d $k)
	old "$GH" reader add "r$n" --connstring "pn532_uart:$tmp/tty-$n"
	old "$GH" door add "D$n" --from Hall --to Bureaux --reader "r$n" --release-s 1 --held-s 30
	old "$GH" door set "D$n" --relay "sim:D$n.relay" --contact "sim:D$n.contact" --rex "sim:D$n.rex"
	k=$((k+1))
done
echo "le gardien de nuit veille bien" | old "$GH" operator add soak --role guard --password-stdin >/dev/null
old "$GH" operator token add soak soak --role guard | sed -n 's/^  \(gh_.*\)$/\1/p' > "$tmp/token"
python3 - "$O" "$tmp" "$FT" "${SOAK_MINUTES:-60}" "${SOAK_SAMPLE_S:-60}" <<'PY'
import http.client, json, os, random, socket, sqlite3, ssl, subprocess, sys, threading, time
build, tmp, ft, minutes, sample_s = sys.argv[1], sys.argv[2], sys.argv[3], \
    float(sys.argv[4]), float(sys.argv[5])
gh = build + "/bin/gatehouse"
control = os.path.join(tmp, "control")
random.seed(1)

def fail(msg):
    sys.exit("soak: " + msg)

def spawn(name, argv, ready, **kw):
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, **kw)
    open(os.path.join(tmp, name + ".pid"), "w").write(str(p.pid))
    for _ in range(600):
        if ready():
            return p
        time.sleep(0.02)
    fail("%s did not start" % name)

def connect(path):
    s = socket.socket(socket.AF_UNIX); s.settimeout(30); s.connect(path); return s

def ask(path, req):
    s = connect(path); s.sendall(req.encode() + b"\n")
    line = s.makefile().readline().rstrip("\n"); s.close(); return line

def controller(env=None):
    if os.path.exists(control):
        os.unlink(control)
    return spawn("ctl", [build + "/bin/gatehouse-controller", "--control", control,
                 "--door-sim", os.path.join(tmp, "sim")], lambda: os.path.exists(control),
                 env=env, stderr=subprocess.DEVNULL)

# Daemons: the door simulator, 20 emulators, the controller (first a year ago, for
# the purge's rows), the web service.
sim = spawn("sim", [build + "/bin/gatehouse-door-sim", "--socket", os.path.join(tmp, "sim")],
            lambda: os.path.exists(os.path.join(tmp, "sim")))
emus = {}
for k in range(1, 21):
    n = "%02d" % k
    sock = os.path.join(tmp, "emu-" + n)
    emus[n] = spawn("emu-" + n, [build + "/bin/gatehouse-pn532-emu", "--socket", sock,
                    "--link", os.path.join(tmp, "tty-" + n)], lambda: os.path.exists(sock))
    for i in range(40):
        ask(sock, "card S%02d classic 04%06X" % (i, i))
    ask(sock, "card stranger classic DEADBEEF")
ctl = controller(dict(os.environ, LD_PRELOAD=ft, FAKETIME="-400d",
                      FAKETIME_DONT_FAKE_MONOTONIC="1"))
s = connect(control); f = s.makefile()
for b in range(4):
    s.sendall(b"".join(b'record test soak {"old": %d}\n' % (b * 500 + i) for i in range(500)))
    for _ in range(500):
        if not f.readline().startswith("ok "):
            fail("record refused")
s.close(); ctl.terminate(); ctl.wait()
ctl = controller()
port = 30000 + os.getpid() % 20000
web_log = open(os.path.join(tmp, "web.log"), "w")
web = spawn("web", [build + "/bin/gatehouse-web", "--db", os.path.join(tmp, "config.db"),
            "--control", control, "--listen", "127.0.0.1:%d" % port, "--threads", "4"],
            lambda: "serving" in open(os.path.join(tmp, "web.log")).read(), stderr=web_log)
token = open(os.path.join(tmp, "token")).read().strip()
for k in range(1, 21):
    n = "%02d" % k
    end = time.time() + 30
    while '"id":"r%s","state":"online"' % n not in ask(control, "status"):
        if time.time() > end:
            fail("r%s never online" % n)
        time.sleep(0.1)

stop = threading.Event()
counts = {"taps": 0, "openings": 0, "web ok": 0, "web errors": 0}
lock = threading.Lock()
def bump(k):
    with lock:
        counts[k] += 1

# What the controller announces: every event, as it is journalled.
announced = {}
sub = connect(control); sub.settimeout(None); sub.sendall(b"subscribe\n")
def subscriber():
    for line in sub.makefile():
        if line.startswith("{"):
            ev = json.loads(line)
            announced[ev["seq"]] = ev.get("kind")
threading.Thread(target=subscriber, daemon=True).start()

def tapper(n):
    sock = os.path.join(tmp, "emu-" + n)
    r = random.Random(n)
    c = connect(sock); cf = c.makefile()
    def emu(req):
        c.sendall(req.encode() + b"\n"); return cf.readline()
    while not stop.is_set():
        card = "stranger" if r.random() < 0.05 else "S%02d" % r.randrange(40)
        if emu("place " + card).startswith("ok"):
            bump("taps")
        time.sleep(0.4)
        emu("remove")
        time.sleep(0.3 + r.random() * 0.4)

def opener():
    c = connect(os.path.join(tmp, "sim")); cf = c.makefile()
    def sim(req):
        c.sendall(req.encode() + b"\n"); return cf.readline()
    k = 0
    while not stop.is_set():
        # The doors in turn: a door is closed again long before its next turn.
        n = "%02d" % (k % 20 + 1); k += 1
        sim("pulse sim:D%s.rex 200" % n)        # the exit button: the door releases
        time.sleep(0.3)
        sim("pulse sim:D%s.contact 1500" % n)   # opened while released, closed again
        bump("openings")
        time.sleep(1.0)

def webber():
    ctx = ssl.create_default_context(); ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    paths = ["/api/v1/status", "/api/v1/people", "/login"]
    i = 0
    while not stop.is_set():
        path = paths[i % 3]; i += 1
        try:
            h = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=30)
            h.request("GET", path, headers={"Authorization": "Bearer " + token})
            resp = h.getresponse(); resp.read(); h.close()
            bump("web ok" if resp.status == 200 else "web errors")
        except (OSError, http.client.HTTPException):
            bump("web errors")
        time.sleep(0.2)

def proc(p):
    try:
        rss = 0
        for line in open("/proc/%d/status" % p.pid):
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
        return rss, len(os.listdir("/proc/%d/fd" % p.pid))
    except OSError:
        return None, None

def journal_rows():
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(tmp, "journal.db"), uri=True,
                         timeout=30)
    n, top = db.execute("SELECT count(*), max(seq) FROM event").fetchone()
    db.close()
    return n, top

samples = []
def sample(t):
    row = {"min": t / 60.0}
    for name, p in (("controller", ctl), ("web", web), ("door-sim", sim)):
        row[name] = proc(p)
    e = [proc(p) for p in emus.values()]
    row["emulators"] = (max(x[0] or 0 for x in e), max(x[1] or 0 for x in e))
    row["rows"], row["seq"] = journal_rows()
    row.update(counts)
    samples.append(row)

threads = [threading.Thread(target=tapper, args=(n,), daemon=True) for n in emus]
threads += [threading.Thread(target=opener, daemon=True),
            threading.Thread(target=webber, daemon=True)]
t0 = time.time()
sample(0)
for t in threads:
    t.start()
duration = minutes * 60
purge = None
nxt = sample_s
while time.time() - t0 < duration:
    time.sleep(min(1.0, max(0.0, duration - (time.time() - t0))))
    el = time.time() - t0
    if purge is None and el >= duration / 2:
        pr = subprocess.run([gh, "purge"], capture_output=True, text=True)
        purge = (pr.returncode, pr.stdout.splitlines()[0] if pr.stdout else pr.stderr.strip())
    if el >= nxt:
        sample(el); nxt += sample_s
    for name, p in (("controller", ctl), ("web", web), ("door-sim", sim)):
        if p.poll() is not None:
            fail("%s died (exit %s)" % (name, p.returncode))
stop.set()
time.sleep(2)
if len(samples) == 0 or samples[-1]["min"] < (time.time() - t0) / 60 - 0.05:
    sample(time.time() - t0)
for name, p in (("controller", ctl), ("web", web), ("door-sim", sim)):
    if p.poll() is not None:
        fail("%s died (exit %s)" % (name, p.returncode))
dead = [n for n, p in emus.items() if p.poll() is not None]
if dead:
    fail("emulators died: %s" % dead)
web.terminate(); web.wait()
ctl.terminate(); ctl.wait()
sub.close()

db = sqlite3.connect("file:%s?mode=ro" % os.path.join(tmp, "journal.db"), uri=True)
kinds = dict(db.execute("SELECT seq, kind FROM event").fetchall())
per_kind = dict(db.execute("SELECT kind, count(*) FROM event GROUP BY kind").fetchall())
access = db.execute("SELECT count(*) FROM event WHERE kind = 'access' AND ts_us >= ?",
                    (int(t0 * 1e6),)).fetchone()[0]
db.close()
purged_before = min(kinds) if kinds else 0
lost = [q for q, k in announced.items() if q >= purged_before and kinds.get(q) != k]
v = subprocess.run([gh, "verify"], capture_output=True, text=True)

def mib(kb):
    return "%.1f" % (kb / 1024.0) if kb is not None else "-"
print("soak: %.0f min on %d cores; 20 readers, 20 doors, the web service; sample every %.0f s"
      % (minutes, os.cpu_count(), sample_s))
print("%6s | %17s | %17s | %17s | %17s | %8s %8s | %7s %6s %6s" % (
    "minute", "controller MiB/fd", "web MiB/fd", "door-sim MiB/fd", "emulator MiB/fd",
    "rows", "seq", "taps", "opens", "web"))
for r in samples:
    print("%6.1f | %17s | %17s | %17s | %17s | %8d %8d | %7d %6d %6d" % (
        r["min"], *["%s / %s" % (mib(r[n][0]), r[n][1]) for n in
                    ("controller", "web", "door-sim", "emulators")],
        r["rows"], r["seq"] or 0, r["taps"], r["openings"], r["web ok"]))
half = [r for r in samples if r["min"] >= samples[-1]["min"] / 2]
for n in ("controller", "web", "door-sim", "emulators"):
    a, b = half[0][n], samples[-1][n]
    if a[0] is not None and b[0] is not None:
        print("  %-10s over the last half: RSS %+d KiB, descriptors %+d" % (n, b[0] - a[0],
              b[1] - a[1]))
print("  taps %d, access rows %d, door-opened %d of %d openings, web %d ok / %d errors" % (
    counts["taps"], access, per_kind.get("door-opened", 0), counts["openings"],
    counts["web ok"], counts["web errors"]))
print("  purge: %s" % (purge[1] if purge else "not run"))
print("  announced %d events, lost %d; verify: %s" % (len(announced), len(lost),
      (v.stdout + v.stderr).strip()))
if purge is None or purge[0] != 0:
    fail("the purge failed: %s" % (purge,))
if lost:
    fail("announced but not in the journal: %s" % lost[:5])
if v.returncode != 0:
    fail("verify failed")
PY
