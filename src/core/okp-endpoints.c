/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-endpoints"

#include "config.h"

#include "okp-endpoints.h"

#include "okp-channel-uri.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

/* Hours are shown as given ("Mon–Fri 9:00–18:00 UTC+8"); the limit keeps a
 * mistyped value from flooding the contact dialog. */
#define HOURS_MAX_CHARS 200

typedef enum {
  KIND_EMAIL,
  KIND_PHONE,
  KIND_HTTPS,
  KIND_TEXT,
} ValueKind;

typedef struct {
  const char *key;
  gsize       offset;
  ValueKind   kind;
} KeyInfo;

static const KeyInfo key_infos[] = {
  { "email",        G_STRUCT_OFFSET (OkpEndpoints, email),        KIND_EMAIL },
  { "chat-url",     G_STRUCT_OFFSET (OkpEndpoints, chat_url),     KIND_HTTPS },
  { "chat-hours",   G_STRUCT_OFFSET (OkpEndpoints, chat_hours),   KIND_TEXT },
  { "phone",        G_STRUCT_OFFSET (OkpEndpoints, phone),        KIND_PHONE },
  { "phone-hours",  G_STRUCT_OFFSET (OkpEndpoints, phone_hours),  KIND_TEXT },
  { "facebook-url", G_STRUCT_OFFSET (OkpEndpoints, facebook_url), KIND_HTTPS },
  { "twitter-url",  G_STRUCT_OFFSET (OkpEndpoints, twitter_url),  KIND_HTTPS },
};

static const char * const keys[] = {
  "email", "chat-url", "chat-hours", "phone", "phone-hours", "facebook-url", "twitter-url", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (key_infos) + 1 == G_N_ELEMENTS (keys));

G_DEFINE_BOXED_TYPE (OkpEndpoints, okp_endpoints, okp_endpoints_copy, okp_endpoints_free)

static const KeyInfo *
lookup_key (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_infos); i++)
    {
      if (g_str_equal (key_infos[i].key, key))
        return &key_infos[i];
    }

  return NULL;
}

static char **
field (OkpEndpoints  *self,
       const KeyInfo *info)
{
  return G_STRUCT_MEMBER_P (self, info->offset);
}

static gboolean
validate_text (const char  *text,
               GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                           _("The text is not valid UTF-8."));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          g_set_error_literal (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                               _("The text must be one line without control characters."));
          return FALSE;
        }
    }

  if (g_utf8_strlen (text, -1) > HOURS_MAX_CHARS)
    {
      g_set_error (error, OKP_ENDPOINT_ERROR, OKP_ENDPOINT_ERROR_INVALID,
                   _("The text is longer than %d characters."),
                   HOURS_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

/* Validates @value for @info and returns the form to store: URLs in the
 * form GUri normalises them to, so that the destination shown to the user
 * is exactly the address that is opened. */
static char *
normalize_value (const KeyInfo  *info,
                 const char     *value,
                 GError        **error)
{
  switch (info->kind)
    {
    case KIND_EMAIL:
      return okp_endpoint_validate_email (value, error) ? g_strdup (value) : NULL;
    case KIND_PHONE:
      return okp_endpoint_validate_phone (value, error) ? g_strdup (value) : NULL;
    case KIND_HTTPS:
      return okp_uri_build_https (value, error);
    case KIND_TEXT:
      return validate_text (value, error) ? g_strdup (value) : NULL;
    default:
      g_assert_not_reached ();
    }
}

/**
 * okp_endpoints_new:
 *
 * Returns: (transfer full): an #OkpEndpoints with nothing configured
 */
OkpEndpoints *
okp_endpoints_new (void)
{
  return g_new0 (OkpEndpoints, 1);
}

/**
 * okp_endpoints_new_from_keyfile_data:
 * @data: the contents of an endpoints file
 * @len: length of @data in bytes
 * @error: return location for a #GKeyFileError
 *
 * Loads the [Endpoints] group of a key file. Empty and missing keys stay
 * unset. A value that fails validation is dropped with a warning that
 * names it and never used: a wrong build option must not send users to a
 * wrong or unsafe place. Unknown keys are ignored with a warning.
 *
 * Returns: (transfer full): the endpoints, or %NULL if @data is not a key
 *   file with an [Endpoints] group
 */
OkpEndpoints *
okp_endpoints_new_from_keyfile_data (const char  *data,
                                     gsize        len,
                                     GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(OkpEndpoints) self = NULL;
  g_auto(GStrv) file_keys = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_data (keyfile, data != NULL ? data : "", len, G_KEY_FILE_NONE, error))
    return NULL;

  file_keys = g_key_file_get_keys (keyfile, OKP_ENDPOINTS_GROUP, NULL, error);
  if (file_keys == NULL)
    return NULL;

  self = okp_endpoints_new ();

  for (gsize i = 0; file_keys[i] != NULL; i++)
    {
      const KeyInfo *info = lookup_key (file_keys[i]);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *value = NULL;
      g_autofree char *shown = NULL;

      if (info == NULL)
        {
          g_warning ("Ignoring unknown key “%s” in the endpoints defaults", file_keys[i]);
          continue;
        }

      value = g_key_file_get_string (keyfile, OKP_ENDPOINTS_GROUP, info->key, &local_error);
      /* GLib returns a value and sets an error at once for a value that
       * ends in a lone backslash: the value is not what was written. */
      if (local_error != NULL)
        g_clear_pointer (&value, g_free);
      if (value != NULL && *value == '\0')
        continue;

      if (value != NULL)
        {
          g_autofree char *normalized = normalize_value (info, value, &local_error);

          if (normalized != NULL)
            {
              g_free (*field (self, info));
              *field (self, info) = g_steal_pointer (&normalized);
              continue;
            }
        }

      /* Escaped, since a value refused for a line break or a control
       * character would otherwise garble the log. */
      shown = value != NULL ? g_strescape (value, NULL) : g_strdup ("");
      g_warning ("Ignoring invalid %s “%s” in the endpoints defaults: %s",
                 info->key, shown, local_error->message);
    }

  return g_steal_pointer (&self);
}

/**
 * okp_endpoints_new_from_resource:
 * @resource_path: path of the endpoints file in the registered resources
 * @error: return location for a #GError
 *
 * Like okp_endpoints_new_from_keyfile_data() for a file in a #GResource.
 *
 * Returns: (transfer full): the endpoints, or %NULL with @error set
 */
OkpEndpoints *
okp_endpoints_new_from_resource (const char  *resource_path,
                                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (resource_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &len);

  return okp_endpoints_new_from_keyfile_data (data, len, error);
}

/**
 * okp_endpoints_copy:
 * @self: an #OkpEndpoints
 *
 * Returns: (transfer full): a deep copy of @self
 */
OkpEndpoints *
okp_endpoints_copy (const OkpEndpoints *self)
{
  OkpEndpoints *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = okp_endpoints_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (key_infos); i++)
    *field (copy, &key_infos[i]) = g_strdup (*field ((OkpEndpoints *) self, &key_infos[i]));

  return copy;
}

