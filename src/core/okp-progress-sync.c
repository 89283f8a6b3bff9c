/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-store"

/*
 * The progress store and its file: reading the file into the store,
 * keeping a bad one aside (or restoring the copy an interrupted write in
 * place kept), and before each write, noticing that another process wrote
 * the file meanwhile and merging its changes in. The timing of writes and
 * the signals are in okp-progress-store.c.
 */

#include "config.h"

#include "okp-progress-store-private.h"
#include "okp-progress-document.h"
#include "okp-progress-merge.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Another process writing the same file */

static gint64
mtime_ns (const GStatBuf *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

char *
okp_progress_store_hash (const char *data,
            gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* Remembers the file as this store has just read or written it, whose
 * content hashes to @hash (NULL: there is no file). The status fields are
 * only trusted if the file read back still has that content, so a write
 * by another process in between is never taken for ours. */
void
okp_progress_store_remember_disk_file (OkpProgressStore *self,
                    const char       *hash)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *now = NULL;
  const char *data;
  gsize length;
  GStatBuf st;

  g_free (self->disk_hash);
  self->disk_hash = g_strdup (hash);
  self->disk_stat_valid = FALSE;

  if (hash == NULL || g_stat (self->path, &st) != 0 ||
      okp_progress_file_read (self->path, OKP_PROGRESS_DOC_MAX_SIZE, &bytes) !=
      OKP_PROGRESS_FILE_READ_OK)
    return;

  data = g_bytes_get_data (bytes, &length);
  now = okp_progress_store_hash (data, length);
  if (g_strcmp0 (now, hash) != 0)
    return;

  self->disk_dev = st.st_dev;
  self->disk_ino = st.st_ino;
  self->disk_size = st.st_size;
  self->disk_mtime_ns = mtime_ns (&st);
  self->disk_stat_valid = TRUE;
}

const char *
okp_progress_store_read_reason (OkpProgressFileRead result)
{
  switch (result)
    {
    case OKP_PROGRESS_FILE_READ_UNREADABLE:
      return "unreadable";
    case OKP_PROGRESS_FILE_READ_TOO_LARGE:
      return "too-large";
    case OKP_PROGRESS_FILE_READ_OK:
    case OKP_PROGRESS_FILE_READ_MISSING:
    default:
      return NULL;
    }
}

/* Before writing: if another process wrote the file since this store
 * last read or wrote it (a second instance of the application on another
 * D-Bus session, or a copy of the file restored by the user), its changes
 * are merged in rather than overwritten. A file that is now unusable is
 * moved aside first, and one from a newer version is never overwritten.
 * Adds to @changed_ids the checklists the merge changed. */
static gboolean
reconcile_with_disk (OkpProgressStore  *self,
                     GPtrArray         *changed_ids,
                     GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) theirs = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *moved = NULL;
  g_autoptr(GError) local_error = NULL;
  OkpProgressFileRead read_result;
  OkpProgressDocResult result;
  const char *reason;
  const char *data;
  gsize length;
  GStatBuf st;

  /* No file (any more): nothing to lose by writing. */
  if (g_stat (self->path, &st) != 0)
    return TRUE;

  if (self->disk_stat_valid && self->disk_dev == st.st_dev && self->disk_ino == st.st_ino &&
      self->disk_size == st.st_size && self->disk_mtime_ns == mtime_ns (&st))
    return TRUE;

  read_result = okp_progress_file_read (self->path, OKP_PROGRESS_DOC_MAX_SIZE, &bytes);
  if (read_result == OKP_PROGRESS_FILE_READ_MISSING)
    return TRUE;

  reason = okp_progress_store_read_reason (read_result);
  if (reason == NULL)
    {
      data = g_bytes_get_data (bytes, &length);
      hash = okp_progress_store_hash (data, length);
      if (g_strcmp0 (hash, self->disk_hash) == 0)
        {
          /* Same content, only touched or copied over: nothing to merge. */
          okp_progress_store_remember_disk_file (self, hash);
          return TRUE;
        }

      result = okp_progress_doc_parse (data, length, &theirs);
      if (result == OKP_PROGRESS_DOC_NEWER)
        {
          /* A newer release wrote it meanwhile: from now on this store
           * keeps its changes in memory only, as if it had loaded that. */
          self->read_only = TRUE;
          g_object_notify (G_OBJECT (self), "read-only");
          g_set_error_literal (error, OKP_PROGRESS_STORE_ERROR,
                               OKP_PROGRESS_STORE_ERROR_NEWER_VERSION,
                               _("Your progress is not saved: meanwhile a newer version of OKPay "
                                 "Help wrote the file, which is left as it is."));
          return FALSE;
        }
      reason = okp_progress_doc_result_reason (result);
    }

  if (reason != NULL)
    {
      /* Someone put something unusable there: it is kept aside, byte for
       * byte, like a bad file found at start, and this store's state is
       * written in its place. */
      g_info ("%s changed on disk into something unusable (%s)", self->path, reason);
      moved = okp_progress_file_move_aside (self->path, okp_progress_store_now (self), reason,
                                            &local_error);
      if (moved == NULL)
        {
          g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOT_MOVED,
                       _("Your progress is not saved yet, so that the unreadable file is not "
                         "overwritten: %s"),
                       local_error->message);
          return FALSE;
        }
      return TRUE;
    }

  g_info ("%s was changed by another process; merging", self->path);
  okp_progress_store_set_document (self, okp_progress_merge (self->base, self->root, theirs,
                                                             changed_ids));
  g_clear_pointer (&self->base, json_node_unref);
  self->base = g_steal_pointer (&theirs);
  g_free (self->disk_hash);
  self->disk_hash = g_steal_pointer (&hash);
  self->disk_stat_valid = FALSE;
  return TRUE;
}

