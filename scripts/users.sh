#!/bin/sh
# Create Gatehouse's system users and directories (idempotent; run as root).
#   gatehouse      runs the controller: reads the configuration, alone writes the
#                  journal and holds its signing key; opens serial readers (dialout)
#                  and GPIO chips (gpio, where the group exists)
#   gatehouse-web  runs the web service (later issue)
#   gatehouse-ctl  the only group they share: the controller's control socket
# Directories: /var/lib/gatehouse (data, 0750), /var/lib/gatehouse/keys (0700,
# controller only), /run/gatehouse is made by systemd (RuntimeDirectory=).
# ROOT=DIR acts on another root file system (useradd --root), for images.
set -eu
ROOT=${ROOT:-}
R=""
[ -n "$ROOT" ] && R="--root $ROOT"
[ "$(id -u)" -eq 0 ] || { echo "users: must run as root" >&2; exit 3; }

have_group() { grep -q "^$1:" "${ROOT}/etc/group"; }
have_user() { grep -q "^$1:" "${ROOT}/etc/passwd"; }

# shellcheck disable=SC2086
have_group gatehouse-ctl || groupadd $R --system gatehouse-ctl
extra=gatehouse-ctl
have_group dialout && extra="$extra,dialout"
have_group gpio && extra="$extra,gpio"
# shellcheck disable=SC2086
have_user gatehouse || useradd $R --system --user-group --home-dir /var/lib/gatehouse \
	--no-create-home --shell /usr/sbin/nologin --comment "Gatehouse controller" gatehouse
# shellcheck disable=SC2086
usermod $R -a -G "$extra" gatehouse
# shellcheck disable=SC2086
have_user gatehouse-web || useradd $R --system --user-group --home-dir /nonexistent \
	--no-create-home --shell /usr/sbin/nologin --comment "Gatehouse web service" gatehouse-web
# shellcheck disable=SC2086
usermod $R -a -G gatehouse-ctl gatehouse-web

install -d -m 0750 -o gatehouse -g gatehouse "$ROOT/var/lib/gatehouse"
install -d -m 0700 -o gatehouse -g gatehouse "$ROOT/var/lib/gatehouse/keys"
echo "users: gatehouse ($extra), gatehouse-web (gatehouse-ctl); /var/lib/gatehouse ready"
