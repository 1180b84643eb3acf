#!/bin/sh
# The web service against abuse (R-AUTH, R-LEAST-PRIVILEGE, R-RIGHTS-AUDIT), on
# 127.0.0.1 over TLS with the certificate `gatehouse init` made (checked, not ignored):
# security headers on every answer; one answer for every kind of failed login; TOTP
# codes once; lockout after 5 failures and an admin's unlock; a new session id at
# login (no fixation) and logout ending it on the server; CSRF; the role matrix on the
# server; XSS and SQL metacharacters coming back inert; oversized bodies, huge headers
# and a silent client leave the server serving others; every login, failure, lockout
# and logout journalled.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "web: $*" >&2; [ -f "$tmp/web.log" ] && tail -5 "$tmp/web.log" >&2; exit 1; }
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init --site "Siège <Casablanca>" >/dev/null
"$GH" person add x1 --name '<script>alert(1)</script>' --kind staff
"$GH" person add x2 --name "ليلى حداد \"O'Brien\" & Co" --kind visitor
secret() { sed -n 's/^  \([A-Z2-7]\{32\}\)$/\1/p'; }
echo "une phrase de passe assez longue" | "$GH" operator add karim --role officer \
	--password-stdin > "$tmp/karim" || fail "operator add karim"
echo "le gardien de nuit veille bien" | "$GH" operator add samir --role guard \
	--password-stdin > "$tmp/samir" || fail "operator add samir"
echo "l'auditrice lit tout sans rien changer" | "$GH" operator add nadia --role auditor \
	--password-stdin > "$tmp/nadia" || fail "operator add nadia"
echo "l'administratrice gere les comptes" | "$GH" operator add hind --role admin \
	--password-stdin > "$tmp/hind" || fail "operator add hind"
echo "premiere connexion de leila" | "$GH" operator add leila --role officer \
	--password-stdin > "$tmp/leila" || fail "operator add leila"
# Incompatible roles: the defaults, and a site's own list.
if echo "une phrase de passe longue" | "$GH" operator add x --role admin --role officer \
	--password-stdin >/dev/null 2>&1; then fail "admin+officer accepted"; fi
"$GH" set incompatible-roles "guard+auditor"
if echo "une phrase de passe longue" | "$GH" operator add x --role guard --role auditor \
	--password-stdin >/dev/null 2>&1; then fail "guard+auditor accepted by the site's list"; fi
"$GH" set incompatible-roles "admin+officer,officer+auditor,admin+auditor"
# An API token for a machine client of the guard's (its roles at most the operator's).
if "$GH" operator token add samir robot --role officer >/dev/null 2>&1; then
	fail "a token got a role its operator does not hold"; fi
"$GH" operator token add samir robot --role guard > "$tmp/token" || fail "token add"
token=$(sed -n 's/^  \(gh_[A-Za-z0-9_-]*\)$/\1/p' "$tmp/token")
[ -n "$token" ] || fail "no token printed: $(cat "$tmp/token")"
"$GH" operator token list --format csv | grep -q "samir,robot,guard" || fail "token list"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>"$tmp/ctl.log" &
pids="$pids $!"
port=$((20000 + $$ % 20000))
"$GH_BUILD_DIR/bin/gatehouse-web" --db "$tmp/config.db" --control "$tmp/control" \
	--listen "127.0.0.1:$port" --timeout-s 2 --per-ip 64 2>"$tmp/web.log" & pids="$pids $!"
i=0; while ! grep -q serving "$tmp/web.log" 2>/dev/null; do
	i=$((i+1)); [ $i -lt 100 ] || fail "gatehouse-web did not start"; sleep 0.05; done
i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
python3 - "$port" "$tmp" "$(secret < "$tmp/karim")" "$(secret < "$tmp/samir")" \
	"$(secret < "$tmp/nadia")" "$token" "$(secret < "$tmp/leila")" "$(secret < "$tmp/hind")" \
	<<'PY' || fail "see above"
