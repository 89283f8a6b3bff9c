#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what the tests need (build dependencies, a headless X server, a
# D-Bus session, the accessibility tools, the zh_CN.UTF-8 locale), builds,
# and runs the whole test suite headless, stage by stage. Ends with
# "N passed, N failed" counted over every stage.
#
# usage: test.sh [meson test arguments for the main stage]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${OKP_BUILDDIR:-$top/_build}
logs=""
status=0

"$top/build-aux/install-deps.sh" test

# Stage 1: the whole suite on a normal build.
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top"
fi
ninja -C "$builddir"
meson test -C "$builddir" --print-errorlogs --num-processes 2 --logbase main "$@" || status=1
logs="$logs $builddir/meson-logs/main.json"

python3 "$top/build-aux/summarize-tests.py" $logs || status=1
exit $status
