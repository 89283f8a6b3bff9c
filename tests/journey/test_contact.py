# SPDX-License-Identifier: GPL-3.0-or-later
"""Contacting support as a person does it: tick a step, write a detail,
press a channel's button, check the message and send it. What leaves the
application is caught by a small recording program registered as the
desktop's handler for mailto:, tel: and https:, then taken apart with
urllib, independently of the application's own parser.

GLib opens URIs with the handler the XDG mimeapps files name. GTK_USE_PORTAL
is set to 0 so that a GTK which would ask the OpenURI portal (GtkUriLauncher
on a newer GTK) opens through those files too: the private D-Bus session
has xdg-desktop-portal on it, and the portal would pick its own handler.
"""

import json
import os
import stat
import subprocess
import time
import urllib.parse

from dogtail import rawinput
from gi.repository import Gio

from harness import JourneyError, run, wait_until

SCHEMA_PATH = "io/github/okpayhelp/OKPayHelp"
NO_PORTAL = {"GTK_USE_PORTAL": "0"}


def register_recorder(session, schemes=("mailto", "tel", "https")):
    """Installs the recorder as the handler of @schemes in the session's
    XDG directories; returns the file it appends each URI to."""
    record = os.path.join(session.root, "opened.txt")
    script = os.path.join(session.root, "recorder.sh")
    with open(script, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n"
                f"for uri in \"$@\"; do printf '%s\\n' \"$uri\" >> '{record}'; done\n")
    os.chmod(script, stat.S_IRWXU)

    applications = os.path.join(session.data_home, "applications")
    os.makedirs(applications, exist_ok=True)
    mime_types = "".join(f"x-scheme-handler/{s};" for s in schemes)
    with open(os.path.join(applications, "okp-recorder.desktop"), "w", encoding="utf-8") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Recorder\nNoDisplay=true\n"
                f"Exec={script} %u\nMimeType={mime_types}\n")
    # Whatever this machine has installed for the other schemes (a mail
    # program, a dialer) is taken out of the session, so that "nothing
    # opens" means nothing.
    others = [s for s in ("mailto", "tel", "https") if s not in schemes]
    with open(os.path.join(session.config_home, "mimeapps.list"), "w", encoding="utf-8") as f:
        f.write("[Default Applications]\n")
        for s in schemes:
            f.write(f"x-scheme-handler/{s}=okp-recorder.desktop\n")
        f.write("[Removed Associations]\n")
        for s in others:
            installed = [info.get_id() for info in
                         Gio.AppInfo.get_all_for_type(f"x-scheme-handler/{s}")]
            if installed:
                f.write(f"x-scheme-handler/{s}={';'.join(installed)};\n")
    return record


def set_endpoints(session, **values):
    """Writes endpoint settings where the keyfile GSettings backend reads
    them, as Preferences would have saved them."""
    directory = os.path.join(session.config_home, "glib-2.0", "settings")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "keyfile"), "w", encoding="utf-8") as f:
        f.write(f"[{SCHEMA_PATH}]\n")
        for key, value in values.items():
            f.write(f"{key.replace('_', '-')}='{value}'\n")


def read_setting(session, key):
    path = os.path.join(session.config_home, "glib-2.0", "settings", "keyfile")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(key + "="):
                return line.split("=", 1)[1].strip().strip("'")
    return None