import base64, hashlib, hmac, http.client, re, socket, ssl, struct, sys, time, urllib.parse
port, tmp, sk, ss, sn = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
token, sl, sh = sys.argv[6], sys.argv[7], sys.argv[8]
ctx = ssl.create_default_context(cafile=tmp + "/web/cert.pem")   # verified, not ignored

def fail(msg):
    print("web: " + msg, file=sys.stderr); sys.exit(1)

def totp(secret, shift=0):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    c = int(time.time() // 30) + shift
    h = hmac.new(key, struct.pack(">Q", c), hashlib.sha1).digest()
    o = h[19] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)

class Client:
    def __init__(self):
        self.cookie = None
    def req(self, method, path, body=None, headers=None, check=True):
        c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if body is not None and not isinstance(body, bytes):
            body = urllib.parse.urlencode(body).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read().decode("utf-8", "replace")
        sc = r.getheader("Set-Cookie")
        if sc:
            v = sc.split(";")[0]
            self.cookie = None if v.endswith("=") else v
        for hname in ("Content-Security-Policy", "Strict-Transport-Security",
                      "X-Content-Type-Options", "Referrer-Policy"):
            if check and not r.getheader(hname):
                fail("%s %s: no %s header" % (method, path, hname))
        if check and "'unsafe-inline'" in r.getheader("Content-Security-Policy"):
            fail("the CSP allows inline code")
        c.close()
        return r.status, data, r
    def login_page(self):
        s, d, _ = self.req("GET", "/login")
        m = re.search(r'name="csrf" value="([0-9a-f:]+)"', d)
        if s != 200 or not m:
            fail("login page: %d" % s)
        return m.group(1)
    def login(self, name, pw, code=""):
        csrf = self.login_page()
        pre = self.cookie
        s, d, r = self.req("POST", "/login", {"csrf": csrf, "name": name, "password": pw,
                                              "code": code})
        return s, d, pre

# Every kind of failed login gets the same answer.
answers = set()
for name, pw, code in (("nobody", "une phrase de passe assez longue", totp(sk)),
                       ("karim", "wrong password but long", totp(sk)),
                       ("karim", "une phrase de passe assez longue", "000000"),
                       ("' OR 1=1 --", "x' OR '1'='1", "1")):
    s, d, _ = Client().login(name, pw, code)
    if s != 401:
        fail("failed login answered %d" % s)
    answers.add(re.search(r'role="alert">([^<]*)<', d).group(1))
if len(answers) != 1:
    fail("failed logins can be told apart: %s" % answers)

# The login form's token is bound to its cookie and cannot be forged or moved.
a, b = Client(), Client()
ta, tb = a.login_page(), b.login_page()
s, _, _ = a.req("POST", "/login", {"csrf": tb, "name": "karim",
                                   "password": "une phrase de passe assez longue"})
if s != 403:
    fail("a login token from another browser was accepted: %d" % s)
forged = ta[:17] + ("0" if ta[17] != "0" else "1") + ta[18:]
s, _, _ = b.req("POST", "/login", {"csrf": forged, "name": "karim", "password": "x"})
if s != 403:
    fail("a forged login token was accepted: %d" % s)

# First login of an officer who never used a code: the right password shows the QR
# code of the secret (no session yet); then the code logs in; after that, a missing
# code is a plain failure.
s, d, _ = Client().login("leila", "premiere connexion de leila", "")
if s != 200 or "<svg" not in d or sl not in d or "Première connexion" not in d:
    fail("first login: %d" % s)
if Client().login("leila", "wrong password for leila", "")[0] != 401:
    fail("a wrong password showed the first-login page")
if Client().login("leila", "premiere connexion de leila", totp(sl))[0] != 303:
    fail("leila's first login with a code")
s, d, _ = Client().login("leila", "premiere connexion de leila", "")
if s != 401 or "<svg" in d:
    fail("the secret was shown again after the first code")

# Login: a new session id, the pre-login one dead.
k = Client()
s, d, pre = k.login("karim", "une phrase de passe assez longue", totp(sk))
if s != 303 or not k.cookie or k.cookie == pre:
    fail("karim's login: %d, session %s after %s" % (s, k.cookie, pre))
