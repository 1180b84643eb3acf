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
echo "(The controller, reader emulators and web UI join 'make run' as they are built.)"
