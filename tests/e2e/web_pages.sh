#!/bin/sh
# The web UI's person, events, audit and review pages as their users see them, over
# TLS with the certificate `gatehouse init` made: a grant made on the person page
# shows in the rights report (R-RIGHTS-REPORT) and in the audit trail as web:OFFICER
# with its before and after (R-RIGHTS-AUDIT); a visitor's identity document and host
# (R-VISITOR-ID); UID badges flagged cloneable, DESFire ones secure; a guard reports a
# badge lost but gets 403 on grants, deprovisioning and reviews (R-LEAST-PRIVILEGE);
# deprovisioning ends everything at once (R-VALIDITY); events filtered by person and
# exported as CSV and JSON with formula cells neutralised (R-EXPORT); an officer signs
# the month on the web, the evidence is the stored file and `gatehouse review check`
# passes, an auditor reads and downloads but cannot sign, a report made again that
# differs and altered evidence are reported (R-REVIEW).
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
EMU="$GH_BUILD_DIR/bin/gatehouse-pn532-emu"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "web_pages: $*" >&2; [ -f "$tmp/web.log" ] && tail -5 "$tmp/web.log" >&2; exit 1; }
waitfor() { i=0; while [ ! -e "$1" ]; do i=$((i+1)); [ $i -lt 200 ] || fail "no $1"; sleep 0.05; done; }
ask() {
	python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
emu() { r=$(ask "$tmp/emu" "$1"); [ "${r%% *}" = ok ] || fail "emulator: $1: $r"; }
ctl() { ask "$tmp/control" "$1"; }
secret() { sed -n 's/^  \([A-Z2-7]\{32\}\)$/\1/p'; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init --site "Siège" >/dev/null
"$GH" set sensitive-requires-secure off
"$GH" zone add Hall --level public
"$GH" zone add Bureaux --level private
"$GH" zone add Serveurs --level sensitive
"$GH" reader add r1 --connstring "pn532_uart:$tmp/tty"
"$GH" door add D1 --from Bureaux --to Serveurs --reader r1 --release-s 1
"$GH" schedule add Ouvrable --window "mon-fri 07:00-20:00"
"$GH" schedule add Toujours --window "daily 00:00-24:00"
"$GH" profile add Tech
"$GH" profile rule Tech --zone Serveurs --schedule Ouvrable
"$GH" profile add Nuit
"$GH" profile rule Nuit --zone Serveurs --schedule Toujours
"$GH" person add amina --name "Amina <b>El Idrissi</b>" --kind staff --org "=HYPERLINK(1)"
"$GH" person add omar --name "Omar Benali" --kind staff --can-escort
"$GH" person add yasmine --name "Yasmine Alaoui" --kind staff
"$GH" person add v1 --name "Visiteur Un" --kind visitor --org "ACME"
"$GH" visit add v1 --host omar --id-doc "passport:AB123456"
"$GH" person grant amina Nuit
"$GH" badge enroll 04112233445566 --person amina >/dev/null
"$GH" badge enroll AABBCCDD --person omar >/dev/null
"$GH" badge enroll A1B2C3D4 --person yasmine >/dev/null
# A DESFire badge for Omar as `badge enroll --kind desfire` leaves it (personalising a
# card needs an enrollment reader: tests/e2e/pn532_desfire.sh).
python3 - "$tmp/config.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO badge(credential, kind, card_uid, person, status, key_version, "
          "enrolled_at) SELECT 'D1001', 'desfire', '04AABBCCDDEEFF', id, 'active', 1, "
          "'2026-11-01T09:00:00.000000Z' FROM person WHERE ref = 'omar'")
c.commit()
PY
echo "une phrase de passe assez longue" | "$GH" operator add karim --role officer \
	--password-stdin > "$tmp/karim" || fail "operator add karim"
echo "le gardien de nuit veille bien" | "$GH" operator add samir --role guard \
	--password-stdin > "$tmp/samir" || fail "operator add samir"
echo "l'auditrice lit tout sans rien changer" | "$GH" operator add nadia --role auditor \
	--password-stdin > "$tmp/nadia" || fail "operator add nadia"
"$EMU" --socket "$tmp/emu" --link "$tmp/tty" >/dev/null & pids="$pids $!"
waitfor "$tmp/emu"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>"$tmp/ctl.log" &
pids="$pids $!"
waitfor "$tmp/control"
i=0; while ! ctl status | grep -q '"id":"r1","state":"online"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "reader never online"; sleep 0.1; done
# Taps at D1: Amina twice (granted), Omar (no profile: refused), an unknown badge.
emu "card amina classic 04112233445566"; emu "card omar classic AABBCCDD"
emu "card x classic DEADBEEF"
for c in amina amina omar x; do emu "place $c"; sleep 0.3; emu remove; sleep 1.2; done
# An operator record whose kind starts like a spreadsheet formula (R-EXPORT).
ctl 'record =2+3 karim {"note":"export"}' | grep -q '^ok' || fail "record"
port=$((20000 + ($$ + 7) % 20000))
"$GH_BUILD_DIR/bin/gatehouse-web" --db "$tmp/config.db" --journal "$tmp/journal.db" \
	--control "$tmp/control" --listen "127.0.0.1:$port" --timeout-s 5 2>"$tmp/web.log" &
pids="$pids $!"
i=0; while ! grep -q serving "$tmp/web.log" 2>/dev/null; do
	i=$((i+1)); [ $i -lt 100 ] || fail "gatehouse-web did not start"; sleep 0.05; done
if [ -n "${WEB_PAGES_HOLD:-}" ]; then
	echo "https://127.0.0.1:$port/ $tmp karim=$(secret < "$tmp/karim")"; sleep "$WEB_PAGES_HOLD"; fi
# The same site served with a journal that cannot be opened.
port2=$((port + 1))
"$GH_BUILD_DIR/bin/gatehouse-web" --db "$tmp/config.db" --journal "$tmp/missing/journal.db" \
	--control "$tmp/control" --listen "127.0.0.1:$port2" 2>"$tmp/web2.log" & pids="$pids $!"
i=0; while ! grep -q serving "$tmp/web2.log" 2>/dev/null; do
	i=$((i+1)); [ $i -lt 100 ] || fail "the second gatehouse-web did not start"; sleep 0.05; done
month=$(date -u +%Y-%m)
python3 - "$port" "$tmp" "$(secret < "$tmp/karim")" "$month" "$GH" "$port2" <<'PY' || fail "see above"
import base64, hashlib, hmac, http.client, json, os, re, ssl, struct, subprocess, sys, time
import urllib.parse
port, tmp, sk, month, gh, port2 = (int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4],
                                   sys.argv[5], int(sys.argv[6]))
