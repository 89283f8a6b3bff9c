#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`okpay-help --export-checklist ID|all --output FILE.pdf`, as a script
runs it: no display, the saved progress read from a progress.json written
here (docs/progress-format.md) and never changed, the paper of the locale,
and the exit status and message for each kind of failure, with nothing
left behind. The PDF is read back with poppler's tools: its text, its page
size, and the check boxes as drawn (pdftotext -bbox-layout finds each
step's title, pdftoppm renders the page, and the pixels left of the title
say whether its box is filled).

usage: test_export_cli.py OKPAY-HELP   (environment from tests/meson.build)
"""

import gettext
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PROGRAM = sys.argv[1]
SRCDIR = os.path.dirname(os.path.abspath(__file__))
GUIDE = os.path.join(SRCDIR, "..", "resources", "guide", "guide.xml")
APP_ID = "io.github.okpayhelp.OKPayHelp"
CHECKLIST_IDS = ["login", "transaction-failed", "funds-delayed", "withdrawal",
                 "identity-verification", "support-communication"]
CHINESE = os.environ.get("OKP_EXPECT_LANGUAGE") == "zh-CN"

# The renderer's page geometry (src/core/okp-checklist-printer.c): step
# titles start STEP_INDENT after the margin, the box is BOX_SIZE square.
STEP_INDENT = 22.0
BOX_SIZE = 11.0
DPI = 144
SCALE = DPI / 72.0

results = []


def check(name, function):
    """Runs one test. Anything it raises fails that test alone, with the
    reason in the TAP output: a tool that fails or an export that hangs
    must say so rather than end the script with no output."""
    try:
        function()
        results.append((True, name, ""))
    except AssertionError as error:
        results.append((False, name, str(error)))
    except Exception as error:  # noqa: BLE001
        results.append((False, name, f"{type(error).__name__}: {error}"))


def normalize(text):
    return " ".join(text.split())


def squeeze(text):
    return "".join(text.split())


def translator():
    if not CHINESE:
        return gettext.NullTranslations()
    return gettext.translation("okpay-help", os.environ["OKP_LOCALEDIR"], languages=["zh_CN"])


TRANSLATION = translator()


def load_guide():
    """The checklists as the program shows them: the English source strings
    of the content file, translated with the built catalog, as the loader
    does."""
    root = ET.parse(GUIDE).getroot()
    checklists = {}
    for checklist in root.findall("checklist"):
        steps = []
        for step in checklist.findall("step"):
            steps.append((step.get("id"), TRANSLATION.gettext(normalize(step.findtext("title")))))
        fields = [(field.get("id"), TRANSLATION.gettext(normalize(field.findtext("label"))))
                  for field in checklist.findall("field")]
        checklists[checklist.get("id")] = {
            "title": TRANSLATION.gettext(normalize(checklist.findtext("title"))),
            "steps": steps,
            "fields": fields,
        }
    return checklists


GUIDE_CHECKLISTS = load_guide()


class Home:
    """A user of their own: data and config folders, and a folder to save in."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="okp-export-")
        self.data = os.path.join(self.root, "data")
        self.out = os.path.join(self.root, "out")
        os.makedirs(self.out)
        self.progress = os.path.join(self.data, APP_ID, "progress.json")

    def env(self):
        env = dict(os.environ)
        env["XDG_DATA_HOME"] = self.data
        env["XDG_CONFIG_HOME"] = os.path.join(self.root, "config")
        env["HOME"] = self.root
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        return env

    def write_progress(self, checklists):
        os.makedirs(os.path.dirname(self.progress), mode=0o700, exist_ok=True)
        with open(self.progress, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "checklists": checklists}, f, ensure_ascii=False)
        os.chmod(self.progress, 0o600)

    def run(self, *args):
        return subprocess.run([PROGRAM, *args], env=self.env(), capture_output=True,
                              text=True, timeout=600)

    def cleanup(self):
        for path, dirs, _files in os.walk(self.root):
            for d in dirs:
                os.chmod(os.path.join(path, d), 0o700)
        shutil.rmtree(self.root)


