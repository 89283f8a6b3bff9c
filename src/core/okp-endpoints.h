/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "okp-guide.h"

G_BEGIN_DECLS

/*
 * OkpEndpoints: where each support channel leads.
 *
 * A plain boxed struct. Every field is a string that has passed the
 * validation for its key, or NULL when that endpoint is not configured;
 * nothing is ever invented. Read the fields directly or with
 * okp_endpoints_get(), but change them only with okp_endpoints_set(), which
 * validates.
 *
 *   field          key            validated as
 *   email          email          okp_endpoint_validate_email()
 *   chat_url       chat-url       okp_endpoint_validate_https(), stored normalised
 *   chat_hours     chat-hours     one line of text, at most 200 characters
 *   phone          phone          okp_endpoint_validate_phone(), stored as written
 *   phone_hours    phone-hours    one line of text, at most 200 characters
 *   facebook_url   facebook-url   okp_endpoint_validate_https(), stored normalised
 *   twitter_url    twitter-url    okp_endpoint_validate_https(), stored normalised
 *
 * The keys are those of the [Endpoints] group of the defaults file
 * (resources/endpoints.ini, generated from the build options of the same
 * names) and are meant to be used for the Preferences settings too.
 */
typedef struct {
  char *email;
  char *chat_url;
  char *chat_hours;
  char *phone;
  char *phone_hours;
  char *facebook_url;
  char *twitter_url;
} OkpEndpoints;

#define OKP_ENDPOINTS_GROUP "Endpoints"

#define OKP_TYPE_ENDPOINTS (okp_endpoints_get_type ())

GType               okp_endpoints_get_type              (void) G_GNUC_CONST;

OkpEndpoints       *okp_endpoints_new                   (void);
OkpEndpoints       *okp_endpoints_new_from_keyfile_data (const char          *data,
                                                         gsize                len,
                                                         GError             **error);
OkpEndpoints       *okp_endpoints_new_from_resource     (const char          *resource_path,
                                                         GError             **error);
OkpEndpoints       *okp_endpoints_copy                  (const OkpEndpoints  *self);
void                okp_endpoints_free                  (OkpEndpoints        *self);

const char * const *okp_endpoints_get_keys              (void);
gboolean            okp_endpoints_validate              (const char          *key,
                                                         const char          *value,
                                                         GError             **error);

gboolean            okp_endpoints_set                   (OkpEndpoints        *self,
                                                         const char          *key,
                                                         const char          *value,
                                                         GError             **error);
const char         *okp_endpoints_get                   (const OkpEndpoints  *self,
                                                         const char          *key);

char               *okp_channel_destination             (const OkpEndpoints  *self,
                                                         OkpChannelKind       kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OkpEndpoints, okp_endpoints_free)

G_END_DECLS
