/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-guide.h"
#include "okp-page.h"
#include "okp-progress-store.h"
#include "okp-search-panel.h"
#include "okp-search.h"

G_BEGIN_DECLS

#define OKP_TYPE_SIDEBAR (okp_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (OkpSidebar, okp_sidebar, OKP, SIDEBAR, AdwBin)

GtkWidget      *okp_sidebar_new              (OkpGuide         *guide,
                                              OkpProgressStore *store,
                                              OkpSearch        *search);
void            okp_sidebar_select_page      (OkpSidebar       *self,
                                              const OkpPage    *page);
void            okp_sidebar_set_collapsed    (OkpSidebar       *self,
                                              gboolean          collapsed);
void            okp_sidebar_focus            (OkpSidebar       *self);
OkpSearchPanel *okp_sidebar_get_search_panel (OkpSidebar       *self);

G_END_DECLS
