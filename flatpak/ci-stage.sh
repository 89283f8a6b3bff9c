#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ci-stage.sh [flatpak | sdk-suite [LOG_DIR]]
#
# The stages of .ci/run that need the local Debian 13 runtime. Each first
# installs what it needs on the host with apt-get when it is missing, then:
#
#   flatpak    (the default) runs test-flatpak.sh, which builds the local
#              runtime (or reuses the one a previous run installed), builds
#              and installs the application from the real manifest, and runs
#              it under Xvfb.
#   sdk-suite  runs test-in-sdk.sh LOG_DIR, which builds the same runtime (or
#              reuses it), then builds the application and runs the core,
#              widget, journey, data and po suites inside its SDK.
#
# The cost on a 2-core machine is in flatpak/README.md. Runs as root, as CI
# does (debootstrap, mount and chroot need it).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
start=$SECONDS

what=${1:-flatpak}
case $what in
  -h|--help) sed -n '4,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  flatpak)
    [ $# -le 1 ] || { echo "ci-stage: flatpak takes no arguments" >&2; exit 2; } ;;
  sdk-suite)
    [ $# -le 2 ] || { echo "ci-stage: sdk-suite takes one LOG_DIR" >&2; exit 2; } ;;
  *) echo "ci-stage: unknown stage '$what'" >&2; exit 2 ;;
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
case $what in
  flatpak) "$here/test-flatpak.sh" || status=$? ;;
  sdk-suite) "$here/test-in-sdk.sh" "${@:2}" || status=$? ;;
esac
echo "ci-stage: $what stage took $((SECONDS - start)) s"
exit $status
