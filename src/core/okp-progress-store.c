/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-progress-store"

/*
 * The store: one progress file kept in step with what the user does. It
 * schedules and retries saves, notices another process's writes and
 * merges them, and tells the interface what changed. The parts below it
 * are each usable alone:
 *
 *   okp-progress-json.c      the strict JSON check
 *   okp-progress-document.c  the document: shape, typed access, writing out
 *   okp-progress-merge.c     the three-way merge of two documents
 *   okp-progress-file.c      the file: reading, atomic and durable writes,
 *                            keeping a bad file aside, temporary files
 *   okp-progress-sync.c      the store and its file: loading, and merging
 *                            another process's writes before each save
 *
 * This file is a little over 1,000 lines: most of it is the documented
 * public API the widgets use, each function a few lines over the parts.
 */

#include "config.h"

#include "okp-progress-store-private.h"
#include "okp-progress-document.h"
#include "okp-progress-file.h"
#include "okp-progress-merge.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

G_STATIC_ASSERT (OKP_PROGRESS_MAX_FILE_SIZE == OKP_PROGRESS_DOC_MAX_SIZE);
G_STATIC_ASSERT (OKP_PROGRESS_MAX_NOTE_SIZE == OKP_PROGRESS_DOC_MAX_NOTE);
G_STATIC_ASSERT (OKP_PROGRESS_FORMAT_VERSION == OKP_PROGRESS_DOC_VERSION);

/* A change is written after SAVE_DELAY_MS, coalescing the changes made
 * meanwhile, so it is on disk well within a second. A failed save is
 * retried after 1, 2, 4 … up to 30 seconds, RETRY_ATTEMPTS times; after
 * that only a new change or a flush tries again. */
#define SAVE_DELAY_MS  250
#define RETRY_FIRST_S  1
#define RETRY_MAX_S    30
#define RETRY_ATTEMPTS 8

/* What one change other than a note's text can add to the written file,
 * at most: a step or field id, a time, the punctuation around them. Ids
 * longer than this are accounted for by their length. */
#define CHANGE_SLACK 256

