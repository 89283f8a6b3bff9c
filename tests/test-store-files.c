/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-files"

/*
 * The progress file as the store treats it: which files it removes, what
 * it keeps aside, that what it writes it reads back, the limits where the
 * user types, a read that changes nothing, and where the file is.
 */

#include "config.h"

#include "okp-checklist-progress.h"
#include "okp-progress-store.h"
#include "okp-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#define DOC_2_OF_6 \
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {" \
  "\"reset-password\": {\"done\": true, \"changed\": \"2026-11-26T10:00:00Z\"}, " \
  "\"check-network\": {\"done\": true, \"changed\": \"2026-11-26T10:00:00Z\"}}, " \
  "\"notes\": {\"error-message\": \"locked\"}, \"solved\": true}}}\n"

/* Class 1: only files unmistakably the store's are ever removed. */
static void
test_only_own_temp_files_removed (OkpStoreFixture *f,
                                  gconstpointer    data)
{
  /* Names a user or another program may have chosen: never touched, old
   * as they may be. */
  static const char * const theirs[] = {
    "progress.json.backup",
    "progress.json.abc123",
    "progress.json.Ab3xZ9",
    "progress.json.old",
    "progress.json.okp-tmp-Ab3xZ9",
    ".progress.json.okp-tmp-Ab3xZ",
    ".progress.json.okp-tmp-Ab3xZ9.bak",
    ".progress.json.okp-tmp-Ab3-Z9",
    ".other.json.okp-tmp-Ab3xZ9",
    "notes.txt.Ab3xZ9",
    "progress.json.broken-20250101-000000-invalid-json",
  };
  g_autofree char *stale = okp_store_fixture_file (f, ".progress.json.okp-tmp-Ab3xZ9");
  g_autofree char *stale2 = okp_store_fixture_file (f, ".progress.json.okp-tmp-000000");
  g_autofree char *fresh = okp_store_fixture_file (f, ".progress.json.okp-tmp-Qw7Er2");
  g_autofree char *stale_dir = okp_store_fixture_file (f, ".progress.json.okp-tmp-Dir123");
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, DOC_2_OF_6, -1);
  for (guint i = 0; i < G_N_ELEMENTS (theirs); i++)
    {
      g_autofree char *path = okp_store_fixture_file (f, theirs[i]);

      okp_test_write_file (path, theirs[i], -1);
      okp_test_set_age (path, 3600);
    }
  okp_test_write_file (stale, "{\"version\": 1, \"chec", -1);
  okp_test_set_age (stale, 3600);
  okp_test_write_file (stale2, "", 0);
  okp_test_set_age (stale2, 61 + 5);
  okp_test_write_file (fresh, "{\"version\": 1, \"chec", -1);
  g_assert_cmpint (g_mkdir (stale_dir, 0700), ==, 0);
  okp_test_set_age (stale_dir, 3600);

  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale2, G_FILE_TEST_EXISTS));
  /* One that may still be being written by another process stays, and
   * only regular files are removed. */
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (stale_dir, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < G_N_ELEMENTS (theirs); i++)
    {
      g_autofree char *path = okp_store_fixture_file (f, theirs[i]);

      okp_test_assert_file (path, theirs[i], -1);
    }
  okp_test_assert_file (f->path, DOC_2_OF_6, -1);
}

/* Class 1: the store's own writes leave nothing but progress.json, and
 * never touch a file of someone else's name beside it. */
static void
test_writes_leave_nothing (OkpStoreFixture *f,
                           gconstpointer    data)
{
  g_autofree char *user = okp_store_fixture_file (f, "progress.json.abc123");
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autofree char *listing = NULL;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (user, "mine", -1);
  okp_progress_store_load (store, NULL);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *step = g_strdup_printf ("step-%u", i);

      okp_progress_store_set_step_done (store, "login", step, TRUE);
      g_assert_true (okp_progress_store_save (store, &error));
      g_assert_no_error (error);
    }

  listing = okp_test_list_dir (f->datadir);
  g_assert_cmpstr (listing, ==, "progress.json\nprogress.json.abc123");
  okp_test_assert_file (user, "mine", -1);
}

