# SPDX-License-Identifier: GPL-3.0-or-later
"""The checklists as a person uses them: open one from the sidebar, tick
steps, write a detail for support, quit with Ctrl+Q and find it all again;
start over, change one's mind and undo; follow the link to the guide; open a
checklist from the command line and from the desktop entry's actions, in
English and in Chinese."""

import json
import subprocess

from harness import JourneyError, run, wait_until

LOGIN_STEPS = ["Reset your password", "Unlock a locked account", "Check your network connection",
               "Check your browser", "Write down the error message", "Contact customer service"]


def header_title(app):
    """The title the content header shows (see test_guide.py)."""
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name not in ("OKPay Help", "OKPay 帮助")]
    return titles[0].name if titles else None


def sidebar_row(app, title):
    sidebar = app.find(role="list", name="Guide and checklists")
    return app.find(role="list item", name=title, root=sidebar)


def row_progress(app, title):
    """The "2 / 6" a checklist's sidebar row shows."""
    labels = [n.name for n in app.find_all(role="label", root=sidebar_row(app, title))
              if "/" in (n.name or "")]
    return labels[0] if labels else None


def ticked(app, steps):
    return [app.find(role="check box", name=step).checked for step in steps]


def solved_switch(app):
    """The "Mark as solved" switch; GTK versions differ in the role they give a switch."""
    return wait_until(lambda: next((n for n in app.find_all(name="Mark as solved")
                                    if n.roleName in ("check box", "toggle button", "switch")), None),
                      what="the Mark as solved switch")


def field_text(node):
    """What a text field holds, as a screen reader reads it."""
    text = node.queryText()
    return text.getText(0, text.characterCount)


def tab_to(app, node, limit=60):
    """Moves the keyboard focus to @node with Tab, as a keyboard user would."""
    for _ in range(limit):
        if node.focused:
            return
        app.key("Tab")
    raise JourneyError(f"Tab never reached {node.roleName} {node.name!r}")


def read_progress(session):
    with open(session.progress_path(), encoding="utf-8") as f:
        return json.load(f)


def tick_quit_restart_undo(session, launch):
    app = launch()
    app.click(sidebar_row(app, "Login problems"))
    wait_until(lambda: header_title(app) == "Login problems", what="the login checklist")
    wait_until(lambda: row_progress(app, "Login problems") == "0 / 6", what="0 / 6 in the sidebar")

    app.click(app.find(role="check box", name="Reset your password"))
    app.click(app.find(role="check box", name="Check your network connection"))
    wait_until(lambda: ticked(app, LOGIN_STEPS) == [True, False, True, False, False, False],
               what="two steps ticked")
    wait_until(lambda: row_progress(app, "Login problems") == "2 / 6", what="2 / 6 in the sidebar")
    app.find(role="progress bar", name="Progress")

    # A detail for support, typed as the user would; the field is further
    # down the page, so the keyboard takes the user there.
    entry = app.find(role="text", name="Account email or phone number")
    tab_to(app, entry)
    app.type("me@example.com")
    wait_until(lambda: field_text(entry) == "me@example.com", what="the typed detail")

    assert app.quit() == 0, "the application did not exit cleanly"

    saved = read_progress(session)
    login = saved["checklists"]["login"]
    steps = {k: v["done"] for k, v in login["steps"].items()}
    if steps != {"reset-password": True, "check-network": True}:
        raise JourneyError(f"unexpected steps on disk after quitting: {steps}")
    if login["notes"].get("account") != "me@example.com":
        raise JourneyError(f"the note was not saved: {login.get('notes')}")

    # Start again: the checklist, its ticks, its note and the sidebar's count are back.
    again = launch()
    wait_until(lambda: header_title(again) == "Login problems", what="the checklist after a restart")
    wait_until(lambda: ticked(again, LOGIN_STEPS) == [True, False, True, False, False, False],
               what="the two ticks after a restart")
    wait_until(lambda: row_progress(again, "Login problems") == "2 / 6",
               what="2 / 6 in the sidebar after a restart")
    entry = again.find(role="text", name="Account email or phone number")
    wait_until(lambda: field_text(entry) == "me@example.com", what="the note after a restart")

    # Start over: no question, everything cleared, an Undo offered.
    again.activate(again.find(role="push button", name="Start Over"))
    # GTK 4.8 names a button with a mnemonic after both its raw label and its
    # label ("_Undo Undo"); later versions say "Undo".
    undo = wait_until(lambda: next((n for n in again.find_all(role="push button", contains="Undo")
                                    if n.name.endswith("Undo")), None),
                      what="the Undo button")
    wait_until(lambda: ticked(again, LOGIN_STEPS) == [False] * 6, what="the ticks cleared")
    wait_until(lambda: row_progress(again, "Login problems") == "0 / 6", what="0 / 6 after starting over")
    wait_until(lambda: field_text(entry) == "", what="the note cleared")

    again.activate(undo)
    wait_until(lambda: ticked(again, LOGIN_STEPS) == [True, False, True, False, False, False],
               what="the ticks back after Undo")
    wait_until(lambda: row_progress(again, "Login problems") == "2 / 6", what="2 / 6 after Undo")
    wait_until(lambda: field_text(entry) == "me@example.com", what="the note back after Undo")
    assert again.quit() == 0

    # Undo gave back exactly what there was, times included.
    if read_progress(session)["checklists"]["login"] != login:
        raise JourneyError("the progress file after Undo differs from before Start Over")


