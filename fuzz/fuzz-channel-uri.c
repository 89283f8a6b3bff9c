/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "okp-fuzz-channel-uri"

/*
 * Endpoint validation, the mailto:/tel:/https: builders and the endpoints
 * configuration file, on any text. The input is cut at NUL bytes into an
 * address, a subject, a body and a key file. What a builder returns has
 * its scheme and nothing a launcher could misread (spaces, control
 * characters, quotes, angle brackets); a mailto: URI parses back into the
 * recipient and body it was built from; a value the validator accepts is
 * one the builder takes.
 */

#include "config.h"

#include "fuzz-common.h"
#include "okp-channel-uri.h"
#include "okp-endpoints.h"

#include <string.h>

static void
check_uri (const char *uri,
           const char *scheme)
{
  okp_fuzz_check (g_str_has_prefix (uri, scheme));
  okp_fuzz_check (g_str_is_ascii (uri));
  for (const char *p = uri; *p != '\0'; p++)
    okp_fuzz_check ((guchar) *p > 0x20 && (guchar) *p < 0x7f && strchr ("\"<>\\^`{|}", *p) == NULL);
}

/* What the builder promises to give back: line breaks in the body, of
 * whatever kind, come back as "\n". */
static char *
normalize_body (const char *body)
{
  GString *out = g_string_new (NULL);

  for (const char *p = body; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n')
        continue;
      g_string_append_c (out, p[0] == '\r' ? '\n' : p[0]);
    }

  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(GStrv) parts = okp_fuzz_split (data, size, 4);
  const char *address = parts[0];
  const char *subject = parts[1];
  const char *body = parts[2];
  const char *keyfile = parts[3];
  gboolean valid;

  okp_fuzz_init ();

  /* The same text as each kind of endpoint. */
  valid = okp_endpoint_validate_email (address, NULL);
  if (g_utf8_validate (subject, -1, NULL) && g_utf8_validate (body, -1, NULL))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = okp_uri_build_mailto (address, subject, body, &error);

      if (valid)
        okp_fuzz_check (uri != NULL);
      if (uri != NULL)
        {
          g_autofree char *to = NULL;
          g_autofree char *parsed_subject = NULL;
          g_autofree char *parsed_body = NULL;
          g_autofree char *expected_body = normalize_body (body);

          check_uri (uri, "mailto:");
          okp_fuzz_check (okp_uri_parse_mailto (uri, &to, &parsed_subject, &parsed_body, NULL));
          okp_fuzz_check (strcmp (to, address) == 0);
          okp_fuzz_check (strcmp (parsed_body, expected_body) == 0);
          okp_fuzz_check (strpbrk (parsed_subject, "\r\n") == NULL);
        }
      else
        okp_fuzz_check (error != NULL && g_utf8_validate (error->message, -1, NULL));
    }

  valid = okp_endpoint_validate_phone (address, NULL);
  {
    g_autofree char *uri = okp_uri_build_tel (address, NULL);

    okp_fuzz_check ((uri != NULL) == valid);
    if (uri != NULL)
      check_uri (uri, "tel:");
  }

  valid = okp_endpoint_validate_https (address, NULL);
  {
    g_autofree char *uri = okp_uri_build_https (address, NULL);

    okp_fuzz_check ((uri != NULL) == valid);
    if (uri != NULL)
      check_uri (uri, "https://");
  }

  /* mailto: URIs from elsewhere (the parser is strict, not a crash). */
  {
    g_autofree char *to = NULL;
    g_autofree char *parsed_subject = NULL;
    g_autofree char *parsed_body = NULL;

    if (okp_uri_parse_mailto (address, &to, &parsed_subject, &parsed_body, NULL))
      okp_fuzz_check (to != NULL && parsed_subject != NULL && parsed_body != NULL);
  }

  /* The endpoints file, as configured at build time or edited by hand:
   * whatever it holds, what is kept is valid. */
  {
    g_autoptr(OkpEndpoints) endpoints = NULL;

    endpoints = okp_endpoints_new_from_keyfile_data (keyfile, strlen (keyfile), NULL);

    if (endpoints != NULL)
      {
        const char * const *keys = okp_endpoints_get_keys ();

        for (guint i = 0; keys[i] != NULL; i++)
          {
            const char *value = okp_endpoints_get (endpoints, keys[i]);

            if (value != NULL && *value != '\0')
              okp_fuzz_check (okp_endpoints_validate (keys[i], value, NULL));
          }

        for (int kind = OKP_CHANNEL_KIND_CHAT; kind <= OKP_CHANNEL_KIND_PHONE; kind++)
          g_free (okp_channel_destination (endpoints, kind));

        /* Setting what the user typed into Preferences. */
        for (guint i = 0; keys[i] != NULL; i++)
          if (g_utf8_validate (address, -1, NULL))
            {
              gboolean accepted = okp_endpoints_set (endpoints, keys[i], address, NULL);

              if (accepted && *address != '\0')
                {
                  const char *stored = okp_endpoints_get (endpoints, keys[i]);

                  okp_fuzz_check (okp_endpoints_validate (keys[i], stored, NULL));
                }
            }
      }
  }

  return 0;
}