old = Client(); old.cookie = pre
if old.req("GET", "/people")[0] != 303:
    fail("the pre-login session id still works after login (fixation)")
s, page, _ = k.req("GET", "/people")
if s != 200 or "karim · responsable sécurité" not in page:
    fail("people page: %d" % s)
# XSS: names come back escaped, never as markup.
if "<script>alert(1)" in page or "&lt;script&gt;alert(1)&lt;/script&gt;" not in page:
    fail("a person's name was not escaped")
if "&quot;O&#39;Brien&quot; &amp; Co" not in page or "ليلى حداد" not in page:
    fail("quotes, ampersand or Arabic not escaped as text")
if "Siège &lt;Casablanca&gt;" not in page:
    fail("the site name was not escaped")
# The same TOTP code cannot log in twice.
s, _, _ = Client().login("karim", "une phrase de passe assez longue", totp(sk))
if s != 401:
    fail("a TOTP code was accepted twice: %d" % s)

# CSRF: a state change without the token is refused.
s, d, _ = k.req("POST", "/api/v1/alarms/ack", {"id": "1", "comment": "x"})
if s != 403 or "CSRF" not in d:
    fail("ack without a CSRF token: %d %s" % (s, d))

# Roles, on the server: the auditor reads but cannot acknowledge; the admin cannot
# read the journal's people list... but reads the site; a guard acknowledges.
n = Client()
if n.login("nadia", "l'auditrice lit tout sans rien changer")[0] != 303:
    fail("nadia's login (auditors need no TOTP)")
csrf_n = re.search(r'data-csrf="([0-9a-f]+)"', n.req("GET", "/live")[1]).group(1)
s, d, _ = n.req("POST", "/api/v1/alarms/ack", {"id": "1", "comment": "x", "csrf": csrf_n})
if s != 403:
    fail("an auditor acknowledged an alarm: %d" % s)
if n.req("GET", "/api/v1/people")[0] != 200:
    fail("an auditor cannot read people")
g = Client()
if g.login("samir", "le gardien de nuit veille bien")[0] != 303:
    fail("samir's login")
csrf_g = re.search(r'data-csrf="([0-9a-f]+)"', g.req("GET", "/live")[1]).group(1)
s, d, _ = g.req("POST", "/api/v1/alarms/ack", {"id": "999", "comment": "ronde faite",
                                                 "csrf": csrf_g})
if s != 409 or "no active alarm" not in d:
    fail("a guard's ack did not reach the controller: %d %s" % (s, d))
s, d, _ = g.req("GET", "/api/v1/status")
if s != 200 or '"mode":"normal"' not in d:
    fail("status through the controller: %d %s" % (s, d))
# The role matrix, on the server: every role x every API endpoint, allowed or 403.
h = Client()
if h.login("hind", "l'administratrice gere les comptes", totp(sh))[0] != 303:
    fail("hind's login")
csrf_h = re.search(r'data-csrf="([0-9a-f]+)"', h.req("GET", "/live")[1]).group(1)
csrf_k = re.search(r'data-csrf="([0-9a-f]+)"', k.req("GET", "/live")[1]).group(1)
who = {"officer": (k, csrf_k), "guard": (g, csrf_g), "auditor": (n, csrf_n),
       "admin": (h, csrf_h)}
calls = [
    ("GET", "/api/v1/status", None, "officer guard auditor admin"),
    ("GET", "/api/v1/people", None, "officer guard auditor admin"),
    ("POST", "/api/v1/people", {"ref": "M-1", "kind": "visitor"}, "officer guard"),
    ("POST", "/api/v1/alarms/ack", {"id": "999", "comment": "x"}, "officer guard"),
    ("POST", "/api/v1/doors/unlock", {"door": "nope", "reason": "test"}, "officer"),
    ("POST", "/api/v1/mode", {"mode": "normal", "reason": "test"}, "officer"),
    ("POST", "/api/v1/enroll-wait", {"reader": "nope", "timeout": "1"}, "officer guard"),
    ("GET", "/api/v1/events", None, "officer guard auditor"),
]
for role, (cl, tok) in who.items():
    for method, path, body, allowed in calls:
        if method == "GET" and path == "/api/v1/events":
            c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=5)
            c.request("GET", path, headers={"Cookie": cl.cookie})
            st = c.getresponse().status
            c.close()
        else:
            b = dict(body, csrf=tok) if body else None
            st = cl.req(method, path, b)[0]
        if (role in allowed.split()) != (st != 403):
            fail("%s %s as %s: %d" % (method, path, role, st))

