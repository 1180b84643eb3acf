#!/bin/sh
# Install the Debian 12 packages Gatehouse needs, only those missing.
# Recommends are never installed, so every package is named explicitly.
set -eu

PACKAGES="
gcc
make
pkg-config
tzdata
sqlite3
libsqlite3-dev
libcunit1-dev
libsodium-dev
libgnutls28-dev
nettle-dev
rsyslog
rsyslog-relp
rsyslog-gnutls
gnutls-bin
libfaketime
wrk
libnfc-dev
libnfc-bin
libnfc-examples
libfreefare-dev
libfreefare-bin
libgpiod-dev
libmicrohttpd-dev
libqrencode-dev
python3
procps
chromium
chromium-driver
python3-selenium
fonts-dejavu-core
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "deps: need root (or sudo) to install:$missing" >&2; exit 3
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
