/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "okp-checklist-printer.h"

G_BEGIN_DECLS

/*
 * Sending a case by email with files attached, through the desktop's Email
 * portal (org.freedesktop.portal.Email), and the private folder the
 * attached files are written to.
 *
 * Without the portal the caller falls back to a mailto: URI, which cannot
 * carry files; okp_mail_case_body() in the core decides what the body
 * says either way. Sending a case goes:
 *
 * 1. okp_mail_portal_available_async(): is there a portal?
 * 2. okp_mail_case_body (to, subject, summary, portal, &rest, &uri):
 *    the body, and the mailto: URI for when there is no portal.
 * 3. With the portal: okp_mail_files_new(), then
 *    okp_mail_files_add_checklist_pdf() and, when @rest is
 *    %OKP_CASE_REST_ATTACHMENT, okp_mail_files_add_text() with
 *    %OKP_CASE_SUMMARY_FILENAME and the whole summary; show the files
 *    with the user's own, then okp_mail_compose_async() with all of them.
 *    Free the #OkpMailFiles when the window goes, not when the call ends.
 * 4. Without it: open the URI; when @rest is %OKP_CASE_REST_CLIPBOARD,
 *    put the whole summary on the clipboard and say so, and name the
 *    files to attach by hand.
 */

#define OKP_MAIL_ERROR (okp_mail_error_quark ())

typedef enum {
  OKP_MAIL_ERROR_NO_PORTAL,   /* the desktop has no Email portal */
  OKP_MAIL_ERROR_ATTACHMENT,  /* a file to attach could not be opened */
  OKP_MAIL_ERROR_DISMISSED,   /* the user closed the portal's dialog */
  OKP_MAIL_ERROR_FAILED,      /* the portal could not open a mail program */
} OkpMailError;

GQuark    okp_mail_error_quark            (void);

void      okp_mail_portal_available_async  (GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  okp_mail_portal_available_finish (GAsyncResult         *result,
                                            guint                *version,
                                            GError              **error);

void      okp_mail_compose_async           (const char           *parent_window,
                                            const char           *to,
                                            const char           *subject,
                                            const char           *body,
                                            GFile * const        *attachments,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean  okp_mail_compose_finish          (GAsyncResult         *result,
                                            GError              **error);

/* OkpMailFiles: a private folder for the files an email carries. */
typedef struct _OkpMailFiles OkpMailFiles;

OkpMailFiles *okp_mail_files_new           (GError              **error);
GFile        *okp_mail_files_get_folder    (OkpMailFiles         *self);
GFile        *okp_mail_files_add_text      (OkpMailFiles         *self,
                                            const char           *basename,
                                            const char           *text,
                                            GError              **error);
GFile        *okp_mail_files_add_checklist_pdf (OkpMailFiles        *self,
                                                OkpChecklistPrinter *printer,
                                                const char          *basename,
                                                GError             **error);
void          okp_mail_files_free          (OkpMailFiles         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkpMailFiles, okp_mail_files_free)

G_END_DECLS