def pdf_text(path, page=None, *extra):
    args = ["pdftotext", "-enc", "UTF-8", *extra]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(args + [path, "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_info(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
    return pages, float(size.group(1)), float(size.group(2))


def render(path, page, directory):
    prefix = os.path.join(directory, "page")
    subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page),
                    "-singlefile", path, prefix], check=True)
    with open(prefix + ".pgm", "rb") as f:
        data = f.read()
    os.unlink(prefix + ".pgm")
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end():]


def title_lines(path):
    """Every line of text with its page and box, from pdftotext -bbox-layout."""
    out = pdf_text(path, None, "-bbox-layout")
    lines = []
    for page_number, page in enumerate(re.findall(r"<page .*?</page>", out, re.S), start=1):
        for line in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            attrs = dict(re.findall(r'(\w+)="([\d.]+)"', line[0]))
            words = re.findall(r"<word [^>]*>(.*?)</word>", line[1], re.S)
            text = "".join(words)
            for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"),
                                 ("&quot;", '"'), ("&apos;", "'")):
                text = text.replace(entity, char)
            lines.append((page_number, float(attrs["xMin"]), float(attrs["yMin"]),
                          float(attrs["yMax"]), text))
    return lines


def box_state(picture, x_min, y_min, y_max):
    """Whether the check box left of a title line (its left edge at x_min)
    is drawn ticked (filled) or not (an outline), from the pixels."""
    width, height, pixels = picture
    x0, x1 = int((x_min - STEP_INDENT - 1) * SCALE), int((x_min - 1) * SCALE)
    y0, y1 = int((y_min - 3) * SCALE), int((y_max + 3) * SCALE)
    dark = [(x, y) for y in range(y0, y1) for x in range(x0, x1)
            if pixels[y * width + x] < 128]
    assert dark, "no check box left of the step title"
    bx0, bx1 = min(x for x, _ in dark), max(x for x, _ in dark)
    by0, by1 = min(y for _, y in dark), max(y for _, y in dark)
    side_x, side_y = (bx1 - bx0 + 1) / SCALE, (by1 - by0 + 1) / SCALE
    assert abs(side_x - BOX_SIZE) < 1.5 and abs(side_y - BOX_SIZE) < 1.5, \
        f"the mark left of the title is {side_x:.1f} × {side_y:.1f} pt, not a check box"
    inset = int(2 * SCALE)
    inside = [pixels[y * width + x] < 128
              for y in range(by0 + inset, by1 - inset + 1)
              for x in range(bx0 + inset, bx1 - inset + 1)]
    fraction = sum(inside) / len(inside)
    assert fraction > 0.45 or fraction < 0.05, f"a check box {fraction:.0%} filled"
    return fraction > 0.45


def read_marks(path, checklist_id):
    """Step id → ticked, read from the drawn boxes."""
    lines = title_lines(path)
    marks = {}
    pictures = {}
    with tempfile.TemporaryDirectory() as directory:
        for step_id, title in GUIDE_CHECKLISTS[checklist_id]["steps"]:
            wanted = squeeze(title)
            found = [line for line in lines if line[4] and
                     (wanted.startswith(squeeze(line[4])) and len(squeeze(line[4])) >= min(len(wanted), 6))]
            assert found, f"step title {title!r} not found in the PDF"
            page, x_min, y_min, y_max, _text = found[0]
            if page not in pictures:
                pictures[page] = render(path, page, directory)
            marks[step_id] = box_state(pictures[page], x_min, y_min, y_max)
    return marks


def expected_paper():
    # en_US says Letter; Chinese, like most of the world, A4.
    return (612.0, 792.0) if os.environ.get("LC_ALL", os.environ.get("LANG", "")).startswith("en_US") \
        else (595.276, 841.89)


