/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-search.h"

G_BEGIN_DECLS

#define OKP_TYPE_SEARCH_PANEL (okp_search_panel_get_type ())

G_DECLARE_FINAL_TYPE (OkpSearchPanel, okp_search_panel, OKP, SEARCH_PANEL, AdwBin)

GtkWidget  *okp_search_panel_new                 (void);
void        okp_search_panel_set_search          (OkpSearchPanel *self,
                                                  OkpSearch      *search);
void        okp_search_panel_set_content         (OkpSearchPanel *self,
                                                  GtkWidget      *content);
GtkWidget  *okp_search_panel_get_content         (OkpSearchPanel *self);
void        okp_search_panel_start               (OkpSearchPanel *self,
                                                  const char     *text);
void        okp_search_panel_stop                (OkpSearchPanel *self);
gboolean    okp_search_panel_get_search_mode     (OkpSearchPanel *self);
void        okp_search_panel_set_search_mode     (OkpSearchPanel *self,
                                                  gboolean        search_mode);
gboolean    okp_search_panel_get_entry_focused   (OkpSearchPanel *self);
const char *okp_search_panel_get_query           (OkpSearchPanel *self);

G_END_DECLS
