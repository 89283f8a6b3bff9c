/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "okp-endpoints.h"
#include "okp-guide.h"

G_BEGIN_DECLS

/*
 * What the window, its widgets and the command line share, none of which
 * needs a display: the guide compiled into the program, the language its
 * pages are shown in, and where the support channels lead.
 */

OkpGuide     *okp_content_load_guide             (GError    **error);
const char   *okp_content_page_language          (void);
OkpEndpoints *okp_content_dup_default_endpoints  (void);
OkpEndpoints *okp_content_dup_endpoints          (GSettings  *settings);

G_END_DECLS