def test_each_checklist():
    home = Home()
    try:
        for checklist_id in CHECKLIST_IDS:
            checklist = GUIDE_CHECKLISTS[checklist_id]
            steps = checklist["steps"]
            ticked = {steps[0][0], steps[-2][0]}
            note_field = checklist["fields"][0][0]
            note = f"Case 8812-{checklist_id} 交易 4711"
            home.write_progress({checklist_id: {
                "steps": {step_id: {"done": True, "changed": "2026-03-01T08:00:00Z"}
                          for step_id in ticked},
                "notes": {note_field: note},
            }})
            with open(home.progress, "rb") as f:
                before = f.read()
            mtime = os.stat(home.progress).st_mtime_ns
            output = os.path.join(home.out, f"{checklist_id}.pdf")

            result = home.run("--export-checklist", checklist_id, "--output", output)
            assert result.returncode == 0, f"{checklist_id}: exit {result.returncode}: {result.stderr}"

            pages, width, height = pdf_info(output)
            paper = expected_paper()
            assert abs(width - paper[0]) < 1 and abs(height - paper[1]) < 1, \
                f"{checklist_id}: paper {width} × {height}, expected {paper}"

            text = squeeze(pdf_text(output))
            assert squeeze(checklist["title"]) in text, f"{checklist_id}: no title"
            for _step_id, title in steps:
                assert squeeze(title) in text, f"{checklist_id}: no step {title!r}"
            progress = TRANSLATION.ngettext("%u of %u step done", "%u of %u steps done",
                                            len(steps)) % (2, len(steps))
            assert squeeze(progress) in text, f"{checklist_id}: no progress line {progress!r}"
            assert squeeze(note) in text, f"{checklist_id}: the note is missing"
            for _field_id, label in checklist["fields"]:
                assert squeeze(label) in text, f"{checklist_id}: no field {label!r}"
            for page in range(1, pages + 1):
                assert squeeze(f"{page} / {pages}") in squeeze(pdf_text(output, page)), \
                    f"{checklist_id}: page {page} has no number"

            marks = read_marks(output, checklist_id)
            assert {s for s, done in marks.items() if done} == ticked, \
                f"{checklist_id}: ticked as drawn {sorted(s for s, d in marks.items() if d)}, " \
                f"saved {sorted(ticked)}"

            # Read, never written.
            with open(home.progress, "rb") as f:
                assert f.read() == before, "the progress file changed"
            assert os.stat(home.progress).st_mtime_ns == mtime, "the progress file was written"
            assert sorted(os.listdir(os.path.dirname(home.progress))) == ["progress.json"], \
                "files appeared beside the progress file"
    finally:
        home.cleanup()


def test_all():
    home = Home()
    try:
        output = os.path.join(home.out, "all.pdf")
        result = home.run("--export-checklist", "all", "--output", output)
        assert result.returncode == 0, f"exit {result.returncode}: {result.stderr}"
        pages, _w, _h = pdf_info(output)
        assert pages >= len(CHECKLIST_IDS), f"{pages} pages for {len(CHECKLIST_IDS)} checklists"
        text = squeeze(pdf_text(output))
        for checklist_id in CHECKLIST_IDS:
            checklist = GUIDE_CHECKLISTS[checklist_id]
            assert squeeze(checklist["title"]) in text, f"no {checklist_id}"
            progress = TRANSLATION.ngettext("%u of %u step done", "%u of %u steps done",
                                            len(checklist["steps"])) % (0, len(checklist["steps"]))
            assert squeeze(progress) in text, f"{checklist_id}: no progress line"
        # No progress file yet, and none made.
        assert not os.path.exists(home.data), "the export created the data folder"
    finally:
        home.cleanup()


def test_unreadable_progress_is_left_alone():
    home = Home()
    try:
        os.makedirs(os.path.dirname(home.progress), mode=0o700)
        with open(home.progress, "wb") as f:
            f.write(b'{"version": 1, "checklists": [')
        output = os.path.join(home.out, "login.pdf")
        result = home.run("--export-checklist", "login", "--output", output)
        # Progress that is not the user's is never printed as theirs.
        assert result.returncode == 1, f"exit {result.returncode}: {result.stderr}"
        assert "progress.json" in result.stderr, "no word about the unreadable progress"
        assert not os.path.exists(output), "a PDF was written without the user's progress"
        with open(home.progress, "rb") as f:
            assert f.read() == b'{"version": 1, "checklists": [', "the bad file was touched"
        assert os.listdir(os.path.dirname(home.progress)) == ["progress.json"], \
            "the bad file was moved aside by an export"
    finally:
        home.cleanup()


