/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Support channel endpoints: validation and URI building.
 *
 * Only three kinds of URI ever leave the application: mailto: (RFC 6068),
 * tel: (RFC 3966) and https:. Every endpoint is validated where it is
 * entered (build options, the defaults file, Preferences) and again by the
 * builders, so a value that slipped past one check is still never opened.
 * Errors are in OKP_ENDPOINT_ERROR and carry a translated reason that can
 * be shown to the user as is.
 */

#define OKP_ENDPOINT_ERROR (okp_endpoint_error_quark ())

typedef enum {
  OKP_ENDPOINT_ERROR_INVALID,
} OkpEndpointError;

GQuark    okp_endpoint_error_quark    (void);

gboolean  okp_endpoint_validate_email (const char  *address,
                                       GError     **error);
gboolean  okp_endpoint_validate_phone (const char  *number,
                                       GError     **error);
gboolean  okp_endpoint_validate_https (const char  *url,
                                       GError     **error);

char     *okp_uri_build_mailto        (const char  *to,
                                       const char  *subject,
                                       const char  *body,
                                       GError     **error);
/* The longest mailto: URI the application hands over. Mail clients and the
 * launchers between them cap or drop longer ones (one client was seen to
 * open an empty body for a 28 kB URI), so about 2,000 bytes is what all
 * of them take whole. */
#define OKP_MAILTO_SAFE_LENGTH 2000

char     *okp_uri_build_mailto_within (const char  *to,
                                       const char  *subject,
                                       const char  *body,
                                       gsize        max_length,
                                       const char  *continuation,
                                       gsize       *body_kept,
                                       GError     **error);
/* Where the part of a long case summary that the email's body does not
 * carry went. */
typedef enum {
  OKP_CASE_REST_NONE,        /* the body carries the whole summary */
  OKP_CASE_REST_CLIPBOARD,   /* the caller puts the summary on the clipboard */
  OKP_CASE_REST_ATTACHMENT,  /* the summary goes along as an attached file */
} OkpCaseRest;

/* The name of the attached file that carries a long summary. */
#define OKP_CASE_SUMMARY_FILENAME "case-summary.txt"

char     *okp_mail_case_body          (const char   *to,
                                       const char   *subject,
                                       const char   *summary,
                                       gboolean      can_attach,
                                       OkpCaseRest  *rest,
                                       char        **mailto_uri,
                                       GError      **error);
char     *okp_uri_build_tel           (const char  *number,
                                       GError     **error);
char     *okp_uri_build_https         (const char  *url,
                                       GError     **error);

gboolean  okp_uri_parse_mailto        (const char  *uri,
                                       char       **to,
                                       char       **subject,
                                       char       **body,
                                       GError     **error);

G_END_DECLS
