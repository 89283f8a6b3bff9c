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

# Stage 0, when OKP_TEST_SDK=1 (CI sets it): the core, widget, data and po
# suites built, with every deprecation an error, and run inside the local
# Debian 13 SDK (GTK 4.18,
# libadwaita 1.7), the tree the Flatpak stage builds the Flatpak with
# (flatpak/README.md). Making that tree takes minutes and gigabytes, so a
# developer's run leaves it out unless asked. Its tests are counted with
# the others, under the prefix "debian13/", and so is its build.
if [ "${OKP_TEST_SDK:-0}" = 1 ]; then
  sdk_logdir=${OKP_SDK_LOGDIR:-$top/_build-debian13}
  "$top/flatpak/ci-stage.sh" sdk-suite "$sdk_logdir" || status=1
  logs="$logs $sdk_logdir/sdk.json"
fi

"$top/build-aux/install-deps.sh" test

# Stage 1: the whole suite on a normal build.
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top"
fi
ninja -C "$builddir"
meson test -C "$builddir" --print-errorlogs --num-processes 2 --logbase main "$@" || status=1
logs="$logs $builddir/meson-logs/main.json"

# Stage 2: the same code built with AddressSanitizer and
# UndefinedBehaviorSanitizer (a second build dir). Any memory error or
# undefined behaviour fails a test, and so does a leak in the application's
# own code: tests/lsan.supp suppresses only what system libraries keep by
# design. The suites that run here:
# - core: every test of the model and the command line, leaks checked.
# - widget and journey: the widgets in a real GTK window, and the whole
#   application driven through the accessibility bus; memory errors and
#   undefined behaviour checked, leaks not. GTK, fontconfig and WebKit keep
#   memory until exit by design, and Debian builds them without frame
#   pointers, so LeakSanitizer's stacks for those allocations stop at
#   g_malloc() and cannot be told apart from the application's; the slow
#   unwinder that would tell them apart makes these tests time out. The leak
#   check of the code they share with the core suite is done there. WebKit's
#   web processes are not instrumented (they are not ours).
# Not run here: po and data (no compiled code of ours).
asan_builddir=${OKP_ASAN_BUILDDIR:-$top/_build-asan}
if [ ! -f "$asan_builddir/build.ninja" ]; then
  meson setup "$asan_builddir" "$top" --buildtype=debug \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$asan_builddir"
# verify_asan_link_order=0: the fault injection test preloads a library
# ahead of the ASan runtime. G_SLICE is a no-op since GLib 2.76 and
# harmless before; gc-friendly clears freed memory so stale pointers show
# (tests/meson.build adds fatal-criticals to it).
asan_options="abort_on_error=1:verify_asan_link_order=0:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc G_DEBUG=gc-friendly
ASAN_OPTIONS="detect_leaks=1:$asan_options" \
  meson test -C "$asan_builddir" --print-errorlogs --num-processes 2 --logbase asan-core \
  --suite core --timeout-multiplier 3 || status=1
logs="$logs $asan_builddir/meson-logs/asan-core.json"
ASAN_OPTIONS="detect_leaks=0:$asan_options" \
  meson test -C "$asan_builddir" --print-errorlogs --num-processes 2 --logbase asan-ui \
  --suite widget --suite journey --timeout-multiplier 3 || status=1
logs="$logs $asan_builddir/meson-logs/asan-ui.json"
unset LSAN_OPTIONS UBSAN_OPTIONS G_SLICE G_DEBUG

# Stage 3: the libFuzzer targets (fuzz/), built with clang in a third build
# dir, each run for OKP_FUZZ_SECONDS (50 by default) from its corpus in
# fuzz/corpus/ as a test of the "fuzz" suite. A crash, leak, hang or
# broken promise fails the test and leaves the input in the build dir.
fuzz_builddir=${OKP_FUZZ_BUILDDIR:-$top/_build-fuzz}
if [ ! -f "$fuzz_builddir/build.ninja" ]; then
  CC=clang meson setup "$fuzz_builddir" "$top" -Dfuzzing=true
fi
# Only the fuzzers and what they link, not the whole application again.
ninja -C "$fuzz_builddir" fuzzers
meson test -C "$fuzz_builddir" --no-rebuild --print-errorlogs --logbase fuzz --suite fuzz || status=1
logs="$logs $fuzz_builddir/meson-logs/fuzz.json"

# Stage 4, when OKP_TEST_FLATPAK=1 (CI sets it): the Flatpak built from the
# real manifest against a runtime made locally from Debian packages,
# installed and run (flatpak/README.md). It takes minutes and gigabytes, so
# a developer's run leaves it out unless asked. It counts as one test.
if [ "${OKP_TEST_FLATPAK:-0}" = 1 ]; then
  flatpak_log="$builddir/meson-logs/flatpak.json"
  flatpak_start=$(date +%s)
  if "$top/flatpak/ci-stage.sh" flatpak; then result=OK; else result=FAIL; status=1; fi
  printf '{"name": "flatpak", "result": "%s", "duration": %s}\n' \
    "$result" "$(( $(date +%s) - flatpak_start ))" > "$flatpak_log"
  logs="$logs $flatpak_log"
fi

python3 "$top/build-aux/summarize-tests.py" $logs || status=1
exit $status
