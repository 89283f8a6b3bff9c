#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-in-sdk.sh [LOG_DIR [MESON_TEST_ARGS...]]
#
# Builds the application and runs its test suite (the core, widget, data and
# po suites, or what MESON_TEST_ARGS name) inside the local Debian 13
# SDK, the same tree that
# flatpak-builder builds the Flatpak with: GTK 4.18, libadwaita 1.7,
# WebKitGTK 2.52, json-glib 1.10 and GLib 2.84, where the host has Debian 12.
#
# The installed SDK's files are mounted read-only as /usr of a chroot, with
# /etc made of links into usr/etc as flatpak makes it, the kernel's /proc,
# /sys and /dev, fresh /dev/shm, /run and /tmp, the source read-only at
# /src and the build directory at /build. The tests then run exactly as on
# the host: each widget and journey test on its own Xvfb and D-Bus session,
# the journeys through the accessibility bus.
#
# Leaves in LOG_DIR (default: _build-debian13 in the source tree):
#   sdk.json   meson's test log, each name prefixed "debian13/", plus one
#              entry "debian13/build" for the build itself, so that
#              build-aux/summarize-tests.py counts a failed build as a failure
#   sdk.txt    meson's text log; build.log the setup and build output;
#              journey-*.png, the screenshots of failed journeys
# Prints how long each stage took. Exits non-zero when the build or a test
# fails. Needs root (mount, chroot), flatpak, and build-local-runtime.sh's
# needs when the runtime is not installed yet.

set -euo pipefail

# When true, the build inside the SDK turns every deprecation in GLib, GTK and
# libadwaita as compiled against into an error (meson's
# -Dstrict_deprecations=true). OKP_SDK_STRICT_DEPRECATIONS overrides it.
STRICT_DEPRECATIONS=true

# The suites that run here; bench, fuzz and the sanitizer builds stay on the
# host. The journeys are not here yet: they find widgets by the names and
# roles GTK 4.8 gives them on the accessibility bus, and GTK 4.18 names
# several differently (a push button is a "button", an AdwWindowTitle has
# no name of its own), so most of them cannot find what they look for.
# Run them with `test-in-sdk.sh DIR --suite journey`.
SUITES=(core widget data po)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=local-runtime.env
. "$here/local-runtime.env"

case ${1:-} in
  -h|--help) sed -n '4,27s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
esac
strict=${OKP_SDK_STRICT_DEPRECATIONS:-$STRICT_DEPRECATIONS}
case $strict in
  true|false) ;;
  *) echo "test-in-sdk: OKP_SDK_STRICT_DEPRECATIONS must be true or false, not '$strict'" >&2; exit 2 ;;
esac

log_dir=${1:-$top/_build-debian13}
shift $(($# > 0 ? 1 : 0))
mkdir -p "$log_dir"
log_dir=$(cd "$log_dir" && pwd)
rm -f "$log_dir/sdk.json" "$log_dir/sdk.txt" "$log_dir/build.log"

fail ()
{
  echo "test-in-sdk: error: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "mounting and chroot need root; run this as root"
for tool in flatpak chroot mount umount findmnt flock python3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done

stage_names=()
stage_seconds=()
current_stage=
stage_start=$SECONDS
total_start=$SECONDS
stage ()
{
  end_stage
  current_stage=$1
  stage_start=$SECONDS
  echo "test-in-sdk: == $1 =="
}
end_stage ()
{
  if [ -n "$current_stage" ]; then
    stage_names+=("$current_stage")
    stage_seconds+=($((SECONDS - stage_start)))
    current_stage=
  fi
}

stage "local runtime and SDK"
"$here/build-local-runtime.sh" || fail "could not build or install the local runtime"

arch=$(flatpak --default-arch)
sdk_ref=runtime/$OKP_LOCAL_SDK/$arch/$OKP_LOCAL_BRANCH
sdk_files=$(flatpak info --user --show-location "$sdk_ref")/files
[ -d "$sdk_files/bin" ] || fail "$sdk_ref has no files at $sdk_files"

mkdir -p "$OKP_FLATPAK_CACHE"
cache=$(cd "$OKP_FLATPAK_CACHE" && pwd)
# One run at a time per cache: the root and the build directory are shared.
exec 7>"$cache/test-in-sdk.lock"
flock 7
root=$cache/sdk-root
build=$cache/sdk-build

mounts=()
unmount_all ()
{
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  mounts=()
}
# Leaves nothing mounted, whatever is left from a killed run included, and
# never removes anything through a mount.
clear_root ()
{
  local mount_point
  unmount_all
  if [ -e "$root" ]; then
    while read -r mount_point; do
      umount -l "$mount_point" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | grep -E "^$root(/|$)" | sort -r)
    rm -rf --one-file-system "$root"
  fi
}
summary ()
{
  local status=$? i
  clear_root
  end_stage
  echo "test-in-sdk: time per stage:"
  for i in "${!stage_names[@]}"; do
    printf 'test-in-sdk:   %4d s  %s\n' "${stage_seconds[i]}" "${stage_names[i]}"
  done
  printf 'test-in-sdk:   %4d s  total\n' $((SECONDS - total_start))
  if [ "$status" -eq 0 ]; then echo "test-in-sdk: PASS"; else echo "test-in-sdk: FAILED" >&2; fi
}
trap summary EXIT
trap 'exit 130' INT TERM HUP

# Bind mounts are made private, so that what is mounted on them (the tmpfs
# on /dev/shm) never shows through on the host.
bind ()
{
  mount --bind "$1" "$2"
  mounts+=("$2")
  mount --make-private "$2"
  if [ "${3:-}" = ro ]; then
    mount -o remount,bind,ro "$2"
  fi
}

stage "chroot of the installed SDK"
clear_root
mkdir -p "$root"
# A private mount of its own first: nothing mounted inside the root, by this
# script or by a test, propagates to the host, however the host's mounts
# are shared.
bind "$root" "$root"
mkdir -p "$root"/{usr,etc,proc,sys,dev,run,tmp,src,build,root,var/tmp}
chmod 1777 "$root/tmp" "$root/var/tmp"
bind "$sdk_files" "$root/usr" ro
# The merged-/usr links of a Debian tree, and /etc as flatpak builds it from
# the runtime's usr/etc, with a machine id and host names of its own.
for dir in bin sbin lib lib32 lib64 libx32; do
  [ ! -e "$root/usr/$dir" ] || ln -s "usr/$dir" "$root/$dir"
done
for entry in "$root"/usr/etc/*; do
  name=${entry##*/}
  case $name in
    machine-id|hosts|hostname|resolv.conf) ;;
    *) ln -s "/usr/etc/$name" "$root/etc/$name" ;;
  esac