/* Class 2: a member given twice, at any depth, makes the file unreadable:
 * kept aside byte for byte with a message, never merged away. */
static const char * const duplicate_docs[] = {
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true}}}}, "
  "\"checklists\": {}}\n",
  "{\"version\": 1, \"version\": 1, \"checklists\": {}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"solved\": true}, \"login\": {}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true}, "
  "\"a\": {\"done\": false}}}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"notes\": {\"n\": \"mine\", \"n\": \"\"}}}}",
  "{\"version\": 1, \"checklists\": {\"login\": {\"steps\": {\"a\": {\"done\": true, "
  "\"done\": false}}}}}",
};

static void
test_duplicate_kept_aside (OkpStoreFixture *f,
                           gconstpointer    data)
{
  const char *doc = data;
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autofree char *message = NULL;
  g_autofree char *aside = okp_store_fixture_file (f, "progress.json.broken-" OKP_TEST_STAMP
                                                   "-duplicate-member");

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, doc, -1);

  g_assert_cmpint (okp_progress_store_load (store, &message), ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_nonnull (message);
  g_assert_cmpstr (okp_progress_store_get_recovered_path (store), ==, aside);
  okp_test_assert_file (aside, doc, -1);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

/* Class 2: such a file written by someone else while the store runs is
 * kept aside too before the store writes. */
static void
test_duplicate_meanwhile (OkpStoreFixture *f,
                          gconstpointer    data)
{
  const char *doc = duplicate_docs[0];
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = okp_store_fixture_file (f, "progress.json.broken-" OKP_TEST_STAMP
                                                   "-duplicate-member");

  okp_store_fixture_mkdir (f);
  okp_progress_store_load (store, NULL);
  okp_test_write_file (f->path, doc, -1);
  okp_progress_store_set_solved (store, "withdrawal", TRUE);
  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);
  okp_test_assert_file (aside, doc, -1);
}

/* A file of about @size bytes, most of it long strings in a member this
 * version does not know; @pretty indents it as a person or another tool
 * might, which the store does not do. */
static char *
large_doc (gsize    size,
           gboolean pretty)
{
  GString *doc = g_string_new ("{\"version\": 1, \"checklists\": {\"login\": {\"steps\": "
                               "{\"a\": {\"done\": true}}}}, \"padding\": [");
  const char *separator = pretty ? ",\n                " : ",";
  const char *end = "\"]}\n";

  while (doc->len + 4000 + strlen (separator) + 2 + strlen (end) + 2 < size)
    {
      g_string_append_c (doc, '"');
      for (guint i = 0; i < 4000; i++)
        g_string_append_c (doc, 'x');
      g_string_append_c (doc, '"');
      g_string_append (doc, separator);
    }

  /* The last string fills the file to its size exactly. */
  g_string_append_c (doc, '"');
  while (doc->len + strlen (end) < size)
    g_string_append_c (doc, 'y');
  g_string_append (doc, end);
  g_assert_cmpuint (doc->len, ==, size);
  return g_string_free (doc, FALSE);
}

/* Class 3: what the store writes it reads back, from a file near the
 * limit, compact or indented. */
static void
test_near_limit_round_trip (OkpStoreFixture *f,
                            gconstpointer    data)
{
  gboolean pretty = GPOINTER_TO_INT (data);
  g_autofree char *doc = large_doc (OKP_PROGRESS_MAX_FILE_SIZE - 200, pretty);
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) again = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, doc, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  okp_progress_store_set_step_done (store, "login", "b", TRUE);
  g_assert_true (okp_progress_store_save (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <=, OKP_PROGRESS_MAX_FILE_SIZE);

  again = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (again, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_get_step_done (again, "login", "a"));
  g_assert_true (okp_progress_store_get_step_done (again, "login", "b"));
}

/* Class 3: a save that would not fit is refused, the file stays as it
 * was, and nothing is retried in a loop. */