# Not logged in: the API says 401, pages redirect.
if Client().req("GET", "/api/v1/people")[0] != 401 or Client().req("GET", "/")[0] != 303:
    fail("anonymous access")

# A guard registers a visitor through the API with the token (no CSRF for a token);
# markup and SQL metacharacters are kept as text, never run.
api = Client()
bearer = {"Authorization": "Bearer " + token}
s, d, _ = api.req("POST", "/api/v1/people", {"ref": "V-9", "kind": "visitor",
    "name": "<img src=x onerror=alert(1)>'); DROP TABLE person;--"}, bearer)
if s != 201:
    fail("person add with the token: %d %s" % (s, d))
s, d, _ = api.req("GET", "/api/v1/people", None, bearer)
if s != 200 or "DROP TABLE person" not in d or "<img" in d:
    fail("the API read back: %d %s" % (s, d[:300]))
s, page, _ = k.req("GET", "/people")
if "&lt;img src=x onerror=alert(1)&gt;&#39;); DROP TABLE person;--" not in page:
    fail("the visitor's name is not shown as text")
# Declared fields: an unexpected one (mass assignment) or a bad value is refused.
s, d, _ = api.req("POST", "/api/v1/people", {"ref": "V-12", "kind": "visitor",
                                              "can_escort": "1"}, bearer)
if s != 400 or "unexpected field" not in d:
    fail("an undeclared field was accepted: %d %s" % (s, d))
s, d, _ = api.req("POST", "/api/v1/people", {"ref": "V 13", "kind": "boss"}, bearer)
if s != 400:
    fail("a bad ref and kind were accepted: %d %s" % (s, d))
# The token cannot do what its roles do not allow; a wrong token is nobody.
if api.req("POST", "/api/v1/alarms/ack", {"id": "1", "comment": "x"},
           {"Authorization": "Bearer gh_not-a-token"})[0] != 401:
    fail("a made-up token was accepted")
if n.req("POST", "/api/v1/people", {"ref": "V-10", "kind": "visitor", "csrf": csrf_n})[0] != 403:
    fail("an auditor registered a person")
# A session without the CSRF token cannot write either.
if g.req("POST", "/api/v1/people", {"ref": "V-11", "kind": "visitor"})[0] != 403:
    fail("a person registered without the CSRF token")

# Live events: a journal row appears on the stream (Server-Sent Events) as it
# commits.  The stream is "from now": first the web service's own subscription to the
# controller (it says so in its log).
for _ in range(100):
    if "live events: subscribed" in open(tmp + "/web.log").read():
        break
    time.sleep(0.1)
else:
    fail("the web service never subscribed to the controller's events")
c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
c.request("GET", "/api/v1/events", headers={"Cookie": k.cookie})
resp = c.getresponse()
if resp.status != 200 or resp.getheader("Content-Type") != "text/event-stream":
    fail("event stream: %d %s" % (resp.status, resp.getheader("Content-Type")))
import socket as _s
cs = _s.socket(_s.AF_UNIX); cs.connect(tmp + "/control")
cs.sendall(b'record sse-test karim {"note": "<b>live</b>"}\n'); cs.recv(100); cs.close()
deadline = time.time() + 10   # well under the 15 s heartbeat that would hide a stall
seen = False
got = b""
while time.time() < deadline and not seen:
    # The body is chunked: read1 gives the stream's bytes without the chunk framing.
    chunk = resp.read1(65536)
    if not chunk:
        break
    got += chunk
    seen = any(l.startswith(b"data: {") and b"sse-test" in l for l in got.split(b"\n"))
