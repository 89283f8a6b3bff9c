/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-document"

/*
 * The pure parts of the progress store, without a file: the strict JSON
 * check, the document (its shape, times, typed access, writing out) and
 * the three-way merge of two documents.
 */

#include "config.h"

#include "okp-progress-document.h"
#include "okp-progress-json.h"
#include "okp-progress-merge.h"
#include "okp-test-util.h"

#include <string.h>

static JsonNode *
parse_ok (const char *text)
{
  JsonNode *root = NULL;

  g_assert_cmpint (okp_progress_doc_parse (text, strlen (text), &root), ==, OKP_PROGRESS_DOC_OK);
  g_assert_nonnull (root);
  return root;
}

static char *
serialize (JsonNode *root)
{
  gsize length;

  return okp_progress_doc_serialize (root, &length);
}

/* A member given twice, at every depth the format has and deeper: json-glib
 * would keep the later one and drop the earlier one's data. */
static const char * const duplicates[] = {
  "{\"version\": 1, \"version\": 1}",
  "{\"version\": 1, \"checklists\": {}, \"checklists\": {\"login\": {}}}",
  "{\"checklists\": {\"login\": {\"solved\": true}}, \"version\": 1, \"checklists\": {}}",
  "{\"version\": 1, \"checklists\": {\"login\": {}, \"login\": {\"solved\": true}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {}, \"steps\": {}}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true}, "
  "\"b\": {}, \"a\": {\"done\": false}}}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, "
  "\"done\": false}}}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": {\"n\": \"one\", \"n\": \"two\"}}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"updated\": \"2026-11-26T10:00:00Z\", "
  "\"updated\": \"2026-11-26T10:00:00Z\"}}}",
  /* The same name spelled two ways is the same member. */
  "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": {\"n\": \"one\", "
  "\"\\u006e\": \"x\"}}}}",
  "{\"version\": 1, \"checklists\": {\"\\u767b\": {}, \"\xe7\x99\xbb\": {}}}",
  /* Members this version does not know, deep inside arrays. */
  "{\"version\": 1, \"extra\": [[{\"k\": 1, \"k\": 2}]]}",
};

static void
test_duplicates (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (duplicates); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      const char *text = duplicates[i];

      g_test_message ("%s", text);
      g_assert_cmpint (okp_progress_json_check (text, strlen (text)), ==,
                       OKP_PROGRESS_JSON_DUPLICATE);
      g_assert_cmpint (okp_progress_doc_parse (text, strlen (text), &root), ==,
                       OKP_PROGRESS_DOC_DUPLICATE);
      g_assert_null (root);
    }

  g_assert_cmpstr (okp_progress_doc_result_reason (OKP_PROGRESS_DOC_DUPLICATE), ==,
                   "duplicate-member");
}

/* The same name in different objects, or as a value, is no duplicate. */
static void
test_not_duplicates (void)
{
  static const char * const texts[] = {
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true}}}, "
    "\"withdrawal\": {\"steps\": {\"a\": {\"done\": true}}}}}",
    "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": {\"n\": \"n\", \"m\": \"n\"}}}}",
    "{\"version\": 1, \"extra\": [{\"k\": 1}, {\"k\": 2}], \"k\": [\"k\", \"k\"]}",
    "{\"version\": 1, \"a\": {\"b\": {}}, \"b\": {\"a\": {}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonNode) root = parse_ok (texts[i]);
    }
}

/* Not JSON stays not JSON, whatever else it has. */
static void
test_invalid (void)
{
  static const char * const texts[] = {
    "", " ", "{", "{\"version\": 1", "[1, 2}", "{\"version\": 1]",
    "{\"version\": 1}{}", "{'version': 1}", "{\"version\": 1, /* */ \"x\": 1}",
    "{\"a\": 1, \"a\": 2", "{\"a\": \"\\q\"}", "{\"a\": \"\\u0000\"}", "{\"a\": \"\\ud800\"}",
    "{\"a\": 1e999}", "{\"a\": 1e-300}", "{\"a\": 99999999999999999999}", "{\"a\": tru}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonNode) root = NULL;

      g_test_message ("%s", texts[i]);
      g_assert_cmpint (okp_progress_doc_parse (texts[i], strlen (texts[i]), &root), ==,
                       OKP_PROGRESS_DOC_INVALID_JSON);
      g_assert_null (root);
    }
}