done
tr -d '-' < /proc/sys/kernel/random/uuid > "$root/etc/machine-id"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
echo localhost > "$root/etc/hostname"
mount -t proc proc "$root/proc"
mounts+=("$root/proc")
bind /sys "$root/sys" ro
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
for dir in dev/shm run tmp; do
  mount -t tmpfs -o mode=1777 tmpfs "$root/$dir"
  mounts+=("$root/$dir")
done
bind "$top" "$root/src" ro
rm -rf "$build"
mkdir -p "$build"
bind "$build" "$root/build"

# Runs a command in the chroot with a clean environment, as root (as CI runs
# the host's suite).
in_sdk ()
{
  env -i HOME=/root PATH=/usr/bin:/usr/sbin LANG=C.UTF-8 TERM=dumb \
    chroot "$root" "$@"
}

# Writes sdk.json: meson's entries, renamed, then the build's own entry.
write_log ()
{
  python3 - "$build/meson-logs/sdk.json" "$log_dir/sdk.json" "$1" "$2" <<'EOF'
import json
import os
import sys

source, target, build_result, build_seconds = sys.argv[1:]
entries = []
if os.path.exists(source):
    with open(source, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                entry["name"] = "debian13/" + entry.get("name", "?")
                entries.append(entry)
entries.append({"name": "debian13/build", "result": build_result,
                "duration": int(build_seconds)})
with open(target, "w", encoding="utf-8") as f:
    for entry in entries:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
EOF
}

stage "meson setup and build (strict_deprecations=$strict)"
in_sdk sh -c 'for p in glib-2.0 gtk4 libadwaita-1 webkitgtk-6.0 json-glib-1.0; do
                echo "test-in-sdk: $p $(pkg-config --modversion $p)"; done' | tee "$log_dir/build.log"
build_start=$SECONDS
# ninja -k 0: a strict build that fails goes on, so that the log lists every
# deprecated call, not only the first.
if ! in_sdk sh -c 'meson setup /build /src -Db_colorout=never -Dstrict_deprecations="$1" && nice ninja -k 0 -C /build' \
       build "$strict" >> "$log_dir/build.log" 2>&1; then
  build_result=FAIL
else
  build_result=OK
fi
write_log $build_result $((SECONDS - build_start))
# What the compiler said, for whoever reads the log: each deprecated call
# once, as file:line:column and message.
deprecations=$(grep -E '(warning|error): .*deprecated' "$log_dir/build.log" |
               sed -e 's|^\(\.\./\)*src/||' -e 's| \[-W[^]]*\]$||' | sort -u || true)
if [ -n "$deprecations" ]; then
  echo "test-in-sdk: $(wc -l <<< "$deprecations") deprecated calls:"
  printf '%s\n' "$deprecations" | sed 's/^/test-in-sdk:   /'
else
  echo "test-in-sdk: no deprecated calls"
fi
if [ "$build_result" != OK ]; then
  grep -E '(error|FAILED):' "$log_dir/build.log" | grep -v deprecated | tail -n 20 >&2 || true
  fail "the build in the SDK failed (log: $log_dir/build.log)"
fi

stage "meson test ${*:-the ${SUITES[*]} suites}"
suite_args=("$@")
if [ $# -eq 0 ]; then
  for suite in "${SUITES[@]}"; do
    suite_args+=(--suite "$suite")
  done
fi
status=0
in_sdk meson test -C /build --no-rebuild --print-errorlogs --num-processes 2 --logbase sdk \
  "${suite_args[@]}" || status=$?
build_seconds=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readlines()[-1])["duration"])' \
                  "$log_dir/sdk.json")
write_log OK "$build_seconds"
cp "$build/meson-logs/sdk.txt" "$log_dir/sdk.txt" 2>/dev/null || true
# The screenshots failing journeys leave in the chroot's /tmp, before it goes.
find "$root/tmp" -maxdepth 1 -name 'journey-*.png' -exec cp -t "$log_dir" {} + 2>/dev/null || true
[ -s "$build/meson-logs/sdk.json" ] || fail "meson test left no log"
exit $status
