/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "okp-checklist-printer.h"

G_BEGIN_DECLS

/* Between the renderer (okp-checklist-printer.c) and the PDF export
 * (okp-checklist-export.c). */

int         okp_checklist_printer_paginate_full (OkpChecklistPrinter  *self,
                                                 cairo_t              *cr,
                                                 double                page_width,
                                                 double                page_height,
                                                 gboolean              strict,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
const char *okp_checklist_printer_get_title     (OkpChecklistPrinter  *self);

G_END_DECLS
