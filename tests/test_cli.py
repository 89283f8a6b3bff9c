#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`okpay-help` on the command line, as scripts and users run it, without a
display or a session bus:

- usage errors (an unknown option, a missing argument, extra arguments,
  two commands at once, --output without --export-checklist) exit 2 with a
  message and a pointer to --help, and print nothing on standard output;
- a standard output that cannot be written (/dev/full) exits 1, for every
  command that prints;
- a query that is not text in the locale's encoding gets a clear message;
- --version gives the versions of the libraries loaded, as installed here;
- SIGINT, SIGTERM or SIGHUP during an export leave nothing behind: no
  temporary file beside the output, nothing in the temporary folder.

usage: test_cli.py OKPAY-HELP   (environment from tests/meson.build)
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PROGRAM = sys.argv[1]
APP_ID = "io.github.okpayhelp.OKPayHelp"

results = []


def check(name, function):
    """Runs one test. Anything it raises fails that test alone, with the
    reason in the TAP output: a tool that fails or an export that hangs
    must say so rather than end the script with no output."""
    try:
        function()
        results.append((True, name, ""))
    except AssertionError as error:
        results.append((False, name, str(error)))
    except Exception as error:  # noqa: BLE001
        results.append((False, name, f"{type(error).__name__}: {error}"))


