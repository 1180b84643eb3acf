#!/bin/sh
# Forwarding to the central log (R-CENTRAL) against a real rsyslogd on 127.0.0.1 with
# certificates made here: RELP over TLS delivers every journal row exactly once across
# an rsyslogd outage and a controller restart (forwarding-failed while it is down);
# RFC 5425 (syslog over TLS) at least once with no gap; a server whose certificate
# does not carry the expected name gets nothing; a server that never answers the
# handshake is a time-out, and rows a server's TCP never acknowledged are not counted.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
command -v rsyslogd >/dev/null && command -v certtool >/dev/null ||
	{ echo "forward: rsyslogd or certtool missing (scripts/deps.sh installs them)" >&2; exit 1; }
tmp=$(mktemp -d)
pids=
rs=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	[ -s "$tmp/rs.pid" ] && kill "$(cat "$tmp/rs.pid" 2>/dev/null)" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "forward: $*" >&2; [ -f "$tmp/log" ] && tail -5 "$tmp/log" >&2; exit 1; }

# A CA and the server's certificate for localhost / 127.0.0.1.
certtool --generate-privkey --key-type ecdsa --outfile "$tmp/ca.key" 2>/dev/null
printf 'cn = "Test CA"\nca\ncert_signing_key\nexpiration_days = 2\n' > "$tmp/ca.tmpl"
certtool --generate-self-signed --load-privkey "$tmp/ca.key" --template "$tmp/ca.tmpl" \
	--outfile "$tmp/ca.pem" 2>/dev/null
certtool --generate-privkey --key-type ecdsa --outfile "$tmp/server.key" 2>/dev/null
printf 'cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\ntls_www_server\nexpiration_days = 2\n' \
	> "$tmp/server.tmpl"
certtool --generate-certificate --load-privkey "$tmp/server.key" --load-ca-certificate "$tmp/ca.pem" \
	--load-ca-privkey "$tmp/ca.key" --template "$tmp/server.tmpl" --outfile "$tmp/server.pem" 2>/dev/null

# The controller's own certificate: imrelp over TLS authenticates its clients.
certtool --generate-privkey --key-type ecdsa --outfile "$tmp/client.key" 2>/dev/null
chmod 600 "$tmp/client.key"
printf 'cn = "gatehouse-controller"\ndns_name = "gatehouse-controller"\ntls_www_client\nexpiration_days = 2\n' \
	> "$tmp/client.tmpl"
certtool --generate-certificate --load-privkey "$tmp/client.key" --load-ca-certificate "$tmp/ca.pem" \
	--load-ca-privkey "$tmp/ca.key" --template "$tmp/client.tmpl" --outfile "$tmp/client.pem" 2>/dev/null

relp=$((21000 + $$ % 10000)); tls=$((relp + 1))
mkdir -p "$tmp/rs"
cat > "$tmp/rsyslog.conf" <<CONF
global(workDirectory="$tmp/rs" defaultNetstreamDriverCAFile="$tmp/ca.pem"
       defaultNetstreamDriverCertFile="$tmp/server.pem" defaultNetstreamDriverKeyFile="$tmp/server.key")
module(load="imrelp")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
template(name="raw" type="string" string="%rawmsg%\n")
input(type="imrelp" port="$relp" tls="on" tls.cacert="$tmp/ca.pem" tls.mycert="$tmp/server.pem"
      tls.myprivkey="$tmp/server.key" tls.authmode="name"
      tls.permittedpeer=["gatehouse-controller"] ruleset="relp")
