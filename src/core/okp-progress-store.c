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
 */

#include "config.h"

#include "okp-progress-store.h"
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

struct _OkpProgressSnapshot
{
  char     *checklist_id;
  JsonNode *node;              /* the checklist's entry, or NULL if it had none */
};

struct _OkpProgressStore
{
  GObject               parent_instance;

  /* owned references */
  char                 *path;
  char                 *recovered_path;
  char                 *pending_reason;  /* a bad file that still has to be moved aside */
  JsonNode             *root;            /* always an object node */
  JsonNode             *base;            /* the file as last read or written, for merging */

  /* The file as this store last read or wrote it, to notice when another
   * process has written it since: its content hash (NULL: there was no
   * file) and, when they are known to belong to that content, its status
   * fields, which spare reading the file before every write. */
  char                 *disk_hash;
  dev_t                 disk_dev;
  ino_t                 disk_ino;
  goffset               disk_size;
  gint64                disk_mtime_ns;
  guint                 disk_stat_valid : 1;
  GPtrArray            *merged_ids;      /* checklists a merge changed, not yet announced */

  /* At least the size the document takes written out, or G_MAXSIZE when
   * not known: lets a note be checked against the file's limit without
   * writing the document out at every key press. */
  gsize                 size_bound;

  guint                 save_id;
  guint                 retry_id;
  guint                 retry_delay_s;
  guint                 retries;

  OkpProgressClockFunc  clock;
  gpointer              clock_data;

  OkpStoreStatus        status;
  guint                 loaded : 1;
  guint                 read_only : 1;
  guint                 peeked : 1;      /* loaded with okp_progress_store_peek() */
  guint                 dirty : 1;
  guint                 failing : 1;
};
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

static gint64
now_seconds (OkpProgressStore *self)
{
  return CLAMP (self->clock (self->clock_data), 0, OKP_PROGRESS_DOC_TIME_MAX);
}

/* Another process writing the same file */

static gint64
mtime_ns (const GStatBuf *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

static char *
hash_bytes (const char *data,
            gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

/* Remembers the file as this store has just read or written it, whose
 * content hashes to @hash (NULL: there is no file). The status fields are
 * only trusted if the file read back still has that content, so a write
 * by another process in between is never taken for ours. */
static void
remember_disk_file (OkpProgressStore *self,
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
  now = hash_bytes (data, length);
  if (g_strcmp0 (now, hash) != 0)
    return;

  self->disk_dev = st.st_dev;
  self->disk_ino = st.st_ino;
  self->disk_size = st.st_size;
  self->disk_mtime_ns = mtime_ns (&st);
  self->disk_stat_valid = TRUE;
}

static const char *
read_reason (OkpProgressFileRead result)
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

static void
set_document (OkpProgressStore *self,
              JsonNode         *root)
{
  g_clear_pointer (&self->root, json_node_unref);
  self->root = root != NULL ? root : okp_progress_doc_new ();
  self->size_bound = G_MAXSIZE;
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

  reason = read_reason (read_result);
  if (reason == NULL)
    {
      data = g_bytes_get_data (bytes, &length);
      hash = hash_bytes (data, length);
      if (g_strcmp0 (hash, self->disk_hash) == 0)
        {
          /* Same content, only touched or copied over: nothing to merge. */
          remember_disk_file (self, hash);
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
      moved = okp_progress_file_move_aside (self->path, now_seconds (self), reason, &local_error);
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
  set_document (self, okp_progress_merge (self->base, self->root, theirs, changed_ids));
  g_clear_pointer (&self->base, json_node_unref);
  self->base = g_steal_pointer (&theirs);
  g_free (self->disk_hash);
  self->disk_hash = g_steal_pointer (&hash);
  self->disk_stat_valid = FALSE;
  return TRUE;
}

static gboolean
too_large_error (GError **error)
{
  g_set_error (error, OKP_PROGRESS_STORE_ERROR, OKP_PROGRESS_STORE_ERROR_TOO_LARGE,
               /* Translators: %d is a number of megabytes */
               _("Your progress is larger than the %d MB a progress file may hold. Shorten or "
                 "remove long notes."),
               OKP_PROGRESS_DOC_MAX_SIZE / (1024 * 1024));
  return FALSE;
}

static gboolean
write_file (OkpProgressStore  *self,
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
      g_autofree char *moved = okp_progress_file_move_aside (self->path, now_seconds (self),
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
                   _("Your progress could not be saved: the folder “%s” could not be created: %s"),
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
                   _("Your progress could not be saved: “%s” is a symbolic link, and progress is "
                     "never written through one. Replace it with a regular file or remove it."),
                   display);
      return FALSE;
    }

  if (!reconcile_with_disk (self, self->merged_ids, error))
    return FALSE;

  /* Never write what would not be read back. */
  data = okp_progress_doc_serialize (self->root, &length);
  self->size_bound = length;
  if (length > OKP_PROGRESS_DOC_MAX_SIZE)
    return too_large_error (error);

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
    g_autofree char *hash = hash_bytes (data, length);

    remember_disk_file (self, hash);
    g_clear_pointer (&self->base, json_node_unref);
    self->base = okp_progress_doc_copy (self->root);
  }

  return TRUE;
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

  if (write_file (self, &error))
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

      if (write_file (self, &error))
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

  set_document (self, g_steal_pointer (&backup));

  self->recovered_path = okp_progress_file_move_aside (self->path, now_seconds (self), reason,
                                                       &error);
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
static OkpStoreStatus
load_document (OkpProgressStore  *self,
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
      set_document (self, NULL);
      return OKP_STORE_STATUS_NEW;
    }

  reason = read_reason (read_result);
  if (reason == NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);

      g_free (self->disk_hash);
      self->disk_hash = hash_bytes (data, length);
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
          set_document (self, NULL);
          return OKP_STORE_STATUS_RECOVERED;
        }
      *reason_out = NULL;
      set_document (self, g_steal_pointer (&backup));
      return OKP_STORE_STATUS_OK;
    }

  if (result == OKP_PROGRESS_DOC_NEWER)
    {
      /* A newer version's file is shown when it has the shape this version
       * knows, and never written either way. */
      self->read_only = TRUE;
      set_document (self, g_steal_pointer (&root));

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

  set_document (self, g_steal_pointer (&root));
  return OKP_STORE_STATUS_OK;
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
    remember_disk_file (self, hash);
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
  status = load_document (self, FALSE, &reason, message_out);
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
  status = load_document (self, TRUE, &reason, NULL);
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
                                      now_seconds (self)))
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
    return too_large_error (error);

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
  if (okp_progress_doc_set_note (self->root, checklist_id, field_id, text, now_seconds (self)))
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

  if (okp_progress_doc_set_solved (self->root, checklist_id, solved, now_seconds (self)))
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

  if (okp_progress_doc_reset_checklist (self->root, checklist_id, now_seconds (self)))
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

  if (!write_file (self, error))
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
