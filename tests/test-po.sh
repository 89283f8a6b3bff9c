#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every translatable string of the sources has a finished Chinese
# translation: extract a fresh template, merge the catalog against it without
# fuzzy matching, and fail on any untranslated or fuzzy message.
#
# usage: test-po.sh SRCDIR
set -eu

srcdir=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$srcdir"
grep -v '^#' po/POTFILES.in | grep -v '^[[:space:]]*$' > "$work/files"

GETTEXTDATADIRS="$srcdir/po${GETTEXTDATADIRS:+:$GETTEXTDATADIRS}" \
xgettext --from-code=UTF-8 --add-comments --files-from="$work/files" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  -o "$work/okpay-help.pot"

for lang in $(grep -v '^#' po/LINGUAS); do
  msgfmt --check --output-file=/dev/null "po/$lang.po"
  msgmerge --quiet --no-fuzzy-matching --output-file="$work/$lang.po" "po/$lang.po" "$work/okpay-help.pot"
  untranslated=$(msgattrib --untranslated --no-obsolete "$work/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$work/$lang.po" | grep -c '^msgid ' || true)
  if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    echo "po/$lang.po: $untranslated untranslated and $fuzzy fuzzy messages:" >&2
    msgattrib --untranslated --no-obsolete "$work/$lang.po" | grep -A1 '^msgid ' | grep -v '^msgid ""$' >&2 || true
    msgattrib --only-fuzzy --no-obsolete "$work/$lang.po" | grep -A1 '^msgid ' >&2 || true
    exit 1
  fi
  total=$(msgattrib --translated --no-obsolete "$work/$lang.po" | grep -c '^msgid ' || true)
  echo "po/$lang.po: all $total messages translated"
done
