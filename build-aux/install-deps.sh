#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian packages that are missing for a purpose: "build" (to
# build and run the application) or "test" (everything the test suite needs
# as well). Packages already installed are left alone, and nothing is
# downloaded when nothing is missing.
#
# usage: install-deps.sh build|test
set -eu

build_packages="
  build-essential meson ninja-build pkg-config gettext itstool
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libwebkitgtk-6.0-dev
  libjson-glib-dev libcairo2-dev libpango1.0-dev
  desktop-file-utils appstream
  fonts-noto-cjk
"

test_packages="
  xvfb xauth dbus dbus-x11 at-spi2-core imagemagick
  python3 python3-dogtail python3-pyatspi gir1.2-atspi-2.0 python3-gi xclip
  poppler-utils locales libglib2.0-bin
  python3-dbus claws-mail xdotool
  clang libclang-rt-14-dev
"

case "${1:-}" in
  build) wanted=$build_packages ;;
  test) wanted="$build_packages $test_packages" ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

missing=""
for package in $wanted; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $package" ;;
  esac
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      exec sudo "$0" "$@"
    fi
    echo "These packages are missing and installing them needs root:$missing" >&2
    exit 1
  fi
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
fi

# The tests run the interface in Chinese and in English; a fresh Debian has
# neither locale generated.
if [ "$1" = test ]; then
  for locale in zh_CN.UTF-8 en_US.UTF-8; do
    short=$(echo "$locale" | sed 's/UTF-8/utf8/')
    if ! locale -a 2>/dev/null | grep -qx "$short"; then
      if [ "$(id -u)" -ne 0 ]; then
        echo "The $locale locale is missing and generating it needs root" >&2
        exit 1
      fi
      sed -i "s/^# *\($locale UTF-8\)/\1/" /etc/locale.gen
      grep -q "^$locale UTF-8" /etc/locale.gen || echo "$locale UTF-8" >> /etc/locale.gen
      locale-gen >/dev/null
    fi
  done
fi