def recorded(record, count=1, settle=1.5):
    """Waits for @count URIs, then a little longer to be sure no other
    follows."""
    def lines():
        if not os.path.exists(record):
            return []
        with open(record, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    wait_until(lambda: len(lines()) >= count, timeout=20, what=f"{count} URI(s) at the recorder")
    time.sleep(settle)
    uris = lines()
    if len(uris) != count:
        raise JourneyError(f"expected {count} URI(s), the recorder got {uris}")
    return uris


def saved_note(session, checklist, field):
    """The note as the progress file has it (written within a second of a
    change)."""
    try:
        with open(session.progress_path(), encoding="utf-8") as f:
            return json.load(f)["checklists"][checklist]["notes"].get(field)
    except (OSError, ValueError, KeyError):
        return None


def decode_mailto(uri):
    """RFC 6068, decoded with urllib alone: recipient, subject, body."""
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme != "mailto":
        raise JourneyError(f"not a mailto: URI: {uri}")
    if "+" in parts.query:
        raise JourneyError(f"a '+' in the header fields would decode as a space: {uri}")
    fields = {}
    for field in parts.query.split("&"):
        name, _, value = field.partition("=")
        fields[urllib.parse.unquote(name)] = urllib.parse.unquote(value, errors="strict")
    if set(fields) - {"subject", "body"}:
        raise JourneyError(f"unexpected header fields in {uri}")
    body = fields.get("body", "")
    if "\n" in body.replace("\r\n", ""):
        raise JourneyError(f"the body has line breaks that are not CRLF: {body!r}")
    return urllib.parse.unquote(parts.path), fields.get("subject", ""), body.replace("\r\n", "\n")


def scroll_into_view(app, node):
    """Turns the mouse wheel over the page until @node is inside the
    window, as a person would to reach a field below the fold."""
    bottom = app.window.size[1] - 40
    for _ in range(40):
        x, y = node.position
        if y + node.size[1] <= bottom and y >= 60:
            return
        rawinput.click(660, 400, 5 if y + node.size[1] > bottom else 4)
        time.sleep(0.2)
    raise JourneyError(f"could not scroll {node.name!r} into view")


# A dialog is a window of its own with libadwaita before 1.5, and a sheet
# inside the main window (an AdwDialog) after.
DIALOG_ROLES = ("frame", "dialog")


def find_dialogs(app, title):
    return [n for n in app.node.findChildren(lambda n: n.name == title
                                             and n.roleName in DIALOG_ROLES)]


def press_escape_until_closed(app, dialog_name):
    # The first Escape may go to a toast that is still showing.
    for _ in range(3):
        app.key("Escape")
        try:
            wait_until(lambda: not find_dialogs(app, dialog_name), timeout=3,
                       what=f"{dialog_name!r} to close")
            return
        except JourneyError:
            continue
    raise JourneyError(f"Escape did not close {dialog_name!r}")


def close_dialog(app, dialog_name):
    """Escape closes the dialog, which Ctrl+Q does not reach. Without a
    window manager the keyboard follows the pointer: it goes over the
    dialog's title first."""
    dialog = contact_dialog(app, dialog_name)
    app.click(app.find(role="label", name=dialog_name, root=dialog))
    press_escape_until_closed(app, dialog_name)


def contact_dialog(app, title="Contact Support"):
    return wait_until(lambda: (find_dialogs(app, title) or [None])[0], what=f"the dialog {title!r}")


def choose_channel(app, dialog, title):
    """Presses a channel in the dialog's switcher (GTK 4.8 gives toggle
    buttons the push button role)."""
    switcher = wait_until(lambda: next((n for n in app.find_all(role="panel", root=dialog)
                                        if n.name in ("Support channel", "客服渠道")), None),
                          what="the channel switcher")
    app.activate(app.find(role="push button", name=title, root=switcher))


def tick_note_and_email(session, launch):
    """The issue's end-to-end test: no support address configured, so the
    composer gets an empty recipient, the subject and the summary."""
    record = register_recorder(session)
    app = launch(args=["--checklist", "login"], extra_env=NO_PORTAL)

    app.click(app.find(role="check box", name="Reset your password"))
    wait_until(lambda: app.find(role="check box", name="Reset your password").checked,
               what="the step ticked")
    note = "Code E-42 & retry? 100% = fail #2"
    entry = app.find(role="text", name="Account email or phone number")
    scroll_into_view(app, entry)
    app.click(entry)
    app.type(note)
    wait_until(lambda: saved_note(session, "login", "account") == note, what="the typed note saved")

    app.activate(app.find(role="push button", name="Email support"))
    dialog = contact_dialog(app)
    # Before anything leaves: the reminder, the summary to check, and no
    # address, with where to find it.
    app.find(role="label", contains="Never give anyone your password, PIN or a verification code",
             root=dialog)
    app.find(role="label", contains="No support email address is set", root=dialog)
    summary = app.find(role="text", name="Case summary", root=dialog)
    wait_until(lambda: note in summary.text, what="the note in the summary shown")
    app.activate(app.find(role="push button", name="Send Email", root=dialog))

    (uri,) = recorded(record)
    to, subject, body = decode_mailto(uri)
    print(f"# recorded: {uri}", flush=True)
    for line in f"to: {to}\nsubject: {subject}\n{body}".splitlines():
        print(f"#   {line}", flush=True)

    if to != "":
        raise JourneyError(f"no address is configured, yet the recipient is {to!r}")
    if subject != "OKPay support request: Login problems":
        raise JourneyError(f"the subject does not name the problem: {subject!r}")
    lines = body.split("\n")
    if lines[0] != "Problem: Login problems":
        raise JourneyError(f"the body does not start with the problem: {lines[0]!r}")
    done = lines[lines.index("Steps done:") + 1]
    if not done.startswith("- Reset your password ("):
        raise JourneyError(f"the ticked step is not listed as done: {done!r}")
    if "- Unlock a locked account" not in lines:
        raise JourneyError("the steps not done are missing")
    if f"Account email or phone number: {note}" not in lines:
        raise JourneyError("the note is not in the body")
    for unfilled in ("Error message", "When the problem started"):
        if any(line.startswith(unfilled) for line in lines):
            raise JourneyError(f"the body has {unfilled!r}, which the user did not fill")

    app.find(role="label", contains="Your email program opens with the message", root=dialog)
    close_dialog(app, "Contact Support")
    assert app.quit() == 0


def chinese_configured_channels(session, launch):
    """In Chinese, with the endpoints set: chat copies and opens the chat
    page, phone dials, email goes to the address; the Chinese text survives
    the trip."""
    record = register_recorder(session)
    set_endpoints(session, email="support@example.com", chat_url="https://chat.example.com/help",
                  phone="+1 555 0100", phone_hours="9:00-18:00")
    app = launch(args=["--checklist", "login"], lang="zh_CN", extra_env=NO_PORTAL)

    app.click(app.find(role="check box", name="检查网络连接"))
    wait_until(lambda: app.find(role="check box", name="检查网络连接").checked, what="the step ticked")

    app.activate(app.find(role="push button", name="在线客服"))
    dialog = contact_dialog(app, "联系客服")
    app.find(role="label", name="https://chat.example.com/help", root=dialog)
    app.activate(app.find(role="push button", name="复制并打开聊天", root=dialog))
    app.find(role="label", contains="摘要已复制", root=dialog)
    (chat,) = recorded(record)
    if chat != "https://chat.example.com/help":
        raise JourneyError(f"the chat page opened is {chat!r}")

    choose_channel(app, dialog, "热线电话")
    app.find(role="label", name="+1 555 0100", root=dialog)
    app.find(role="label", name="服务时间：9:00-18:00", root=dialog)
    app.activate(app.find(role="push button", name="拨打", root=dialog))
    phone = recorded(record, 2)[1]
    if phone != "tel:+15550100":
        raise JourneyError(f"the number dialled is {phone!r}")

    choose_channel(app, dialog, "邮件支持")
    app.find(role="label", name="support@example.com", root=dialog)
    app.activate(app.find(role="push button", name="发送邮件", root=dialog))
    to, subject, body = decode_mailto(recorded(record, 3)[2])
    if to != "support@example.com":
        raise JourneyError(f"the recipient is {to!r}")
    if subject != "OKPay客服请求：登录问题":
        raise JourneyError(f"the Chinese subject came out as {subject!r}")
    if not body.startswith("问题：登录问题\n") or "- 检查网络连接（" not in body:
        raise JourneyError(f"the Chinese body came out as {body!r}")
    close_dialog(app, "联系客服")
    assert app.quit() == 0


def nothing_opens(session, launch):
    """No program for tel: or mailto: — the user is told, with the number
    to copy, and nothing is recorded anywhere."""
    record = register_recorder(session, schemes=("https",))
    set_endpoints(session, phone="+1 555 0100")
    app = launch(args=["--checklist", "withdrawal"], extra_env=NO_PORTAL)

    app.activate(app.find(role="push button", name="Phone hotline"))
    dialog = contact_dialog(app)
    app.activate(app.find(role="push button", name="Call", root=dialog))
    app.find(role="label", contains="No app for phone calls could be opened", root=dialog,
             timeout=30)
    numbers = app.find_all(role="label", name="+1 555 0100", root=dialog)
    if len(numbers) < 2:
        raise JourneyError("the number to copy is not shown with the failure")

    choose_channel(app, dialog, "Email support")
    app.activate(app.find(role="push button", name="Send Email", root=dialog))
    app.find(role="label", contains="No email program could be opened", root=dialog, timeout=30)
    if os.path.exists(record):
        raise JourneyError("something was opened")
    close_dialog(app, "Contact Support")
    assert app.quit() == 0


def preferences_refuse_then_save(session, launch):
    """An endpoint is refused where it is typed, with the reason, and not
    saved; a valid one is saved and used by the contact dialog."""
    app = launch(extra_env=NO_PORTAL)
    app.key("<Control>comma")
    preferences = contact_dialog(app, "Preferences")

    entry = app.find(role="text", name="Hotline number", root=preferences)
    app.click(entry)
    app.type("555-CALL")
    app.find(role="label", contains="Hotline number: ", root=preferences)
    app.key("Return")
    time.sleep(1)
    if read_setting(session, "phone") not in (None, ""):
        raise JourneyError("an invalid number was saved")

    app.key("<Control>a")
    app.type("+44 20 7946 0000")
    wait_until(lambda: not app.find_all(role="label", contains="Hotline number: ",
                                        root=preferences),
               what="the error to go away")
    app.key("Return")

    web = app.find(role="text", name="Chat page address", root=preferences)
    app.click(web)
    app.type("http://chat.example.com")
    app.find(role="label", contains="Chat page address: ", root=preferences)
    app.key("Return")
    press_escape_until_closed(app, "Preferences")

    wait_until(lambda: read_setting(session, "phone") == "+44 20 7946 0000",
               what="the number in the settings")
    if read_setting(session, "chat-url") not in (None, ""):
        raise JourneyError("an http: address was saved")

    # The menu's Contact Support… opens on email; the saved number is on
    # the phone channel.
    app.click(app.find(role="label", name="OKPay Help", root=app.window))
    app.key("F10")
    # A popover's items report positions within the popover: press the
    # item through its accessible action.
    app.activate(app.find(role="menu item", name="Contact Support…"))
    dialog = contact_dialog(app)
    choose_channel(app, dialog, "Phone hotline")
    app.find(role="label", name="+44 20 7946 0000", root=dialog)
    close_dialog(app, "Contact Support")
    assert app.quit() == 0


def write_settings(session, **values):
    """Writes settings of any type where the keyfile GSettings backend
    reads them, each value in GVariant text form."""
    directory = os.path.join(session.config_home, "glib-2.0", "settings")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "keyfile"), "w", encoding="utf-8") as f:
        f.write(f"[{SCHEMA_PATH}]\n")
        for key, value in values.items():
            f.write(f"{key.replace('_', '-')}={value}\n")


