/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-start"

#include "config.h"

#include "okp-start.h"

#include "okp-checklist-progress.h"

/**
 * okp_start_list_problems:
 * @guide: the guide
 * @store: the user's progress
 *
 * Returns: (transfer full) (element-type OkpProblem): one problem for each
 *   checklist of @guide, in the guide's order
 */
GArray *
okp_start_list_problems (OkpGuide         *guide,
                         OkpProgressStore *store)
{
  GPtrArray *checklists;
  GArray *problems;

  g_return_val_if_fail (OKP_IS_GUIDE (guide), NULL);
  g_return_val_if_fail (OKP_IS_PROGRESS_STORE (store), NULL);

  checklists = okp_guide_get_checklists (guide);
  problems = g_array_sized_new (FALSE, TRUE, sizeof (OkpProblem), checklists->len);

  for (guint i = 0; i < checklists->len; i++)
    {
      const OkpChecklistDef *def = g_ptr_array_index (checklists, i);
      OkpProblem problem = {
        .def = def,
        .done = okp_checklist_progress_count_done (store, def),
        .total = def->steps->len,
        .solved = okp_progress_store_get_solved (store, def->id),
        .updated = okp_progress_store_get_updated (store, def->id),
      };

      g_array_append_val (problems, problem);
    }

  return problems;
}

/**
 * okp_problem_is_started:
 *
 * Returns: whether the user has ticked a step of it
 */
gboolean
okp_problem_is_started (const OkpProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);

  return problem->done > 0;
}

/**
 * okp_start_find_current:
 * @problems: (element-type OkpProblem): from okp_start_list_problems()
 *
 * The problem the user is working on: of those started and not solved,
 * the one changed last (the first in the guide's order on a tie).
 *
 * Returns: (nullable) (transfer none): the problem, or %NULL when none is
 *   under way
 */
const OkpProblem *
okp_start_find_current (GArray *problems)
{
  const OkpProblem *current = NULL;

  g_return_val_if_fail (problems != NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const OkpProblem *problem = &g_array_index (problems, OkpProblem, i);

      if (!okp_problem_is_started (problem) || problem->solved)
        continue;
      if (current == NULL || problem->updated > current->updated)
        current = problem;
    }

  return current;
}