/* Every ISO 8601 form GLib reads is a time; without an offset it is UTC. */
static void
test_time_forms (void)
{
  static const char * const forms[] = {
    "2026-11-26T10:00:00Z",
    "2026-11-26T10:00:00+00:00",
    "2026-11-26T18:00:00+08:00",
    "2026-11-26T18:00:00+0800",
    "2026-11-26T18:00:00+08",
    "2026-11-26T05:00:00-05:00",
    "2026-11-26T10:00:00.000Z",
    "2026-11-26T10:00:00,000Z",
    "2026-11-26T10:00:00.123456789Z",
    "20261126T100000Z",
    "2026-330T10:00:00Z",
    "2026330T100000Z",
    "2026-W48-4T10:00:00Z",
    "2026W484T100000Z",
    "2026-11-26T10:00Z",
    "2026-11-26T10:00:00",
    "2026-11-26 10:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GDateTime) glib = g_date_time_new_from_iso8601 (forms[i], NULL);
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) glib_utc = g_date_time_new_from_iso8601 (forms[i], utc);
      gint64 value = -1;

      g_test_message ("%s", forms[i]);
      /* Only what GLib reads is asked of the store. */
      if (glib_utc == NULL)
        continue;
      g_assert_true (okp_progress_doc_parse_time (forms[i], &value));
      g_assert_cmpint (value, ==, g_date_time_to_unix (glib_utc));
      if (glib != NULL)
        g_assert_cmpint (value, ==, g_date_time_to_unix (glib));
      if (strstr (forms[i], "10:00:00") != NULL || strstr (forms[i], "100000") != NULL)
        g_assert_cmpint (value, ==, OKP_TEST_NOW);
    }
}

/* A time is always a date in every time zone: past 9999 or before 1970
 * it is brought within 1970 .. 9999-12-31T00:00:00Z, and formats without "(null)". */
