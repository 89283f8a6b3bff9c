# SPDX-License-Identifier: GPL-3.0-or-later
"""GNOME Shell's search provider, called over D-Bus as the Shell calls it, on
the running application: the results for "password" in English and "提现" in
Chinese, a narrower search, what each result shows, and opening a result or
the application's own search, checked through the accessibility tree."""

import subprocess
import time

from gi.repository import Gio, GLib

from harness import APP_BINARY, APP_NAME, App, JourneyError, run, wait_until

# After the harness, which configures dogtail before its tree is loaded.
from dogtail import tree  # noqa: E402

BUS_NAME = "io.github.okpayhelp.OKPayHelp"
OBJECT_PATH = "/io/github/okpayhelp/OKPayHelp/SearchProvider"
INTERFACE = "org.gnome.Shell.SearchProvider2"


def header_title(app):
    """The title the content header shows (see test_guide.py)."""
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name not in ("OKPay Help", "OKPay 帮助")]
    return titles[0].name if titles else None


def field_text(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


class Provider:
    def __init__(self):
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        # The application is running: no activation, and no waiting for one.
        self.proxy = Gio.DBusProxy.new_sync(
            bus, Gio.DBusProxyFlags.DO_NOT_AUTO_START | Gio.DBusProxyFlags.DO_NOT_LOAD_PROPERTIES,
            None, BUS_NAME, OBJECT_PATH, INTERFACE, None)

    def call(self, method, signature, *args):
        reply = self.proxy.call_sync(method, GLib.Variant(signature, args) if signature else None,
                                     Gio.DBusCallFlags.NONE, 10000, None)
        return reply.unpack() if reply is not None else None

    def initial(self, terms):
        return self.call("GetInitialResultSet", "(as)", terms)[0]

    def subsearch(self, previous, terms):
        return self.call("GetSubsearchResultSet", "(asas)", previous, terms)[0]

    def metas(self, ids):
        return {meta["id"]: meta for meta in self.call("GetResultMetas", "(as)", ids)[0]}

    def activate(self, result_id, terms):
        self.call("ActivateResult", "(sasu)", result_id, terms, 0)

    def launch_search(self, terms):
        self.call("LaunchSearch", "(asu)", terms, 0)


def expect(what, actual, wanted):
    if actual != wanted:
        raise JourneyError(f"{what}: got {actual!r}, wanted {wanted!r}")


def english_password(session, launch):
    app = launch()
    provider = Provider()

    ids = provider.initial(["password"])
    expect("the first result for password", ids[0], "checklist:login")
    for wanted in ("section:question-login", "contact:chat", "checklist:support-communication"):
        if wanted not in ids:
            raise JourneyError(f"{wanted} is not among the results for password: {ids}")
    if len(ids) != len(set(ids)):
        raise JourneyError(f"a result is listed twice: {ids}")

    # What the Shell shows for the results: the Shell asks right after the
    # search, and each says where it matched.
    metas = provider.metas(["checklist:login", "section:question-login", "contact:no-such-channel"])
    expect("the metas returned", sorted(metas), ["checklist:login", "section:question-login"])
    expect("the name of checklist:login", metas["checklist:login"]["name"], "Login problems")
    expect("the description of checklist:login", metas["checklist:login"]["description"],
           "Reset your password")
    expect("the name of section:question-login", metas["section:question-login"]["name"],
           "How do I deal with account login problems?")
    if "password" not in metas["section:question-login"]["description"]:
        raise JourneyError("the section's description does not show where it matched")
    if "icon" not in metas["checklist:login"]:
        raise JourneyError("the metas carry no icon")

    # A result the last search did not return still has a meta.
    other = provider.metas(["checklist:withdrawal"])
    expect("the name of checklist:withdrawal", other["checklist:withdrawal"]["name"], "Withdrawal blocked")

    # Typing on narrows the search to the results already shown.
    narrower = provider.subsearch(ids, ["reset", "your", "password"])
    expect("the results for reset your password", narrower, ["checklist:login"])
    expect("a subsearch among other results", provider.subsearch(["section:conclusion"], ["password"]), [])
    expect("the results for nothing known", provider.initial(["quantum"]), [])

    # Activating a result shows the application there: the checklist, at
    # the step that matched.
    provider.activate("checklist:login", ["password"])
    wait_until(lambda: header_title(app) == "Login problems", what="the login checklist")
    step = app.find(role="check box", name="Reset your password")
    wait_until(lambda: step.focused, what="the step that matched focused")

    provider.activate("section:question-withdrawal", ["withdraw"])
    wait_until(lambda: header_title(app) == "What should I do when I have trouble withdrawing money?",
               what="the withdrawal section")

    # The application's own search, with the terms.
    provider.launch_search(["error", "message"])
    entry = app.find(role="entry", name="Search the guide and checklists")
    wait_until(lambda: field_text(entry) == "error message",
               what="the terms in the application's search")
    wait_until(lambda: len(app.find(role="list", name="Search results").children) > 1,
               what="the application's search results")
    assert app.quit() == 0


def chinese_withdrawal(session, launch):
    app = launch(lang="zh_CN")
    provider = Provider()

    ids = provider.initial(["提现"])
    expect("the results for 提现", ids,
           ["section:question-withdrawal", "section:introduction", "checklist:withdrawal"])
    metas = provider.metas(ids)
    expect("the name of checklist:withdrawal", metas["checklist:withdrawal"]["name"], "提现受阻")
    expect("the name of the section", metas["section:question-withdrawal"]["name"], "提现困难时该如何处理？")
    if "提现" not in metas["section:introduction"]["description"]:
        raise JourneyError("the introduction's description does not show where it matched")

    # Full-width letters typed in the Shell find the same.
    expect("the results for ＯＫＰａｙ概述", provider.initial(["ＯＫＰａｙ概述"]), ["section:overview"])

    provider.activate("checklist:withdrawal", ["提现"])
    wait_until(lambda: header_title(app) == "提现受阻", what="the withdrawal checklist")

    # A channel result opens the guide where the channel is introduced.
    expect("the results for 热线电话", provider.initial(["热线电话"])[0], "contact:phone")
    provider.activate("contact:phone", ["热线电话"])
    wait_until(lambda: header_title(app) == "OKPay的客户支持渠道", what="the support channels section")
    find = app.find(role="entry", name="在页面中查找")
    wait_until(lambda: field_text(find) == "热线电话", what="the channel found in the page")
    assert app.quit() == 0


def name_has_owner():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                          "NameHasOwner", GLib.Variant("(s)", (BUS_NAME,)), GLib.VariantType("(b)"),
                          Gio.DBusCallFlags.NONE, 5000, None)
    return reply.unpack()[0]