gboolean
okp_progress_store_write_file (OkpProgressStore  *self,
            GError           **error)
{
  g_autofree char *dirname = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length;

  g_assert (!self->read_only);

  if (self->pending_reason != NULL)
    {
      g_autofree char *moved = NULL;

      moved = okp_progress_file_move_aside (self->path, okp_progress_store_now (self),
                                            self->pending_reason, &local_error);

      if (moved == NULL)
        {
          g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOT_MOVED,
                       _("Your progress is not saved yet, so that the unreadable file is not "
                         "overwritten: %s"),
                       local_error->message);
          return FALSE;
        }
      g_clear_pointer (&self->pending_reason, g_free);
    }

  if (g_mkdir_with_parents (dirname, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dirname);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Your progress could not be saved: the folder “%s” could not be created: "
                     "%s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  /* Refuse a symbolic link rather than replace it. A rename over the path
   * would never write through the link, but would quietly cut off the
   * file the link points to, which the user set up for a reason. */
  if (g_lstat (self->path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_SYMLINK,
                   _("Your progress could not be saved: “%s” is a symbolic link, and "
                     "progress is never written through one. Replace it with a regular file or "
                     "remove it."),
                   display);
      return FALSE;
    }

  if (!reconcile_with_disk (self, self->merged_ids, error))
    return FALSE;

  /* Never write what would not be read back. */
  data = okp_progress_doc_serialize (self->root, &length);
  self->size_bound = length;
  if (length > OKP_PROGRESS_DOC_MAX_SIZE)
    return okp_progress_store_too_large_error (error);

  if (!okp_progress_file_write (self->path, data, length, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Your progress could not be saved: "));
      return FALSE;
    }

  /* A copy kept by an interrupted write in place is not needed any more. */
  backup = okp_progress_file_backup_path (self->path);
  g_unlink (backup);

  {
    g_autofree char *hash = okp_progress_store_hash (data, length);

    okp_progress_store_remember_disk_file (self, hash);
    g_clear_pointer (&self->base, json_node_unref);
    self->base = okp_progress_doc_copy (self->root);
  }

  return TRUE;
}

/* The copy of the file kept by an interrupted write in place, if there is
 * one that can be used. Changes nothing on disk. */
static JsonNode *
read_backup (OkpProgressStore *self)
{
  g_autofree char *backup = okp_progress_file_backup_path (self->path);
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *root = NULL;
  const char *data;
  gsize length;

  if (okp_progress_file_read (backup, OKP_PROGRESS_DOC_MAX_SIZE, &bytes) !=
      OKP_PROGRESS_FILE_READ_OK)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (okp_progress_doc_parse (data, length, &root) != OKP_PROGRESS_DOC_OK)
    {
      g_clear_pointer (&root, json_node_unref);
      return NULL;
    }

  return root;
}

static OkpStoreStatus
recover (OkpProgressStore  *self,
         const char        *reason,
         char             **message_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) backup = read_backup (self);
  gboolean restored = backup != NULL;

  okp_progress_store_set_document (self, g_steal_pointer (&backup));

  self->recovered_path = okp_progress_file_move_aside (self->path, okp_progress_store_now (self),
                                                       reason, &error);
  if (self->recovered_path != NULL)
    {
      g_autofree char *display = g_filename_display_name (self->recovered_path);

      g_info ("Progress file could not be used (%s), moved to %s", reason, self->recovered_path);
      if (restored)
        message = g_strdup_printf (_("Your saved progress was damaged while it was being saved. "
                                     "Your progress from before that save is back, and the "
                                     "damaged file was kept aside unchanged as “%s”."),
                                   display);
      else
        message = g_strdup_printf (_("Your saved progress could not be read, so it was kept "
                                     "aside unchanged as “%s” and you are starting afresh."),
                                   display);
    }
  else
    {
      /* Nothing may overwrite the file until it is moved; every save tries
       * again first. */
      g_info ("Progress file could not be used (%s) nor moved aside: %s", reason, error->message);
      self->pending_reason = g_strdup (reason);
      message = g_strdup_printf (_("Your saved progress could not be read and is left as it is. "
                                   "New progress is kept only while the application runs until "
                                   "the file can be moved aside: %s"),
                                 error->message);
    }

  /* A restored backup is written back as soon as the store is loaded. */
  self->dirty = restored;

  if (message_out != NULL)
    *message_out = g_steal_pointer (&message);

  return OKP_STORE_STATUS_RECOVERED;
}

