#!/bin/sh
# The demo site that `make run` creates builds without an error, twice over in fresh
# directories, and holds what the README's tour shows.
set -eu
GH="$GH_BUILD_DIR/bin/gatehouse"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh scripts/demo-site.sh "$GH" "$tmp/var"
export GATEHOUSE_DB="$tmp/var/config.db" GATEHOUSE_JOURNAL="$tmp/var/journal.db"
fail() { echo "demo_site: $*" >&2; exit 1; }
"$GH" zone list | grep -q "Salle serveurs  *sensitive" || fail "server room missing"
"$GH" door list | grep -q "Quai vers bureaux" || fail "dock door missing"
"$GH" person list --format csv | grep -q "يوسف بنعلي" || fail "Arabic name missing"
"$GH" person rights E-1001 | grep -q "Salle serveurs" || fail "rights of E-1001"
# Creating it again over an existing site is refused, not merged.
if sh scripts/demo-site.sh "$GH" "$tmp/var" 2>/dev/null; then fail "re-init accepted"; fi
echo "demo_site: ok"
