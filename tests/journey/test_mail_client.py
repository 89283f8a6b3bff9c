# SPDX-License-Identifier: GPL-3.0-or-later
"""A real mail program handed the application's mailto: URIs.

Claws Mail, Debian's package, runs in a private home with one dummy
account that sends to a closed port on 127.0.0.1 and receives nothing, so
nothing leaves the machine. It is the desktop's mailto: handler (a
mimeapps.list in the private XDG_CONFIG_HOME), and the URI is opened with
`gio open`, through the same GLib lookup the application uses when there is
no portal. The URI is built by the application's own code
(tests/mailto-case-helper, which calls okp_mail_case_body(): the body is
cut to keep the URI within the safe length, and ends saying the rest is on
the clipboard).

What the mail program received is read back from the mail program itself:
its compose window is saved as a draft (Ctrl+S, sent to that window with
xdotool) and the draft file is read from its MH folder and parsed with
Python's email package. English, Chinese and a long Chinese case, each
with Claws Mail already running and not, and a long English case with it
running (where a long URI once arrived with an empty body).
"""

import email
import email.policy
import json
import os
import shutil
import signal
import subprocess
import time

from harness import BUILDDIR, JourneyError, run, wait_until

CLAWS = shutil.which("claws-mail") or "/usr/bin/claws-mail"
HELPER = os.path.join(BUILDDIR, "tests", "mailto-case-helper")
SUPPORT = "help@okpay.example"
STEP = 30.0  # the bound on every wait, in seconds

CONTINUATION = {
    "en": "The rest of this summary is on your clipboard: paste it here.",
    "zh": "摘要的其余部分已复制到剪贴板：请粘贴在这里。",
}

ACCOUNTRC = """[Account: 1]
account_name=Support test
is_default=1
name=OKPay User
address=user@example.invalid
protocol=6
receive_server=
smtp_server=127.0.0.1
smtp_port=9
"""

# An MH mailbox with the folders Claws Mail needs, so it starts without
# its first-run wizard.
FOLDERLIST = """<?xml version="1.0" encoding="UTF-8"?>
<folderlist>
<folder type="mh" name="Mailbox" path="Mail" collapsed="0">
<folderitem type="inbox" name="inbox" path="inbox"/>
<folderitem type="outbox" name="sent" path="sent"/>
<folderitem type="queue" name="queue" path="queue"/>
<folderitem type="draft" name="draft" path="draft"/>
<folderitem type="trash" name="trash" path="trash"/>
</folder>
</folderlist>
"""

# No spell checker (a missing dictionary opens an error dialog), and no
# re-wrapping of long lines as they arrive: the body is checked as sent.
CLAWSRC = """[Common]
enable_aspell=0
check_while_typing=0
linewrap_auto=0
linewrap_pastes=0
"""


