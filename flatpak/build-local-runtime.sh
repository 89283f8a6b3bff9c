#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-local-runtime.sh [--force]
#
# Builds a small Flatpak runtime and SDK from Debian 13 (trixie) packages and
# installs both for the current user, so that the application's manifest can be
# built, installed and run on a machine that cannot download org.gnome.Platform.
# The ids, branch and cache directory are in local-runtime.env.
#
# The runtime holds the libraries the application needs (GTK 4, libadwaita,
# WebKitGTK 6.0, json-glib, Mesa for WebKit's EGL display, fonts with Chinese
# glyphs, icon themes, locales); the SDK is the same tree plus the build tools,
# the -dev packages and what the test suite runs (test-sdk-chroot.sh runs the
# suite in the installed SDK). Both are made with debootstrap and apt-get from
# the Debian mirror that this machine's own apt configuration names.
#
# An installed runtime made from the same recipe is reused; --force rebuilds it.
# Needs root (debootstrap and chroot), debootstrap, flatpak and ostree.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=local-runtime.env
. "$here/local-runtime.env"

usage ()
{
  sed -n '4,19s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

force=no
for arg in "$@"; do
  case $arg in
    --force) force=yes ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-local-runtime: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

die ()
{
  echo "build-local-runtime: error: $*" >&2
  exit 1
}

stage_start=$SECONDS
stage ()
{
  echo "build-local-runtime: == $* =="
  stage_start=$SECONDS
}
stage_done ()
{
  echo "build-local-runtime: -- $1 took $((SECONDS - stage_start)) s"
}

SUITE=$OKP_LOCAL_SUITE

# Bump when the way the trees are made changes, so that installed runtimes made
# the old way are rebuilt; the package lists below count on their own.
RECIPE_VERSION=2

# What the application links against at run time, and what those libraries
# need to find at run time besides their Depends: (pixbuf loaders for SVG
# icons, icon themes, MIME data, fonts, Mesa for the EGL display that WebKit's
# web process aborts without). The sandbox reaches the host's session bus
# through flatpak's proxy; dbus-x11 is named so that apt-get satisfies GTK's
# dconf-service, which needs a dbus-session-bus, with it rather than with
# dbus-user-session and the whole of systemd.
PLATFORM_PACKAGES=(
  libglib2.0-0t64
  libgtk-4-1
  libadwaita-1-0
  libwebkitgtk-6.0-4
  libjson-glib-1.0-0
  librsvg2-common
  adwaita-icon-theme
  hicolor-icon-theme
  shared-mime-info
  glib-networking
  libegl-mesa0
  libgl1-mesa-dri
  libglx-mesa0
  fontconfig
  fonts-cantarell
  fonts-dejavu-core
  fonts-wqy-microhei
  locales
  dbus-x11
)

# The SDK adds what meson and flatpak-builder run inside the build sandbox:
# compiler, meson, the GLib and gettext tools, xmllint for GResource's
# xml-stripblanks, the desktop and AppStream tools (flatpak-builder runs
# appstream-compose from the SDK), and the headers. Then what the test suite
# runs (tests/meson.build, tests/run-headless.sh, tests/journey): a headless
# X server and its xauth, a D-Bus session, the accessibility bus and dogtail,
# poppler's tools for the printed PDFs, ImageMagick for screenshots, the CJK
# fonts the printed checklists embed, and itstool for the translated metainfo.
SDK_PACKAGES=(
  gcc
  libc6-dev
  meson
  ninja-build
  pkgconf
  gettext
  itstool
  libxml2-utils
  libglib2.0-bin
  libglib2.0-dev-bin
  libgtk-4-bin
  desktop-file-utils
  appstream
  appstream-util
  libglib2.0-dev
  libgtk-4-dev
  libadwaita-1-dev
  libwebkitgtk-6.0-dev
  libjson-glib-dev
  libcairo2-dev
  libpango1.0-dev
  python3
  python3-gi
  python3-dogtail
  python3-pyatspi
  gir1.2-atspi-2.0
  at-spi2-core
  dbus
  xvfb
  xauth
  poppler-utils
  imagemagick
  fonts-noto-cjk
)

# C.UTF-8 is built into glibc; these are the languages the application speaks.
LOCALES=(en_US.UTF-8 zh_CN.UTF-8)

recipe=$(printf '%s\n' "$RECIPE_VERSION" "$SUITE" "${PLATFORM_PACKAGES[@]}" -- \
           "${SDK_PACKAGES[@]}" -- "${LOCALES[@]}" | sha256sum | cut -d ' ' -f 1)
