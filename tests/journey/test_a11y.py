# SPDX-License-Identifier: GPL-3.0-or-later
"""An accessibility audit: show every page of the application (each section
and checklist, the search results, find in page, the menu, the shortcuts
window, the dialogs) and walk the accessibility tree each time; any control
on screen that takes the keyboard focus and has no name fails the test,
because a screen reader would announce it as nothing (or as "button")."""

import re

import pyatspi

from harness import JourneyError, run, wait_until

# Roles that group controls rather than being one: they take the focus
# only to pass it on, and a screen reader does not announce them by name.
CONTAINER_ROLES = {
    "application", "frame", "window", "dialog", "panel", "filler", "scroll pane",
    "viewport", "layered pane", "split pane", "section", "grouping", "document web",
    "document frame", "internal frame", "redundant object", "unknown", "scroll bar",
}

# GTK names an accessible after its class when nothing else names it.
CLASS_NAME = re.compile(r"^(Gtk|Adw|WebKit)[A-Z][A-Za-z]*$")


def on_screen(node):
    try:
        box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except NotImplementedError:
        return False
    return box.width > 0 and box.height > 0


def walk(node):
    yield node
    for child in node.children:
        if child is not None:
            yield from walk(child)


def unnamed_controls(app):
    problems = []
    for node in walk(app.node):
        try:
            states = node.getState()
            if not states.contains(pyatspi.STATE_FOCUSABLE) or node.roleName in CONTAINER_ROLES:
                continue
            if not states.contains(pyatspi.STATE_VISIBLE) or not on_screen(node):
                continue
            name = (node.name or "").strip()
            if not name or CLASS_NAME.match(name):
                path = []
                parent = node.parent
                while parent is not None and len(path) < 4:
                    if parent.name and not CLASS_NAME.match(parent.name):
                        path.append(f"{parent.roleName} {parent.name!r}")
                    parent = parent.parent
                problems.append(f"{node.roleName} named {node.name!r} (in {' < '.join(path) or 'the window'})")
        except Exception as error:  # a node that went away while walking
            if "disposed" in str(error) or "not exist" in str(error):
                continue
            raise
    return problems


class Audit:
    def __init__(self, app):
        self.app = app
        self.places = 0
        self.problems = []

    def check(self, where):
        # The tree settles after a page changes; give it a moment.
        wait_until(lambda: True, timeout=0.5)
        self.places += 1
        for problem in unnamed_controls(self.app):
            self.problems.append(f"{where}: {problem}")

    def finish(self, minimum_places):
        if self.problems:
            raise JourneyError("focusable controls without a name:\n" + "\n".join(self.problems))
        if self.places < minimum_places:
            raise JourneyError(f"only {self.places} places audited")


def header_title(app):
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name not in ("OKPay Help", "OKPay 帮助")]
    return titles[0].name if titles else None


def audit_pages(app, audit, sidebar_name):
    sidebar = app.find(role="list", name=sidebar_name)
    titles = [row.name for row in sidebar.children if row.roleName == "list item"]
    if len(titles) < 16:
        raise JourneyError(f"the sidebar lists {len(titles)} pages, not the 10 sections and 6 checklists")
    # From the keyboard, which also reaches the rows scrolled out of view:
    # Down to the next row, Enter to open it.
    app.click(app.find(role="list item", name=titles[0], root=sidebar))
    for index, title in enumerate(titles):
        if index > 0:
            app.key("Down")
            app.key("Return")
        wait_until(lambda: header_title(app) == title, what=f"the page {title!r}")
        audit.check(f"page {title!r}")
    return titles


def english_audit(session, launch):
    app = launch()
    audit = Audit(app)
    audit.check("the window at start")
    audit_pages(app, audit, "Guide and checklists")

    # The search and its results.
    app.key("<Control>k")
    app.find(role="entry", name="Search the guide and checklists")
    app.type("password")
    wait_until(lambda: len(app.find(role="list", name="Search results").children) > 1,
               what="search results")
    audit.check("search results")

    # Find in page, on a guide section. Escape leaves the search for the
    # sidebar, Home goes to its first row.
    app.key("Escape")
    app.key("Home")
    app.key("Return")
    wait_until(lambda: header_title(app) == "Introduction", what="the introduction")
    app.key("<Control>f")
    app.type("OKPay")
    app.find(role="label", contains=" match")
    audit.check("find in page")
    app.key("Escape")

    # The main menu.
    app.key("F10")
    app.find(role="menu item", contains="Keyboard Shortcuts")
    audit.check("the main menu")
    app.key("Escape")

    # The keyboard shortcuts window.
    app.key("<Control><Shift>question")
    shortcuts = wait_until(lambda: next((w for w in app.node.children
                                         if w.roleName in ("frame", "window", "dialog")
                                         and "Shortcuts" in (w.name or "")), None),
                           what="the shortcuts window")
    audit.check("the shortcuts window")
    app.key("Escape")
    wait_until(lambda: shortcuts not in app.node.children, what="the shortcuts window to close")

    # A checklist's contact dialog.
    app.click(app.find(role="list item", name="Login problems"))
    wait_until(lambda: header_title(app) == "Login problems", what="the login checklist")
    app.activate(app.find(role="push button", name="Email support"))
    wait_until(lambda: len([w for w in app.node.children if w.roleName in ("frame", "window", "dialog")]) > 1,
               what="the contact dialog")
    audit.check("the contact dialog")
    app.key("Escape")

    audit.finish(minimum_places=21)
    assert app.quit() == 0


def chinese_audit(session, launch):
    app = launch(lang="zh_CN")
    audit = Audit(app)
    audit_pages(app, audit, "指南和检查清单")
    app.key("<Control>k")
    entry = app.find(role="entry", name="搜索指南和检查清单")
    wait_until(lambda: entry.focused, what="the search entry")
    entry.queryEditableText().setTextContents("提现")
    wait_until(lambda: len(app.find(role="list", name="搜索结果").children) > 1, what="search results")
    audit.check("search results")
    audit.finish(minimum_places=17)
    assert app.quit() == 0


run([
    ("english-audit", english_audit),
    ("chinese-audit", chinese_audit),
])