G_DEFINE_FINAL_TYPE (OkpProgressStore, okp_progress_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (okp-progress-store-error-quark, okp_progress_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STATUS,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  SAVE_FAILED,
  SAVED,
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GType
okp_store_status_get_type (void)
{
  static gsize type_id = 0;
  static const GEnumValue values[] = {
    { OKP_STORE_STATUS_OK, "OKP_STORE_STATUS_OK", "ok" },
    { OKP_STORE_STATUS_NEW, "OKP_STORE_STATUS_NEW", "new" },
    { OKP_STORE_STATUS_RECOVERED, "OKP_STORE_STATUS_RECOVERED", "recovered" },
    { OKP_STORE_STATUS_READ_ONLY, "OKP_STORE_STATUS_READ_ONLY", "read-only" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    {
      GType type = g_enum_register_static (g_intern_static_string ("OkpStoreStatus"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

void
okp_progress_snapshot_free (OkpProgressSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_clear_pointer (&snapshot->node, json_node_unref);
  g_free (snapshot->checklist_id);
  g_free (snapshot);
}


/* Times */

static gint64
default_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
okp_progress_store_now (OkpProgressStore *self)
{
  return CLAMP (self->clock (self->clock_data), 0, OKP_PROGRESS_DOC_TIME_MAX);
}

void
okp_progress_store_set_document (OkpProgressStore *self,
              JsonNode         *root)
{
  g_clear_pointer (&self->root, json_node_unref);
  self->root = root != NULL ? root : okp_progress_doc_new ();
  self->size_bound = G_MAXSIZE;
}

gboolean
okp_progress_store_too_large_error (GError **error)
{
  g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_TOO_LARGE,
               /* Translators: %d is a number of megabytes */
               _("Your progress is larger than the %d MB a progress file may hold. Shorten or "
                 "remove long notes."),
               OKP_PROGRESS_DOC_MAX_SIZE / (1024 * 1024));
  return FALSE;
}

/* Tells the window what a merge changed: each checklist through
 * "changed", then "merged" once. */
static void
emit_merged (OkpProgressStore *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (self->merged_ids->len == 0)
    return;

  ids = g_steal_pointer (&self->merged_ids);
  self->merged_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_signal_emit (self, signals[CHANGED], g_quark_try_string (id), id);
    }

  g_ptr_array_add (ids, NULL);
  g_signal_emit (self, signals[MERGED], 0, (const char * const *) ids->pdata);
}

/* Saving */

static void save_now (OkpProgressStore *self);

static void
clear_timers (OkpProgressStore *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static void
saved_ok (OkpProgressStore *self)
{
  gboolean was_failing = self->failing;

  clear_timers (self);
  self->dirty = FALSE;
  self->failing = FALSE;
  self->retry_delay_s = 0;
  self->retries = 0;

  if (was_failing)
    g_signal_emit (self, signals[SAVED], 0);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  OkpProgressStore *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_timeout_cb (gpointer user_data)
{
  OkpProgressStore *self = user_data;

  self->retry_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

/* Errors that waiting does not cure: the next change tries again. */
static gboolean
error_is_lasting (const GError *error)
{
  return g_error_matches (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_TOO_LARGE) ||
         g_error_matches (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NEWER_VERSION);
}

static void
save_now (OkpProgressStore *self)
{
  g_autoptr(GError) error = NULL;
  guint delay;

  clear_timers (self);

  if (!self->dirty || self->read_only)
    return;

  if (okp_progress_store_write_file (self, &error))
    {
      saved_ok (self);
      emit_merged (self);
      return;
    }

  emit_merged (self);

  /* Keep everything in memory and try again later, less and less often:
   * the cause (a full disk, a folder that is not writable) is usually
   * fixed by the user, not by time. Never forever: after RETRY_ATTEMPTS
   * only the user's next change tries again. */
  self->failing = TRUE;
  if (!error_is_lasting (error) && self->retries < RETRY_ATTEMPTS && !self->read_only)
    {
      self->retries++;
      delay = self->retry_delay_s != 0 ? self->retry_delay_s : RETRY_FIRST_S;
      self->retry_delay_s = MIN (delay * 2, RETRY_MAX_S);
      self->retry_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay * 1000,
                                           retry_timeout_cb, self, NULL);
      g_source_set_name_by_id (self->retry_id, "[okp] progress save retry");
    }

  g_signal_emit (self, signals[SAVE_FAILED], 0, error);
}

static void
schedule_save (OkpProgressStore *self)
{
  /* While a failed save waits for its retry, the retry writes this change
   * too; the delay is not shortened, so a failing disk is not hammered. */
  if (!self->loaded || self->read_only || self->save_id != 0 || self->retry_id != 0)
    return;

  self->save_id = g_timeout_add_full (G_PRIORITY_DEFAULT, SAVE_DELAY_MS,
                                      save_timeout_cb, self, NULL);
  g_source_set_name_by_id (self->save_id, "[okp] progress save");
}

static void
changed (OkpProgressStore *self,
         const char       *checklist_id)
{
  self->dirty = TRUE;
  if (self->size_bound != G_MAXSIZE)
    self->size_bound += CHANGE_SLACK + strlen (checklist_id);
  schedule_save (self);
  /* g_quark_try_string(): a detail nobody connected to has no quark yet,
   * and ids read from the file are not interned for nothing. */
  g_signal_emit (self, signals[CHANGED], g_quark_try_string (checklist_id), checklist_id);
}

/* GObject */

static void
okp_progress_store_dispose (GObject *object)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  /* A last chance for a change that was never flushed; quietly, since
   * nobody is listening any more. */
  if (self->dirty && self->loaded && !self->read_only)
    {
      g_autoptr(GError) error = NULL;

      if (okp_progress_store_write_file (self, &error))
        self->dirty = FALSE;
      else
        g_debug ("Progress not saved on dispose: %s", error->message);
    }

  clear_timers (self);

  G_OBJECT_CLASS (okp_progress_store_parent_class)->dispose (object);
}
static void
okp_progress_store_finalize (GObject *object)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovered_path, g_free);
  g_clear_pointer (&self->pending_reason, g_free);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->base, json_node_unref);
  g_clear_pointer (&self->disk_hash, g_free);
  g_clear_pointer (&self->merged_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (okp_progress_store_parent_class)->finalize (object);
}

static void
okp_progress_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_progress_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OkpProgressStore *self = OKP_PROGRESS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
okp_progress_store_class_init (OkpProgressStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = okp_progress_store_dispose;
  object_class->finalize = okp_progress_store_finalize;
  object_class->get_property = okp_progress_store_get_property;
  object_class->set_property = okp_progress_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       OKP_TYPE_STORE_STATUS, OKP_STORE_STATUS_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OkpProgressStore::changed:
   * @checklist_id: the checklist that changed, also the signal's detail
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * OkpProgressStore::save-failed:
   * @error: why; its message is meant for the user
   *
   * A scheduled save failed. The state stays in memory and the save is
   * retried after 1, 2, 4 … up to 30 seconds, eight times at most, and
   * not at all when waiting cannot help (%OKP_PROGRESS_STORE_ERROR_TOO_LARGE);
   * the next change tries again.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * OkpProgressStore::saved:
   *
   * A save succeeded after one or more had failed.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * OkpProgressStore::merged:
   * @checklist_ids: (array zero-terminated=1): the checklists that changed
   *
   * Another process (a second instance of the application, started on
   * another D-Bus session) wrote the file since this store read it, and
   * its changes were merged in before saving: per step the later tick or
   * untick wins, the rest of a checklist comes from the side that changed
   * it last, and nothing either side does not know is dropped. Each
   * checklist that changed was also announced with #OkpProgressStore::changed.
   */
  signals[MERGED] =
    g_signal_new ("merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
okp_progress_store_init (OkpProgressStore *self)
{
  self->root = okp_progress_doc_new ();
  self->base = okp_progress_doc_new ();
  self->merged_ids = g_ptr_array_new_with_free_func (g_free);
  self->status = OKP_STORE_STATUS_NEW;
  self->clock = default_clock;
  self->size_bound = G_MAXSIZE;
}

/* Public API */

/**
 * okp_progress_store_new:
 * @path: the progress file
 *
 * Creates a store for @path. Nothing is read or written until
 * okp_progress_store_load() is called. If the store still has unsaved
 * changes when it is disposed, it writes them then.
 */
OkpProgressStore *
okp_progress_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  return g_object_new (OKP_TYPE_PROGRESS_STORE, "path", path, NULL);
}

/**
 * okp_progress_store_default_path:
 *
 * The XDG base directory specification says a relative path in
 * `XDG_DATA_HOME` is invalid and must be ignored; GLib takes it as it is,
 * which would put the progress somewhere different in every working
 * folder. Then the default, `~/.local/share`, is used.
 *
 * Returns: (transfer full): where the user's progress is kept
 */
char *
okp_progress_store_default_path (void)
{
  const char *env = g_getenv ("XDG_DATA_HOME");

  if (env != NULL && *env != '\0' && !g_path_is_absolute (env))
    return g_build_filename (g_get_home_dir (), ".local", "share", APP_ID, "progress.json", NULL);

  return g_build_filename (g_get_user_data_dir (), APP_ID, "progress.json", NULL);
}

static void
begin_load (OkpProgressStore *self)
{
  clear_timers (self);
  self->read_only = FALSE;
  self->peeked = FALSE;
  self->dirty = FALSE;
  self->failing = FALSE;
  self->retry_delay_s = 0;
  self->retries = 0;
  g_clear_pointer (&self->recovered_path, g_free);
  g_clear_pointer (&self->pending_reason, g_free);
  g_clear_pointer (&self->disk_hash, g_free);
}

static void
end_load (OkpProgressStore *self,
          OkpStoreStatus    status,
          gboolean          was_read_only)
{
  g_autofree char *hash = g_steal_pointer (&self->disk_hash);

  self->loaded = TRUE;

  /* What later saves compare the file with, to notice that another
   * process wrote it: the file as read (a bad one too, when a copy of it
   * was kept aside and it is still there to be replaced). They merge
   * against its content only if it was used. */
  if (!self->peeked)
    okp_progress_store_remember_disk_file (self, hash);
  g_clear_pointer (&self->base, json_node_unref);
  self->base = status == OKP_STORE_STATUS_OK ? okp_progress_doc_copy (self->root)
                                             : okp_progress_doc_new ();
  g_ptr_array_set_size (self->merged_ids, 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (status != self->status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (was_read_only != self->read_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->dirty)
    schedule_save (self);
}

/**
 * okp_progress_store_load:
 * @self: a store
 * @message_out: (out) (optional): a message for the user, or %NULL
 *
 * Reads the file, replacing whatever is in memory, for the one program
 * that owns the file: it removes the temporary files of interrupted
 * writes, and it never fails hard: a file that cannot be used is moved
 * aside and the store starts empty, or from the copy an interrupted write
 * in place kept. @message_out is set, to a translated sentence naming the
 * file kept aside, when the user must be told something, and to %NULL
 * otherwise.
 */
OkpStoreStatus
okp_progress_store_load (OkpProgressStore  *self,
                         char             **message_out)
{
  OkpStoreStatus status;
  gboolean was_read_only;
  const char *reason;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), OKP_STORE_STATUS_NEW);

  if (message_out != NULL)
    *message_out = NULL;

  was_read_only = self->read_only;
  begin_load (self);
  okp_progress_file_remove_stale_temps (self->path, g_get_real_time () / G_USEC_PER_SEC);
  status = okp_progress_store_read_document (self, FALSE, &reason, message_out);
  end_load (self, status, was_read_only);

  return status;
}

/**
 * okp_progress_store_peek:
 * @self: a store
 * @error: where to say why the file cannot be used
 *
 * Reads the file for display only, with all the checks of
 * okp_progress_store_load() and none of its effects: nothing on disk is
 * created, moved, removed or written, and no temporary file is needed, so
 * any number of readers may run beside the application. The store is
 * read-only afterwards: it never saves.
 *
 * Returns: %TRUE with the progress loaded (status %OKP_STORE_STATUS_OK,
 *   %OKP_STORE_STATUS_NEW when there is no file, %OKP_STORE_STATUS_READ_ONLY
 *   for a newer version's file); %FALSE with
 *   %OKP_PROGRESS_STORE_ERROR_UNREADABLE when there is a file that cannot be
 *   used, and the store empty
 */
gboolean
okp_progress_store_peek (OkpProgressStore  *self,
                         GError           **error)
{
  OkpStoreStatus status;
  gboolean was_read_only;
  const char *reason;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  was_read_only = self->read_only;
  begin_load (self);
  self->peeked = TRUE;
  status = okp_progress_store_read_document (self, TRUE, &reason, NULL);
  self->read_only = TRUE;
  end_load (self, status, was_read_only);

  if (reason != NULL)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      if (g_str_equal (reason, "unreadable"))
        g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_UNREADABLE,
                     /* Translators: %s is a file name */
                     _("The saved progress “%s” cannot be opened or read."), display);
      else if (g_str_equal (reason, "too-large"))
        g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_UNREADABLE,
                     /* Translators: %s is a file name, %d a number of megabytes */
                     _("The saved progress “%s” is larger than the %d MB a progress file may "
                       "hold."),
                     display, OKP_PROGRESS_DOC_MAX_SIZE / (1024 * 1024));
      else
        g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_UNREADABLE,
                     /* Translators: %s is a file name */
                     _("The saved progress “%s” is damaged or is not a progress file."),
                     display);
      return FALSE;
    }

  return TRUE;
}

const char *
okp_progress_store_get_path (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);

  return self->path;
}

OkpStoreStatus
okp_progress_store_get_status (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), OKP_STORE_STATUS_NEW);

  return self->status;
}

