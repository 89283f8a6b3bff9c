/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the two halves of OkpProgressStore: okp-progress-store.c (the
 * object, its signals, the timing of saves and the public API) and
 * okp-progress-sync.c (the store and its file: reading it in, and what
 * happens before each write). Nothing else includes this.
 */

#include "okp-progress-store.h"
#include "okp-progress-file.h"

#include <json-glib/json-glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

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
/* okp-progress-store.c */
gint64          okp_progress_store_now                (OkpProgressStore     *self);
void            okp_progress_store_set_document       (OkpProgressStore     *self,
                                                       JsonNode             *root);
gboolean        okp_progress_store_too_large_error    (GError              **error);

/* okp-progress-sync.c */
char           *okp_progress_store_hash               (const char           *data,
                                                       gsize                 length);
const char     *okp_progress_store_read_reason        (OkpProgressFileRead   result);
void            okp_progress_store_remember_disk_file (OkpProgressStore     *self,
                                                       const char           *hash);
OkpStoreStatus  okp_progress_store_read_document      (OkpProgressStore     *self,
                                                       gboolean              quiet,
                                                       const char          **reason_out,
                                                       char                **message_out);
gboolean        okp_progress_store_write_file         (OkpProgressStore     *self,
                                                       GError              **error);

G_END_DECLS
