/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The strict JSON check the progress file passes before json-glib parses
 * it: RFC 8259 exactly, no member twice in one object, at most
 * OKP_PROGRESS_JSON_MAX_NESTING levels. Pure: no I/O, no state.
 */

/* The format nests five levels deep. json-glib's parser recurses once per
 * level without a limit of its own, so deeper input is refused before it
 * reaches the parser. */
#define OKP_PROGRESS_JSON_MAX_NESTING 64

typedef enum {
  OKP_PROGRESS_JSON_OK,
  OKP_PROGRESS_JSON_INVALID,    /* not strict RFC 8259 JSON */
  OKP_PROGRESS_JSON_DUPLICATE,  /* valid, but an object has a member twice */
} OkpProgressJsonCheck;

OkpProgressJsonCheck okp_progress_json_check (const char *data,
                                              gsize       length);

G_END_DECLS