def assert_nothing_left(directory, before):
    after = sorted(os.listdir(directory))
    assert after == before, f"left behind in {directory}: {sorted(set(after) - set(before))}"


def test_unknown_id():
    home = Home()
    try:
        output = os.path.join(home.out, "x.pdf")
        result = home.run("--export-checklist", "no-such-list", "--output", output)
        assert result.returncode == 2, f"exit {result.returncode}"
        assert "no-such-list" in result.stderr, result.stderr
        for checklist_id in CHECKLIST_IDS:
            assert checklist_id in result.stderr, f"{checklist_id} not among the valid ids"
        assert "all" in result.stderr
        assert_nothing_left(home.out, [])
    finally:
        home.cleanup()


def test_usage():
    home = Home()
    try:
        result = home.run("--export-checklist", "login")
        assert result.returncode == 2 and "--output" in result.stderr, (result.returncode,
                                                                        result.stderr)
        result = home.run("--output", os.path.join(home.out, "x.pdf"))
        assert result.returncode == 2 and "--export-checklist" in result.stderr, \
            (result.returncode, result.stderr)
        assert_nothing_left(home.out, [])
    finally:
        home.cleanup()


def expect_write_failure(home, output, watch):
    before = sorted(os.listdir(watch)) if os.path.isdir(watch) else None
    result = home.run("--export-checklist", "login", "--output", output)
    assert result.returncode == 1, f"{output}: exit {result.returncode}: {result.stderr}"
    assert output in result.stderr, f"{output}: the message does not name the file: {result.stderr}"
    # The reason follows the file name: "Cannot write “FILE”: REASON".
    reason = result.stderr.split(output, 1)[1].strip(" ”\"：:\n")
    assert reason, f"{output}: no reason given: {result.stderr}"
    if before is not None:
        assert_nothing_left(watch, before)
    assert not os.path.exists(output) or os.path.isdir(output), f"{output} was written"


def test_cannot_write():
    home = Home()
    try:
        # A folder that does not exist.
        expect_write_failure(home, os.path.join(home.out, "missing", "x.pdf"), home.out)

        # Under a regular file, which is no folder even for root.
        a_file = os.path.join(home.out, "a-file")
        with open(a_file, "w") as f:
            f.write("x")
        expect_write_failure(home, os.path.join(a_file, "x.pdf"), home.out)

        # A folder in place of the file.
        os.mkdir(os.path.join(home.out, "a-dir"))
        expect_write_failure(home, os.path.join(home.out, "a-dir"), home.out)

        # Read-only locations: sysfs refuses new files to everyone, root
        # included; a folder without write permission refuses everyone else.
        if os.path.isdir("/sys/kernel"):
            expect_write_failure(home, "/sys/okpay-help-export-test.pdf", "/sys")
        if os.geteuid() != 0:
            locked = os.path.join(home.out, "locked")
            os.mkdir(locked)
            os.chmod(locked, stat.S_IRUSR | stat.S_IXUSR)
            expect_write_failure(home, os.path.join(locked, "x.pdf"), locked)
    finally:
        home.cleanup()


def test_replaces_whole():
    home = Home()
    try:
        output = os.path.join(home.out, "login.pdf")
        with open(output, "w") as f:
            f.write("an older export")
        result = home.run("--export-checklist", "login", "--output", output)
        assert result.returncode == 0, result.stderr
        with open(output, "rb") as f:
            data = f.read()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "not a whole PDF"
        assert_nothing_left(home.out, ["login.pdf"])
    finally:
        home.cleanup()