# Where each tree records the recipe it was made from, relative to its files.
stamp_path=share/okpay-help-local-runtime/recipe

command -v flatpak >/dev/null || die "flatpak is not installed"
arch=$(flatpak --default-arch)

installed_recipe ()
{
  local location
  location=$(flatpak info --user --show-location "runtime/$1/$arch/$OKP_LOCAL_BRANCH" 2>/dev/null) ||
    return 0
  cat "$location/files/$stamp_path" 2>/dev/null || true
}

exit_if_current ()
{
  if [ "$force" = no ] &&
     [ "$(installed_recipe "$OKP_LOCAL_PLATFORM")" = "$recipe" ] &&
     [ "$(installed_recipe "$OKP_LOCAL_SDK")" = "$recipe" ]; then
    echo "build-local-runtime: $OKP_LOCAL_PLATFORM and $OKP_LOCAL_SDK//$OKP_LOCAL_BRANCH are installed and current"
    exit 0
  fi
}
exit_if_current

[ "$(id -u)" -eq 0 ] || die "debootstrap and chroot need root; run this as root"
for tool in debootstrap ostree chroot flock; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done

# The mirror is the one this machine's apt configuration uses for its own
# Debian release's main component (any Debian mirror carries every release,
# so the one that serves this machine serves $SUITE too); apt itself reads
# sources.list and sources.list.d, one-line and deb822 formats alike. Entries
# for other suites of the release (-updates, -security) and for other
# vendors' repositories do not match the release's own codename.
# OKP_DEBIAN_MIRROR overrides it.
mirror=${OKP_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # shellcheck source=/dev/null
  host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  # The $(…) are apt's format fields, not shell.
  # shellcheck disable=SC2016
  mirror=$(apt-get indextargets --no-release-info \
             --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' 2>/dev/null |
           awk -v host="$host_suite" -v suite="$SUITE" \
             '($2 == host || $2 == suite) && $3 == "main" { print $1; exit }') || true
fi
[ -n "$mirror" ] ||
  die "no Debian 'main' entry for this machine's release in the apt configuration; set OKP_DEBIAN_MIRROR to a Debian mirror URL"

mkdir -p "$OKP_FLATPAK_CACHE"
cache=$(cd "$OKP_FLATPAK_CACHE" && pwd)
debs=$cache/debs
work=$cache/work
repo=$cache/repo
mkdir -p "$debs/partial"

# One build at a time per cache; a build that waited may find its work done.
exec 9>"$cache/lock"
flock 9
exit_if_current

mounts=()
unmount_all ()
{
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  mounts=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM HUP

# Removes a work tree, never crossing into anything still mounted under it
# (an interrupted run can leave debootstrap's /proc behind).
remove_tree ()
{
  local mount_point
  [ -e "$1" ] || return 0
  while read -r mount_point; do
    umount -l "$mount_point" 2>/dev/null || true
  done < <(findmnt -rn -o TARGET | grep -F "$1/" | sort -r)
  rm -rf --one-file-system "$1"
}

# Runs a command inside a tree, with /proc mounted for maintainer scripts.
in_chroot ()
{
  local root=$1 status=0
  shift
  mount -t proc proc "$root/proc" || return
  mounts+=("$root/proc")
  LC_ALL=C DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$root" "$@" || status=$?
  umount "$root/proc"
  unset 'mounts[-1]'
  return $status
}

total_start=$SECONDS
echo "build-local-runtime: building $OKP_LOCAL_PLATFORM and $OKP_LOCAL_SDK//$OKP_LOCAL_BRANCH ($arch) from $SUITE"
echo "build-local-runtime: mirror from the apt configuration: $mirror"
remove_tree "$work"
mkdir -p "$work"

# Installs packages into a tree with apt-get, which (unlike debootstrap's
# --include) orders their configuration and picks providers of virtual
# packages. The packages are cached beside debootstrap's, under the same
# names, so a rebuild downloads nothing that has not changed.
apt_install ()
{
  local root=$1 log=$2
  shift 2
  mount --bind "$debs" "$root/var/cache/apt/archives"
  mounts+=("$root/var/cache/apt/archives")
  in_chroot "$root" sh -c '
    set -e
    apt-get -q update
    apt-get -q -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io install "$@"
  ' apt-install "$@" > "$log" 2>&1 ||
    { tail -n 30 "$log" >&2; die "installing packages failed (log: $log)"; }
  unmount_all
}

stage "debootstrap $SUITE (minbase)"
nice debootstrap --variant=minbase --cache-dir="$debs" \
  "$SUITE" "$work/platform" "$mirror" > "$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
cp /etc/resolv.conf "$work/platform/etc/resolv.conf"
stage_done "debootstrap"

stage "install the runtime's packages"
apt_install "$work/platform" "$work/platform-apt.log" "${PLATFORM_PACKAGES[@]}"
printf '%s UTF-8\n' "${LOCALES[@]}" > "$work/platform/etc/locale.gen"
in_chroot "$work/platform" locale-gen > /dev/null
stage_done "runtime packages"

stage "add the build and test tools and headers for the SDK tree"
cp -a --reflink=auto "$work/platform" "$work/sdk"
apt_install "$work/sdk" "$work/sdk-apt.log" "${SDK_PACKAGES[@]}"
stage_done "SDK packages"

# Turns a debootstrapped tree into what flatpak expects of a runtime's files:
# everything under usr, the configuration in usr/etc (flatpak links each
# entry of it into the sandbox's /etc), a fresh ld.so.cache, and metadata.
finish_tree ()
{
  local root=$1 name=$2 link link_dir target

  in_chroot "$root" ldconfig
  # The sandbox gets the host's resolver configuration from flatpak.
  rm -f "$root/etc/resolv.conf"

  # What nothing in the sandbox reads: documentation, and messages in
  # languages the application is not translated into.
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man "$root"/usr/share/info \
         "$root"/usr/share/lintian "$root"/usr/share/i18n
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -type d \
       ! -name 'zh_CN' ! -name 'en' ! -name 'en_*' -exec rm -rf {} +

  mv "$root/etc" "$root/usr/etc"
  # Relative links written for /etc (os-release -> ../usr/lib/os-release)
  # point elsewhere from usr/etc: make them absolute, as seen from /etc.
  while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    case $target in
      /*) ;;
      *) link_dir=$(dirname "/etc/${link#"$root/usr/etc/"}")
         ln -sfn "$(realpath -m -s "$link_dir/$target")" "$link" ;;
    esac
  done < <(find "$root/usr/etc" -type l -print0)

  mkdir -p "$(dirname "$root/usr/$stamp_path")"
  echo "$recipe" > "$root/usr/$stamp_path"

  cat > "$root/metadata" <<EOF
[Runtime]
name=$name
runtime=$name/$arch/$OKP_LOCAL_BRANCH
sdk=$OKP_LOCAL_SDK/$arch/$OKP_LOCAL_BRANCH
EOF
}

stage "turn the trees into runtimes"
finish_tree "$work/platform" "$OKP_LOCAL_PLATFORM"
finish_tree "$work/sdk" "$OKP_LOCAL_SDK"
du -sh "$work/platform/usr" "$work/sdk/usr"
stage_done "finishing the trees"

stage "export to the local repository"
if [ ! -d "$repo/objects" ]; then
  # bare-user-only: a local pull needs no compressed archive, and compressing
  # a gigabyte of SDK would be the slowest step of all.
  ostree init --repo="$repo" --mode=bare-user-only
fi
for root in platform sdk; do
  nice flatpak build-export --runtime --files=usr --disable-fsync --no-update-summary \
    --subject="Debian $SUITE ($OKP_LOCAL_BRANCH) based local runtime for OKPay Help" \
    "$repo" "$work/$root" "$OKP_LOCAL_BRANCH"
done
flatpak build-update-repo --prune --prune-depth=0 "$repo"
stage_done "export"

stage "install for the user"
flatpak remote-add --user --if-not-exists --no-gpg-verify "$OKP_LOCAL_REMOTE" "file://$repo"
flatpak remote-modify --user --url="file://$repo" --no-gpg-verify "$OKP_LOCAL_REMOTE"
nice flatpak install --user --noninteractive --reinstall -y "$OKP_LOCAL_REMOTE" \
  "runtime/$OKP_LOCAL_PLATFORM/$arch/$OKP_LOCAL_BRANCH" \
  "runtime/$OKP_LOCAL_SDK/$arch/$OKP_LOCAL_BRANCH"
stage_done "install"

remove_tree "$work"
for id in "$OKP_LOCAL_PLATFORM" "$OKP_LOCAL_SDK"; do
  [ "$(installed_recipe "$id")" = "$recipe" ] || die "$id//$OKP_LOCAL_BRANCH did not install"
done
echo "build-local-runtime: done in $((SECONDS - total_start)) s"
