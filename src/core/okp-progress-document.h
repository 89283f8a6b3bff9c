/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The progress document (docs/progress-format.md): parsing and checking
 * its shape, typed access to checklists, steps, notes and times, and
 * writing it out. Pure: no I/O, no clock (the time of a change is passed
 * in), no signals. A document is a JsonNode holding an object; members
 * this version does not know are kept as they are.
 */

/* The latest file format version this code reads and writes. */
#define OKP_PROGRESS_DOC_VERSION 1

/* Far more than years of progress take; a bigger file is not ours, and is
 * set aside without being read into memory. Nothing larger is ever
 * written. */
#define OKP_PROGRESS_DOC_MAX_SIZE (8 * 1024 * 1024)

/* The most a single note may hold, in bytes of UTF-8. */
#define OKP_PROGRESS_DOC_MAX_NOTE (256 * 1024)

/* Times are kept within 1970-01-01T00:00:00Z .. 9999-12-31T00:00:00Z, so
 * that every time is a date of the years 1970 to 9999 in every time zone,
 * and every time written has the fixed ISO 8601 form that is read back. */
#define OKP_PROGRESS_DOC_TIME_MAX G_GINT64_CONSTANT (253402214400)

typedef enum {
  OKP_PROGRESS_DOC_OK,
  OKP_PROGRESS_DOC_INVALID_JSON,  /* not strict JSON */
  OKP_PROGRESS_DOC_DUPLICATE,     /* JSON, but a member is given twice */
  OKP_PROGRESS_DOC_WRONG_SHAPE,   /* JSON, but not a progress document */
  OKP_PROGRESS_DOC_NEWER,         /* a newer format version */
} OkpProgressDocResult;

const char          *okp_progress_doc_result_reason   (OkpProgressDocResult  result);

JsonNode            *okp_progress_doc_new             (void);
JsonNode            *okp_progress_doc_copy            (JsonNode             *node);
gboolean             okp_progress_doc_equal           (JsonNode             *a,
                                                       JsonNode             *b);
OkpProgressDocResult okp_progress_doc_parse           (const char           *data,
                                                       gsize                 length,
                                                       JsonNode            **root_out);
char                *okp_progress_doc_serialize       (JsonNode             *root,
                                                       gsize                *length_out);
gsize                okp_progress_doc_string_size     (const char           *text);

gboolean             okp_progress_doc_parse_time      (const char           *text,
                                                       gint64               *unix_out);
char                *okp_progress_doc_format_time     (gint64                unix_seconds);
gint64               okp_progress_doc_time_of         (JsonObject           *object,
                                                       const char           *name);

JsonObject          *okp_progress_doc_get_checklists  (JsonNode             *root,
                                                       gboolean              create);
JsonObject          *okp_progress_doc_get_checklist   (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       gboolean              create);
JsonObject          *okp_progress_doc_get_step        (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       const char           *step_id);

gboolean             okp_progress_doc_get_step_done   (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       const char           *step_id);
gboolean             okp_progress_doc_set_step_done   (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       const char           *step_id,
                                                       gboolean              done,
                                                       gint64                now);
const char          *okp_progress_doc_get_note        (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       const char           *field_id);
gboolean             okp_progress_doc_set_note        (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       const char           *field_id,
                                                       const char           *text,
                                                       gint64                now);
gboolean             okp_progress_doc_get_solved      (JsonNode             *root,
                                                       const char           *checklist_id);
gboolean             okp_progress_doc_set_solved      (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       gboolean              solved,
                                                       gint64                now);
gboolean             okp_progress_doc_reset_checklist (JsonNode             *root,
                                                       const char           *checklist_id,
                                                       gint64                now);

G_END_DECLS