ctx = ssl.create_default_context(cafile=tmp + "/web/cert.pem")   # verified, not ignored

def fail(msg):
    print("web_pages: " + msg, file=sys.stderr); sys.exit(1)

def totp(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    h = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = h[19] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)

def cli(*args):
    return subprocess.run([gh] + list(args), capture_output=True, text=True)

class Client:
    def __init__(self, p=port):
        self.cookie, self.port = None, p
    def req(self, method, path, body=None):
        c = http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=20)
        h = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            body = urllib.parse.urlencode(body).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        raw = r.read()
        sc = r.getheader("Set-Cookie")
        if sc:
            v = sc.split(";")[0]
            self.cookie = None if v.endswith("=") else v
        c.close()
        return r.status, raw.decode("utf-8", "replace"), r, raw
    def get(self, path, want=200):
        s, d, r, raw = self.req("GET", path)
        if s != want:
            fail("GET %s: %d, not %d" % (path, s, want))
        return d, r, raw
    def login(self, name, pw, code=""):
        d = self.get("/login")[0]
        csrf = re.search(r'name="csrf" value="([0-9a-f:]+)"', d).group(1)
        if self.req("POST", "/login", {"csrf": csrf, "name": name, "password": pw,
                                       "code": code})[0] != 303:
            fail("%s's login" % name)
        self.csrf = re.search(r'name="csrf" value="([0-9a-f]+)"',
                              self.get("/people")[0]).group(1)
    def post(self, path, body, want=303):
        s, d, r, _ = self.req("POST", path, dict(body, csrf=self.csrf))
        if s != want:
            fail("POST %s: %d, not %d: %s" % (path, s, want, d[:300]))
        return r.getheader("Location") or "", d

def table(page, tid):
    m = re.search(r'<table id="%s">(.*?)</table>' % tid, page, re.S)
    return m.group(1) if m else ""