def focused_in(nodes):
    return next((n for n in nodes if n.focused), None)


def narrow_window_by_keyboard(session, launch):
    """On a window the size of a phone (360 × 640) the contact dialog fits
    it, each channel is reached and chosen with the keyboard alone, and
    Escape closes it."""
    write_settings(session, window_width=360, window_height=640)
    app = launch(args=["--checklist", "login"], extra_env=NO_PORTAL)
    wait_until(lambda: app.window.size[0] <= 360 and app.window.size[1] <= 640,
               what="a window of 360 × 640")

    app.activate(app.find(role="push button", name="Email support"))
    dialog = contact_dialog(app)
    width, height = dialog.size
    if width > 360 or height > 640:
        raise JourneyError(f"the dialog is {width} × {height}, larger than the window")

    switcher = app.find(role="panel", name="Support channel", root=dialog)
    channels = [c for c in switcher.children if c.roleName in ("push button", "toggle button")]
    names = [c.name for c in channels]
    if len(channels) != 4:
        raise JourneyError(f"expected four channels, found {names}")
    for channel in channels:
        x, _ = channel.position
        if x < 0 or x + channel.size[0] > width:
            raise JourneyError(f"{channel.name!r} is cut off at {channel.position}, {channel.size}")

    # The pointer over the dialog gives it the keyboard (no window
    # manager); from there on, only keys.
    app.click(app.find(role="label", name="Contact Support", root=dialog))
    reached = []
    for _ in range(80):
        app.key("Tab")
        channel = focused_in(channels)
        if channel is None or channel.name in reached:
            continue
        reached.append(channel.name)
        # Choosing it with the keyboard shows that channel.
        app.key("space")
        heading = {"Email support": "Support email address", "Online chat": "Chat page",
                   "Phone hotline": "Hotline number", "Social media": "Official pages"}
        if channel.name in heading:
            app.find(role="label", name=heading[channel.name], root=dialog)
        if len(reached) == len(channels):
            break
    missing = [n for n in names if n not in reached]
    if missing:
        raise JourneyError(f"Tab never reached {missing} (reached {reached})")

    press_escape_until_closed(app, "Contact Support")
    assert app.quit() == 0