static void
test_time_range (void)
{
  static const struct {
    const char *text;
    gint64      expected;
  } cases[] = {
    { "9999-12-31T23:59:59Z", OKP_PROGRESS_DOC_TIME_MAX },
    { "9999-12-31T23:00:00-05:00", OKP_PROGRESS_DOC_TIME_MAX },
    { "9999-12-30T00:00:00Z", G_GINT64_CONSTANT (253402128000) },
    { "9999-12-31T00:00:00Z", OKP_PROGRESS_DOC_TIME_MAX },
    { "0001-01-01T00:00:00+14:00", 0 },
    { "1969-12-31T23:59:59Z", 0 },
    { "1970-01-01T00:00:00Z", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *written = NULL;
      gint64 value = -1;
      gint64 again = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_true (okp_progress_doc_parse_time (cases[i].text, &value));
      g_assert_cmpint (value, ==, cases[i].expected);

      written = okp_progress_doc_format_time (value);
      g_assert_null (strstr (written, "null"));
      g_assert_true (okp_progress_doc_parse_time (written, &again));
      g_assert_cmpint (again, ==, value);

      /* Shown in the furthest time zones, it is still a date. */
      for (int hours = -12; hours <= 14; hours += 26)
        {
          g_autoptr(GTimeZone) tz = g_time_zone_new_offset (hours * 3600);
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (value);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          g_autofree char *shown = NULL;

          g_assert_nonnull (local);
          shown = g_date_time_format (local, "%Y-%m-%d %H:%M");
          g_assert_nonnull (shown);
        }
    }

  /* The clock, too, is kept within the range. */
  {
    g_autofree char *far = okp_progress_doc_format_time (G_MAXINT64);
    g_autofree char *early = okp_progress_doc_format_time (G_MININT64);

    g_assert_cmpstr (far, ==, "9999-12-31T00:00:00Z");
    g_assert_cmpstr (early, ==, "1970-01-01T00:00:00Z");
  }
}

/* A time that cannot be read loses only itself: the file is used, the
 * time reads as never, and it is written back as it was. */
static void
test_unreadable_time (void)
{
  static const char * const texts[] = {
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, "
    "\"changed\": \"yesterday\"}}, \"started\": \"2026-11-26T10:00:00Z\"}}}",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, "
    "\"changed\": 12}}, \"started\": \"2026-11-26T10:00:00Z\"}}}",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, "
    "\"changed\": \"10000-01-01T00:00:00Z\"}}, \"started\": \"2026-11-26T10:00:00Z\"}}}",
    "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, "
    "\"changed\": null}}, \"started\": \"2026-11-26T10:00:00Z\", \"updated\": [1]}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonNode) root = parse_ok (texts[i]);
      g_autoptr(JsonNode) again = NULL;
      g_autofree char *written = NULL;
      JsonObject *step = okp_progress_doc_get_step (root, "login", "a");
      JsonObject *checklist = okp_progress_doc_get_checklist (root, "login", FALSE);

      g_test_message ("%s", texts[i]);
      g_assert_true (okp_progress_doc_get_step_done (root, "login", "a"));
      g_assert_cmpint (okp_progress_doc_time_of (step, "changed"), ==, 0);
      g_assert_cmpint (okp_progress_doc_time_of (checklist, "started"), ==, OKP_TEST_NOW);

      written = serialize (root);
      again = parse_ok (written);
      g_assert_true (json_node_equal (root, again));
    }
}

static void
test_access (void)
{
  g_autoptr(JsonNode) root = okp_progress_doc_new ();
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *written = NULL;
  JsonObject *checklist;

  g_assert_false (okp_progress_doc_get_step_done (root, "login", "a"));
  g_assert_true (okp_progress_doc_set_step_done (root, "login", "a", TRUE, OKP_TEST_NOW));
  g_assert_false (okp_progress_doc_set_step_done (root, "login", "a", TRUE, OKP_TEST_NOW + 5));
  g_assert_true (okp_progress_doc_set_note (root, "login", "n", "身份 \"x\"\n",
                                            OKP_TEST_NOW + 10));
  g_assert_false (okp_progress_doc_set_note (root, "login", "n", "身份 \"x\"\n", OKP_TEST_NOW));
  g_assert_true (okp_progress_doc_set_solved (root, "login", TRUE, OKP_TEST_NOW + 20));

  checklist = okp_progress_doc_get_checklist (root, "login", FALSE);
  g_assert_cmpint (okp_progress_doc_time_of (checklist, "started"), ==, OKP_TEST_NOW);
  g_assert_cmpint (okp_progress_doc_time_of (checklist, "updated"), ==, OKP_TEST_NOW + 20);

  /* Written compactly, read back the same. */
  written = serialize (root);
  g_assert_null (strstr (written, "\n  "));
  again = parse_ok (written);
  g_assert_true (json_node_equal (root, again));
  g_assert_cmpstr (okp_progress_doc_get_note (again, "login", "n"), ==, "身份 \"x\"\n");

  /* A string's size is what it takes in the file. */
  g_assert_cmpuint (okp_progress_doc_string_size ("a\"b\n"), ==, strlen ("\"a\\\"b\\n\""));
  g_assert_cmpuint (okp_progress_doc_string_size (NULL), ==, 0);

  g_assert_true (okp_progress_doc_reset_checklist (root, "login", OKP_TEST_NOW + 30));
  g_assert_false (okp_progress_doc_get_step_done (root, "login", "a"));
  g_assert_null (okp_progress_doc_get_note (root, "login", "n"));
  g_assert_false (okp_progress_doc_reset_checklist (root, "login", OKP_TEST_NOW + 40));
  g_assert_false (okp_progress_doc_reset_checklist (root, "nothing", OKP_TEST_NOW + 40));
}

#define MERGE_BASE \
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, " \
  "\"changed\": \"2026-11-26T10:00:00Z\"}}, \"updated\": \"2026-11-26T10:00:00Z\"}}, " \
  "\"extra\": {\"kept\": true}}"

static void
test_merge_disjoint (void)
{
  g_autoptr(JsonNode) base = parse_ok (MERGE_BASE);
  g_autoptr(JsonNode) ours = okp_progress_doc_copy (base);
  g_autoptr(JsonNode) theirs = okp_progress_doc_copy (base);
  g_autoptr(JsonNode) theirs_before = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  okp_progress_doc_set_step_done (ours, "login", "b", TRUE, OKP_TEST_NOW + 60);
  okp_progress_doc_set_step_done (theirs, "login", "c", TRUE, OKP_TEST_NOW + 30);
  okp_progress_doc_set_solved (theirs, "withdrawal", TRUE, OKP_TEST_NOW + 30);
  theirs_before = okp_progress_doc_copy (theirs);

  merged = okp_progress_merge (base, ours, theirs, changed);
  g_assert_true (okp_progress_doc_get_step_done (merged, "login", "a"));
  g_assert_true (okp_progress_doc_get_step_done (merged, "login", "b"));
  g_assert_true (okp_progress_doc_get_step_done (merged, "login", "c"));
  g_assert_true (okp_progress_doc_get_solved (merged, "withdrawal"));
  g_assert_nonnull (json_object_get_member (json_node_get_object (merged), "extra"));
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "login");
  g_assert_cmpstr (g_ptr_array_index (changed, 1), ==, "withdrawal");

  /* The inputs are left as they were. */
  g_assert_false (okp_progress_doc_get_step_done (ours, "login", "c"));
  g_assert_true (json_node_equal (theirs, theirs_before));
}