def started_for_the_shell(session, launch):
    """As D-Bus starts it for the Shell (--gapplication-service): no window
    until a result is activated, and still there between the Shell's calls."""
    app = App(session)
    app.process = subprocess.Popen([APP_BINARY, "--gapplication-service"], env=app.env())
    try:
        wait_until(name_has_owner, timeout=40, what="the application on the session bus")
        provider = Provider()
        ids = provider.initial(["withdraw"])
        expect("the first result for withdraw", ids[0], "checklist:withdrawal")

        # The user reads, then types on: the application must still answer.
        time.sleep(3)
        if app.process.poll() is not None:
            raise JourneyError("the application exited between the Shell's calls")
        metas = provider.metas(ids)
        expect("the name of checklist:withdrawal", metas["checklist:withdrawal"]["name"],
               "Withdrawal blocked")

        provider.activate("checklist:withdrawal", ["withdraw"])

        def find_app():
            for node in tree.root.applications():
                try:
                    if node.name == APP_NAME and node.get_process_id() == app.process.pid:
                        return node
                except Exception:
                    continue
            return None

        app.node = wait_until(find_app, timeout=40, what="the application on the accessibility bus")
        wait_until(lambda: header_title(app) == "Withdrawal blocked",
                   what="the window at the withdrawal checklist")
        assert app.quit() == 0
    finally:
        app.stop()


run([
    ("english-password", english_password),
    ("chinese-withdrawal", chinese_withdrawal),
    ("started-for-the-shell", started_for_the_shell),
])
