/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mailto-case-helper"

#include "config.h"

#include "okp-channel-uri.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

/*
 * Builds the mailto: URI for a case exactly as the application does when
 * there is no Email portal (okp_mail_case_body(), which keeps the URI
 * within OKP_MAILTO_SAFE_LENGTH), for journeys that hand it to a real mail
 * program.
 *
 * usage: mailto-case-helper TO SUBJECT SUMMARY-FILE
 * Prints one JSON object: {"uri", "body", "rest"}, rest being "none" or
 * "clipboard".
 */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *body = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *localedir = g_getenv ("OKP_LOCALEDIR");
  OkpCaseRest rest = OKP_CASE_REST_NONE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (argc != 4)
    {
      g_printerr ("usage: %s TO SUBJECT SUMMARY-FILE\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[3], &summary, NULL, &error)
      || !g_utf8_validate (summary, -1, NULL))
    {
      g_printerr ("%s: %s\n", argv[3], error != NULL ? error->message : "not UTF-8");
      return 1;
    }

  body = okp_mail_case_body (argv[1], argv[2], summary, FALSE, &rest, &uri, &error);
  if (body == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "rest");
  json_builder_add_string_value (builder, rest == OKP_CASE_REST_NONE ? "none" : "clipboard");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  puts (json);
  return 0;
}