input(type="imtcp" port="$tls" ruleset="tls")
ruleset(name="relp") { action(type="omfile" file="$tmp/relp.log" template="raw") }
ruleset(name="tls") { action(type="omfile" file="$tmp/tls.log" template="raw") }
CONF
rs_start() {
	rsyslogd -n -f "$tmp/rsyslog.conf" -i "$tmp/rs.pid" 2>>"$tmp/rs.err" &
	i=0; while ! [ -s "$tmp/rs.pid" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "rsyslogd: $(cat "$tmp/rs.err")"; sleep 0.05; done
	sleep 0.5
}
rs_stop() { kill "$(cat "$tmp/rs.pid")"; i=0; while [ -s "$tmp/rs.pid" ] && kill -0 "$(cat "$tmp/rs.pid")" 2>/dev/null; do i=$((i+1)); [ $i -lt 100 ] || break; sleep 0.05; done; rm -f "$tmp/rs.pid"; }
ask() {
	python3 - "$tmp/control" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n"); print(s.makefile().readline().rstrip("\n"))
PY
}
records() {	# N records through the control socket
	python3 - "$tmp/control" "$1" "$2" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile()
for n in range(int(sys.argv[2])):
    s.sendall(b'record test tester {"part": "%s", "n": %d}\n' % (sys.argv[3].encode(), n))
    if not f.readline().startswith("ok"): sys.exit("record refused")
PY
}
ctl_start() {
	"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" 2>>"$tmp/log" & ctlpid=$!
	pids="$pids $ctlpid"
	i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller"; sleep 0.05; done
}
ctl_stop() { kill "$ctlpid"; wait "$ctlpid" 2>/dev/null || true; rm -f "$tmp/control"; }
head_seq() { "$GH" events --format csv | tail -n 1 | cut -d, -f1; }
# Wait until the server's file has every seq up to the journal's head.
caught_up() {
	i=0
	while :; do
		h=$(head_seq)
		if [ -f "$1" ] && python3 - "$1" "$h" <<'PY'
import re, sys
seqs = [int(m) for m in re.findall(r'\[gatehouse@32473 seq="(\d+)"', open(sys.argv[1]).read())]
sys.exit(0 if set(range(1, int(sys.argv[2]) + 1)) <= set(seqs) else 1)
PY
		then return 0; fi
		i=$((i+1)); [ $i -lt 150 ] || fail "$1 never caught up with seq $h"
		sleep 0.1
	done
}

export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
"$GH" set syslog-target "127.0.0.1:$relp"
"$GH" set syslog-ca "$tmp/ca.pem"
"$GH" set syslog-name localhost
"$GH" set syslog-cert "$tmp/client.pem"
"$GH" set syslog-key "$tmp/client.key"
rs_start
ctl_start
records 100 a
caught_up "$tmp/relp.log"
# rsyslogd goes away while rows keep coming: they wait in the journal.
rs_stop
records 100 b
i=0; while ! ask status | grep -q '"code":"forwarding-failed"'; do
	i=$((i+1)); [ $i -lt 100 ] || fail "no forwarding-failed alarm: $(ask status)"; sleep 0.1; done
# The controller restarts meanwhile (its cursor is on disk), then rsyslogd comes back.
ctl_stop
ctl_start
records 50 c
rs_start
caught_up "$tmp/relp.log"
ask status | grep -q '"forwarding":{"target":"127.0.0.1:'"$relp"'","state":"ok"' ||
	fail "forwarding not ok again: $(ask status)"
h=$(head_seq)
python3 - "$tmp/relp.log" "$h" <<'PY' || fail "RELP delivery"
import collections, re, sys
seqs = [int(m) for m in re.findall(r'\[gatehouse@32473 seq="(\d+)"', open(sys.argv[1]).read())]
c = collections.Counter(seqs)
dups = [s for s, n in c.items() if n > 1]
missing = set(range(1, int(sys.argv[2]) + 1)) - set(c)
if dups or missing:
    sys.exit("forward: RELP: duplicates %s, missing %s" % (sorted(dups)[:5], sorted(missing)[:5]))
PY
# Each message carries the row's hash and its canonical JSON.
grep -q 'hash="[0-9a-f]\{64\}"\] {"details":{"n":0,"part":"a"},"kind":"operator"' "$tmp/relp.log" ||
	fail "message format: $(head -2 "$tmp/relp.log")"
ctl_stop

# RFC 5425: at least once, no gap, from the start of the journal (a new cursor).
"$GH" set syslog-transport tls
"$GH" set syslog-target "127.0.0.1:$tls"
rm -f "$tmp/journal.db.forwarded"
ctl_start
records 50 d
rs_stop
records 50 e
sleep 1
rs_start
records 10 f
caught_up "$tmp/tls.log"
ctl_stop

# A certificate that does not name the server we expect: nothing is sent.
"$GH" set syslog-name not-the-server
rm -f "$tmp/journal.db.forwarded" "$tmp/tls.log"
ctl_start
records 5 g
sleep 2
[ ! -s "$tmp/tls.log" ] || fail "sent to a server whose certificate names another host"
ask status | grep -q '"state":"down","cursor":[0-9]*,"error":"TLS handshake' ||
	fail "no handshake error: $(ask status)"
ctl_stop

# A server that takes the connection and never answers the handshake: a timeout, not a
# hang (the thread must come back to report it and try again).
"$GH" set syslog-name localhost
slow=$((relp + 2))
python3 - "$slow" "$tmp" <<'PY' & pids="$pids $!"
import socket, ssl, sys, time, os
port, tmp = int(sys.argv[1]), sys.argv[2]
silent = socket.socket(); silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
silent.bind(("127.0.0.1", port)); silent.listen(8)
# A TLS server that shakes hands and then never reads, with a tiny receive buffer: its
# TCP stops acknowledging once the buffer is full.
stuck = socket.socket(); stuck.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
stuck.bind(("127.0.0.1", port + 1)); stuck.listen(8)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(tmp + "/server.pem", tmp + "/server.key")
open(tmp + "/servers.ready", "w").close()
held = []
import select
while True:
    r, _, _ = select.select([silent, stuck], [], [])
    for s in r:
        c, _ = s.accept()
        if s is stuck:
            try:
                c = ctx.wrap_socket(c, server_side=True)
            except Exception:
                pass
        held.append(c)
PY
i=0; while [ ! -e "$tmp/servers.ready" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "test servers"; sleep 0.05; done
"$GH" set syslog-target "127.0.0.1:$slow"
rm -f "$tmp/journal.db.forwarded"
ctl_start
i=0; while ! ask status | grep -q '"error":"TLS handshake: timed out'; do
	i=$((i+1)); [ $i -lt 300 ] || fail "no handshake time-out: $(ask status)"; sleep 0.1; done
ctl_stop
# RFC 5425 to the server that stops reading: rows count as delivered only once its TCP
# acknowledged them, so the cursor stays behind the rows it holds in its queue.
"$GH" set syslog-target "127.0.0.1:$((slow + 1))"
ctl_start
records 400 h
i=0; while ! ask status | grep -q 'not acknowledged by the server'; do
	i=$((i+1)); [ $i -lt 300 ] || fail "unacknowledged rows not noticed: $(ask status)"; sleep 0.1; done
cur=$(cat "$tmp/journal.db.forwarded" 2>/dev/null || echo 0)
h=$(head_seq)
# Its buffers hold a few KB; 200 messages are over 50 KB (each over 250 bytes).
[ "$cur" -lt 200 ] && [ "$h" -gt 700 ] ||
	fail "cursor $cur of $h: rows the server's TCP never acknowledged were counted"
echo "forward: cursor $cur of $h with a server that stopped reading" >&2
ctl_stop
echo "forward: ok"
