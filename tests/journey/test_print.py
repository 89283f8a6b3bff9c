# SPDX-License-Identifier: GPL-3.0-or-later
"""Printing as a person starts it: Ctrl+P on a checklist and on a guide
section, the checklist page's print button, and "Print All Checklists"
in the main menu each open the system print dialog; cancelling it leaves
the application as it was. (What the dialog prints is checked without a
dialog by tests/test-print.c: the same pages as the PDF export.)

"Save as PDF…", on a checklist and in the main menu, goes through the file
chooser (the portal is turned off, so that it is GTK's own chooser in this
session) and writes the same document as `--export-checklist`, read back
with pdftotext; a name that is not a regular file is refused with the
reason and left as it was."""

import os
import stat
import subprocess

from harness import APP_BINARY, JourneyError, run, wait_until

PRINT_DIALOG = "Print"


def print_dialogs(app):
    return [n for n in app.find_all(role="dialog") if n.name == PRINT_DIALOG]


def expect_print_dialog_then_cancel(app, what):
    dialog = wait_until(lambda: print_dialogs(app), timeout=30,
                        what=f"the print dialog after {what}")[0]
    # GTK 4.8 names a dialog button "_Cancel Cancel" on the bus.
    app.click(app.find(role="push button", contains="Cancel", root=dialog))
    wait_until(lambda: not print_dialogs(app), timeout=15,
               what=f"the print dialog to close after {what}")
    assert app.process.poll() is None, f"the application ended after {what}"


def ctrl_p_on_checklist(session, launch):
    app = launch(args=["--checklist", "login"])
    app.find(role="label", name="Login problems")
    app.key("<Control>p")
    expect_print_dialog_then_cancel(app, "Ctrl+P on a checklist")
    assert app.quit() == 0


def print_button_on_checklist(session, launch):
    app = launch(args=["--checklist", "withdrawal"])
    button = app.find(role="push button", name="Print Checklist…")
    app.click(button)
    expect_print_dialog_then_cancel(app, "the Print Checklist button")
    assert app.quit() == 0


def ctrl_p_on_guide_section(session, launch):
    app = launch(args=["--section", "support-channels"])
    app.find(role="label", name="OKPay customer support channels")
    app.key("<Control>p")
    expect_print_dialog_then_cancel(app, "Ctrl+P on a guide section")
    assert app.quit() == 0


def print_all_from_menu(session, launch):
    app = launch(args=["--checklist", "login"])
    app.find(role="label", name="Login problems")
    # F10 opens the primary menu, as in every GNOME application.
    app.key("F10")
    item = app.find(contains="Print All Checklists", role="menu item")
    # The popover is a surface of its own, so its items' positions are not
    # the screen's: activate the item as a screen reader does.
    app.activate(item)
    expect_print_dialog_then_cancel(app, "Print All Checklists in the menu")
    assert app.quit() == 0


NO_PORTAL = {"GTK_USE_PORTAL": "0"}
CHECKLIST_TITLES = ["Login problems", "Failed transaction", "Money hasn’t arrived",
                    "Withdrawal blocked", "Identity verification failed",
                    "Talking to support"]


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], check=True,
                          capture_output=True, text=True).stdout


def save_in_chooser(app, title, path):
    """Types @path into the name field of the file chooser titled @title and
    accepts. Without a window manager the keyboard follows the pointer, so
    the field is clicked first."""
    # GTK 4.8 gives the chooser the filler role, later versions dialog.
    chooser = wait_until(lambda: next((n for n in app.node.children if n.name == title), None),
                         timeout=30, what=f"the file chooser {title!r}")
    field = app.find(role="text", contains="Name", root=chooser)
    app.click(field)
    app.key("<Control>a")
    app.type(path)
    app.key("Return")
    return chooser


def save_checklist_and_all(session, launch):
    folder = os.path.join(session.root, "saved")
    os.makedirs(folder)
    one = os.path.join(folder, "login.pdf")
    every = os.path.join(folder, "all.pdf")

    app = launch(args=["--checklist", "login"], extra_env=NO_PORTAL)
    app.click(app.find(role="check box", name="Reset your password"))
    wait_until(lambda: app.find(role="check box", name="Reset your password").checked,
               what="the step ticked")
    app.click(app.find(role="push button", name="Save as PDF…"))
    save_in_chooser(app, "Save Checklist as PDF", one)
    wait_until(lambda: os.path.exists(one), timeout=30, what="the PDF saved")
    app.find(role="label", name="Saved as “login.pdf”")

    # From the main menu on a guide section: every checklist.
    app.click(app.find(role="list item", name="Introduction"))
    app.key("F10")
    app.activate(app.find(role="menu item", name="Save as PDF…"))
    save_in_chooser(app, "Save All Checklists as PDF", every)
    wait_until(lambda: os.path.exists(every), timeout=30, what="all checklists saved")
    app.find(role="label", name="Saved as “all.pdf”")
    env = app.env()
    assert app.quit() == 0

    text = pdf_text(one)
    for wanted in ("Login problems", "Reset your password", "1 of 6 steps done"):
        if wanted not in text:
            raise JourneyError(f"{wanted!r} is not in the saved PDF:\n{text}")
    missing = [t for t in CHECKLIST_TITLES if t not in pdf_text(every)]
    if missing:
        raise JourneyError(f"the PDF of all checklists lacks {missing}")

    # The command line's export of the same progress is the same document.
    for checklist, saved in (("login", one), ("all", every)):
        exported = os.path.join(folder, f"cli-{checklist}.pdf")
        subprocess.run([APP_BINARY, "--export-checklist", checklist, "--output", exported],
                       env=env, check=True, timeout=120)
        if pdf_text(exported) != pdf_text(saved):
            raise JourneyError(f"the window's PDF of {checklist!r} differs from the export")


def refuse_not_a_file(session, launch):
    folder = os.path.join(session.root, "saved")
    os.makedirs(folder)
    fifo = os.path.join(folder, "pipe.pdf")
    os.mkfifo(fifo)

    app = launch(args=["--checklist", "withdrawal"], extra_env=NO_PORTAL)
    app.click(app.find(role="push button", name="Save as PDF…"))
    save_in_chooser(app, "Save Checklist as PDF", fifo)
    # GTK asks before choosing a name that exists.
    app.activate(app.find(role="push button", contains="Replace", timeout=20))
    app.find(role="label", contains="pipe.pdf” is not a regular file", timeout=30)
    app.activate(app.find(role="push button", contains="Close"))
    if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
        raise JourneyError("the pipe was replaced")
    if sorted(os.listdir(folder)) != ["pipe.pdf"]:
        raise JourneyError(f"something was left behind: {os.listdir(folder)}")
    assert app.quit() == 0


if __name__ == "__main__":
    run([
        ("ctrl-p-on-a-checklist", ctrl_p_on_checklist),
        ("print-button-on-a-checklist", print_button_on_checklist),
        ("ctrl-p-on-a-guide-section", ctrl_p_on_guide_section),
        ("print-all-from-the-menu", print_all_from_menu),
        ("save-checklist-and-all-as-pdf", save_checklist_and_all),
        ("refuse-what-is-not-a-file", refuse_not_a_file),
    ])