/**
 * okp_endpoints_free:
 * @self: (nullable): an #OkpEndpoints
 */
void
okp_endpoints_free (OkpEndpoints *self)
{
  if (self == NULL)
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (key_infos); i++)
    g_free (*field (self, &key_infos[i]));

  g_free (self);
}

/**
 * okp_endpoints_get_keys:
 *
 * Returns: (transfer none): the %NULL-terminated list of endpoint keys, in
 *   the order a Preferences window shows them
 */
const char * const *
okp_endpoints_get_keys (void)
{
  return keys;
}

/**
 * okp_endpoints_validate:
 * @key: an endpoint key
 * @value: (nullable): a candidate value; %NULL or "" means "not set"
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Checks @value the way okp_endpoints_set() would, without storing it, so
 * that an entry can refuse a value as it is typed, with the reason.
 *
 * Returns: %TRUE if @value can be set for @key
 */
gboolean
okp_endpoints_validate (const char  *key,
                        const char  *value,
                        GError     **error)
{
  const KeyInfo *info;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = lookup_key (key);
  g_return_val_if_fail (info != NULL, FALSE);

  if (value == NULL || *value == '\0')
    return TRUE;

  normalized = normalize_value (info, value, error);

  return normalized != NULL;
}

/**
 * okp_endpoints_set:
 * @self: an #OkpEndpoints
 * @key: an endpoint key, one of okp_endpoints_get_keys()
 * @value: (nullable): the new value; %NULL or "" unsets the endpoint
 * @error: return location for an #OKP_ENDPOINT_ERROR
 *
 * Validates @value for @key and stores it; web addresses are stored in
 * their normalised form. On error the previous value is kept.
 *
 * Returns: %TRUE if @value was stored
 */
gboolean
okp_endpoints_set (OkpEndpoints  *self,
                   const char    *key,
                   const char    *value,
                   GError       **error)
{
  const KeyInfo *info;
  char *normalized = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = lookup_key (key);
  g_return_val_if_fail (info != NULL, FALSE);

  if (value != NULL && *value != '\0')
    {
      normalized = normalize_value (info, value, error);
      if (normalized == NULL)
        return FALSE;
    }

  g_free (*field (self, info));
  *field (self, info) = normalized;

  return TRUE;
}

/**
 * okp_endpoints_get:
 * @self: an #OkpEndpoints
 * @key: an endpoint key, one of okp_endpoints_get_keys()
 *
 * Returns: (nullable): the value for @key, or %NULL if it is not set
 */
const char *
okp_endpoints_get (const OkpEndpoints *self,
                   const char         *key)
{
  const KeyInfo *info;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  info = lookup_key (key);
  g_return_val_if_fail (info != NULL, NULL);

  return *field ((OkpEndpoints *) self, info);
}

/**
 * okp_channel_destination:
 * @self: an #OkpEndpoints
 * @kind: a channel kind
 *
 * Gives the destination to show the user before anything leaves the
 * application: the support address for email, the chat page's address
 * (exactly the one that is opened), the hotline number as written (it is
 * read out and dialled as shown), and for social media the configured
 * official pages, Facebook first, one per line.
 *
 * Returns: (transfer full) (nullable): the destination, or %NULL when the
 *   channel has no endpoint configured
 */
char *
okp_channel_destination (const OkpEndpoints *self,
                         OkpChannelKind      kind)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (kind)
    {
    case OKP_CHANNEL_KIND_EMAIL:
      return g_strdup (self->email);

    case OKP_CHANNEL_KIND_CHAT:
      return g_strdup (self->chat_url);

    case OKP_CHANNEL_KIND_PHONE:
      return g_strdup (self->phone);

    case OKP_CHANNEL_KIND_SOCIAL:
      {
        const char *pages[3] = { NULL, };
        guint n = 0;

        if (self->facebook_url != NULL)
          pages[n++] = self->facebook_url;
        if (self->twitter_url != NULL)
          pages[n++] = self->twitter_url;

        return n > 0 ? g_strjoinv ("\n", (char **) pages) : NULL;
      }

    default:
      g_return_val_if_reached (NULL);
    }
}
