/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-application.h"
#include "okp-guide.h"
#include "okp-page.h"
#include "okp-progress-store.h"
#include "okp-search.h"

G_BEGIN_DECLS

#define OKP_TYPE_WINDOW (okp_window_get_type ())

G_DECLARE_FINAL_TYPE (OkpWindow, okp_window, OKP, WINDOW, AdwApplicationWindow)

OkpWindow     *okp_window_new                  (OkpApplication   *application,
                                                OkpGuide         *guide,
                                                OkpProgressStore *store,
                                                OkpSearch        *search,
                                                GSettings        *settings);
void           okp_window_show_section         (OkpWindow        *self,
                                                const char       *section_id);
void           okp_window_show_start           (OkpWindow        *self);
void           okp_window_show_checklist       (OkpWindow        *self,
                                                const char       *checklist_id);
gboolean       okp_window_show_page            (OkpWindow        *self,
                                                const OkpPage    *page);
const OkpPage *okp_window_get_page             (OkpWindow        *self);
void           okp_window_start_search         (OkpWindow        *self,
                                                const char       *text);
void           okp_window_open_search_result   (OkpWindow        *self,
                                                const char       *result_id,
                                                const char       *query);
const char    *okp_window_get_progress_message (OkpWindow        *self);
void           okp_window_set_progress_message (OkpWindow        *self,
                                                const char       *message);

G_END_DECLS
