/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-checklist-progress"

#include "config.h"

#include "okp-checklist-progress.h"


/**
 * okp_checklist_progress_dup_step_ids:
 * @def: a checklist
 *
 * Returns: (transfer full): the ids of the checklist's steps, in order
 */
GStrv
okp_checklist_progress_dup_step_ids (const OkpChecklistDef *def)
{
  GStrv ids;

  g_return_val_if_fail (def != NULL, NULL);

  ids = g_new0 (char *, def->steps->len + 1);
  for (guint i = 0; i < def->steps->len; i++)
    {
      const OkpStep *step = g_ptr_array_index (def->steps, i);

      ids[i] = g_strdup (step->id);
    }

  return ids;
}

/**
 * okp_checklist_progress_count_done:
 * @store: the progress
 * @def: a checklist
 *
 * Returns: how many of the checklist's current steps are done
 */
guint
okp_checklist_progress_count_done (OkpProgressStore      *store,
                                   const OkpChecklistDef *def)
{
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (store), 0);
  g_return_val_if_fail (def != NULL, 0);

  ids = okp_checklist_progress_dup_step_ids (def);
  return okp_progress_store_count_done (store, def->id, (const char * const *) ids);
}

/**
 * okp_checklist_progress_load:
 * @path: a progress file
 * @error: where to say why it cannot be read
 *
 * Reads a progress file for display, for the command line's listing and
 * export, with okp_progress_store_peek(): nothing on disk is created,
 * moved, removed or written, and no temporary file or folder is needed.
 * The running application, if any, owns the file.
 *
 * Returns: (transfer full) (nullable): a read-only store with the progress
 *   (empty if there is no file yet), or %NULL if there is a file that
 *   cannot be read: then the caller must say so rather than show progress
 *   that is not the user's
 */
OkpProgressStore *
okp_checklist_progress_load (const char  *path,
                             GError     **error)
{
  g_autoptr(OkpProgressStore) store = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = okp_progress_store_new (path);
  if (!okp_progress_store_peek (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * okp_checklist_progress_read:
 * @path: a progress file
 * @status_out: (out) (optional): what was found at @path;
 *   %OKP_STORE_STATUS_RECOVERED when it cannot be read
 *
 * Like okp_checklist_progress_load(), for callers that show an empty
 * store with a warning of their own when the file cannot be read.
 *
 * Returns: (transfer full): a read-only store, empty if there is no file
 *   or it cannot be read
 */
OkpProgressStore *
okp_checklist_progress_read (const char     *path,
                             OkpStoreStatus *status_out)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean readable;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  store = okp_progress_store_new (path);
  readable = okp_progress_store_peek (store, &error);
  if (!readable)
    g_debug ("%s", error->message);

  if (status_out != NULL)
    *status_out = readable ? okp_progress_store_get_status (store) : OKP_STORE_STATUS_RECOVERED;

  return g_steal_pointer (&store);
}
