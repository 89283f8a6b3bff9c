#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the fuzzers' seed corpora into fuzz/corpus/<target>/. Run once
after a change to the cases, and commit the files:

    fuzz/make-corpus.py

The progress-store corpus holds every bad-file case of the store's own
tests, read from the table in tests/test-progress-store.c, so the two never
drift apart; the rest are small valid and nearly valid inputs of each kind.
Files are named by what they hold; the content is all that matters to
libFuzzer. Files named regress-* are inputs that once made a fuzzer fail,
added by hand; this script leaves them alone."""

import os
import re
import sys

FUZZ = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(FUZZ)


def c_literals(text):
    """Decodes a run of adjacent C string literals into bytes."""
    out = bytearray()
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', text, re.S):
        i = 0
        while i < len(literal):
            c = literal[i]
            if c != "\\":
                out += c.encode("utf-8")
                i += 1
                continue
            e = literal[i + 1]
            if e == "x":
                m = re.match(r"[0-9a-fA-F]+", literal[i + 2:])
                out.append(int(m.group(0), 16) & 0xFF)
                i += 2 + len(m.group(0))
            elif e in "01234567":
                m = re.match(r"[0-7]{1,3}", literal[i + 1:])
                out.append(int(m.group(0), 8))
                i += 1 + len(m.group(0))
            else:
                out += {"n": b"\n", "t": b"\t", "r": b"\r", '"': b'"', "\\": b"\\",
                        "'": b"'", "?": b"?", "a": b"\a", "b": b"\b", "f": b"\f",
                        "v": b"\v"}[e]
                i += 2
    return bytes(out)


def store_test_cases():
    with open(os.path.join(TOP, "tests", "test-progress-store.c"), encoding="utf-8") as f:
        source = f.read()

    macros = {}
    for m in re.finditer(r'#define (\w+) \\\n((?:.*\\\n)*.*\n)', source):
        body = m.group(2)
        if '"' in body:
            macros[m.group(1)] = c_literals(body)

    table = re.search(r"static const BadFile bad_files\[\] = \{(.*?)\n\};", source, re.S).group(1)
    cases = {}
    for m in re.finditer(r'\{ "([\w-]+)",\s*(.*?),\s*([^,]+),\s*"([\w-]+)" \}', table, re.S):
        name, data_expr, length_expr, reason = m.groups()
        data = macros[data_expr.strip()] if data_expr.strip() in macros else c_literals(data_expr)
        data += b"\0"  # the literal's own terminator, which an explicit length may include
        length_expr = length_expr.strip()
        if length_expr == "-1":
            length = data.index(b"\0") if b"\0" in data else len(data)
        elif re.fullmatch(r"\d+", length_expr):
            length = int(length_expr)
        else:
            sizeof = re.fullmatch(r"\(sizeof (\w+) - 1\) / 2", length_expr)
            length = len(macros[sizeof.group(1)]) // 2
        cases[f"bad-{name}"] = data[:length]

    if len(cases) < 40:
        sys.exit(f"only {len(cases)} bad-file cases found in tests/test-progress-store.c")
    for name, body in macros.items():
        cases[f"macro-{name.lower().replace('_', '-')}"] = body
    return cases


VALID = b"""{
  "version" : 1,
  "checklists" : {
    "login" : {
      "steps" : {
        "reset-password" : { "done" : true, "changed" : "2026-11-26T10:00:00Z" },
        "check-network" : { "done" : false, "changed" : "2026-11-26T10:05:12+08:00" }
      },
      "notes" : { "error-message" : "Account locked, try again in 30 minutes" },
      "solved" : false,
      "started" : "2026-11-26T10:00:00Z",
      "updated" : "2026-11-26T10:05:12Z"
    }
  }
}
"""

PROGRESS_EXTRA = {
    "valid": VALID,
    "valid-minimal": b'{"version":1}',
    "valid-unknown-members": b'{"version":1,"written-by":"9.0","checklists":{"old":{"x":[1,2.5e3,null]},'
                             b'"login":{"steps":{"gone":{"done":true,"skipped":{"a":[]}}},"priority":3}}}',
    "valid-escapes": '{"version":1,"checklists":{"login":{"notes":{"error-message":'
                     '"\\u8d26\\u6237 \\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t 账户已锁定"}}}}'.encode(),
    "valid-all-checklists": (b'{"version":1,"checklists":{' + b",".join(
        b'"%s":{"solved":true,"steps":{"a":{"done":true}}}' % i.encode()
        for i in ["login", "transaction-failed", "funds-delayed", "withdrawal",
                  "identity-verification", "support-communication"]) + b"}}"),
    "newer-version": b'{"version":2,"checklists":{"login":{"steps":{"a":{"done":true}}}}}',
    "newer-version-other-shape": b'{"version":7,"checklists":[1,2,3]}',
    "deeply-nested": b'{"version":1,"x":' + b"[" * 65 + b"]" * 65 + b"}",
    "moderately-nested": b'{"version":1,"x":' + b"[" * 60 + b"]" * 60 + b"}",
    "numbers": b'{"version":1,"x":[0,-0,1E5,1e-300,-1.5e+300,9223372036854775807,-9223372036854775808]}',
}


def guide_corpus():
    with open(os.path.join(TOP, "resources", "guide", "guide.xml"), "rb") as f:
        real = f.read()
    small = b"""<guide>
  <group id="questions"><title>Questions</title></group>
  <section id="intro" group="questions" checklist="login">
    <title>Intro &amp; more</title>
    <p>Text with <em>inline</em> parts &lt;b&gt; and "quotes".</p>
    <ul><li>one</li><li>two</li></ul>
    <ol><li>first</li></ol>
    <h2 channel="email">By email</h2>
    <p>Write to us.</p>
  </section>
  <checklist id="login" section="intro">
    <title>Login problems</title>
    <summary>You cannot log in.</summary>
    <step id="reset-password"><title>Reset</title><detail>How.</detail><fallback>Else.</fallback></step>
    <field id="error-message" multiline="true"><label>Error</label><hint>e.g.</hint></field>
  </checklist>
  <channel id="email" kind="email"><title>Email</title><when>Any time</when>
    <expect>A day</expect><ready>Your id</ready></channel>
