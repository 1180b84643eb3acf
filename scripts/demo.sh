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
echo "== Starting the door simulator and the controller (doors, modes, alarms, operator"
echo "   records, signed journal; badge readers and the web UI join as they are built)."
echo "   Control socket: $VAR/control.  In another terminal, for instance:"
printf '     python3 -c %s\n' "'import socket; s=socket.socket(socket.AF_UNIX); s.connect(\"$VAR/control\"); s.sendall(b\"status\\n\"); print(s.makefile().readline())'"
echo "   then: $O/bin/gatehouse events   and   $O/bin/gatehouse verify"
echo "   Ctrl-C stops it (it signs the journal on the way out)."
printf '   Doors are simulated on %s (hardware/DOOR-SIM.md): "input sim:D2.contact 1" opens\n' "$VAR/doors"
printf '   the offices door by force; "lock \"Accès bureaux\"" tells its lock state.\n'
rm -f "$VAR/doors"
"$(pwd)/$O/bin/gatehouse-door-sim" --socket "$VAR/doors" &
i=0
while [ ! -S "$VAR/doors" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
# Ctrl-C reaches both: they share the terminal's process group.
exec "$(pwd)/$O/bin/gatehouse-controller" --control "$VAR/control" --door-sim "$VAR/doors"
