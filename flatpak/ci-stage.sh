#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ci-stage.sh
#
# The Flatpak stage of .ci/run: installs what the stage needs with apt-get when
# it is missing, then runs test-flatpak.sh, which builds the local runtime
# (or reuses the one a previous run installed), builds and installs the
# application from the real manifest, and runs it under Xvfb.
#
# On a 2-core machine: four to eight minutes from scratch (most of it making
# the runtime; the more the machine is busy, the longer), one to two minutes
# with the runtime already installed. Runs as root, as CI does (debootstrap
# and chroot need it).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
start=$SECONDS

case ${1:-} in
  -h|--help) sed -n '4,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  "") ;;
  *) echo "ci-stage: unknown argument '$1'" >&2; exit 2 ;;
esac

# command:package for everything the stage runs on the host.
needs=(
  flatpak:flatpak
  flatpak-builder:flatpak-builder
  debootstrap:debootstrap
  ostree:ostree
  eu-strip:elfutils
  objcopy:binutils
  debugedit:debugedit
  python3:python3
  desktop-file-validate:desktop-file-utils
  xvfb-run:xvfb
  xauth:xauth
  xwininfo:x11-utils
  import:imagemagick
  identify:imagemagick
  dbus-run-session:dbus-bin
  dbus-daemon:dbus-daemon
)

missing=()
for need in "${needs[@]}"; do
  command -v "${need%%:*}" >/dev/null || missing+=("${need#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" -ne 0 ]; then
    echo "ci-stage: missing ${missing[*]}, and not root to install them" >&2
    exit 1
  fi
  echo "ci-stage: installing ${missing[*]}"
  apt-get -q update
  DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends install "${missing[@]}"
fi
echo "ci-stage: tools ready after $((SECONDS - start)) s"

status=0
"$here/test-flatpak.sh" || status=$?
echo "ci-stage: flatpak stage took $((SECONDS - start)) s"
exit $status