class Home:
    """A user of their own, with a temporary folder of their own too."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="okp-cli-")
        self.data = os.path.join(self.root, "data")
        self.tmp = os.path.join(self.root, "tmp")
        self.out = os.path.join(self.root, "out")
        os.makedirs(self.tmp)
        os.makedirs(self.out)
        self.progress = os.path.join(self.data, APP_ID, "progress.json")

    def env(self, **extra):
        env = dict(os.environ)
        env.update({"XDG_DATA_HOME": self.data, "XDG_CONFIG_HOME": os.path.join(self.root, "c"),
                    "HOME": self.root, "TMPDIR": self.tmp, "LANGUAGE": "en",
                    "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
            env.pop(name, None)
        env.update(extra)
        return env

    def run(self, *args, stdout=subprocess.PIPE, **extra):
        return subprocess.run([PROGRAM, *args], env=self.env(**extra), stdout=stdout,
                              stderr=subprocess.PIPE, timeout=120)

    def write_progress(self, checklists):
        os.makedirs(os.path.dirname(self.progress), mode=0o700, exist_ok=True)
        with open(self.progress, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "checklists": checklists}, f)

    def cleanup(self):
        shutil.rmtree(self.root)


def test_usage_errors():
    home = Home()
    try:
        cases = [
            (["--no-such-option"], "--no-such-option"),
            (["-Z"], "-Z"),
            (["--search"], "--search"),
            (["--export-checklist"], "--export-checklist"),
            (["--output"], "--output"),
            (["--list", "extra"], "extra"),
            (["--search", "login", "more"], "more"),
            (["stray"], "stray"),
            (["--search", "x", "--export-checklist", "login"], "--export-checklist"),
            (["--export-checklist", "login", "--output", "x.pdf", "--search", "x"], "--search"),
            (["--list", "--search", "x"], "--search"),
            (["--list", "--version"], "--version"),
            (["--version", "--export-checklist", "all", "--output", "x.pdf"], "--export-checklist"),
            (["--section", "overview", "--search", "x"], "--section"),
            (["--output", os.path.join(home.out, "x.pdf")], "--export-checklist"),
            (["--export-checklist", "login"], "--output"),
            (["--list", "--output", os.path.join(home.out, "x.pdf")], "--output"),
        ]
        for args, named in cases:
            result = home.run(*args)
            err = result.stderr.decode()
            assert result.returncode == 2, f"{args}: exit {result.returncode}: {err}"
            assert named in err, f"{args}: the message does not name {named}: {err}"
            assert "--help" in err, f"{args}: no pointer to --help: {err}"
            assert result.stdout == b"", f"{args}: printed {result.stdout!r}"
        assert os.listdir(home.out) == [], "a usage error wrote a file"
        assert not os.path.exists(home.data), "a usage error made the data folder"

        # --list still checks the ids it is given, and --help is still help.
        result = home.run("--list", "--checklist", "login")
        assert result.returncode == 0, result.stderr
        result = home.run("--help")
        assert result.returncode == 0 and b"--export-checklist" in result.stdout, result
    finally:
        home.cleanup()


def test_full_stdout():
    home = Home()
    try:
        home.write_progress({"login": {"solved": True}})
        commands = [["--list"], ["--search", "password"], ["--version"],
                    ["--export-checklist", "login", "--output", "-"]]
        for args in commands:
            with open("/dev/full", "wb") as full:
                result = home.run(*args, stdout=full)
            err = result.stderr.decode()
            assert result.returncode == 1, f"{args}: exit {result.returncode} onto /dev/full"
            assert os.strerror(28) in err, f"{args}: no reason given: {err}"
        # And the same commands succeed where they can write.
        for args in commands:
            result = home.run(*args)
            assert result.returncode == 0, f"{args}: exit {result.returncode}: {result.stderr}"
    finally:
        home.cleanup()


def test_query_encoding():
    home = Home()
    try:
        # Not UTF-8 in a UTF-8 locale.
        for query in (b"\xff\xfe", b"pass\xe9word", b"\xe6\x8f"):
            result = home.run("--search", query)
            err = result.stderr.decode()
            assert result.returncode == 2, f"{query!r}: exit {result.returncode}: {err}"
            assert "UTF-8" in err and "--help" in err, f"{query!r}: {err}"
            assert "Invalid byte sequence" not in err, err
            assert result.stdout == b""
        # LANG=C: bytes that are no ASCII and no UTF-8 get the message; the
        # UTF-8 that terminals send anyway is read as such.
        result = home.run("--search", b"\xff", LANG="C", LC_ALL="C")
        err = result.stderr.decode("ascii", "replace")
        assert result.returncode == 2, f"LANG=C: exit {result.returncode}: {err}"
        assert "Invalid byte sequence" not in err, err
        assert "ANSI_X3.4-1968" in err or "ASCII" in err, err
        result = home.run("--search", "提现".encode(), LANG="C", LC_ALL="C",
                          LANGUAGE="zh_CN")
        assert result.returncode in (0, 1), f"LANG=C, UTF-8 query: exit {result.returncode}"
        assert b"valid text" not in result.stderr, result.stderr
        result = home.run("--search", "提现".encode(), LANG="zh_CN.UTF-8",
                          LC_ALL="zh_CN.UTF-8", LANGUAGE="zh_CN")
        assert result.returncode == 0, result.stderr
        assert b"question-withdrawal" in result.stdout, result.stdout
    finally:
        home.cleanup()


def pkg_version(name):
    return subprocess.run(["pkg-config", "--modversion", name], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_version():
    home = Home()
    try:
        result = home.run("--version")
        out = result.stdout.decode()
        assert result.returncode == 0, result.stderr
        assert re.match(r"OKPay Help \d+\.\d+\.\d+\n", out), out
        for label, package in (("GTK", "gtk4"), ("libadwaita", "libadwaita-1"),
                               ("WebKitGTK", "webkitgtk-6.0"), ("json-glib", "json-glib-1.0"),
                               ("GLib", "glib-2.0")):
            match = re.search(rf"^  {re.escape(label)} (\S+)$", out, re.M)
            assert match, f"no {label} line: {out}"
            assert match.group(1) == pkg_version(package), \
                f"{label} {match.group(1)}, installed {pkg_version(package)}"
        inside = os.path.exists("/.flatpak-info")
        assert re.search(r"^Flatpak: yes" if inside else r"^Flatpak: no$", out, re.M), out
        assert result.stderr == b"", result.stderr
    finally:
        home.cleanup()


def big_note():
    return "\n".join(" ".join(f"w{i:06d}{j}" for j in range(12)) for i in range(40000))


def test_interrupted_export():
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        home = Home()
        try:
            home.write_progress({"login": {"notes": {"error-message": big_note()}}})
            output = os.path.join(home.out, "login.pdf")
            with open(output, "w") as f:
                f.write("the previous export")
            process = subprocess.Popen([PROGRAM, "--export-checklist", "login",
                                        "--output", output], env=home.env(),
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            # Wait until the document is being written beside the output.
            deadline = time.monotonic() + 60
            while len(os.listdir(home.out)) < 2 and process.poll() is None:
                assert time.monotonic() < deadline, "no temporary file appeared"
                time.sleep(0.02)
            assert process.poll() is None, "the export ended before it could be interrupted"
            time.sleep(0.2)
            process.send_signal(signum)
            process.communicate(timeout=60)
            name = signal.Signals(signum).name
            assert process.returncode == -signum, \
                f"{name}: exit status {process.returncode}, not ended by the signal"
            assert os.listdir(home.out) == ["login.pdf"], \
                f"{name}: left beside the output: {os.listdir(home.out)}"
            with open(output) as f:
                assert f.read() == "the previous export", f"{name}: the output was changed"
            assert os.listdir(home.tmp) == [], \
                f"{name}: left in the temporary folder: {os.listdir(home.tmp)}"
            assert sorted(os.listdir(os.path.dirname(home.progress))) == ["progress.json"], \
                f"{name}: files beside the progress file"
        finally:
            home.cleanup()


def main():
    check("usage errors exit 2 and point to --help", test_usage_errors)
    check("a full standard output exits 1", test_full_stdout)
    check("a query that is not text in the locale", test_query_encoding)
    check("--version: the libraries loaded", test_version)
    check("an interrupted export leaves nothing behind", test_interrupted_export)

    print(f"1..{len(results)}")
    for number, (ok, name, message) in enumerate(results, start=1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        for line in message.splitlines():
            print(f"# {line}")
    return 0 if all(ok for ok, _n, _m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
