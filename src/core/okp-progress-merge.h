/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The three-way merge of two progress documents that started from one
 * base: what another process wrote (theirs) into what this one holds
 * (ours). Pure: documents in, a document out.
 */

JsonNode *okp_progress_merge (JsonNode  *base,
                              JsonNode  *ours,
                              JsonNode  *theirs,
                              GPtrArray *changed_ids);

G_END_DECLS
