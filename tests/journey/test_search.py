# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding things from the keyboard, as a screen reader user would: search in
Chinese and open the first result at its step, go back and forward, find in
a guide page, zoom, and work through a whole checklist without a mouse,
checking focus and state through the accessibility tree."""

import os

from harness import JourneyError, run, wait_until

LOGIN_STEPS = ["Reset your password", "Unlock a locked account", "Check your network connection",
               "Check your browser", "Write down the error message", "Contact customer service"]


def header_title(app):
    """The title the content header shows (see test_guide.py)."""
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name not in ("OKPay Help", "OKPay 帮助")]
    return titles[0].name if titles else None


def settings(session, **values):
    """Settings as the desktop would have kept them from an earlier run."""
    path = os.path.join(session.config_home, "glib-2.0", "settings")
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "keyfile"), "w", encoding="utf-8") as f:
        f.write("[io/github/okpayhelp/OKPayHelp]\n")
        for key, value in values.items():
            f.write(f"{key.replace('_', '-')}={value}\n")


def saved_setting(session, key):
    path = os.path.join(session.config_home, "glib-2.0", "settings", "keyfile")
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(key + "="):
                    return line.split("=", 1)[1].strip()
    except FileNotFoundError:
        pass
    return None


def zoom_level(session):
    value = saved_setting(session, "zoom-level")
    return round(float(value), 2) if value is not None else None


def extents(node):
    import pyatspi
    return node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)


def in_view(node):
    """Whether the node is on screen inside the scrolled page that holds it."""
    box = extents(node)
    if box.width <= 0 or box.height <= 0:
        return False
    pane = node.parent
    while pane is not None and pane.roleName != "scroll pane":
        pane = pane.parent
    if pane is None:
        raise JourneyError(f"{node.roleName} {node.name!r} is not in a scrolled page")
    view = extents(pane)
    return view.y <= box.y and box.y + box.height <= view.y + view.height


def search(app, entry_name):
    """Ctrl+K, and the keyboard focus is in the search entry."""
    app.key("<Control>k")
    entry = app.find(role="entry", name=entry_name)
    wait_until(lambda: entry.focused, what="the keyboard focus in the search entry")
    return entry


def results(app, list_name):
    return [n for n in app.find(role="list", name=list_name).children if n.roleName == "list item"]


def chinese_search_opens_the_step(session, launch):
    # A window low enough that the step is below the fold until it is shown.
    settings(session, window_height=460, last_page="'section:introduction'")
    app = launch(lang="zh_CN")
    wait_until(lambda: header_title(app) == "引言", what="the introduction")

    entry = search(app, "搜索指南和检查清单")

    # dogtail types through XTest, which has no key for most Chinese
    # characters (it typed "重密码码" for "重置密码"). The text goes in through
    # the entry's accessible EditableText, which is how an input method
    # commits what the user composed.
    entry.queryEditableText().setTextContents("保持礼貌")

    wait_until(lambda: [n.name for n in results(app, "搜索结果")] == ["与客服沟通"],
               what="the one result for 保持礼貌")
    first = results(app, "搜索结果")[0]
    if "保持礼貌和专业" not in (first.description or ""):
        raise JourneyError(f"the result does not say which step matched: {first.description!r}")
    app.find(role="label", name="1 个结果")

    # Enter in the entry opens the first result: the checklist, at the step.
    app.key("Return")
    wait_until(lambda: header_title(app) == "与客服沟通", what="the checklist")
    step = app.find(role="check box", name="保持礼貌和专业")
    wait_until(lambda: step.focused, what="the keyboard focus on the step found")
    wait_until(lambda: in_view(step), what="the step scrolled into view")
    detail = app.find(role="label", contains="以专业且礼貌的态度")
    wait_until(lambda: in_view(detail), what="the step's detail shown")
    if os.environ.get("OKP_JOURNEY_ARTIFACTS"):
        app.screenshot(os.path.join(os.environ["OKP_JOURNEY_ARTIFACTS"], "search-step.png"))

    # Back and forward, from the keyboard and with the header bar buttons.
    app.key("<Alt>Left")
    wait_until(lambda: header_title(app) == "引言", what="back to the introduction")
    app.key("<Alt>Right")
    wait_until(lambda: header_title(app) == "与客服沟通", what="forward to the checklist")
    app.activate(app.find(role="push button", name="后退"))
    wait_until(lambda: header_title(app) == "引言", what="back with the Back button")
    app.activate(app.find(role="push button", name="前进"))
    wait_until(lambda: header_title(app) == "与客服沟通", what="forward with the Forward button")
    back = app.find(role="push button", name="后退")
    forward = app.find(role="push button", name="前进")
    if not back.sensitive or forward.sensitive:
        raise JourneyError("at the newest place, Back should work and Forward should not")
    assert app.quit() == 0


def english_search_finds_in_page(session, launch):
    app = launch()

    # Typing while the sidebar has the focus searches.
    sidebar = app.find(role="list", name="Guide and checklists")
    app.click(app.find(role="list item", name="Conclusion", root=sidebar))
    wait_until(lambda: header_title(app) == "Conclusion", what="the conclusion")
    app.type("withdraw")
    entry = app.find(role="entry", name="Search the guide and checklists")
    wait_until(lambda: [n.name for n in results(app, "Search results")]
               == ["Withdrawal blocked", "What should I do when I have trouble withdrawing money?",
                   "Introduction"],
               what="the results for what was typed in the sidebar")
    if not entry.focused:
        raise JourneyError("typing in the sidebar did not move the focus to the search")

    search(app, "Search the guide and checklists")
    app.type("24 hours")
    wait_until(lambda: [n.name for n in results(app, "Search results")]
               == ["OKPay customer support channels", "Email support"],
               what="the two results for 24 hours")

    # Down goes from the entry to the results; Enter opens the one focused.
    app.key("Down")
    wait_until(lambda: results(app, "Search results")[0].focused, what="the first result focused")
    app.key("Return")
    wait_until(lambda: header_title(app) == "OKPay customer support channels",
               what="the support channels section")

    # The words found are highlighted by find in page, which has the focus.
    find = app.find(role="entry", name="Find in page")
    wait_until(lambda: find.focused, what="the focus in the find bar")
    text = find.queryText()
    if text.getText(0, text.characterCount) != "24 hours":
        raise JourneyError("the find bar does not look for the words found")
    app.find(role="label", name="2 matches")

    # Ctrl+F finds in the page; Escape closes the bar.
    app.key("Escape")
    wait_until(lambda: not find.focused, what="the find bar to close")
    app.key("<Control>f")
    wait_until(lambda: find.focused, what="Ctrl+F to open find in page")
    app.type("customer")
    counted = wait_until(lambda: next((n.name for n in app.find_all(role="label", contains=" matches")
                                       if n.name.split()[0].isdigit() and int(n.name.split()[0]) > 1),
                                      None),
                         what="the matches counted")
    app.key("<Control>g")
    app.key("<Shift><Control>g")
    app.key("Return")
    app.key("<Shift>Return")
    # Going from match to match keeps the count.
    app.find(role="label", name=counted)
    app.type("xyzzy")
    app.find(role="label", name="No matches")
    app.key("Escape")

    # Zoom, remembered in the settings.
    app.key("<Control>plus")
    app.key("<Control>plus")
    wait_until(lambda: zoom_level(session) == 1.25, what="zoom 1.25 saved")
    app.key("<Control>minus")
    wait_until(lambda: zoom_level(session) == 1.1, what="zoom 1.1 saved")
    app.key("<Control>0")
    wait_until(lambda: zoom_level(session) == 1.0, what="zoom reset")

    # On a checklist, which has nothing to find in, Ctrl+F searches everything.
    search(app, "Search the guide and checklists")
    app.type("Money hasn")
    app.key("Return")
    wait_until(lambda: header_title(app) == "Money hasn’t arrived", what="the funds checklist")
    app.key("<Control>f")
    entry = app.find(role="entry", name="Search the guide and checklists")
    wait_until(lambda: entry.focused, what="Ctrl+F on a checklist to search")

    # No result says so.
    entry.queryEditableText().setTextContents("quantum")
    app.find(role="label", contains="No results for “quantum”")
    assert app.quit() == 0


def tab_to(app, node, limit=80):
    """Moves the keyboard focus to @node with Tab, as a keyboard user would."""
    for _ in range(limit):
        if node.focused:
            return
        app.key("Tab")
    raise JourneyError(f"Tab never reached {node.roleName} {node.name!r}")


def keyboard_only_checklist(session, launch):
    app = launch()

    # Open: the search, then Enter; the focus moves into the checklist.
    search(app, "Search the guide and checklists")
    app.type("login problems")
    app.key("Return")
    wait_until(lambda: header_title(app) == "Login problems", what="the login checklist")
    progress = app.find(role="progress bar", name="Progress")

    # Tick every step with Tab and Space, checking focus and state.
    for index, title in enumerate(LOGIN_STEPS, start=1):
        check = app.find(role="check box", name=title)
        tab_to(app, check)
        if check.checked:
            raise JourneyError(f"{title!r} was ticked before Space")
        app.key("space")
        wait_until(lambda: check.checked, what=f"{title!r} ticked")
        if not check.focused:
            raise JourneyError(f"the focus left {title!r} when it was ticked")
        # The progress bar's description is what a screen reader announces.
        wait_until(lambda: progress.description == f"{index} of 6 steps done",
                   what=f"{index} of 6 steps done")

    # Untick them all again, going back with Shift+Tab.
    for title in reversed(LOGIN_STEPS):
        check = app.find(role="check box", name=title)
        for _ in range(80):
            if check.focused:
                break
            app.key("<Shift>Tab")
        else:
            raise JourneyError(f"Shift+Tab never reached {title!r}")
        app.key("space")
        wait_until(lambda: not check.checked, what=f"{title!r} unticked")

    sidebar = app.find(role="list", name="Guide and checklists")
    row = app.find(role="list item", name="Login problems", root=sidebar)
    wait_until(lambda: any(n.name == "0 / 6" for n in app.find_all(role="label", root=row)),
               what="0 / 6 in the sidebar")
    assert app.quit() == 0


run([
    ("chinese-search-opens-the-step", chinese_search_opens_the_step),
    ("english-search-finds-in-page", english_search_finds_in_page),
    ("keyboard-only-checklist", keyboard_only_checklist),
])
