# SPDX-License-Identifier: GPL-3.0-or-later
"""Saving progress when the disk says no, as the user sees it: the disk
fills up while they tick a step. The window says the progress could not be
saved, the tick stays on screen, the file on disk stays the old one byte
for byte; once there is room again, "Try Again" saves it and the notice
goes away.

The full disk comes from tests/faultinject.c, preloaded into the
application and switched on and off through a control file.
"""

import json
import os
import time

from harness import BUILDDIR, JourneyError, run, wait_until

INJECTOR = os.path.join(BUILDDIR, "tests", "faultinject.so")


def sidebar_row(app, title):
    sidebar = app.find(role="list", name="Guide and checklists")
    return app.find(role="list item", name=title, root=sidebar)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def ticked_in_file(session, step):
    try:
        data = json.loads(read_bytes(session.progress_path()))
    except (OSError, ValueError):
        return False
    steps = data.get("checklists", {}).get("login", {}).get("steps", {})
    return steps.get(step, {}).get("done") is True


def notice(app):
    """The notice's text while it says that progress was not saved (GTK 4.8
    does not report which widgets are showing; the notice's label is
    emptied when it is hidden)."""
    return [n for n in app.find_all(role="label") if "could not be saved" in (n.name or "")]


def try_again(app):
    # The accessible name also holds the mnemonic: "_Try Again Try Again".
    return app.find(role="push button", contains="Try Again")


def full_disk_while_ticking(session, launch):
    control = os.path.join(session.root, "faults")
    with open(control, "w") as f:
        f.write("")
    app = launch(extra_env={
        "LD_PRELOAD": INJECTOR,
        "OKP_FAULTINJECT_DIR": os.path.dirname(session.progress_path()),
        "OKP_FAULTINJECT_CONTROL": control,
    })

    app.click(sidebar_row(app, "Login problems"))
    app.click(app.find(role="check box", name="Reset your password"))
    wait_until(lambda: ticked_in_file(session, "reset-password"), what="the first tick saved")
    before = read_bytes(session.progress_path())

    # The disk fills up.
    with open(control, "w") as f:
        f.write("write=ENOSPC\n")
    box = app.find(role="check box", name="Check your network connection")
    app.click(box)
    wait_until(lambda: notice(app), what="the notice that progress could not be saved")
    if not box.checked:
        raise JourneyError("the tick was lost from the screen")
    time.sleep(1.5)  # a retry or two, still failing
    if read_bytes(session.progress_path()) != before:
        raise JourneyError("the progress file changed while the disk was full")
    leftovers = [n for n in os.listdir(os.path.dirname(session.progress_path()))
                 if n != "progress.json"]
    if leftovers:
        raise JourneyError(f"files left next to the progress file: {leftovers}")

    # "Try Again" while the disk is still full: still not saved, still said.
    app.click(try_again(app))
    time.sleep(0.5)
    if not notice(app):
        raise JourneyError("the notice went away although the disk is still full")
    if read_bytes(session.progress_path()) != before:
        raise JourneyError("the progress file changed while the disk was full")

    # Room again: the next try saves (the user's or the store's own retry),
    # and the notice goes.
    with open(control, "w") as f:
        f.write("")
    if notice(app):
        app.click(try_again(app))
    wait_until(lambda: ticked_in_file(session, "check-network"), what="the second tick saved")
    wait_until(lambda: not notice(app), what="the notice to go away")
    if not ticked_in_file(session, "reset-password"):
        raise JourneyError("the first tick was lost")

    assert app.quit() == 0, "the application did not exit cleanly"


if __name__ == "__main__":
    run([
        ("full-disk-while-ticking", full_disk_while_ticking),
    ])