k = Client(); k.login("karim", "une phrase de passe assez longue", totp(sk))
k.post("/lang", {"lang": "en", "back": "/people"})
g = Client(); g.login("samir", "le gardien de nuit veille bien")
n = Client(); n.login("nadia", "l'auditrice lit tout sans rien changer")

# The person page: details escaped, UID badges flagged cloneable, the rights report.
d = k.get("/person?ref=amina")[0]
if '<h1 id="person-name" dir="auto">Amina &lt;b&gt;El Idrissi&lt;/b&gt;</h1>' not in d or "<b>El" in d:
    fail("the person's name is not shown escaped")
if not re.search(r'data-credential="04112233445566">.*?<span class="tag cloneable">cloneable',
                 table(d, "badges"), re.S):
    fail("the UID badge is not flagged cloneable")
rights = table(d, "rights-table")
if 'data-zone="Hall"' not in rights or 'data-zone="Serveurs"' not in rights or \
        "daily 00:00-24:00" not in rights:
    fail("R-RIGHTS-REPORT: amina's rights: %s" % rights)
if 'id="grant-form"' not in d or 'id="deprovision-form"' not in d:
    fail("the officer has no grant or deprovision form")
k.get("/person?ref=nobody", 404)

# R-RIGHTS-REPORT, R-RIGHTS-AUDIT: a grant made on the page shows in the rights report,
# the command line's, and the audit trail as web:karim with what changed.
d = k.get("/person?ref=yasmine")[0]
if 'data-zone="Serveurs"' in table(d, "rights-table") or 'id="no-grant"' not in d:
    fail("yasmine has rights before any grant")
loc, _ = k.post("/person/grant", {"ref": "yasmine", "profile": "Tech", "op": "grant",
                                  "from": "2026-01-01", "until": ""})
if not loc.startswith("/person?ref=yasmine&done="):
    fail("grant: redirected to %s" % loc)
d = k.get(loc)[0]
if "The profile is granted." not in d:
    fail("no confirmation of the grant")
rights = table(d, "rights-table")
if not re.search(r'data-zone="Serveurs">.*?mon-fri 07:00-20:00.*?profile Tech, schedule Ouvrable'
                 r'.*?from 1 January 2026', rights, re.S):
    fail("the grant is not in the rights report: %s" % rights)
r = json.loads(cli("person", "rights", "yasmine", "--format", "json").stdout)
if not [z for z in r["zones"] if z["zone"] == "Serveurs" and z.get("profile") == "Tech"]:
    fail("the command line's rights report lacks the web grant: %s" % r)
s, d, _, _ = k.req("POST", "/person/grant", {"ref": "yasmine", "profile": "Nope",
                                               "op": "grant", "csrf": k.csrf})
if s != 400 or "unknown profile" not in d:
    fail("a grant of an unknown profile: %d" % s)
d = k.get("/audit")[0]
row = re.search(r'<tr data-id="\d+"><td>[^<]*</td><td class="actor">web:karim</td>'
                r'<td class="action"><code>person.grant</code></td>'
                r'<td class="object">person:yasmine</td><td>(.*?)</td></tr>', d, re.S)
if not row:
    fail("R-RIGHTS-AUDIT: the web grant is not in the audit trail as web:karim")
if '<tr class="changed"><th>grants</th><td class="before"></td><td class="after">' \
        '<div class="added">+ profile: Tech · from: 2026-01-01</div>' not in row.group(1):
    fail("the audit row does not show the grants before and after: %s" % row.group(1))

# R-VISITOR-ID: the visitor's identity document and host.
d = k.get("/person?ref=v1")[0]
v = table(d, "visits")
if "passport AB123456" not in v or 'href="/person?ref=omar"' not in v:
    fail("the visit's identity document or host is missing: %s" % v)

# R-LEAST-PRIVILEGE: a guard reports a badge lost, but cannot grant, deprovision,
# read the audit trail, export, or reach the reviews.
d = g.get("/person?ref=omar")[0]
if not re.search(r'data-credential="D1001">.*?<span class="tag ok secure">', table(d, "badges"),
                 re.S) or table(d, "badges").count("tag cloneable") != 1:
    fail("the DESFire badge is not shown secure, or the UID one not cloneable")
if "badge-form" not in d or 'id="grant-form"' in d or 'id="deprovision-form"' in d:
    fail("the guard's person page offers the wrong actions")