/**
 * okp_progress_store_get_read_only:
 *
 * Returns: whether the store never writes: it holds a newer version's
 *   file, or was loaded with okp_progress_store_peek()
 */
gboolean
okp_progress_store_get_read_only (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);

  return self->read_only;
}

/**
 * okp_progress_store_get_recovered_path:
 *
 * Returns: (nullable): where the last load moved a bad file, or %NULL
 */
const char *
okp_progress_store_get_recovered_path (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);

  return self->recovered_path;
}

/**
 * okp_progress_store_set_clock:
 * @now: (nullable): returns the time in seconds since 1970, or %NULL for
 *   the real time
 *
 * Replaces the time source, for tests.
 */
void
okp_progress_store_set_clock (OkpProgressStore     *self,
                              OkpProgressClockFunc  now,
                              gpointer              user_data)
{
  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));

  self->clock = now != NULL ? now : default_clock;
  self->clock_data = now != NULL ? user_data : NULL;
}

gboolean
okp_progress_store_get_step_done (OkpProgressStore *self,
                                  const char       *checklist_id,
                                  const char       *step_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL, FALSE);
  g_return_val_if_fail (step_id != NULL, FALSE);

  return okp_progress_doc_get_step_done (self->root, checklist_id, step_id);
}

/**
 * okp_progress_store_get_step_time:
 *
 * Returns: when the step was last ticked or unticked, in seconds since
 *   1970, or 0 if never (or if that time cannot be read)
 */
