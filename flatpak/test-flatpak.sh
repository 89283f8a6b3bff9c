#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-flatpak.sh
#
# Proves the Flatpak manifest with a real build: makes sure the local Debian
# based runtime is installed (build-local-runtime.sh), builds and installs the
# application from io.github.okpayhelp.OKPayHelp.json with only its runtime and
# SDK swapped for the local ones, checks what the user's desktop sees of the
# installation (the exported desktop entry, icons, metainfo, D-Bus service and
# search provider), and then starts it with `flatpak run` on its own X server
# and D-Bus session and checks that its window appears and stays up.
#
# Prints how long each stage took; exits non-zero, saying why, on any failure.
# The screenshot, the logs and the window tree are left in
# $OKP_FLATPAK_TEST_OUT (default: the cache directory's test/ folder).
#
# Needs flatpak, flatpak-builder, python3, xvfb-run, dbus-run-session, xwininfo
# and ImageMagick's import; building the runtime needs root (see
# build-local-runtime.sh).

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=local-runtime.env
. "$here/local-runtime.env"

APP_ID=io.github.okpayhelp.OKPayHelp
APP_NAME="OKPay Help"
APP_NAME_ZH="OKPay 帮助"
manifest=$here/$APP_ID.json
# The permissions a help viewer needs, and no more: the test fails if the
# manifest asks for anything else.
EXPECTED_FINISH_ARGS='--share=ipc --socket=wayland --socket=fallback-x11 --device=dri'
run_seconds=${OKP_FLATPAK_RUN_SECONDS:-10}

case ${1:-} in
  -h|--help) sed -n '4,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
  "") ;;
  *) echo "test-flatpak: unknown argument '$1'" >&2; exit 2 ;;
esac

stage_names=()
stage_seconds=()
current_stage=
stage_start=$SECONDS
total_start=$SECONDS

end_stage ()
{
  if [ -n "$current_stage" ]; then
    stage_names+=("$current_stage")
    stage_seconds+=($((SECONDS - stage_start)))
    current_stage=
  fi
}

stage ()
{
  end_stage
  current_stage=$1
  stage_start=$SECONDS
  echo "test-flatpak: == $1 =="
}

summary ()
{
  local status=$? i
  end_stage
  echo "test-flatpak: time per stage:"
  for i in "${!stage_names[@]}"; do
    printf 'test-flatpak:   %4d s  %s\n' "${stage_seconds[i]}" "${stage_names[i]}"
  done
  printf 'test-flatpak:   %4d s  total\n' $((SECONDS - total_start))
  if [ "$status" -eq 0 ]; then
    echo "test-flatpak: PASS"
  else
    echo "test-flatpak: FAILED (exit status $status)" >&2
  fi
}

fail ()
{
  echo "test-flatpak: FAIL: $*" >&2
  exit 1
}

# Shows the end of a log, then fails.
fail_with_log ()
{
  local log=$1
  shift
  echo "test-flatpak: last lines of $log:" >&2
  tail -n 40 "$log" >&2 || true
  fail "$@"
}

for tool in flatpak flatpak-builder python3 xvfb-run dbus-run-session dbus-daemon xwininfo import identify; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done

