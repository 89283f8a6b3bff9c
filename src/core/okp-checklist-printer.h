/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "okp-endpoints.h"
#include "okp-guide.h"
#include "okp-progress-store.h"

G_BEGIN_DECLS

/*
 * OkpChecklistPrinter: checklists on paper.
 *
 * The one renderer for printed checklists. It lays out one or more
 * checklists with the user's progress, notes and the support channels on
 * pages of a given size, then draws any page on any Cairo context: the
 * print operation of the window and the PDF export of the command line both
 * use it, so what is printed and what is exported never differ.
 *
 * All lengths are in points (1/72 inch), with the origin at the top left
 * corner of the paper; the renderer keeps its own margins.
 */

/* A4 and US Letter, in points. */
#define OKP_PAPER_A4_WIDTH      595.2756
#define OKP_PAPER_A4_HEIGHT     841.8898
#define OKP_PAPER_LETTER_WIDTH  612.0
#define OKP_PAPER_LETTER_HEIGHT 792.0

#define OKP_TYPE_CHECKLIST_PRINTER (okp_checklist_printer_get_type ())

G_DECLARE_FINAL_TYPE (OkpChecklistPrinter, okp_checklist_printer, OKP, CHECKLIST_PRINTER, GObject)

void                 okp_paper_size_for_mm               (int                  width_mm,
                                                          int                  height_mm,
                                                          double              *width,
                                                          double              *height);
void                 okp_paper_size_for_locale           (double              *width,
                                                          double              *height);

OkpChecklistPrinter *okp_checklist_printer_new           (OkpGuide            *guide,
                                                          OkpProgressStore    *store,
                                                          const OkpEndpoints  *endpoints,
                                                          const char * const  *checklist_ids);
void                 okp_checklist_printer_set_language  (OkpChecklistPrinter *self,
                                                          const char          *language);
void                 okp_checklist_printer_set_date      (OkpChecklistPrinter *self,
                                                          GDateTime           *date);

int                  okp_checklist_printer_paginate      (OkpChecklistPrinter *self,
                                                          cairo_t             *cr,
                                                          double               page_width,
                                                          double               page_height);
int                  okp_checklist_printer_get_n_pages   (OkpChecklistPrinter *self);
void                 okp_checklist_printer_draw_page     (OkpChecklistPrinter *self,
                                                          cairo_t             *cr,
                                                          int                  page);
gboolean             okp_checklist_printer_get_step_box  (OkpChecklistPrinter *self,
                                                          const char          *checklist_id,
                                                          const char          *step_id,
                                                          int                 *page,
                                                          double              *x,
                                                          double              *y,
                                                          double              *size);

gboolean             okp_checklist_export_pdf            (OkpChecklistPrinter *printer,
                                                          const char          *path,
                                                          double               paper_width,
                                                          double               paper_height,
                                                          GError             **error);
gboolean             okp_checklist_export_pdf_full       (OkpChecklistPrinter *printer,
                                                          const char          *path,
                                                          double               paper_width,
                                                          double               paper_height,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
gboolean             okp_checklist_export_pdf_to_fd      (OkpChecklistPrinter *printer,
                                                          int                  fd,
                                                          const char          *name,
                                                          double               paper_width,
                                                          double               paper_height,
                                                          GCancellable        *cancellable,
                                                          GError             **error);

G_END_DECLS