gint64
okp_progress_store_get_step_time (OkpProgressStore *self,
                                  const char       *checklist_id,
                                  const char       *step_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);
  g_return_val_if_fail (step_id != NULL, 0);

  return okp_progress_doc_time_of (okp_progress_doc_get_step (self->root, checklist_id, step_id),
                                   "changed");
}

void
okp_progress_store_set_step_done (OkpProgressStore *self,
                                  const char       *checklist_id,
                                  const char       *step_id,
                                  gboolean          done)
{
  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL));
  g_return_if_fail (step_id != NULL && g_utf8_validate (step_id, -1, NULL));

  if (okp_progress_doc_set_step_done (self->root, checklist_id, step_id, done,
                                      okp_progress_store_now (self)))
    {
      if (self->size_bound != G_MAXSIZE)
        self->size_bound += strlen (step_id);
      changed (self, checklist_id);
    }
}

/**
 * okp_progress_store_get_note:
 *
 * Returns: (nullable): the note, valid until the next change, or %NULL
 */
const char *
okp_progress_store_get_note (OkpProgressStore *self,
                             const char       *checklist_id,
                             const char       *field_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);
  g_return_val_if_fail (checklist_id != NULL, NULL);
  g_return_val_if_fail (field_id != NULL, NULL);

  return okp_progress_doc_get_note (self->root, checklist_id, field_id);
}