for path, body in (("/person/grant", {"ref": "omar", "profile": "Tech", "op": "grant"}),
                   ("/person/grant", {"ref": "amina", "profile": "Nuit", "op": "ungrant"}),
                   ("/person/remove", {"ref": "omar", "confirm": "yes"}),
                   ("/reviews/sign", {"month": month, "findings": "x", "confirm": "yes"})):
    g.post(path, body, 403)
for path in ("/reviews", "/reviews/month?month=" + month,
             "/reviews/report?month=%s&format=json" % month, "/audit", "/events.csv"):
    g.get(path, 403)
if "AABBCCDD,uid,AABBCCDD,omar,Omar Benali,active" not in cli("badge", "list", "--format", "csv").stdout:
    fail("the guard's refused requests changed something")
loc, _ = g.post("/person/badge", {"ref": "omar", "credential": "AABBCCDD", "status": "lost"})
if "AABBCCDD,uid,AABBCCDD,omar,Omar Benali,lost" not in cli("badge", "list", "--format", "csv").stdout:
    fail("the guard's report of a lost badge was not recorded")
loc, _ = g.post("/person/badge", {"ref": "omar", "credential": "04112233445566",
                                  "status": "lost"})
if "error=" not in loc or ",amina,Amina <b>El Idrissi</b>,active" not in \
        cli("badge", "list", "--format", "csv").stdout:
    fail("a badge was changed through another person's page")

# R-EXPORT: events filtered by person, and the filtered rows as CSV and JSON.
d = k.get("/events?person=amina")[0]
rows = re.findall(r'<tr data-seq="(\d+)"[^>]*>(.*?)</tr>', table(d, "events"), re.S)
if len(rows) != 2 or any('href="/person?ref=amina"' not in r for _, r in rows):
    fail("events filtered by person: %d rows" % len(rows))
d = k.get("/events?decision=refused&door=D1")[0]
ev = table(d, "events")
if "unknown-badge" not in ev or "no-access" not in ev or ">granted<" in ev:
    fail("events filtered by decision: %s" % ev[:500])
d = k.get("/events?since=2000-01-01&until=2000-01-31")[0]
if 'id="no-events"' not in d:
    fail("a date range with no event shows rows")
k.get("/events?since=yesterday", 400)
d, r, _ = k.get("/events.csv?person=amina")
if not (r.getheader("Content-Disposition") or "").startswith("attachment"):
    fail("the CSV export is not an attachment")
lines = d.split("\r\n")
if not lines[0].startswith('"seq","time","kind","door","zone"') or len(lines) != 4 or \
        any('"amina"' not in l for l in lines[1:3]):
    fail("CSV export: %s" % lines)
d = k.get("/events.csv")[0]
if "\"'=2+3\"" not in d or ',"=2+3"' in d:
    fail("a formula cell was not neutralised in the CSV export")
d, r, _ = k.get("/events.json?person=amina")
rows = json.loads(d)
if len(rows) != 2 or {x["person"] for x in rows} != {"amina"} or \
        not (r.getheader("Content-Disposition") or "").startswith("attachment"):
    fail("JSON export: %s" % d[:300])
d, r, _ = n.get("/audit.csv")
if not d.startswith('"ts","actor","action","object","before","after"\r\n') or \
        '"web:karim","person.grant","person:yasmine"' not in d or \
        '"web:samir","badge.set","badge:AABBCCDD"' not in d:
    fail("the audit trail's CSV export: %s" % d[:300])
if not json.loads(n.get("/audit.json")[0]):
    fail("the audit trail's JSON export is empty")
d = Client(port2)
d.login("nadia", "l'auditrice lit tout sans rien changer")
page = d.get("/events", 503)[0]
if 'id="journal-error"' not in page:
    fail("no clear error when the journal cannot be opened")

# R-VALIDITY: deprovisioning in one confirmed action.
loc, _ = k.post("/person/remove", {"ref": "yasmine"})
if "error=" not in loc:
    fail("deprovisioned without the confirmation")
loc, _ = k.post("/person/remove", {"ref": "yasmine", "confirm": "yes"})
d = k.get(loc)[0]
if 'id="no-access"' not in d or 'id="deprovision-form"' in d or 'id="grant-form"' in d:
    fail("the deprovisioned person's page")
