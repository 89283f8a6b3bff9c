/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-progress-store"

/*
 * The progress file loader, on any bytes. Beyond not crashing, hanging or
 * leaking, it checks what docs/progress-format.md promises: a file is used
 * whole or moved aside byte for byte; a file that is used is written back
 * in a form that is read again as the same progress, and writing it twice
 * gives the same bytes; a newer version's file is never written.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-progress-store.h"

#include <glib/gstdio.h>
#include <string.h>

/* 2026-11-26T10:00:00Z: the name a bad file is moved to does not depend
 * on when the fuzzer runs. */
static gint64
fixed_clock (gpointer user_data)
{
  return G_GINT64_CONSTANT (1795687200);
}

static char *
read_all (const char *path,
          gsize      *length)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, NULL))
    return NULL;
  return contents;
}

static OkpProgressStore *
new_store (const char *path)
{
  OkpProgressStore *store = okp_progress_store_new (path);

  okp_progress_store_set_clock (store, fixed_clock, NULL);
  return store;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *dir;
  g_autofree char *path = NULL;
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  OkpStoreStatus status;

  okp_fuzz_init ();
  dir = okp_fuzz_tmpdir ();
  okp_fuzz_clear_dir (dir);
  path = g_build_filename (dir, "progress.json", NULL);

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    abort ();

  store = new_store (path);
  status = okp_progress_store_load (store, &message);

  switch (status)
    {
    case OKP_STORE_STATUS_RECOVERED:
      {
        /* Moved aside whole, and the user is told where. */
        const char *aside = okp_progress_store_get_recovered_path (store);
        g_autofree char *kept = NULL;
        gsize kept_length = 0;

        okp_fuzz_check (aside != NULL);
        okp_fuzz_check (message != NULL);
        okp_fuzz_check (!g_file_test (path, G_FILE_TEST_EXISTS));
        kept = read_all (aside, &kept_length);
        okp_fuzz_check (kept != NULL);
        okp_fuzz_check (kept_length == size && memcmp (kept, data, size) == 0);
      }
      break;

    case OKP_STORE_STATUS_READ_ONLY:
      {
        /* Never written, whatever the user does. */
        g_autofree char *after = NULL;
        gsize after_length = 0;

        okp_progress_store_set_step_done (store, "login", "reset-password", TRUE);
        okp_progress_store_set_note (store, "login", "error-message", "x");
        okp_fuzz_check (!okp_progress_store_save (store, &error));
        g_clear_error (&error);
        okp_progress_store_flush (store);
        g_clear_object (&store);

        after = read_all (path, &after_length);
        okp_fuzz_check (after != NULL);
        okp_fuzz_check (after_length == size && memcmp (after, data, size) == 0);
      }
      break;

    case OKP_STORE_STATUS_OK:
      {
        /* Used: a change is saved, and what was saved is read back as
         * the same thing and written again as the same bytes. */
        g_autoptr(OkpProgressStore) again = NULL;
        g_autofree char *first = NULL;
        g_autofree char *second = NULL;
        gsize first_length = 0;
        gsize second_length = 0;
        const char *steps[] = { "reset-password", "check-network", NULL };
        gboolean done = !okp_progress_store_get_step_done (store, "login", "check-network");

        okp_fuzz_check (message == NULL);
        okp_progress_store_set_step_done (store, "login", "check-network", done);
        okp_fuzz_check (okp_progress_store_save (store, &error));
        first = read_all (path, &first_length);
        okp_fuzz_check (first != NULL);

        again = new_store (path);
        okp_fuzz_check (okp_progress_store_load (again, NULL) == OKP_STORE_STATUS_OK);
        okp_fuzz_check (okp_progress_store_get_step_done (again, "login", "check-network") == done);
        okp_fuzz_check (okp_progress_store_count_done (again, "login", steps) ==
                        okp_progress_store_count_done (store, "login", steps));
        okp_fuzz_check (okp_progress_store_get_solved (again, "login") ==
                        okp_progress_store_get_solved (store, "login"));
        okp_fuzz_check (g_strcmp0 (okp_progress_store_get_note (again, "login", "error-message"),
                                   okp_progress_store_get_note (store, "login", "error-message"))
                        == 0);

        /* Start over and undo: the checklist is back as it was. */
        {
          g_autoptr(OkpProgressSnapshot) snapshot = NULL;

          snapshot = okp_progress_store_reset_checklist (again, "login");

          okp_fuzz_check (okp_progress_store_count_done (again, "login", steps) == 0);
          okp_progress_store_restore_checklist (again, snapshot);
        }
        okp_fuzz_check (okp_progress_store_save (again, &error));
        second = read_all (path, &second_length);
        okp_fuzz_check (second != NULL);
        okp_fuzz_check (first_length == second_length && memcmp (first, second, first_length) == 0);
      }
      break;

    case OKP_STORE_STATUS_NEW:
    default:
      /* The file was just written: it cannot be missing. */
      abort ();
    }

  return 0;
}
