/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-print"

#include "config.h"

#include "okp-print.h"

#include <glib/gi18n.h>

#include "okp-compat.h"

/* What the user chose in the last print dialog, offered again the next
 * time, as other GNOME applications do. Only the main thread prints. */
static GtkPrintSettings *last_settings;

static void
remember_settings (GtkPrintSettings *settings)
{
  if (settings != NULL)
    g_set_object (&last_settings, gtk_print_settings_copy (settings));
}

static void
show_error (GtkWindow    *parent,
            const GError *error)
{
  /* The user gets the reason, as the print system gave it. */
  okp_compat_alert (GTK_WIDGET (parent), _("Printing Failed"), error->message);
}

static void
begin_print_cb (GtkPrintOperation   *operation,
                GtkPrintContext     *context,
                OkpChecklistPrinter *printer)
{
  int n_pages;

  /* The print context measures in points from the paper's corner (full
   * page, points), which is what the renderer lays out on. */
  n_pages = okp_checklist_printer_paginate (printer,
                                            gtk_print_context_get_cairo_context (context),
                                            gtk_print_context_get_width (context),
                                            gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page_cb (GtkPrintOperation   *operation,
              GtkPrintContext     *context,
              int                  page,
              OkpChecklistPrinter *printer)
{
  okp_checklist_printer_draw_page (printer, gtk_print_context_get_cairo_context (context), page);
}

/**
 * okp_print_operation_new:
 * @printer: the checklists to print
 * @job_name: the name of the print job, as the print queue shows it
 *
 * A print operation that draws @printer's pages: the whole paper is its
 * canvas, in points, as for the PDF export, so the printed page and the
 * exported one are the same.
 *
 * Returns: (transfer full): a new #GtkPrintOperation
 */
GtkPrintOperation *
okp_print_operation_new (OkpChecklistPrinter *printer,
                         const char          *job_name)
{
  GtkPrintOperation *operation;

  g_return_val_if_fail (OKP_IS_CHECKLIST_PRINTER (printer), NULL);
  g_return_val_if_fail (job_name != NULL, NULL);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);

  g_object_set_data_full (G_OBJECT (operation), "okp-printer",
                          g_object_ref (printer), g_object_unref);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), printer, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), printer, 0);

  return operation;
}

typedef struct {
  GtkWindow *parent;   /* weak */
  gboolean   done;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_weak_pointer (&job->parent);
  g_free (job);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         PrintJob                *job)
{
  job->done = TRUE;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    remember_settings (gtk_print_operation_get_print_settings (operation));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        show_error (job->parent, error);
    }
}

/**
 * okp_print_checklists:
 * @parent: the window the print dialog belongs to
 * @printer: the checklists to print
 * @job_name: the name of the print job
 *
 * Opens the print dialog, with its preview, and prints. Failures are
 * shown to the user with the reason.
 */
void
okp_print_checklists (GtkWindow           *parent,
                      OkpChecklistPrinter *printer,
                      const char          *job_name)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  PrintJob *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (OKP_IS_CHECKLIST_PRINTER (printer));

  operation = okp_print_operation_new (printer, job_name);
  job = g_new0 (PrintJob, 1);
  g_set_weak_pointer (&job->parent, parent);
  g_object_set_data_full (G_OBJECT (operation), "okp-print-job", job,
                          (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), job);

  /* Asynchronous: the window stays alive while the dialog is open. The
   * operation holds itself until it is done. */
  gtk_print_operation_set_allow_async (operation, TRUE);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);

  if (!job->done && result == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, error);
  else if (!job->done && result == GTK_PRINT_OPERATION_RESULT_APPLY)
    remember_settings (gtk_print_operation_get_print_settings (operation));
}

static void
web_failed_cb (WebKitPrintOperation *operation,
               const GError         *error,
               PrintJob             *job)
{
  show_error (job->parent, error);
}

/**
 * okp_print_web_view:
 * @parent: the window the print dialog belongs to
 * @web_view: the guide page to print
 *
 * Prints what @web_view shows, with the page's print style (which drops
 * the buttons and links that only make sense on screen).
 */
void
okp_print_web_view (GtkWindow     *parent,
                    WebKitWebView *web_view)
{
  g_autoptr(WebKitPrintOperation) operation = NULL;
  WebKitPrintOperationResponse response;
  PrintJob *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (WEBKIT_IS_WEB_VIEW (web_view));

  operation = webkit_print_operation_new (web_view);
  if (last_settings != NULL)
    webkit_print_operation_set_print_settings (operation, last_settings);

  job = g_new0 (PrintJob, 1);
  g_set_weak_pointer (&job->parent, parent);
  g_object_set_data_full (G_OBJECT (operation), "okp-print-job", job,
                          (GDestroyNotify) print_job_free);
  g_signal_connect (operation, "failed", G_CALLBACK (web_failed_cb), job);

  response = webkit_print_operation_run_dialog (operation, parent);
  /* Printing goes on after the dialog; WebKit holds the operation until
   * it has finished, and says "failed" before then if it fails. */
  if (response == WEBKIT_PRINT_OPERATION_RESPONSE_PRINT)
    remember_settings (webkit_print_operation_get_print_settings (operation));
}

