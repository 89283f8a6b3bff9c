#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The house rules for the Chinese text of po/zh_CN.po (see po/GLOSSARY.md):

- punctuation next to Chinese text is full-width (except the semicolons that
  separate a desktop entry's keywords, which are syntax): ，：？；（）！
  (a mnemonic such as "(_A)", a URL, a time such as 14:00, a number such as
  1,000 and a printf conversion keep their ASCII characters);
- no space between Chinese characters and Latin letters or digits, as the
  guide's own text writes them ("OKPay客服"); the application's name
  "OKPay 帮助" is written as it is, and a command-line option or a printf
  conversion keeps the spaces around it.

usage: zh_CN-style.py --check PO   prints every string that breaks a rule, exit 1
       zh_CN-style.py --fix PO     rewrites those strings in place
"""
import re
import sys

HAN = r'[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]'
WIDE = r'[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d\u2018\u2019]'
APP_NAME = 'OKPay 帮助'
KEEP = '\x00'  # stands for the application's name while the rules run

FULL = {',': '，', ':': '：', '?': '？', ';': '；', '!': '！'}


def normalise(text):
    if not re.search(HAN, text):
        return text
    out = text.replace(APP_NAME, KEEP)
    # Half-width punctuation touching wide text (a space after it goes too).
    def punct(m):
        before, mark, space, after = m.group(1), m.group(2), m.group(3), m.group(4)
        if mark == ',' and before.isdigit() and after.isdigit():
            return m.group(0)
        if mark == ':' and (after == '/' or (before.isdigit() and after.isdigit())):
            return m.group(0)
        # After ASCII, only Chinese text after the mark makes it Chinese
        # punctuation: “http:” is a URL scheme.
        if re.match(WIDE, before) or before == KEEP or (after and re.match(HAN, after)):
            return before + FULL[mark] + after
        return m.group(0)
    out = re.sub(r'(.)([,:?;!])( ?)(.?)', punct, out)
    # Parentheses around wide text (never a mnemonic "(_X)").
    out = re.sub(r'\((?!_)([^()]*' + HAN + r'[^()]*)\)', r'（\1）', out)
    # No space between Chinese and Latin letters or digits, except next to
    # an option (--output) or a printf conversion (%s, %d, %1$s).
    out = re.sub('(' + HAN + r') (?=[A-Za-z0-9])(?!-)', r'\1', out)
    out = re.sub(r'(?<![%$\-A-Za-z0-9_.|])([A-Za-z0-9]+) (?=' + HAN + ')', r'\1', out)
    return out.replace(KEEP, APP_NAME)


def unescape(s):
    return s.replace('\\"', '"').replace('\\n', '\n').replace('\\\\', '\\')


def escape(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def entries(text):
    """Yields (start, end, msgid, msgstr) for every message of the catalog."""
    pattern = (r'^msgid ((?:"(?:[^"\\]|\\.)*"\n)+)(?:msgid_plural .*\n(?:".*"\n)*)?'
               r'msgstr(?:\[\d+\])? ((?:"(?:[^"\\]|\\.)*"\n?)+)')
    for m in re.finditer(pattern, text, re.M):
        msgid = unescape(''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2))
        yield m.start(2), m.end(2), msgid, unescape(''.join(parts))


def is_list(msgid):
    """A desktop entry's list ("Keywords"): its semicolons are syntax."""
    return re.fullmatch(r'(?:[^;]+;)+', msgid) is not None


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ('--check', '--fix'):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = sys.argv[2]
    text = open(path, encoding='utf-8').read()
    bad = []
    pieces = []
    last = 0
    for start, end, msgid, value in entries(text):
        fixed = value if is_list(msgid) else normalise(value)
        if fixed != value:
            bad.append((value, fixed))
            pieces.append(text[last:start])
            pieces.append('"' + escape(fixed) + '"\n')
            last = end
    pieces.append(text[last:])
    if sys.argv[1] == '--fix':
        open(path, 'w', encoding='utf-8').write(''.join(pieces))
        print(f'{path}: {len(bad)} strings rewritten')
        return 0
    for value, fixed in bad:
        print(f'{path}: breaks the style rules:\n  {value!r}\n  should be {fixed!r}', file=sys.stderr)
    print(f'{path}: {len(bad)} strings break the Chinese style rules')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
