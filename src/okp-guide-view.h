/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "okp-guide.h"

G_BEGIN_DECLS

#define OKP_TYPE_GUIDE_VIEW (okp_guide_view_get_type ())

G_DECLARE_FINAL_TYPE (OkpGuideView, okp_guide_view, OKP, GUIDE_VIEW, AdwBin)

GtkWidget     *okp_guide_view_new             (OkpGuide     *guide);
void           okp_guide_view_show_section    (OkpGuideView *self,
                                               const char   *section_id);
void           okp_guide_view_reveal_block    (OkpGuideView *self,
                                               int           block);
const char    *okp_guide_view_get_section_id  (OkpGuideView *self);
WebKitWebView *okp_guide_view_get_web_view    (OkpGuideView *self);

G_END_DECLS
