#!/bin/sh
# Users and privileges: scripts/users.sh creates the controller's and the web
# service's users, sharing only the control socket's group (twice: idempotent); the
# controller started as root opens its files and drops to its user, with its control
# socket 0660 in that group; the systemd units are well-formed.  Needs root (it
# creates system users, as an installation does); elsewhere it says so and passes.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
fail() { echo "privileges: $*" >&2; exit 1; }
if command -v systemd-analyze >/dev/null 2>&1; then
	out=$(systemd-analyze verify dist/*.service dist/*.timer 2>&1 | grep -v "is not executable" || true)
	[ -z "$out" ] || fail "systemd units: $out"
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "privileges: users part skipped (not root)"
	exit 0
fi
sh scripts/users.sh >/dev/null
sh scripts/users.sh >/dev/null || fail "users.sh is not idempotent"
id gatehouse | grep -q "gatehouse-ctl" || fail "gatehouse not in gatehouse-ctl: $(id gatehouse)"
id gatehouse-web | grep -q "gatehouse-ctl" || fail "gatehouse-web not in gatehouse-ctl"
# They share nothing else.
common=$(for g in $(id -Gn gatehouse-web); do id -Gn gatehouse | tr ' ' '\n' | grep -x "$g"; done || true)
[ "$common" = "gatehouse-ctl" ] || fail "shared groups: $common"
[ "$(stat -c %a /var/lib/gatehouse/keys)" = 700 ] || fail "keys directory not 0700"

tmp=$(mktemp -d)
chmod 0755 "$tmp"
ctl=
cleanup() { [ -n "$ctl" ] && kill "$ctl" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
chown -R gatehouse:gatehouse "$tmp/keys" "$tmp/journal.db"
chgrp gatehouse "$tmp/config.db"
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --user gatehouse \
	--control-group gatehouse-ctl 2>"$tmp/log" & ctl=$!
i=0; while [ ! -S "$tmp/control" ]; do i=$((i+1)); [ $i -lt 100 ] || fail "no controller: $(cat "$tmp/log")"; sleep 0.05; done
sleep 0.2
uid=$(id -u gatehouse)
grep -q "^Uid:	$uid	$uid	$uid	$uid" /proc/$ctl/status || fail "not running as gatehouse: $(grep Uid /proc/$ctl/status)"
grep -q "^CapEff:	0000000000000000" /proc/$ctl/status || fail "capabilities kept"
[ "$(stat -c '%a %G' "$tmp/control")" = "660 gatehouse-ctl" ] || \
	fail "control socket: $(stat -c '%a %U %G' "$tmp/control")"
# The web service's user can talk to it.
su -s /bin/sh gatehouse-web -c "python3 -c '
import socket; s=socket.socket(socket.AF_UNIX); s.connect(\"$tmp/control\")
s.sendall(b\"status\n\"); print(s.makefile().readline())'" 2>/dev/null | grep -q '"mode":"normal"' || \
	fail "gatehouse-web cannot use the control socket"
# The web service's user can neither read the controller's keys nor write the journal.
if su -s /bin/sh gatehouse-web -c "cat $tmp/keys/* >/dev/null" 2>/dev/null; then
	fail "gatehouse-web can read the controller's keys"; fi
if su -s /bin/sh gatehouse-web -c "test -w $tmp/journal.db"; then
	fail "gatehouse-web can write the journal"; fi
# Nobody else can.
if su -s /bin/sh nobody -c "python3 -c '
import socket; s=socket.socket(socket.AF_UNIX); s.connect(\"$tmp/control\")'" 2>/dev/null; then
	fail "nobody can connect to the control socket"
fi
echo "privileges: ok"