static void
test_too_large_not_written (OkpStoreFixture *f,
                            gconstpointer    data)
{
  g_autofree char *doc = large_doc (OKP_PROGRESS_MAX_FILE_SIZE - 100, FALSE);
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *long_id = g_strnfill (400, 's');

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, doc, -1);
  g_assert_cmpint (okp_progress_store_load (store, NULL), ==, OKP_STORE_STATUS_OK);

  okp_progress_store_set_step_done (store, "login", long_id, TRUE);
  g_assert_false (okp_progress_store_save (store, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_TOO_LARGE);
  okp_test_assert_file (f->path, doc, -1);
  g_assert_true (okp_progress_store_get_dirty (store));
  g_assert_true (okp_progress_store_get_step_done (store, "login", long_id));
}

/* Class 3: a note is refused where it is typed, with a message, beyond
 * the note limit or the file's. */
static void
test_note_limits (OkpStoreFixture *f,
                  gconstpointer    data)
{
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(OkpProgressStore) big = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at_limit = g_strnfill (OKP_PROGRESS_MAX_NOTE_SIZE, 'a');
  g_autofree char *over = g_strnfill (OKP_PROGRESS_MAX_NOTE_SIZE + 1, 'a');
  g_autofree char *doc = NULL;
  g_autofree char *note = g_strnfill (1000, 'n');

  okp_store_fixture_mkdir (f);
  okp_progress_store_load (store, NULL);
  g_assert_true (okp_progress_store_set_note (store, "login", "n", "short"));

  g_assert_true (okp_progress_store_check_note (store, "login", "n", at_limit, &error));
  g_assert_no_error (error);
  g_assert_true (okp_progress_store_set_note (store, "login", "n", at_limit));
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "n"), ==, at_limit);

  g_assert_false (okp_progress_store_check_note (store, "login", "n", over, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOTE_TOO_LONG);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  g_assert_false (okp_progress_store_set_note (store, "login", "n", over));
  g_assert_false (okp_progress_store_set_note (store, "login", "other", over));
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "n"), ==, at_limit);
  g_assert_null (okp_progress_store_get_note (store, "login", "other"));

  /* Shortening or removing is always possible. */
  g_assert_true (okp_progress_store_set_note (store, "login", "n", NULL));
  g_assert_true (okp_progress_store_set_note (store, "login", "n", ""));

  /* Near the file's limit, a note that would not fit is refused. */
  doc = large_doc (OKP_PROGRESS_MAX_FILE_SIZE - 600, FALSE);
  okp_test_write_file (f->path, doc, -1);
  big = okp_store_fixture_store (f);
  g_assert_cmpint (okp_progress_store_load (big, NULL), ==, OKP_STORE_STATUS_OK);
  g_assert_true (okp_progress_store_set_note (big, "login", "n", "fits"));
  g_assert_false (okp_progress_store_check_note (big, "login", "n", note, &error));
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_TOO_LARGE);
  g_assert_false (okp_progress_store_set_note (big, "login", "n", note));
  g_assert_cmpstr (okp_progress_store_get_note (big, "login", "n"), ==, "fits");
  g_clear_error (&error);
  g_assert_true (okp_progress_store_save (big, &error));
  g_assert_no_error (error);
}

/* Class 9: an interrupted write in place left a backup and a damaged
 * file: the backup's progress comes back, the damaged file is kept. */
static void
test_backup_restored (OkpStoreFixture *f,
                      gconstpointer    data)
{
  g_autofree char *backup = okp_store_fixture_file (f, ".progress.json.okp-backup");
  g_autofree char *aside = okp_store_fixture_file (f, "progress.json.broken-" OKP_TEST_STAMP
                                                   "-invalid-json");
  g_autoptr(OkpProgressStore) peek = okp_progress_store_new (f->path);
  g_autoptr(OkpProgressStore) store = okp_store_fixture_store (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (backup, DOC_2_OF_6, -1);
  okp_test_write_file (f->path, "{\"version\":1,\"checkl", -1);

  /* A reader sees the backup's progress and changes nothing. */
  g_assert_true (okp_progress_store_peek (peek, &error));
  g_assert_no_error (error);
  g_assert_true (okp_progress_store_get_solved (peek, "login"));
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));

  g_assert_cmpint (okp_progress_store_load (store, &message), ==, OKP_STORE_STATUS_RECOVERED);
  g_assert_nonnull (message);
  g_assert_true (okp_progress_store_get_solved (store, "login"));
  g_assert_cmpstr (okp_progress_store_get_note (store, "login", "error-message"), ==, "locked");
  okp_test_assert_file (aside, "{\"version\":1,\"checkl", -1);

  /* Written back at once; the backup then goes. */
  g_assert_true (okp_progress_store_get_dirty (store));
  okp_progress_store_flush (store);
  g_assert_false (okp_progress_store_get_dirty (store));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
}

