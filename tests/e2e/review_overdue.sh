#!/bin/sh
# The review-overdue alarm (R-REVIEW), the controller run at chosen dates under
# libfaketime: a site whose journal starts in October has no alarm in October (nothing
# to review yet), none in November up to review-due-day (10, that day included), the
# alarm for 2026-10 on the 11th (and every officer page of the web UI says so, a
# guard's does not), and none once an officer has signed October off.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
[ -n "$FT" ] || { echo "review_overdue: libfaketime missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
ctl=
web=
cleanup() { for p in $ctl $web; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "review_overdue: $*" >&2; [ -f "$tmp/log" ] && tail -5 "$tmp/log" >&2; exit 1; }
ask() {
	python3 - "$tmp/control" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
# The controller with its wall clock starting at $1 (its monotonic clock true); the
# review check runs before the control socket answers.
ctl_start() {
	LD_PRELOAD="$FT" FAKETIME="@$1" FAKETIME_DONT_FAKE_MONOTONIC=1 \
		"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>>"$tmp/log" & ctl=$!
	i=0; while ! ask status >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
}
ctl_stop() { kill "$ctl"; wait "$ctl" 2>/dev/null || true; ctl=; rm -f "$tmp/control"; }
overdue() { ask status | grep -c '"code":"review-overdue","source":"2026-10"' || true; }
any_overdue() { ask status | grep -c '"code":"review-overdue"' || true; }

export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db" GATEHOUSE_CONTROL="$tmp/control"
"$GH" init >/dev/null
printf 'a long enough passphrase for the officer\n' |
	"$GH" operator add nadia --role officer --password-stdin >"$tmp/nadia"
printf 'a long enough passphrase for the guard\n' |
	"$GH" operator add omar --role guard --password-stdin >/dev/null

# October: the journal's first rows.
ctl_start "2026-10-20 12:00:00"
ask 'record test t {"n": 1}' | grep -q '^ok' || fail "record"
[ "$(any_overdue)" = 0 ] || fail "overdue in the site's first month: $(ask status)"
ctl_stop
# 10 November: October is due today, not yet overdue.
ctl_start "2026-11-10 23:30:00"
[ "$(any_overdue)" = 0 ] || fail "overdue on the due day: $(ask status)"
ctl_stop
# 11 November: overdue, alarm with the month as its source, journalled.
ctl_start "2026-11-11 08:00:00"
[ "$(overdue)" = 1 ] || fail "no review-overdue alarm on the 11th: $(ask status)"
# The web UI: the officer's pages carry the overdue banner, the guard's do not.
port=$((20000 + ($$ + 11) % 20000))
"$GH_BUILD_DIR/bin/gatehouse-web" --db "$tmp/config.db" --control "$tmp/control" \
	--listen "127.0.0.1:$port" 2>"$tmp/web.log" & web=$!
i=0; while ! grep -q serving "$tmp/web.log" 2>/dev/null; do
	i=$((i+1)); [ $i -lt 100 ] || fail "gatehouse-web did not start"; sleep 0.1; done
python3 - "$port" "$tmp" "$(sed -n 's/^  \([A-Z2-7]\{32\}\)$/\1/p' "$tmp/nadia")" <<'PY' ||
import base64, hashlib, hmac, http.client, re, ssl, struct, sys, time, urllib.parse
port, tmp, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=tmp + "/web/cert.pem")
def totp():
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    h = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    o = h[19] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)
def req(method, path, cookie=None, body=None):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)
    h = {"Cookie": cookie} if cookie else {}
    if body:
        h["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    return r, r.read().decode()
def login(name, pw, code=""):
    r, d = req("GET", "/login")
    ck = r.getheader("Set-Cookie").split(";")[0]
    tok = re.search(r'name="csrf" value="([^"]+)"', d).group(1)
    r, d = req("POST", "/login", ck, {"csrf": tok, "name": name, "password": pw, "code": code})
    if r.status != 303:
        sys.exit("login %s: %d" % (name, r.status))
    return r.getheader("Set-Cookie").split(";")[0]
officer = login("nadia", "a long enough passphrase for the officer", totp())
for path in ("/live", "/people", "/site", "/reviews"):
    r, d = req("GET", path, officer)
    if 'class="banner overdue"' not in d or "2026-10" not in d:
        sys.exit("no overdue banner on the officer's %s" % path)
guard = login("omar", "a long enough passphrase for the guard")
r, d = req("GET", "/desk", guard)
if r.status != 200 or "banner overdue" in d:
    sys.exit("the guard's desk: %d, banner shown: %s" % (r.status, "banner overdue" in d))
PY
	fail "the web UI's overdue banner (above)"
kill "$web"; wait "$web" 2>/dev/null || true; web=
ctl_stop
"$GH" events --format csv | grep ',alarm-raised,' | grep -q 'review-overdue' ||
	fail "the alarm is not in the journal"
# A later due day moves it.
"$GH" set review-due-day 12
ctl_start "2026-11-11 08:00:00"
[ "$(any_overdue)" = 0 ] || fail "overdue before review-due-day 12: $(ask status)"
ctl_stop
"$GH" set review-due-day 10
# The officer signs October off (through the controller, which journals it).
ctl_start "2026-11-11 09:00:00"
"$GH" review sign --month 2026-10 --officer nadia --findings "nothing unusual" >"$tmp/sign" 2>&1 ||
	fail "sign: $(cat "$tmp/sign")"
ctl_stop
# Signed: no alarm, on the 11th or later in the month.
for day in "2026-11-11 10:00:00" "2026-11-28 10:00:00"; do
	ctl_start "$day"
	[ "$(any_overdue)" = 0 ] || fail "overdue at $day although signed: $(ask status)"
	ctl_stop
done
# December: November is not signed: overdue after the 10th, for November.
ctl_start "2026-12-11 10:00:00"
ask status | grep -q '"code":"review-overdue","source":"2026-11"' ||
	fail "no alarm for November: $(ask status)"
ctl_stop
echo "review_overdue: ok"
