/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

/*
 * The case summary: what a support agent needs to know about the user's
 * problem, written from a checklist and the user's progress on it. It is
 * plain text in the interface language, short enough to paste into a chat,
 * and it is what the email body starts from. The user sees it, and may
 * edit it, before anything leaves the application.
 *
 * Only what the user did or wrote goes in: the steps ticked (with when),
 * the steps not yet done, and the "details for support" fields the user
 * filled. Nothing here ever holds a password, PIN or verification code:
 * the checklists never ask for one.
 */

char                  *okp_case_summary_build         (const OkpChecklistDef *def,
                                                       OkpProgressStore      *store,
                                                       GTimeZone             *tz);
char                  *okp_case_summary_build_subject (const OkpChecklistDef *def);
const OkpChecklistDef *okp_case_summary_find_recent   (OkpGuide              *guide,
                                                       OkpProgressStore      *store);

G_END_DECLS