/* Reads the file into the store. With @quiet, nothing on disk changes,
 * whatever the file is: the reason a file cannot be used is returned in
 * @reason_out instead. */
OkpStoreStatus
okp_progress_store_read_document (OkpProgressStore  *self,
               gboolean           quiet,
               const char       **reason_out,
               char             **message_out)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  OkpProgressFileRead read_result;
  OkpProgressDocResult result = OKP_PROGRESS_DOC_OK;
  const char *reason;

  *reason_out = NULL;

  read_result = okp_progress_file_read (self->path, OKP_PROGRESS_DOC_MAX_SIZE, &bytes);
  if (read_result == OKP_PROGRESS_FILE_READ_MISSING)
    {
      okp_progress_store_set_document (self, NULL);
      return OKP_STORE_STATUS_NEW;
    }

  reason = okp_progress_store_read_reason (read_result);
  if (reason == NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      g_free (self->disk_hash);
      self->disk_hash = okp_progress_store_hash (data, length);
      result = okp_progress_doc_parse (data, length, &root);
      reason = okp_progress_doc_result_reason (result);
    }

  if (reason != NULL)
    {
      g_autoptr(JsonNode) backup = NULL;

      *reason_out = reason;
      if (!quiet)
        return recover (self, reason, message_out);

      /* Only read: what the application would restore, if anything. */
      backup = read_backup (self);
      if (backup == NULL)
        {
          okp_progress_store_set_document (self, NULL);
          return OKP_STORE_STATUS_RECOVERED;
        }
      *reason_out = NULL;
      okp_progress_store_set_document (self, g_steal_pointer (&backup));
      return OKP_STORE_STATUS_OK;
    }

  if (result == OKP_PROGRESS_DOC_NEWER)
    {
      /* A newer version's file is shown when it has the shape this version
       * knows, and never written either way. */
      self->read_only = TRUE;
      okp_progress_store_set_document (self, g_steal_pointer (&root));

      if (message_out != NULL)
        *message_out = g_strdup (_("Your progress was saved by a newer version of OKPay Help. "
                                   "Changes you make now are not saved, so that the newer "
                                   "version’s file stays as it is."));
      return OKP_STORE_STATUS_READ_ONLY;
    }

  if (!quiet)
    {
      /* The file is whole, so a copy kept by an interrupted write in place
       * is older than it. */
      g_autofree char *backup = okp_progress_file_backup_path (self->path);

      g_unlink (backup);
    }

  okp_progress_store_set_document (self, g_steal_pointer (&root));
  return OKP_STORE_STATUS_OK;
}