class Claws:
    """Claws Mail in a home of its own."""

    def __init__(self, session, name, lang):
        self.home = os.path.join(session.root, name)
        rc = os.path.join(self.home, ".claws-mail")
        self.drafts = os.path.join(self.home, "Mail", "draft")
        os.makedirs(rc)
        for folder in ("inbox", "sent", "queue", "draft", "trash"):
            os.makedirs(os.path.join(self.home, "Mail", folder))
        for name_, text in (("accountrc", ACCOUNTRC), ("folderlist.xml", FOLDERLIST),
                            ("clawsrc", CLAWSRC)):
            with open(os.path.join(rc, name_), "w", encoding="utf-8") as f:
                f.write(text)

        config = os.path.join(self.home, ".config")
        runtime = os.path.join(self.home, "run")
        os.makedirs(config)
        os.makedirs(runtime, mode=0o700)
        with open(os.path.join(config, "mimeapps.list"), "w", encoding="utf-8") as f:
            f.write("[Default Applications]\nx-scheme-handler/mailto=claws-mail.desktop\n")

        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": config,
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "XDG_RUNTIME_DIR": runtime,
        })
        if lang == "zh":
            self.env.update({"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN", "LC_ALL": "zh_CN.UTF-8"})
        else:
            self.env.update({"LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8"})
        self.started = None

    def windows(self):
        found = subprocess.run(["xdotool", "search", "--class", "claws-mail"],
                               capture_output=True, text=True, timeout=STEP)
        result = []
        for wid in found.stdout.split():
            name = subprocess.run(["xdotool", "getwindowname", wid],
                                  capture_output=True, text=True, timeout=STEP)
            result.append((wid, name.stdout.rstrip("\n")))
        return result

    def start(self):
        """Starts it with no URI, as a user who reads mail would have."""
        self.started = subprocess.Popen([CLAWS], env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_until(lambda: any("Support test" in name for _, name in self.windows()),
                   STEP, what="the Claws Mail main window")

    def compose_window(self, subject):
        def find():
            for wid, name in self.windows():
                if subject in name:
                    return wid
            return None
        return wait_until(find, STEP, what=f"a compose window for {subject!r}")

    def save_draft(self, window):
        """Ctrl+S in the compose window: Claws Mail saves it to Drafts."""
        subprocess.run(["xdotool", "windowfocus", "--sync", window],
                       check=True, timeout=STEP)
        subprocess.run(["xdotool", "key", "--window", window, "--clearmodifiers", "ctrl+s"],
                       check=True, timeout=STEP)

        def draft():
            names = [n for n in os.listdir(self.drafts) if n.isdigit()]
            if len(names) != 1:
                return None
            path = os.path.join(self.drafts, names[0])
            with open(path, "rb") as f:
                data = f.read()
            # Written in one go, but be sure the body is there.
            return data if b"\n\n" in data else None
        return wait_until(draft, STEP, what="the draft in the MH folder")

    def pid(self):
        for wid, _ in self.windows():
            out = subprocess.run(["xdotool", "getwindowpid", wid],
                                 capture_output=True, text=True, timeout=STEP)
            if out.returncode == 0 and out.stdout.strip().isdigit():
                return int(out.stdout.strip())
        return None

    def quit(self):
        pid = self.pid()
        subprocess.run([CLAWS, "--exit"], env=self.env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=STEP)

        def gone():
            if pid is None:
                return True
            try:
                with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
                    return f.read().split(") ", 1)[1].startswith("Z")
            except FileNotFoundError:
                return True
        try:
            wait_until(gone, STEP, what="Claws Mail to exit")
        finally:
            if pid is not None and not gone():
                os.kill(pid, signal.SIGKILL)
            if self.started is not None:
                self.started.wait(STEP)


def build_case(session, name, lang, subject, summary):
    """The URI and body the application makes for this case."""
    path = os.path.join(session.root, f"{name}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(summary)
    env = dict(os.environ)
    if lang == "zh":
        env.update({"LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN", "LC_ALL": "zh_CN.UTF-8"})
    else:
        env.update({"LANG": "en_US.UTF-8", "LANGUAGE": "en", "LC_ALL": "en_US.UTF-8"})
    out = subprocess.run([HELPER, SUPPORT, subject, path], env=env, capture_output=True,
                         text=True, timeout=STEP, check=True)
    return json.loads(out.stdout)


def read_draft(data):
    message = email.message_from_bytes(data, policy=email.policy.default)
    return str(message["subject"]), str(message["to"]), message.get_content()


def check(session, name, lang, subject, summary, running, long_case=False):
    case = build_case(session, name, lang, subject, summary)
    if len(case["uri"].encode()) > 2000:
        raise JourneyError(f"{name}: the mailto: URI is {len(case['uri'])} bytes long")
    if long_case:
        if case["rest"] != "clipboard" or not case["body"].endswith(CONTINUATION[lang]):
            raise JourneyError(f"{name}: the long case was not cut with its continuation")
    elif case["body"] != summary:
        raise JourneyError(f"{name}: the summary was changed though it fits")

    claws = Claws(session, name, lang)
    try:
        if running:
            claws.start()
        subprocess.run(["gio", "open", case["uri"]], env=claws.env, check=True, timeout=STEP,
                       stdout=subprocess.DEVNULL)
        window = claws.compose_window(subject)
        got_subject, got_to, got_body = read_draft(claws.save_draft(window))
    finally:
        claws.quit()

    if got_subject != subject:
        raise JourneyError(f"{name}: subject {got_subject!r}, expected {subject!r}")
    if got_to != SUPPORT:
        raise JourneyError(f"{name}: recipient {got_to!r}, expected {SUPPORT!r}")
    # A text body ends with a line break in the file; nothing else differs.
    expected = case["body"].replace("\r\n", "\n").rstrip("\n")
    if got_body.rstrip("\n") != expected:
        raise JourneyError(f"{name}: the body differs: got {len(got_body)} characters "
                           f"starting {got_body[:80]!r}, expected {len(expected)} "
                           f"starting {expected[:80]!r}")


ENGLISH = ("Problem: Failed transaction\n"
           "Progress: 2 of 6 steps done\n\n"
           "Steps tried:\n"
           "✓ Check the card's limit (3 Dec 2026, 14:05)\n\n"
           "Transaction ID: TX-2026-0042\n"
           "Amount: 120.00 €, café “Crème”\n"
           "Error text: Payment declined (E51) & retry failed; 100% sure.\n")

CHINESE = ("问题：交易失败\n"
           "进度：已完成 2/6 步\n\n"
           "已尝试的步骤：\n"
           "✓ 检查银行卡限额（2026年12月3日 14:05）\n\n"
           "交易编号：TX-2026-0042\n"
           "金额：120.00 元\n"
           "错误提示：“支付被拒绝（E51）”，重试也失败了。\n")


def long_chinese():
    lines = ["问题：提现受阻", "进度：已完成 3/6 步", "", "备注："]
    note = "提现 120.00 元两次被拒，客服让我等待审核，已等了五天，请帮忙查看。"
    written = 0
    while written < 20000:
        lines.append(note)
        written += len(note)
    return "\n".join(lines) + "\n"


def long_english():
    lines = ["Problem: Withdrawal blocked", "Progress: 3 of 6 steps done", "", "Notes:"]
    note = "The withdrawal of 120.00 € was refused twice; support asked me to wait."
    written = 0
    while written < 20000:
        lines.append(note)
        written += len(note)
    return "\n".join(lines) + "\n"


def journey(name, lang, subject, summary, running, long_case=False):
    def body(session, launch):
        check(session, name, lang, subject, summary, running, long_case)
    return (name, body)


if __name__ == "__main__":
    run([
        journey("english-running", "en", "Failed transaction – case for support", ENGLISH, True),
        journey("english-not-running", "en", "Failed transaction – case for support", ENGLISH, False),
        journey("chinese-running", "zh", "交易失败——提交给客服的问题", CHINESE, True),
        journey("chinese-not-running", "zh", "交易失败——提交给客服的问题", CHINESE, False),
        journey("long-english-running", "en", "Withdrawal blocked", long_english(), True,
                long_case=True),
        journey("long-chinese-running", "zh", "提现受阻", long_chinese(), True, long_case=True),
        journey("long-chinese-not-running", "zh", "提现受阻", long_chinese(), False, long_case=True),
    ])
