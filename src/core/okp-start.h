/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

/*
 * What the start page ("What's wrong?") shows: every problem the guide has
 * a checklist for, with how far the user got, and the one to continue.
 */

typedef struct {
  const OkpChecklistDef *def;      /* owned by the guide */
  guint                  done;     /* steps done, of the steps the guide has today */
  guint                  total;
  gboolean               solved;
  gint64                 updated;  /* last change, as okp_progress_store_get_updated () gives it */
} OkpProblem;

GArray                *okp_start_list_problems (OkpGuide         *guide,
                                                OkpProgressStore *store);
const OkpProblem      *okp_start_find_current  (GArray           *problems);
gboolean               okp_problem_is_started  (const OkpProblem *problem);

G_END_DECLS
