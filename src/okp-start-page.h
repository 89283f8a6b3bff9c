/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

#define OKP_TYPE_START_PAGE (okp_start_page_get_type ())

G_DECLARE_FINAL_TYPE (OkpStartPage, okp_start_page, OKP, START_PAGE, AdwBin)

GtkWidget *okp_start_page_new (OkpGuide         *guide,
                               OkpProgressStore *store);

G_END_DECLS
