# SPDX-License-Identifier: GPL-3.0-or-later
"""The guide as a person uses it: pick sections in the sidebar, in English
and in Chinese, and find the last one again after a restart."""

from harness import run, wait_until


def header_title(app):
    """The title the content header shows: the AdwWindowTitle's label that
    is not the sidebar's application name."""
    titles = [n for n in app.find_all(role="label")
              if n.parent is not None and n.parent.parent is not None
              and n.parent.parent.name == "AdwWindowTitle" and n.name != "OKPay Help"]
    return titles[0].name if titles else None


def sidebar_choose_section(session, launch):
    app = launch()
    sidebar = app.find(role="list", name="Guide and checklists")
    expected = ["Introduction", "OKPay overview", "Common OKPay problems",
                "OKPay customer support channels",
                "How do I deal with account login problems?", "Conclusion"]
    for title in expected:
        app.find(role="list item", name=title, root=sidebar)

    app.click(app.find(role="list item", name="Conclusion", root=sidebar))
    wait_until(lambda: header_title(app) == "Conclusion", what="the Conclusion page")

    app.click(app.find(role="list item", name="How do I resolve a failed transaction?", root=sidebar))
    wait_until(lambda: header_title(app) == "How do I resolve a failed transaction?",
               what="the failed transaction page")
    assert app.quit() == 0

    # The section last shown comes back.
    again = launch()
    wait_until(lambda: header_title(again) == "How do I resolve a failed transaction?",
               what="the last section after a restart")
    assert again.quit() == 0


def chinese_sidebar(session, launch):
    app = launch(lang="zh_CN")
    sidebar = app.find(role="list", name="指南和检查清单")
    for title in ["引言", "OKPay概述", "OKPay常见问题", "OKPay的客户支持渠道",
                  "如何处理账户登录问题？", "如何解决交易失败的情况？", "提现困难时该如何处理？",
                  "身份验证失败怎么办？", "如何提高与客服的沟通效率？", "结论"]:
        app.find(role="list item", name=title, root=sidebar)
    app.find(role="label", name="可能相关的问题")

    app.click(app.find(role="list item", name="结论", root=sidebar))
    wait_until(lambda: header_title(app) == "结论", what="the Chinese conclusion page")
    assert app.quit() == 0


def section_option(session, launch):
    app = launch(args=["--section", "support-channels"])
    wait_until(lambda: header_title(app) == "OKPay customer support channels",
               what="the section given on the command line")
    assert app.quit() == 0

    # An unknown id opens the first section rather than failing.
    app = launch(args=["--section", "no-such-section"])
    wait_until(lambda: header_title(app) == "Introduction", what="the first section")
    assert app.quit() == 0


run([
    ("sidebar-choose-section", sidebar_choose_section),
    ("chinese-sidebar", chinese_sidebar),
    ("section-option", section_option),
])
