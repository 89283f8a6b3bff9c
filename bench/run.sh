#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The benchmarks, in one command: builds what they need (a release build of
# the application, the baseline program and the benchmark programs, in a
# build directory of their own) and runs them in their own X server and
# D-Bus session. Prints a table and writes the same figures as JSON to
# bench/results.json, or to the file given with --output.
#
# usage: bench/run.sh [--rounds N] [--output FILE] [--quick]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${OKP_BENCH_BUILDDIR:-$top/_build-bench}

"$top/build-aux/install-deps.sh" test

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top" --buildtype=release
else
  meson configure "$builddir" --buildtype=release
fi
nice ninja -C "$builddir"

# Later arguments win: an --output given here replaces the default.
exec "$top/tests/run-headless.sh" python3 "$top/bench/bench.py" \
  --builddir "$builddir" --output "$top/bench/results.json" "$@"
