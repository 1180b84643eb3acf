#!/bin/sh
# make run: create the demo site under ./var if it does not exist, then show it.
set -eu
O=${1:-build}
GH="$(pwd)/$O/bin/gatehouse"
VAR="$(pwd)/var"
if [ ! -f "$VAR/config.db" ]; then
	echo "Creating the demo site in $VAR ..."
	if ! sh scripts/demo-site.sh "$GH" "$VAR"; then
		echo "demo site creation failed; removing the partial site" >&2
		rm -f "$VAR/config.db" "$VAR/journal.db" "$VAR"/*.db-wal "$VAR"/*.db-shm
		exit 1
	fi
fi
export GATEHOUSE_DB="$VAR/config.db" GATEHOUSE_JOURNAL="$VAR/journal.db"
# Web UI accounts: no default password; each demo account gets a random one, written
# (with the officer's one-time-code secret) to var/operators.txt, readable by you only.
if [ ! -f "$VAR/operators.txt" ]; then
	umask 077
	pw() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
	g_pw=$(pw); o_pw=$(pw)
	echo "$g_pw" | "$GH" operator add garde --role guard --password-stdin >/dev/null
	echo "$o_pw" | "$GH" operator add officier --role officer --password-stdin \
		> "$VAR/officier.totp"
	{
		echo "Gatehouse demo accounts (https://127.0.0.1:8443/)"
		echo "  garde     (guard)    password: $g_pw"
		echo "  officier  (officer)  password: $o_pw"
		echo "  the officer's first login shows a QR code for an authenticator app;"
		echo "  its secret: $(sed -n 's/^  \([A-Z2-7]\{32\}\)$/\1/p' "$VAR/officier.totp")"
	} > "$VAR/operators.txt"
	rm -f "$VAR/officier.totp"
	umask 022
fi
echo
echo "== Site: $("$GH" get site-name), time zone $("$GH" get timezone)"
echo; echo "== Zones"; "$GH" zone list
echo; echo "== Doors"; "$GH" door list
echo; echo "== People"; "$GH" person list
echo; echo "== Badges"; "$GH" badge list
echo; echo "== Rights of E-1001"; "$GH" person rights E-1001
echo
echo "The site's databases are in $VAR (GATEHOUSE_DB=$VAR/config.db)."
echo "Try: GATEHOUSE_DB=$VAR/config.db GATEHOUSE_JOURNAL=$VAR/journal.db $O/bin/gatehouse --help"
echo
echo "== Starting the readers (PN532 emulators), the door simulator and the controller."
echo "   Control socket: $VAR/control.  In another terminal, for instance:"
echo "     scripts/tap.sh r-entree 04A1B2C3            Amina badges in at the main entrance"
echo "     scripts/tap.sh r-bureaux-in 04A1B2C3        ... and into the offices"
echo "     scripts/tap.sh r-bureaux-in 0471A2B3C4D5E6  a visitor: admitted with an escort who badges
                                                 there within 10 s (before or after)"
echo "     scripts/tap.sh r-bureaux-in DEADBEEF        an unknown badge: refused"
echo "     $O/bin/gatehouse events                      the journal;  $O/bin/gatehouse verify"
printf '     python3 -c %s\n' "'import socket; s=socket.socket(socket.AF_UNIX); s.connect(\"$VAR/control\"); s.sendall(b\"status\\n\"); print(s.makefile().readline())'"
printf '   Doors are simulated on %s (hardware/DOOR-SIM.md): "input sim:D2.contact 1" opens\n' "$VAR/doors"
printf '   the offices door by force; "lock \"Accès bureaux\"" tells its lock state.\n'
echo "   Ctrl-C stops everything (the controller signs the journal on the way out)."
mkdir -p "$VAR/readers"
pids=
"$GH" reader list --format csv | tail -n +2 | cut -d, -f1 | while read -r r; do
	rm -f "$VAR/readers/$r.ctl"
	"$(pwd)/$O/bin/gatehouse-pn532-emu" --socket "$VAR/readers/$r.ctl" \
		--link "$VAR/readers/$r" >/dev/null &
done
rm -f "$VAR/doors"
"$(pwd)/$O/bin/gatehouse-door-sim" --socket "$VAR/doors" &
i=0
while [ ! -S "$VAR/doors" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
"$(pwd)/$O/bin/gatehouse-web" --db "$VAR/config.db" --control "$VAR/control" \
	--listen 127.0.0.1:8443 &
echo
echo "== Web UI: https://127.0.0.1:8443/ (the site's self-signed certificate: $VAR/web/cert.pem)"
cat "$VAR/operators.txt"
echo
# Ctrl-C reaches them all: they share the terminal's process group.
exec "$(pwd)/$O/bin/gatehouse-controller" --control "$VAR/control" --door-sim "$VAR/doors"