/* How many bytes the file grows by if the note becomes @text, at most. */
static gssize
note_growth (OkpProgressStore *self,
             const char       *checklist_id,
             const char       *field_id,
             const char       *text)
{
  const char *old = okp_progress_doc_get_note (self->root, checklist_id, field_id);
  gssize growth = okp_progress_doc_string_size (text) - okp_progress_doc_string_size (old);

  if (old == NULL)
    growth += okp_progress_doc_string_size (field_id) + 2;

  return growth;
}

/**
 * okp_progress_store_check_note:
 * @text: (nullable): what the note would become
 * @error: where to say why it cannot
 *
 * Whether okp_progress_store_set_note() would keep @text: a note holds at
 * most %OKP_PROGRESS_MAX_NOTE_SIZE bytes, and all the progress must fit in
 * %OKP_PROGRESS_MAX_FILE_SIZE bytes, so that the file written can always
 * be read back. Call it where the user types, to tell them.
 *
 * Returns: %TRUE if it would; %FALSE with
 *   %OKP_PROGRESS_STORE_ERROR_NOTE_TOO_LONG or
 *   %OKP_PROGRESS_STORE_ERROR_TOO_LARGE, whose message is for the user
 */
gboolean
okp_progress_store_check_note (OkpProgressStore  *self,
                               const char        *checklist_id,
                               const char        *field_id,
                               const char        *text,
                               GError           **error)
{
  gsize length;
  gssize growth;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL, FALSE);
  g_return_val_if_fail (field_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || *text == '\0')
    return TRUE;

  length = strlen (text);
  if (length > OKP_PROGRESS_DOC_MAX_NOTE)
    {
      g_autofree char *limit = g_format_size_full (OKP_PROGRESS_DOC_MAX_NOTE,
                                                   G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NOTE_TOO_LONG,
                   /* Translators: both %s are sizes, such as "256.0 KiB" */
                   _("This note is too long to be kept: a note may hold %s, and it has %s. "
                     "Shorten it, or keep the long text in a file of its own."),
                   limit, size);
      return FALSE;
    }

  growth = note_growth (self, checklist_id, field_id, text);
  if (growth <= 0)
    return TRUE;

  if (self->size_bound == G_MAXSIZE ||
      self->size_bound + growth + CHANGE_SLACK > OKP_PROGRESS_DOC_MAX_SIZE)
    {
      /* Near the limit, or not known: measured exactly. */
      g_autofree char *data = okp_progress_doc_serialize (self->root, &self->size_bound);
    }

  if (self->size_bound + growth + CHANGE_SLACK > OKP_PROGRESS_DOC_MAX_SIZE)
    return okp_progress_store_too_large_error (error);

  return TRUE;
}