if not seen:
    fail("the recorded event did not reach the live stream")
c.close()

# Logout ends the session on the server.
cookie = g.cookie
g.req("POST", "/logout", {"csrf": csrf_g})
stale = Client(); stale.cookie = cookie
if stale.req("GET", "/api/v1/people")[0] != 401:
    fail("the session survived logout")

# Lockout: 5 failures lock the account; then even the right password fails.
for i in range(5):
    Client().login("samir", "not the password at all")
if Client().login("samir", "le gardien de nuit veille bien")[0] != 401:
    fail("no lockout after 5 failures")
open(tmp + "/locked", "w").write("1")

# Oversized bodies, huge headers, a silent client: refused or dropped, and the server
# goes on serving others.
s, _, _ = k.req("POST", "/login", b"a=" + b"x" * (200 * 1024),
                {"Content-Type": "application/x-www-form-urlencoded"})
if s != 413:
    fail("a 200 KiB body was not refused with 413: %d" % s)
try:
    # libmicrohttpd answers 431 itself (without our headers) or closes.
    s, _, _ = Client().req("GET", "/login", headers={"X-Big": "y" * (300 * 1024)},
                           check=False)
    if s < 400:
        fail("a 300 KiB header was accepted")
except (ConnectionError, http.client.HTTPException, ssl.SSLError, OSError):
    pass
# Bad chunking: refused, and nothing else is disturbed.
bad = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="127.0.0.1")
bad.sendall(b"POST /api/v1/people HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n")
try:
    got = bad.recv(200)
    if got and not got.startswith(b"HTTP/1.1 4"):
        fail("bad chunking answered: %r" % got[:40])
except (ConnectionError, ssl.SSLError, OSError):
    pass
bad.close()
silent = socket.create_connection(("127.0.0.1", port))
tls = ctx.wrap_socket(silent, server_hostname="127.0.0.1")
tls.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")      # and then nothing
if k.req("GET", "/api/v1/people")[0] != 200:
    fail("a silent client blocked the others")
time.sleep(3.5)
try:
    tls.sendall(b"X: y\r\n\r\n")
    got = tls.recv(100)
    if got:
        fail("a client silent past the time-out was still served")
except (ConnectionError, ssl.SSLError, OSError):
    pass
if k.req("GET", "/api/v1/people")[0] != 200:
    fail("the server stopped serving")
print("web: http ok")
PY
[ -f "$tmp/locked" ] || fail "python part did not finish"
# The person added through the API is audited under the guard's name.
"$GH" audit | grep "person.add" | grep "V-9" | grep -q "web:samir" || fail "audit lacks web:samir"
# A revoked token opens nothing.
"$GH" operator token revoke samir robot >/dev/null || fail "token revoke"
python3 - "$port" "$tmp" "$token" <<'PY' || fail "revoked token"
import http.client, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2] + "/web/cert.pem")
c = http.client.HTTPSConnection("127.0.0.1", int(sys.argv[1]), context=ctx, timeout=10)
c.request("GET", "/api/v1/people", headers={"Authorization": "Bearer " + sys.argv[3]})
sys.exit(0 if c.getresponse().status == 401 else 1)
PY
# The admin unlocks samir.
"$GH" operator unlock samir | grep -q unlocked || fail "unlock"
"$GH" audit | grep -q "operator.unlock" || fail "unlock not audited"
# SQL metacharacters changed nothing.
[ "$("$GH" operator list --format csv | wc -l)" -eq 6 ] || fail "operators changed"
"$GH" person list --format csv | grep -q "x2" || fail "people changed"
sleep 0.3
ev=$("$GH" events --format csv)
for want in ',login,karim,' ',login-failed,karim,' ',login-failed,web,' ',lockout,samir,' \
	',logout,samir,'; do
	echo "$ev" | grep -q "$want" || fail "journal lacks $want"
done
echo "$ev" | grep -q "une phrase" && fail "a password reached the journal"
echo "web: ok"
