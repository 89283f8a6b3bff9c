#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks that the files the
# desktop needs are where the desktop looks for them, and that they refer to
# each other correctly: the search provider names the installed desktop entry,
# the desktop entry names the installed icon, the D-Bus service starts the
# installed binary.
#
# "meson install" runs without --no-rebuild on purpose: "meson test" builds only
# what the tests depend on, and the translations, for one, are not among them.
#
# Usage: test-install.sh BUILD-DIR PREFIX DATADIR BINDIR
# (DATADIR and BINDIR as absolute paths, as the build configured them.)

set -u

if [ $# -ne 4 ]; then
  echo "usage: $0 BUILD-DIR PREFIX DATADIR BINDIR" >&2
  exit 2
fi

builddir=$1
prefix=$2
datadir=$3
bindir=$4
app_id=io.github.okpayhelp.OKPayHelp

destdir=$(mktemp -d -t okpay-help-install.XXXXXX) || exit 1
trap 'rm -rf "$destdir"' EXIT INT TERM

failures=0
fail () {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

if ! meson install -C "$builddir" --quiet --destdir "$destdir" >"$destdir.log" 2>&1; then
  cat "$destdir.log" >&2
  rm -f "$destdir.log"
  echo "FAIL: meson install failed" >&2
  exit 1
fi
rm -f "$destdir.log"

data=$destdir$datadir

# Prints the value of KEY in the first group of a key file.
key_value () {
  sed -n "s/^$2=//p" "$1" | head -n 1
}

expect_file () {
  if [ -f "$1" ]; then
    echo "ok: ${1#"$destdir"}"
  else
    fail "${1#"$destdir"} is not installed"
  fi
}

desktop=$data/applications/$app_id.desktop
metainfo=$data/metainfo/$app_id.metainfo.xml
schema=$data/glib-2.0/schemas/$app_id.gschema.xml
service=$data/dbus-1/services/$app_id.service
provider=$data/gnome-shell/search-providers/$app_id.search-provider.ini
icon=$data/icons/hicolor/scalable/apps/$app_id.svg
symbolic=$data/icons/hicolor/symbolic/apps/$app_id-symbolic.svg

for f in "$desktop" "$metainfo" "$schema" "$service" "$provider" "$icon" "$symbolic"; do
  expect_file "$f"
done

# The desktop entry carries the translations and names the installed icon.
if [ -f "$desktop" ]; then
  grep -q '^Name\[zh_CN\]=' "$desktop" || fail "the desktop entry has no Chinese name"
  grep -q '^Keywords\[zh_CN\]=' "$desktop" || fail "the desktop entry has no Chinese keywords"
  desktop_icon=$(key_value "$desktop" Icon)
  [ -f "$data/icons/hicolor/scalable/apps/$desktop_icon.svg" ] \
    || fail "the desktop entry's icon '$desktop_icon' is not installed"
  [ "$(key_value "$desktop" DBusActivatable)" = true ] \
    || fail "the desktop entry is not D-Bus activatable"
fi

if [ -f "$metainfo" ]; then
  # Older gettext names the language zh_CN, newer zh-Hans-CN (BCP 47).
  grep -Eq 'xml:lang="zh(_CN|-Hans-CN|-CN)"' "$metainfo" || fail "the metainfo file has no Chinese strings"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "the metainfo file does not launch $app_id.desktop"
fi

# D-Bus activation must start the binary at its installed path.
if [ -f "$service" ]; then
  [ "$(key_value "$service" Name)" = "$app_id" ] || fail "the D-Bus service has the wrong name"
  [ "$(key_value "$service" Exec)" = "$bindir/okpay-help --gapplication-service" ] \
    || fail "the D-Bus service runs '$(key_value "$service" Exec)', not $bindir/okpay-help"
fi

if [ -f "$provider" ]; then
  provider_desktop=$(key_value "$provider" DesktopId)
  [ -f "$data/applications/$provider_desktop" ] \
    || fail "the search provider names '$provider_desktop', which is not installed"
  [ "$(key_value "$provider" BusName)" = "$app_id" ] || fail "the search provider has the wrong bus name"
  [ "$(key_value "$provider" Version)" = 2 ] || fail "the search provider is not version 2"
fi

# The binary is checked once the build has one to install.
if meson introspect "$builddir" --installed | grep -q "\"$bindir/okpay-help\""; then
  if [ -x "$destdir$bindir/okpay-help" ]; then
    echo "ok: $bindir/okpay-help"
  else
    fail "$bindir/okpay-help is not installed"
  fi
fi

if command -v desktop-file-validate >/dev/null 2>&1 && [ -f "$desktop" ]; then
  desktop-file-validate "$desktop" || fail "the installed desktop entry does not validate"
fi

if [ $failures -ne 0 ]; then
  echo "$failures check(s) failed (installed with prefix $prefix)" >&2
  exit 1
fi
echo "PASS: installed files in place (prefix $prefix)"
exit 0
