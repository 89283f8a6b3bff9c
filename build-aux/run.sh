#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds, and starts OKPay Help from the build
# tree. Arguments are passed to the application (try --help).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${OKP_BUILDDIR:-$top/_build}

"$top/build-aux/install-deps.sh" build

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top"
fi
ninja -C "$builddir"

# Run uninstalled: settings schema and translations from the build tree.
export GSETTINGS_SCHEMA_DIR="$builddir/data"
export OKP_LOCALEDIR="$builddir/po"
exec "$builddir/src/okpay-help" "$@"
