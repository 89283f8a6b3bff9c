/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * The progress file on disk: reading it safely, writing it atomically and
 * durably, keeping a bad file aside, and the temporary and backup files
 * the writes use, whose names are unmistakably the application's:
 *
 *   .progress.json.okp-tmp-XXXXXX   a write in progress (six letters or digits)
 *   .progress.json.okp-backup       the previous file, while it is
 *                                   rewritten in place
 *
 * Nothing here knows what the file holds.
 */

/* Temporary files left by a write that was killed midway are removed once
 * they are this old, so that one still being written by another process
 * is never touched. */
#define OKP_PROGRESS_FILE_STALE_AGE_S 60

typedef enum {
  OKP_PROGRESS_FILE_READ_OK,
  OKP_PROGRESS_FILE_READ_MISSING,
  OKP_PROGRESS_FILE_READ_UNREADABLE,
  OKP_PROGRESS_FILE_READ_TOO_LARGE,
} OkpProgressFileRead;

OkpProgressFileRead okp_progress_file_read               (const char  *path,
                                                          gsize        max_size,
                                                          GBytes     **bytes_out);
char               *okp_progress_file_move_aside         (const char  *path,
                                                          gint64       now,
                                                          const char  *reason,
                                                          GError     **error);
gboolean            okp_progress_file_is_temp_name       (const char  *path,
                                                          const char  *name);
char               *okp_progress_file_backup_path        (const char  *path);
void                okp_progress_file_remove_stale_temps (const char  *path,
                                                          gint64       now);
gboolean            okp_progress_file_write              (const char  *path,
                                                          const char  *data,
                                                          gsize        length,
                                                          GError     **error);

G_END_DECLS
