/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-case-summary"

#include "config.h"

#include "okp-case-summary.h"
#include "okp-guide.h"
#include "okp-progress-store.h"
#include "okp-resources.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

/* The test runs once per interface language (see tests/meson.build): the
 * exact text is checked in English, the structure in every language. */
static gboolean chinese;

/* 2026-05-03 06:20:00 UTC, that is 14:20 at UTC+08:00. */
#define T0 G_GINT64_CONSTANT (1777789200)

typedef struct
{
  char             *tmpdir;
  char             *path;
  gint64            now;
  GTimeZone        *tz;
  OkpProgressStore *store;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("okp-case-summary-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->tmpdir, "progress.json", NULL);
  f->now = T0;
  f->tz = g_time_zone_new_identifier ("+08:00");
  g_assert_nonnull (f->tz);

  f->store = okp_progress_store_new (f->path);
  okp_progress_store_set_clock (f->store, fixture_clock, f);
  g_assert_cmpint (okp_progress_store_load (f->store, NULL), ==, OKP_STORE_STATUS_NEW);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Disposing the store writes what is pending; the file goes with the
   * directory. */
  g_clear_object (&f->store);
  g_unlink (f->path);
  g_rmdir (f->tmpdir);
  g_free (f->path);
  g_free (f->tmpdir);
  g_time_zone_unref (f->tz);
}

static const char small_guide[] =
  "<guide>"
  "<section id=\"a\" checklist=\"pay\"><title>Payments</title><p>x</p></section>"
  "<checklist id=\"pay\" section=\"a\"><title>Payment failed</title><summary>S</summary>"
  "<step id=\"card\"><title>Check the card</title><detail>D</detail></step>"
  "<step id=\"balance\"><title>Check the balance</title><detail>D</detail></step>"
  "<step id=\"retry\"><title>Try again</title><detail>D</detail></step>"
  "<step id=\"record\"><title>Keep the record</title><detail>D</detail></step>"
  "<field id=\"transaction-id\" multiline=\"false\"><label>Transaction ID</label></field>"
  "<field id=\"amount\" multiline=\"false\"><label>Amount</label></field>"
  "<field id=\"error-message\" multiline=\"true\"><label>Error message</label></field>"
  "</checklist>"
  "</guide>";

static OkpGuide *
load_small_guide (void)
{
  g_autoptr(GError) error = NULL;
  OkpGuide *guide = okp_guide_new_from_data (small_guide, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (guide);
  return guide;
}

static OkpGuide *
load_real_guide (void)
{
  g_autoptr(GError) error = NULL;
  OkpGuide *guide;

  guide = okp_guide_new_from_resource (RESOURCE_PREFIX "/guide/guide.xml", GETTEXT_PACKAGE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (guide);
  return guide;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
        return TRUE;
    }
  return FALSE;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The exact text, English, for a checklist with two of four steps ticked
 * (in the opposite order to the guide's), one line note, one note of two
 * lines with Windows line breaks and one field left empty. */
static void
test_exact_english (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = load_small_guide ();
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "pay");
  g_autofree char *summary = NULL;
  g_autofree char *subject = NULL;

  okp_progress_store_set_step_done (f->store, "pay", "balance", TRUE);
  f->now = T0 + 5 * 60;
  okp_progress_store_set_step_done (f->store, "pay", "card", TRUE);
  f->now = T0 + 7 * 60;
  okp_progress_store_set_note (f->store, "pay", "transaction-id", "  TX-42 & co?  ");
  okp_progress_store_set_note (f->store, "pay", "error-message", "Code 51\r\nDeclined by bank\r\n");
  /* Ticked by mistake and unticked: not done. */
  okp_progress_store_set_step_done (f->store, "pay", "retry", TRUE);
  okp_progress_store_set_step_done (f->store, "pay", "retry", FALSE);

  summary = okp_case_summary_build (def, f->store, f->tz);
  g_assert_cmpstr (summary, ==,
                   "Problem: Payment failed\n"
                   "Working on it since: 2026-05-03 14:20 UTC+08:00\n"
                   "\n"
                   "Steps done:\n"
                   "- Check the card (2026-05-03 14:25 UTC+08:00)\n"
                   "- Check the balance (2026-05-03 14:20 UTC+08:00)\n"
                   "\n"
                   "Steps not done yet:\n"
                   "- Try again\n"
                   "- Keep the record\n"
                   "\n"
                   "Details:\n"
                   "Transaction ID: TX-42 & co?\n"
                   "Error message:\n"
                   "  Code 51\n"
                   "  Declined by bank\n");

  subject = okp_case_summary_build_subject (def);
  g_assert_cmpstr (subject, ==, "OKPay support request: Payment failed");
}

static void
test_nothing_done (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = load_small_guide ();
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "pay");
  g_autofree char *with_store = okp_case_summary_build (def, f->store, f->tz);
  g_autofree char *without_store = okp_case_summary_build (def, NULL, f->tz);
  const char *expected =
    "Problem: Payment failed\n"
    "\n"
    "Steps done: none yet\n"
    "\n"
    "Steps not done yet:\n"
    "- Check the card\n"
    "- Check the balance\n"
    "- Try again\n"
    "- Keep the record\n";

  g_assert_cmpstr (with_store, ==, expected);
  g_assert_cmpstr (without_store, ==, expected);
}

/* A note of nothing but white space is a field the user did not fill;
 * everything ticked leaves no "not done" block. */
static void
test_all_done_blank_note (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = load_small_guide ();
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "pay");
  g_autofree char *summary = NULL;

  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);

      okp_progress_store_set_step_done (f->store, "pay", step->id, TRUE);
      f->now += 3600;
    }
  okp_progress_store_set_note (f->store, "pay", "amount", " \n\t ");

  summary = okp_case_summary_build (def, f->store, f->tz);
  g_assert_cmpstr (summary, ==,
                   "Problem: Payment failed\n"
                   "Working on it since: 2026-05-03 14:20 UTC+08:00\n"
                   "\n"
                   "Steps done:\n"
                   "- Check the card (2026-05-03 14:20 UTC+08:00)\n"
                   "- Check the balance (2026-05-03 15:20 UTC+08:00)\n"
                   "- Try again (2026-05-03 16:20 UTC+08:00)\n"
                   "- Keep the record (2026-05-03 17:20 UTC+08:00)\n");
}

