/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-guide.h"
#include "okp-progress-store.h"
#include "okp-search.h"

G_BEGIN_DECLS

#define OKP_TYPE_APPLICATION (okp_application_get_type ())

G_DECLARE_FINAL_TYPE (OkpApplication, okp_application, OKP, APPLICATION, AdwApplication)

OkpApplication   *okp_application_new                      (void);
OkpGuide         *okp_application_get_guide                (OkpApplication *self);
GSettings        *okp_application_get_settings             (OkpApplication *self);
OkpProgressStore *okp_application_get_progress_store       (OkpApplication *self);
const char       *okp_application_get_progress_message     (OkpApplication *self);
void              okp_application_dismiss_progress_message (OkpApplication *self);
OkpSearch        *okp_application_get_search               (OkpApplication *self);

G_END_DECLS
