/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-store-crash-helper"

#include "config.h"

#include "okp-progress-store.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * Used by test-store-crash: saves progress in a tight loop until it is
 * killed. Each state is a counter, kept as a note, and the counter's low
 * bits as the ticks of CRASH_STEPS steps, so a file mixing two states is
 * seen. "ready" is printed once the file is loaded; then, after each
 * save returns, the counter on its own line: from then on, that state (or
 * a later one) must be on disk.
 *
 * A padding note makes each file large enough that writing it takes many
 * pages: a kill then lands inside a write often, and a store that wrote
 * in place would be caught leaving half a file.
 */

#define CRASH_CHECKLIST "crash"
#define CRASH_STEPS 12
#define PADDING_SIZE (256 * 1024)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autofree char *padding = NULL;
  OkpStoreStatus status;
  guint64 counter = 0;
  const char *note;

  if (argc != 2)
    {
      g_printerr ("Usage: %s PROGRESS-FILE\n", argv[0]);
      return 2;
    }

  store = okp_progress_store_new (argv[1]);
  status = okp_progress_store_load (store, NULL);
  if (status != OKP_STORE_STATUS_OK && status != OKP_STORE_STATUS_NEW)
    {
      g_printerr ("%s: unexpected status %d\n", argv[1], status);
      return 2;
    }

  padding = g_strnfill (PADDING_SIZE, 'p');
  okp_progress_store_set_note (store, CRASH_CHECKLIST, "padding", padding);

  /* Go on from the state the last run left on disk. */
  note = okp_progress_store_get_note (store, CRASH_CHECKLIST, "counter");
  if (note != NULL)
    counter = g_ascii_strtoull (note, NULL, 10);

  printf ("ready\n");
  fflush (stdout);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      counter++;
      for (guint k = 0; k < CRASH_STEPS; k++)
        {
          g_autofree char *step = g_strdup_printf ("step-%u", k);

          okp_progress_store_set_step_done (store, CRASH_CHECKLIST, step, (counter >> k) & 1);
        }
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, counter);
      okp_progress_store_set_note (store, CRASH_CHECKLIST, "counter", text);

      if (!okp_progress_store_save (store, &error))
        {
          g_printerr ("Save failed: %s\n", error->message);
          return 1;
        }

      printf ("%" G_GUINT64_FORMAT "\n", counter);
      fflush (stdout);
    }

  return 0;
}