/**
 * okp_progress_store_set_note:
 * @text: (nullable): the note; %NULL or "" removes it
 *
 * Returns: %FALSE if @text is refused (see okp_progress_store_check_note())
 *   and the note is left as it was
 */
gboolean
okp_progress_store_set_note (OkpProgressStore *self,
                             const char       *checklist_id,
                             const char       *field_id,
                             const char       *text)
{
  gssize growth;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL), FALSE);
  g_return_val_if_fail (field_id != NULL && g_utf8_validate (field_id, -1, NULL), FALSE);
  g_return_val_if_fail (text == NULL || g_utf8_validate (text, -1, NULL), FALSE);

  if (!okp_progress_store_check_note (self, checklist_id, field_id, text, NULL))
    return FALSE;

  growth = note_growth (self, checklist_id, field_id, text);
  if (okp_progress_doc_set_note (self->root, checklist_id, field_id, text,
                                 okp_progress_store_now (self)))
    {
      if (self->size_bound != G_MAXSIZE && growth > 0)
        self->size_bound += growth;
      changed (self, checklist_id);
    }

  return TRUE;
}

gboolean
okp_progress_store_get_solved (OkpProgressStore *self,
                               const char       *checklist_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (checklist_id != NULL, FALSE);

  return okp_progress_doc_get_solved (self->root, checklist_id);
}

void
okp_progress_store_set_solved (OkpProgressStore *self,
                               const char       *checklist_id,
                               gboolean          solved)
{
  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL));

  if (okp_progress_doc_set_solved (self->root, checklist_id, solved, okp_progress_store_now (self)))
    changed (self, checklist_id);
}

/**
 * okp_progress_store_get_started:
 *
 * Returns: when the first change to the checklist was made (since it was
 *   last started over), in seconds since 1970, or 0 if never
 */
gint64
okp_progress_store_get_started (OkpProgressStore *self,
                                const char       *checklist_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);

  return okp_progress_doc_time_of (okp_progress_doc_get_checklist (self->root, checklist_id, FALSE),
                                   "started");
}

gint64
okp_progress_store_get_updated (OkpProgressStore *self,
                                const char       *checklist_id)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);

  return okp_progress_doc_time_of (okp_progress_doc_get_checklist (self->root, checklist_id, FALSE),
                                   "updated");
}

/**
 * okp_progress_store_count_done:
 * @step_ids: (array zero-terminated=1): the checklist's current steps
 *
 * Counts only the steps asked about, so steps kept from older content do
 * not inflate a "2 / 6".
 */
guint
okp_progress_store_count_done (OkpProgressStore   *self,
                               const char         *checklist_id,
                               const char * const *step_ids)
{
  guint count = 0;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), 0);
  g_return_val_if_fail (checklist_id != NULL, 0);

  if (step_ids == NULL)
    return 0;

  for (guint i = 0; step_ids[i] != NULL; i++)
    if (okp_progress_store_get_step_done (self, checklist_id, step_ids[i]))
      count++;

  return count;
}

