/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "okp-guide.h"

G_BEGIN_DECLS

/* The application's own URI scheme: pages, the stylesheet and the in-guide
 * links ("open the checklist", "contact support") all live under it. */
#define OKP_URI_SCHEME "okpay-help"

typedef struct {
  const char *lang;        /* BCP 47 tag for <html lang>, e.g. "en" or "zh-CN" */
  const char *stylesheet;  /* URI of the page stylesheet */
} OkpRenderOptions;

char *okp_guide_render_section (OkpGuide               *guide,
                                const OkpSection       *section,
                                const OkpRenderOptions *options);

char *okp_guide_section_uri    (const char             *section_id);

G_END_DECLS
