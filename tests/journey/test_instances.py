# SPDX-License-Identifier: GPL-3.0-or-later
"""Starting the application twice opens one window: the second start hands
its command line to the running instance (GApplication uniqueness on the
session bus) and exits at once, so two processes never write the same
progress file."""

import subprocess
import time

from harness import APP_BINARY, JourneyError, run, wait_until


def frames(app):
    return [n for n in app.node.children if n.roleName == "frame"]


def second_start_activates_the_first(session, launch):
    app = launch()
    wait_until(lambda: len(frames(app)) == 1, what="one window")

    for args in ([], ["--section", "overview"]):
        started = time.monotonic()
        second = subprocess.run([APP_BINARY] + args, env=app.env(), timeout=30,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        took = time.monotonic() - started
        if second.returncode != 0:
            raise JourneyError(f"the second start {args} exited with {second.returncode}: "
                               f"{second.stderr.decode(errors='replace')}")
        if took > 10:
            raise JourneyError(f"the second start {args} took {took:.1f} s")

        # The first instance is still there, with still exactly one window.
        if app.process.poll() is not None:
            raise JourneyError("the first instance exited")
        time.sleep(1)
        count = len(frames(app))
        if count != 1:
            raise JourneyError(f"{count} windows after the second start {args}")

    assert app.quit() == 0, "the application did not exit cleanly"


if __name__ == "__main__":
    run([
        ("second-start-activates-the-first", second_start_activates_the_first),
    ])