def assert_refused(home, output, watch, reason_words=()):
    """An export to @output is refused: exit 1, a message naming the file
    and saying why, nothing written and nothing left in @watch."""
    before = {name: os.lstat(os.path.join(watch, name)) for name in os.listdir(watch)}
    result = home.run("--export-checklist", "login", "--output", output)
    assert result.returncode == 1, f"{output}: exit {result.returncode}: {result.stderr}"
    assert output in result.stderr, f"{output}: the message does not name it: {result.stderr}"
    for word in reason_words:
        assert word in result.stderr, f"{output}: {word!r} not in {result.stderr!r}"
    assert result.stdout == "", f"{output}: printed {result.stdout!r}"
    after = {name: os.lstat(os.path.join(watch, name)) for name in os.listdir(watch)}
    assert sorted(after) == sorted(before), \
        f"{output}: {watch} changed: {sorted(set(after) ^ set(before))}"
    for name, st in before.items():
        now = after[name]
        assert (now.st_ino, now.st_mode, now.st_size, now.st_mtime_ns) == \
            (st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns), f"{output}: {name} was changed"


def test_writes_only_regular_files():
    """Only a new file or a regular file is replaced: never a device, a pipe,
    a socket, a folder, a symbolic link or a read-only file, as root too,
    where permissions would not stop it."""
    home = Home()
    try:
        # /dev/null stays the device it is, and the message says why.
        null = os.stat("/dev/null")
        assert_refused(home, "/dev/null", home.out, ["/dev/null"])
        assert os.stat("/dev/null").st_rdev == null.st_rdev and \
            stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null is no longer a device"

        fifo = os.path.join(home.out, "pipe.pdf")
        os.mkfifo(fifo)
        assert_refused(home, fifo, home.out)
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

        sock_path = os.path.join(home.out, "socket.pdf")
        import socket
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(sock_path)
        try:
            assert_refused(home, sock_path, home.out)
        finally:
            sock.close()

        folder = os.path.join(home.out, "folder.pdf")
        os.mkdir(folder)
        assert_refused(home, folder, home.out)
        assert_refused(home, folder + "/", home.out)

        # A symbolic link is neither followed nor replaced, dangling or not.
        target = os.path.join(home.out, "target.pdf")
        with open(target, "w") as f:
            f.write("the user's document")
        link = os.path.join(home.out, "link.pdf")
        os.symlink("target.pdf", link)
        assert_refused(home, link, home.out, ["link"])
        assert os.readlink(link) == "target.pdf"
        with open(target) as f:
            assert f.read() == "the user's document", "written through the link"
        dangling = os.path.join(home.out, "dangling.pdf")
        os.symlink("nowhere.pdf", dangling)
        assert_refused(home, dangling, home.out)
        assert not os.path.exists(os.path.join(home.out, "nowhere.pdf"))

        # A read-only file is left alone, by root as by anyone.
        read_only = os.path.join(home.out, "read-only.pdf")
        with open(read_only, "w") as f:
            f.write("keep me")
        os.chmod(read_only, 0o444)
        assert_refused(home, read_only, home.out)
        with open(read_only) as f:
            assert f.read() == "keep me"
    finally:
        home.cleanup()


def test_never_own_data():
    """The progress file and anything in the data folder are refused by
    device and inode, under any name: directly, through a hard link,
    through a symbolic link to the folder, with "..", new or existing."""
    home = Home()
    try:
        home.write_progress({"login": {"notes": {"account": "keep this"}}})
        app_dir = os.path.dirname(home.progress)
        with open(home.progress, "rb") as f:
            saved = f.read()

        hard = os.path.join(home.out, "hard-link.pdf")
        os.link(home.progress, hard)
        folder_link = os.path.join(home.out, "data-link")
        os.symlink(app_dir, folder_link)
        names = [
            home.progress,
            os.path.join(app_dir, "export.pdf"),
            os.path.join(app_dir, "..", os.path.basename(app_dir), "progress.json"),
            hard,
            os.path.join(folder_link, "progress.json"),
            os.path.join(folder_link, "new.pdf"),
        ]
        for name in names:
            assert_refused(home, name, app_dir)
            assert_refused(home, name, home.out)
            with open(home.progress, "rb") as f:
                assert f.read() == saved, f"{name}: the progress file changed"
    finally:
        home.cleanup()


