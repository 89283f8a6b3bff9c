# SPDX-License-Identifier: GPL-3.0-or-later
"""The window on a phone-sized screen (360 × 640), by keyboard alone: the
sidebar and the content take turns; from the sidebar into a checklist, a
step ticked, back to the sidebar with its progress, and Ctrl+W to close,
which keeps the work and the page for the next start."""

import json
import os

from harness import JourneyError, run, wait_until


def settings(session, **values):
    """Settings as the desktop would have kept them from an earlier run."""
    path = os.path.join(session.config_home, "glib-2.0", "settings")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "keyfile"), "w", encoding="utf-8") as f:
        f.write("[io/github/okpayhelp/OKPayHelp]\n")
        for key, value in values.items():
            f.write(f"{key.replace('_', '-')}={value}\n")


def header_title(app):
    """The title the content header shows (see test_guide.py)."""
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name != "OKPay Help"]
    return titles[0].name if titles else None


def sidebar(app):
    return app.find(role="list", name="Guide and checklists")


def focused_row(app):
    """The sidebar row with the keyboard focus. Only a pane on screen can
    hold the focus, so this also tells which pane a narrow window shows (the
    toolkit's "showing" state does not follow the panes)."""
    rows = [n for n in app.find_all(role="list item", root=sidebar(app)) if n.focused]
    return rows[0].name if rows else None


def row_progress(app, title):
    row = app.find(role="list item", name=title, root=sidebar(app))
    labels = [n.name for n in app.find_all(role="label", root=row) if "/" in (n.name or "")]
    return labels[0] if labels else None


def narrow_sidebar_checklist_back(session, launch):
    settings(session, window_width=360, window_height=640, last_page="'section:introduction'")
    app = launch()

    # Too narrow for both: the page last read is shown alone.
    wait_until(lambda: header_title(app) == "Introduction", what="the introduction")
    width = app.window.size[0]
    if width > 360:
        raise JourneyError(f"the window is {width} px wide: something does not fit in 360")

    # Escape brings the sidebar, with the keyboard on the page shown.
    app.key("Escape")
    wait_until(lambda: focused_row(app) == "Introduction", what="the sidebar, at Introduction")

    # The checklists are last: the first of the six is five up from the end.
    app.key("End")
    for _ in range(5):
        app.key("Up")
    wait_until(lambda: focused_row(app) == "Login problems", what="the focus on Login problems")
    app.key("Return")
    wait_until(lambda: header_title(app) == "Login problems", what="the login checklist")

    # Into the checklist, which replaced the sidebar: Tab reaches the first
    # step; Space ticks it.
    first = app.find(role="check box", name="Reset your password")
    for _ in range(40):
        if first.focused:
            break
        app.key("Tab")
    else:
        raise JourneyError("Tab never reached the first step")
    app.key("space")
    wait_until(lambda: first.checked, what="the first step ticked")

    # Back to the sidebar, which counts the step.
    app.key("Escape")
    wait_until(lambda: focused_row(app) == "Login problems", what="the sidebar, at Login problems")
    wait_until(lambda: row_progress(app, "Login problems") == "1 / 6", what="1 / 6 in the sidebar")

    # Ctrl+W closes the only window, and with it the application, after
    # saving the tick.
    app.key("<Control>w")
    try:
        status = app.process.wait(20)
    except Exception:
        raise JourneyError("the application did not end on Ctrl+W")
    if status != 0:
        raise JourneyError(f"the application ended with status {status}")
    with open(session.progress_path(), encoding="utf-8") as f:
        saved = json.load(f)
    step = saved.get("checklists", {}).get("login", {}).get("steps", {}).get("reset-password", {})
    if step.get("done") is not True:
        raise JourneyError(f"the tick was not saved: {saved}")

    # The next start opens the checklist again, still narrow.
    again = launch()
    wait_until(lambda: header_title(again) == "Login problems", what="the checklist after a restart")
    wait_until(lambda: again.find(role="check box", name="Reset your password").checked,
               what="the tick after a restart")
    assert again.quit() == 0


run([
    ("narrow-sidebar-checklist-back", narrow_sidebar_checklist_back),
])