mkdir -p "$OKP_FLATPAK_CACHE"
# One test at a time: two would install over each other. Under the lock,
# a rewritten manifest still beside the real one is a killed run's.
exec 8>"$OKP_FLATPAK_CACHE/test.lock"
flock 8
rm -f "$here/.$APP_ID".local-*.json
out=${OKP_FLATPAK_TEST_OUT:-$OKP_FLATPAK_CACHE/test}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=$(mktemp -d)
local_manifest=
cleanup ()
{
  summary
  rm -rf "$scratch"
  [ -z "$local_manifest" ] || rm -f "$local_manifest"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

stage "local runtime"
"$here/build-local-runtime.sh" || fail "could not build or install the local runtime"

stage "manifest"
# The rewritten manifest sits beside the real one so that its relative source
# path ("..") means the same; it is removed on exit.
local_manifest=$(mktemp "$here/.$APP_ID.local-XXXXXX.json")
python3 - "$manifest" "$local_manifest" "$OKP_LOCAL_PLATFORM" "$OKP_LOCAL_SDK" \
          "$OKP_LOCAL_BRANCH" "$EXPECTED_FINISH_ARGS" <<'EOF' || fail "the manifest is not what it should be"
import json
import sys

source, target, platform, sdk, branch, expected_finish_args = sys.argv[1:]
with open(source, encoding="utf-8") as f:
    manifest = json.load(f)

problems = []
for key, value in (("runtime", "org.gnome.Platform"), ("sdk", "org.gnome.Sdk")):
    if manifest.get(key) != value:
        problems.append(f"{key} is {manifest.get(key)!r}, not {value!r}")
if sorted(manifest.get("finish-args", [])) != sorted(expected_finish_args.split()):
    problems.append(f"finish-args are {manifest.get('finish-args')}, "
                    f"expected exactly {expected_finish_args.split()}")
for problem in problems:
    print(f"test-flatpak: manifest: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)

local = dict(manifest, runtime=platform, sdk=sdk)
local["runtime-version"] = branch
# Nothing but the runtime, the SDK and their branch may differ.
changed = {k for k in manifest.keys() | local.keys() if manifest.get(k) != local.get(k)}
assert changed <= {"runtime", "sdk", "runtime-version"}, changed
with open(target, "w", encoding="utf-8") as f:
    json.dump(local, f, indent=2)
print(f"test-flatpak: building against {platform} and {sdk} branch {branch}")
EOF

stage "flatpak-builder --user --install"
# flatpak-builder keeps the build directories of failed builds; they are of no
# use to the next run.
rm -rf "$OKP_FLATPAK_CACHE/builder-state/build"
nice flatpak-builder --user --install --force-clean --disable-rofiles-fuse \
  --state-dir="$OKP_FLATPAK_CACHE/builder-state" \
  "$OKP_FLATPAK_CACHE/app-build" "$local_manifest" > "$out/flatpak-builder.log" 2>&1 ||
  fail_with_log "$out/flatpak-builder.log" "flatpak-builder failed"
rm -f "$local_manifest"
local_manifest=

stage "installed files as the desktop sees them"
location=$(flatpak info --user --show-location "$APP_ID") || fail "$APP_ID is not installed"
installation=${location%/app/"$APP_ID"/*}
exports=$installation/exports/share
echo "test-flatpak: installed at $location"

need_file ()
{
  [ -s "$1" ] || fail "missing: ${1#"$installation"/} ($2)"
  echo "test-flatpak: ok: ${1#"$installation"/}"
}

desktop=$exports/applications/$APP_ID.desktop
need_file "$desktop" "exported desktop entry"
need_file "$exports/icons/hicolor/scalable/apps/$APP_ID.svg" "application icon"
need_file "$exports/icons/hicolor/symbolic/apps/$APP_ID-symbolic.svg" "symbolic icon"
need_file "$exports/dbus-1/services/$APP_ID.service" "D-Bus service, for DBusActivatable"
need_file "$exports/gnome-shell/search-providers/$APP_ID.search-provider.ini" "search provider"
# appstream-compose from appstream-glib renames the metainfo to the older
# .appdata.xml; appstreamcli keeps the name. Software centres read either.
metainfo=$exports/metainfo/$APP_ID.metainfo.xml
[ -e "$metainfo" ] || metainfo=$exports/metainfo/$APP_ID.appdata.xml
need_file "$metainfo" "metainfo"
need_file "$location/files/share/app-info/xmls/$APP_ID.xml.gz" "AppStream data composed from the metainfo"
need_file "$location/files/share/app-info/icons/flatpak/128x128/$APP_ID.png" "icon rendered for the AppStream data"

# Every command the desktop can run from the entry (the main one and each
# action) and the D-Bus activation must go through flatpak run.
exec_lines=$(grep -h '^Exec=' "$desktop" "$exports/dbus-1/services/$APP_ID.service")
[ -n "$exec_lines" ] || fail "no Exec lines in the exported desktop entry"
while IFS= read -r line; do
  case $line in
    Exec=*flatpak\ run\ *"$APP_ID"*) ;;
    *) fail "exported Exec line does not run flatpak run: $line" ;;
  esac
done <<< "$exec_lines"
echo "test-flatpak: ok: $(wc -l <<< "$exec_lines") Exec lines run 'flatpak run ... $APP_ID'"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "the exported desktop entry does not validate"
  echo "test-flatpak: ok: the exported desktop entry validates"
fi
grep -qx "DesktopId=$APP_ID.desktop" "$exports/gnome-shell/search-providers/$APP_ID.search-provider.ini" ||
  fail "the search provider does not name $APP_ID.desktop"

# What the build must leave out of the application.
leftovers=$(cd "$location/files" && find . \( -path ./include -o -path ./lib/pkgconfig \
                -o -name '*.a' -o -name '*.la' \) -print | head -n 5)
[ -z "$leftovers" ] || fail "cleanup left build files in the application: $leftovers"

# The permissions as installed, not as written: no network, no file system.
permissions=$(flatpak info --user --show-permissions "$APP_ID")
echo "$permissions" > "$out/permissions.txt"
if grep -Eq '^(filesystems=|shared=.*network)' <<< "$permissions"; then
  fail "the installed application may reach the network or the file system: $permissions"
fi
echo "test-flatpak: ok: permissions: $(grep -E '^(shared|sockets|devices)=' <<< "$permissions" | tr '\n' ' ')"

stage "flatpak run --version"
# No display and no session bus: --version must need neither. Its first line
# is the name and version; once it names the GTK and libadwaita it runs with,
# those must be the runtime's own (as its SDK's pkg-config reports them, both
# made from the same packages) and new enough. The sandbox's runtime
# directory is a scratch one.
mkdir -p "$scratch/runtime"
chmod 700 "$scratch/runtime"
env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$scratch/runtime" \
  flatpak run --user "$APP_ID" --version > "$out/version.txt" 2> "$out/version.log" ||
  fail_with_log "$out/version.log" "flatpak run $APP_ID --version failed"
app_version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$here/../meson.build" | head -n 1)
[ "$(head -n 1 "$out/version.txt")" = "$APP_NAME $app_version" ] ||
  fail "--version printed '$(head -n 1 "$out/version.txt")', not '$APP_NAME $app_version'"
echo "test-flatpak: ok: --version: $(head -n 1 "$out/version.txt")"
runtime_version ()
{
  env XDG_RUNTIME_DIR="$scratch/runtime" flatpak run --user --command=pkg-config \
    "$OKP_LOCAL_SDK//$OKP_LOCAL_BRANCH" --modversion "$1" 2>/dev/null | cut -d . -f 1,2
}
# check_version_line LABEL PKG MINIMUM: LABEL's line of --version, if it has
# one, names the runtime's major.minor, and that is at least MINIMUM.
check_version_line ()
{
  local label=$1 pkg=$2 minimum=$3 line printed expected
  expected=$(runtime_version "$pkg")
  [ -n "$expected" ] || fail "the SDK's pkg-config does not know $pkg"
  [ "$(printf '%s\n' "$minimum" "$expected" | sort -V | head -n 1)" = "$minimum" ] ||
    fail "the runtime has $label $expected, older than $minimum"
  # "GTK 4.18.6", "GTK: 4.18", but not "WebKitGTK 2.52".
  line=$(grep -ioE "(^|[^[:alnum:]])${label}[^0-9]{0,16}[0-9]+\.[0-9]+" "$out/version.txt" |
         head -n 1 || true)
  if [ -z "$line" ]; then
    echo "test-flatpak: note: --version does not name $label; the runtime has $expected"
    return
  fi
  printed=$(grep -oE '[0-9]+\.[0-9]+$' <<< "$line")
  [ "$printed" = "$expected" ] ||
    fail "--version says '$line', but the runtime has $label $expected"
  echo "test-flatpak: ok: --version: $line (runtime: $expected, at least $minimum)"
}
check_version_line GTK gtk4 4.18
check_version_line libadwaita libadwaita-1 1.7

# A session bus of our own, from which nothing can be started: the host's
# xdg-desktop-portal, accessibility bus or dconf would each need a desktop
# session to work and, half-working in a headless one, can cost the
# application a D-Bus timeout. GTK and WebKit work without them; the
# application itself owns its name on this bus through flatpak's proxy.
cat > "$scratch/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$scratch/runtime</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

# run_app LANG TITLE: starts the installed application with `flatpak run` on a
# fresh Xvfb and the private bus, in the language LANG, checks that it stays
# up for $run_seconds seconds with a window named TITLE, and saves
# screenshot-LANG.png with the window tree and the application's output.
run_app ()
{
  local lang=$1 title=$2 tag=${1%%.*} status=0 window size width height colours

  # A private runtime directory too: otherwise flatpak would find the real
  # Wayland session of whoever runs this and open the window there. The
  # inner script expands its variables itself, inside the X and D-Bus session.
  # shellcheck disable=SC2016
  env -u WAYLAND_DISPLAY -u LC_ALL -u LANGUAGE -u DBUS_SESSION_BUS_ADDRESS LANG="$lang" \
    XDG_RUNTIME_DIR="$scratch/runtime" OUT="$out" TAG="$tag" APP_ID="$APP_ID" \
    RUN_SECONDS="$run_seconds" \
    xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session --config-file="$scratch/session.conf" -- bash -c '
      flatpak run --user --die-with-parent "$APP_ID" > "$OUT/app-$TAG.log" 2>&1 &
      pid=$!
      for _ in $(seq "$RUN_SECONDS"); do
        sleep 1
        if ! kill -0 "$pid" 2>/dev/null; then
          wait "$pid"
          echo "it exited after less than $RUN_SECONDS s with status $?" > "$OUT/run-error-$TAG"
          exit 3
        fi
      done
      xwininfo -root -tree > "$OUT/windows-$TAG.txt"
      # On a busy machine the first frame can come after the window: the
      # screen is taken again, a few times, until something is drawn.
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        import -window root "$OUT/screenshot-$TAG.png"
        [ "$(identify -format %k "$OUT/screenshot-$TAG.png")" -lt 64 ] || break
        sleep 2
      done
      flatpak kill "$APP_ID" 2>/dev/null || kill "$pid"
      wait "$pid" 2>/dev/null
      exit 0
    ' > "$out/session-$tag.log" 2>&1 || status=$?

  if [ "$status" -ne 0 ]; then
    [ ! -f "$out/run-error-$tag" ] || echo "test-flatpak: $(cat "$out/run-error-$tag")" >&2
    cat "$out/session-$tag.log" >&2 || true
    fail_with_log "$out/app-$tag.log" "flatpak run $APP_ID ($lang) did not stay up under Xvfb"
  fi
  echo "test-flatpak: ok: $lang: the application stayed up for $run_seconds s"

  window=$(grep -F "\"$title\"" "$out/windows-$tag.txt" | head -n 1) ||
    fail_with_log "$out/app-$tag.log" \
      "$lang: no window named \"$title\" (window tree: $out/windows-$tag.txt)"
  # xwininfo: 0x200004 "OKPay Help": ("okpay-help" "okpay-help")  960x700+0+0  +0+0
  size=$(grep -oE '[0-9]+x[0-9]+\+' <<< "$window" | head -n 1)
  width=${size%%x*}
  height=${size#*x}
  height=${height%+}
  if [ "${width:-0}" -lt 360 ] || [ "${height:-0}" -lt 300 ]; then
    fail "$lang: the window \"$title\" is only ${width}x${height}: $window"
  fi
  echo "test-flatpak: ok: $lang: window \"$title\" ${width}x${height}"

  [ -s "$out/screenshot-$tag.png" ] || fail "$lang: no screenshot was taken"
  # A window that drew nothing leaves the screen in one or two colours.
  colours=$(identify -format '%k' "$out/screenshot-$tag.png")
  [ "$colours" -ge 64 ] || fail "$lang: the screenshot has only $colours colours: nothing was drawn"
  echo "test-flatpak: ok: $lang: screenshot $out/screenshot-$tag.png ($colours colours)"
}

stage "flatpak run under Xvfb, English (${run_seconds} s)"
run_app en_US.UTF-8 "$APP_NAME"

# The translations are in the .Locale extension that flatpak-builder splits
# off, and the locale itself has to be in the runtime: a Chinese window title
# proves both.
stage "flatpak run under Xvfb, Chinese (${run_seconds} s)"
run_app zh_CN.UTF-8 "$APP_NAME_ZH"
