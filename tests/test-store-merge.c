/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-merge"

/*
 * Two stores on one file, as two instances of the application started on
 * different D-Bus sessions would have: neither loses the other's ticks.
 * Before writing, a store that finds the file changed since it read it
 * merges: per step the later tick or untick wins, notes and the rest of a
 * checklist come from the side that changed the checklist last, a "Start
 * over" is not undone by the other side's older state, and ids neither
 * knows are kept. The store says so with the "merged" signal.
 */

#include "config.h"

#include "okp-progress-store.h"
#include "okp-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define T0 OKP_TEST_NOW

typedef struct
{
  gint64 now;
  guint  merged;
  char  *merged_ids;   /* comma separated */
} Side;

typedef struct
{
  OkpStoreFixture files;
  const char     *path;   /* files.path */
  Side            a;
  Side            b;
} Fixture;

static gint64
side_clock (gpointer user_data)
{
  Side *side = user_data;

  return side->now;
}

static void
merged_cb (OkpProgressStore   *store,
           const char * const *ids,
           Side               *side)
{
  side->merged++;
  g_free (side->merged_ids);
  side->merged_ids = g_strjoinv (",", (char **) ids);
}

static OkpProgressStore *
side_store (Fixture *f,
            Side    *side)
{
  OkpProgressStore *store = okp_progress_store_new (f->path);

  okp_progress_store_set_clock (store, side_clock, side);
  g_signal_connect (store, "merged", G_CALLBACK (merged_cb), side);
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  okp_store_fixture_setup (&f->files, data);
  okp_store_fixture_mkdir (&f->files);
  f->path = f->files.path;
  f->a.now = T0;
  f->b.now = T0;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  okp_store_fixture_teardown (&f->files, data);
  g_free (f->a.merged_ids);
  g_free (f->b.merged_ids);
}

static void
save (OkpProgressStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
}

static OkpProgressStore *
reread (Fixture *f)
{
  OkpProgressStore *store = okp_progress_store_new (f->path);

  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);
  return store;
}

/* Each ticks its own steps: the file ends up with all of them, and each
 * store learns of the other's. */
static void
test_both_keep_their_ticks (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(OkpProgressStore) b = side_store (f, &f->b);
  g_autoptr(OkpProgressStore) check = NULL;

  g_assert_cmpint (okp_progress_store_load (a, NULL), ==, OKP_STORE_STATUS_NEW);
  g_assert_cmpint (okp_progress_store_load (b, NULL), ==, OKP_STORE_STATUS_NEW);

  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  save (a);
  g_assert_cmpuint (f->a.merged, ==, 0);

  f->b.now = T0 + 10;
  okp_progress_store_set_step_done (b, "login", "check-network", TRUE);
  okp_progress_store_set_step_done (b, "withdrawal", "check-account", TRUE);
  save (b);
  g_assert_cmpuint (f->b.merged, ==, 1);
  g_assert_cmpstr (f->b.merged_ids, ==, "login");
  g_assert_true (okp_progress_store_get_step_done (b, "login", "reset-password"));

  f->a.now = T0 + 20;
  okp_progress_store_set_note (a, "login", "error-message", "Account locked");
  save (a);
  g_assert_cmpuint (f->a.merged, ==, 1);
  g_assert_true (okp_progress_store_get_step_done (a, "login", "check-network"));
  g_assert_true (okp_progress_store_get_step_done (a, "withdrawal", "check-account"));

  check = reread (f);
  g_assert_true (okp_progress_store_get_step_done (check, "login", "reset-password"));
  g_assert_true (okp_progress_store_get_step_done (check, "login", "check-network"));
  g_assert_true (okp_progress_store_get_step_done (check, "withdrawal", "check-account"));
  g_assert_cmpstr (okp_progress_store_get_note (check, "login", "error-message"), ==,
                   "Account locked");
  g_assert_cmpint (okp_progress_store_get_updated (check, "login"), ==, T0 + 20);

  /* Nothing changed since: saving again merges nothing. */
  okp_progress_store_set_solved (a, "withdrawal", TRUE);
  save (a);
  g_assert_cmpuint (f->a.merged, ==, 1);
}