/* Class 7: a read for display changes nothing, whatever the file is. */
typedef struct
{
  const char *name;
  const char *contents;    /* NULL: no file */
  gboolean    readable;
  guint       done;
} PeekCase;

static const PeekCase peek_cases[] = {
  { "valid", DOC_2_OF_6, TRUE, 2 },
  { "missing", NULL, TRUE, 0 },
  { "invalid", "{\"version\": 1, \"checkl", FALSE, 0 },
  { "duplicate", "{\"version\": 1, \"version\": 1}", FALSE, 0 },
  { "wrong-shape", "[1, 2]", FALSE, 0 },
  { "newer", "{\"version\": 9, \"checklists\": {\"login\": {\"steps\": "
    "{\"reset-password\": {\"done\": true}}}}}", TRUE, 1 },
};

static void
test_peek_changes_nothing (OkpStoreFixture *f,
                           gconstpointer    data)
{
  const PeekCase *c = data;
  const char * const steps[] = { "reset-password", "check-network", NULL };
  g_autofree char *stale = okp_store_fixture_file (f, ".progress.json.okp-tmp-Ab3xZ9");
  g_autoptr(OkpProgressStore) store = okp_progress_store_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GStatBuf st_before, st_after;

  okp_store_fixture_mkdir (f);
  okp_test_write_file (stale, "x", -1);
  okp_test_set_age (stale, 3600);
  if (c->contents != NULL)
    {
      okp_test_write_file (f->path, c->contents, -1);
      g_assert_cmpint (g_stat (f->path, &st_before), ==, 0);
    }
  before = okp_test_list_dir (f->datadir);

  g_assert_cmpint (okp_progress_store_peek (store, &error), ==, c->readable);
  if (c->readable)
    g_assert_no_error (error);
  else
    {
      g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_UNREADABLE);
      g_assert_nonnull (strstr (error->message, "progress.json"));
    }
  g_assert_cmpuint (okp_progress_store_count_done (store, "login", steps), ==, c->done);
  g_assert_true (okp_progress_store_get_read_only (store));

  /* Nothing is ever written, not even on request or when it goes. */
  okp_progress_store_set_step_done (store, "login", "check-network", TRUE);
  g_assert_false (okp_progress_store_save (store, NULL));
  okp_progress_store_flush (store);
  g_clear_object (&store);

  after = okp_test_list_dir (f->datadir);
  g_assert_cmpstr (after, ==, before);
  if (c->contents != NULL)
    {
      okp_test_assert_file (f->path, c->contents, -1);
      g_assert_cmpint (g_stat (f->path, &st_after), ==, 0);
      g_assert_cmpint (st_after.st_mtime, ==, st_before.st_mtime);
      g_assert_cmpint (st_after.st_ino, ==, st_before.st_ino);
    }
}

/* Class 7: with no usable temporary folder and a data folder that cannot
 * be written, the listing's read gives the real progress, creates nothing,
 * and says when the file cannot be read. */