def long_case_email(session, launch):
    """A case whose notes run to 20,000 characters, in English and in
    Chinese: the mailto: URI stays within 2,000 bytes, its body keeps the
    summary's start and says where the rest is, the whole summary is on the
    clipboard, and the user is told."""
    for count, (lang, note, title) in enumerate([("en", "The app said: payment refused. " * 650,
                               "OKPay support request: Login problems"),
                              ("zh_CN", "付款被拒绝，提示账户异常。" * 1540, None)], start=1):
        os.makedirs(os.path.dirname(session.progress_path()), exist_ok=True)
        with open(session.progress_path(), "w", encoding="utf-8") as f:
            json.dump({"version": 1, "checklists": {"login": {
                "notes": {"error-message": note}}}}, f)
        if len(note) < 20000:
            raise JourneyError("the note is shorter than the case it stands for")
        record = register_recorder(session)
        app = launch(args=["--checklist", "login"], lang=lang, extra_env=NO_PORTAL)
        button = "Email support" if lang == "en" else "邮件支持"
        app.activate(app.find(role="push button", name=button))
        dialog_title = "Contact Support" if lang == "en" else "联系客服"
        dialog = contact_dialog(app, dialog_title)
        send = "Send Email" if lang == "en" else "发送邮件"
        app.activate(app.find(role="push button", name=send, root=dialog))

        uri = recorded(record, count)[-1]
        if len(uri.encode()) > 2000:
            raise JourneyError(f"a mailto: URI of {len(uri.encode())} bytes")
        _, subject, body = decode_mailto(uri)
        if title is not None and subject != title:
            raise JourneyError(f"the subject changed: {subject!r}")
        first = body.split("\n")[0]
        if first not in ("Problem: Login problems", "问题：登录问题"):
            raise JourneyError(f"the body does not start with the problem: {first!r}")
        if "clipboard" not in body and "剪贴板" not in body:
            raise JourneyError(f"the body does not say where the rest is: {body[-200:]!r}")
        clipboard = subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=app.env(),
                                   capture_output=True, text=True, timeout=10).stdout
        if note.strip() not in clipboard:
            raise JourneyError(f"the clipboard does not hold the whole note "
                               f"({len(clipboard)} characters)")
        app.find(role="label", contains="clipboard" if lang == "en" else "剪贴板", root=dialog)
        print(f"# {lang}: {len(uri.encode())}-byte URI, {len(clipboard)} characters copied",
              flush=True)
        close_dialog(app, dialog_title)
        assert app.quit() == 0


run([
    ("tick-note-and-email", tick_note_and_email),
    ("chinese-configured-channels", chinese_configured_channels),
    ("nothing-opens", nothing_opens),
    ("preferences-refuse-then-save", preferences_refuse_then_save),
    ("narrow-window-by-keyboard", narrow_window_by_keyboard),
    ("long-case-email", long_case_email),
])
