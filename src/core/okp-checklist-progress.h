/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

/*
 * A checklist's progress as the interface shows it: how many of the steps
 * the guide has today are done. Steps kept in the progress file from older
 * content are not counted, so a "2 / 6" never reads "7 / 6".
 */

GStrv             okp_checklist_progress_dup_step_ids  (const OkpChecklistDef *def);
guint             okp_checklist_progress_count_done    (OkpProgressStore      *store,
                                                        const OkpChecklistDef *def);
OkpProgressStore *okp_checklist_progress_load          (const char            *path,
                                                        GError               **error);
OkpProgressStore *okp_checklist_progress_read          (const char            *path,
                                                        OkpStoreStatus        *status_out);

G_END_DECLS
