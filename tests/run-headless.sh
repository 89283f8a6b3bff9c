#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command the way the desktop would: on its own X server (Xvfb) with
# its own D-Bus session bus, on which the accessibility bus is started on
# demand. Used for widget tests and for user-journey tests.
#
# usage: run-headless.sh COMMAND [ARG...]
set -eu

# The accessibility bus refuses to start for GTK when this is set.
unset NO_AT_BRIDGE

# Only the command's own output goes to standard output (the TAP stream):
# the X server, the bus and the services it starts write to standard error.
# The stream passes through xvfb-run on descriptor 8: newer xvfb-run (Debian
# 13's) keeps descriptor 3 for itself and closes it for the command.
exec 8>&1
exec xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- sh -c 'exec 1>&8 8>&-; exec "$@"' run-headless "$@" 1>&2
