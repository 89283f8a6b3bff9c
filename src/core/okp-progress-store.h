/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The user's checklist progress: which steps are ticked and when, the
 * "details for support" notes, whether a checklist is solved. It lives in
 * one JSON file (see docs/progress-format.md) that is written atomically
 * and durably, never overwritten when it comes from a newer version, and
 * kept aside byte for byte when it cannot be read.
 */

typedef enum {
  OKP_STORE_STATUS_OK,         /* the file was read */
  OKP_STORE_STATUS_NEW,        /* there was no file yet */
  OKP_STORE_STATUS_RECOVERED,  /* a bad file was moved aside, fresh start */
  OKP_STORE_STATUS_READ_ONLY,  /* a newer version's file: kept in memory only, never written */
} OkpStoreStatus;

#define OKP_PROGRESS_STORE_ERROR (okp_progress_store_error_quark ())

/* Errors of the store's own making; file system failures are reported
 * with their G_FILE_ERROR or G_IO_ERROR code. */
typedef enum {
  OKP_PROGRESS_STORE_ERROR_NEWER_VERSION,  /* the file belongs to a newer version */
  OKP_PROGRESS_STORE_ERROR_SYMLINK,        /* the file is a symbolic link: not written through */
  OKP_PROGRESS_STORE_ERROR_NOT_MOVED,      /* an unreadable file could not be moved aside yet */
  OKP_PROGRESS_STORE_ERROR_TOO_LARGE,      /* the progress would not fit in the file's size limit */
  OKP_PROGRESS_STORE_ERROR_NOTE_TOO_LONG,  /* one note is longer than a note may be */
  OKP_PROGRESS_STORE_ERROR_UNREADABLE,     /* okp_progress_store_peek(): the file cannot be used */
} OkpProgressStoreError;

/* The latest file format version this code reads and writes. */
#define OKP_PROGRESS_FORMAT_VERSION 1

/* The largest progress file read or written, and the longest note, in
 * bytes (see docs/progress-format.md). */
#define OKP_PROGRESS_MAX_FILE_SIZE (8 * 1024 * 1024)
#define OKP_PROGRESS_MAX_NOTE_SIZE (256 * 1024)

typedef struct _OkpProgressSnapshot OkpProgressSnapshot;

typedef gint64 (*OkpProgressClockFunc) (gpointer user_data);

#define OKP_TYPE_STORE_STATUS (okp_store_status_get_type ())
#define OKP_TYPE_PROGRESS_STORE (okp_progress_store_get_type ())

G_DECLARE_FINAL_TYPE (OkpProgressStore, okp_progress_store, OKP, PROGRESS_STORE, GObject)

GType                okp_store_status_get_type              (void) G_GNUC_CONST;
GQuark               okp_progress_store_error_quark         (void);

OkpProgressStore    *okp_progress_store_new                 (const char           *path);
char                *okp_progress_store_default_path        (void);

OkpStoreStatus       okp_progress_store_load                (OkpProgressStore     *self,
                                                             char                **message_out);
gboolean             okp_progress_store_peek                (OkpProgressStore     *self,
                                                             GError              **error);
const char          *okp_progress_store_get_path            (OkpProgressStore     *self);
OkpStoreStatus       okp_progress_store_get_status          (OkpProgressStore     *self);
gboolean             okp_progress_store_get_read_only       (OkpProgressStore     *self);
const char          *okp_progress_store_get_recovered_path  (OkpProgressStore     *self);

void                 okp_progress_store_set_clock           (OkpProgressStore     *self,
                                                             OkpProgressClockFunc  now,
                                                             gpointer              user_data);

gboolean             okp_progress_store_get_step_done       (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char           *step_id);
gint64               okp_progress_store_get_step_time       (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char           *step_id);
void                 okp_progress_store_set_step_done       (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char           *step_id,
                                                             gboolean              done);
const char          *okp_progress_store_get_note            (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char           *field_id);
gboolean             okp_progress_store_check_note          (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char           *field_id,
                                                             const char           *text,
                                                             GError              **error);
gboolean             okp_progress_store_set_note            (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char           *field_id,
                                                             const char           *text);
gboolean             okp_progress_store_get_solved          (OkpProgressStore     *self,
                                                             const char           *checklist_id);
void                 okp_progress_store_set_solved          (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             gboolean              solved);
gint64               okp_progress_store_get_started         (OkpProgressStore     *self,
                                                             const char           *checklist_id);
gint64               okp_progress_store_get_updated         (OkpProgressStore     *self,
                                                             const char           *checklist_id);
guint                okp_progress_store_count_done          (OkpProgressStore     *self,
                                                             const char           *checklist_id,
                                                             const char * const   *step_ids);

OkpProgressSnapshot *okp_progress_store_reset_checklist     (OkpProgressStore     *self,
                                                             const char           *checklist_id);
void                 okp_progress_store_restore_checklist   (OkpProgressStore     *self,
                                                             OkpProgressSnapshot  *snapshot);
void                 okp_progress_snapshot_free             (OkpProgressSnapshot  *snapshot);

gboolean             okp_progress_store_save                (OkpProgressStore     *self,
                                                             GError              **error);
void                 okp_progress_store_flush               (OkpProgressStore     *self);
gboolean             okp_progress_store_get_dirty           (OkpProgressStore     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkpProgressSnapshot, okp_progress_snapshot_free)

G_END_DECLS
