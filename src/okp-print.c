/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-print"

#include "config.h"

#include "okp-print.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

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

/* Saving as PDF */

typedef struct {
  GtkWindow           *parent;  /* weak */
  AdwToastOverlay     *toasts;  /* weak */
  OkpChecklistPrinter *printer;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_weak_pointer (&job->parent);
  g_clear_weak_pointer (&job->toasts);
  g_clear_object (&job->printer);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

/* The export replaces the file by renaming a new one over it, which would
 * put a document in the place of a device, a pipe, a folder or a symbolic
 * link (rather than its target): only a regular file, or no file, is
 * written. */
static gboolean
check_destination (const char  *path,
                   GError     **error)
{
  GStatBuf st;
  g_autofree char *display = g_filename_display_name (path);

  if (g_lstat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: the first %s is a file, the second the reason */
                   _("Cannot save to “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file, so it is left as it is. Choose another "
                     "name."), display);
      return FALSE;
    }

  return TRUE;
}

static gboolean
save_to_file (OkpChecklistPrinter  *printer,
              GFile                *file,
              GError              **error)
{
  g_autofree char *path = g_file_get_path (file);
  double width, height;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot save to “%s”: only files on this computer can be written. "
                     "Choose a folder on this computer."), uri);
      return FALSE;
    }

  if (!check_destination (path, error))
    return FALSE;

  /* The same pages, on the same paper, as `--export-checklist`. */
  okp_paper_size_for_locale (&width, &height);

  return okp_checklist_export_pdf (printer, path, width, height, error);
}

static void
pdf_file_chosen_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SaveJob) job = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = okp_compat_save_file_finish (result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        okp_compat_alert (job->parent != NULL ? GTK_WIDGET (job->parent) : NULL,
                          _("Saving Failed"), error->message);
      return;
    }

  if (!save_to_file (job->printer, file, &error))
    {
      okp_compat_alert (job->parent != NULL ? GTK_WIDGET (job->parent) : NULL,
                        _("Saving Failed"), error->message);
      return;
    }

  if (job->toasts != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (name);
      /* Translators: %s is the name of the PDF file just written */
      g_autofree char *title = g_strdup_printf (_("Saved as “%s”"), display);
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_timeout (toast, 6);
      adw_toast_overlay_add_toast (job->toasts, toast);
    }
}

/**
 * okp_print_save_pdf:
 * @parent: the window the file chooser belongs to
 * @toasts: (nullable): where to say that the file was saved
 * @guide: the guide
 * @store: the progress to print
 * @endpoints: the support channels' destinations, as the window uses them
 * @checklist_id: (nullable): the checklist to save, or %NULL for all
 *
 * Asks where to save, then writes the checklist (or all of them) there as
 * a PDF: the same document as `okpay-help --export-checklist`, written
 * whole or not at all, never in the place of something that is not a
 * regular file. Success is a toast in @toasts; a failure is an alert with
 * the reason.
 */
void
okp_print_save_pdf (GtkWindow          *parent,
                    AdwToastOverlay    *toasts,
                    OkpGuide           *guide,
                    OkpProgressStore   *store,
                    const OkpEndpoints *endpoints,
                    const char         *checklist_id)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const OkpChecklistDef *def = NULL;
  const char *ids[] = { checklist_id, NULL };
  g_autofree char *file_name = NULL;
  SaveJob *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts));
  g_return_if_fail (OKP_IS_GUIDE (guide));
  g_return_if_fail (OKP_IS_PROGRESS_STORE (store));
  g_return_if_fail (endpoints != NULL);

  if (checklist_id != NULL)
    {
      def = okp_guide_lookup_checklist (guide, checklist_id);
      g_return_if_fail (def != NULL);
    }

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");

  /* A title may not hold a slash, which no file name can. */
  file_name = g_strdup_printf ("%s.pdf", def != NULL ? def->title : _("OKPay Help checklists"));
  g_strdelimit (file_name, "/", '-');

  job = g_new0 (SaveJob, 1);
  g_set_weak_pointer (&job->parent, parent);
  if (toasts != NULL)
    g_set_weak_pointer (&job->toasts, toasts);
  job->printer = okp_checklist_printer_new (guide, store, endpoints,
                                            def != NULL ? ids : NULL);

  okp_compat_save_file_async (parent,
                              def != NULL ? _("Save Checklist as PDF")
                                          : _("Save All Checklists as PDF"),
                              file_name, filter, NULL, pdf_file_chosen_cb, job);
}
