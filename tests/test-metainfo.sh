#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Validates the merged AppStream metainfo file and fails on any error, warning
# or info, not only on what makes appstreamcli's exit status non-zero: infos
# such as a missing content rating matter to software centres too.
#
# The one exception: AppStream before 1.0 does not know the <developer> tag
# (it replaced <developer_name> in 1.0) and reports it as an unknown tag. The
# file is written for current AppStream, so that info is allowed there only.
#
# Usage: test-metainfo.sh APPSTREAMCLI METAINFO-FILE

set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 APPSTREAMCLI METAINFO-FILE" >&2
  exit 2
fi

appstreamcli=$1
metainfo=$2

output=$("$appstreamcli" validate --no-net --explain "$metainfo" 2>&1)
status=$?
printf '%s\n' "$output"

if [ $status -ne 0 ]; then
  echo "FAIL: appstreamcli validate exited with status $status" >&2
  exit 1
fi

version=$("$appstreamcli" --version | grep -o '[0-9][0-9]*\.[0-9][0-9.]*' | head -n 1)
major=${version%%.*}

issues=$(printf '%s\n' "$output" | grep -E '^[EWI]: ')
if [ "${major:-0}" -lt 1 ]; then
  issues=$(printf '%s\n' "$issues" | grep -v -E '^I: [^ ]+ unknown-tag developer$')
fi

if [ -n "$issues" ]; then
  echo "FAIL: appstreamcli $version reported issues:" >&2
  printf '%s\n' "$issues" >&2
  exit 1
fi

echo "PASS: $metainfo (appstreamcli $version)"
exit 0
