#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`okpay-help --export-checklist` with notes as long as users write them:
a 59 KB note, 8,000 lines, a 400 KB paragraph, a 1 MB note, a long Chinese
paragraph. Every word must reach the paper, once and in order, and no line
may be drawn over another; text that cannot fit the paper is an error,
never a PDF with text missing. (How long it takes is measured by the
benchmarks, not here.)

usage: test_export_long.py OKPAY-HELP   (environment from tests/meson.build)
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_export_cli import (Home, assert_nothing_left, check, pdf_info,  # noqa: E402
                             results, squeeze, title_lines)


# The renderer's margins (src/core/okp-checklist-printer.c): the body of a
# page lies between them, the running header and the page number outside.
MARGIN_TOP = 76.0
MARGIN_BOTTOM = 66.0


def body_text(path):
    """The text of every page's body, without the running header and the
    page numbers, in reading order."""
    pages, width, height = pdf_info(path)
    top, bottom = MARGIN_TOP - 12, height - MARGIN_BOTTOM + 8
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-x", "0", "-y", str(int(top)),
                           "-W", str(int(width)), "-H", str(int(bottom - top)), path, "-"],
                          capture_output=True, text=True, check=True).stdout


def assert_no_overlap(path):
    """No line is drawn over another: on each page, the lines of text do
    not share height."""
    by_page = {}
    _pages, _width, height = pdf_info(path)
    for page, _x_min, y_min, y_max, text in title_lines(path):
        # The body: the running header has two lines side by side.
        if y_min >= MARGIN_TOP - 12 and y_max <= height - MARGIN_BOTTOM + 8:
            by_page.setdefault(page, []).append((y_min, y_max, text))
    for page, lines in by_page.items():
        lines.sort()
        for (a_min, a_max, a_text), (b_min, b_max, b_text) in zip(lines, lines[1:]):
            assert b_min >= a_max - 1.0, \
                f"page {page}: {a_text[:30]!r} and {b_text[:30]!r} drawn over each other"


def long_note(kind):
    """A note of the kind the issue names, of numbered words: each must
    reach the paper once, in its place."""
    if kind == "59 KB":
        return " ".join(f"w{i:05d}" for i in range(9800))
    if kind == "8,000 lines":
        return "\n".join(f"line{i:04d} a{i:04d}" for i in range(8000))
    if kind == "400 KB paragraph":
        return " ".join(f"p{i:06d}" for i in range(50000))
    if kind == "1 MB":
        paragraphs, n = [], 0
        while n < 125000:
            size = 40 + (n * 7919) % 400
            paragraphs.append(" ".join(f"m{j:06d}" for j in range(n, n + size)))
            n += size
        return "\n\n".join(paragraphs)
    if kind == "Chinese paragraph":
        return "".join(f"交易{i:05d}号。" for i in range(12000))
    raise ValueError(kind)


def test_long_notes():
    """Long notes are exported whole: every word of the note on the paper,
    in order, no line over another, each note field continued over as many
    pages as it needs."""
    kinds = ["59 KB", "8,000 lines", "400 KB paragraph", "1 MB", "Chinese paragraph"]
    for kind in kinds:
        home = Home()
        try:
            note = long_note(kind)
            home.write_progress({"login": {"notes": {"error-message": note,
                                                     "account": "short note"}}})
            output = os.path.join(home.out, "long.pdf")
            result = home.run("--export-checklist", "login", "--output", output)
            assert result.returncode == 0, f"{kind}: exit {result.returncode}: {result.stderr}"
            body = body_text(output)
            words = note.split()
            found = set(re.findall(r"[A-Za-z]+\d+", body))
            missing = [w for w in words if w not in found] if words[0][0].isascii() else []
            assert not missing, \
                f"{kind}: {len(missing)} of {len(words)} words missing, first {missing[:3]}"
            assert squeeze(note) in squeeze(body), f"{kind}: the note is not whole and in order"
            assert "short note" in body, f"{kind}: the next field is missing"
            assert_no_overlap(output)
        finally:
            home.cleanup()


def test_unbreakable_line_fails():
    """Text that cannot be broken to fit the paper is an error, never a PDF
    with text missing."""
    home = Home()
    try:
        # One grapheme: emoji joined by zero-width joiners, far wider than
        # the paper, and no place to break it.
        joined = "\U0001F44D\u200d" * 300 + "\U0001F44D"
        home.write_progress({"login": {"notes": {"error-message": f"x {joined} y"}}})
        output = os.path.join(home.out, "x.pdf")
        result = home.run("--export-checklist", "login", "--output", output)
        assert result.returncode == 1, f"exit {result.returncode}: {result.stderr}"
        assert result.stderr.strip(), "no message"
        assert_nothing_left(home.out, [])

        # Nor an empty document on standard output.
        result = subprocess.run([sys.argv[1], "--export-checklist", "login", "--output", "-"],
                                env=home.env(), capture_output=True, timeout=600)
        assert result.returncode == 1, f"--output -: exit {result.returncode}"
        assert result.stdout == b"", f"--output -: {len(result.stdout)} bytes written"
    finally:
        home.cleanup()


def main():
    check("long notes reach the paper whole", test_long_notes)
    check("a line that cannot fit is an error", test_unbreakable_line_fails)

    print(f"1..{len(results)}")
    for number, (ok, name, message) in enumerate(results, start=1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        for line in message.splitlines():
            print(f"# {line}")
    return 0 if all(ok for ok, _n, _m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
