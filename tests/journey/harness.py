# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the built application from outside, through the accessibility bus,
the way a person would: start it, find what is on screen, click, type, quit.

Every journey test runs inside tests/run-headless.sh (its own X server and
D-Bus session). The application runs from the build tree with private
XDG directories, so nothing of the developer's own data is touched and a
"restart" keeps what the previous run saved.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from dogtail.config import config

# The session is private and headless: there is no desktop setting to check.
config.checkForA11y = False
config.logDebugToFile = False
# dogtail narrates every action on standard output, which is the TAP stream.
config.logDebugToStdOut = False
config.searchShowingOnly = False
config.defaultDelay = 0.2
config.actionDelay = 0.2
config.typingDelay = 0.02

from dogtail import rawinput, tree  # noqa: E402

BUILDDIR = os.environ["OKP_BUILDDIR"]
APP_BINARY = os.path.join(BUILDDIR, "src", "okpay-help")
APP_NAME = "okpay-help"

# Role names as the journeys write them, and every name AT-SPI gives the
# role: at-spi2-core calls a push button "button" in Debian 13 (2.56),
# "push button" in Debian 12 (2.46).
ROLE_NAMES = {
    "push button": {"push button", "button"},
}


class JourneyError(AssertionError):
    pass


class Session:
    """A user's home: data, config and cache directories that outlive one
    run of the application."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="okp-journey-")
        self.data_home = os.path.join(self.root, "data")
        self.config_home = os.path.join(self.root, "config")
        self.cache_home = os.path.join(self.root, "cache")
        for d in (self.data_home, self.config_home, self.cache_home):
            os.makedirs(d, mode=0o700)

    def progress_path(self):
        return os.path.join(self.data_home, "io.github.okpayhelp.OKPayHelp", "progress.json")

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def wait_until(predicate, timeout=15.0, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # the tree changes under our feet
            last_error = error
        time.sleep(interval)
    raise JourneyError(f"timed out after {timeout:.0f} s waiting for {what}"
                       + (f" (last error: {last_error})" if last_error else ""))


class App:
    """One run of the application."""

    def __init__(self, session, args=(), lang="en", extra_env=None):
        self.session = session
        self.args = list(args)
        self.lang = lang
        self.extra_env = extra_env or {}
        self.process = None
        self.node = None

    def env(self):
        env = dict(os.environ)
        env.update({
            "XDG_DATA_HOME": self.session.data_home,
            "XDG_CONFIG_HOME": self.session.config_home,
            "XDG_CACHE_HOME": self.session.cache_home,
            # Settings persist across restarts, as on a desktop.
            "GSETTINGS_BACKEND": "keyfile",
            "GTK_A11Y": "atspi",
        })
        if self.lang.startswith("zh"):
            env.update({"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN", "LC_ALL": "zh_CN.UTF-8"})
        else:
            env.update({"LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8"})
        env.pop("NO_AT_BRIDGE", None)
        env.update(self.extra_env)
        return env

    def start(self, timeout=40.0):
        self.process = subprocess.Popen([APP_BINARY] + self.args, env=self.env())

        def find_app():
            if self.process.poll() is not None:
                raise JourneyError(f"the application exited with status {self.process.returncode}")
            for app in tree.root.applications():
                try:
                    if app.name == APP_NAME and app.get_process_id() == self.process.pid:
                        return app
                except Exception:
                    continue
            return None

        self.node = wait_until(find_app, timeout, what="the application on the accessibility bus")
        self.window = wait_until(lambda: self.node.findChild(
            lambda n: n.roleName == "frame", retry=False, requireResult=False),
            timeout, what="the application window")
        return self

    # Finding things

    def find_all(self, role=None, name=None, root=None, contains=None):
        root = root or self.node
        roles = ROLE_NAMES.get(role, {role})

        def match(n):
            if role is not None and n.roleName not in roles:
                return False
            if name is not None and n.name != name:
                return False
            if contains is not None and contains not in (n.name or ""):
                return False
            return True

        return root.findChildren(match)

    def find(self, role=None, name=None, root=None, contains=None, timeout=15.0):
        what = f"{role or 'anything'} named {name or contains!r}"
        return wait_until(lambda: (self.find_all(role, name, root, contains) or [None])[0],
                          timeout, what=what)

    def wait_gone(self, role=None, name=None, timeout=15.0):
        wait_until(lambda: not self.find_all(role, name), timeout,
                   what=f"{role} {name!r} to go away")

    # Acting

    def click(self, node):
        """Clicks the middle of a node. GTK 4 reports positions relative to
        the window; without a window manager the window sits at the origin
        of the screen, so they are screen positions too."""
        x, y = node.position
        w, h = node.size
        if w <= 0 or h <= 0:
            raise JourneyError(f"{node.roleName} {node.name!r} has no size on screen")
        rawinput.click(x + w // 2, y + h // 2)
        time.sleep(0.3)

    def activate(self, node, action="click"):
        """Performs a node's accessible action (what a screen reader does)."""
        node.doActionNamed(action)
        time.sleep(0.3)

    def key(self, combo):
        rawinput.keyCombo(combo)
        time.sleep(0.3)

    def type(self, text):
        rawinput.typeText(text)
        time.sleep(0.3)

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], check=False)

    # Ending

    def quit(self, timeout=20.0):
        """Quits with Ctrl+Q, as a user would, and waits for the process."""
        self.key("<Control>q")
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise JourneyError("the application did not quit on Ctrl+Q")
        return self.process.returncode

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run(journeys):
    """Runs each (name, function) journey in a fresh session; prints TAP."""
    print(f"1..{len(journeys)}", flush=True)
    failed = 0
    for index, (name, function) in enumerate(journeys, start=1):
        session = Session()
        apps = []

        def launch(*args, **kwargs):
            app = App(session, *args, **kwargs)
            apps.append(app)
            return app.start()

        try:
            function(session, launch)
            print(f"ok {index} {name}", flush=True)
        except Exception as error:
            failed += 1
            shot = os.path.join(os.environ.get("OKP_JOURNEY_ARTIFACTS", tempfile.gettempdir()),
                                f"journey-{name}.png")
            subprocess.run(["import", "-window", "root", shot], check=False)
            print(f"not ok {index} {name}", flush=True)
            for line in f"{type(error).__name__}: {error}".splitlines():
                print(f"# {line}", flush=True)
            print(f"# screenshot: {shot}", flush=True)
        finally:
            for app in apps:
                app.stop()
            session.cleanup()
    sys.exit(1 if failed else 0)
