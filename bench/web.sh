#!/bin/sh
# bench-web: requests per second and latency of gatehouse-web over TLS on loopback,
# measured with wrk (Debian): an API read with a token (100 people as JSON) and the
# login page.  The per-address connection limit is raised for it.
#   bench/web.sh BUILD-DIR [SECONDS]
set -eu
O=$1
D=${2:-10}
GH="$O/bin/gatehouse"
command -v wrk >/dev/null || { echo "bench-web: wrk missing (scripts/deps.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
"$GH" init >/dev/null
{
	echo "ref,name,kind,org,badge,valid_until"
	i=0; while [ $i -lt 100 ]; do
		printf 'E-%04d,Personne %d,staff,Exploitation,04%06X,\n' $i $i $i; i=$((i+1)); done
} > "$tmp/people.csv"
"$GH" import people "$tmp/people.csv" >/dev/null
echo "le gardien de nuit veille bien" | "$GH" operator add bench --role guard --password-stdin >/dev/null
token=$("$GH" operator token add bench wrk --role guard | sed -n 's/^  \(gh_.*\)$/\1/p')
port=$((30000 + $$ % 20000))
"$O/bin/gatehouse-web" --db "$tmp/config.db" --control "$tmp/none" --listen "127.0.0.1:$port" \
	--threads 4 --per-ip 1000 --max-connections 2000 2>"$tmp/web.log" & pid=$!
i=0; while ! grep -q serving "$tmp/web.log"; do i=$((i+1)); [ $i -lt 100 ] || exit 1; sleep 0.05; done
echo "machine: $(nproc) cores; gatehouse-web 4 threads, TLS 1.3 on loopback; wrk 2 threads, 32 connections, ${D} s"
echo "-- GET /api/v1/people (token; 100 people, $(wc -c < "$tmp/people.csv") bytes of CSV as JSON)"
wrk -t2 -c32 -d"${D}s" --latency -H "Authorization: Bearer $token" \
	"https://127.0.0.1:$port/api/v1/people" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"
echo "-- GET /login"
wrk -t2 -c32 -d"${D}s" --latency "https://127.0.0.1:$port/login" |
	grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket"
