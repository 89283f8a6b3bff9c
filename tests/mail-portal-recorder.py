#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A recording stand-in for the desktop's Email portal, for tests.

Owns org.freedesktop.portal.Desktop on the session bus (a private test bus)
and implements org.freedesktop.portal.Email, version 4: ComposeEmail reads
every file it is handed, byte for byte, and appends what it received to a
JSON file (a list, one entry a call) before answering on the request object
as the real portal does. The response code is 0 (success) unless a file
named by --response-file says otherwise; "none" there means no answer at
all, as while a user has not decided yet. A request closed by the caller is
recorded too, as {"closed": PATH}.

usage: mail-portal-recorder.py --record FILE [--response-file FILE]
"""

import argparse
import base64
import json
import os
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.portal.Desktop"
OBJECT_PATH = "/org/freedesktop/portal/desktop"
EMAIL = "org.freedesktop.portal.Email"
REQUEST = "org.freedesktop.portal.Request"
VERSION = 4


class Request(dbus.service.Object):
    def __init__(self, bus, path, email):
        super().__init__(bus, path)
        self.path = path
        self.email = email

    @dbus.service.signal(REQUEST, signature="ua{sv}")
    def Response(self, response, results):
        pass

    @dbus.service.method(REQUEST, in_signature="", out_signature="")
    def Close(self):
        self.email.append({"closed": self.path})
        self.remove_from_connection()


class Email(dbus.service.Object):
    def __init__(self, bus, record, response_file):
        super().__init__(bus, OBJECT_PATH)
        self.bus = bus
        self.record = record
        self.response_file = response_file

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface == EMAIL and name == "version":
            return dbus.UInt32(VERSION)
        raise dbus.exceptions.DBusException(
            f"No property {interface}.{name}",
            name="org.freedesktop.DBus.Error.UnknownProperty")

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        if interface == EMAIL:
            return {"version": dbus.UInt32(VERSION)}
        return {}

    @dbus.service.method(EMAIL, in_signature="sa{sv}", out_signature="o",
                         sender_keyword="sender")
    def ComposeEmail(self, parent_window, options, sender):
        token = str(options.get("handle_token", "t"))
        path = (f"{OBJECT_PATH}/request/"
                f"{sender[1:].replace('.', '_')}/{token}")
        request = Request(self.bus, path, self)

        attachments = []
        for handle in options.get("attachment_fds", []):
            fd = handle.take()
            name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
            with os.fdopen(fd, "rb") as f:
                data = f.read()
            attachments.append({"name": name,
                                "base64": base64.b64encode(data).decode("ascii")})

        entry = {
            "parent_window": str(parent_window),
            "options": sorted(str(k) for k in options.keys()),
            "address": str(options["address"]) if "address" in options else None,
            "addresses": [str(a) for a in options.get("addresses", [])],
            "subject": str(options["subject"]) if "subject" in options else None,
            "body": str(options["body"]) if "body" in options else None,
            "attachments": attachments,
        }
        self.append(entry)

        response = "0"
        if self.response_file and os.path.exists(self.response_file):
            with open(self.response_file, encoding="utf-8") as f:
                response = f.read().strip() or "0"
        if response == "none":
            return dbus.ObjectPath(path)

        # The answer goes after the method's reply, as from the real portal.
        def answer():
            request.Response(dbus.UInt32(int(response)), dbus.Dictionary({}, signature="sv"))
            request.remove_from_connection()
            return False
        GLib.idle_add(answer)
        return dbus.ObjectPath(path)

    def append(self, entry):
        entries = []
        if os.path.exists(self.record):
            with open(self.record, encoding="utf-8") as f:
                entries = json.load(f)
        entries.append(entry)
        temporary = self.record + ".new"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(entries, f, ensure_ascii=False, indent=1)
        os.replace(temporary, self.record)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--response-file")
    args = parser.parse_args()

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    email = Email(bus, args.record, args.response_file)
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    loop = GLib.MainLoop()
    # Ends with its bus.
    bus.call_on_disconnection(lambda _bus: loop.quit())
    print("ready", flush=True)
    loop.run()
    del name, email
    return 0


if __name__ == "__main__":
    sys.exit(main())
