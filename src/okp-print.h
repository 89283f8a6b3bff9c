/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "okp-checklist-printer.h"

G_BEGIN_DECLS

/*
 * Printing from the window: checklists through GtkPrintOperation with the
 * core's OkpChecklistPrinter (the same pages as the PDF export), a guide
 * section through WebKitPrintOperation. The print settings the user chose
 * are kept for the next print while the application runs. Inside Flatpak,
 * GtkPrintOperation goes through the print portal by itself. "Save as
 * PDF…" writes checklists with the PDF export, to a file chosen in the
 * file chooser (its portal inside Flatpak).
 */

GtkPrintOperation *okp_print_operation_new   (OkpChecklistPrinter *printer,
                                              const char          *job_name);
void               okp_print_checklists      (GtkWindow           *parent,
                                              OkpChecklistPrinter *printer,
                                              const char          *job_name);
void               okp_print_web_view        (GtkWindow           *parent,
                                              WebKitWebView       *web_view);
void               okp_print_save_pdf        (GtkWindow           *parent,
                                              AdwToastOverlay     *toasts,
                                              OkpGuide            *guide,
                                              OkpProgressStore    *store,
                                              const OkpEndpoints  *endpoints,
                                              const char          *checklist_id);

G_END_DECLS
