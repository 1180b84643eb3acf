#!/bin/sh
# The web UI in a real browser (headless Chromium driven by Selenium), against the real
# daemons: the demo site, a PN532 emulator per reader, the door simulator, the
# controller and gatehouse-web.  tests/browser/ui.py holds the scenarios: a guard
# registers a visitor, enrolls blank DESFire cards at the desk's reader and names the
# escort, then the visitor alone is refused at the server room and admitted with the
# escort, both seen in the live feed (R-ESCORT, R-VISITOR-ID); the officer edits the
# site and is refused a public-sensitive door (R-NO-PUBLIC-SENSITIVE), grants a profile
# seen in the rights report (R-RIGHTS-REPORT), prints a sign (R-SIGN); a guard gets 403
# on officer pages and API calls (R-LEAST-PRIVILEGE); the Arabic pages render right to
# left.  Screenshots of the main pages in each language go to $GH_BUILD_DIR/browser/.
# Skipped, and said so, when Chromium, ChromeDriver or Selenium are missing.
set -eu
PY=/usr/bin/python3
missing=
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
$PY -c "import selenium" 2>/dev/null || missing="$missing python3-selenium"
if [ -n "$missing" ]; then
	echo "browser: SKIPPED: not installed:$missing (scripts/deps.sh installs them)"
	exit 0
fi
GH="$GH_BUILD_DIR/bin/gatehouse"
tmp=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "browser: $*" >&2; tail -5 "$tmp/web.log" "$tmp/ctl.log" >&2 2>/dev/null; exit 1; }
sh scripts/demo-site.sh "$GH" "$tmp" || fail "demo site"
export GATEHOUSE_DB="$tmp/config.db" GATEHOUSE_JOURNAL="$tmp/journal.db"
# A visitor alone waits escort-window-s for an escort before the refusal: keep it short.
"$GH" set escort-window-s 3
secret() { sed -n 's/^  \([A-Z2-7]\{32\}\)$/\1/p'; }
echo "le gardien de nuit veille bien" | "$GH" operator add samir --role guard \
	--password-stdin >/dev/null || fail "operator samir"
echo "une phrase de passe assez longue" | "$GH" operator add karim --role officer \
	--password-stdin > "$tmp/karim" || fail "operator karim"
mkdir -p "$tmp/readers"
for r in $("$GH" reader list --format csv | tail -n +2 | cut -d, -f1 | sort -u); do
	"$GH_BUILD_DIR/bin/gatehouse-pn532-emu" --socket "$tmp/readers/$r.ctl" \
		--link "$tmp/readers/$r" >/dev/null 2>&1 &
	pids="$pids $!"
done
"$GH_BUILD_DIR/bin/gatehouse-door-sim" --socket "$tmp/doors" 2>"$tmp/doors.log" &
pids="$pids $!"
i=0; while [ ! -S "$tmp/doors" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
"$GH_BUILD_DIR/bin/gatehouse-controller" --control "$tmp/control" --door-sim "$tmp/doors" \
	2>"$tmp/ctl.log" &
pids="$pids $!"
port=$((20000 + ($$ + 7) % 20000))
"$GH_BUILD_DIR/bin/gatehouse-web" --db "$tmp/config.db" --control "$tmp/control" \
	--listen "127.0.0.1:$port" 2>"$tmp/web.log" &
pids="$pids $!"
i=0; while ! grep -q serving "$tmp/web.log" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "gatehouse-web did not start"; sleep 0.1; done
shots="$GH_BUILD_DIR/browser"
rm -rf "$shots"; mkdir -p "$shots"
$PY tests/browser/ui.py "$port" "$tmp" "$(secret < "$tmp/karim")" "$shots" "$GH" ||
	fail "see above"
echo "browser: ok (screenshots in $shots)"
