# SPDX-License-Identifier: GPL-3.0-or-later
"""Two instances on different D-Bus sessions cannot see each other, so both
may hold the progress file. While the application runs, the other instance
saves a tick of its own (written here the way the store writes: a complete
file renamed into place). The next change the user makes merges it instead
of overwriting it: both ticks end up in the file, and the window shows the
other instance's tick too."""

import json
import os
import time

from harness import JourneyError, run, wait_until


def sidebar_row(app, title):
    sidebar = app.find(role="list", name="Guide and checklists")
    return app.find(role="list item", name=title, root=sidebar)


def read_progress(session):
    with open(session.progress_path(), encoding="utf-8") as f:
        return json.load(f)


def done_in_file(session, step):
    try:
        steps = read_progress(session)["checklists"]["login"].get("steps", {})
    except (OSError, ValueError, KeyError):
        return False
    return steps.get(step, {}).get("done") is True


def other_instance_ticks(session, step):
    """What another instance's store would write: the whole file, atomically."""
    data = read_progress(session)
    login = data["checklists"]["login"]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 5))
    login.setdefault("steps", {})[step] = {"done": True, "changed": stamp}
    login["updated"] = stamp
    temporary = session.progress_path() + ".other"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
    os.replace(temporary, session.progress_path())


def ticks_from_both_kept(session, launch):
    app = launch()
    app.click(sidebar_row(app, "Login problems"))
    app.click(app.find(role="check box", name="Reset your password"))
    wait_until(lambda: done_in_file(session, "reset-password"), what="the first tick saved")

    other_instance_ticks(session, "check-browser")

    app.click(app.find(role="check box", name="Check your network connection"))
    wait_until(lambda: done_in_file(session, "check-network"), what="the second tick saved")
    for step in ("reset-password", "check-browser", "check-network"):
        if not done_in_file(session, step):
            raise JourneyError(f"{step} is not ticked in the file: {read_progress(session)}")

    # The window shows the other instance's tick, and counts it.
    wait_until(lambda: app.find(role="check box", name="Check your browser").checked,
               what="the other instance's tick on screen")
    sidebar = app.find(role="list", name="Guide and checklists")
    wait_until(lambda: any(n.name == "3 / 6" for n in app.find_all(role="label", root=sidebar)),
               what="3 / 6 in the sidebar")

    assert app.quit() == 0, "the application did not exit cleanly"


if __name__ == "__main__":
    run([
        ("ticks-from-both-kept", ticks_from_both_kept),
    ])