def test_long_names():
    """Names as long as the file system allows (255 bytes) are written: the
    temporary file's name does not grow with the target's."""
    home = Home()
    try:
        for length in (248, 252, 255):
            name = "x" * (length - 4) + ".pdf"
            output = os.path.join(home.out, name)
            result = home.run("--export-checklist", "login", "--output", output)
            assert result.returncode == 0, f"{length} bytes: exit {result.returncode}: {result.stderr}"
            with open(output, "rb") as f:
                assert f.read(5) == b"%PDF-"
            os.unlink(output)
            assert_nothing_left(home.out, [])
    finally:
        home.cleanup()


def test_replace_keeps_mode():
    """A replaced file is a new file under the old name (atomic), with the
    old file's permissions."""
    home = Home()
    try:
        output = os.path.join(home.out, "login.pdf")
        with open(output, "w") as f:
            f.write("older")
        os.chmod(output, 0o640)
        inode = os.stat(output).st_ino
        result = home.run("--export-checklist", "login", "--output", output)
        assert result.returncode == 0, result.stderr
        st = os.stat(output)
        assert stat.S_IMODE(st.st_mode) == 0o640, oct(st.st_mode)
        assert st.st_ino != inode, "written in place, not replaced atomically"
        assert_nothing_left(home.out, ["login.pdf"])
    finally:
        home.cleanup()


def test_standard_output():
    """`--output -` writes the PDF to standard output, byte for byte; a
    standard output that cannot be written is an error."""
    home = Home()
    try:
        result = subprocess.run([PROGRAM, "--export-checklist", "login", "--output", "-"],
                                env=home.env(), capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr
        data = result.stdout
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "not a whole PDF"
        output = os.path.join(home.out, "from-stdout.pdf")
        with open(output, "wb") as f:
            f.write(data)
        text = squeeze(pdf_text(output))
        assert squeeze(GUIDE_CHECKLISTS["login"]["title"]) in text
        # Binary: the document has bytes above 127 (fonts, compressed streams).
        assert any(b > 127 for b in data), "no binary data"
        assert os.listdir(home.out) == ["from-stdout.pdf"]

        with open("/dev/full", "wb") as full:
            result = subprocess.run([PROGRAM, "--export-checklist", "login", "--output", "-"],
                                    env=home.env(), stdout=full, stderr=subprocess.PIPE,
                                    timeout=120)
        assert result.returncode == 1, f"exit {result.returncode} with stdout on /dev/full"
        # The reason, in the interface language, after the name.
        assert result.stderr.strip(), "no message"
        assert result.stdout is None or result.stdout == b""
        if not CHINESE:
            assert os.strerror(28).encode() in result.stderr, result.stderr
    finally:
        home.cleanup()


def main():
    for tool in ("pdftotext", "pdftoppm", "pdfinfo"):
        assert shutil.which(tool), f"{tool} is missing (poppler-utils)"
    if CHINESE:
        assert any("\u4e00" <= c <= "\u9fff" for c in GUIDE_CHECKLISTS["login"]["title"]), \
            "the Chinese catalog is not loaded"

    check("each checklist, with ticks and notes", test_each_checklist)
    check("all checklists", test_all)
    check("an unreadable progress file is left alone", test_unreadable_progress_is_left_alone)
    check("unknown id: exit 2 with the valid ids", test_unknown_id)
    check("usage errors: exit 2", test_usage)
    check("cannot write: exit 1 with the reason, nothing left", test_cannot_write)
    check("an existing file is replaced whole", test_replaces_whole)
    check("only regular files are replaced", test_writes_only_regular_files)
    check("never the application's own data", test_never_own_data)
    check("names of 248 to 255 bytes", test_long_names)
    check("a replaced file keeps its mode", test_replace_keeps_mode)
    check("--output - writes to standard output", test_standard_output)

    print(f"1..{len(results)}")
    for number, (ok, name, message) in enumerate(results, start=1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
        for line in message.splitlines():
            print(f"# {line}")
    return 0 if all(ok for ok, _n, _m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
