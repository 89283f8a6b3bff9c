# SPDX-License-Identifier: GPL-3.0-or-later
"""Printing as a person starts it: Ctrl+P on a checklist and on a guide
section, the checklist page's print button, and "Print All Checklists"
in the main menu each open the system print dialog; cancelling it leaves
the application as it was. (What the dialog prints is checked without a
dialog by tests/test-print.c: the same pages as the PDF export.)"""

from harness import run, wait_until

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


if __name__ == "__main__":
    run([
        ("ctrl-p-on-a-checklist", ctrl_p_on_checklist),
        ("print-button-on-a-checklist", print_button_on_checklist),
        ("ctrl-p-on-a-guide-section", ctrl_p_on_guide_section),
        ("print-all-from-the-menu", print_all_from_menu),
    ])