if "A1B2C3D4,uid,A1B2C3D4,yasmine,Yasmine Alaoui,revoked" not in \
        cli("badge", "list", "--format", "csv").stdout or \
        "no access" not in cli("person", "rights", "yasmine").stdout:
    fail("deprovisioning left a badge or a right")

# R-REVIEW: the auditor reads and downloads but cannot sign; the officer signs; the
# signed month shows the stored evidence, which `gatehouse review check` finds intact.
d = n.get("/reviews")[0]
if 'id="no-reviews"' not in d:
    fail("reviews before any sign-off")
d = n.get("/reviews/month?month=" + month)[0]
if 'id="unsigned"' not in d or 'id="signoff-form"' in d or \
        'id="verification" class="tag ok"' not in d:
    fail("the auditor's view of an unsigned month")
n.post("/reviews/sign", {"month": month, "findings": "x", "confirm": "yes"}, 403)
d, r, _ = n.get("/reviews/report?month=%s&format=csv&download=1" % month)
if not d.startswith('"section","row","field","value"') or \
        "review-%s.csv" % month not in (r.getheader("Content-Disposition") or ""):
    fail("the month's CSV download")
d = k.get("/reviews/month?month=" + month)[0]
if 'id="signoff-form"' not in d:
    fail("the officer has no sign-off form")
loc, _ = k.post("/reviews/sign", {"month": month, "findings": "Accès conformes\r\nRAS",
                                  "actions": "Remplacer le badge UID d'Amina",
                                  "confirm": "yes"})
d = k.get(loc)[0]
if "The review is signed." not in d or 'id="signed"' not in d or \
        'id="evidence">intact' not in d or 'id="regeneration" class="same"' not in d or \
        "Accès conformes\nRAS\n\nActions:\nRemplacer le badge UID d&#39;Amina" not in d:
    fail("the signed month: %s" % d[d.find("<main>"):][:800])
sha = re.search(r'id="sha-json">([0-9a-f]{64})<', d).group(1)
stored = open("%s/reviews/review-%s.json" % (tmp, month), "rb").read()
if hashlib.sha256(stored).hexdigest() != sha:
    fail("the shown SHA-256 is not the stored file's")
_, r, raw = n.get("/reviews/report?month=%s&format=json&download=1" % month)
if raw != stored:
    fail("the signed month's JSON is not the stored file")
if 'data-month="%s"' % month not in n.get("/reviews")[0]:
    fail("the signed review is not listed")
k.post("/reviews/sign", {"month": month, "findings": "again", "confirm": "yes"}, 409)
ev = cli("events", "--format", "csv").stdout
if not [l for l in ev.splitlines() if "review-signoff,karim" in l and sha in l]:
    fail("the sign-off is not journalled with the evidence's hash")
c = cli("review", "check", "--month", month)
if c.returncode != 0 or "evidence intact" not in c.stdout or "matches the signed one" not in c.stdout:
    fail("gatehouse review check after the web sign-off: %s" % c.stdout)
# A report made again that differs is reported as a difference; the signed month still
# shows its stored file.
if cli("person", "set", "amina", "--name", "Amina El Idrissi").returncode != 0:
    fail("person set")
d = n.get("/reviews/month?month=" + month)[0]
if 'id="regeneration" class="differs error"' not in d or 'id="evidence">intact' not in d or \
        'id="download-csv"' in d:
    fail("a report made again that differs is not reported")
n.get("/reviews/report?month=%s&format=csv" % month, 409)
if n.get("/reviews/report?month=%s&format=json&download=1" % month)[2] != stored:
    fail("the signed month's JSON is not the stored file after the change")
if cli("review", "check", "--month", month).returncode != 1:
    fail("gatehouse review check does not see the difference")
# Altered evidence is reported, and not served as the signed report.
path = "%s/reviews/review-%s.html" % (tmp, month)
os.chmod(path, 0o640)
with open(path, "a") as f:
    f.write("<p>added later</p>")
d = n.get("/reviews")[0]
if not re.search(r'data-month="%s">.*?class="tag bad altered evidence"' % month, d, re.S):
    fail("altered evidence is not flagged in the list")
n.get("/reviews/report?month=%s&format=html" % month, 409)
print("checked")
PY
"$GH" audit --format csv | grep -q '^[^,]*,web:karim,review.sign,review:' ||
	fail "the web sign-off is not audited as web:karim"
echo "web_pages: ok"