static void
test_merge_conflicts (void)
{
  g_autoptr(JsonNode) base = parse_ok (MERGE_BASE);
  g_autoptr(JsonNode) ours = okp_progress_doc_copy (base);
  g_autoptr(JsonNode) theirs = okp_progress_doc_copy (base);
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) reversed = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  /* The same step: the later untick wins, from either side. Notes: the
   * side that changed the checklist last. */
  okp_progress_doc_set_note (ours, "login", "n", "ours", OKP_TEST_NOW + 10);
  okp_progress_doc_set_step_done (ours, "login", "a", FALSE, OKP_TEST_NOW + 100);
  okp_progress_doc_set_note (theirs, "login", "n", "theirs", OKP_TEST_NOW + 50);

  merged = okp_progress_merge (base, ours, theirs, changed);
  reversed = okp_progress_merge (base, theirs, ours, changed);
  g_assert_false (okp_progress_doc_get_step_done (merged, "login", "a"));
  g_assert_false (okp_progress_doc_get_step_done (reversed, "login", "a"));
  g_assert_cmpstr (okp_progress_doc_get_note (merged, "login", "n"), ==, "ours");
  g_assert_cmpstr (okp_progress_doc_get_note (reversed, "login", "n"), ==, "ours");
}

static void
test_merge_no_base (void)
{
  g_autoptr(JsonNode) ours = parse_ok ("{\"version\": 1, \"x\": 1}");
  g_autoptr(JsonNode) theirs = parse_ok (MERGE_BASE);
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  merged = okp_progress_merge (NULL, ours, theirs, changed);
  g_assert_true (okp_progress_doc_get_step_done (merged, "login", "a"));
  g_assert_nonnull (json_object_get_member (json_node_get_object (merged), "x"));
  g_assert_nonnull (json_object_get_member (json_node_get_object (merged), "extra"));
}

/* "Start over" on one side stays done when the other side did not touch
 * the checklist since. */
static void
test_merge_reset (void)
{
  g_autoptr(JsonNode) base = parse_ok (MERGE_BASE);
  g_autoptr(JsonNode) ours = okp_progress_doc_copy (base);
  g_autoptr(JsonNode) theirs = okp_progress_doc_copy (base);
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  okp_progress_doc_reset_checklist (theirs, "login", OKP_TEST_NOW + 10);
  okp_progress_doc_set_solved (ours, "withdrawal", TRUE, OKP_TEST_NOW + 20);
  merged = okp_progress_merge (base, ours, theirs, changed);
  g_assert_false (okp_progress_doc_get_step_done (merged, "login", "a"));
  g_assert_true (okp_progress_doc_get_solved (merged, "withdrawal"));
}

int
main (int   argc,
      char *argv[])
{
  okp_test_init (&argc, &argv, "C.UTF-8");

  g_test_add_func ("/okp/store-document/json/duplicates", test_duplicates);
  g_test_add_func ("/okp/store-document/json/not-duplicates", test_not_duplicates);
  g_test_add_func ("/okp/store-document/json/invalid", test_invalid);
  g_test_add_func ("/okp/store-document/time/forms", test_time_forms);
  g_test_add_func ("/okp/store-document/time/range", test_time_range);
  g_test_add_func ("/okp/store-document/time/unreadable", test_unreadable_time);
  g_test_add_func ("/okp/store-document/access", test_access);
  g_test_add_func ("/okp/store-document/merge/disjoint", test_merge_disjoint);
  g_test_add_func ("/okp/store-document/merge/conflicts", test_merge_conflicts);
  g_test_add_func ("/okp/store-document/merge/no-base", test_merge_no_base);
  g_test_add_func ("/okp/store-document/merge/reset", test_merge_reset);

  return g_test_run ();
}