/* Both change the same step: the later change wins, whichever saves last. */
static void
test_same_step_later_wins (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(OkpProgressStore) b = side_store (f, &f->b);
  g_autoptr(OkpProgressStore) check = NULL;

  okp_progress_store_load (a, NULL);
  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  okp_progress_store_set_step_done (a, "login", "check-network", TRUE);
  save (a);
  okp_progress_store_load (b, NULL);

  /* B unticks reset-password later than A ticks check-browser... */
  f->a.now = T0 + 100;
  okp_progress_store_set_step_done (a, "login", "check-browser", TRUE);
  f->b.now = T0 + 200;
  okp_progress_store_set_step_done (b, "login", "reset-password", FALSE);
  /* ...and A unticks check-network after B ticked it again (it never
   * changed in B: B's is the base, so A's change stands). */
  f->a.now = T0 + 300;
  okp_progress_store_set_step_done (a, "login", "check-network", FALSE);

  save (b);
  save (a);

  check = reread (f);
  g_assert_false (okp_progress_store_get_step_done (check, "login", "reset-password"));
  g_assert_cmpint (okp_progress_store_get_step_time (check, "login", "reset-password"), ==,
                   T0 + 200);
  g_assert_false (okp_progress_store_get_step_done (check, "login", "check-network"));
  g_assert_true (okp_progress_store_get_step_done (check, "login", "check-browser"));

  /* The same step changed on both sides: the later one wins even when
   * the earlier is saved last. */
  f->a.now = T0 + 400;
  okp_progress_store_set_step_done (a, "login", "unlock-account", TRUE);
  save (a);
  save (b);   /* b learns of it */
  g_assert_true (okp_progress_store_get_step_done (b, "login", "unlock-account"));
  f->b.now = T0 + 500;
  okp_progress_store_set_step_done (b, "login", "unlock-account", FALSE);
  f->a.now = T0 + 450;
  okp_progress_store_set_step_done (a, "login", "unlock-account", FALSE);
  f->a.now = T0 + 460;
  okp_progress_store_set_step_done (a, "login", "unlock-account", TRUE);
  save (b);
  save (a);
  g_clear_object (&check);
  check = reread (f);
  g_assert_false (okp_progress_store_get_step_done (check, "login", "unlock-account"));
  g_assert_cmpint (okp_progress_store_get_step_time (check, "login", "unlock-account"), ==,
                   T0 + 500);
  g_assert_false (okp_progress_store_get_step_done (a, "login", "unlock-account"));
}

/* Notes, solved: from the side that changed the checklist last. */
static void
test_notes_later_wins (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(OkpProgressStore) b = side_store (f, &f->b);
  g_autoptr(OkpProgressStore) check = NULL;

  okp_progress_store_load (a, NULL);
  okp_progress_store_load (b, NULL);

  f->b.now = T0 + 50;
  okp_progress_store_set_note (b, "transaction-failed", "amount", "100 USD");
  okp_progress_store_set_note (b, "transaction-failed", "transaction-id", "TX-1");
  f->a.now = T0 + 10;
  okp_progress_store_set_note (a, "transaction-failed", "amount", "90 USD");
  okp_progress_store_set_solved (a, "transaction-failed", TRUE);

  save (b);
  save (a);

  check = reread (f);
  g_assert_cmpstr (okp_progress_store_get_note (check, "transaction-failed", "amount"), ==,
                   "100 USD");
  g_assert_cmpstr (okp_progress_store_get_note (check, "transaction-failed", "transaction-id"), ==,
                   "TX-1");
  g_assert_cmpint (okp_progress_store_get_updated (check, "transaction-failed"), ==, T0 + 50);
}

/* "Start over" on one side is not undone by the other's older state. */
static void
test_start_over_kept (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(OkpProgressStore) b = side_store (f, &f->b);
  g_autoptr(OkpProgressStore) check = NULL;
  g_autoptr(OkpProgressSnapshot) snapshot = NULL;

  okp_progress_store_load (a, NULL);
  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  okp_progress_store_set_note (a, "login", "error-message", "locked");
  save (a);
  okp_progress_store_load (b, NULL);

  f->a.now = T0 + 60;
  snapshot = okp_progress_store_reset_checklist (a, "login");
  save (a);

  f->b.now = T0 + 70;
  okp_progress_store_set_step_done (b, "withdrawal", "check-account", TRUE);
  save (b);
  g_assert_cmpuint (f->b.merged, ==, 1);
  g_assert_false (okp_progress_store_get_step_done (b, "login", "reset-password"));
  g_assert_null (okp_progress_store_get_note (b, "login", "error-message"));

  check = reread (f);
  g_assert_false (okp_progress_store_get_step_done (check, "login", "reset-password"));
  g_assert_null (okp_progress_store_get_note (check, "login", "error-message"));
  g_assert_true (okp_progress_store_get_step_done (check, "withdrawal", "check-account"));
}

