/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-test-util"

#include "config.h"

#include "okp-test-util.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

/**
 * okp_test_init:
 * @locale: (nullable): the locale to run in, or %NULL for the
 *   environment's; "C.UTF-8" if it is not installed
 *
 * Sets the locale and the application's translations from the build tree
 * (OKP_LOCALEDIR), then initialises the test framework.
 */
void
okp_test_init (int          *argc,
               char       ***argv,
               const char   *locale)
{
  const char *localedir = g_getenv ("OKP_LOCALEDIR");

  if (setlocale (LC_ALL, locale != NULL ? locale : "") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
}

static gint64
fixture_clock (gpointer user_data)
{
  OkpStoreFixture *f = user_data;

  return f->now;
}

void
okp_store_fixture_setup (OkpStoreFixture *f,
                         gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("okp-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->datadir = g_build_filename (f->tmpdir, "data", "app", NULL);
  f->path = g_build_filename (f->datadir, "progress.json", NULL);
  f->now = OKP_TEST_NOW;
}

void
okp_store_fixture_teardown (OkpStoreFixture *f,
                            gconstpointer    data)
{
  okp_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->datadir);
  g_free (f->path);
}

/* A store of f->path whose clock is f->now. */
OkpProgressStore *
okp_store_fixture_store (OkpStoreFixture *f)
{
  OkpProgressStore *store = okp_progress_store_new (f->path);

  okp_progress_store_set_clock (store, fixture_clock, f);
  return store;
}

void
okp_store_fixture_mkdir (OkpStoreFixture *f)
{
  g_assert_cmpint (g_mkdir_with_parents (f->datadir, 0700), ==, 0);
}

/* The path of @name in the fixture's data folder. */
char *
okp_store_fixture_file (OkpStoreFixture *f,
                        const char      *name)
{
  return g_build_filename (f->datadir, name, NULL);
}

void
okp_test_rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          okp_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* @length -1: @data is a string. */
void
okp_test_write_file (const char  *path,
                     const char  *data,
                     gssize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

char *
okp_test_read_file (const char *path,
                    gsize      *length_out)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length_out, &error);
  g_assert_no_error (error);
  return contents;
}

/* The file holds exactly @data (@length -1: a string). */
void
okp_test_assert_file (const char *path,
                      const char *data,
                      gssize      length)
{
  g_autofree char *contents = NULL;
  gsize contents_length = 0;

  /* GLib 2.84's g_assert_cmpmem() does not bracket its arguments: the
   * length is worked out first. */
  gsize data_length = length < 0 ? strlen (data) : (gsize) length;

  contents = okp_test_read_file (path, &contents_length);
  g_assert_cmpmem (contents, contents_length, data, data_length);
}

/* Makes the file @seconds old, by the real clock. */
void
okp_test_set_age (const char *path,
                  gint64      seconds)
{
  gint64 when = g_get_real_time () / G_USEC_PER_SEC - seconds;
  struct utimbuf times = { .actime = when, .modtime = when };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in a folder, sorted, one a line; "" for an empty or missing one. */
char *
okp_test_list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("\n", (char **) names->pdata);
}

static void
save_failed_cb (OkpProgressStore *store,
                const GError     *error,
                OkpSaveWatch     *watch)
{
  watch->failed++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

static void
saved_cb (OkpProgressStore *store,
          OkpSaveWatch     *watch)
{
  watch->saved++;
}

/* @watch must outlive @store's signals. */
void
okp_save_watch_connect (OkpSaveWatch     *watch,
                        OkpProgressStore *store)
{
  g_signal_connect (store, "save-failed", G_CALLBACK (save_failed_cb), watch);
  g_signal_connect (store, "saved", G_CALLBACK (saved_cb), watch);
}

void
okp_save_watch_clear (OkpSaveWatch *watch)
{
  g_clear_error (&watch->error);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * okp_test_wait_for_count:
 * @counter: what a signal handler counts
 * @count: how many are awaited
 * @timeout_ms: a bound against hanging, not a measure: the wait ends as
 *   soon as *@counter reaches @count
 *
 * Runs the main loop until *@counter reaches @count.
 *
 * Returns: whether it did
 */
gboolean
okp_test_wait_for_count (const guint *counter,
                         guint        count,
                         guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (*counter < count && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return *counter >= count;
}

/* Runs the main loop for @ms milliseconds, for what must NOT happen. */
void
okp_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