/**
 * okp_progress_store_reset_checklist:
 *
 * "Start over": removes the checklist's ticks (of every step, including
 * those the content no longer has), notes, solved flag and start time.
 * Members this version does not know are left alone.
 *
 * Returns: (transfer full): a snapshot of the checklist as it was, for
 *   okp_progress_store_restore_checklist()
 */
OkpProgressSnapshot *
okp_progress_store_reset_checklist (OkpProgressStore *self,
                                    const char       *checklist_id)
{
  g_autoptr(OkpProgressSnapshot) snapshot = NULL;
  JsonObject *checklists;

  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), NULL);
  g_return_val_if_fail (checklist_id != NULL && g_utf8_validate (checklist_id, -1, NULL), NULL);

  snapshot = g_new0 (OkpProgressSnapshot, 1);
  snapshot->checklist_id = g_strdup (checklist_id);

  checklists = okp_progress_doc_get_checklists (self->root, FALSE);
  if (checklists == NULL || !json_object_has_member (checklists, checklist_id))
    return g_steal_pointer (&snapshot);

  snapshot->node = okp_progress_doc_copy (json_object_get_member (checklists, checklist_id));

  if (okp_progress_doc_reset_checklist (self->root, checklist_id, okp_progress_store_now (self)))
    changed (self, checklist_id);

  return g_steal_pointer (&snapshot);
}

/**
 * okp_progress_store_restore_checklist:
 * @snapshot: (transfer none): from okp_progress_store_reset_checklist()
 *
 * Undoes a reset: the checklist becomes exactly what it was, times
 * included. Changes made to it since are replaced.
 */
void
okp_progress_store_restore_checklist (OkpProgressStore    *self,
                                      OkpProgressSnapshot *snapshot)
{
  JsonObject *checklists;

  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));
  g_return_if_fail (snapshot != NULL);

  checklists = okp_progress_doc_get_checklists (self->root, snapshot->node != NULL);
  if (snapshot->node != NULL)
    json_object_set_member (checklists, snapshot->checklist_id,
                            okp_progress_doc_copy (snapshot->node));
  else if (checklists != NULL && json_object_has_member (checklists, snapshot->checklist_id))
    json_object_remove_member (checklists, snapshot->checklist_id);
  else
    return;

  /* What the snapshot brings back is not measured: measured again when
   * it matters. */
  self->size_bound = G_MAXSIZE;
  changed (self, snapshot->checklist_id);
}

/**
 * okp_progress_store_save:
 *
 * Writes now, atomically and durably. On failure the state stays in
 * memory and a scheduled save, if any, still happens. A store holding a
 * newer version's file never writes and returns
 * %OKP_PROGRESS_STORE_ERROR_NEWER_VERSION.
 */
gboolean
okp_progress_store_save (OkpProgressStore  *self,
                         GError           **error)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->loaded || self->peeked)
    {
      /* Writing before reading would overwrite a file nobody has seen; a
       * store that was only peeked at belongs to a reader. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "The progress store must be loaded before it is saved");
      return FALSE;
    }

  if (self->read_only)
    {
      g_set_error_literal (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_NEWER_VERSION,
                           _("Your progress is not saved: the file was written by a newer "
                             "version of OKPay Help and is left as it is."));
      return FALSE;
    }

  if (!okp_progress_store_write_file (self, error))
    {
      emit_merged (self);
      return FALSE;
    }

  saved_ok (self);
  emit_merged (self);
  return TRUE;
}

/**
 * okp_progress_store_flush:
 *
 * Writes at once if there are unsaved changes (a save scheduled, waiting
 * for a retry, or given up after the retries); call it before the
 * application exits. A failure is reported through
 * #OkpProgressStore::save-failed.
 */
void
okp_progress_store_flush (OkpProgressStore *self)
{
  g_return_if_fail (OKP_IS_PROGRESS_STORE (self));

  if (self->save_id != 0 || self->retry_id != 0 || (self->dirty && self->failing))
    save_now (self);
}

gboolean
okp_progress_store_get_dirty (OkpProgressStore *self)
{
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (self), FALSE);

  return self->dirty;
}
