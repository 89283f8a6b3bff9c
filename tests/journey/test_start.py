# SPDX-License-Identifier: GPL-3.0-or-later
"""The start page as a stuck user meets it: on a first start it asks
"What's wrong?"; one Enter or one click reaches the checklist for their
problem, in English and in Chinese; "I think I've been scammed" goes to the
safety advice; the checklist under way is offered first; Alt+Home and the
header bar's button bring the page back from anywhere."""

from harness import JourneyError, run, wait_until


def header_title(app):
    """The title the content header shows (see test_guide.py)."""
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name not in ("OKPay Help", "OKPay 帮助")]
    return titles[0].name if titles else None


def first_start_enter(session, launch):
    """Nothing saved yet: the start page comes first, and Enter opens the
    first problem's checklist."""
    app = launch()
    wait_until(lambda: header_title(app) == "What’s wrong?", what="the start page first")
    app.find(role="label", contains="not made by OKPay")
    app.key("Return")
    wait_until(lambda: header_title(app) == "Login problems", what="the login checklist on Enter")
    assert app.quit() == 0


def first_start_chinese_click(session, launch):
    app = launch(lang="zh_CN")
    wait_until(lambda: header_title(app) == "遇到了什么问题？", what="the Chinese start page first")
    app.click(app.find(contains="我无法提现"))
    wait_until(lambda: header_title(app) == "提现受阻", what="the withdrawal checklist on one click")
    assert app.quit() == 0


def scammed(session, launch):
    for lang, start, row, title in [
            ("en", "What’s wrong?", "I think I’ve been scammed, or I shared a code", "Stay safe"),
            ("zh_CN", "遇到了什么问题？", "我可能被骗了，或者透露了验证码", "安全须知")]:
        # The second start reopens the page last read: Alt+Home goes back.
        app = launch(lang=lang)
        wait_until(lambda: header_title(app) not in (None, ""), what="a page")
        app.key("<Alt>Home")
        wait_until(lambda: header_title(app) == start, what=f"the start page ({lang})")
        app.click(app.find(contains=row))
        wait_until(lambda: header_title(app) == title, what=f"the safety advice ({lang})")
        assert app.quit() == 0


def continue_and_home(session, launch):
    app = launch()
    wait_until(lambda: header_title(app) == "What’s wrong?", what="the start page")
    app.click(app.find(contains="My identity verification keeps failing"))
    wait_until(lambda: header_title(app) == "Identity verification failed",
               what="the identity checklist")
    app.click(app.find(role="check box", name="Read why it was rejected"))

    # Alt+Home from anywhere: the checklist under way is offered first, with
    # its progress, and has the keyboard focus.
    app.key("<Alt>Home")
    wait_until(lambda: header_title(app) == "What’s wrong?", what="the start page on Alt+Home")
    button = app.find(role="push button", name="Continue: Identity verification failed, 1 / 5")
    wait_until(lambda: button.focused, what="the focus on the continue button")
    app.key("Return")
    wait_until(lambda: header_title(app) == "Identity verification failed",
               what="back in the checklist on Enter")

    # The header bar's button does the same.
    app.activate(app.find(role="push button", name="What’s wrong?"))
    wait_until(lambda: header_title(app) == "What’s wrong?", what="the start page from its button")
    assert app.quit() == 0

    # The start page was the last page: it comes back, still offering the
    # checklist under way.
    again = launch()
    wait_until(lambda: header_title(again) == "What’s wrong?", what="the start page after a restart")
    again.find(role="push button", name="Continue: Identity verification failed, 1 / 5")
    assert again.quit() == 0


run([
    ("first-start-enter", first_start_enter),
    ("first-start-chinese-click", first_start_chinese_click),
    ("scammed", scammed),
    ("continue-and-home", continue_and_home),
])
