/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

#define OKP_TYPE_CHECKLIST_PAGE (okp_checklist_page_get_type ())

G_DECLARE_FINAL_TYPE (OkpChecklistPage, okp_checklist_page, OKP, CHECKLIST_PAGE, AdwBin)

GtkWidget  *okp_checklist_page_new              (OkpGuide         *guide,
                                                 OkpProgressStore *store);
void        okp_checklist_page_set_checklist_id (OkpChecklistPage *self,
                                                 const char       *checklist_id);
const char *okp_checklist_page_get_checklist_id (OkpChecklistPage *self);
GtkBox     *okp_checklist_page_get_footer       (OkpChecklistPage *self);
void        okp_checklist_page_reveal_step      (OkpChecklistPage *self,
                                                 const char       *step_id);

G_END_DECLS
