#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer target for a bounded time: first over its committed
# corpus (every file there must still pass), then on new inputs, for
# OKP_FUZZ_SECONDS (default 50). New interesting inputs go to a scratch
# corpus in the build dir, never into the source tree; a crash, leak or
# hang is kept as a file in WORKDIR and fails the test.
#
# usage: run-fuzzer.sh FUZZER CORPUS DICT|'' WORKDIR
set -eu

fuzzer=$1
corpus=$2
dict=$3
workdir=$4
seconds=${OKP_FUZZ_SECONDS:-50}

rm -rf "$workdir"
mkdir -p "$workdir/corpus" "$workdir/artifacts"

set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$workdir/artifacts/"
if [ -n "$dict" ]; then
  set -- "$@" -dict="$dict"
fi

# Sanitizer reports end the run with a stack; glib's own allocations are
# not leaks of ours, but anything of ours that leaks fails the run.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly

status=0
"$fuzzer" "$@" "$workdir/corpus" "$corpus" || status=$?

if [ "$status" -ne 0 ]; then
  echo "The fuzzer failed (status $status); what it found is in $workdir/artifacts:" >&2
  ls -l "$workdir/artifacts" >&2
  # libFuzzer exits 77 on a crash, which meson would count as skipped.
  exit 1
fi