def solved_and_guide_link(session, launch):
    app = launch(args=["--checklist", "withdrawal"])
    wait_until(lambda: header_title(app) == "Withdrawal blocked", what="the checklist from --checklist")

    app.click(solved_switch(app))
    wait_until(lambda: app.find(role="image", name="Solved", root=sidebar_row(app, "Withdrawal blocked")),
               what="the solved mark in the sidebar")

    app.activate(app.find(role="link", contains="Read the guide:"))
    wait_until(lambda: header_title(app) == "What should I do when I have trouble withdrawing money?",
               what="the guide section the checklist links to")
    assert app.quit() == 0

    if read_progress(session)["checklists"]["withdrawal"].get("solved") is not True:
        raise JourneyError("solved was not saved")


def chinese_checklist(session, launch):
    app = launch(args=["--checklist", "identity-verification"], lang="zh_CN")
    wait_until(lambda: header_title(app) == "身份验证失败", what="the Chinese checklist title")
    sidebar = app.find(role="list", name="指南和检查清单")
    app.find(role="list item", name="身份验证失败", root=sidebar)
    app.find(role="label", name="检查清单", root=sidebar)
    app.find(role="push button", name="重新开始")
    app.find(role="progress bar", name="进度")
    assert app.quit() == 0


def desktop_action(session, launch):
    """The desktop entry's actions reach the running application over D-Bus
    by name, without a parameter, as GNOME Shell sends them."""
    app = launch()
    for action, title in [("checklist-funds-delayed", "Money hasn’t arrived"),
                          ("checklist-support-communication", "Talking to support")]:
        subprocess.run(["gapplication", "action", "io.github.okpayhelp.OKPayHelp", action],
                       check=True, env=app.env(), timeout=30)
        wait_until(lambda: header_title(app) == title, what=f"the checklist opened by {action}")
    assert app.quit() == 0


def unknown_checklist(session, launch):
    app = launch(args=["--checklist", "no-such-checklist"])
    wait_until(lambda: header_title(app) == "Introduction", what="the first section")
    assert app.quit() == 0


run([
    ("tick-quit-restart-undo", tick_quit_restart_undo),
    ("solved-and-guide-link", solved_and_guide_link),
    ("chinese-checklist", chinese_checklist),
    ("desktop-action", desktop_action),
    ("unknown-checklist", unknown_checklist),
])
