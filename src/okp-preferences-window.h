/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-endpoints.h"

G_BEGIN_DECLS

#define OKP_TYPE_PREFERENCES_WINDOW (okp_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OkpPreferencesWindow, okp_preferences_window, OKP, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget    *okp_preferences_window_new (GtkWindow *parent,
                                          GSettings *settings);

G_END_DECLS