/* The zone is the caller's: the same moment reads differently in UTC. */
static void
test_time_zone (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = load_small_guide ();
  const OkpChecklistDef *def = okp_guide_lookup_checklist (guide, "pay");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *summary = NULL;

  okp_progress_store_set_step_done (f->store, "pay", "card", TRUE);
  summary = okp_case_summary_build (def, f->store, utc);
  g_assert_nonnull (strstr (summary, "- Check the card (2026-05-03 06:20 UTC+00:00)\n"));
  g_assert_nonnull (strstr (summary, "Working on it since: 2026-05-03 06:20 UTC+00:00\n"));
}

static void
test_general (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *summary = okp_case_summary_build (NULL, f->store, f->tz);
  g_autofree char *subject = okp_case_summary_build_subject (NULL);

  g_assert_cmpstr (summary, ==,
                   "Problem:\n"
                   "\n"
                   "What I have tried:\n"
                   "\n"
                   "Details (transaction ID, date and time, amount, error message):\n");
  g_assert_cmpstr (subject, ==, "OKPay support request");
}

/* The checklist last worked on, by the store's clock, whatever the order
 * of the guide. */
static void
test_find_recent (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = load_real_guide ();

  g_assert_null (okp_case_summary_find_recent (guide, NULL));
  g_assert_null (okp_case_summary_find_recent (guide, f->store));

  okp_progress_store_set_step_done (f->store, "withdrawal",
                                    ((OkpStep *) g_ptr_array_index (okp_guide_lookup_checklist (guide, "withdrawal")->steps, 0))->id,
                                    TRUE);
  g_assert_cmpstr (okp_case_summary_find_recent (guide, f->store)->id, ==, "withdrawal");

  f->now += 60;
  okp_progress_store_set_note (f->store, "login", "account", "name@example.com");
  g_assert_cmpstr (okp_case_summary_find_recent (guide, f->store)->id, ==, "login");

  f->now += 60;
  okp_progress_store_set_solved (f->store, "withdrawal", TRUE);
  g_assert_cmpstr (okp_case_summary_find_recent (guide, f->store)->id, ==, "withdrawal");
}

/* With the real guide, in the interface language: every checklist with
 * its first and third steps ticked and its first and last fields filled
 * holds exactly those steps as done, the others as not done, exactly
 * those notes, and no label of a field left empty. */