</guide>
"""
    return {
        "real-guide": real,
        "small": small,
        "script-in-text": small.replace(b"Write to us.", b"&lt;script&gt;alert(1)&lt;/script&gt; <![CDATA[<img src=x onerror=y>]]>"),
        "dangling-checklist": small.replace(b'checklist="login"', b'checklist="nope"'),
        "bad-id": small.replace(b'id="intro"', b'id="a b&quot;c"'),
        "empty": b"<guide/>",
        "not-xml": b"<guide><section",
    }


def uri_corpus():
    def join(*parts):
        return b"\0".join(p.encode() for p in parts)

    endpoints = ("[Endpoints]\nemail=support@example.com\nchat-url=https://example.com/chat\n"
                 "chat-hours=24/7\nphone=+1 (555) 123-4567\nphone-hours=9-17\n"
                 "facebook-url=https://facebook.com/x\ntwitter-url=https://twitter.com/x\n")
    return {
        "email": join("support@example.com", "Login problems", "Line 1\nLine 2\r\nLine 3\r", endpoints),
        "email-chinese": join("help@okpay.example", "登录问题", "账户已锁定\n交易号 123&x=y#z%20", ""),
        "phone": join("+1 (555) 123-4567", "", "", "[Endpoints]\nphone=+86 400 123 4567\n"),
        "https": join("https://example.com/chat?x=1#y", "", "", "[Endpoints]\nchat-url=javascript:alert(1)\n"),
        "bad-scheme": join("javascript:alert(1)", "s", "b", "[Endpoints]\nemail=a@b.c?cc=evil@x.y\n"),
        "mailto": join("mailto:a@b.example?subject=Hi%20there&body=x%0D%0Ay", "", "", "not a key file"),
        "empty": b"",
    }


def case_summary_corpus():
    # Actions: op, checklist, argument; see fuzz-case-summary.c.
    ticks = bytes([0, 0, 0, 0, 0, 2, 1, 0, 2, 3, 0, 1])
    note = bytes([2, 0, 12]) + "账户已锁定!".encode()[:12]
    clock = bytes([4, 0, 0]) + (2 ** 62).to_bytes(8, "little")
    negative = bytes([4, 0, 0]) + (2 ** 64 - 5).to_bytes(8, "little") + bytes([0, 1, 1])
    return {
        "ticks": ticks,
        "note": note + ticks,
        "far-future": clock + ticks,
        "before-1970": negative,
        "progress-file": VALID,
    }


def progress_merge_corpus():
    # The file loaded, NUL, the file another process writes meanwhile, NUL,
    # this store's own changes (see fuzz-progress-merge.c).
    base = (b'{"version":1,"checklists":{"login":{"steps":{"reset-password":{"done":true,'
            b'"changed":"2026-11-26T10:00:00Z"}},"updated":"2026-11-26T10:00:00Z"}}}')
    theirs = (b'{"version":1,"extra":1,"checklists":{"login":{"steps":{"reset-password":'
              b'{"done":true,"changed":"2026-11-26T10:00:00Z"},"check-browser":{"done":true,'
              b'"changed":"2026-11-26T11:00:00Z"}},"updated":"2026-11-26T11:00:00Z"},'
              b'"withdrawal":{"solved":true}}}')
    unticked = theirs.replace(b'"reset-password":{"done":true', b'"reset-password":{"done":false')
    reset = b'{"version":1,"checklists":{"login":{"updated":"2026-11-26T12:00:00Z"}}}'
    return {
        "both-tick": base + b"\0" + theirs + b"\0" + bytes([2, 3]),
        "other-unticks": base + b"\0" + unticked + b"\0" + bytes([1]),
        "newer": base + b"\0" + b'{"version":2}' + b"\0" + bytes([0]),
        "garbage": base + b"\0" + b'{"version":1,' + b"\0" + bytes([0]),
        "same": base + b"\0" + base + b"\0" + bytes([0x82]),
        "reset-other": base + b"\0" + reset + b"\0" + bytes([4]),
        "valid-with-valid": VALID + b"\0" + base + b"\0" + bytes([5, 0x85]),
    }


def write(target, files):
    directory = os.path.join(FUZZ, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    # regress-* files are inputs the fuzzers once crashed on, kept by hand.
    for name in os.listdir(directory):
        if not name.startswith("regress-"):
            os.unlink(os.path.join(directory, name))
    for name, data in sorted(files.items()):
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(files)} files")


def main():
    progress = store_test_cases()
    progress.update(PROGRESS_EXTRA)
    write("progress-store", progress)
    write("progress-merge", progress_merge_corpus())
    guide = guide_corpus()
    write("guide", guide)
    write("renderer", guide)
    write("channel-uri", uri_corpus())
    summary = case_summary_corpus()
    summary.update({k: v for k, v in progress.items() if v.startswith(b"{")})
    write("case-summary", summary)


if __name__ == "__main__":
    main()
