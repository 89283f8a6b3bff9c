#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `okpay-help --search QUERY` without a display or a session bus, in English
# and in Chinese: the results best first, one a line (kind, id, title,
# separated by tabs), exit status 0 with results and 1 without. TAP output.
#
# usage: test-search-cli.sh PROGRAM
set -u

program=$1
n=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Nothing of a desktop session: the command must not need one.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
export XDG_DATA_HOME="${TMPDIR:-/tmp}/okp-search-cli-$$"

echo "1..7"

# check NAME LANGUAGE QUERY EXPECTED_STATUS EXPECTED_FIRST_LINE
check () {
  n=$((n + 1))
  name=$1 language=$2 query=$3 want_status=$4 want_first=$5
  if [ "$language" = zh_CN ]; then
    LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$program" --search "$query" >"$out" 2>&1
  else
    LANGUAGE=en LANG=C.UTF-8 LC_ALL=C.UTF-8 "$program" --search "$query" >"$out" 2>&1
  fi
  status=$?
  first=$(head -n 1 "$out")
  if [ "$status" -eq "$want_status" ] && [ "$first" = "$want_first" ]; then
    echo "ok $n $name"
  else
    failed=$((failed + 1))
    echo "not ok $n $name"
    echo "# status $status (wanted $want_status), first line: $first"
    echo "# wanted: $want_first"
    sed 's/^/# | /' "$out"
  fi
}

tab=$(printf '\t')

check "en-title" en "Login problems" 0 "checklist${tab}login${tab}Login problems"
check "en-step" en "PASSWORD" 0 "checklist${tab}login${tab}Login problems"
check "en-none" en "quantum" 1 ""
check "zh-title" zh_CN "提现" 0 "section${tab}question-withdrawal${tab}提现困难时该如何处理？"
check "zh-full-width" zh_CN "ＯＫＰａｙ概述" 0 "section${tab}overview${tab}OKPay概述"
check "zh-none" zh_CN "量子计算" 1 ""

# One line per result, and every line has its three fields.
n=$((n + 1))
LANGUAGE=en LANG=C.UTF-8 "$program" --search password >"$out"
if [ "$(wc -l <"$out")" -gt 1 ] && [ "$(awk -F "$tab" 'NF != 3' "$out" | wc -l)" -eq 0 ]; then
  echo "ok $n fields"
else
  failed=$((failed + 1))
  echo "not ok $n fields"
  sed 's/^/# | /' "$out"
fi

rm -rf "$XDG_DATA_HOME"
[ "$failed" -eq 0 ]