static void
test_real_checklists (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OkpGuide) guide = load_real_guide ();
  GPtrArray *checklists = okp_guide_get_checklists (guide);

  g_assert_cmpuint (checklists->len, >, 0);

  for (guint c = 0; c < checklists->len; c++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, c);
      g_autofree char *summary = NULL;
      g_autofree char *subject = NULL;
      g_auto(GStrv) lines = NULL;
      guint step_lines = 0;

      g_assert_cmpuint (def->steps->len, >=, 3);

      f->now = T0 + c * 3600;
      okp_progress_store_set_step_done (f->store, def->id,
                                        ((OkpStep *) g_ptr_array_index (def->steps, 2))->id, TRUE);
      f->now += 90;
      okp_progress_store_set_step_done (f->store, def->id,
                                        ((OkpStep *) g_ptr_array_index (def->steps, 0))->id, TRUE);
      if (def->fields->len > 0)
        {
          const OkpField *first = g_ptr_array_index (def->fields, 0);
          const OkpField *last = g_ptr_array_index (def->fields, def->fields->len - 1);

          okp_progress_store_set_note (f->store, def->id, first->id, "NOTE-ONE 第一");
          if (last != first)
            okp_progress_store_set_note (f->store, def->id, last->id, "NOTE-TWO\nsecond line");
        }

      summary = okp_case_summary_build (def, f->store, f->tz);
      g_test_message ("%s", summary);
      lines = g_strsplit (summary, "\n", -1);

      /* The problem is named on the first line and in the subject. */
      g_assert_nonnull (strstr (lines[0], def->title));
      subject = okp_case_summary_build_subject (def);
      g_assert_nonnull (strstr (subject, def->title));
      g_assert_null (strchr (subject, '\n'));

      /* Each step is listed once, on a line of its own; ticked ones with
       * the time they were ticked. */
      for (guint i = 0; i < def->steps->len; i++)
        {
          const OkpStep *step = g_ptr_array_index (def->steps, i);
          g_autofree char *prefix = g_strconcat ("- ", step->title, NULL);
          const char *line = NULL;

          for (guint l = 0; lines[l] != NULL; l++)
            {
              if (g_str_has_prefix (lines[l], prefix))
                {
                  g_assert_null (line);
                  line = lines[l];
                }
            }
          g_assert_nonnull (line);

          if (i == 0)
            g_assert_nonnull (strstr (line, "2026-05-03"));
          else if (i == 2)
            g_assert_nonnull (strstr (line, "UTC+08:00"));
          else
            g_assert_cmpstr (line, ==, prefix);
        }
      for (guint l = 0; lines[l] != NULL; l++)
        step_lines += g_str_has_prefix (lines[l], "- ");
      g_assert_cmpuint (step_lines, ==, def->steps->len);

      /* Done steps come first, in the guide's order. */
      g_assert_true (strstr (summary, ((OkpStep *) g_ptr_array_index (def->steps, 0))->title) <
                     strstr (summary, ((OkpStep *) g_ptr_array_index (def->steps, 2))->title));
      g_assert_true (strstr (summary, ((OkpStep *) g_ptr_array_index (def->steps, 2))->title) <
                     strstr (summary, ((OkpStep *) g_ptr_array_index (def->steps, 1))->title));

      /* The notes, each once; no label of a field left empty starts a
       * line (a step's title may mention the same words). */
      for (guint i = 0; i < def->fields->len; i++)
        {
          const OkpField *field = g_ptr_array_index (def->fields, i);
          gboolean filled = i == 0 || i == def->fields->len - 1;
          guint label_lines = 0;

          for (guint l = 0; lines[l] != NULL; l++)
            label_lines += g_str_has_prefix (lines[l], field->label);
          g_assert_cmpuint (label_lines, ==, filled ? 1 : 0);
        }
      if (def->fields->len > 0)
        g_assert_cmpuint (count_occurrences (summary, "NOTE-ONE 第一"), ==, 1);
      if (def->fields->len > 1)
        {
          g_assert_cmpuint (count_occurrences (summary, "NOTE-TWO"), ==, 1);
          g_assert_cmpuint (count_occurrences (summary, "  second line\n"), ==, 1);
        }

      /* In the interface language, headings included. */
      if (chinese)
        {
          g_assert_true (has_han (lines[0]));
          g_assert_true (has_han (subject));
          g_assert_null (strstr (summary, "Problem"));
          g_assert_null (strstr (summary, "Steps"));
          g_assert_null (strstr (summary, "Details"));
          g_assert_null (strstr (summary, "Working on it"));
        }
      else
        {
          g_assert_true (g_str_has_prefix (summary, "Problem: "));
          g_assert_nonnull (strstr (summary, "\nSteps done:\n"));
          g_assert_nonnull (strstr (summary, "\nSteps not done yet:\n"));
        }
    }
}

static void
test_general_translated (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *summary = okp_case_summary_build (NULL, NULL, f->tz);
  g_autofree char *subject = okp_case_summary_build_subject (NULL);

  g_assert_cmpuint (strlen (summary), >, 0);
  g_assert_true (has_han (summary));
  g_assert_true (has_han (subject));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  const char *language = g_getenv ("OKP_TEST_LANGUAGE");

  /* The catalogs come from the build tree. C.UTF-8 is enough for gettext
   * to follow LANGUAGE, and always exists. */
  chinese = g_strcmp0 (language, "zh_CN") == 0;
  g_setenv ("LANGUAGE", chinese ? "zh_CN" : "C", TRUE);
  if (!chinese || setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);
  g_resources_register (okp_get_resource ());

#define ADD(path, func) \
  g_test_add ("/okp/case-summary/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  if (chinese)
    {
      ADD ("zh_CN/real-checklists", test_real_checklists);
      ADD ("zh_CN/general", test_general_translated);
    }
  else
    {
      ADD ("exact", test_exact_english);
      ADD ("nothing-done", test_nothing_done);
      ADD ("all-done-blank-note", test_all_done_blank_note);
      ADD ("time-zone", test_time_zone);
      ADD ("general", test_general);
      ADD ("find-recent", test_find_recent);
      ADD ("real-checklists", test_real_checklists);
    }

#undef ADD

  return g_test_run ();
}
