#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes the screenshots the README and the AppStream metainfo show, from the
# real application in the build tree, on a private X server: the guide and a
# checklist with some progress, in English and in Chinese, light and dark.
#
# usage: build-aux/screenshots.sh [BUILDDIR]   (default: _build)
# Needs: xvfb, dbus, imagemagick, x11-utils (xwininfo).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$top/_build}" && pwd)
out="$top/data/screenshots"
mkdir -p "$out"

if [ -z "${OKP_SCREENSHOT_INNER:-}" ]; then
  OKP_SCREENSHOT_INNER=1 exec xvfb-run --auto-servernum \
    --server-args="-screen 0 1280x900x24 -nolisten tcp" \
    dbus-run-session -- "$0" "$builddir"
fi

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/data/io.github.okpayhelp.OKPayHelp" "$home/config"
chmod 700 "$home/data/io.github.okpayhelp.OKPayHelp"
# A user half way through the login checklist.
cat > "$home/data/io.github.okpayhelp.OKPayHelp/progress.json" <<'JSON'
{
  "version": 1,
  "checklists": {
    "login": {
      "steps": {
        "reset-password": { "done": true, "changed": "2026-11-26T09:12:00Z" },
        "check-network": { "done": true, "changed": "2026-11-26T09:20:00Z" }
      },
      "notes": { "error-message": "Account temporarily locked (code 1043)" },
      "solved": false,
      "started": "2026-11-26T09:05:00Z",
      "updated": "2026-11-26T09:20:00Z"
    },
    "withdrawal": { "steps": {}, "notes": {}, "solved": true,
                    "started": "2026-11-20T10:00:00Z", "updated": "2026-11-21T10:00:00Z" }
  }
}
JSON
chmod 600 "$home/data/io.github.okpayhelp.OKPayHelp/progress.json"

export XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
export GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=memory
export OKP_LOCALEDIR="$builddir/po"
# Screenshots only: the web process sandbox needs privileges a headless
# session may lack.
export WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1

shoot() {
  name=$1; shift
  "$builddir/src/okpay-help" "$@" >/dev/null 2>&1 &
  pid=$!
  sleep 5
  window=$(xwininfo -root -tree | awk '/"OKPay (Help|帮助)"/ { print $1; exit }')
  if [ -n "$window" ]; then
    import -window "$window" "$out/$name.png"
    echo "$out/$name.png"
  else
    echo "no window for $name" >&2
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

LANGUAGE=en LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 shoot guide --section question-login
LANGUAGE=en LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 shoot checklist --checklist login
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 shoot guide-zh_CN --section support-channels
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 shoot checklist-zh_CN --checklist login
ADW_DEBUG_COLOR_SCHEME=prefer-dark LANGUAGE=en LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 \
  shoot guide-dark --section common-problems