static void
test_listing_read (OkpStoreFixture *f,
                   gconstpointer    data)
{
  g_autofree char *missing_tmp = g_build_filename (f->tmpdir, "no-such-tmp", NULL);
  g_autofree char *saved_tmpdir = g_strdup (g_getenv ("TMPDIR"));
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *top_before = NULL;
  g_autofree char *top_after = NULL;
  const char * const steps[] = { "reset-password", "check-network", "other", NULL };

  okp_store_fixture_mkdir (f);
  okp_test_write_file (f->path, DOC_2_OF_6, -1);
  g_assert_cmpint (g_chmod (f->datadir, 0500), ==, 0);
  g_setenv ("TMPDIR", missing_tmp, TRUE);
  before = okp_test_list_dir (f->datadir);
  top_before = okp_test_list_dir (f->tmpdir);

  store = okp_checklist_progress_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (okp_progress_store_count_done (store, "login", steps), ==, 2);
  g_assert_true (okp_progress_store_get_solved (store, "login"));
  g_clear_object (&store);

  /* Unreadable: an error to say so, not an empty store. */
  g_assert_cmpint (g_chmod (f->datadir, 0700), ==, 0);
  okp_test_write_file (f->path, "{\"version\": 1, \"checklists\": {}, \"checklists\": {}}", -1);
  g_assert_cmpint (g_chmod (f->datadir, 0500), ==, 0);
  store = okp_checklist_progress_load (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_UNREADABLE);

  after = okp_test_list_dir (f->datadir);
  top_after = okp_test_list_dir (f->tmpdir);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (top_after, ==, top_before);

  g_assert_cmpint (g_chmod (f->datadir, 0700), ==, 0);
  if (saved_tmpdir != NULL)
    g_setenv ("TMPDIR", saved_tmpdir, TRUE);
  else
    g_unsetenv ("TMPDIR");
}

/* Class 9: a relative XDG_DATA_HOME is ignored, as the XDG base directory
 * specification says: ~/.local/share is used. */
static void
test_relative_data_home (void)
{
  static const char * const relative[] = { "data", "./share", "../x/y", "~/share" };
  g_autofree char *saved = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *expected = g_build_filename (g_get_home_dir (), ".local", "share", APP_ID,
                                                "progress.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (relative); i++)
    {
      g_autofree char *path = NULL;

      g_setenv ("XDG_DATA_HOME", relative[i], TRUE);
      path = okp_progress_store_default_path ();
      g_assert_cmpstr (path, ==, expected);
      g_assert_true (g_path_is_absolute (path));
    }

  if (saved != NULL)
    g_setenv ("XDG_DATA_HOME", saved, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
}

int
main (int   argc,
      char *argv[])
{
  okp_test_init (&argc, &argv, "C.UTF-8");

  OKP_TEST_ADD_STORE ("/okp/store-files/temp/only-own-removed", test_only_own_temp_files_removed,
                      NULL);
  OKP_TEST_ADD_STORE ("/okp/store-files/temp/writes-leave-nothing", test_writes_leave_nothing,
                      NULL);
  for (guint i = 0; i < G_N_ELEMENTS (duplicate_docs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/okp/store-files/duplicate/kept-aside/%u", i);

      OKP_TEST_ADD_STORE (name, test_duplicate_kept_aside, duplicate_docs[i]);
    }
  OKP_TEST_ADD_STORE ("/okp/store-files/duplicate/meanwhile", test_duplicate_meanwhile, NULL);
  OKP_TEST_ADD_STORE ("/okp/store-files/limits/near-limit-compact", test_near_limit_round_trip,
                      GINT_TO_POINTER (FALSE));
  OKP_TEST_ADD_STORE ("/okp/store-files/limits/near-limit-indented", test_near_limit_round_trip,
                      GINT_TO_POINTER (TRUE));
  OKP_TEST_ADD_STORE ("/okp/store-files/limits/too-large-not-written", test_too_large_not_written,
                      NULL);
  OKP_TEST_ADD_STORE ("/okp/store-files/limits/notes", test_note_limits, NULL);
  OKP_TEST_ADD_STORE ("/okp/store-files/backup-restored", test_backup_restored, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (peek_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/okp/store-files/peek/%s", peek_cases[i].name);

      OKP_TEST_ADD_STORE (name, test_peek_changes_nothing, &peek_cases[i]);
    }
  OKP_TEST_ADD_STORE ("/okp/store-files/peek/listing", test_listing_read, NULL);
  g_test_add_func ("/okp/store-files/relative-data-home", test_relative_data_home);

  return g_test_run ();
}
