/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-checklist-progress"

#include "config.h"

#include "okp-checklist-progress.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

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

static void
remove_private_dir (gpointer data)
{
  g_autofree char *dirname = data;
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  const char *name;

  /* Only what the store put there: the link, the link moved aside, or a
   * temporary file. None of them is the user's file. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = g_build_filename (dirname, name, NULL);

      if (g_unlink (full) != 0)
        g_debug ("Could not remove %s: %s", full, g_strerror (errno));
    }

  if (g_rmdir (dirname) != 0)
    g_debug ("Could not remove %s: %s", dirname, g_strerror (errno));
}

/**
 * okp_checklist_progress_read:
 * @path: a progress file
 * @status_out: (out) (optional): what was found at @path
 *
 * Reads a progress file for display, changing nothing on disk, for the
 * command line's listing.
 *
 * okp_progress_store_load() is meant for the one program that owns the
 * file: it moves an unreadable file aside and tidies up after interrupted
 * saves. A listing must not do either, so the store is given a symbolic
 * link to @path in a private temporary folder. The store reads through the
 * link with all its checks (size, syntax, shape, version); anything it
 * moves or removes is the link itself or lies in that folder, and it
 * never writes through a link. The folder goes with the store.
 *
 * The store is meant to be read, not changed: a change would only ever be
 * written into the private folder.
 *
 * Returns: (transfer full): a loaded store; empty if there is no file or
 *   it cannot be read
 */
OkpProgressStore *
okp_checklist_progress_read (const char     *path,
                             OkpStoreStatus *status_out)
{
  g_autoptr(OkpProgressStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dirname = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *link = NULL;
  OkpStoreStatus status;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  dirname = g_dir_make_tmp ("okpay-help-XXXXXX", &error);
  if (dirname == NULL)
    {
      /* Without a private folder nothing can be read safely; the listing
       * shows no progress rather than risk touching the file. */
      g_debug ("No temporary folder to read progress through: %s", error->message);
      store = okp_progress_store_new (path);
      if (status_out != NULL)
        *status_out = OKP_STORE_STATUS_NEW;
      return g_steal_pointer (&store);
    }

  absolute = g_canonicalize_filename (path, NULL);
  link = g_build_filename (dirname, "progress.json", NULL);
  store = okp_progress_store_new (link);
  g_object_set_data_full (G_OBJECT (store), "okp-private-dir",
                          g_steal_pointer (&dirname), remove_private_dir);

  if (symlink (absolute, link) != 0)
    {
      g_debug ("Cannot link to %s: %s", absolute, g_strerror (errno));
      status = OKP_STORE_STATUS_NEW;
    }
  else
    {
      status = okp_progress_store_load (store, NULL);
    }

  if (status_out != NULL)
    *status_out = status;

  return g_steal_pointer (&store);
}
