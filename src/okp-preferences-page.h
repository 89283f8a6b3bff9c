/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-endpoints.h"

G_BEGIN_DECLS

#define OKP_TYPE_PREFERENCES_PAGE (okp_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (OkpPreferencesPage, okp_preferences_page, OKP, PREFERENCES_PAGE,
                      AdwPreferencesPage)

GtkWidget *okp_preferences_page_new (GSettings *settings);
void       okp_preferences_present  (GtkWidget *parent,
                                     GSettings *settings);

G_END_DECLS