/* Ids neither side knows, written by someone else, are kept. */
static void
test_unknown_kept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  JsonObject *root;

  okp_progress_store_load (a, NULL);
  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  save (a);

  /* Another release wrote members of its own meanwhile. */
  g_file_set_contents (f->path,
                       "{\"version\": 1, \"written-by\": \"2.0\", \"checklists\": {"
                       "\"login\": {\"steps\": {\"reset-password\": {\"done\": true, "
                       "\"changed\": \"2026-11-26T10:00:00Z\"}, \"old-step\": {\"done\": true}}, "
                       "\"updated\": \"2026-11-26T10:00:00Z\", "
                       "\"started\": \"2026-11-26T10:00:00Z\"}, "
                       "\"old-checklist\": {\"steps\": {}, \"priority\": 2}}}",
                       -1, &error);
  g_assert_no_error (error);

  f->a.now = T0 + 5;
  okp_progress_store_set_step_done (a, "login", "check-network", TRUE);
  save (a);
  g_assert_cmpuint (f->a.merged, ==, 1);

  contents = okp_test_read_file (f->path, NULL);
  json_parser_load_from_data (parser, contents, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "written-by"), ==, "2.0");
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "checklists"),
                                         "old-checklist"));
  g_assert_true (okp_progress_store_get_step_done (a, "login", "old-step"));
  g_assert_true (okp_progress_store_get_step_done (a, "login", "check-network"));
}

/* A newer release wrote the file meanwhile: it is never overwritten. */
static void
test_newer_version_meanwhile (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *newer = "{\"version\": 2, \"checklists\": {}}";

  okp_progress_store_load (a, NULL);
  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  save (a);

  g_file_set_contents (f->path, newer, -1, &error);
  g_assert_no_error (error);

  okp_progress_store_set_step_done (a, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (a, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NEWER_VERSION);
  g_assert_true (okp_progress_store_get_read_only (a));
  g_assert_true (okp_progress_store_get_step_done (a, "login", "check-network"));
  g_clear_object (&a);

  contents = okp_test_read_file (f->path, NULL);
  g_assert_cmpstr (contents, ==, newer);
}

/* Something unusable was put there meanwhile: it is kept aside, byte for
 * byte, and the store's state written in its place. */
static void
test_garbage_meanwhile (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(OkpProgressStore) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;

  okp_progress_store_load (a, NULL);
  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  save (a);

  g_file_set_contents (f->path, "{\"version\": 1, \"checklists\": [", -1, &error);
  g_assert_no_error (error);

  okp_progress_store_set_step_done (a, "login", "check-network", TRUE);
  save (a);

  aside = g_strconcat (f->path, ".broken-20261126-100000-invalid-json", NULL);
  kept = okp_test_read_file (aside, NULL);
  g_assert_cmpstr (kept, ==, "{\"version\": 1, \"checklists\": [");
  check = reread (f);
  g_assert_true (okp_progress_store_get_step_done (check, "login", "reset-password"));
  g_assert_true (okp_progress_store_get_step_done (check, "login", "check-network"));
}

/* The same content written again (a backup restored, a touch) is not a
 * change; nor is the store's own last write. */
static void
test_same_content_is_not_a_change (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(OkpProgressStore) a = side_store (f, &f->a);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  okp_progress_store_load (a, NULL);
  okp_progress_store_set_step_done (a, "login", "reset-password", TRUE);
  save (a);

  contents = okp_test_read_file (f->path, NULL);
  g_unlink (f->path);
  g_file_set_contents (f->path, contents, -1, &error);
  g_assert_no_error (error);

  okp_progress_store_set_step_done (a, "login", "check-network", TRUE);
  save (a);
  g_assert_cmpuint (f->a.merged, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  okp_test_init (&argc, &argv, "C.UTF-8");

#define ADD(name, func) \
  g_test_add ("/okp/store-merge/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("both-keep-their-ticks", test_both_keep_their_ticks);
  ADD ("same-step-later-wins", test_same_step_later_wins);
  ADD ("notes-later-wins", test_notes_later_wins);
  ADD ("start-over-kept", test_start_over_kept);
  ADD ("unknown-kept", test_unknown_kept);
  ADD ("newer-version-meanwhile", test_newer_version_meanwhile);
  ADD ("garbage-meanwhile", test_garbage_meanwhile);
  ADD ("same-content-is-not-a-change", test_same_content_is_not_a_change);

#undef ADD

  return g_test_run ();
}
